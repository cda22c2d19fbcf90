// Which files a `check` covers: files as given, folders searched recursively
// for `*.codingnote`, in an order that is the same on every machine.
//
// A folder someone else wrote may hold links anywhere. A search stays inside
// the folder it was given: a symbolic link that leads out of it (to another
// folder of the disk, to `/`) is not followed unless `followSymlinks` says so,
// and nothing under /proc, /sys or /dev is ever searched. Each folder is
// searched once (by device and inode), so a loop of links ends. An entry named
// like a note that is not a regular file (a FIFO, a device) is reported, never
// opened.

import { readdirSync, realpathSync, statSync, Dirent, Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { describeError } from './errors';
import { describeNotRegular, systemFolderOf } from '../node/safe-read';

export const NOTE_EXTENSION = '.codingnote';

export interface NoteInput {
  /** Absolute path. */
  path: string;
  /** As given on the command line, or the given folder joined with the path inside it. */
  display: string;
  /**
   * The real path of the folder given whose search found the file, or null for
   * a file given by name. A fix is written only inside it (unless links are followed).
   */
  root: string | null;
}

export interface WalkOptions {
  /** Follow symbolic links that lead out of the folder given (never into /proc, /sys or /dev). */
  followSymlinks?: boolean;
}

/** A link the search did not follow, and why. */
export interface SkippedLink {
  /** The link, shown as the input it would have been. */
  display: string;
  /** `outside`: it leads out of the folder given; `system`: into /proc, /sys or /dev. */
  why: 'outside' | 'system';
  /** The system folder, for `system`. */
  folder?: string;
}

export interface Inputs {
  inputs: NoteInput[];
  /** One line each: inputs that could not be read. */
  problems: string[];
  /** Folders given on the command line that held no note. */
  emptyFolders: string[];
  /** Links not followed. */
  skipped: SkippedLink[];
}

/** What a search finds, one at a time, so a caller can stop or pause between any two. */
export type WalkEvent =
  | { kind: 'note'; input: NoteInput }
  | { kind: 'problem'; line: string }
  | { kind: 'skipped'; link: SkippedLink }
  | { kind: 'empty'; folder: string }
  /** A folder was read: a point at which a caller may pause. */
  | { kind: 'folder' };

/** Code-unit order, not locale order, so every machine lists files alike. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function collectInputs(paths: readonly string[], cwd: string, options: WalkOptions = {}): Inputs {
  const out: Inputs = { inputs: [], problems: [], emptyFolders: [], skipped: [] };
  for (const event of walkInputs(paths, cwd, options)) {
    if (event.kind === 'note') out.inputs.push(event.input);
    else if (event.kind === 'problem') out.problems.push(event.line);
    else if (event.kind === 'empty') out.emptyFolders.push(event.folder);
    else if (event.kind === 'skipped') out.skipped.push(event.link);
  }
  return out;
}

/** The line the CLI prints for a link it did not follow. */
export function skippedLine(link: SkippedLink): string {
  return link.why === 'system'
    ? `not followed: ${link.display} is a link into ${link.folder}, which holds no notes`
    : `not followed: ${link.display} is a symbolic link out of the folder given (--follow-symlinks follows it)`;
}

/** Is `path` the folder `root` or inside it? Both real paths. */
export function isWithin(path: string, root: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

interface Frame {
  /** The folder as a path to open (through the links followed to reach it). */
  folder: string;
  /** Its real path. */
  real: string;
  display: string;
  entries: Dirent[];
  next: number;
}

export function* walkInputs(paths: readonly string[], cwd: string, options: WalkOptions = {}): Generator<WalkEvent> {
  const follow = options.followSymlinks === true;
  /** Real paths of the notes found, so a note reached twice is checked once. */
  const seen = new Set<string>();

  for (const given of paths) {
    const path = resolve(cwd, given);
    let st: Stats;
    try {
      st = statSync(path);
    } catch (e) {
      yield { kind: 'problem', line: `cannot read ${given}: ${describeError(e)}` };
      continue;
    }
    if (!st.isDirectory()) {
      // A file given by name is read as given (the read refuses what is not a regular file).
      const key = realPath(path);
      if (!seen.has(key)) {
        seen.add(key);
        yield { kind: 'note', input: { path, display: given, root: null } };
      }
      continue;
    }
    const root = realPath(path);
    const system = systemFolderOf(root);
    if (system) {
      yield { kind: 'problem', line: `cannot search ${given}: it is in ${system}, a folder of the system that holds no notes` };
      continue;
    }
    /** Folders searched, by device and inode: each once, so links in a loop end. */
    const visited = new Set<string>([folderKey(st)]);
    let found = 0;
    const stack: Frame[] = [];
    const open = function* (folder: string, real: string, display: string): Generator<WalkEvent> {
      let entries: Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch (e) {
        yield { kind: 'problem', line: `cannot read folder ${display}: ${describeError(e)}` };
        return;
      }
      entries.sort((a, b) => byName(a.name, b.name));
      stack.push({ folder, real, display, entries, next: 0 });
      yield { kind: 'folder' };
    };
    yield* open(path, root, given);

    while (stack.length) {
      const frame = stack[stack.length - 1];
      if (frame.next >= frame.entries.length) {
        stack.pop();
        continue;
      }
      const entry = frame.entries[frame.next++];
      const name = entry.name;
      const childPath = join(frame.folder, name);
      const shown = join(frame.display, name);
      const isNoteName = name.endsWith(NOTE_EXTENSION);
      const folderWanted = !name.startsWith('.') && name !== 'node_modules';

      let target: Stats;
      let real: string;
      if (entry.isSymbolicLink()) {
        try {
          target = statSync(childPath);
          real = realpathSync(childPath);
        } catch {
          // A dangling or looping link (an editor's lock file, say) is not a note.
          continue;
        }
        const relevant = target.isDirectory() ? folderWanted : isNoteName;
        if (!relevant) continue;
        const systemFolder = systemFolderOf(real);
        if (systemFolder) {
          yield { kind: 'skipped', link: { display: shown, why: 'system', folder: systemFolder } };
          continue;
        }
        if (!follow && !isWithin(real, root)) {
          yield { kind: 'skipped', link: { display: shown, why: 'outside' } };
          continue;
        }
      } else if (entry.isDirectory()) {
        if (!folderWanted) continue;
        real = join(frame.real, name);
        if (systemFolderOf(real)) continue; // `check /`: not /proc, /sys, /dev
        try {
          target = statSync(childPath);
        } catch (e) {
          yield { kind: 'problem', line: `cannot read folder ${shown}: ${describeError(e)}` };
          continue;
        }
      } else if (entry.isFile()) {
        if (!isNoteName) continue;
        real = join(frame.real, name);
        if (seen.has(real)) continue;
        seen.add(real);
        found++;
        yield { kind: 'note', input: { path: childPath, display: shown, root } };
        continue;
      } else {
        // A FIFO, socket or device: never opened, and named when it passes for a note.
        if (!isNoteName) continue;
        let what = 'it is not a regular file';
        try {
          what = describeNotRegular(statSync(childPath));
        } catch {
          // Gone meanwhile: the generic words do.
        }
        yield { kind: 'problem', line: `cannot read ${shown}: ${what}` };
        continue;
      }

      if (target.isDirectory()) {
        const key = folderKey(target);
        if (visited.has(key)) continue; // a link back up the tree, or a folder reached before
        visited.add(key);
        yield* open(childPath, real, shown);
      } else if (target.isFile()) {
        if (seen.has(real)) continue;
        seen.add(real);
        found++;
        yield { kind: 'note', input: { path: childPath, display: shown, root } };
      } else {
        yield { kind: 'problem', line: `cannot read ${shown}: ${describeNotRegular(target)}` };
      }
    }
    if (found === 0) yield { kind: 'empty', folder: given };
  }
}

function folderKey(st: Stats): string {
  return `${st.dev}:${st.ino}`;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
