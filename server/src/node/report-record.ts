// The record side of the audit report, read from disk by the adapters (the
// `report` command and the language server's *Open Audit Report*): the clock,
// each configuration in force with a SHA-256 of its bytes and of the pack and
// release files it names, where each workspace pack comes from, and the files
// that were not checked, with why. The report code itself (report/) stays pure:
// it gets all of this as data.

import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { CheckSettings, Engine } from '../core/engine';
import { BUILT_IN_PACKS } from '../core/guidance/pack';
import { classificationNode, packEntries } from '../core/config';
import { readConfigFile } from './workspace';
import { DEFAULT_LIMITS, parseJson, readBounded } from './safe-read';
import type { FileKind } from './safe-read';
import { ruleSettingChanges } from '../report/audit';
import type { AuditConfiguration, AuditRun, NamedFile, NotChecked, PackInfo } from '../report/audit';

/**
 * When the report is made: the clock, unless `SOURCE_DATE_EPOCH` (seconds since
 * 1970, the reproducible-builds convention) pins it, so that a report made twice
 * from the same notes is the same file. A value that is not such a number is
 * said (`problem`) and the clock is used.
 */
export function reportTime(env: Readonly<Record<string, string | undefined>>, now: () => Date = () => new Date()): { time: Date; problem: string | null } {
  const pinned = env.SOURCE_DATE_EPOCH;
  if (pinned === undefined || pinned === '') return { time: now(), problem: null };
  if (/^\d{1,12}$/.test(pinned)) return { time: new Date(Number(pinned) * 1000), problem: null };
  return { time: now(), problem: `SOURCE_DATE_EPOCH is '${pinned.slice(0, 40)}', not a number of seconds since 1970; the report gives the time of the clock` };
}

/** SHA-256 of a file's bytes (hex), read as safely as any file a workspace names; or why it cannot be had. */
export function sha256Of(path: string, kind: FileKind): { ok: true; sha256: string } | { ok: false; reason: string } {
  const read = readBounded(path, DEFAULT_LIMITS[kind], kind);
  if (!read.ok) return { ok: false, reason: read.reason };
  return { ok: true, sha256: createHash('sha256').update(read.bytes).digest('hex') };
}

/**
 * One line of the walk or the editor's search (`cannot read X: why`, `X is not
 * checked: why`) as a file and its reason; a line of another shape is kept whole.
 */
/** Paths not checked in path order (code-unit order, the same on every machine), for a list a person scans. */
export function byPath(items: readonly NotChecked[]): NotChecked[] {
  return [...items].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function notCheckedOf(line: string): NotChecked {
  const read = /^cannot (?:read|search) (?:folder )?(.+?): (.+)$/s.exec(line);
  if (read) return { path: read[1], reason: read[2] };
  const not = /^(.+?) is not checked: (.+)$/s.exec(line);
  if (not) return { path: not[1], reason: not[2] };
  return { path: '', reason: line };
}

interface ConfigEntry {
  record: AuditConfiguration;
  /** Workspace pack id (upper case) → the pack file, as the report names it. */
  packFiles: Map<string, string>;
}

/** What a run checked under which configuration, and what it did not check: the record's part that comes from disk. */
export class RunRecord {
  private readonly configs = new Map<string | null, ConfigEntry>();
  private readonly skipped: NotChecked[] = [];
  private readonly packs = new Map<string, PackInfo>();

  /** `show` names a file as the report does (relative to the working or workspace folder). */
  constructor(private readonly show: (path: string) => string) {}

  /** A file was checked under this configuration (null: none, the defaults) with this engine and settings. */
  checked(configPath: string | null, engine: Engine, settings: CheckSettings): void {
    let entry = this.configs.get(configPath);
    if (!entry) {
      entry = this.describe(configPath, engine, settings);
      this.configs.set(configPath, entry);
    }
    entry.record.files++;
    for (const p of engine.packs) {
      if (this.packs.has(p.id)) continue;
      const builtIn = BUILT_IN_PACKS.some((b) => b.id === p.id);
      this.packs.set(p.id, { id: p.id, title: p.title, url: p.source.url, file: builtIn ? null : (entry.packFiles.get(p.id) ?? null) });
    }
  }

  /** A file or path given that was not checked. */
  notChecked(item: NotChecked): void {
    this.skipped.push(item);
  }

  /** Every guidance pack that may have checked the notes, in the order first met. */
  packInfo(): PackInfo[] {
    return [...this.packs.values()];
  }

  run(generatedAt: Date, toolVersion: string): AuditRun {
    return { generatedAt, toolVersion, configurations: [...this.configs.values()].map((c) => c.record), notChecked: byPath(this.skipped) };
  }

  private describe(configPath: string | null, engine: Engine, settings: CheckSettings): ConfigEntry {
    const record: AuditConfiguration = {
      path: configPath === null ? null : this.show(configPath),
      sha256: null,
      files: 0,
      rules: ruleSettingChanges(engine, settings),
      guidance: [...(settings.guidance ?? [])],
      requireSuppressionReason: settings.requireSuppressionReason === true,
      namedFiles: [],
    };
    const packFiles = new Map<string, string>();
    if (configPath === null) return { record, packFiles };
    const digest = sha256Of(configPath, 'config');
    if (digest.ok) record.sha256 = digest.sha256;
    const json = readConfigFile(configPath);
    if (!json.ok) return { record, packFiles };
    const base = dirname(configPath);
    for (const entry of packEntries(json)) {
      const file = resolve(base, entry.path);
      const read = readBounded(file, DEFAULT_LIMITS.pack, 'pack');
      const parsed = read.ok ? parseJson(new TextDecoder('utf-8').decode(read.bytes).replace(/^\uFEFF/, '')) : null;
      const written = parsed?.ok && parsed.value && typeof parsed.value === 'object' ? (parsed.value as { id?: unknown }).id : undefined;
      const id = typeof written === 'string' ? written.trim().toUpperCase() : null;
      // In force when the engine has a pack of that id that is not a built-in one (a pack with a built-in id is refused).
      const loaded = id !== null && !BUILT_IN_PACKS.some((b) => b.id === id) && engine.packs.some((p) => p.id === id);
      const named = this.named('pack', file, 'pack', loaded);
      record.namedFiles.push(named);
      if (id !== null && loaded) packFiles.set(id, named.path);
    }
    const releases = engine.terms.loadedReleases();
    for (const cls of ['opcs4', 'icd10'] as const) {
      const node = classificationNode(json, cls);
      if (node?.type !== 'string' || typeof node.value !== 'string') continue;
      record.namedFiles.push(
        this.named(
          cls,
          resolve(base, node.value),
          'release',
          releases.some((r) => r.classification === cls),
        ),
      );
    }
    return { record, packFiles };
  }

  private named(kind: NamedFile['kind'], file: string, limit: FileKind, loaded: boolean): NamedFile {
    const digest = sha256Of(file, limit);
    return digest.ok
      ? { kind, path: this.show(file), sha256: digest.sha256, loaded }
      : { kind, path: this.show(file), sha256: null, note: digest.reason, loaded };
  }
}
