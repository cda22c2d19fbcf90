// `coding-notes check`: the same rules, configuration and messages as the
// editor, over files on disk. Returns the exit status; never throws for a
// problem with the user's files.

import { join, resolve } from 'node:path';
import type { Workspace } from '../node/workspace';
import { Engine } from '../core/engine';
import type { Rule } from '../core/rules/rule';
import type { CheckOptions } from './args';
import type { NoteInput } from '../node/walk';
import { readNoteFile, decodeNote, ReadResult } from '../node/textfile';
import { describeError } from '../node/errors';
import { deferSignals, replaceFile } from './write';
import type { DeferredSignals } from './write';
import { FixMode, RunTotals } from './report';
import { sarifRules } from './sarif';
import { CliConfigs } from './configs';
import { printConfig } from './print-config';
import { checkFile, decodeOptions } from './check-file';
import type { FileCheckOptions, FileOutcome, PartContext, ReportPart } from './check-file';
import { CheckPool, workerCount } from './pool';
import { findInputs, notCheckedBySearch, outsideRoot, readStdin } from './inputs';
import { byPath, notCheckedOf } from '../node/report-record';
import type { NotChecked } from '../report/audit';
import { Progress, ReportWriter, toBuffer } from './report-writer';

export { configLine } from './configs';
export { findInputs } from './inputs';
export { decodeOptions, ENCODING_ADVICE, settingsOf } from './check-file';

export interface CliIo {
  cwd: string;
  version: string;
  /** Folder of the rule pages (`docs/rules` next to the bundle's folder). */
  docsFolder: string;
  /** The report, a piece at a time (text, or UTF-8 bytes). */
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  /** Progress lines are shown only on a terminal. */
  stderrIsTerminal: boolean;
  /** The arguments after the command name, as given (the audit report records them). */
  argv?: readonly string[];
  /** All of standard input, for `--stdin` (read only then), at most `limit` bytes (0: no limit). Throws when it cannot be read or is larger. */
  readStdin?(limit: number): Buffer;
  /** Resolves once the report written so far has been taken (stdout's backpressure), so memory does not grow with the report. */
  outputDrained?(): Promise<void>;
  /** The script that worker threads run (the CLI bundle); without it every file is checked in this thread. */
  workerScript?: string;
  /** Signals the caller holds already (a report file is being written): the run stops between two files when one comes. */
  signals?: DeferredSignals;
}

/** The name a report gives the text on standard input when `--stdin-filename` does not name it. */
export const STDIN_NAME = '<stdin>';

export const EXIT_CLEAN = 0;
export const EXIT_ERRORS = 1;
export const EXIT_TROUBLE = 2;

