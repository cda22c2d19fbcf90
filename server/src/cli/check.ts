// `coding-notes check`: the same rules, configuration and messages as the
// editor, over files on disk. Returns the exit status; never throws for a
// problem with the user's files.

import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { findConfig, loadWorkspace, Workspace, ConfigProblem } from '../node/workspace';
import { Engine } from '../core/engine';
import type { AppliedFix } from '../core/engine';
import type { Rule } from '../core/rules/rule';
import type { CheckOptions } from './args';
import { collectInputs, isWithin, NoteInput, skippedLine } from './walk';
import { readNoteFile, decodeNote, encodeNote, ReadResult } from './textfile';
import { describeError } from './errors';
import { deferSignals, replaceFile } from './write';
import { FileResult, jsonReport, textReport, summarize } from './report';
import { sarifReport } from './sarif';

export interface CliIo {
  cwd: string;
  version: string;
  /** Folder of the rule pages (`docs/rules` next to the bundle's folder). */
  docsFolder: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress lines are shown only on a terminal. */
  stderrIsTerminal: boolean;
  /** All of standard input, for `--stdin` (read only then), at most `limit` bytes (0: no limit). Throws when it cannot be read or is larger. */
  readStdin?(limit: number): Buffer;
}

/** The name a report gives the text on standard input when `--stdin-filename` does not name it. */
export const STDIN_NAME = '<stdin>';

export const EXIT_CLEAN = 0;
export const EXIT_ERRORS = 1;
export const EXIT_TROUBLE = 2;

/** Runs a check to the end, synchronously. */
export function runCheck(options: CheckOptions, io: CliIo): number {
  const steps = checkSteps(options, io);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs a check as the command line does. With `--fix`, Ctrl+C (SIGINT), SIGTERM
 * and SIGHUP stop the run between two files, never inside a write: no file is
 * left half written and no temporary file is left behind; the signal then ends
 * the process as it would have.
 */
export async function runCheckInterruptibly(options: CheckOptions, io: CliIo): Promise<number> {
  if (!options.fix || options.stdin) return runCheck(options, io);
  const signals = deferSignals();
  try {
    const steps = checkSteps(options, io);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      // Between two files: let a signal in.
      await new Promise((done) => setImmediate(done));
      const signal = signals.caught();
      if (signal) {
        const { done, total } = step.value;
        io.stderr(`\ncoding-notes: stopped by ${signal} after ${done} of ${total} files; each file holds its old text or its fixed text\n`);
        return EXIT_TROUBLE;
      }
    }
  } finally {
    signals.release();
  }
}

/** How far a run has gone: yielded after each file. */
interface Step {
  done: number;
  total: number;
}

