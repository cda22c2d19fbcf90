import type { Position, TextEdit } from './types';
import { comparePositions } from './types';

/** A document split into lines, remembering how each line ended. */
export interface LineTable {
  lines: string[];
  /** Offset in the text of the first character of each line. */
  offsets: number[];
  /** Dominant line ending of the file, used for lines a fix adds. */
  eol: '\n' | '\r\n';
}

export function splitLines(text: string): LineTable {
  const lines: string[] = [];
  const offsets: number[] = [];
  let crlf = 0;
  let lf = 0;
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      const hasCr = i > start && text.charCodeAt(i - 1) === 13;
      if (hasCr) crlf++;
      else lf++;
      lines.push(text.slice(start, hasCr ? i - 1 : i));
      offsets.push(start);
      start = i + 1;
    } else if (c === 13 && (i + 1 >= n || text.charCodeAt(i + 1) !== 10)) {
      // A lone CR ends a line too (LSP counts it as a line break).
      lines.push(text.slice(start, i));
      offsets.push(start);
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  offsets.push(start);
  return { lines, offsets, eol: crlf > lf ? '\r\n' : '\n' };
}

/** How many lines `splitLines` finds in a text, and its dominant line ending, without making the lines. */
export function lineStats(text: string): { count: number; eol: '\n' | '\r\n' } {
  let count = 1;
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    count++;
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  // A lone CR ends a line too.
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) count++;
  return { count, eol: crlf > lf ? '\r\n' : '\n' };
}

/**
 * The ends of a text's lines, one line after the other, as `splitLines` cuts
 * them: `indexOf` finds each break, and the next carriage return is searched
 * for again only once a line has passed it (most texts have none, or one per line).
 */
export class LineCursor {
  private lf: number;
  private cr: number;

  constructor(private readonly text: string) {
    this.lf = text.indexOf('\n');
    this.cr = text.indexOf('\r');
  }

  /** Where the line that starts at `start` ends, before its line break; `start` never goes back. */
  endOf(start: number): number {
    if (this.lf >= 0 && this.lf < start) this.lf = this.text.indexOf('\n', start);
    if (this.cr >= 0 && this.cr < start) this.cr = this.text.indexOf('\r', start);
    const { lf, cr } = this;
    if (lf < 0) return cr < 0 ? this.text.length : cr;
    return cr >= 0 && cr < lf ? cr : lf;
  }
}

/** Where the line after the one that ends at `end` starts, or -1 when that was the last line. */
export function nextLine(text: string, end: number): number {
  if (end >= text.length) return -1;
  return text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}

export function offsetAt(table: LineTable, pos: Position): number {
  if (pos.line < 0) return 0;
  if (pos.line >= table.lines.length) {
    const last = table.lines.length - 1;
    return table.offsets[last] + table.lines[last].length;
  }
  return table.offsets[pos.line] + Math.max(0, Math.min(pos.character, table.lines[pos.line].length));
}

/**
 * Applies non-overlapping edits to a text. Edits are applied from the end so
 * earlier offsets stay valid; edits at the same position keep their given order.
 */
export function applyEdits(text: string, edits: readonly TextEdit[], table: LineTable = splitLines(text)): string {
  const indexed = edits.map((edit, index) => ({ edit, index }));
  indexed.sort((a, b) => comparePositions(a.edit.range.start, b.edit.range.start) || a.index - b.index);
  let out = '';
  let cursor = 0;
  for (const { edit } of indexed) {
    const start = offsetAt(table, edit.range.start);
    const end = offsetAt(table, edit.range.end);
    if (start < cursor) continue; // overlapping: callers keep edits apart, but never corrupt text
    out += text.slice(cursor, start) + edit.newText;
    cursor = Math.max(start, end);
  }
  return out + text.slice(cursor);
}

/** Case-insensitive, white space folded: how names, values and titles compare. */
export function fold(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}
