// The line bookkeeping of an incremental document: lines split with their
// endings as the parser splits them, splices that stay linear for large edits,
// and binary searches over the sorted separator lines.

import { splitLines } from './text';

/** A line's ending; the last line has none. */
export type Ending = '' | '\n' | '\r\n' | '\r';

/** Positions in document order (the one comparison of types.ts). */
export { comparePositions as comparePos } from './types';

/** Lines and their endings, split by `splitLines` (LF, CRLF, lone CR): one splitter for the parser and the incremental document. */
export function splitWithEnds(text: string): { lines: string[]; ends: Ending[] } {
  const { lines, offsets } = splitLines(text);
  const ends: Ending[] = lines.map((line, i) => (i + 1 < lines.length ? (text.slice(offsets[i] + line.length, offsets[i + 1]) as Ending) : ''));
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
