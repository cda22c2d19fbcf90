// Node side of configuration: finds the nearest `.codingnotes.json`, reads it,
// loads the workspace packs and release files it names, and builds the engine.
// Shared by the language server and the CLI so both give the same answers.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Engine, CheckSettings } from '../core/engine';
import { parseConfig, CodingNotesConfig, DEFAULT_CONFIG } from '../core/config';
import { Terminology, Classification, CLASSIFICATION_NAMES, ReleaseEntry } from '../core/terminology';
import { parseReleaseFile } from '../core/release';
import { validatePackJson } from './packs';
import type { GuidancePack } from '../core/guidance/pack';

export const CONFIG_FILE = '.codingnotes.json';

export interface ConfigProblem {
  /** The file the problem is in (the config file, a pack or a release file). */
  file: string;
  /** 0-based line, when known. */
  line: number;
  message: string;
}

export interface Workspace {
  configPath: string | null;
  config: CodingNotesConfig;
  problems: ConfigProblem[];
  engine: Engine;
  settings: CheckSettings;
}

/** The nearest `.codingnotes.json` in the folder or any parent folder. */
export function findConfig(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Decodes a text file: UTF-8 when it is valid UTF-8, else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export interface LoadOptions {
  /** Workspace packs and release files are loaded only in a trusted workspace. */
  trusted?: boolean;
}

/**
 * Loads a configuration file (or the defaults when `configPath` is null). Any
 * problem is reported with its file and line, and the defaults stay in force
 * for what the problem concerns.
 */
export function loadWorkspace(configPath: string | null, options: LoadOptions = {}): Workspace {
  const trusted = options.trusted ?? true;
  const defaults = new Engine();
  if (!configPath) return { configPath, config: DEFAULT_CONFIG, problems: [], engine: defaults, settings: {} };
  const problems: ConfigProblem[] = [];
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (e) {
    problems.push({ file: configPath, line: 0, message: `cannot read the configuration file (${errorText(e)})` });
    return { configPath, config: DEFAULT_CONFIG, problems, engine: defaults, settings: {} };
  }
  const base = dirname(configPath);

  // Packs first: their rule ids are valid in "rules".
  const packs: GuidancePack[] = [];
  const packProblems: ConfigProblem[] = [];
  const firstPass = parseConfig(text, new Set([...defaults.ruleIds]));
  const packPaths = firstPass.problems.length ? rawList(text, 'packs') : firstPass.config.packs;
  if (trusted) {
    for (const p of packPaths) {
      const file = resolve(base, p);
      try {
        const json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
        const { pack, problems: ps } = validatePackJson(json);
        if (pack) packs.push(pack);
        for (const m of ps) packProblems.push({ file, line: 0, message: `invalid guidance pack: ${m}` });
      } catch (e) {
        packProblems.push({ file, line: 0, message: `cannot load guidance pack (${errorText(e)})` });
      }
    }
  }
  const withPacks = new Engine({ packs });
  const { config, problems: configProblems } = parseConfig(text, withPacks.ruleIds);
  for (const p of configProblems) problems.push({ file: configPath, line: p.line, message: p.message });
  problems.push(...packProblems);
  for (const id of config.guidance) {
    if (!withPacks.pack(id)) problems.push({ file: configPath, line: 0, message: `"guidance" names ${id}, which is not a known guidance pack` });
  }

  const releases: Partial<Record<Classification, { name: string; entries: ReleaseEntry[] }>> = {};
  if (trusted) {
    for (const cls of ['opcs4', 'icd10'] as const) {
      const rel = config.classifications[cls];
      if (!rel) continue;
      const file = resolve(base, rel);
      try {
        const parsed = parseReleaseFile(decodeText(readFileSync(file)), cls);
        for (const p of parsed.problems) problems.push({ file, line: p.line, message: `${CLASSIFICATION_NAMES[cls]} release file: ${p.message}` });
        if (!parsed.entries.length) problems.push({ file, line: 0, message: `${CLASSIFICATION_NAMES[cls]} release file holds no codes` });
        else releases[cls] = { name: `${CLASSIFICATION_NAMES[cls]} release file ${rel}`, entries: parsed.entries };
      } catch (e) {
        problems.push({ file: configPath, line: 0, message: `cannot read the ${CLASSIFICATION_NAMES[cls]} release file ${file} (${errorText(e)})` });
      }
    }
  }
  const engine = Object.keys(releases).length ? new Engine({ packs, terminology: new Terminology(releases) }) : withPacks;
  return { configPath, config, problems, engine, settings: { rules: config.rules, guidance: config.guidance } };
}

function rawList(text: string, key: string): string[] {
  try {
    const v = JSON.parse(text)[key];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'EISDIR') return 'it is a folder';
  return err?.message ?? String(e);
}

/** Modification stamp of a file, for caches; null when absent. */
export function fileStamp(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return null;
  }
}
