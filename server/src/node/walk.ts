// Which files a `check` covers: files as given, folders searched recursively
// for `*.codingnote`, glob patterns (`notes/**/*.codingnote`, matched with
// picomatch by the same search from the pattern's fixed part), in an order that
// is the same on every machine. A `.codingnotesignore` (gitignore syntax, read
// with the `ignore` package) in a folder given, or in the working folder, leaves
// out what it names.
//
// A folder someone else wrote may hold links anywhere. A search stays inside
// the folder it was given: a symbolic link that leads out of it (to another
// folder of the disk, to `/`) is not followed unless `followSymlinks` says so,
// and nothing under /proc, /sys or /dev is ever searched. Each folder is
// searched once (by device and inode), so a loop of links ends. An entry named
// like a note that is not a regular file (a FIFO, a device) is reported, never
// opened.

import { readdirSync, realpathSync, statSync, Dirent, Stats } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { describeError } from './errors';
import { describeNotRegular, systemFolderOf } from './safe-read';
import { IGNORE_FILE, ignoreRulesIn, leftOut, realPath } from './ignore-files';
import type { IgnoreRules } from './ignore-files';

export const NOTE_EXTENSION = '.codingnote';

export { IGNORE_FILE };

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
  /** Read the `.codingnotesignore` of each folder given (default: yes). */
  ignoreFiles?: boolean;
  /** A folder whose `.codingnotesignore` applies to every path inside it too (the CLI's working folder). */
  ignoreFrom?: string;
  /**
   * How a path that does not exist is read as a glob pattern (the CLI's cli/glob.ts,
   * kept out of the language server's bundle); without it, such a path cannot be read.
   */
  pattern?: (given: string) => GlobPattern | null;
}

/** A glob pattern: the folder it starts from (its fixed part) and whether a path inside that folder matches. */
export interface GlobPattern {
  /** As written: '' for the working folder. */
  base: string;
  /** Is this path (relative to `base`, with `/`) matched? */
  matches(inside: string): boolean;
  /** How many folders deep a match can be (Infinity with `**`). */
  maxDepth: number;
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
  /** Folders and patterns given that matched no note, with how many notes an ignore file left out. */
  unmatched: Unmatched[];
  /** Files named on the command line that an ignore file leaves out. */
  ignored: string[];
  /** Links not followed. */
  skipped: SkippedLink[];
  /** The `.codingnotesignore` files read (absolute paths, each once): a record names what it was told to leave out. */
  ignoreFiles: string[];
}

/** A folder or pattern given that matched no note. */
export interface Unmatched {
  given: string;
  glob: boolean;
  /** Notes that matched but an ignore file left out. */
  ignored: number;
}

/** What a search finds, one at a time, so a caller can stop or pause between any two. */
export type WalkEvent =
  | { kind: 'note'; input: NoteInput }
  | { kind: 'problem'; line: string }
  | { kind: 'skipped'; link: SkippedLink }
  | { kind: 'empty'; folder: string; glob: boolean; ignored: number }
  /** A file named on the command line that an ignore file leaves out. */
  | { kind: 'ignored'; display: string }
  /** A folder was read: a point at which a caller may pause. */
  | { kind: 'folder' }
  /** A `.codingnotesignore` was read and is in force (its absolute path). */
  | { kind: 'ignore-file'; path: string };

/** Code-unit order, not locale order, so every machine lists files alike. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function collectInputs(paths: readonly string[], cwd: string, options: WalkOptions = {}): Inputs {
  const out: Inputs = { inputs: [], problems: [], emptyFolders: [], unmatched: [], ignored: [], skipped: [], ignoreFiles: [] };
  for (const event of walkInputs(paths, cwd, options)) {
    if (event.kind === 'note') out.inputs.push(event.input);
    else if (event.kind === 'problem') out.problems.push(event.line);
    else if (event.kind === 'empty') {
      if (!event.glob) out.emptyFolders.push(event.folder);
      out.unmatched.push({ given: event.folder, glob: event.glob, ignored: event.ignored });
    } else if (event.kind === 'ignored') out.ignored.push(event.display);
    else if (event.kind === 'skipped') out.skipped.push(event.link);
    else if (event.kind === 'ignore-file' && !out.ignoreFiles.includes(event.path)) out.ignoreFiles.push(event.path);
  }
  return out;
}

/** The line the CLI prints for a folder or pattern that matched no note. */
export function unmatchedLine(u: Unmatched): string {
  const what = u.glob ? `no .codingnote file matches the pattern '${u.given}'` : `no .codingnote files in ${u.given}`;
  return u.ignored ? `${what} that ${IGNORE_FILE} does not leave out (it leaves out ${u.ignored})` : what;
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
  /** Path inside the folder given, with `/`: '' for the folder itself. */
  inside: string;
  entries: Dirent[];
  next: number;
}

