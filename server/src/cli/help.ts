// The text of `coding-notes --help`: every command and option, as args.ts reads them.

import { DEFAULT_LIMITS, formatSize } from '../node/safe-read';
import { SPECS } from './args';

/** Which options a command other than check takes, from the table args.ts reads them with. */
export function commandOptions(command: 'report' | 'classifications'): string[] {
  return Object.keys(SPECS[command])
    .filter((name) => name !== 'help' && name !== 'version')
    .map((name) => `--${name}`);
}

/** The options line of a command, wrapped at 80 columns. */
function optionsLine(command: 'report' | 'classifications'): string {
  const words = `${command} takes ${commandOptions(command).join(', ')}.`.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > 80) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  return [...lines, line].join('\n');
}

export function helpText(version: string): string {
  return `coding-notes ${version}: checks clinical coding notes (.codingnote files)

Usage:
  coding-notes check [options] <file|folder|pattern>...
  coding-notes check [options] --stdin [--stdin-filename PATH] < note
  coding-notes check --print-config PATH
  coding-notes report [--format html|markdown|json|csv] [options] <file|folder|pattern>...
  coding-notes classifications [--format text|json] [--config FILE] [--output-file PATH] [folder]

Folders are searched for *.codingnote files, skipping node_modules and folders
whose name starts with a dot, and following no symbolic link out of the folder
given (nor into /proc, /sys or /dev). A pattern such as 'notes/**/*.codingnote'
(quoted, so that the shell leaves it alone) is matched by the same search.
Files that .codingnotesignore (gitignore syntax) names, in the current folder
or in a folder given, are left out. Each file is checked with the nearest
.codingnotes.json in its folder or a parent folder, as in the editor.

Options (of check; the options of report and classifications follow):
  --format text|json|sarif|csv
                            report format (default: text); csv is one row per
                            problem: file, line, column, episode, rule,
                            severity, message
  --output-file PATH        write the report to PATH (atomically) instead of stdout
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
  --print-config PATH       print the configuration that PATH gets (rules with
                            their severities, packs, release files), as JSON
  --no-error-on-unmatched-pattern
                            a path or pattern that matches no note is not an error
  --no-inline-config        ignore coding-notes-disable comments
  --report-unused-disable-directives
                            warn about each rule that a coding-notes-disable
                            comment names but that reports nothing there
  --follow-symlinks         follow symbolic links out of the folders given too
                            (never into /proc, /sys or /dev; loops still end)
  --encoding ENCODING       the encoding of notes that have no byte order mark:
                            utf-8 (default), windows-1252, utf-16le or utf-16be;
                            a UTF-8 or UTF-16 byte order mark names its own. A
                            fixed note is written back in the encoding it was
                            read in, with its byte order mark if it had one
  --max-file-size SIZE      do not read a note larger than SIZE (default
                            ${formatSize(DEFAULT_LIMITS.note)}; 0 for no limit), e.g. 1GB
  --quiet                   report errors only (warnings then count for nothing,
                            --max-warnings included)
  --concurrency auto|off|N  check files in N worker threads (auto, the default:
                            one per core when there are several files and
                            enough text to be worth it; off: in one thread)
  -h, --help                show this help
  --version                 show the version

report writes an audit of the same checks: per guidance pack, the notes
checked, the share with no error, problems per rule (a chart) and the episodes
that need attention; every finding by episode; and a record of the run: when
(SOURCE_DATE_EPOCH pins it), the version, each configuration file with its
SHA-256, the rules it changes, the packs and release files, every suppressed
finding with its reason, and every path not checked with why. html (default)
is one self-contained page; csv has one row per finding, as check's.
${optionsLine('report')}

classifications says which official release files (OPCS-4, ICD-10) are loaded
for a folder: file, format, version, code count and load time.
${optionsLine('classifications')}

Exit status of check:
  0  no error remains (and no more warnings than --max-warnings allows)
  1  some errors remain, or more warnings than --max-warnings allows
  2  usage error, unreadable input, invalid configuration, a path or
     pattern that matches no note, or a report file that cannot be written
report and classifications exit 0 whatever the notes hold, or 2 as check does.
`;
}
