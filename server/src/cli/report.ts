// The report: what each file gave, in the JSON shape of the CLI contract, and
// the same data as text lines for people.

import type { Finding, FixKind, Range, Severity } from '../core/types';
import { FIX_KINDS, messageWithPlaces } from '../core/types';
import type { AppliedFix, NoteSummary, SuppressedFinding } from '../core/engine';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export interface FileResult {
  /** Absolute path. */
  path: string;
  /** As the report names it. */
  display: string;
  notes: NoteSummary[];
  findings: Finding[];
  /** Findings a suppression comment switched off (none with --no-inline-config). */
  suppressed: SuppressedFinding[];
  /** Fixes were written to this file (with `--fix-dry-run`, would be). */
  fixed: boolean;
  /** With `--fix` or `--fix-dry-run`, the fixes applied (or that would be), in order; else null. */
  applied: AppliedFix[] | null;
}

/** What the run did with fixes: nothing, wrote them, or only worked them out. */
export type FixMode = 'check' | 'fix' | 'dry-run';

/** A note in the JSON report: the engine's summary, as cli.md specifies it. */
export type JsonNote = NoteSummary;

export interface JsonDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fixes: { title: string; preferred: boolean; kind: FixKind }[];
  /** Other places in the file the message refers to ("first given here"); absent when there are none. */
  related?: { message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}

/** One fix applied (or that would be), as the record a coding team keeps. */
export interface JsonApplied {
  rule: string;
  kind: FixKind;
  /** 1-based first line the fix touched (as the text output counts), in the text as it was before the fix. */
  line: number;
  episode: string | null;
  title: string;
  before: string;
  after: string;
}

/** A finding a suppression comment switched off: the diagnostic, and the comment's line (1-based) and reason. */
export interface JsonSuppressed extends JsonDiagnostic {
  suppressed: { line: number; reason: string | null };
}

export interface JsonFile {
  path: string;
  notes: JsonNote[];
  diagnostics: JsonDiagnostic[];
  /** Only where a suppression comment switched a finding off. */
  suppressed?: JsonSuppressed[];
  /** Only with `--fix` or `--fix-dry-run`. */
  applied?: JsonApplied[];
}

export interface JsonReport {
  version: 1;
  files: JsonFile[];
  summary: { files: number; notes: number } & Record<Severity, number>;
}

export type Summary = JsonReport['summary'];

export function summarize(results: readonly FileResult[]): Summary {
  const summary: Summary = { files: results.length, notes: 0, error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of results) {
    summary.notes += r.notes.length;
    for (const f of r.findings) summary[f.severity]++;
  }
  return summary;
}

/** Exactly the contract's keys, whatever else the core's objects carry. */
export function jsonReport(results: readonly FileResult[]): JsonReport {
  return { version: 1, files: results.map(jsonFile), summary: summarize(results) };
}

/** One file of the JSON report. */
export function jsonFile(r: FileResult): JsonFile {
  return {
    path: r.display,
    notes: r.notes.map((n) => ({
      line: n.line,
      episode: n.episode,
      guidance: [...n.guidance],
      approach: n.approach,
      imageControl: n.imageControl,
      opcs4: [...n.opcs4],
      icd10: [...n.icd10],
    })),
    diagnostics: r.findings.map(jsonDiagnostic),
    ...(r.suppressed.length
      ? { suppressed: r.suppressed.map((f) => ({ ...jsonDiagnostic(f), suppressed: { line: f.suppressed.line + 1, reason: f.suppressed.reason } })) }
      : {}),
    ...(r.applied
      ? {
          applied: r.applied.map((a) => ({
            rule: a.rule,
            kind: a.kind,
            line: a.line + 1,
            episode: a.episode,
            title: a.title,
            before: a.before,
            after: a.after,
          })),
        }
      : {}),
  };
}

function jsonDiagnostic(f: Finding): JsonDiagnostic {
  const out: JsonDiagnostic = {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    range: jsonRange(f.range),
    fixes: f.fixes.map((x) => ({ title: x.title, preferred: x.preferred, kind: x.kind })),
  };
  if (f.related?.length) out.related = f.related.map((r) => ({ message: r.message, range: jsonRange(r.range) }));
  return out;
}

