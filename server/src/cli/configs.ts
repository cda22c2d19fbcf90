// The configuration each file gets on the command line: the one `--config`
// names, or the nearest `.codingnotes.json`, loaded once per file through the
// one loader the language server uses too (node/workspace.ts). `check`,
// `report` and `check --print-config` all go through here.

import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { findConfig, loadWorkspace, Workspace, ConfigProblem } from '../node/workspace';

export class CliConfigs {
  private readonly loaded = new Map<string | null, Workspace | null>();
  /** The `--config` workspace, or null to look up the nearest. */
  readonly forced: Workspace | null;

  /**
   * `complain` is told, once per configuration, the line that says why it
   * cannot be used. With `--config`, check `forcedProblem` before anything else.
   */
  constructor(
    config: string | null,
    private readonly cwd: string,
    private readonly complain: (line: string) => void,
  ) {
    this.forced = config !== null ? loadWorkspace(configPathIn(cwd, config, cwd), { trusted: true }) : null;
  }

  /** With `--config`: the line for its first problem, or null when it can be used. */
  get forcedProblem(): string | null {
    return this.forced?.problems.length ? configLine(this.forced.problems, this.cwd) : null;
  }

  /** The path of the configuration a file gets (null: the defaults). */
  configPathFor(path: string): string | null {
    return this.forced ? this.forced.configPath : configPathIn(dirname(path), null, this.cwd);
  }

  /**
   * The workspace for a file, or null when its configuration is invalid (said
   * once): files under it are not checked, since with the defaults a CI run
   * would pass or fail on rules the team switched off or on.
   */
  forFile(path: string): Workspace | null {
    if (this.forced) return this.forced.problems.length ? null : this.forced;
    const configPath = configPathIn(dirname(path), null, this.cwd);
    if (this.loaded.has(configPath)) return this.loaded.get(configPath)!;
    const ws = loadWorkspace(configPath, { trusted: true });
    const usable = ws.problems.length ? null : ws;
    if (!usable) this.complain(`${configLine(ws.problems, this.cwd)} (its notes were not checked)`);
    this.loaded.set(configPath, usable);
    return usable;
  }

  /** Every usable workspace loaded so far, `--config`'s first. */
  all(): Workspace[] {
    const out: Workspace[] = [];
    if (this.forced && !this.forced.problems.length) out.push(this.forced);
    for (const ws of this.loaded.values()) if (ws) out.push(ws);
    return out;
  }
}

/**
 * The configuration in force in a folder: the file `--config` names (from the
 * working folder), else the nearest `.codingnotes.json`, else null (the
 * defaults). The one look-up of the commands (check, report, classifications).
 */
export function configPathIn(folder: string, config: string, cwd: string): string;
export function configPathIn(folder: string, config: string | null, cwd: string): string | null;
export function configPathIn(folder: string, config: string | null, cwd: string): string | null {
  return config !== null ? resolve(cwd, config) : findConfig(folder);
}

/**
 * One line for an invalid configuration: the first problem at its file, line
 * and column (1-based, as editors count), and how many more there are.
 */
export function configLine(problems: readonly ConfigProblem[], cwd: string): string {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return `invalid configuration ${shownPath(first.file, cwd)}:${first.line + 1}:${first.column + 1}: ${first.message}${more}`;
}

/** Relative to the working folder when inside it, else as it is. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