function* checkSteps(options: CheckOptions, io: CliIo): Generator<Step, number> {
  const progress = new Progress(io);
  const trouble: string[] = [];
  const complain = (line: string) => {
    trouble.push(line);
    progress.clear();
    io.stderr(`coding-notes: ${line}\n`);
  };

  // One configuration for everything, or the nearest one per file.
  let forced: Workspace | null = null;
  if (options.config !== null) {
    forced = loadWorkspace(resolve(io.cwd, options.config), { trusted: true });
    if (forced.problems.length) {
      complain(configLine(forced.problems, io.cwd));
      return EXIT_TROUBLE;
    }
  }
  const workspaces = new Map<string | null, Workspace | null>();
  const workspaceFor = (input: { path: string }): Workspace | null => {
    if (forced) return forced;
    const configPath = findConfig(dirname(input.path));
    if (workspaces.has(configPath)) return workspaces.get(configPath)!;
    const ws = loadWorkspace(configPath, { trusted: true });
    // Files under an invalid configuration are not checked: with the defaults, a
    // CI run would pass or fail on rules the team switched off or on.
    const usable = ws.problems.length ? null : ws;
    if (!usable) complain(`${configLine(ws.problems, io.cwd)} (its notes were not checked)`);
    workspaces.set(configPath, usable);
    return usable;
  };

  /** What to check: files on disk, or the text on standard input. */
  const sources: Source[] = [];
  if (options.stdin) {
    const display = options.stdinFilename ?? STDIN_NAME;
    // Without a name, the text gets the configuration of the current folder.
    const path = options.stdinFilename !== null ? resolve(io.cwd, options.stdinFilename) : join(io.cwd, STDIN_NAME);
    sources.push({ path, display, root: null, fromStdin: true, read: () => readStdin(io, options.maxFileSize) });
  } else {
    const { inputs, problems, emptyFolders, skipped } = collectInputs(options.paths, io.cwd, { followSymlinks: options.followSymlinks });
    for (const p of problems) complain(p);
    for (const link of skipped) io.stderr(`coding-notes: ${skippedLine(link)}\n`);
    for (const folder of emptyFolders) {
      progress.clear();
      io.stderr(`coding-notes: no ${'.codingnote'} files in ${folder}\n`);
    }
    for (const input of inputs) sources.push({ ...input, fromStdin: false, read: () => readNoteFile(input.path, options.maxFileSize) });
  }

  // Standard input is never written back: `--fix` with `--stdin` acts as `--fix-dry-run`.
  const fixing = options.fix || options.fixDryRun;
  const writing = options.fix && !options.stdin;
  const results: FileResult[] = [];
  for (let i = 0; i < sources.length; i++) {
    if (i > 0) yield { done: i, total: sources.length };
    const source = sources[i];
    if (!source.fromStdin) progress.show(i + 1, sources.length, source.display);
    const ws = workspaceFor(source);
    if (!ws) continue;
    const read = source.read();
    if (!read.ok) {
      complain(`cannot read ${source.display}: ${read.reason}`);
      continue;
    }
    const { note } = read;
    let text = note.text;
    let fixed = false;
    let applied: AppliedFix[] | null = null;
    if (fixing) {
      applied = [];
      const result = ws.engine.fixAll(text, ws.settings, options.fixTypes ? { kinds: options.fixTypes } : {});
      if (result.text !== text) {
        if (!writing) {
          text = result.text;
          applied = result.records;
          fixed = true;
        } else {
          const written = outsideRoot(source, options.followSymlinks)
            ? ({ ok: false, changedOnDisk: false, reason: 'it now leads out of the folder given' } as const)
            : replaceFile(source.path, note.bytes, encodeNote(result.text, note.bom));
          if (written.ok) {
            text = result.text;
            applied = result.records;
            fixed = true;
          } else if (written.changedOnDisk) {
            complain(`${source.display} changed on disk while it was being fixed; it was left as it is (run again to fix it)`);
          } else {
            complain(`cannot write the fixes to ${source.display}: ${written.reason}`);
          }
        }
      }
    }
    const { findings, notes } = ws.engine.check(text, ws.settings);
    results.push({
      path: source.path,
      display: source.display,
      notes,
      findings: options.quiet ? findings.filter((f) => f.severity === 'error') : findings,
      fixed,
      applied,
    });
  }
  progress.clear();

  switch (options.format) {
    case 'json':
      io.stdout(JSON.stringify(jsonReport(results), null, 2) + '\n');
      break;
    case 'sarif':
      io.stdout(
        JSON.stringify(
          sarifReport(results, {
            version: io.version,
            rules: rulesOf([forced, ...workspaces.values()]),
            cwd: io.cwd,
            docsFolder: io.docsFolder,
            documented: BUILT_IN_RULES,
            notifications: trouble,
          }),
          null,
          2,
        ) + '\n',
      );
      break;
    default:
      io.stdout(textReport(results, writing ? 'fix' : fixing ? 'dry-run' : 'check'));
  }

  // As ESLint's --max-warnings: the warnings reported (none with --quiet).
  const { error: errors, warning: warnings } = summarize(results);
  const tooManyWarnings = options.maxWarnings !== null && warnings > options.maxWarnings;
  if (tooManyWarnings) {
    io.stderr(`coding-notes: too many warnings: ${warnings}, more than the ${options.maxWarnings} that --max-warnings allows\n`);
  }
  if (trouble.length) return EXIT_TROUBLE;
  return errors > 0 || tooManyWarnings ? EXIT_ERRORS : EXIT_CLEAN;
}

interface Source extends NoteInput {
  fromStdin: boolean;
  read(): ReadResult;
}

function readStdin(io: CliIo, limit: number): ReadResult {
  if (!io.readStdin) return { ok: false, reason: 'standard input is not available' };
  let bytes: Buffer;
  try {
    bytes = io.readStdin(limit);
  } catch (e) {
    return { ok: false, reason: describeError(e) };
  }
  return decodeNote(bytes);
}

/**
 * A note found by searching a folder must be written inside that folder: the
 * search follows no link out of it, and this holds even if a folder was swapped
 * for a link since (unless --follow-symlinks asked to follow links).
 */
function outsideRoot(source: NoteInput, followSymlinks: boolean): boolean {
  if (!source.root || followSymlinks) return false;
  try {
    return !isWithin(realpathSync(source.path), source.root);
  } catch {
    return false; // gone: the write says so
  }
}

const DEFAULT_ENGINE = new Engine();
/** Rules with a page in the package: the built-in ones. */
const BUILT_IN_RULES: ReadonlySet<string> = DEFAULT_ENGINE.ruleIds;

/** The built-in rules, then any rule a workspace pack adds. */
function rulesOf(workspaces: readonly (Workspace | null)[]): Rule[] {
  const rules = [...DEFAULT_ENGINE.rules];
  for (const ws of workspaces) if (ws) rules.push(...ws.engine.rules);
  return rules;
}

/** One line for an invalid configuration: the first problem, with its file and line. */
export function configLine(problems: readonly ConfigProblem[], cwd: string): string {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return `invalid configuration ${shownPath(first.file, cwd)}:${first.line + 1}: ${first.message}${more}`;
}

function shownPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** `[3/120] notes/list-3.codingnote` on one rewritten terminal line. */
class Progress {
  private shown = false;
  constructor(private readonly io: CliIo) {}

  show(done: number, total: number, name: string): void {
    if (!this.io.stderrIsTerminal) return;
    this.io.stderr(`\r\x1b[K[${done}/${total}] ${name}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.io.stderr('\r\x1b[K');
    this.shown = false;
  }
}
