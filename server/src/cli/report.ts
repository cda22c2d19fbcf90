// The report: what each file gave, in the JSON shape of the CLI contract, and
// the same data as text lines for people.

import type { Finding, Severity } from '../core/types';
import type { NoteSummary } from '../core/engine';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export interface FileResult {
  /** Absolute path. */
  path: string;
  /** As the report names it. */
  display: string;
  notes: NoteSummary[];
  findings: Finding[];
  /** Fixes were written to this file. */
  fixed: boolean;
}

/** A note in the JSON report: the engine's summary, as cli.md specifies it. */
export type JsonNote = NoteSummary;

export interface JsonDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fixes: { title: string; preferred: boolean }[];
}

export interface JsonReport {
  version: 1;
  files: { path: string; notes: JsonNote[]; diagnostics: JsonDiagnostic[] }[];
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
  return {
    version: 1,
    files: results.map((r) => ({
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
      diagnostics: r.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        range: {
          start: { line: f.range.start.line, character: f.range.start.character },
          end: { line: f.range.end.line, character: f.range.end.character },
        },
        fixes: f.fixes.map((x) => ({ title: x.title, preferred: x.preferred })),
      })),
    })),
    summary: summarize(results),
  };
}

/** `path:line:column: severity rule-id message` per problem (1-based), then the summary line. */
export function textReport(results: readonly FileResult[], fixing: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      const { line, character } = f.range.start;
      lines.push(`${r.display}:${line + 1}:${character + 1}: ${f.severity} ${f.rule} ${oneLine(f.message)}`);
    }
  }
  lines.push(summaryLine(summarize(results), fixing ? results.filter((r) => r.fixed).length : null));
  return lines.join('\n') + '\n';
}

function summaryLine(s: Summary, fixedFiles: number | null): string {
  const counts = [
    count(s.error, 'error', 'errors'),
    count(s.warning, 'warning', 'warnings'),
    count(s.information, 'information', 'information'),
    count(s.hint, 'hint', 'hints'),
  ].join(', ');
  const scope = `${count(s.files, 'file', 'files')}, ${count(s.notes, 'note', 'notes')}`;
  const fixed = fixedFiles === null ? '' : `; fixed ${count(fixedFiles, 'file', 'files')}`;
  return `${counts} in ${scope}${fixed}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A message on one line, whatever it holds. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
