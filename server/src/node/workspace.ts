// Node side of configuration: finds the nearest `.codingnotes.json`, reads it,
// loads the workspace packs and release files it names, and builds the engine.
// Shared by the language server and the CLI so both give the same answers.

import { lstatSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Engine, CheckSettings } from '../core/engine';
import { parseConfig, CodingNotesConfig, DEFAULT_CONFIG } from '../core/config';
import { Terminology } from '../core/terminology';
import { configLineOf, loadReleases } from './releases';
import { validatePackJson } from './packs';
import { DEFAULT_LIMITS, FileKind, parseJson, readBounded } from './safe-read';
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

/**
 * The nearest `.codingnotes.json` in the folder or any parent folder. Whatever
 * is there counts, a dangling or looping link or a FIFO included: loading it
 * then reports why it cannot be read, rather than the defaults applying unsaid.
 */
export function findConfig(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (entryExists(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Decodes a text file: UTF-16 with its byte order mark, UTF-8 when it is valid UTF-8, else Windows-1252. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export interface LoadOptions {
  /** Workspace packs and release files are loaded only in a trusted workspace. */
  trusted?: boolean;
  /** Size limits in bytes, per kind of file (DEFAULT_LIMITS otherwise). */
  limits?: Partial<Record<FileKind, number>>;
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
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const problems: ConfigProblem[] = [];
  const fail = (problem: ConfigProblem): Workspace => ({ configPath, config: DEFAULT_CONFIG, problems: [problem], engine: defaults, settings: {} });
  const read = readBounded(configPath, limits.config, 'config');
  if (!read.ok) return fail({ file: configPath, line: 0, message: `cannot read the configuration file (${read.reason})` });
  const text = new TextDecoder('utf-8').decode(read.bytes);
  // JSON.parse's messages quote the text: a configuration file that is a link to a secret must not print it.
  const json = parseJson(text.replace(/^\uFEFF/, ''));
  if (!json.ok) return fail({ file: configPath, line: json.line, message: json.message });
  const base = dirname(configPath);

  // Packs first: their rule ids are valid in "rules".
  const packs: GuidancePack[] = [];
  const packProblems: ConfigProblem[] = [];
  const firstPass = parseConfig(text, new Set([...defaults.ruleIds]));
  const packPaths = firstPass.problems.length ? rawList(text, 'packs') : firstPass.config.packs;
  if (trusted) {
    for (const p of packPaths) {
      const file = resolve(base, p);
      const packRead = readBounded(file, limits.pack, 'pack');
      if (!packRead.ok) {
        packProblems.push({ file, line: 0, message: `cannot load guidance pack (${packRead.reason})` });
        continue;
      }
      const packJson = parseJson(new TextDecoder('utf-8').decode(packRead.bytes).replace(/^\uFEFF/, ''));
      if (!packJson.ok) {
        packProblems.push({ file, line: packJson.line, message: `cannot load guidance pack (${packJson.message})` });
        continue;
      }
      const { pack, problems: ps } = validatePackJson(packJson.value);
      if (pack) packs.push(pack);
      for (const m of ps) packProblems.push({ file, line: 0, message: `invalid guidance pack: ${m}` });
    }
  }
  const withPacks = new Engine({ packs });
  const { config, problems: configProblems } = parseConfig(text, withPacks.ruleIds);
  for (const p of configProblems) problems.push({ file: configPath, line: p.line, message: p.message });
  problems.push(...packProblems);
  for (const id of config.guidance) {
    if (!withPacks.pack(id)) problems.push({ file: configPath, line: 0, message: `"guidance" names ${id}, which is not a known guidance pack` });
  }

  // Release files (a file, the release's folder or its .zip as downloaded): node/releases.ts finds and reads them.
  const loaded = trusted ? loadReleases(config.classifications, base) : { releases: {}, problems: [] };
  for (const p of loaded.problems) problems.push({ file: configPath, line: configLineOf(text, p.classification), message: p.message });
  const releases = loaded.releases;
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

/** Modification stamp of a file, for caches; null when absent. */
export function fileStamp(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return null;
  }
}
