// The record of an applied fix (cli.md, `applied`): the lines it touched before
// and after, so a coding team can review every change a tool made to a note.

import type { Fix, FixKind } from './types';
import type { NoteSummary } from './engine';

/** One applied fix, with the lines it touched before and after (in the text of its pass). */
export interface AppliedFix {
  rule: string;
  kind: FixKind;
  title: string;
  /** 0-based first line the fix touched, in the text as it was before the fix's pass. */
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

export function recordFix(fix: Fix, rule: string, lines: readonly string[], notes: readonly NoteSummary[]): AppliedFix {
  let first = Infinity;
  let last = -1;
  for (const e of fix.edits) {
    first = Math.min(first, e.range.start.line);
    last = Math.max(last, e.range.end.line);
  }
  first = Math.max(0, Math.min(first, lines.length - 1));
  last = Math.max(first, Math.min(last, lines.length - 1));

  // Offsets in the touched lines joined with `\n`, without building them when they are long.
  const starts: number[] = [];
  let size = 0;
  for (let l = first; l <= last; l++) {
    starts.push(size);
    size += lines[l].length + 1;
  }
  size -= 1;
  const offset = (line: number, character: number) => {
    const l = Math.max(first, Math.min(line, last));
    return starts[l - first] + Math.max(0, Math.min(character, lines[l].length));
  };
  const edits = fix.edits
    .map((e) => ({ from: offset(e.range.start.line, e.range.start.character), to: offset(e.range.end.line, e.range.end.character), text: e.newText.replace(/\r\n?/g, '\n') }))
    .sort((a, b) => a.from - b.from);

  let from = 0;
  let to = size;
  if (size > FULL_RECORD && edits.length) {
    from = Math.max(0, edits[0].from - CONTEXT);
    to = Math.min(size, Math.max(...edits.map((e) => e.to)) + CONTEXT);
  }
  const window = slice(lines, first, last, starts, from, to);
  let after = '';
  let cursor = from;
  for (const e of edits) {
    if (e.from < cursor) continue; // overlapping edits never come from one fix; never corrupt the record
    after += window.slice(cursor - from, e.from - from) + e.text;
    cursor = Math.max(e.from, e.to);
  }
  after += window.slice(cursor - from);
  const lead = from > 0 ? '…' : '';
  const tail = to < size ? '…' : '';
  return { rule, kind: fix.kind, title: fix.title, line: first, episode: episodeAt(notes, first), before: lead + window + tail, after: lead + after + tail };
}

/** The characters `from`..`to` of lines `first`..`last` joined with `\n`. */
function slice(lines: readonly string[], first: number, last: number, starts: readonly number[], from: number, to: number): string {
  let out = '';
  for (let l = first; l <= last; l++) {
    const s = starts[l - first];
    const e = s + lines[l].length;
    if (e < from || s > to) continue;
    out += lines[l].slice(Math.max(0, from - s), Math.min(lines[l].length, to - s));
    if (l < last && e < to) out += '\n';
  }
  return out;
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