export function* walkInputs(paths: readonly string[], cwd: string, options: WalkOptions = {}): Generator<WalkEvent> {
  const follow = options.followSymlinks === true;
  /** Real paths of the notes found, so a note reached twice is checked once. */
  const seen = new Set<string>();
  /** The working folder's ignore rules, for every path inside it. */
  const common: IgnoreRules[] = [];
  if (options.ignoreFrom !== undefined && options.ignoreFiles !== false) {
    const rules = ignoreRulesIn(resolve(options.ignoreFrom));
    if (typeof rules === 'string') yield { kind: 'problem', line: rules };
    else if (rules) {
      common.push(rules);
      yield { kind: 'ignore-file', path: rules.path };
    }
  }

  for (const given of paths) {
    const path = resolve(cwd, given);
    let st: Stats;
    let glob: GlobPattern | null = null;
    try {
      st = statSync(path);
    } catch (e) {
      // Not a path: a pattern, if it is one (a name with `*` that exists is that file).
      glob = options.pattern?.(given) ?? null;
      if (!glob) {
        yield { kind: 'problem', line: `cannot read ${given}: ${describeError(e)}` };
        continue;
      }
      try {
        st = statSync(resolve(cwd, glob.base || '.'));
      } catch {
        yield { kind: 'empty', folder: given, glob: true, ignored: 0 };
        continue;
      }
      if (!st.isDirectory()) {
        yield { kind: 'empty', folder: given, glob: true, ignored: 0 };
        continue;
      }
    }
    if (!glob && !st.isDirectory()) {
      // A file given by name is read as given (the read refuses what is not a regular file), unless the working folder's ignore file leaves it out.
      const key = realPath(path);
      if (leftOut(common, join(realPath(dirname(path)), basename(path)), false)) {
        yield { kind: 'ignored', display: given };
        continue;
      }
      if (!seen.has(key)) {
        seen.add(key);
        yield { kind: 'note', input: { path, display: given, root: null } };
      }
      continue;
    }
    const start = glob ? resolve(cwd, glob.base || '.') : path;
    /** How notes are shown: the folder given joined with the path inside it (for a pattern, its fixed part). */
    const shownStart = glob ? glob.base : given;
    const root = realPath(start);
    const system = systemFolderOf(root);
    if (system) {
      yield { kind: 'problem', line: `cannot search ${given}: it is in ${system}, a folder of the system that holds no notes` };
      continue;
    }
    const rules = [...common];
    if (options.ignoreFiles !== false && !glob) {
      const own = ignoreRulesIn(start);
      if (typeof own === 'string') yield { kind: 'problem', line: own };
      else if (own && !rules.some((r) => r.folder === own.folder)) {
        rules.push(own);
        yield { kind: 'ignore-file', path: own.path };
      }
    }
    const matches = glob ? (inside: string) => glob.matches(inside) : null;
    const maxDepth = glob ? glob.maxDepth : Infinity;
    /** Folders searched, by device and inode: each once, so links in a loop end. */
    const visited = new Set<string>([folderKey(st)]);
    let found = 0;
    let ignored = 0;
    const stack: Frame[] = [];
    const open = function* (folder: string, real: string, display: string, inside: string): Generator<WalkEvent> {
      let entries: Dirent[];
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch (e) {
        yield { kind: 'problem', line: `cannot read folder ${display}: ${describeError(e)}` };
        return;
      }
      entries.sort((a, b) => byName(a.name, b.name));
      stack.push({ folder, real, display, inside, entries, next: 0 });
      yield { kind: 'folder' };
    };
    /** A note found: counted, unless a rule leaves it out or the pattern does not match it. */
    const take = (real: string, inside: string): 'note' | 'skip' => {
      if (matches && !matches(inside)) return 'skip';
      if (leftOut(rules, real, false)) {
        ignored++;
        return 'skip';
      }
      return 'note';
    };
    yield* open(start, root, shownStart, '');

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
      const inside = frame.inside ? `${frame.inside}/${name}` : name;
      const isNoteName = name.endsWith(NOTE_EXTENSION);
      const folderWanted = !name.startsWith('.') && name !== 'node_modules' && stack.length <= maxDepth;

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
        if (seen.has(real) || take(real, inside) === 'skip') continue;
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
        // A folder an ignore file names (`archive/`) is not searched at all.
        if (leftOut(rules, join(frame.real, name), true)) continue;
        visited.add(key);
        yield* open(childPath, real, shown, inside);
      } else if (target.isFile()) {
        if (seen.has(real) || take(join(frame.real, name), inside) === 'skip') continue;
        seen.add(real);
        found++;
        yield { kind: 'note', input: { path: childPath, display: shown, root } };
      } else {
        yield { kind: 'problem', line: `cannot read ${shown}: ${describeNotRegular(target)}` };
      }
    }
    if (found === 0) yield { kind: 'empty', folder: given, glob: glob !== null, ignored };
  }
}

function folderKey(st: Stats): string {
  return `${st.dev}:${st.ino}`;
}
