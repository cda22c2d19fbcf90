// Splits code-list and SNOMED CT values into entries, each with its ranges and
// the range that removing it must delete (its separator included).

import type { Range } from './types';
import { lineRange, range } from './types';
import type { FieldLine } from './parse';
import { CODE_WORD } from './codes';
import { isLetter, isSpace } from './chars';
import { itemColumn, nameEndColumn, valueColumn } from './field-node';

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

// The splitting below runs on every code field of every note, so it scans
// character codes and keeps columns as numbers: an entry's ranges are made
// only when something asks for them (most entries are never reported).

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const COMMA = 44;

function codeBoundary(value: string, comma: number, from: number): boolean {
  // Right after a code, before any title, a comma always separates: a title never starts with one.
  if (CODE_WORD.test(value.slice(from, comma).trim())) return true;
  let i = comma + 1;
  while (i < value.length && (value.charCodeAt(i) === 32 || value.charCodeAt(i) === 9)) i++;
  return ENTRY_AHEAD.test(value.slice(i, i + 3));
}

/**
 * Where the code that starts at `from` ends: `J 12.8` keeps its space (a letter,
 * a space, a digit, then anything but white space and commas), else a run of
 * anything but white space and commas; `end` when nothing there reads as a code
 * (the whole text is then its code). A comma is never part of a code.
 */
function codeEnd(text: string, from: number, end: number): number {
  let i = from;
  if (end - from >= 3 && isLetter(text.charCodeAt(from)) && text.charCodeAt(from + 1) === 32 && isDigit(text.charCodeAt(from + 2))) i = from + 3;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === COMMA || isSpace(c)) break;
    i++;
  }
  return i === from ? end : i;
}

/** Where the title after a code ends its code at `code` starts: past white space, and one comma right after the code. */
function titleStartAfter(text: string, code: number, end: number): number {
  let i = code;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || (c === COMMA && i === code)) i++;
    else break;
  }
  return i;
}

/** An entry: its text and code as strings, its columns as numbers, its ranges made on first use. */
class EntryNode implements Entry {
  readonly text: string;
  readonly line: number;
  readonly codeText: string;
  readonly title: string | null;
  readonly inline: boolean;
  readonly indent: string;
  /** Columns: the entry, the end of its code, the start of its title (`end` when none). */
  private readonly start: number;
  private readonly codeEndAt: number;
  private readonly titleAt: number;
  private readonly end: number;
  /** What removing it deletes: start line and column, end line and column. */
  removeStartLine = 0;
  removeStart = 0;
  removeEndLine = 0;
  removeEnd = 0;
  /** The missing comma's white space (inline codes written with only spaces between), or -1. */
  private readonly gapStart: number;
  private readonly gapEnd: number;
  private rangeMade: Range | undefined;
  private codeRangeMade: Range | undefined;
  private titleRangeMade: Range | null | undefined;
  private removeRangeMade: Range | undefined;
  private missingCommaMade: Range | null | undefined;

  constructor(text: string, line: number, start: number, inline: boolean, indent: string, gapStart = -1, gapEnd = -1) {
    const code = codeEnd(text, 0, text.length);
    const titleStart = titleStartAfter(text, code, text.length);
    this.text = text;
    this.line = line;
    this.codeText = code === text.length ? text : text.slice(0, code);
    this.title = titleStart < text.length ? text.slice(titleStart) : null;
    this.inline = inline;
    this.indent = indent;
    this.start = start;
    this.codeEndAt = start + code;
    this.titleAt = start + titleStart;
    this.end = start + text.length;
    this.gapStart = gapStart;
    this.gapEnd = gapEnd;
  }

  get range(): Range {
    return (this.rangeMade ??= lineRange(this.line, this.start, this.end));
  }

  get codeRange(): Range {
    return (this.codeRangeMade ??= lineRange(this.line, this.start, this.codeEndAt));
  }

  get titleRange(): Range | null {
    if (this.titleRangeMade === undefined) this.titleRangeMade = this.title ? lineRange(this.line, this.titleAt, this.end) : null;
    return this.titleRangeMade;
  }

  get removeRange(): Range {
    return (this.removeRangeMade ??= range(this.removeStartLine, this.removeStart, this.removeEndLine, this.removeEnd));
  }

