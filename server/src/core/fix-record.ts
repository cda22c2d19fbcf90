// The record of applied fixes (cli.md, `applied`): the lines each fix touched
// before and after, so a coding team can review every change a tool made to a
// note. The records of one pass chain: each shows its lines with the fixes
// before it in the pass already applied, so the list replays in order.

import type { Fix, FixKind } from './types';
import type { NoteSummary } from './engine';

/** One applied fix, with the lines it touched before and after. */
export interface AppliedFix {
  rule: string;
  kind: FixKind;
  title: string;
  /** 0-based first line the fix touched, in the text as it was just before the fix. */
  line: number;
  /** The Episode of the note the fix is in, or null. */
  episode: string | null;
  /** The touched lines before and after, joined with `\n` (an excerpt marked `…` where they are long). */
  before: string;
  after: string;
}

/** Touched lines longer than this are shown as an excerpt around the edits, so a record stays small. */
const FULL_RECORD = 1000;
/** Characters of context kept on each side of the edits in an excerpt. */
const CONTEXT = 80;

interface Span {
  from: number;
  to: number;
  text: string;
}

interface Placed {
  fix: Fix;
  rule: string;
  edits: Span[];
  from: number;
  to: number;
  first: number;
  last: number;
}

/**
 * The records of the fixes one pass applies together (they neither overlap nor
 * touch), in document order, for the text given as its lines.
 */
export function recordPass(fixes: readonly { fix: Fix; rule: string }[], lines: readonly string[], notes: readonly NoteSummary[]): AppliedFix[] {
  // Offsets of the lines joined with `\n` (line ends count as one character; records use `\n`).
  const starts = new Array<number>(lines.length);
  let size = 0;
  for (let l = 0; l < lines.length; l++) {
    starts[l] = size;
    size += lines[l].length + 1;
  }
  const clampLine = (l: number) => Math.max(0, Math.min(l, lines.length - 1));
  const offset = (line: number, character: number) => {
    const l = clampLine(line);
    return starts[l] + Math.max(0, Math.min(character, lines[l].length));
  };
  const lineEnd = (l: number) => starts[l] + lines[l].length;

  const placed: Placed[] = fixes
    .map(({ fix, rule }) => {
      const edits = fix.edits
        .map((e) => ({
          from: offset(e.range.start.line, e.range.start.character),
          to: offset(e.range.end.line, e.range.end.character),
          text: e.newText.replace(/\r\n?/g, '\n'),
        }))
        .sort((a, b) => a.from - b.from);
      const first = clampLine(Math.min(...fix.edits.map((e) => e.range.start.line)));
      const last = Math.max(first, clampLine(Math.max(...fix.edits.map((e) => e.range.end.line))));
      return { fix, rule, edits, from: edits.length ? edits[0].from : starts[first], to: Math.max(...edits.map((e) => e.to), starts[first]), first, last };
    })
    .sort((a, b) => a.from - b.from);

  const out: AppliedFix[] = [];
  let lineShift = 0;
  placed.forEach((p, k) => {
    let from = starts[p.first];
    let to = lineEnd(p.last);
    if (to - from > FULL_RECORD) {
      from = Math.max(from, p.from - CONTEXT);
      to = Math.min(to, p.to + CONTEXT);
    }
    // The edits of earlier fixes of this pass that fall in the window (they all lie before this fix).
    const earlier: Span[] = [];
    for (let j = k - 1; j >= 0 && placed[j].to >= from; j--) {
      for (const e of placed[j].edits) if (e.from >= from && e.to <= to) earlier.push(e);
    }
    const window = slice(lines, starts, from, to);
    const before = apply(window, from, earlier);
    const after = apply(window, from, [...earlier, ...p.edits]);
    const lead = from > starts[p.first] ? '…' : '';
    const tail = to < lineEnd(p.last) ? '…' : '';
    out.push({
      rule: p.rule,
      kind: p.fix.kind,
      title: p.fix.title,
      line: p.first + lineShift,
      episode: episodeAt(notes, p.first),
      before: lead + before + tail,
      after: lead + after + tail,
    });
    // Lines this fix added or took away move the lines of the fixes after it.
    for (const e of p.edits) lineShift += count(e.text, '\n') - countBetween(lines, starts, e.from, e.to);
  });
  return out;
}

/** Applies non-overlapping edits (global offsets) to a window that starts at `base`. */
function apply(window: string, base: number, edits: readonly Span[]): string {
  const sorted = [...edits].sort((a, b) => a.from - b.from);
  let out = '';
  let cursor = base;
  for (const e of sorted) {
    if (e.from < cursor) continue; // never overlapping within a pass; never corrupt the record
    out += window.slice(cursor - base, e.from - base) + e.text;
    cursor = Math.max(e.from, e.to);
  }
  return out + window.slice(cursor - base);
}

/** The characters `from`..`to` of the lines joined with `\n`. */
function slice(lines: readonly string[], starts: readonly number[], from: number, to: number): string {
  let out = '';
  for (let l = lineAt(starts, from); l < lines.length && starts[l] <= to; l++) {
    const s = starts[l];
    out += lines[l].slice(Math.max(0, from - s), Math.max(0, Math.min(lines[l].length, to - s)));
    if (s + lines[l].length < to && l < lines.length - 1) out += '\n';
  }
  return out;
}

/** The line an offset falls on. */
function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** Line ends between two offsets. */
function countBetween(lines: readonly string[], starts: readonly number[], from: number, to: number): number {
  return to > from ? lineAt(starts, to) - lineAt(starts, from) : 0;
}

/** The Episode of the last note that starts at or before the line (notes are in order). */
function episodeAt(notes: readonly NoteSummary[], line: number): string | null {
  let lo = 0;
  let hi = notes.length - 1;
  let episode: string | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (notes[mid].line <= line) {
      episode = notes[mid].episode;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return episode;
}