function jsonRange(r: Range): JsonDiagnostic['range'] {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/**
 * `path:line:column: severity rule-id message` per problem (1-based; the
 * places a message refers to follow it in brackets, `(line 6: … first given here)`); when
 * fixing, a line counting the fixes by kind; then the summary line.
 */
export function textReport(results: readonly FileResult[], mode: FixMode): string {
  const totals = new RunTotals();
  let text = '';
  for (const r of results) {
    text += textLines(r);
    totals.add(fileTotals(r));
  }
  return text + textClosing(totals, mode);
}

/** A file's problems, one line each (each ending in a line feed). */
export function textLines(r: FileResult): string {
  let text = '';
  for (const f of r.findings) {
    const { line, character } = f.range.start;
    // The places the message refers to, on the same line: the message names no line number of its own.
    text += `${r.display}:${line + 1}:${character + 1}: ${f.severity} ${f.rule} ${oneLine(messageWithPlaces(f))}\n`;
  }
  return text;
}

/** After the problems: the fixes line when fixing, then the summary line. */
export function textClosing(totals: RunTotals, mode: FixMode): string {
  const lines: string[] = [];
  if (mode !== 'check') lines.push(fixesLine(totals, mode));
  lines.push(
    summaryLine(totals.summary, mode, totals.fixedFiles) +
      (totals.suppressed ? `; ${count(totals.suppressed, 'problem', 'problems')} suppressed by coding-notes-disable comments` : '') +
      (totals.notChecked ? `; ${count(totals.notChecked, 'file', 'files')} not checked (why is on stderr)` : ''),
  );
  return lines.join('\n') + '\n';
}

/** What one file adds to a run's summary lines: small, so a worker thread sends it with the file's part of the report. */
export interface FileTotals {
  notes: number;
  severities: Record<Severity, number>;
  suppressed: number;
  fixed: boolean;
  /** Fixes applied (or that would be), by kind. */
  applied: Partial<Record<FixKind, number>>;
  /** Preferred fixes still offered, by kind: those of kinds not asked for. */
  waiting: Partial<Record<FixKind, number>>;
}

export function fileTotals(r: FileResult): FileTotals {
  const severities: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  const applied: Partial<Record<FixKind, number>> = {};
  const waiting: Partial<Record<FixKind, number>> = {};
  for (const f of r.findings) {
    severities[f.severity]++;
    const preferred = f.fixes.find((x) => x.preferred);
    if (preferred) waiting[preferred.kind] = (waiting[preferred.kind] ?? 0) + 1;
  }
  for (const a of r.applied ?? []) applied[a.kind] = (applied[a.kind] ?? 0) + 1;
  return { notes: r.notes.length, severities, suppressed: r.suppressed.length, fixed: r.fixed, applied, waiting };
}

/** A run's totals, file by file: the summary, and what the text report's closing lines count. */
export class RunTotals {
  readonly summary: Summary = { files: 0, notes: 0, error: 0, warning: 0, information: 0, hint: 0 };
  fixedFiles = 0;
  suppressed = 0;
  /** Files found but not checked: unreadable, or under an invalid configuration (each said on stderr). */
  notChecked = 0;
  readonly applied = new Map<FixKind, number>();
  readonly waiting = new Map<FixKind, number>();

  add(t: FileTotals): void {
    this.summary.files++;
    this.summary.notes += t.notes;
    for (const s of SEVERITIES) this.summary[s] += t.severities[s];
    if (t.fixed) this.fixedFiles++;
    this.suppressed += t.suppressed;
    for (const k of FIX_KINDS) {
      if (t.applied[k]) this.applied.set(k, (this.applied.get(k) ?? 0) + t.applied[k]);
      if (t.waiting[k]) this.waiting.set(k, (this.waiting.get(k) ?? 0) + t.waiting[k]);
    }
  }
}

/** `applied 3 fixes (2 reading, 1 insert) to 1 file`, or `would apply …` for a dry run. */
export function fixesLine(totals: RunTotals, mode: Exclude<FixMode, 'check'>): string {
  const byKind = totals.applied;
  const total = [...byKind.values()].reduce((a, b) => a + b, 0);
  const kinds = FIX_KINDS.filter((k) => byKind.has(k)).map((k) => `${byKind.get(k)} ${k}`);
  const verb = mode === 'fix' ? 'applied' : 'would apply';
  // Preferred fixes still there after fixing are of kinds not asked for (`change` by default).
  const waiting = totals.waiting;
  const left = FIX_KINDS.filter((k) => waiting.has(k));
  const waitingCount = [...waiting.values()].reduce((a, b) => a + b, 0);
  const wait = left.length
    ? `; ${left.map((k) => `${waiting.get(k)} ${k}`).join(', ')} ${waitingCount === 1 ? 'fix waits' : 'fixes wait'} for a person (--fix-type ${left.join(',')} applies ${waitingCount === 1 ? 'it' : 'them'})`
    : '';
  return `${verb} ${count(total, 'fix', 'fixes')}${kinds.length ? ` (${kinds.join(', ')})` : ''} to ${count(totals.fixedFiles, 'file', 'files')}${wait}`;
}

function summaryLine(s: Summary, mode: FixMode, fixedFiles: number): string {
  const counts = [
    count(s.error, 'error', 'errors'),
    count(s.warning, 'warning', 'warnings'),
    count(s.information, 'information', 'information'),
    count(s.hint, 'hint', 'hints'),
  ].join(', ');
  const scope = `${count(s.files, 'file', 'files')}, ${count(s.notes, 'note', 'notes')}`;
  const fixed =
    mode === 'fix' ? `; fixed ${count(fixedFiles, 'file', 'files')}` : mode === 'dry-run' ? `; would fix ${count(fixedFiles, 'file', 'files')}` : '';
  return `${counts} in ${scope}${fixed}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A message on one line, whatever it holds. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
