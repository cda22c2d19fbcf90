// Reading a file that a workspace holds or names, whoever wrote the workspace:
// only a regular file (after following links), never one under /proc, /sys or
// /dev, never more than a limit per kind of file, opened so that a FIFO cannot
// block the open, and read with a bounded read (so /dev/zero, or a file that
// keeps growing, cannot exhaust memory). What goes wrong is said in words that
// name what the file is, never with any of its content.

import { positionAt, tooDeepAt, TOO_DEEP } from '../core/config';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { sep } from 'node:path';
import { describeError } from './errors';

/** The kinds of file the tools read, each with its own size limit. */
export type FileKind = 'note' | 'config' | 'pack' | 'release';

export const MB = 1024 * 1024;

/**
 * Default size limits, in bytes. Notes: 16 MB, about 57,000 notes, far above a
 * year of notes in one file (10,000 notes are under 3 MB), and within what one
 * check can hold in memory (the checker takes about 120 MB per MB of notes today);
 * the CLI's `--max-file-size` changes it. Configuration and packs: a few KB in practice.
 * Release files: a whole classification with titles is a few MB.
 */
export const DEFAULT_LIMITS: Readonly<Record<FileKind, number>> = Object.freeze({
  note: 16 * MB,
  config: 1 * MB,
  pack: 1 * MB,
  release: 64 * MB,
});

/** What each kind is called in a message about its size. */
const KIND_NAMES: Record<FileKind, string> = {
  note: 'notes',
  config: 'a configuration file',
  pack: 'a guidance pack',
  release: 'a release file',
};

export type BoundedRead = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/** Folders of the system, not of anyone's notes: never read, never searched. */
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];

/** The system folder (`/proc`, `/sys`, `/dev`) a real path is in, or null. */
export function systemFolderOf(realPath: string): string | null {
  if (sep !== '/') return null;
  for (const folder of SYSTEM_FOLDERS) if (realPath === folder || realPath.startsWith(folder + '/')) return folder;
  return null;
}

/** `it is a folder`, `it is a named pipe (FIFO)`…: what a file that is not a regular file is. */
export function describeNotRegular(st: Stats): string {
  if (st.isDirectory()) return 'it is a folder';
  if (st.isFIFO()) return 'it is a FIFO (named pipe), not a regular file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'it is a device, not a regular file';
  if (st.isSocket()) return 'it is a socket, not a regular file';
  return 'it is not a regular file';
}

/** `12 KB`, `3.5 MB`: sizes in messages (1 MB = 1,048,576 bytes). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < MB ? [bytes / 1024, 'KB'] : bytes < 1024 * MB ? [bytes / MB, 'MB'] : [bytes / (1024 * MB), 'GB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** Why a path cannot be opened, in words: the errno, or what a link leads to. */
export function describeOpenError(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': {
      let link = false;
      try {
        link = lstatSync(path).isSymbolicLink();
      } catch {
        // Not there at all.
      }
      return link ? 'it is a dangling symbolic link' : 'no such file';
    }
    case 'ELOOP':
      return 'it is a loop of symbolic links';
    case 'EAGAIN':
    case 'EWOULDBLOCK':
      return 'it is not a regular file';
  }
  // The rest as the CLI words them; Node's own messages name the path and the error, nothing of the content.
  return describeError(e);
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Reads a regular file of at most `limit` bytes (0: no limit). Anything else
 * (missing, a dangling or looping link, a folder, FIFO, device or socket, a
 * file under /proc, /sys or /dev, a file over the limit) gives one reason in
 * words. `kind` names the limit in the message.
 */
export function readBounded(path: string, limit: number, kind: FileKind = 'note'): BoundedRead {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return { ok: false, reason: describeOpenError(path, e) };
  }
  if (!st.isFile()) return { ok: false, reason: describeNotRegular(st) };
  const system = systemFolder(path);
  if (system) return { ok: false, reason: `it is in ${system}, a folder of the system, not a file of yours` };
  const tooLarge = (size: number): BoundedRead => ({
    ok: false,
    reason: `it is ${formatSize(size)}, over the limit of ${formatSize(limit)} for ${KIND_NAMES[kind]}`,
  });
  if (limit > 0 && st.size > limit) return tooLarge(st.size);

  let fd: number;
  try {
    // O_NONBLOCK: a FIFO put in the file's place since the stat cannot block the open.
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    return { ok: false, reason: describeOpenError(path, e) };
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { ok: false, reason: describeNotRegular(opened) };
    if (limit > 0 && opened.size > limit) return tooLarge(opened.size);
    // Read one byte more than allowed, to see a file that grew past the limit.
    const cap = limit > 0 ? limit + 1 : Number.MAX_SAFE_INTEGER;
    let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(cap, opened.size + 1, 1024 * MB)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length >= cap) break;
        const grown = Buffer.allocUnsafe(Math.min(cap, Math.max(64 * 1024, buffer.length * 2)));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (limit > 0 && length > limit) return tooLarge(length);
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { ok: false, reason: describeOpenError(path, e) };
  } finally {
    closeSync(fd);
  }
}

