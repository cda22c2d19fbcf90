// `check --format csv` and `report --format csv`: one row per problem, for a
// spreadsheet or a coding team's audit log, the same columns from both. RFC 4180: a header row, CRLF line ends, a field with a
// comma, a double quote or a line break in double quotes (quotes doubled).
// Line and column are 1-based, as the text report counts; the episode is the
// note's Episode field (empty where the note has none).

import type { NoteSummary } from '../core/engine';
import type { Finding } from '../core/types';
import { messageWithPlaces } from '../core/types';
import type { AuditFinding } from './audit';

/** A checked file as `check` holds it: the name it is shown by, its findings and its notes. */
export interface CsvFile {
  display: string;
  findings: readonly Finding[];
  notes: readonly NoteSummary[];
}

export const CSV_HEADER = ['file', 'line', 'column', 'episode', 'rule', 'severity', 'message'] as const;

export function csvReport(results: readonly CsvFile[]): string {
  return csvText([[...CSV_HEADER]]) + results.map((r) => csvText(csvRows(r))).join('');
}

/** One checked file's rows (no header): `check` writes them file by file after the header, so no report is one string. */
export function csvRows(r: CsvFile): string[][] {
  const rows: string[][] = [];
  // Findings come in line order: the note each is in is found by walking the notes once.
  let note = -1;
  for (const f of r.findings) {
    const { line, character } = f.range.start;
    if (note >= 0 && r.notes[note].line > line) note = -1;
    while (note + 1 < r.notes.length && r.notes[note + 1].line <= line) note++;
    rows.push([r.display, String(line + 1), String(character + 1), (note >= 0 ? r.notes[note].episode : null) ?? '', f.rule, f.severity, messageWithPlaces(f)]);
  }
  return rows;
}

/** The audit's findings (`report --format csv`): the same columns and rows as `check --format csv` gives for the same files. */
export function auditCsv(findings: readonly AuditFinding[]): string {
  const rows: string[][] = [[...CSV_HEADER]];
  for (const f of findings) rows.push([f.path, String(f.line + 1), String(f.column + 1), f.episode ?? '', f.rule, f.severity, f.message]);
  return csvText(rows);
}

/** Rows as RFC 4180 text: CRLF after every row, fields quoted where needed. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** The Episode of the note a line is in: the last note that starts at or before it. */
export function episodeAt(notes: readonly NoteSummary[], line: number): string | null {
  let episode: string | null = null;
  for (const n of notes) {
    if (n.line > line) break;
    episode = n.episode;
  }
  return episode;
}

/**
 * One field, quoted where RFC 4180 needs it. A text field that a spreadsheet
 * would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return: an Episode typed as `=HYPERLINK(…)`) gets a leading `'`, as OWASP
 * advises for CSV meant for spreadsheets.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
