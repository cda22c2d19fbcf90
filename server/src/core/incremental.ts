// Incremental checking: an edit re-checks only the notes it touched.
//
// The note is the unit of work. What `Engine.check` says about a note depends
// only on its own lines, whether a separator closes it (it is not the last
// note), for the first note the byte order mark, the file's dominant line
// ending, the settings and the engine; and `Engine.checkNote` gives it with
// every line number relative to the note's first line (messages name no line:
// a place they refer to is a finding's `related` range). So the document keeps
// its lines (updated edit by edit, never re-split whole), the separator lines,
// and per note the note's result, relative to the note when checked. Placing
// a result is adding the note's first line (the difference from where it was
// last placed); it is done when `check` is asked, and again only when the note
// has moved since, so an edit that adds a line costs the notes below it a
// shift each, never a check.
//
// A note an edit touched leaves its result under its key (its lines and the
// inputs above), so an edit that brings the same text back (an undo) finds it.
// Every step is linear in what changed, except moving the separators after a
// line break that was added or removed, which is linear in the number of notes.

import type { Engine, CheckSettings, CheckResult, NoteSummary } from './engine';
import type { Finding, Range } from './types';
import { comparePos, lowerBound, spliceInto, splitWithEnds, upperBound } from './incremental-lines';
import type { Ending } from './incremental-lines';
import { placeFindings, placeSummary } from './incremental-shift';
import { isSeparator } from './parse';

/** A change as LSP sends it, its positions already clamped to the text (see `TextDocument.positionAt`). */
export interface LineChange {
  range: Range;
  text: string;
}

/** A separator line, as the parser reads one. */
/** Results of notes no longer in the document, kept for an edit that brings the same text back. */
const RECENT_LIMIT = 256;

/**
 * A note's result, placed at line `at`: `Engine.checkNote` gives it at 0
 * (relative to the note), and placing it at the note's first line shifts it by
 * the difference. Only the placed copy is kept (a second, relative one would
 * hold every finding of every moved note twice).
 */
interface NoteResult {
  at: number;
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
  /** Per note (in order): its result, or null when it must be checked. */
  private results: (NoteResult | null)[] = [];
  private recent = new Map<string, NoteResult>();
  private engine: Engine | null = null;
  private settingsKey = '';
  private settings: CheckSettings = {};
  private eolKey: '\n' | '\r\n' = '\n';
  /** Bumped whenever the findings may differ from those last returned. */
  private revision = 0;
  private lastResult: { revision: number; result: CheckResult } | null = null;
  /** The revision whose results `place` last placed (-1: none). */
  private placed = -1;
  /** How many notes were checked (not taken from the cache) since the document was made: for tests and the benchmark. */
  checkedNotes = 0;
  /** What the checker threw on notes since the last `takeFailures` (each such note says it was not checked). */
  private failures: unknown[] = [];

  constructor(text: string) {
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
    for (let i = 0; i < lines.length; i++) if (this.separatorAt(i)) this.seps.push(i);
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

    // Which notes the change touches: those whose lines or separators are in [a, b] (a separator
    // changed may be one no longer, which joins two notes).
    const notesBefore = this.seps.length + 1;
    const i0 = this.firstNoteEndingAtOrAfter(a);
    const i1 = this.lastNoteStartingAtOrBefore(b);
    // The touched notes' results stay at hand under their keys, for an edit that brings a text back.
    for (let k = i0; k <= i1; k++) {
      const r = this.results[k];
      if (r) this.remember(this.keyOf(k), r);
    }

    for (let i = a; i <= b; i++) this.count(this.ends[i], -1);
    for (const e of split.ends) this.count(e, 1);
    spliceInto(this.lines, a, oldCount, split.lines);
    spliceInto(this.ends, a, oldCount, split.ends);

    // Separators: those before the region stay, those in it are found again, those after move.
    const s0 = lowerBound(this.seps, a);
    const s1 = lowerBound(this.seps, b + 1);
    const found: number[] = [];
    for (let i = a; i < a + newCount; i++) if (this.separatorAt(i)) found.push(i);
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
    this.place(engine, settings);
    if (this.lastResult && this.lastResult.revision === this.revision) return this.lastResult.result;
    const findings: Finding[] = [];
    const notes: NoteSummary[] = [];
    for (const r of this.results as NoteResult[]) {
      for (const f of r.findings) findings.push(f);
      notes.push(r.summary);
    }
    const result = { findings, notes };
    this.lastResult = { revision: this.revision, result };
    return result;
  }

