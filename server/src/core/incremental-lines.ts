// The line bookkeeping of an incremental document: lines split with their
// endings as the parser splits them, splices that stay linear for large edits,
// and binary searches over the sorted separator lines.

import type { Position } from './types';

/** A line's ending; the last line has none. */
export type Ending = '' | '\n' | '\r\n' | '\r';

export function comparePos(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Lines and their endings, split as `splitLines` does (LF, CRLF, lone CR). */
export function splitWithEnds(text: string): { lines: string[]; ends: Ending[] } {
  const lines: string[] = [];
  const ends: Ending[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      const cr = i > start && text.charCodeAt(i - 1) === 13;
      lines.push(text.slice(start, cr ? i - 1 : i));
      ends.push(cr ? '\r\n' : '\n');
      start = i + 1;
    } else if (c === 13 && (i + 1 >= n || text.charCodeAt(i + 1) !== 10)) {
      lines.push(text.slice(start, i));
      ends.push('\r');
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  ends.push('');
  return { lines, ends };
}

export function spliceInto<T>(target: T[], at: number, remove: number, items: readonly T[]): void {
  if (items.length < 10_000) target.splice(at, remove, ...items);
  else {
    const tail = target.slice(at + remove);
    target.length = at;
    for (const x of items) target.push(x);
    for (const x of tail) target.push(x);
  }
}

/** The first index whose value is ≥ x. */
export function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is > x. */
export function upperBound(sorted: readonly number[], x: number): number {
  return lowerBound(sorted, x + 1);
}
