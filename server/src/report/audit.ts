// The audit: what a set of checked notes says to a coding manager, per
// guidance pack: notes checked, the share of notes with no error, problems per
// rule, and the episodes that need attention. Pure data in, data out; the
// renderers (html.ts, markdown.ts) and the JSON format read only this.

import type { Finding, Severity, SeveritySetting } from '../core/types';
import { messageWithPlaces } from '../core/types';
import type { CheckSettings, Engine, NoteSummary, SuppressedFinding } from '../core/engine';
import { parse, isEmptyNote } from '../core/parse';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export interface AuditFileInput {
  /** As the report names it (the CLI: as given on the command line; the editor: relative to the workspace folder). */
  path: string;
  notes: NoteSummary[];
  /** Per note: true for a note with only blank and comment lines (not counted as checked). */
  empty: boolean[];
  findings: Finding[];
  /** Findings that suppression comments switched off, with each comment's line and reason. */
  suppressed?: SuppressedFinding[];
}

export interface PackInfo {
  id: string;
  title: string;
  url: string;
  /** Where the pack comes from: null for one built into the tool, else the workspace pack file (as the report names it). */
  file?: string | null;
}

/** A configuration in force for some of the notes, as the record of an audit names it. */
export interface AuditConfiguration {
  /** The `.codingnotes.json`, as the report names it; null for the notes that no configuration file covers (the defaults). */
  path: string | null;
  /** SHA-256 of the file's bytes, hex; null with no file, or when it could not be read again. */
  sha256: string | null;
  /** Files checked under it. */
  files: number;
  /** Rules whose severity differs from their default, by rule id. */
  rules: RuleSettingChange[];
  /** Guidance packs it applies to every note. */
  guidance: string[];
  requireSuppressionReason: boolean;
  /** The pack and release files it names, each with its digest. */
  namedFiles: NamedFile[];
}

export interface RuleSettingChange {
  rule: string;
  default: SeveritySetting;
  setting: SeveritySetting;
}

/** A file a configuration names: a workspace guidance pack or an official release. */
export interface NamedFile {
  kind: 'pack' | 'opcs4' | 'icd10';
  /** As the report names it. */
  path: string;
  /** SHA-256 of its bytes, hex; null for a folder or a file that cannot be read (`note` says why). */
  sha256: string | null;
  note?: string;
  /** Whether the checks used it: false for a pack or release that could not be loaded, or in an untrusted workspace. */
  loaded: boolean;
}

/** A file (or path given) that was not checked, and why, in words. */
export interface NotChecked {
  /** As the report names it; empty when the reason names no single path. */
  path: string;
  reason: string;
}

/** One finding, with the Episode of its note: the findings-by-episode table and the CSV. */
export interface AuditFinding {
  path: string;
  /** 0-based line and column (UTF-16), as the rest of the audit data. */
  line: number;
  column: number;
  episode: string | null;
  rule: string;
  severity: Severity;
  message: string;
}

/** A finding a suppression comment switched off, with the comment's line and reason. */
export interface AuditSuppression extends AuditFinding {
  /** 0-based line of the `coding-notes-disable` comment. */
  directiveLine: number;
  /** The reason after ` -- `, or null when the comment gives none. */
  reason: string | null;
}

/** What the adapter (CLI or language server) knows of the run: the clock, the tool, what was not checked. */
export interface AuditRun {
  /** When the report was made (the adapter reads the clock; tests pin it). */
  generatedAt: Date;
  /** The tool's version (package.json). */
  toolVersion: string;
  configurations: AuditConfiguration[];
  notChecked: NotChecked[];
  /** How it was asked for: the command line and the ignore file read; absent in the editor. */
  invocation?: AuditInvocation;
}

/** How a report was asked for, so that a reader can make it again and knows what it was told to leave out. */
export interface AuditInvocation {
  /** The arguments after `coding-notes`, as given (paths relative to the folder it ran in, as typed; the folder itself is not recorded, so the record reads the same on every machine). */
  arguments: string[];
  /** False with `--no-inline-config`: suppression comments switched nothing off. */
  inlineConfig: boolean;
  /** The `.codingnotesignore` files read, each with the SHA-256 of its bytes (null: not read again). */
  ignoreFiles: { path: string; sha256: string | null }[];
}

