// The configuration each file gets on the command line: the one `--config`
// names, or the nearest `.codingnotes.json`, loaded once per file through the
// one loader the language server uses too (node/workspace.ts). `check`,
// `report` and `check --print-config` all go through here.

import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { blockingProblems, findConfig, loadWorkspace, Workspace, ConfigProblem } from '../node/workspace';

export class CliConfigs {
  private readonly loaded = new Map<string | null, Workspace | null>();
  /** The `--config` workspace, or null to look up the nearest. */
  readonly forced: Workspace | null;

  /** Why each unusable configuration cannot be used: its first problem, placed. */
  private readonly why = new Map<string | null, string>();

  /** Configurations whose release-file problems have been said. */
  private readonly told = new Set<Workspace>();
  /** The problems of the configurations found unusable, each file's in its order. */
  private readonly unusable: ConfigProblem[] = [];

  /**
   * `complain` is told, once per configuration, the line that says why it
   * cannot be used, and once per release file that did not load (its notes are
   * still checked, with the bundled table). `warn` is told of a release file that
   * loaded with lines it could not read; it does not change the exit status.
   * With `--config`, check `forcedProblem` before anything else.
   */
  constructor(
    config: string | null,
    private readonly cwd: string,
    private readonly complain: (line: string) => void,
    private readonly warn: (line: string) => void = complain,
  ) {
    this.forced = config !== null ? loadWorkspace(configPathIn(cwd, config, cwd), { trusted: true }) : null;
  }

  /** With `--config`: the line for its first problem that makes it unusable, or null when it can be used. */
  get forcedProblem(): string | null {
    const blocking = this.forced ? blockingProblems(this.forced.problems) : [];
    return blocking.length ? configLine(blockingFirst(this.forced!.problems), this.cwd) : null;
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
    if (this.forced) return blockingProblems(this.forced.problems).length ? null : this.tellReleases(this.forced);
    const configPath = configPathIn(dirname(path), null, this.cwd);
    if (this.loaded.has(configPath)) return this.loaded.get(configPath)!;
    const ws = loadWorkspace(configPath, { trusted: true });
    const blocking = blockingProblems(ws.problems);
    const usable = blocking.length ? null : this.tellReleases(ws);
    if (!usable) {
      const all = blockingFirst(ws.problems);
      this.unusable.push(...[...all].sort(byPlace));
      this.why.set(configPath, problemSummary(all, this.cwd));
      this.complain(`${configLine(all, this.cwd)} (its notes were not checked)`);
      for (const line of moreProblemLines(all, this.cwd)) this.warn(line);
    }
    this.loaded.set(configPath, usable);
    return usable;
  }

  /** Why the configuration a file gets cannot be used (its first problem, placed), or null. */
  whyUnusable(path: string): string | null {
    if (this.forced) {
      return this.forcedProblem ? problemSummary(blockingFirst(this.forced.problems), this.cwd) : null;
    }
    return this.why.get(configPathIn(dirname(path), null, this.cwd)) ?? null;
  }

  /** Every problem of each configuration found unusable so far (`--config`'s included), in file order. */
  unusableProblems(): readonly ConfigProblem[] {
    if (this.forced) return this.forcedProblem ? [...this.forced.problems].sort(byPlace) : [];
    return this.unusable;
  }

  /** Why a file under an unusable configuration was not checked, as the reports list it. */
  notCheckedReason(path: string): string {
    const why = this.whyUnusable(path);
    return `its configuration ${shownPath(this.configPathFor(path) ?? '', this.cwd)} is invalid${why ? ` (${why})` : ''}`;
  }

  /** Says, once, what went wrong with a usable configuration's release files. */
  private tellReleases(ws: Workspace): Workspace {
    if (this.told.has(ws)) return ws;
    this.told.add(ws);
    for (const p of ws.problems) {
      if (p.release === 'failed') this.complain(`${problemPlace(p, this.cwd)}: ${p.message} (its notes were checked)`);
      else if (p.release === 'partial') this.warn(`warning: ${problemPlace(p, this.cwd)}: ${p.message}`);
    }
    return ws;
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
  return `invalid configuration ${problemSummary(problems, cwd)}`;
}

/** The first problem, placed, and how many more there are. */
function problemSummary(problems: readonly ConfigProblem[], cwd: string): string {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return `${problemPlace(first, cwd)}: ${first.message}${more}`;
}

/** The problems after the first, one line each in the file's order (at most `max`), for those who mend them all in one go. */
export function moreProblemLines(problems: readonly ConfigProblem[], cwd: string, max = 20): string[] {
  const inOrder = problems.slice(1).sort(byPlace);
  const rest = inOrder.slice(0, max).map((p) => `  also ${problemPlace(p, cwd)}: ${p.message}`);
  if (problems.length - 1 > max) rest.push(`  and ${problems.length - 1 - max} more`);
  return rest;
}

/** The problems, those that make the configuration unusable first (the line names the first and counts the rest). */
function blockingFirst(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...blockingProblems(problems).sort(byPlace), ...problems.filter((p) => p.release !== undefined).sort(byPlace)];
}

/** File by file, then line and column. */
function byPlace(a: ConfigProblem, b: ConfigProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** `file:line:column` of a configuration problem, 1-based; the file alone for a problem with the whole file. */
export function problemPlace(p: ConfigProblem, cwd: string): string {
  if (p.wholeFile) return shownPath(p.file, cwd);
  return `${shownPath(p.file, cwd)}:${p.line + 1}:${p.column + 1}`;
}

/** Relative to the working folder when inside it, else as it is. */
export function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