  /**
   * Checks the notes that need it and places every note's result at the note's
   * lines, without joining them into one list: `findingsOf(k)` then gives note
   * k's findings, in document order, until the next change. A note's array is
   * the same object from one call to the next while its result stands where it
   * stood (the language server keeps each note's encoded diagnostics by it), so
   * an edit that re-checks one note leaves every other note's array as it was.
   */
  place(engine: Engine, settings: CheckSettings = {}): void {
    this.prepare(engine, settings);
    if (this.placed === this.revision) return;
    const count = this.seps.length + 1;
    for (let k = 0; k < count; k++) {
      const start = k === 0 ? 0 : this.seps[k - 1] + 1;
      const r = this.resultOf(k);
      if (r.at !== start) {
        r.findings = placeFindings(r.findings, start - r.at);
        r.summary = placeSummary(r.summary, start - r.at);
        r.at = start;
      }
    }
    this.placed = this.revision;
  }

  /** Note k's findings at its lines, as the last `place` or `check` left them (call one of them first). */
  findingsOf(k: number): readonly Finding[] {
    const r = this.results[k];
    if (!r || this.placed !== this.revision) throw new Error('IncrementalDocument.findingsOf: the notes are not placed (call place() after a change)');
    return r.findings;
  }

  /**
   * The lines from the opening separator of the note that holds `from` (line 0
   * for the first note) to the closing separator of the note that holds `to`
   * (the last line for the last note): what a feature that reads those notes
   * needs. A separator line goes with the note below it; lines are clamped.
   */
  notesSpan(from: number, to: number): { first: number; last: number } {
    const count = this.lines.length;
    const a = Math.max(0, Math.min(from, count - 1));
    const b = Math.max(a, Math.min(to, count - 1));
    const k0 = upperBound(this.seps, a);
    const k1 = upperBound(this.seps, b);
    return { first: k0 === 0 ? 0 : this.seps[k0 - 1], last: k1 < this.seps.length ? this.seps[k1] : count - 1 };
  }

  /** What the checker threw since the last call (for the caller's log; a note's text is never in it). */
  takeFailures(): unknown[] {
    const failures = this.failures;
    this.failures = [];
    return failures;
  }

  // ---- Internals -----------------------------------------------------------

  /** The engine, the settings and the dominant line ending are inputs of every note: a change of any drops every result. */
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

  /** The document's line ending, as `splitLines` reads it: CRLF where CRLF outnumbers LF, else LF. */
  eol(): '\n' | '\r\n' {
    return this.crlf > this.lf ? '\r\n' : '\n';
  }

  private count(ending: Ending, by: number): void {
    if (ending === '\r\n') this.crlf += by;
    else if (ending === '\n') this.lf += by;
  }

  private separatorAt(line: number): boolean {
    const text = this.lines[line];
    return isSeparator(line === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  }

  /** 1 when the document starts with a byte order mark. */
  private bom(): number {
    return this.lines[0].charCodeAt(0) === 0xfeff ? 1 : 0;
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
   * What note k's result depends on besides the engine, the settings and the
   * line ending (which drop every result): its lines, whether it is closed by
   * a separator, and for the first note the byte order mark (in its first line's
   * text, and flagged).
   */
  private keyOf(k: number): string {
    const { start, end } = this.bounds(k);
    const flags = (k === 0 ? (this.bom() ? 'B' : 'F') : 'f') + (k === this.seps.length ? 'L' : 'l');
    let key = flags;
    for (let i = start; i <= end; i++) key += '\n' + this.lines[i];
    return key;
  }

  private resultOf(k: number): NoteResult {
    let r = this.results[k];
    if (r) return r;
    const key = this.recent.size ? this.keyOf(k) : null;
    const kept = key !== null ? this.recent.get(key) : undefined;
    if (kept) {
      this.recent.delete(key!);
      r = kept;
    } else {
      this.checkedNotes++;
      const { start, end } = this.bounds(k);
      try {
        const { findings, summary } = this.engine!.checkNote({ lines: this.lines, start, end, bom: this.bom(), eol: this.eolKey }, this.settings);
        r = { at: 0, findings, summary };
      } catch (e) {
        // One note the checker fails on says so; the others are still checked.
        this.failures.push(e);
        r = { at: 0, findings: [notChecked()], summary: emptySummary() };
      }
    }
    this.results[k] = r;
    return r;
  }
}

/** The rule id of the finding on a note the checker failed on. */
export const NOT_CHECKED = 'not-checked/internal-error';

function notChecked(): Finding {
  return {
    rule: NOT_CHECKED,
    severity: 'error',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message:
      'This note could not be checked: the checker failed on it (the output log has the details). The other notes are checked; edit this one, or restart the server, to try again.',
    fixes: [],
  };
}

function emptySummary(): NoteSummary {
  return { line: 0, episode: null, guidance: [], approach: null, imageControl: null, opcs4: [], icd10: [] };
}
