// Command-line arguments: parsed by hand (the contract is small and must not
// change under us with a parsing library's defaults).

import { FIX_KINDS, FixKind } from '../core/types';
import { DEFAULT_LIMITS, formatSize } from '../node/safe-read';

export type Format = 'text' | 'json' | 'sarif';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];

export interface CheckOptions {
  format: Format;
  /** `--fix`: write the fixes (with `--stdin`, nothing is written: as `--fix-dry-run`). */
  fix: boolean;
  /** `--fix-dry-run`: compute the fixes, write nothing, report the text as it would be. */
  fixDryRun: boolean;
  /** `--fix-type`: the kinds of fix to apply, in FIX_KINDS order; null for the engine's default. */
  fixTypes: FixKind[] | null;
  /** `--max-warnings N`: exit 1 also when more than N warnings are reported; null for no limit. */
  maxWarnings: number | null;
  /** `--stdin`: check the text on standard input instead of files. */
  stdin: boolean;
  /** `--stdin-filename PATH` as written: the report's path and where the configuration is looked up. */
  stdinFilename: string | null;
  /** `--config FILE` as written, or null to look up the nearest `.codingnotes.json`. */
  config: string | null;
  quiet: boolean;
  /** `--follow-symlinks`: follow links out of the folders given (never into /proc, /sys or /dev). */
  followSymlinks: boolean;
  /** `--max-file-size SIZE`: notes larger than this many bytes are not read (0: no limit). */
  maxFileSize: number;
  paths: string[];
}

export type ReportFormat = 'html' | 'markdown' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'markdown', 'json'];

/** `coding-notes report`: the audit report over the same files, in one format. */
export interface ReportOptions {
  format: ReportFormat;
  config: string | null;
  followSymlinks: boolean;
  maxFileSize: number;
  paths: string[];
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'report'; options: ReportOptions }
  | { kind: 'classifications'; options: ClassificationsOptions };

/** `coding-notes classifications`: which release files are loaded for a folder (cli/classifications.ts). */
export interface ClassificationsOptions {
  format: 'text' | 'json';
  config: string | null;
  /** The folder (or a file in it) whose configuration to show; null for the current folder. */
  path: string | null;
}

