// Which configuration applies to a document, loaded once per file and
// reloaded when the file (or a pack or release file it names) changes on disk.

import { basename, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { findConfig, fileStamp, loadWorkspace, namedFiles, Workspace, ConfigProblem } from '../node/workspace';
import { DEFAULT_LIMITS, readBounded } from '../node/safe-read';
import { SOURCE } from './diagnostics';

interface Loaded {
  workspace: Workspace;
  /** Files the workspace was built from, with their stamps at load time. */
  sources: [string, string | null][];
}

export class WorkspaceCache {
  private readonly loaded = new Map<string, Loaded>();
  private readonly defaults: Workspace;

  constructor(
    private readonly trusted: boolean,
    /** Told about each (re)load, to log its problems. */
    private readonly onLoad: (workspace: Workspace) => void = () => {},
  ) {
    this.defaults = loadWorkspace(null, { trusted });
  }

  /** The path of the configuration that governs a document, or null for the defaults. */
  configPathFor(uri: string): string | null {
    const file = filePath(uri);
    return file ? findConfig(dirname(file)) : null;
  }

  /** The workspace for a configuration path (null: the defaults), fresh from disk. */
  get(configPath: string | null): Workspace {
    if (!configPath) return this.defaults;
    const cached = this.loaded.get(configPath);
    if (cached && cached.sources.every(([file, stamp]) => fileStamp(file) === stamp)) return cached.workspace;
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

  forget(configPath: string): void {
    this.loaded.delete(configPath);
  }
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
  const lines = text === null ? [] : text.split(/\r?\n/);
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
  return i < 0 ? 0 : text.slice(0, i).split('\n').length - 1;
}
