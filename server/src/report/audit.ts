// The audit: what a set of checked notes says to a coding manager, per
// guidance pack: notes checked, the share of notes with no error, problems per
// rule, and the episodes that need attention. Pure data in, data out; the
// renderers (html.ts, markdown.ts) and the JSON format read only this.

import type { Finding, Severity } from '../core/types';
import type { CheckSettings, Engine, NoteSummary } from '../core/engine';
import { parse, isEmptyNote } from '../core/parse';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export interface AuditFileInput {
  /** As the report names it (the CLI: as given on the command line; the editor: relative to the workspace folder). */
  path: string;
  notes: NoteSummary[];
  /** Per note: true for a note with only blank and comment lines (not counted as checked). */
  empty: boolean[];
  findings: Finding[];
}

export interface PackInfo {
  id: string;
  title: string;
  url: string;
}

export interface AuditInput {
  files: AuditFileInput[];
  /** Every pack that may have checked the notes, in the order to show them. */
  packs: PackInfo[];
  /** The official releases the notes were checked against (none: the bundled tables alone). */
  classifications?: AuditClassification[];
}

/** An official release in force for some of the notes: which, its version and how many codes. */
export interface AuditClassification {
  classification: 'opcs4' | 'icd10';
  /** `OPCS-4.11`, `ICD-10 5th Edition`, or the classification's name when the files state no version. */
  label: string;
  version: string | null;
  file: string | null;
  codes: number;
}

/** The releases of an engine's tables, for the audit (each release once, however many configurations share it). */
export function releasesOf(engine: Engine, into: AuditClassification[] = []): AuditClassification[] {
  for (const r of engine.terms.loadedReleases()) {
    if (into.some((c) => c.classification === r.classification && c.label === r.label && c.file === r.file)) continue;
    into.push({ classification: r.classification, label: r.label, version: r.version, file: r.file, codes: r.codes });
  }
  return into;
}

export interface RuleCount {
  rule: string;
  /** The most severe severity it was reported with. */
  severity: Severity;
  count: number;
}

export interface AttentionNote {
  path: string;
  /** 0-based first line of the note. */
  line: number;
  episode: string | null;
  guidance: string[];
  errors: number;
  warnings: number;
  /** Rules reported on the note, most frequent first. */
  rules: string[];
}

export interface PackAudit {
  /** Null for the notes that no guidance pack checked. */
  id: string | null;
  title: string;
  url: string | null;
  notes: number;
  notesWithoutError: number;
  /** notesWithoutError / notes, or null with no note. */
  shareWithoutError: number | null;
  problems: RuleCount[];
  attention: AttentionNote[];
}

export interface Audit {
  version: 1;
  /** Files, notes (empty ones included) and problems by severity: the same counts as `check --format json`. */
  summary: { files: number; notes: number } & Record<Severity, number> & { notesChecked: number; notesWithoutError: number };
  packs: PackAudit[];
  rules: RuleCount[];
  attention: AttentionNote[];
  /** The official releases in force; empty when the notes were checked with the bundled tables alone. */
  classifications: AuditClassification[];
}