  get missingComma(): Range | null {
    if (this.missingCommaMade === undefined) this.missingCommaMade = this.gapStart >= 0 ? lineRange(this.line, this.gapStart, this.gapEnd) : null;
    return this.missingCommaMade;
  }

  /** The column where the entry starts and ends. */
  get startColumn(): number {
    return this.start;
  }

  get endColumn(): number {
    return this.end;
  }
}

/**
 * Adds the inline entries of one piece of a code list: the piece itself, or,
 * where a code is followed by white space and another code (`J12.8 Y13.2 Y53.2`,
 * as data extracts write lists), each code as its own entry, with the white space
 * before it as the place of the missing comma.
 */
function addCodePiece(out: EntryNode[], text: string, line: number, start: number): void {
  let from = 0;
  let gapStart = -1;
  let gapEnd = -1;
  const n = text.length;
  for (;;) {
    const code = codeEnd(text, from, n);
    const titleStart = titleStartAfter(text, code, n);
    let split = false;
    if (titleStart < n && titleStart !== code) {
      const nextEnd = codeEnd(text, titleStart, n);
      const next = text.slice(titleStart, nextEnd);
      // A code, or a lone letter at the end (`J12.8 Y` as the next code is typed; `C18.7 T3` is a staging, not a code).
      const nextIsCode = CODE_WORD.test(next) || (n - titleStart === 1 && isLetter(text.charCodeAt(titleStart)));
      split = next !== '' && nextIsCode && CODE_WORD.test(text.slice(from, code));
    }
    if (!split) {
      out.push(new EntryNode(from ? text.slice(from) : text, line, start + from, true, '', gapStart, gapEnd));
      return;
    }
    out.push(new EntryNode(text.slice(from, code), line, start + from, true, '', gapStart, gapEnd));
    gapStart = start + code;
    gapEnd = start + titleStart;
    from = titleStart;
  }
}

/** The entries of a code-list (or SNOMED CT) field: inline ones, then item lines. */
export function fieldEntries(field: FieldLine, lines: readonly string[], kind: 'codes' | 'snomed'): Entry[] {
  const entries: EntryNode[] = [];
  const value = field.value;
  if (value) {
    const line = field.line;
    const valueStart = valueColumn(field);
    const n = value.length;
    let from = 0;
    // In a SNOMED CT list, a comma inside |term| bars belongs to the term.
    let inTerm = false;
    for (let i = 0; i <= n; i++) {
      const c = i < n ? value.charCodeAt(i) : -1;
      if (c === 124 /* | */) inTerm = !inTerm;
      if (c !== -1 && (c !== COMMA || (kind === 'codes' ? !codeBoundary(value, i, from) : inTerm))) continue;
      // A piece [from, i): trimmed, and left out when empty.
      let a = from;
      let b = i;
      while (a < b && isSpace(value.charCodeAt(a))) a++;
      while (b > a && isSpace(value.charCodeAt(b - 1))) b--;
      if (b > a) {
        const text = a === 0 && b === n ? value : value.slice(a, b);
        if (kind === 'codes') addCodePiece(entries, text, line, valueStart + a);
        else entries.push(new EntryNode(text, line, valueStart + a, true, ''));
      }
      from = i + 1;
    }
    const count = entries.length;
    for (let i = 0; i < count; i++) {
      const e = entries[i];
      e.removeStartLine = e.removeEndLine = line;
      e.removeEnd = e.endColumn;
      if (i > 0) e.removeStart = entries[i - 1].endColumn;
      else if (count > 1) {
        e.removeStart = e.startColumn;
        e.removeEnd = entries[1].startColumn;
      } else {
        // From just after the colon (a name read without its colon has none: from the end of the name).
        const nameEnd = nameEndColumn(field);
        const colon = lines[line].indexOf(':', nameEnd);
        e.removeStart = colon < 0 ? nameEnd : colon + 1;
      }
    }
  }
  for (const item of field.items) {
    const e = new EntryNode(item.text, item.line, itemColumn(item), false, item.indent);
    if (item.line === lines.length - 1) {
      e.removeStartLine = item.line - 1;
      e.removeStart = lines[item.line - 1].length;
      e.removeEndLine = item.line;
      e.removeEnd = lines[item.line].length;
    } else {
      e.removeStartLine = item.line;
      e.removeEndLine = item.line + 1;
    }
    entries.push(e);
  }
  return entries;
}