/** Runs a check to the end in this thread, synchronously. */
export function runCheck(options: CheckOptions, io: CliIo): number {
  const run = CheckRun.start(options, io);
  if (typeof run === 'number') return run;
  for (let i = 0; i < run.sources.length; i++) run.settle(i, run.checkHere(i));
  const end = run.finish();
  for (;;) {
    const step = end.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs a check as the command line does: many files in worker threads (in
 * input order all the same), the report written file by file as stdout takes
 * it. With `--fix` (or signals the caller holds), Ctrl+C (SIGINT), SIGTERM and
 * SIGHUP stop the run between two files, never inside a write: no file is left
 * half written and no temporary file is left behind; the signal then ends the
 * process as it would have.
 */
export async function runCheckInterruptibly(options: CheckOptions, io: CliIo): Promise<number> {
  const run = CheckRun.start(options, io);
  if (typeof run === 'number') return run;
  const ownSignals = !io.signals && options.fix && !options.stdin ? deferSignals() : null;
  const signals = io.signals ?? ownSignals;
  const workers = workerCount(options, run.sources, io);
  const pool = workers > 0 ? new CheckPool(io.workerScript!, workers, run.workerSetup(options)) : null;
  try {
    const total = run.sources.length;
    // Files handed out ahead of the one to report next: enough to keep every worker busy, few enough that waiting parts stay small.
    const ahead = workers * 2;
    const waiting = new Map<number, Promise<FileOutcome | null>>();
    let next = 0;
    for (let i = 0; i < total; i++) {
      if (i > 0) {
        await io.outputDrained?.();
        // Between two files: let a signal in.
        await new Promise((done) => setImmediate(done));
        const signal = signals?.caught();
        if (signal) {
          const fixes = options.fix && !options.stdin ? '; each file holds its old text or its fixed text' : '';
          run.stopped(`stopped by ${signal} after ${i} of ${total} files${fixes}`);
          return EXIT_TROUBLE;
        }
      }
      let outcome: FileOutcome | null;
      if (pool) {
        for (; next < total && next <= i + ahead; next++) waiting.set(next, run.checkInWorker(next, pool));
        outcome = await waiting.get(i)!;
        waiting.delete(i);
      } else {
        outcome = run.checkHere(i);
      }
      run.settle(i, outcome);
    }
    const end = run.finish();
    for (;;) {
      const step = end.next();
      if (step.done) return step.value;
      await io.outputDrained?.();
    }
  } finally {
    await pool?.close();
    ownSignals?.release();
  }
}

interface Source extends NoteInput {
  fromStdin: boolean;
  read(): ReadResult;
}

/** What a file needs before it is checked: its configuration, and (SARIF) the rule indexes as they stand. */
interface Prepared {
  ws: Workspace;
  configPath: string | null;
  context: PartContext;
}

/** A line for stderr that waits for its file's turn; `trouble` lines are problems of the run (exit status 2, SARIF notifications). */
interface HeldLine {
  line: string;
  trouble: boolean;
}

/**
 * One `check` run: its files, configurations and report. Files are prepared
 * (their configuration looked up) in input order, checked here or in a worker,
 * and settled (written with `--fix`, their part of the report written, their
 * lines said on stderr) in input order, so the output is the same whichever
 * thread checked what.
 */
class CheckRun {
  readonly sources: Source[] = [];
  private readonly progress: Progress;
  private readonly trouble: string[] = [];
  private readonly totals = new RunTotals();
  /** What was found or given and not checked, with why (JSON's `notChecked`). */
  private readonly notChecked: NotChecked[] = [];
  private readonly fileOptions: FileCheckOptions;
  private readonly writer: ReportWriter;
  private readonly prepared = new Map<number, Prepared | null>();
  /** Lines said while preparing a file, held until its turn. */
  private readonly held = new Map<number, HeldLine[]>();
  private holding: HeldLine[] | null = null;
  private ruleIndex: { workspaces: number; context: PartContext } | null = null;
  private configs!: CliConfigs;

  private constructor(
    private readonly options: CheckOptions,
    private readonly io: CliIo,
  ) {
    this.progress = new Progress(io);
    const fixing = options.fix || options.fixDryRun;
    // Standard input is never written back: `--fix` with `--stdin` acts as `--fix-dry-run`.
    const writing = options.fix && !options.stdin;
    this.fileOptions = {
      format: options.format,
      fixing,
      writing,
      fixTypes: options.fixTypes,
      quiet: options.quiet,
      inlineConfig: options.inlineConfig,
      reportUnusedDirectives: options.reportUnusedDirectives,
      cwd: io.cwd,
    };
    this.writer = new ReportWriter(options.format, io);
  }

  /** The run, or the exit status when there is nothing to check (`--print-config`, an unusable `--config`). */
  static start(options: CheckOptions, io: CliIo): CheckRun | number {
    const run = new CheckRun(options, io);
    // One configuration for everything, or the nearest one per file.
    run.configs = new CliConfigs(
      options.config,
      io.cwd,
      (line) => run.say(line, true),
      (line) => run.say(line, false),
    );
    if (run.configs.forcedProblem) {
      run.say(run.configs.forcedProblem, true);
      // There is nothing to print; a check goes on, so that scripts still get a report, every file in it not checked.
      if (options.printConfig !== null) return EXIT_TROUBLE;
    }
    if (options.printConfig !== null) return printConfig(options.printConfig, run.configs, io);

    if (options.stdin) {
      const display = options.stdinFilename ?? STDIN_NAME;
      // Without a name, the text gets the configuration of the current folder.
      const path = options.stdinFilename !== null ? resolve(io.cwd, options.stdinFilename) : join(io.cwd, STDIN_NAME);
      run.sources.push({ path, display, root: null, fromStdin: true, read: () => readStdin(io, options.maxFileSize, decodeOptions(options)) });
    } else {
      const found = findInputs(options, io, (line) => run.say(line, true));
      // A path the search found but could not read (a FIFO, a missing file named) is not checked either.
      run.totals.notChecked += found.problems.length;
      run.notChecked.push(...notCheckedBySearch(found));
      for (const input of found.inputs)
        run.sources.push({ ...input, fromStdin: false, read: () => readNoteFile(input.path, options.maxFileSize, decodeOptions(options)) });
    }
    run.writer.begin();
    return run;
  }

  /** A line for stderr: said now, or held for the file being prepared. */
  private say(line: string, trouble: boolean): void {
    if (this.holding) this.holding.push({ line, trouble });
    else this.tell({ line, trouble });
  }

  private tell({ line, trouble }: HeldLine): void {
    if (trouble) this.trouble.push(line);
    this.progress.clear();
    this.io.stderr(`coding-notes: ${line}\n`);
  }

  /** Looks up the file's configuration (what that says waits for the file's turn); null when it is invalid. */
  private prepare(i: number): Prepared | null {
    if (this.prepared.has(i)) return this.prepared.get(i)!;
    const lines: HeldLine[] = [];
    this.holding = lines;
    let prepared: Prepared | null = null;
    try {
      const ws = this.configs.forFile(this.sources[i].path);
      if (ws) prepared = { ws, configPath: this.configs.configPathFor(this.sources[i].path), context: this.context() };
    } finally {
      this.holding = null;
    }
    this.held.set(i, lines);
    this.prepared.set(i, prepared);
    return prepared;
  }

  /** SARIF's rule indexes, from the configurations loaded so far (a list that only grows, so an index never changes). */
  private context(): PartContext {
    if (this.options.format !== 'sarif') return { ruleIndex: new Map() };
    const workspaces = this.configs.all();
    if (this.ruleIndex?.workspaces !== workspaces.length)
      this.ruleIndex = { workspaces: workspaces.length, context: { ruleIndex: sarifRules(rulesOf(workspaces)).index } };
    return this.ruleIndex.context;
  }

  /** Checks file i in this thread. */
  checkHere(i: number): FileOutcome | null {
    const prepared = this.prepare(i);
    if (!prepared) return null;
    const source = this.sources[i];
    return checkFile(source, source.read(), prepared.ws, this.fileOptions, prepared.context);
  }

  /** Checks file i in a worker; a worker that fails becomes a line that says so. */
  checkInWorker(i: number, pool: CheckPool): Promise<FileOutcome | null> {
    const prepared = this.prepare(i);
    if (!prepared) return Promise.resolve(null);
    const { path, display } = this.sources[i];
    const ruleIndex = this.options.format === 'sarif' ? (prepared.context.ruleIndex as Map<string, number>) : undefined;
    return pool
      .check({ id: i, path, display, configPath: prepared.configPath, ...(ruleIndex ? { ruleIndex } : {}) })
      .catch((e: unknown) => ({ complaints: [`cannot check ${display}: ${describeError(e)}`], part: null, write: null }));
  }

  workerSetup(options: CheckOptions) {
    return { options: this.fileOptions, maxFileSize: options.maxFileSize, encoding: options.encoding };
  }

  /** File i's turn: its lines, its fixes written, its part of the report. */
  settle(i: number, outcome: FileOutcome | null): void {
    const source = this.sources[i];
    if (!source.fromStdin) this.progress.show(i + 1, this.sources.length, source.display);
    for (const line of this.held.get(i) ?? []) this.tell(line);
    this.held.delete(i);
    const prepared = this.prepared.get(i);
    this.prepared.delete(i);
    if (!outcome || !prepared) {
      this.totals.notChecked++;
      this.notChecked.push({ path: source.display, reason: this.configs.notCheckedReason(source.path) });
      return;
    }
    let part = outcome.part;
    const write = outcome.write;
    if (write) {
      const outside = outsideRoot(source, this.options.followSymlinks);
      if ('failed' in write || outside) {
        this.tell({
          line: `cannot write the fixes to ${source.display}: ${outside ? 'it now leads out of the folder given' : (write as { failed: string }).failed}`,
          trouble: true,
        });
        if (!('failed' in write)) part = this.unfixed(i, prepared, write.original);
      } else {
        const original = toBuffer(write.original);
        const written = replaceFile(source.path, original, toBuffer(write.fixed));
        if (!written.ok) {
          this.tell({
            line: written.changedOnDisk
              ? `${source.display} changed on disk while it was being fixed; it was left as it is (run again to fix it)`
              : `cannot write the fixes to ${source.display}: ${written.reason}`,
            trouble: true,
          });
          part = this.unfixed(i, prepared, original);
        }
      }
    }
    for (const line of outcome.complaints) this.tell({ line, trouble: true });
    if (!part) {
      this.totals.notChecked++;
      const why = outcome.complaints.at(-1);
      this.notChecked.push({ path: source.display, reason: why ? notCheckedOf(why).reason : 'it could not be checked' });
      return;
    }
    this.writer.part(part);
    this.totals.add(part.totals);
  }

  /** The file as it is on disk, its fixes not written: checked again here (rare: a write that failed). */
  private unfixed(i: number, prepared: Prepared, original: Uint8Array): ReportPart | null {
    return checkFile(this.sources[i], decodeNote(toBuffer(original), decodeOptions(this.options)), prepared.ws, this.fileOptions, prepared.context, true).part;
  }

  /** A signal stopped the run between two files. */
  stopped(line: string): void {
    this.progress.clear();
    this.io.stderr(`\ncoding-notes: ${line}\n`);
  }

  /** The report's closing, then the exit status; yields between the pieces of a long closing (SARIF's results), for stdout to take them. */
  *finish(): Generator<void, number> {
    this.progress.clear();
    const { fix, fixDryRun, stdin } = this.options;
    const mode: FixMode = fix && !stdin ? 'fix' : fix || fixDryRun ? 'dry-run' : 'check';
    yield* this.writer.end(this.totals, byPath(this.notChecked), mode, () => ({
      version: this.io.version,
      rules: rulesOf(this.configs.all()),
      cwd: this.io.cwd,
      notifications: this.trouble,
      configProblems: this.configs.unusableProblems(),
    }));

    // As ESLint's --max-warnings: the warnings reported (none with --quiet).
    const { error: errors, warning: warnings } = this.totals.summary;
    const tooManyWarnings = this.options.maxWarnings !== null && warnings > this.options.maxWarnings;
    if (tooManyWarnings) {
      this.io.stderr(`coding-notes: too many warnings: ${warnings}, more than the ${this.options.maxWarnings} that --max-warnings allows\n`);
    }
    if (this.trouble.length) return EXIT_TROUBLE;
    return errors > 0 || tooManyWarnings ? EXIT_ERRORS : EXIT_CLEAN;
  }
}

const DEFAULT_ENGINE = new Engine();

/** The built-in rules, then any rule a workspace pack adds. */
function rulesOf(workspaces: readonly Workspace[]): { rule: Rule; engine: Engine }[] {
  const rules = DEFAULT_ENGINE.rules.map((rule) => ({ rule, engine: DEFAULT_ENGINE }));
  for (const ws of workspaces) for (const rule of ws.engine.rules) rules.push({ rule, engine: ws.engine });
  return rules;
}
