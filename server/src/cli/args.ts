// Command-line arguments, read with node:util's parseArgs, per command: the
// command is the first word that is not an option or an option's value, and
// every option, before the command or after it, is checked against that
// command's own list (`coding-notes --format sarif report x` is report's
// --format, and sarif is not one of report's formats). Messages are ours, one
// line each, so the contract cannot change under us with a library's wording.

import { parseArgs as parseTokens } from 'node:util';
import { FIX_KINDS, FixKind } from '../core/types';
import { DEFAULT_LIMITS } from '../node/safe-read';
import { ENCODINGS, Encoding } from '../node/textfile';

export type Format = 'text' | 'json' | 'sarif' | 'csv';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'csv'];

/** What every command that reads notes shares: where they are, and how to find them. */
export interface InputOptions {
  /** `--config FILE` as written, or null to look up the nearest `.codingnotes.json`. */
  config: string | null;
  /** `--follow-symlinks`: follow links out of the folders given (never into /proc, /sys or /dev). */
  followSymlinks: boolean;
  /** `--max-file-size SIZE`: notes larger than this many bytes are not read (0: no limit). */
  maxFileSize: number;
  /** `--no-error-on-unmatched-pattern`: a path or pattern that matches no note is not an error. */
  errorOnUnmatchedPattern: boolean;
  /** `--no-inline-config`: suppression comments switch nothing off. */
  inlineConfig: boolean;
  /** `--encoding`: the encoding of notes with no byte order mark; null for UTF-8 (refusing what is not). */
  encoding: Encoding | null;
  /** `--output-file PATH`: the report goes to this file (written atomically), not to stdout. */
  outputFile: string | null;
  /** Files, folders and glob patterns, as written. */
  paths: string[];
}

export interface CheckOptions extends InputOptions {
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
  quiet: boolean;
  /** `--report-unused-disable-directives`: a warning for each rule id of a suppression comment that switched nothing off. */
  reportUnusedDirectives: boolean;
  /** `--print-config PATH`: print the configuration that PATH gets, as JSON, and check nothing. */
  printConfig: string | null;
  /** `--concurrency`: worker threads to check files with; `auto` decides by the number and size of files, 1 (`off`) checks in this thread. */
  concurrency: number | 'auto';
}

/** The most worker threads `--concurrency` may ask for. */
export const MAX_CONCURRENCY = 256;

export type ReportFormat = 'html' | 'markdown' | 'json' | 'csv';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'markdown', 'json', 'csv'];

/** `coding-notes report`: the audit report over the same files, in one format. */
export interface ReportOptions extends InputOptions {
  format: ReportFormat;
  /** `--report-unused-disable-directives`, as for check: the report counts each unused directive as a warning. */
  reportUnusedDirectives: boolean;
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
  /** `--output-file PATH`, as for the other commands. */
  outputFile?: string | null;
}

/** A mistake on the command line: reported in one line, exit status 2. */
export class UsageError extends Error {}

type OptionType = 'string' | 'boolean';
type Spec = Record<string, { type: OptionType; short?: string; multiple?: boolean }>;

const COMMON: Spec = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  format: { type: 'string' },
  config: { type: 'string' },
  'output-file': { type: 'string' },
};

const INPUTS: Spec = {
  'follow-symlinks': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  'no-error-on-unmatched-pattern': { type: 'boolean' },
  'no-inline-config': { type: 'boolean' },
  encoding: { type: 'string' },
};

/** Each command's options. */
export const SPECS: Record<'check' | 'report' | 'classifications', Spec> = {
  check: {
    ...COMMON,
    ...INPUTS,
    fix: { type: 'boolean' },
    'fix-dry-run': { type: 'boolean' },
    'fix-type': { type: 'string', multiple: true },
    'max-warnings': { type: 'string' },
    stdin: { type: 'boolean' },
    'stdin-filename': { type: 'string' },
    quiet: { type: 'boolean' },
    'report-unused-disable-directives': { type: 'boolean' },
    'print-config': { type: 'string' },
    concurrency: { type: 'string' },
  },
  report: { ...COMMON, ...INPUTS, 'report-unused-disable-directives': { type: 'boolean' } },
  classifications: { ...COMMON },
};

/** Every option of every command: to find the command among the words, and to say an option is another command's. */
const ALL: Spec = Object.assign({}, ...Object.values(SPECS)) as Spec;

const COMMANDS = Object.keys(SPECS) as (keyof typeof SPECS)[];

const USAGE = 'usage: coding-notes check [options] <file|folder|pattern>...';

interface Token {
  kind: 'option' | 'positional' | 'option-terminator';
  name?: string;
  rawName?: string;
  index: number;
  value?: string;
  inlineValue?: boolean;
}

