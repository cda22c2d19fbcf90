// Moving a note's result to the note's lines: the engine gives a note's
// findings and summary with line numbers relative to the note's first line
// (`Engine.checkNote`), and the incremental document adds that line.

import type { NoteSummary } from './engine';
import type { Finding, Fix, Range, RelatedInformation } from './types';

/** A range `d` lines further down (the same range when d is 0). */
export function shiftRange(r: Range, d: number): Range {
  if (!d) return r;
  return { start: { line: r.start.line + d, character: r.start.character }, end: { line: r.end.line + d, character: r.end.character } };
}

/**
 * A copy of a finding `d` lines further down: its range, its fixes' edits and
 * its related places (every position a `Finding` holds, types.ts). Strings are
 * not touched: no message names a line number.
 */
export function shiftFinding(f: Finding, d: number): Finding {
  const moved: Finding = { rule: f.rule, severity: f.severity, range: shiftRange(f.range, d), message: f.message, fixes: f.fixes.map((x) => shiftFix(x, d)) };
  if (f.related) moved.related = f.related.map((r): RelatedInformation => ({ range: shiftRange(r.range, d), message: r.message }));
  return moved;
}

function shiftFix(fix: Fix, d: number): Fix {
  return { ...fix, edits: fix.edits.map((e) => ({ range: shiftRange(e.range, d), newText: e.newText })) };
}

/** A note's findings `d` lines further down: the same array when d is 0 or there are none. */
export function placeFindings(findings: Finding[], d: number): Finding[] {
  return d === 0 || !findings.length ? findings : findings.map((f) => shiftFinding(f, d));
}

/** A note's summary `d` lines further down. */
export function placeSummary(summary: NoteSummary, d: number): NoteSummary {
  return d === 0 ? summary : { ...summary, line: summary.line + d };
}
