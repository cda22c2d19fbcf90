// Incremental checking: an edit re-checks only the notes it touched.
//
// Notes are independent: what `Engine.check` says about a note depends on its
// own lines, the separator lines around it, whether it is the first or the
// last note, the file's dominant line ending, the settings and the engine. So
// the document keeps its lines (updated edit by edit, never re-split whole),
// the separator lines, and per note the result of checking that note alone,
// cached under a key made of exactly those inputs. A note is checked alone by
// running the engine on a small text that holds the note between its own
// separator lines; the result is moved to the note's real lines.
//
// Moving a result is exact for ranges. Messages may name lines too ("already
// given on line 12"): a note whose strings hold a number that could be one of
// its line numbers is checked at two neighbouring places, and the numbers
// that move with the note are moved with it (or, when the two results differ
// in any other way, it is checked at its real place).
//
// Every step is linear in what changed, except moving the notes after a line
// break that was added or removed, which is linear in the number of notes.

import type { Engine, CheckSettings, CheckResult, NoteSummary } from './engine';
import type { Finding, Range } from './types';
import { comparePos, lowerBound, spliceInto, splitWithEnds, upperBound } from './incremental-lines';
import type { Ending } from './incremental-lines';
import { interpolate, mentionsLineBetween, shiftPositions } from './incremental-move';

export { shiftPositions } from './incremental-move';

/** A change as LSP sends it, its positions already clamped to the text (see `TextDocument.positionAt`). */
export interface LineChange {
  range: Range;
  text: string;
}

/** A separator line, as the parser reads one. */
const SEPARATOR = /^-{3,}\s*$/;
/** How many blank lines a note checked alone is put below: checks of notes nearer the top are exact. */
const CANONICAL_LINE = 64;
/** Results of notes no longer in the document, kept for an edit that brings the same text back. */
const RECENT_LIMIT = 256;

interface NoteResult {
  /** The line the findings' ranges are expressed for (the note's first line). */
  base: number;
  findings: Finding[];
  summary: NoteSummary;
  /**
   * How the result follows the note when it moves: by shifting its ranges; by
   * also moving the line numbers in its strings, from the results at two
   * neighbouring lines (`origin` and `origin + 1`); or by checking it again.
   */
  moves: 'shift' | { kind: 'interpolate'; origin: number; at: Checked; next: Checked } | 'recheck';
}

interface Checked {
  findings: Finding[];
  summary: NoteSummary;
}

export class IncrementalDocument {
  private lines: string[] = [];
  private ends: Ending[] = [];
  private crlf = 0;
  private lf = 0;
  /** Separator lines, ascending. */
  private seps: number[] = [];
  /** Per note (in order): its cached result, or null when it must be checked. */
  private results: (NoteResult | null)[] = [];
  private recent = new Map<string, NoteResult>();
  private engine: Engine | null = null;
  private settingsKey = '';
  private settings: CheckSettings = {};
  private eolKey: '\n' | '\r\n' = '\n';
  /** Bumped whenever the findings may differ from those last returned. */
  private revision = 0;
  private lastResult: { revision: number; result: CheckResult } | null = null;
  /** How many notes were checked (not taken from the cache) since the document was made: for tests and the benchmark. */
  checkedNotes = 0;

