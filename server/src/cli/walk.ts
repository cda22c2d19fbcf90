// Which files a `check` covers: files as given, folders searched recursively
// for `*.codingnote`, in an order that is the same on every machine.

import { readdirSync, realpathSync, statSync, Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeError } from './errors';

export const NOTE_EXTENSION = '.codingnote';

export interface NoteInput {
  /** Absolute path. */
  path: string;
  /** As given on the command line, or the given folder joined with the path inside it. */
  display: string;
}

export interface Inputs {
  inputs: NoteInput[];
  /** One line each: inputs that could not be read. */
  problems: string[];
  /** Folders given on the command line that held no note. */
  emptyFolders: string[];
}

/** Code-unit order, not locale order, so every machine lists files alike. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function collectInputs(paths: readonly string[], cwd: string): Inputs {
  const inputs: NoteInput[] = [];
  const problems: string[] = [];
  const emptyFolders: string[] = [];
  const seen = new Set<string>();
  const add = (path: string, display: string) => {
    const key = realPath(path);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ path, display });
  };

  for (const given of paths) {
    const path = resolve(cwd, given);
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch (e) {
      problems.push(`cannot read ${given}: ${describeError(e)}`);
      continue;
    }
    if (!isFolder) {
      add(path, given);
      continue;
    }
    const before = inputs.length;
    walk(path, given, new Set([realPath(path)]), add, problems);
    if (inputs.length === before) emptyFolders.push(given);
  }
  return { inputs, problems, emptyFolders };
}

function walk(folder: string, display: string, ancestors: Set<string>, add: (path: string, display: string) => void, problems: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (e) {
    problems.push(`cannot read folder ${display}: ${describeError(e)}`);
    return;
  }
  entries.sort((a, b) => byName(a.name, b.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    const shown = join(display, entry.name);
    let isFolder = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(path);
        isFolder = target.isDirectory();
        isFile = target.isFile();
      } catch {
        // A dangling link (an editor's lock file, say) is not a note.
        continue;
      }
    }
    if (isFolder) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const real = realPath(path);
      if (ancestors.has(real)) continue; // a link back up the tree
      walk(path, shown, new Set([...ancestors, real]), add, problems);
    } else if (isFile && entry.name.endsWith(NOTE_EXTENSION)) {
      add(path, shown);
    }
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
