// Which fixes of one fix-all pass can be applied together.

import type { Fix, TextEdit } from './types';

/**
 * Picks fixes in order, skipping any whose edits overlap or touch the edits of
 * an earlier pick (two insertions at one place would race for the order).
 * Taken ranges are kept per line, sorted, so a long line of fixes stays linear.
 */
export function nonConflicting(fixes: readonly Fix[]): Fix[] {
  const byLine = new Map<number, [number, number][]>();
  const spans = (r: TextEdit['range']) => {
    const out: [number, number, number][] = [];
    for (let line = r.start.line; line <= r.end.line; line++) {
      out.push([line, line === r.start.line ? r.start.character : 0, line === r.end.line ? r.end.character : Infinity]);
    }
    return out;
  };
  const touches = (line: number, lo: number, hi: number) => {
    const list = byLine.get(line);
    if (!list) return false;
    // The last interval starting at or before `hi` is the only one that can reach back to `lo`,
    // because the taken intervals of a line are kept disjoint.
    let a = 0;
    let b = list.length - 1;
    let found = -1;
    while (a <= b) {
      const m = (a + b) >> 1;
      if (list[m][0] <= hi) {
        found = m;
        a = m + 1;
      } else b = m - 1;
    }
    return found >= 0 && list[found][1] >= lo;
  };
  const take = (line: number, lo: number, hi: number) => {
    const list = byLine.get(line) ?? [];
    let i = list.length;
    while (i > 0 && list[i - 1][0] > lo) i--;
    list.splice(i, 0, [lo, hi]);
    // Keep the intervals of a line disjoint: merge the new one with any it touches.
    let k = Math.max(0, i - 1);
    while (k + 1 < list.length) {
      if (list[k + 1][0] <= list[k][1]) {
        list[k] = [list[k][0], Math.max(list[k][1], list[k + 1][1])];
        list.splice(k + 1, 1);
      } else if (k < i) k++;
      else break;
    }
    byLine.set(line, list);
  };
  const out: Fix[] = [];
  for (const fix of fixes) {
    if (!fix.edits.length) continue;
    const parts = fix.edits.flatMap((e) => spans(e.range));
    if (parts.some(([line, lo, hi]) => touches(line, lo, hi))) continue;
    // Edits of one fix may touch each other (a removal next to an insertion): take them all.
    for (const [line, lo, hi] of parts) take(line, lo, hi);
    out.push(fix);
  }
  return out;
}