  /**
   * `canonicalLine`: how many blank lines a note is put below when checked
   * alone; notes nearer the top are checked at their real lines. Tests set it
   * low, so that small documents exercise the moving of results.
   */
  constructor(
    text: string,
    private readonly canonicalLine = CANONICAL_LINE,
  ) {
    this.reset(text);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  get noteCount(): number {
    return this.seps.length + 1;
  }

  /** Line i's text, without its ending (for a document backed by these lines; see lsp/line-document.ts). */
  lineAt(i: number): string {
    return this.lines[i];
  }

  /** Line i's ending: `\n`, `\r\n`, `\r`, or '' for the last line. */
  endingAt(i: number): Ending {
    return this.ends[i];
  }

  /** The whole text, as the lines and their endings spell it. */
  text(): string {
    let out = '';
    for (let i = 0; i < this.lines.length; i++) out += this.lines[i] + this.ends[i];
    return out;
  }

  /** Replaces the whole text. */
  reset(text: string): void {
    const { lines, ends } = splitWithEnds(text);
    this.lines = lines;
    this.ends = ends;
    this.crlf = 0;
    this.lf = 0;
    for (const e of ends) this.count(e, 1);
    this.seps = [];
    for (let i = 0; i < lines.length; i++) if (this.isSeparator(i)) this.seps.push(i);
    this.results = new Array<NoteResult | null>(this.seps.length + 1).fill(null);
    this.revision++;
  }

  /**
   * Applies one change. Its positions must be inside the text (line < lineCount,
   * character ≤ the line's length), as `TextDocument.positionAt` gives them.
   */
  apply(change: LineChange): void {
    let { start, end } = change.range;
    if (comparePos(start, end) > 0) [start, end] = [end, start];
    let a = start.line;
    const b = end.line;
    let region = this.lines[a].slice(0, start.character) + change.text + this.lines[b].slice(end.character) + this.ends[b];
    // A lone CR before the region and an LF at its start are one line break.
    if (a > 0 && this.ends[a - 1] === '\r' && region.charCodeAt(0) === 10) {
      a--;
      region = this.lines[a] + '\r' + region;
    }
    const split = splitWithEnds(region);
    if (this.ends[b] !== '') {
      // The region ends with a line break: the empty piece after it is the next line's start, not a line.
      split.lines.pop();
      split.ends.pop();
    }
    const oldCount = b - a + 1;
    const newCount = split.lines.length;
    const delta = newCount - oldCount;

    // Which notes the change touches: those whose lines or separators are in [a, b].
    const notesBefore = this.seps.length + 1;
    const i0 = this.firstNoteEndingAtOrAfter(a);
    const i1 = this.lastNoteStartingAtOrBefore(b);
    // The touched notes' results stay at hand under their keys, for an edit that brings a text back.
    for (let k = i0; k <= i1; k++) {
      const r = this.results[k];
      if (r) {
        const { start, end } = this.bounds(k);
        this.remember(this.keyOf(k, start, end), r);
      }
    }

    for (let i = a; i <= b; i++) this.count(this.ends[i], -1);
    for (const e of split.ends) this.count(e, 1);
    spliceInto(this.lines, a, oldCount, split.lines);
    spliceInto(this.ends, a, oldCount, split.ends);

    // Separators: those before the region stay, those in it are found again, those after move.
    const s0 = lowerBound(this.seps, a);
    const s1 = lowerBound(this.seps, b + 1);
    const found: number[] = [];
    for (let i = a; i < a + newCount; i++) if (this.isSeparator(i)) found.push(i);
    const tail = this.seps.slice(s1);
    for (let i = 0; i < tail.length; i++) tail[i] += delta;
    this.seps.length = s0;
    for (const s of found) this.seps.push(s);
    for (const s of tail) this.seps.push(s);
    const notesAfter = this.seps.length + 1;
    const keptAfter = notesBefore - 1 - i1;
    const touched = notesAfter - i0 - keptAfter;
    this.results.splice(i0, i1 - i0 + 1, ...new Array<null>(Math.max(0, touched)).fill(null));
    if (this.results.length !== notesAfter) this.results = new Array<NoteResult | null>(notesAfter).fill(null); // cannot happen; stay correct if it does
    this.revision++;
  }

  /** The findings and note summaries, equal to `engine.check(text, settings)`. */
  check(engine: Engine, settings: CheckSettings = {}): CheckResult {
    this.prepare(engine, settings);
    if (this.lastResult && this.lastResult.revision === this.revision) return this.lastResult.result;
    const findings: Finding[] = [];
    const notes: NoteSummary[] = [];
    const count = this.seps.length + 1;
    for (let k = 0; k < count; k++) {
      const r = this.resultOf(k);
      for (const f of r.findings) findings.push(f);
      notes.push(r.summary);
    }
    const result = { findings, notes };
    this.lastResult = { revision: this.revision, result };
    return result;
  }

  /**
   * A text that holds, at their real lines, the note that contains `line` and
   * its separators, with blank lines above: what completion and hover need,
   * at a cost that does not grow with the notes. Its line numbers are the
   * document's; its lines below the note are not.
   */
  noteText(line: number): string | null {
    if (line < 0 || line >= this.lines.length) return null;
    // A separator line goes with the note below it.
    const k = upperBound(this.seps, line);
    const { start, end } = this.bounds(k);
    return this.miniText(k, start, end, k === 0 ? 0 : start - 1);
  }

  // ---- Internals -----------------------------------------------------------

  private prepare(engine: Engine, settings: CheckSettings): void {
    const settingsKey = JSON.stringify(settings);
    const eol = this.eol();
    if (engine !== this.engine || settingsKey !== this.settingsKey || eol !== this.eolKey) {
      this.engine = engine;
      this.settingsKey = settingsKey;
      this.settings = settings;
      this.eolKey = eol;
      this.results.fill(null);
      this.recent.clear();
      this.revision++;
    }
  }

  private eol(): '\n' | '\r\n' {
    return this.crlf > this.lf ? '\r\n' : '\n';
  }

  private count(ending: Ending, by: number): void {
    if (ending === '\r\n') this.crlf += by;
    else if (ending === '\n') this.lf += by;
  }

  private isSeparator(line: number): boolean {
    const text = this.lines[line];
    if (text.charCodeAt(0) === 45 /* - */) return SEPARATOR.test(text);
    return line === 0 && text.charCodeAt(0) === 0xfeff && SEPARATOR.test(text.slice(1));
  }

  /** Note k's first and last lines (last < first for a note with no lines). */
  private bounds(k: number): { start: number; end: number } {
    const start = k === 0 ? 0 : this.seps[k - 1] + 1;
    const end = k < this.seps.length ? this.seps[k] - 1 : this.lines.length - 1;
    return { start, end };
  }

  /** The first note whose lines or closing separator reach line `a`. */
  private firstNoteEndingAtOrAfter(a: number): number {
    // Note k ends at seps[k] (its closing separator) or at the last line.
    return lowerBound(this.seps, a);
  }

  /** The last note whose opening separator or lines start at or before line `b`. */
  private lastNoteStartingAtOrBefore(b: number): number {
    // Note k (k ≥ 1) starts at seps[k - 1]; note 0 at line 0.
    return upperBound(this.seps, b);
  }

  private remember(key: string, r: NoteResult): void {
    this.recent.delete(key);
    this.recent.set(key, r);
    if (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value as string);
  }

  /**
   * The text that note k is checked in: `above` blank lines (or, for the first
   * note, nothing), its opening separator, its lines, its closing separator.
   */
  private miniText(k: number, start: number, end: number, above: number): string {
    const eol = this.eol();
    const parts: string[] = [];
    if (k > 0) {
      parts.push(eol.repeat(above) + this.lines[start - 1]);
    }
    for (let i = start; i <= end; i++) parts.push(this.lines[i]);
    if (k < this.seps.length) parts.push(this.lines[end + 1]);
    return parts.join(eol);
  }

  private keyOf(k: number, start: number, end: number): string {
    // What the result depends on besides engine, settings and line ending (which clear the cache).
    const first = k === 0 ? 'F' : 'f';
    const last = k === this.seps.length ? 'L' : 'l';
    return first + last + '\n' + this.miniText(k, start, end, 0);
  }

  private resultOf(k: number): NoteResult {
    const { start, end } = this.bounds(k);
    let r = this.results[k];
    if (!r) {
      const key = this.recent.size ? this.keyOf(k, start, end) : null;
      r = (key !== null && this.recent.get(key)) || this.compute(k, start, end);
      if (key !== null) this.recent.delete(key);
      this.results[k] = r;
    }
    if (r.base !== start) {
      r = this.move(r, k, start, end);
      this.results[k] = r;
    }
    return r;
  }

  /** Checks note k alone. */
  private compute(k: number, start: number, end: number): NoteResult {
    const exact = k === 0 || start - 1 <= this.canonicalLine;
    const above = k === 0 ? 0 : exact ? start - 1 : this.canonicalLine;
    const at = k === 0 ? 0 : above + 1;
    const first = this.checkAlone(k, start, end, above);
    // The first note never moves: it starts at line 0.
    if (k === 0) return { base: at, ...first, moves: 'shift' };
    const lineCount = end - start + 3; // the note's lines and both separators
    if (!mentionsLineBetween(first, at, at + lineCount)) return { base: at, ...first, moves: 'shift' };
    const next = this.checkAlone(k, start, end, above + 1);
    return { base: at, ...first, moves: { kind: 'interpolate', origin: at, at: first, next } };
  }

  private checkAlone(k: number, start: number, end: number, above: number): Checked {
    this.checkedNotes++;
    const result = this.engine!.check(this.miniText(k, start, end, above), this.settings);
    // The blank lines above and the separators make notes of their own, with no findings.
    return { findings: result.findings, summary: result.notes[k === 0 ? 0 : 1] };
  }

  /** The result of note k, computed for another line, moved to `start`. */
  private move(r: NoteResult, k: number, start: number, end: number): NoteResult {
    const d = start - r.base;
    if (r.moves === 'shift') {
      return { ...r, base: start, findings: r.findings.map((f) => shiftPositions(f, d)), summary: { ...r.summary, line: r.summary.line + d } };
    }
    if (r.moves !== 'recheck') {
      const moved = interpolate(r.moves.at, r.moves.next, start - r.moves.origin);
      if (moved) return { ...r, base: start, findings: moved.findings, summary: moved.summary };
    }
    // Checked at its real place: exact, and moved by rechecking.
    const exact = this.checkAlone(k, start, end, start - 1);
    return { base: start, ...exact, moves: 'recheck' };
  }
}
