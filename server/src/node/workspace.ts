// Node side of configuration: finds the nearest `.codingnotes.json`, reads it,
// loads the workspace packs and release files it names, and builds the engine.
// Shared by the language server and the CLI so both give the same answers.

import { lstatSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { closestName } from '../core/fields';
import { Engine, CheckSettings } from '../core/engine';
import {
  classificationNode,
  packEntries,
  positionAt,
  problemAt,
  propertyOf,
  readConfigJson,
  validateConfig,
  CodingNotesConfig,
  DEFAULT_CONFIG,
} from '../core/config';
import type { ConfigJson, ConfigProblem as FileConfigProblem } from '../core/config';
import { parseTree } from 'jsonc-parser';
import type { Node as JsonNode } from 'jsonc-parser';
import { Terminology } from '../core/terminology';
import { loadReleases } from './releases';
import { validatePackJson } from './packs';
import { DEFAULT_LIMITS, FileKind, parseJson, readBounded } from './safe-read';
import type { GuidancePack } from '../core/guidance/pack';

export const CONFIG_FILE = '.codingnotes.json';

/** A problem of the configuration (its place and message as core/config.ts gives them), with the file it is in. */
export interface ConfigProblem extends FileConfigProblem {
  /** The file the problem is in: the config file (for a pack or release file that cannot be read, at the entry that names it), or a pack file. */
  file: string;
  /**
   * Set for a release file named under `classifications`: `failed` (not loaded; the
   * bundled table stays in force) or `partial` (loaded, some lines unreadable). The
   * configuration is still used; every other problem makes it unusable.
   */
  release?: 'partial' | 'failed';
}

/** The problems that make a configuration unusable (a release file that did not load leaves it usable). */
export function blockingProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems.filter((p) => p.release === undefined);
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

export interface LoadOptions {
  /** Workspace packs and release files are loaded only in a trusted workspace. */
  trusted?: boolean;
  /** Size limits in bytes, per kind of file (DEFAULT_LIMITS otherwise). */
  limits?: Partial<Record<FileKind, number>>;
}

/**
 * Loads a configuration file (or the defaults when `configPath` is null). Any
 * problem is reported with its file, line and column, and the defaults stay in
 * force for what the problem concerns. The one loader of the CLI (check,
 * report, --print-config) and the language server.
 */
/** How many packs a configuration may name (each is read and validated). */
export const MAX_PACKS = 64;

export function loadWorkspace(configPath: string | null, options: LoadOptions = {}): Workspace {
  const trusted = options.trusted ?? true;
  const defaults = new Engine();
  if (!configPath) return { configPath, config: DEFAULT_CONFIG, problems: [], engine: defaults, settings: {} };
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const problems: ConfigProblem[] = [];
  const fail = (problem: ConfigProblem): Workspace => ({ configPath, config: DEFAULT_CONFIG, problems: [problem], engine: defaults, settings: {} });
  const json = readConfigFile(configPath, limits.config);
  if (!json.ok) return fail({ file: configPath, ...json.problem });
  const base = dirname(configPath);
  const onConfig = (node: JsonNode, message: string): ConfigProblem => ({ file: configPath, ...problemAt(json.text, node, message) });

  // Packs first: their rule ids are valid in "rules". A pack that cannot be read
  // is blamed on the entry that names it; a pack that does not fit, in the pack.
  const packs: GuidancePack[] = [];
  /** The file and text of each pack in `packs`, at the same index. */
  const packSources: { file: string; text: string }[] = [];
  const packProblems: ConfigProblem[] = [];
  if (trusted) {
    const seen = new Set<string>();
    const entries = packEntries(json);
    if (entries.length > MAX_PACKS) {
      packProblems.push(
        onConfig(
          entries[MAX_PACKS].node,
          `"packs" names ${entries.length.toLocaleString('en-GB')} packs; at most ${MAX_PACKS} are read, and this configuration is not used`,
        ),
      );
      entries.length = 0;
    }
    for (const entry of entries) {
      const file = resolve(base, entry.path);
      if (seen.has(file)) {
        packProblems.push(onConfig(entry.node, `"packs" names ${entry.path} a second time`));
        continue;
      }
      seen.add(file);
      const packRead = readBounded(file, limits.pack, 'pack');
      if (!packRead.ok) {
        packProblems.push(onConfig(entry.node, `cannot load guidance pack ${entry.path} (${packRead.reason})`));
        continue;
      }
      const packText = new TextDecoder('utf-8').decode(packRead.bytes).replace(/^\uFEFF/, '');
      const packJson = parseJson(packText);
      if (!packJson.ok) {
        packProblems.push({ file, line: packJson.line, column: packJson.column, length: 0, message: `cannot load guidance pack (${packJson.message})` });
        continue;
      }
      const { pack, problems: ps, paths } = validatePackJson(packJson.value);
      if (pack) {
        packs.push(pack);
        packSources.push({ file, text: packText });
      }
      ps.forEach((m, i) => packProblems.push({ file, ...placeInJson(packText, paths[i] ?? []), message: `invalid guidance pack: ${m}` }));
    }
  }
  const withPacks = new Engine({ packs });
  // A pack the engine refuses (its id is a built-in pack's, another pack's, or a family of the other rules) is reported on its id.
  for (const refused of withPacks.refusedPacks) {
    const source = packSources[refused.index];
    if (!source) continue;
    packProblems.push({ file: source.file, ...placeInJson(source.text, ['id']), message: `this guidance pack is not used: ${refused.problems.join('; ')}` });
  }
  const { config, problems: configProblems } = validateConfig(json, withPacks.ruleIds);
  for (const p of configProblems) problems.push({ file: configPath, ...p });
  for (const p of packProblems) problems.push(p);
  const packIds = withPacks.packs.map((p) => p.id);
  for (const id of config.guidance) {
    if (withPacks.pack(id)) continue;
    const item = propertyOf(json.root, 'guidance')?.value?.children?.find((n) => typeof n.value === 'string' && n.value.trim().toUpperCase() === id);
    // Only a pack with the same digits, swapped or spaced (IPG396, IPG 369): other digits are other guidance.
    const digits = (t: string) => [...t.replace(/\D/g, '')].sort().join('');
    const near = closestName(
      id.replace(/\s+/g, ''),
      packIds.filter((p) => digits(p) === digits(id)),
      2,
    );
    const message = `"guidance" names ${id}, which is not a known guidance pack (${near ? `did you mean "${near}"? ` : ''}the packs are ${packIds.join(', ')})`;
    problems.push(item ? onConfig(item, message) : { file: configPath, line: 0, column: 0, length: 0, message });
  }
  // An invalid file counts for nothing but its packs: the defaults stay in force.
  if (configProblems.length) return { configPath, config: DEFAULT_CONFIG, problems, engine: withPacks, settings: {} };

  // Release files (a file, the release's folder or its .zip as downloaded): node/releases.ts finds and reads them.
  const loaded = trusted ? loadReleases(config.classifications, base) : { releases: {}, problems: [] };
  for (const p of loaded.problems) {
    const node = classificationNode(json, p.classification);
    problems.push({ ...(node ? onConfig(node, p.message) : { file: configPath, line: 0, column: 0, length: 0, message: p.message }), release: p.outcome });
  }
  const releases = loaded.releases;
  const engine = Object.keys(releases).length ? new Engine({ packs, terminology: new Terminology(releases) }) : withPacks;
  const settings: CheckSettings = { rules: config.rules, guidance: config.guidance };
  if (config.requireSuppressionReason) settings.requireSuppressionReason = true;
  return { configPath, config, problems, engine, settings };
}

/** A configuration file's text as JSONC, read with the bound for configuration files; or why it cannot be. */
export function readConfigFile(configPath: string, limit: number = DEFAULT_LIMITS.config): ConfigJson {
  const read = readBounded(configPath, limit, 'config');
  if (!read.ok)
    return { ok: false, problem: { line: 0, column: 0, length: 0, wholeFile: true, message: `cannot read the configuration file (${read.reason})` } };
  return readConfigJson(new TextDecoder('utf-8').decode(read.bytes));
}

/**
 * The files a configuration is built from, besides itself: its packs and
 * release files, resolved (none when it cannot be read, or in an untrusted
 * workspace). The language server reloads the configuration when one changes.
 */
export function namedFiles(configPath: string, trusted: boolean): string[] {
  if (!trusted) return [];
  const json = readConfigFile(configPath);
  if (!json.ok) return [];
  const base = dirname(configPath);
  const files = packEntries(json).map((e) => resolve(base, e.path));
  for (const cls of ['opcs4', 'icd10']) {
    const node = classificationNode(json, cls);
    if (node?.type === 'string' && typeof node.value === 'string') files.push(resolve(base, node.value));
  }
  return files;
}

/** The line and column of a JSON path in valid JSON text (the nearest node that exists; a property from its name); the start of the file when none. */
function placeInJson(text: string, path: readonly (string | number)[]): { line: number; column: number; length: number } {
  let node: JsonNode | undefined = parseTree(text);
  for (const segment of path) {
    const next: JsonNode | undefined =
      node?.type === 'object'
        ? node.children?.find((p) => p.children?.[0]?.value === segment)?.children?.[1]
        : node?.type === 'array' && typeof segment === 'number'
          ? node.children?.[segment]
          : undefined;
    if (!next) break;
    node = next;
  }
  if (!node) return { line: 0, column: 0, length: 0 };
  if (node.parent?.type === 'property') node = node.parent;
  const { line, column } = positionAt(text, node.offset);
  return { line, column, length: node.length };
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