/** Checks one file's text for the audit (the adapters read the files). */
export function auditFile(engine: Engine, settings: CheckSettings, path: string, text: string): AuditFileInput {
  const { findings, notes } = engine.check(text, settings);
  return { path, notes, empty: parse(text).notes.map(isEmptyNote), findings };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

interface NoteFacts {
  file: AuditFileInput;
  summary: NoteSummary;
  findings: Finding[];
}

export function buildAudit(input: AuditInput): Audit {
  const summary: Audit['summary'] = { files: input.files.length, notes: 0, error: 0, warning: 0, information: 0, hint: 0, notesChecked: 0, notesWithoutError: 0 };
  const facts: NoteFacts[] = [];
  for (const file of input.files) {
    summary.notes += file.notes.length;
    const perNote: Finding[][] = file.notes.map(() => []);
    for (const f of file.findings) {
      summary[f.severity]++;
      perNote[noteIndexAt(file.notes, f.range.start.line)]?.push(f);
    }
    file.notes.forEach((note, i) => {
      if (file.empty[i] && !perNote[i].length) return;
      facts.push({ file, summary: note, findings: perNote[i] });
    });
  }
  summary.notesChecked = facts.length;
  summary.notesWithoutError = facts.filter((n) => !hasError(n)).length;

  const known = new Set(input.packs.map((p) => p.id));
  const groups: PackAudit[] = [];
  for (const pack of input.packs) {
    const notes = facts.filter((n) => n.summary.guidance.includes(pack.id));
    if (notes.length) groups.push(group(pack.id, pack.title, pack.url, notes));
  }
  const unguided = facts.filter((n) => !n.summary.guidance.some((g) => known.has(g)));
  if (unguided.length) groups.push(group(null, 'Notes under no guidance pack', null, unguided));

  return {
    version: 1,
    summary,
    packs: groups,
    rules: ruleCounts(facts.flatMap((n) => n.findings)),
    attention: attention(facts),
    classifications: [...(input.classifications ?? [])],
  };
}

/** The note a line belongs to: the last note starting at or before it. */
function noteIndexAt(notes: readonly NoteSummary[], line: number): number {
  let lo = 0;
  let hi = notes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (notes[mid].line <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function hasError(n: NoteFacts): boolean {
  return n.findings.some((f) => f.severity === 'error');
}

function group(id: string | null, title: string, url: string | null, notes: NoteFacts[]): PackAudit {
  const clean = notes.filter((n) => !hasError(n)).length;
  return {
    id,
    title,
    url,
    notes: notes.length,
    notesWithoutError: clean,
    shareWithoutError: notes.length ? clean / notes.length : null,
    problems: ruleCounts(notes.flatMap((n) => n.findings)),
    attention: attention(notes),
  };
}

/** Problems per rule, most frequent first (then by rule id, so the order is stable). */
function ruleCounts(findings: readonly Finding[]): RuleCount[] {
  const by = new Map<string, RuleCount>();
  for (const f of findings) {
    const c = by.get(f.rule);
    if (!c) by.set(f.rule, { rule: f.rule, severity: f.severity, count: 1 });
    else {
      c.count++;
      if (RANK[f.severity] < RANK[c.severity]) c.severity = f.severity;
    }
  }
  return [...by.values()].sort((a, b) => b.count - a.count || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/** Notes with an error or a warning, in file and line order. */
function attention(notes: readonly NoteFacts[]): AttentionNote[] {
  const out: AttentionNote[] = [];
  for (const n of notes) {
    const errors = n.findings.filter((f) => f.severity === 'error').length;
    const warnings = n.findings.filter((f) => f.severity === 'warning').length;
    if (!errors && !warnings) continue;
    out.push({
      path: n.file.path,
      line: n.summary.line,
      episode: n.summary.episode,
      guidance: [...n.summary.guidance],
      errors,
      warnings,
      rules: ruleCounts(n.findings.filter((f) => f.severity === 'error' || f.severity === 'warning')).map((r) => r.rule),
    });
  }
  return out;
}

/**
 * The code tables in force, in a sentence: `Code tables: OPCS-4.11 (11,234 codes,
 * from releases/opcs4.zip); ICD-10: the bundled subset only.`
 */
export function codeTablesText(classifications: readonly AuditClassification[]): { cls: string; text: string; file: string | null }[] {
  const out: { cls: string; text: string; file: string | null }[] = [];
  for (const [cls, name] of [['opcs4', 'OPCS-4'], ['icd10', 'ICD-10']] as const) {
    const loaded = classifications.filter((c) => c.classification === cls);
    if (!loaded.length) out.push({ cls: name, text: `${name}: the bundled subset only (no release file)`, file: null });
    for (const c of loaded) out.push({ cls: name, text: `${c.label} (${c.codes.toLocaleString('en-GB')} codes)`, file: c.file });
  }
  return out;
}