function tokenize(args: readonly string[], spec: Spec): Token[] {
  return parseTokens({ args: [...args], options: spec, strict: false, allowPositionals: true, tokens: true }).tokens;
}

/** The option as the user wrote it, for messages: `--format`, `-h`. */
function shown(t: Token): string {
  return t.rawName ?? `--${t.name}`;
}

export function parseArgs(argv: readonly string[]): Command {
  // The command: the first word that is not an option, nor the value of one (any command's).
  const first = tokenize(argv, ALL).find((t) => t.kind === 'positional' || t.kind === 'option-terminator');
  let command: string | null = first?.kind === 'positional' ? first.value! : null;
  const rest = first?.kind === 'positional' ? [...argv.slice(0, first.index), ...argv.slice(first.index + 1)] : [...argv];
  if (command === null && tokenize(argv, ALL).some((t) => t.kind === 'option' && t.name === 'print-config')) command = 'check';
  const known = command !== null && (COMMANDS as string[]).includes(command) ? (command as keyof typeof SPECS) : null;
  const spec = known ? SPECS[known] : ALL;

  let firstProblem: string | null = null;
  const problem = (message: string) => {
    firstProblem ??= message;
  };
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const paths: string[] = [];
  let afterTerminator = false;
  /** Options given that are another command's, to name in the error. */
  const foreign: string[] = [];

  for (const t of tokenize(rest, spec)) {
    if (t.kind === 'option-terminator') {
      afterTerminator = true;
      continue;
    }
    if (t.kind === 'positional') {
      if (t.value === '-' && !afterTerminator)
        problem("'-' is not a path; to check standard input, use --stdin (and --stdin-filename PATH for its configuration)");
      else paths.push(t.value!);
      continue;
    }
    const name = t.name!;
    const own = spec[name];
    if (!own) {
      if (ALL[name] && known) foreign.push(shown(t));
      else problem(`unknown option '${shown(t)}'`);
      continue;
    }
    if (own.type === 'boolean') {
      if (t.value !== undefined) problem(`option ${shown(t)} takes no value`);
      else flags.add(name);
      continue;
    }
    // parseArgs takes the next word as the value even when it is an option: as before, that is a missing value.
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--') && t.value.length > 2)) {
      problem(`option ${shown(t)} needs a value`);
      continue;
    }
    values.set(name, [...(values.get(name) ?? []), t.value]);
  }

  if (flags.has('help')) return { kind: 'help' };
  if (flags.has('version')) return { kind: 'version' };
  if (firstProblem) throw new UsageError(firstProblem);
  if (command === null) throw new UsageError(`no command given (${USAGE})`);
  if (!known) throw new UsageError(`unknown command '${command}' (${USAGE})`);
  if (foreign.length) throw new UsageError(`option ${foreign[0]} is not for ${known}`);

  const last = (name: string): string | null => values.get(name)?.at(-1) ?? null;
  const format = last('format');
  const config = nonEmpty(last('config'), 'option --config needs a file name');
  const outputFile = nonEmpty(last('output-file'), 'option --output-file needs a file name');
  // A report is never a note: writing one over a note would lose the coder's text.
  if (outputFile !== null && /\.codingnote$/i.test(outputFile.trim())) {
    throw new UsageError(`--output-file ${outputFile} names a note: a report written there would replace it (give a file name such as report.json)`);
  }

  if (known === 'classifications') {
    if (format !== null && format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}' for classifications (use text or json)`);
    if (paths.length > 1) throw new UsageError('classifications takes one folder');
    return { kind: 'classifications', options: { format: format === 'json' ? 'json' : 'text', config, path: paths[0] ?? null, outputFile } };
  }

  const maxFileSizeText = last('max-file-size');
  let maxFileSize = DEFAULT_LIMITS.note;
  if (maxFileSizeText !== null) {
    const size = parseSize(maxFileSizeText);
    if (size === null) throw new UsageError(`option --max-file-size needs a size such as 512MB, 2GB or 0 for no limit, not '${maxFileSizeText}'`);
    maxFileSize = size;
  }
  const encodingText = last('encoding');
  let encoding: Encoding | null = null;
  if (encodingText !== null) {
    // VS Code's `files.encoding` names (utf8, utf16le, windows1252) are accepted too.
    const given = encodingText.toLowerCase();
    encoding = ENCODINGS.find((e) => e === given || e.replace('-', '') === given) ?? (given === 'cp1252' ? 'windows-1252' : null);
    if (!encoding) throw new UsageError(`unknown encoding '${encodingText}' for --encoding (use ${ENCODINGS.slice(0, -1).join(', ')} or ${ENCODINGS.at(-1)})`);
  }
  const inputs: InputOptions = {
    config,
    encoding,
    followSymlinks: flags.has('follow-symlinks'),
    maxFileSize,
    errorOnUnmatchedPattern: !flags.has('no-error-on-unmatched-pattern'),
    inlineConfig: !flags.has('no-inline-config'),
    outputFile,
    paths,
  };

  if (known === 'report') {
    if (format !== null && !(REPORT_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`unknown format '${format}' (use html, markdown, json or csv)`);
    if (!paths.length) throw new UsageError('no file or folder to report on');
    return {
      kind: 'report',
      options: { ...inputs, format: (format as ReportFormat | null) ?? 'html', reportUnusedDirectives: flags.has('report-unused-disable-directives') },
    };
  }

  if (format !== null && !(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}' (use text, json, sarif or csv)`);
  const options: CheckOptions = {
    ...inputs,
    format: (format as Format | null) ?? 'text',
    fix: flags.has('fix'),
    fixDryRun: flags.has('fix-dry-run'),
    fixTypes: null,
    maxWarnings: null,
    stdin: flags.has('stdin'),
    stdinFilename: null,
    quiet: flags.has('quiet'),
    reportUnusedDirectives: flags.has('report-unused-disable-directives'),
    printConfig: nonEmpty(last('print-config'), 'option --print-config needs a path'),
    concurrency: 'auto',
  };
  const concurrency = last('concurrency');
  if (concurrency !== null) {
    if (concurrency === 'auto') options.concurrency = 'auto';
    else if (concurrency === 'off') options.concurrency = 1;
    else if (/^[0-9]+$/.test(concurrency) && Number(concurrency) >= 1 && Number(concurrency) <= MAX_CONCURRENCY) options.concurrency = Number(concurrency);
    else throw new UsageError(`option --concurrency needs auto, off or a whole number from 1 to ${MAX_CONCURRENCY}, not '${concurrency}'`);
  }
  const maxWarnings = last('max-warnings');
  if (maxWarnings !== null) {
    if (/^[0-9]+$/.test(maxWarnings) && Number.isSafeInteger(Number(maxWarnings))) options.maxWarnings = Number(maxWarnings);
    else throw new UsageError(`option --max-warnings needs a whole number of 0 or more, not '${maxWarnings}'`);
  }
  options.stdinFilename = nonEmpty(last('stdin-filename'), 'option --stdin-filename needs a path');
  // `--fix-type` kinds accumulate over repeats, as ESLint's do.
  const fixTypeValues = values.get('fix-type');
  if (fixTypeValues) {
    const kinds = new Set<FixKind>();
    for (const v of fixTypeValues) for (const kind of parseFixTypes(v)) kinds.add(kind);
    if (!options.fix && !options.fixDryRun) throw new UsageError('option --fix-type needs --fix or --fix-dry-run');
    options.fixTypes = FIX_KINDS.filter((k) => kinds.has(k));
  }
  if (options.fix && options.fixDryRun) throw new UsageError('options --fix and --fix-dry-run cannot be used together');
  if (options.stdinFilename !== null && !options.stdin) throw new UsageError('option --stdin-filename needs --stdin');
  if (options.printConfig !== null) {
    const stray = options.stdin ? '--stdin' : options.fix ? '--fix' : options.fixDryRun ? '--fix-dry-run' : null;
    if (stray) throw new UsageError(`option --print-config checks nothing: give it without ${stray}`);
    if (paths.length) throw new UsageError('option --print-config takes one path, given as its value (--print-config PATH)');
    return { kind: 'check', options };
  }
  if (options.stdin) {
    if (paths.length) throw new UsageError('give no file or folder with --stdin (name the text with --stdin-filename PATH)');
  } else if (!paths.length) throw new UsageError('no file or folder to check');
  return { kind: 'check', options };
}

function nonEmpty(value: string | null, message: string): string | null {
  if (value === '') throw new UsageError(message);
  return value;
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

/** `reading,insert` or `all`: the kinds; a usage error for the first word that is none. */
function parseFixTypes(value: string): FixKind[] {
  const kinds: FixKind[] = [];
  for (const word of value.split(',').map((w) => w.trim())) {
    if (word === 'all') kinds.push(...FIX_KINDS);
    else if ((FIX_KINDS as readonly string[]).includes(word)) kinds.push(word as FixKind);
    else throw new UsageError(word === '' ? `option --fix-type needs a comma list of ${KIND_WORDS}` : `unknown fix type '${word}' (use ${KIND_WORDS})`);
  }
  return kinds;
}

const KIND_WORDS = `${FIX_KINDS.join(', ')} or all`;
