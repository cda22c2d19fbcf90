// Command-line arguments: parsed by hand (the contract is small and must not
// change under us with a parsing library's defaults).

export type Format = 'text' | 'json' | 'sarif';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];

export interface CheckOptions {
  format: Format;
  fix: boolean;
  /** `--config FILE` as written, or null to look up the nearest `.codingnotes.json`. */
  config: string | null;
  quiet: boolean;
  paths: string[];
}

export type ReportFormat = 'html' | 'markdown' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'markdown', 'json'];

/** `coding-notes report`: the audit report over the same files, in one format. */
export interface ReportOptions {
  format: ReportFormat;
  config: string | null;
  paths: string[];
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'report'; options: ReportOptions };

/** A mistake on the command line: reported in one line, exit status 2. */
export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Command {
  let command: string | null = null;
  let firstProblem: string | null = null;
  const problem = (message: string) => {
    firstProblem ??= message;
  };
  const options: CheckOptions = { format: 'text', fix: false, config: null, quiet: false, paths: [] };
  let wantsHelp = false;
  let wantsVersion = false;
  let onlyPaths = false;
  /** `--format` as written: which formats are valid depends on the command. */
  let format: string | null = null;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      if (command === null) command = arg;
      else if (arg === '-' && !onlyPaths) problem('reading notes from standard input is not supported; give a file or folder');
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
      case '--format': {
        const v = value();
        if (v === null) break;
        if (command === 'report' ? (REPORT_FORMATS as readonly string[]).includes(v) : (FORMATS as readonly string[]).includes(v)) format = v;
        else problem(command === 'report' ? `unknown format '${v}' (use html, markdown or json)` : `unknown format '${v}' (use text, json or sarif)`);
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
    if (options.quiet) throw new UsageError('option --quiet is not for report');
    if (!options.paths.length) throw new UsageError('no file or folder to report on');
    return { kind: 'report', options: { format: (format as ReportFormat | null) ?? 'html', config: options.config, paths: options.paths } };
  }
  if (format !== null) options.format = format as Format;
  if (command !== 'check') throw new UsageError(`unknown command '${command}' (usage: coding-notes check [options] <file|folder>...)`);
  if (!options.paths.length) throw new UsageError('no file or folder to check');
  return { kind: 'check', options };
}

export function helpText(version: string): string {
  return `coding-notes ${version}: checks clinical coding notes (.codingnote files)

Usage:
  coding-notes check [options] <file|folder>...
  coding-notes report [--format html|markdown|json] [--config FILE] <file|folder>...

Folders are searched for *.codingnote files, skipping node_modules and folders
whose name starts with a dot. Each file is checked with the nearest
.codingnotes.json in its folder or a parent folder, as in the editor.

Options:
  --format text|json|sarif  report format (default: text)
  --fix                     apply every preferred fix in place, then report what remains
  --config FILE             use this .codingnotes.json for every file
  --quiet                   report errors only
  -h, --help                show this help
  --version                 show the version

report writes an audit of the same checks to stdout: per guidance pack, the
notes checked, the share with no error, problems per rule (a chart) and the
episodes that need attention. html (default) is one self-contained page.

Exit status:
  0  no error remains
  1  some errors remain
  2  usage error, unreadable input or invalid configuration
`;
}