function systemFolder(path: string): string | null {
  if (sep !== '/') return null;
  try {
    return systemFolderOf(realpathSync.native(path));
  } catch {
    return null;
  }
}

/**
 * JSON from a file's text, or a message that says where it goes wrong and
 * what was expected there, never quoting the text (JSON.parse's own messages
 * quote it: a configuration naming a secret file must not print it).
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number } {
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const { line, column } = positionAt(text, deep);
    return { ok: false, message: `not valid JSON: ${TOO_DEEP}`, line, column };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const error = jsonError(text);
    if (!error) return { ok: false, message: 'not valid JSON', line: 0, column: 0 };
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length - 1;
    const column = error.offset - (before.lastIndexOf('\n') + 1);
    return { ok: false, message: `not valid JSON: ${error.what} at line ${line + 1}, column ${column + 1}`, line, column };
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Where JSON text first goes wrong, and what was expected there; null when it is valid. Linear, without recursion. */
export function jsonError(text: string): { offset: number; what: string } | null {
  let i = 0;
  const n = text.length;
  const stack: ('{' | '[')[] = [];
  type State = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'after';
  let state: State = 'value';
  const fail = (what: string) => ({ offset: Math.min(i, n), what });
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  /** A string starting at text[i] === '"'; null when well formed. */
  const string = (): { offset: number; what: string } | null => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return fail('a \\u escape without four hex digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail('an unknown escape in a string');
        continue;
      }
      if (c < 0x20) return fail('a line break or control character inside a string');
      i++;
    }
    return fail('a string with no closing quote');
  };
  for (;;) {
    skipSpace();
    if (state === 'value' || state === 'value-or-end') {
      if (i >= n) return fail('the text ends where a value was expected');
      const c = text[i];
      if (state === 'value-or-end' && c === ']') {
        i++;
        stack.pop();
        state = 'after';
        continue;
      }
      if (c === '{') {
        stack.push('{');
        i++;
        state = 'key-or-end';
        continue;
      }
      if (c === '[') {
        stack.push('[');
        i++;
        state = 'value-or-end';
        continue;
      }
      if (c === '"') {
        const e = string();
        if (e) return e;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text))
          return fail(
            c === ',' || c === '}' || c === ']'
              ? 'a value is missing (a comma too many?)'
              : 'expected a value (a string in double quotes, a number, true, false, null, an object or a list)',
          );
        i = NUMBER.lastIndex;
      }
      state = 'after';
      continue;
    }
    if (state === 'key' || state === 'key-or-end') {
      if (i >= n) return fail('the text ends where a property name was expected');
      if (state === 'key-or-end' && text[i] === '}') {
        i++;
        stack.pop();
        state = 'after';
        continue;
      }
      if (text[i] !== '"') return fail(text[i] === '}' ? 'a property is missing (a comma too many?)' : 'expected a property name in double quotes');
      const e = string();
      if (e) return e;
      skipSpace();
      if (text[i] !== ':') return fail("expected ':' after a property name");
      i++;
      state = 'value';
      continue;
    }
    // After a value.
    if (!stack.length) return i < n ? fail('more text after the end of the JSON value') : null;
    if (i >= n) return fail(`the text ends before the closing '${stack[stack.length - 1] === '{' ? '}' : ']'}'`);
    const top = stack[stack.length - 1];
    if (text[i] === ',') {
      i++;
      state = top === '{' ? 'key' : 'value';
      continue;
    }
    if (text[i] === (top === '{' ? '}' : ']')) {
      i++;
      stack.pop();
      continue;
    }
    return fail(top === '{' ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}
