// Which configuration applies to a document, loaded once per file and kept
// until it changes. A client that reports file changes (workspace/
// didChangeWatchedFiles, registered by the server or sent by the client on its
// own) is believed: the configuration file is then looked for and read only
// again after it reports a change, not on every check, hover or completion.
// Without such a client, each use compares the files' stamps with the disk.

import { basename, dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { CONFIG_FILE, findConfig, fileStamp, loadWorkspace, namedFiles, Workspace, ConfigProblem } from '../node/workspace';
import { DEFAULT_LIMITS, readBounded } from '../node/safe-read';
import { positionAt } from '../core/config';
import { splitLines } from '../core/text';
import { SOURCE } from './diagnostics';

interface Loaded {
  workspace: Workspace;
  /** Files the workspace was built from, with their stamps at load time (the configuration file first). */
  sources: [string, string | null][];
}

export interface WorkspaceCacheOptions {
  /** Told about each (re)load, to log its problems. */
  onLoad?: (workspace: Workspace) => void;
  /** The client reports changes to configuration files: trust its reports instead of the disk. */
  watched?: boolean;
}

export class WorkspaceCache {
  private readonly loaded = new Map<string, Loaded>();
  /** With a watching client: the configuration found for each folder of a document. */
  private readonly found = new Map<string, string | null>();
  private readonly defaults: Workspace;
  private readonly onLoad: (workspace: Workspace) => void;
  private readonly watched: boolean;

  constructor(
    private readonly trusted: boolean,
    options: WorkspaceCacheOptions = {},
  ) {
    this.defaults = loadWorkspace(null, { trusted });
    this.onLoad = options.onLoad ?? (() => {});
    this.watched = options.watched === true;
  }

  /** The path of the configuration that governs a document, or null for the defaults. */
  configPathFor(uri: string): string | null {
    const file = filePath(uri);
    if (!file) return null;
    const dir = dirname(file);
    if (!this.watched) return findConfig(dir);
    let configPath = this.found.get(dir);
    if (configPath === undefined) this.found.set(dir, (configPath = findConfig(dir)));
    return configPath;
  }

  /** The workspace for a configuration path (null: the defaults), loaded when it is not loaded or has changed. */
  get(configPath: string | null): Workspace {
    if (!configPath) return this.defaults;
    const cached = this.loaded.get(configPath);
    // A watching client reports the configuration file; packs and release files it does not watch are compared with the disk.
    if (cached && cached.sources.every(([file, stamp], i) => (this.watched && i === 0) || fileStamp(file) === stamp)) return cached.workspace;
    const sources = sourcesOf(configPath, this.trusted);
    const workspace = loadWorkspace(configPath, { trusted: this.trusted });
    this.loaded.set(configPath, { workspace, sources });
    this.onLoad(workspace);
    return workspace;
  }

  /** The loaded workspace for a path, without touching the disk. */
  peek(configPath: string): Workspace | undefined {
    return this.loaded.get(configPath)?.workspace;
  }

  /**
   * A file changed, was created or was deleted (as the client reports it): the
   * configurations built from it load again on their next use, and a
   * configuration file that comes or goes is looked for again.
   */
  changed(path: string): void {
    if (basename(path) === CONFIG_FILE) this.found.clear();
    for (const [configPath, { sources }] of this.loaded) {
      if (sources.some(([file]) => file === path || file.startsWith(path + sep) || path.startsWith(file + sep))) this.loaded.delete(configPath);
    }
    this.loaded.delete(path);
  }
}

/**
 * What an untrusted workspace does without: the packs and release files its
 * configuration names, which are not loaded (null when it names none).
 */
export function untrustedMessage(workspace: Workspace): string | null {
  const kinds: string[] = [];
  if (workspace.config.packs.length) kinds.push(`guidance packs (${workspace.config.packs.join(', ')})`);
  const releases = Object.values(workspace.config.classifications).filter((f): f is string => typeof f === 'string');
  if (releases.length) kinds.push(`classification release files (${releases.join(', ')})`);
  if (!kinds.length) return null;
  return (
    `Clinical Coding Notes: this workspace is not trusted, so the ${kinds.join(' and ')} named in ${workspace.configPath} are not loaded; ` +
    'notes are checked with the bundled code tables and guidance only. Trust the workspace to use them.'
  );
}

/**
 * The files a configuration is built from. Stamps are taken before loading so
 * that a file changed during the load makes the next look reload it.
 */
function sourcesOf(configPath: string, trusted: boolean): [string, string | null][] {
  // An unreadable or invalid file is reported by the load; it is its own only source.
  const files = new Set([configPath, ...namedFiles(configPath, trusted)]);
  return [...files].map((f) => [f, fileStamp(f)]);
}

export function filePath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/**
 * Configuration problems as diagnostics, grouped by the file URI they belong on.
 * A problem about a file that cannot be read as a text file (a pack that is not
 * there, a FIFO, a device) goes on the configuration file that names it.
 */
export function problemDiagnostics(workspace: Workspace): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  const texts = new Map<string, string | null>();
  const textOf = (file: string) => {
    if (!texts.has(file)) {
      // Read with a bound: the file may be anything a configuration names.
      const read = readBounded(file, file === workspace.configPath ? DEFAULT_LIMITS.config : DEFAULT_LIMITS.release, 'release');
      texts.set(file, read.ok ? new TextDecoder('utf-8').decode(read.bytes) : null);
    }
    return texts.get(file) ?? null;
  };
  for (const problem of workspace.problems) {
    let { file, line } = problem;
    let message = problem.message;
    let placed = true;
    if (textOf(file) === null && workspace.configPath && file !== workspace.configPath) {
      const configText = textOf(workspace.configPath) ?? '';
      line = lineMentioning(configText, basename(file));
      message = `${message}: ${file}`;
      file = workspace.configPath;
      placed = false;
    }
    const text = textOf(file);
    const uri = pathToFileURL(file).href;
    const list = out.get(uri) ?? [];
    list.push(problemDiagnostic(placed ? { ...problem, file, line, message } : { file, line, column: 0, length: 0, message }, text));
    out.set(uri, list);
  }
  return out;
}

/** On the problem's place (its column and length, within its line), else the line's text. */
function problemDiagnostic(problem: ConfigProblem, text: string | null): Diagnostic {
  // Lines as the configuration's positions count them (core/config.ts): a lone CR ends a line too.
  const lines = text === null ? [] : splitLines(text).lines;
  const line = Math.max(0, Math.min(problem.line, Math.max(0, lines.length - 1)));
  const content = lines[line] ?? '';
  const placed = (problem.column > 0 || problem.length > 0) && problem.column <= content.length;
  const start = placed ? problem.column : content.length - content.trimStart().length;
  const end = placed ? Math.min(content.length, start + Math.max(problem.length, 1)) : content.trimEnd().length;
  return {
    range: { start: { line, character: start }, end: { line, character: Math.max(start, end) } },
    // A release loaded with some unreadable lines is in force: a warning.
    severity: problem.release === 'partial' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    source: SOURCE,
    message: problem.message,
  };
}

function lineMentioning(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return i < 0 ? 0 : positionAt(text, i).line;
}