export interface AuditInput {
  files: AuditFileInput[];
  /** Every pack that may have checked the notes, in the order to show them. */
  packs: PackInfo[];
  /** The official releases the notes were checked against (none: the bundled tables alone). */
  classifications?: AuditClassification[];
  /** The record of the run; without it (the pure tests), the record's fields are empty. */
  run?: AuditRun;
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
  /** ISO 8601 (UTC) time the report was made; null when the caller gave none. */
  generatedAt: string | null;
  /** The version of coding-notes that made it; null when the caller gave none. */
  toolVersion: string | null;
  /** How the report was asked for (the command line); null in the editor and the pure tests. */
  invocation: AuditInvocation | null;
  /** The configurations in force, each with its digest, the rules it changes and the files it names. */
  configurations: AuditConfiguration[];
  /** Every guidance pack that may have checked the notes: built in, or a workspace pack file. */
  guidance: PackInfo[];
  /** Files and paths given that were not checked, and why. */
  notChecked: NotChecked[];
  /** Every finding a suppression comment switched off, with its reason. */
  suppressions: AuditSuppression[];
  /** Every finding that counts, with its note's Episode, in file and line order. */
  findings: AuditFinding[];
}

/** Checks one file's text for the audit (the adapters read the files), with what suppression comments switched off. */
export function auditFile(engine: Engine, settings: CheckSettings, path: string, text: string): AuditFileInput {
  const { findings, notes, suppressed = [] } = engine.check(text, settings, { suppressed: true });
  return { path, notes, empty: parse(text).notes.map(isEmptyNote), findings, suppressed };
}

/** The rules whose severity the settings change from the rule's default (rule ids the engine does not know are left out). */
export function ruleSettingChanges(engine: Engine, settings: CheckSettings): RuleSettingChange[] {
  const out: RuleSettingChange[] = [];
  for (const rule of engine.rules) {
    const setting = settings.rules?.[rule.id];
    if (setting !== undefined && setting !== rule.defaultSeverity) out.push({ rule: rule.id, default: rule.defaultSeverity, setting });
  }
  return out.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

interface NoteFacts {
  file: AuditFileInput;
  summary: NoteSummary;
  findings: Finding[];
}

export function buildAudit(input: AuditInput): Audit {
  const summary: Audit['summary'] = {
    files: input.files.length,
    notes: 0,
    error: 0,
    warning: 0,
    information: 0,
    hint: 0,
    notesChecked: 0,
    notesWithoutError: 0,
  };
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

  const findings: AuditFinding[] = [];
  const suppressions: AuditSuppression[] = [];
  for (const file of input.files) {
    for (const f of file.findings) findings.push(auditFinding(file, f));
    for (const f of file.suppressed ?? []) suppressions.push({ ...auditFinding(file, f), directiveLine: f.suppressed.line, reason: f.suppressed.reason });
  }

  const run = input.run;
  return {
    version: 1,
    summary,
    packs: groups,
    rules: ruleCounts(facts.flatMap((n) => n.findings)),
    attention: attention(facts),
    classifications: [...(input.classifications ?? [])],
    generatedAt: run ? run.generatedAt.toISOString() : null,
    toolVersion: run?.toolVersion ?? null,
    invocation: run?.invocation ? { ...run.invocation, arguments: [...run.invocation.arguments], ignoreFiles: [...run.invocation.ignoreFiles] } : null,
    configurations: run ? run.configurations.map((c) => ({ ...c, rules: [...c.rules], guidance: [...c.guidance], namedFiles: [...c.namedFiles] })) : [],
    guidance: input.packs.map((p) => ({ id: p.id, title: p.title, url: p.url, file: p.file ?? null })),
    notChecked: run ? [...run.notChecked] : [],
    suppressions,
    findings,
  };
}

function auditFinding(file: AuditFileInput, f: Finding): AuditFinding {
  const { line, character } = f.range.start;
  // The note that starts at or before the line (none for a line above the first note).
  const note = file.notes[noteIndexAt(file.notes, line)];
  const episode = note && note.line <= line ? note.episode : null;
  return { path: file.path, line, column: character, episode, rule: f.rule, severity: f.severity, message: messageWithPlaces(f) };
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
  for (const [cls, name] of [
    ['opcs4', 'OPCS-4'],
    ['icd10', 'ICD-10'],
  ] as const) {
    const loaded = classifications.filter((c) => c.classification === cls);
    if (!loaded.length) out.push({ cls: name, text: `${name}: the bundled subset only (no release file)`, file: null });
    for (const c of loaded) out.push({ cls: name, text: `${c.label} (${c.codes.toLocaleString('en-GB')} codes)`, file: c.file });
  }
  return out;
}
