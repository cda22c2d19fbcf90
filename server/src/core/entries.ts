// Splits code-list and SNOMED CT values into entries, each with its ranges and
// the range that removing it must delete (its separator included).

import type { Range } from './types';
import { lineRange, range } from './types';
import type { FieldLine } from './parse';
import { CODE_WORD } from './codes';

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
  /**
   * For an inline code that follows the previous one with only white space
   * between (`J12.8 Y13.2`): that white space, where the missing comma goes.
   */
  missingComma: Range | null;
}

/**
 * A comma splits inline code entries where what follows is not a title word:
 * nothing (a list being typed), a letter followed by a digit (`Y53.2`, `J 12.8`),
 * a lone letter (`Y` as a code is typed) or a digit (`12`, a mistyped code).
 * Before a word of two or more letters it is part of a title.
 */
const ENTRY_AHEAD = /^\s*(?:$|[A-Za-z]\s?\d|[A-Za-z](?![A-Za-z])|\d)/;

interface Piece {
  start: number;
  text: string;
}

function splitPieces(value: string, isBoundary: (value: string, comma: number, from: number) => boolean): Piece[] {
  const pieces: Piece[] = [];
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === ',' && isBoundary(value, i, from)) {
      pieces.push({ start: from, text: value.slice(from, i) });
      from = i + 1;
    }
  }
  pieces.push({ start: from, text: value.slice(from) });
  return pieces;
}

function codeBoundary(value: string, comma: number, from: number): boolean {
  // Right after a code, before any title, a comma always separates: a title never starts with one.
  if (CODE_WORD.test(value.slice(from, comma).trim())) return true;
  let i = comma + 1;
  while (i < value.length && (value[i] === ' ' || value[i] === '\t')) i++;
  return ENTRY_AHEAD.test(value.slice(i, i + 3));
}

/**
 * Splits a piece where a code is followed by white space and another code
 * (`J12.8 Y13.2 Y53.2`, as data extracts write lists): each code is its own
 * entry, and the white space before it is where the comma is missing.
 */
function splitMissingCommas(piece: Piece): (Piece & { gap: [number, number] | null })[] {
  const out: (Piece & { gap: [number, number] | null })[] = [];
  let rest = piece;
  let gap: [number, number] | null = null;
  for (;;) {
    const { code, titleStart } = splitCode(rest.text);
    const after = rest.text.slice(titleStart);
    const next = titleStart < rest.text.length ? splitCode(after).code : '';
    // A code, or a lone letter at the end (`J12.8 Y` as the next code is typed; `C18.7 T3` is a staging, not a code).
    const nextIsCode = CODE_WORD.test(next) || /^[A-Za-z]$/.test(after);
    if (!next || !CODE_WORD.test(code) || !nextIsCode || titleStart === code.length) {
      out.push({ ...rest, gap });
      return out;
    }
    out.push({ start: rest.start, text: code, gap });
    gap = [rest.start + code.length, rest.start + titleStart];
    rest = { start: rest.start + titleStart, text: rest.text.slice(titleStart) };
  }
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

/**
 * Splits an entry text into code and title. `J 12.8 Title` keeps `J 12.8` as
 * the code; a comma is never part of a code.
 */
function splitCode(text: string): { code: string; titleStart: number } {
  const m = /^([A-Za-z] \d[^\s,]*|[^\s,]+)/.exec(text);
  const code = m ? m[1] : text;
  let titleStart = code.length;
  while (titleStart < text.length && (/\s/.test(text[titleStart]) || (text[titleStart] === ',' && titleStart === code.length))) titleStart++;
  return { code, titleStart };
}

function makeEntry(
  text: string,
  line: number,
  startChar: number,
  inline: boolean,
  indent: string,
  removeRange: Range,
  missingComma: Range | null = null,
): Entry {
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
    missingComma,
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
      .filter((p) => p.text.length > 0)
      .flatMap((p) => (kind === 'codes' ? splitMissingCommas(p) : [{ ...p, gap: null }]));
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
      entries.push(makeEntry(p.text, field.line, p.start, true, '', remove, p.gap ? lineRange(field.line, p.gap[0], p.gap[1]) : null));
    });
  }
  for (const item of field.items) {
    const start = item.range.start.character;
    const isLast = item.line === lines.length - 1;
    const remove = isLast ? range(item.line - 1, lines[item.line - 1].length, item.line, lines[item.line].length) : range(item.line, 0, item.line + 1, 0);
    entries.push(makeEntry(item.text, item.line, start, false, item.indent, remove));
  }
  return entries;
}
