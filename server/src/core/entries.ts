// Splits code-list and SNOMED CT values into entries, each with its ranges and
// the range that removing it must delete (its separator included).

import type { Range } from './types';
import { lineRange, range } from './types';
import type { FieldLine } from './parse';

export interface Entry {
  /** The entry text, trimmed. */
  text: string;
  range: Range;
  line: number;
  /** The code part as written (`J12.8`, `j128`, `J 12.8`). */
  codeText: string;
  codeRange: Range;
  /** The title as written, or null. */
  title: string | null;
  titleRange: Range | null;
  /** Inline entry (on the field line) or item line. */
  inline: boolean;
  /** Indentation of an item line ('' inline). */
  indent: string;
  /** What to delete to remove this entry and its separator. */
  removeRange: Range;
}

/** A comma splits inline code entries only where something code-shaped (or nothing) follows. */
const CODE_AHEAD = /^\s*[A-Za-z]\s?\d\d/;

interface Piece {
  start: number;
  text: string;
}

function splitPieces(value: string, isBoundary: (value: string, comma: number) => boolean): Piece[] {
  const pieces: Piece[] = [];
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === ',' && isBoundary(value, i)) {
      pieces.push({ start: from, text: value.slice(from, i) });
      from = i + 1;
    }
  }
  pieces.push({ start: from, text: value.slice(from) });
  return pieces;
}

function codeBoundary(value: string, comma: number): boolean {
  // A trailing comma (a list being typed) ends the last entry too.
  return CODE_AHEAD.test(value.slice(comma + 1, comma + 8)) || value.slice(comma + 1).trim() === '';
}

function snomedBoundaries(value: string): (v: string, comma: number) => boolean {
  // A comma inside |term| bars belongs to the term.
  const inTerm: boolean[] = [];
  let open = false;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '|') open = !open;
    inTerm.push(open);
  }
  return (_v, comma) => !inTerm[comma];
}

/** Splits an entry text into code and title. `J 12.8 Title` keeps `J 12.8` as the code. */
function splitCode(text: string): { code: string; titleStart: number } {
  const m = /^([A-Za-z] \d\S*|\S+)/.exec(text);
  const code = m ? m[1] : text;
  let titleStart = code.length;
  while (titleStart < text.length && /\s/.test(text[titleStart])) titleStart++;
  return { code, titleStart };
}

function makeEntry(text: string, line: number, startChar: number, inline: boolean, indent: string, removeRange: Range): Entry {
  const { code, titleStart } = splitCode(text);
  const title = titleStart < text.length ? text.slice(titleStart) : null;
  return {
    text,
    range: lineRange(line, startChar, startChar + text.length),
    line,
    codeText: code,
    codeRange: lineRange(line, startChar, startChar + code.length),
    title,
    titleRange: title ? lineRange(line, startChar + titleStart, startChar + text.length) : null,
    inline,
    indent,
    removeRange,
  };
}

/** The entries of a code-list (or SNOMED CT) field: inline ones, then item lines. */
export function fieldEntries(field: FieldLine, lines: readonly string[], kind: 'codes' | 'snomed'): Entry[] {
  const entries: Entry[] = [];
  if (field.value) {
    const valueStart = field.valueRange.start.character;
    const boundary = kind === 'codes' ? codeBoundary : snomedBoundaries(field.value);
    const pieces = splitPieces(field.value, boundary)
      .map((p) => {
        const lead = p.text.length - p.text.trimStart().length;
        return { start: valueStart + p.start + lead, text: p.text.trim() };
      })
      .filter((p) => p.text.length > 0);
    const afterColon = field.nameRange.end.character + lines[field.line].slice(field.nameRange.end.character).indexOf(':') + 1;
    pieces.forEach((p, i) => {
      let remove: Range;
      const end = p.start + p.text.length;
      if (i > 0) {
        const prev = pieces[i - 1];
        remove = lineRange(field.line, prev.start + prev.text.length, end);
      } else if (pieces.length > 1) {
        remove = lineRange(field.line, p.start, pieces[1].start);
      } else {
        remove = lineRange(field.line, afterColon, end);
      }
      entries.push(makeEntry(p.text, field.line, p.start, true, '', remove));
    });
  }
  for (const item of field.items) {
    const start = item.range.start.character;
    const isLast = item.line === lines.length - 1;
    const remove = isLast
      ? range(item.line - 1, lines[item.line - 1].length, item.line, lines[item.line].length)
      : range(item.line, 0, item.line + 1, 0);
    entries.push(makeEntry(item.text, item.line, start, false, item.indent, remove));
  }
  return entries;
}
