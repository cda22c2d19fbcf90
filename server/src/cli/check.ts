// `coding-notes check`: the same rules, configuration and messages as the
// editor, over files on disk. Returns the exit status; never throws for a
// problem with the user's files.

import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Workspace } from '../node/workspace';
import { Engine } from '../core/engine';
import type { AppliedFix, CheckSettings } from '../core/engine';
import type { Rule } from '../core/rules/rule';
import type { CheckOptions, InputOptions } from './args';
import { collectInputs, isWithin, NoteInput, skippedLine, unmatchedLine, IGNORE_FILE } from '../node/walk';
import type { Inputs } from '../node/walk';
import { readNoteFile, decodeNote, encodeNote, ReadResult } from '../node/textfile';
import type { DecodeOptions } from '../node/textfile';
import { describeError } from '../node/errors';
import { deferSignals, replaceFile } from './write';
import { FileResult, jsonReport, textReport, summarize } from './report';
import { sarifReport } from './sarif';
import { csvReport } from '../report/csv';
import { globPattern } from './glob';
import { CliConfigs } from './configs';
import { printConfig } from './print-config';

export { configLine } from './configs';

export interface CliIo {
  cwd: string;
  version: string;
  /** Folder of the rule pages (`docs/rules` next to the bundle's folder). */
  docsFolder: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Progress lines are shown only on a terminal. */
  stderrIsTerminal: boolean;
  /** The arguments after the command name, as given (the audit report records them). */
  argv?: readonly string[];
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
  const warn = (line: string) => {
    progress.clear();
    io.stderr(`coding-notes: ${line}\n`);
  };
  const configs = new CliConfigs(options.config, io.cwd, complain, warn);
  if (configs.forcedProblem) {
    complain(configs.forcedProblem);
    return EXIT_TROUBLE;
  }
  if (options.printConfig !== null) return printConfig(options.printConfig, configs, io);
  const workspaceFor = (input: { path: string }): Workspace | null => configs.forFile(input.path);

  /** What to check: files on disk, or the text on standard input. */
  const sources: Source[] = [];
  if (options.stdin) {
    const display = options.stdinFilename ?? STDIN_NAME;
    // Without a name, the text gets the configuration of the current folder.
    const path = options.stdinFilename !== null ? resolve(io.cwd, options.stdinFilename) : join(io.cwd, STDIN_NAME);
    sources.push({ path, display, root: null, fromStdin: true, read: () => readStdin(io, options.maxFileSize, decodeOptions(options)) });
  } else {
    const found = findInputs(options, io, complain);
    for (const input of found.inputs)
      sources.push({ ...input, fromStdin: false, read: () => readNoteFile(input.path, options.maxFileSize, decodeOptions(options)) });
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
      const result = ws.engine.fixAll(text, settingsOf(ws, options), options.fixTypes ? { kinds: options.fixTypes } : {});
      if (result.text !== text) {
        if (!writing) {
          text = result.text;
          applied = result.records;
          fixed = true;
        } else {
          // Written back in the encoding (and with the byte order mark) it was read in: never converted.
          const encoded = encodeNote(result.text, note);
          const written = outsideRoot(source, options.followSymlinks)
            ? ({ ok: false, changedOnDisk: false, reason: 'it now leads out of the folder given' } as const)
            : !encoded.ok
              ? ({ ok: false, changedOnDisk: false, reason: encoded.reason } as const)
              : replaceFile(source.path, note.bytes, encoded.bytes);
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
    const { findings, notes, suppressed = [] } = ws.engine.check(text, settingsOf(ws, options), { suppressed: true });
    const shown = <T extends { severity: string }>(list: T[]) => (options.quiet ? list.filter((f) => f.severity === 'error') : list);
    results.push({
      path: source.path,
      display: source.display,
      notes,
      findings: shown(findings),
      suppressed: shown(suppressed),
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
            rules: rulesOf(configs.all()),
            cwd: io.cwd,
            notifications: trouble,
          }),
          null,
          2,
        ) + '\n',
      );
      break;
    case 'csv':
      io.stdout(csvReport(results));
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

/** What to tell a person whose note is not in the encoding expected. */
export const ENCODING_ADVICE = 'save it as UTF-8, or name its encoding with --encoding (windows-1252, utf-16le or utf-16be)';

/** How the command line reads a note's bytes: `--encoding`, and advice that names it. */
export function decodeOptions(options: Pick<InputOptions, 'encoding'>): DecodeOptions {
  return { encoding: options.encoding, advice: ENCODING_ADVICE };
}

function readStdin(io: CliIo, limit: number, decode: DecodeOptions): ReadResult {
  if (!io.readStdin) return { ok: false, reason: 'standard input is not available' };
  let bytes: Buffer;
  try {
    bytes = io.readStdin(limit);
  } catch (e) {
    return { ok: false, reason: describeError(e) };
  }
  return decodeNote(bytes, decode);
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

/** The settings a file is checked with: its configuration's, and what the command line adds. */
export function settingsOf(ws: Workspace, options: Pick<CheckOptions, 'inlineConfig'> & Partial<Pick<CheckOptions, 'reportUnusedDirectives'>>): CheckSettings {
  const settings: CheckSettings = { ...ws.settings };
  if (!options.inlineConfig) settings.inlineConfig = false;
  if (options.reportUnusedDirectives) settings.reportUnusedDirectives = true;
  return settings;
}

/**
 * The notes the paths given name, as the command line reports them: files that
 * cannot be read are complained about; a folder or pattern that matches no note
 * too, unless --no-error-on-unmatched-pattern (then it is only said); links not
 * followed and files the ignore file leaves out are said on stderr.
 */
export function findInputs(options: InputOptions, io: CliIo, complain: (line: string) => void): Inputs {
  const found = collectInputs(options.paths, io.cwd, { followSymlinks: options.followSymlinks, ignoreFrom: io.cwd, pattern: globPattern });
  for (const p of found.problems) complain(p);
  for (const link of found.skipped) io.stderr(`coding-notes: ${skippedLine(link)}\n`);
  for (const name of found.ignored) io.stderr(`coding-notes: ${name} is not checked: ${IGNORE_FILE} leaves it out\n`);
  for (const u of found.unmatched) {
    if (options.errorOnUnmatchedPattern) complain(`${unmatchedLine(u)} (--no-error-on-unmatched-pattern allows it)`);
    else io.stderr(`coding-notes: ${unmatchedLine(u)}\n`);
  }
  return found;
}

const DEFAULT_ENGINE = new Engine();

/** The built-in rules, then any rule a workspace pack adds. */
function rulesOf(workspaces: readonly Workspace[]): { rule: Rule; engine: Engine }[] {
  const rules = DEFAULT_ENGINE.rules.map((rule) => ({ rule, engine: DEFAULT_ENGINE }));
  for (const ws of workspaces) for (const rule of ws.engine.rules) rules.push({ rule, engine: ws.engine });
  return rules;
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
