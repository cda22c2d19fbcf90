// `coding-notes check`: the same rules, configuration and messages as the
// editor, over files on disk. Returns the exit status; never throws for a
// problem with the user's files.

import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { findConfig, loadWorkspace, Workspace, ConfigProblem } from '../node/workspace';
import { Engine } from '../core/engine';
import type { Rule } from '../core/rules/rule';
import type { CheckOptions } from './args';
import { collectInputs, NoteInput } from './walk';
import { readNoteFile, encodeNote } from './textfile';
import { replaceFile } from './write';
import { FileResult, jsonReport, textReport } from './report';
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
}

export const EXIT_CLEAN = 0;
export const EXIT_ERRORS = 1;
export const EXIT_TROUBLE = 2;

export function runCheck(options: CheckOptions, io: CliIo): number {
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
  const workspaceFor = (input: NoteInput): Workspace | null => {
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

  const { inputs, problems, emptyFolders } = collectInputs(options.paths, io.cwd);
  for (const p of problems) complain(p);
  for (const folder of emptyFolders) {
    progress.clear();
    io.stderr(`coding-notes: no ${'.codingnote'} files in ${folder}\n`);
  }

  const results: FileResult[] = [];
  inputs.forEach((input, i) => {
    progress.show(i + 1, inputs.length, input.display);
    const ws = workspaceFor(input);
    if (!ws) return;
    const read = readNoteFile(input.path);
    if (!read.ok) {
      complain(`cannot read ${input.display}: ${read.reason}`);
      return;
    }
    const { note } = read;
    let text = note.text;
    let fixed = false;
    if (options.fix) {
      const after = ws.engine.fixAll(text, ws.settings).text;
      if (after !== text) {
        const written = replaceFile(input.path, note.bytes, encodeNote(after, note.bom));
        if (written.ok) {
          text = after;
          fixed = true;
        } else if (written.changedOnDisk) {
          complain(`${input.display} changed on disk while it was being fixed; it was left as it is (run again to fix it)`);
        } else {
          complain(`cannot write the fixes to ${input.display}: ${written.reason}`);
        }
      }
    }
    const { findings, notes } = ws.engine.check(text, ws.settings);
    results.push({
      path: input.path,
      display: input.display,
      notes,
      findings: options.quiet ? findings.filter((f) => f.severity === 'error') : findings,
      fixed,
    });
  });
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
      io.stdout(textReport(results, options.fix));
  }

  if (trouble.length) return EXIT_TROUBLE;
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_ERRORS : EXIT_CLEAN;
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
function configLine(problems: readonly ConfigProblem[], cwd: string): string {
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