/** A mistake on the command line: reported in one line, exit status 2. */
export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Command {
  let command: string | null = null;
  let firstProblem: string | null = null;
  const problem = (message: string) => {
    firstProblem ??= message;
  };
  const options: CheckOptions = {
    format: 'text',
    fix: false,
    fixDryRun: false,
    fixTypes: null,
    maxWarnings: null,
    stdin: false,
    stdinFilename: null,
    config: null,
    quiet: false,
    followSymlinks: false,
    maxFileSize: DEFAULT_LIMITS.note,
    paths: [],
  };
  /** `--fix-type` was given (its kinds accumulate over repeats, as ESLint's do). */
  const fixTypes = new Set<FixKind>();
  let fixTypeGiven = false;
  /** Options given that only `check` takes, to name in an error for `report`. */
  const checkOnly: string[] = [];
  let wantsHelp = false;
  let wantsVersion = false;
  let onlyPaths = false;
  /** `--format` as written: which formats are valid depends on the command. */
  let format: string | null = null;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      if (command === null) command = arg;
      else if (arg === '-' && !onlyPaths) problem("'-' is not a path; to check standard input, use --stdin (and --stdin-filename PATH for its configuration)");
      else options.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : null;
    const value = (): string | null => {
      if (inline !== null) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        problem(`option ${name} needs a value`);
        return null;
      }
      i++;
      return next;
    };
    const flag = () => {
      if (inline !== null) problem(`option ${name} takes no value`);
    };
    switch (name) {
      case '--help':
      case '-h':
        flag();
        wantsHelp = true;
        break;
      case '--version':
        flag();
        wantsVersion = true;
        break;
      case '--fix':
        flag();
        options.fix = true;
        break;
      case '--quiet':
        flag();
        options.quiet = true;
        break;
      case '--fix-dry-run':
        flag();
        options.fixDryRun = true;
        checkOnly.push(name);
        break;
      case '--fix-type': {
        checkOnly.push(name);
        const v = value();
        if (v === null) break;
        fixTypeGiven = true;
        for (const kind of parseFixTypes(v, problem)) fixTypes.add(kind);
        break;
      }
      case '--max-warnings': {
        checkOnly.push(name);
        const v = value();
        if (v === null) break;
        if (/^[0-9]+$/.test(v) && Number.isSafeInteger(Number(v))) options.maxWarnings = Number(v);
        else problem(`option --max-warnings needs a whole number of 0 or more, not '${v}'`);
        break;
      }
      case '--stdin':
        flag();
        options.stdin = true;
        checkOnly.push(name);
        break;
      case '--stdin-filename': {
        checkOnly.push(name);
        const v = value();
        if (v === null) break;
        if (v === '') problem('option --stdin-filename needs a path');
        else options.stdinFilename = v;
        break;
      }
      case '--format': {
        const v = value();
        if (v === null) break;
        if (command === 'report' ? (REPORT_FORMATS as readonly string[]).includes(v) : (FORMATS as readonly string[]).includes(v)) format = v;
        else problem(command === 'report' ? `unknown format '${v}' (use html, markdown or json)` : `unknown format '${v}' (use text, json or sarif)`);
        break;
      }
      case '--follow-symlinks':
        flag();
        options.followSymlinks = true;
        break;
      case '--max-file-size': {
        const v = value();
        if (v === null) break;
        const size = parseSize(v);
        if (size === null) problem(`option --max-file-size needs a size such as 512MB, 2GB or 0 for no limit, not '${v}'`);
        else options.maxFileSize = size;
        break;
      }
      case '--config': {
        const v = value();
        if (v === null) break;
        if (v === '') problem('option --config needs a file name');
        else options.config = v;
        break;
      }
      default:
        problem(`unknown option '${name}'`);
    }
  }

  if (wantsHelp) return { kind: 'help' };
  if (wantsVersion) return { kind: 'version' };
  if (firstProblem) throw new UsageError(firstProblem);
  if (command === null) throw new UsageError('no command given (usage: coding-notes check [options] <file|folder>...)');
  if (command === 'report') {
    if (options.fix) throw new UsageError('option --fix is not for report');
    if (checkOnly.length) throw new UsageError(`option ${checkOnly[0]} is not for report`);
    if (options.quiet) throw new UsageError('option --quiet is not for report');
    if (!options.paths.length) throw new UsageError('no file or folder to report on');
    return {
      kind: 'report',
      options: {
        format: (format as ReportFormat | null) ?? 'html',
        config: options.config,
        followSymlinks: options.followSymlinks,
        maxFileSize: options.maxFileSize,
        paths: options.paths,
      },
    };
  }
  if (command === 'classifications') {
    const stray = options.fix ? '--fix' : options.quiet ? '--quiet' : checkOnly[0];
    if (stray) throw new UsageError(`option ${stray} is not for classifications`);
    if (format === 'sarif') throw new UsageError("unknown format 'sarif' for classifications (use text or json)");
    if (options.paths.length > 1) throw new UsageError('classifications takes one folder');
    return { kind: 'classifications', options: { format: format === 'json' ? 'json' : 'text', config: options.config, path: options.paths[0] ?? null } };
  }
  if (format !== null) options.format = format as Format;
  if (command !== 'check') throw new UsageError(`unknown command '${command}' (usage: coding-notes check [options] <file|folder>...)`);
  if (options.fix && options.fixDryRun) throw new UsageError('options --fix and --fix-dry-run cannot be used together');
  if (fixTypeGiven) {
    if (!options.fix && !options.fixDryRun) throw new UsageError('option --fix-type needs --fix or --fix-dry-run');
    options.fixTypes = FIX_KINDS.filter((k) => fixTypes.has(k));
  }
  if (options.stdinFilename !== null && !options.stdin) throw new UsageError('option --stdin-filename needs --stdin');
  if (options.stdin) {
    if (options.paths.length) throw new UsageError('give no file or folder with --stdin (name the text with --stdin-filename PATH)');
  } else if (!options.paths.length) throw new UsageError('no file or folder to check');
  return { kind: 'check', options };
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `512MB`, `2G`, `1048576`, `0` (no limit) → bytes (1 KB = 1,024 bytes); null when it is not a size. */
export function parseSize(text: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?) ?([a-z]*)$/i.exec(text.trim());
  if (!m) return null;
  const unit = UNITS[m[2].toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** `reading,insert` or `all`: the kinds, or a problem for the first word that is none. */
function parseFixTypes(value: string, problem: (message: string) => void): FixKind[] {
  const kinds: FixKind[] = [];
  for (const word of value.split(',').map((w) => w.trim())) {
    if (word === 'all') kinds.push(...FIX_KINDS);
    else if ((FIX_KINDS as readonly string[]).includes(word)) kinds.push(word as FixKind);
    else {
      problem(word === '' ? `option --fix-type needs a comma list of ${KIND_WORDS}` : `unknown fix type '${word}' (use ${KIND_WORDS})`);
      return [];
    }
  }
  return kinds;
}

const KIND_WORDS = `${FIX_KINDS.join(', ')} or all`;

export function helpText(version: string): string {
  return `coding-notes ${version}: checks clinical coding notes (.codingnote files)

Usage:
  coding-notes check [options] <file|folder>...
  coding-notes check [options] --stdin [--stdin-filename PATH] < note
  coding-notes report [--format html|markdown|json] [--config FILE] <file|folder>...
  coding-notes classifications [--format text|json] [--config FILE] [folder]

Folders are searched for *.codingnote files, skipping node_modules and folders
whose name starts with a dot, and following no symbolic link out of the folder
given (nor into /proc, /sys or /dev). Each file is checked with the nearest
.codingnotes.json in its folder or a parent folder, as in the editor.

Options:
  --format text|json|sarif  report format (default: text)
  --fix                     apply the preferred fixes of the kinds reading, layout
                            and insert in place, then report what remains
  --fix-type KINDS          with --fix or --fix-dry-run: the kinds of fix to apply,
                            a comma list of reading, layout, insert, change, or all
                            (change replaces or removes a code the coder wrote)
  --fix-dry-run             compute the same fixes but write nothing; report the
                            notes as they would be, and what would change
  --max-warnings N          exit 1 also when more than N warnings are reported
  --stdin                   check the text on standard input instead of files; the
                            report is on stdout as usual. With --stdin, --fix writes
                            nothing (it acts as --fix-dry-run)
  --stdin-filename PATH     with --stdin: the path to report, and whose nearest
                            .codingnotes.json applies (default: <stdin>, with the
                            configuration of the current folder)
  --config FILE             use this .codingnotes.json for every file
  --follow-symlinks         follow symbolic links out of the folders given too
                            (never into /proc, /sys or /dev; loops still end)
  --max-file-size SIZE      do not read a note larger than SIZE (default
                            ${formatSize(DEFAULT_LIMITS.note)}; 0 for no limit), e.g. 1GB
  --quiet                   report errors only (warnings then count for nothing,
                            --max-warnings included)
  -h, --help                show this help
  --version                 show the version

report writes an audit of the same checks to stdout: per guidance pack, the
notes checked, the share with no error, problems per rule (a chart) and the
episodes that need attention. html (default) is one self-contained page.

classifications says which official release files (OPCS-4, ICD-10) are loaded
for a folder: file, format, version, code count and load time.

Exit status:
  0  no error remains (and no more warnings than --max-warnings allows)
  1  some errors remain, or more warnings than --max-warnings allows
  2  usage error, unreadable input or invalid configuration
`;
}
