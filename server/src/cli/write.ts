// Writing a fixed note without ever leaving a half-written file: the new text
// goes to a temporary file in the same folder (same file system, so the rename
// is atomic), is flushed to disk, gets the original's mode, and replaces the
// original only if nobody changed the original since it was read. A file the
// user may not write (a read-only one) is left alone: the rename would
// otherwise replace it, since a rename needs only the folder to be writable.
//
// A file with more than one name (hard links) is written in place instead, so
// every name keeps seeing it, with its inode, extended attributes and ACLs:
// first a copy of the old text is made beside it and read back to verify it,
// then the file is overwritten and read back; the copy is removed, or, if the
// write failed and the old text could not be put back, kept and named.
//
// Temporary files have short names (`.coding-notes-PID-RANDOM.tmp`), so a note
// whose name is near the file system's 255-byte limit can still be fixed. While
// a run writes, deferSignals() holds Ctrl+C (SIGINT), SIGTERM and SIGHUP until
// the file in hand is done, removes any temporary file, then lets the signal end
// the process as it would have.

import {
  accessSync,
  chownSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { constants as osConstants } from 'node:os';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { describeError } from '../node/errors';
import { readBounded } from '../node/safe-read';

export type WriteResult = { ok: true } | { ok: false; changedOnDisk: boolean; reason: string };

/** Temporary files that exist right now: removed by deferSignals() if a signal comes. */
const liveTemporaryFiles = new Set<string>();

/** A fresh temporary name in a folder: hidden, short, and never ending in `.codingnote`. */
export function temporaryName(folder: string): string {
  return join(folder, `.coding-notes-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** What a temporary file of this module is called (a leftover of a killed run). */
export const TEMPORARY_NAME = /^\.coding-notes-\d+-[0-9a-f]{8}\.tmp$/;

export function replaceFile(path: string, original: Buffer, content: Buffer): WriteResult {
  let target: string;
  let mode: number;
  let owner: { uid: number; gid: number };
  let links: number;
  try {
    // Through a symbolic link, replace the file it points to, not the link.
    target = realpathSync(path);
    const st = statSync(target);
    if (!st.isFile()) return { ok: false, changedOnDisk: false, reason: 'it is no longer a regular file' };
    mode = st.mode & 0o7777;
    owner = { uid: st.uid, gid: st.gid };
    links = st.nlink;
  } catch (e) {
    return { ok: false, changedOnDisk: false, reason: describeError(e) };
  }
  try {
    accessSync(target, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, changedOnDisk: false, reason: 'the file is read-only' };
    return { ok: false, changedOnDisk: false, reason: describeError(e) };
  }
  const folder = dirname(target);
  if (links > 1) return writeInPlace(target, folder, original, content);

  const temp = temporaryName(folder);
  let created = false;
  try {
    const fd = openSync(temp, 'wx', mode);
    created = true;
    liveTemporaryFiles.add(temp);
    try {
      writeAll(fd, content);
      fchmodSync(fd, mode); // the umask may have narrowed the mode given to open
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      chownSync(temp, owner.uid, owner.gid);
    } catch {
      // Only a privileged user can give a file away; the owner is then ours, which is the best we can do.
    }
    if (!unchanged(target, original)) {
      remove(temp);
      created = false;
      return { ok: false, changedOnDisk: true, reason: 'the file changed on disk while it was being fixed' };
    }
    renameSync(temp, target);
    liveTemporaryFiles.delete(temp);
    created = false;
    syncFolder(folder);
    return { ok: true };
  } catch (e) {
    if (created) remove(temp);
    return { ok: false, changedOnDisk: false, reason: describeError(e) };
  }
}

/** For a file with several names: a verified copy of the old text, then the new text written into the file itself. */
function writeInPlace(target: string, folder: string, original: Buffer, content: Buffer): WriteResult {
  const backup = temporaryName(folder);
  try {
    const fd = openSync(backup, 'wx', 0o600);
    liveTemporaryFiles.add(backup);
    try {
      writeAll(fd, original);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!unchanged(backup, original)) {
      remove(backup);
      return { ok: false, changedOnDisk: false, reason: 'the copy of the old text made before writing in place did not read back the same' };
    }
  } catch (e) {
    remove(backup);
    return { ok: false, changedOnDisk: false, reason: describeError(e) };
  }
  if (!unchanged(target, original)) {
    remove(backup);
    return { ok: false, changedOnDisk: true, reason: 'the file changed on disk while it was being fixed' };
  }
  const overwrite = (bytes: Buffer) => {
    const fd = openSync(target, constants.O_WRONLY | (constants.O_NONBLOCK ?? 0));
    try {
      writeAll(fd, bytes);
      ftruncateSync(fd, bytes.length);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  };
  try {
    overwrite(content);
    if (!unchanged(target, content)) throw new Error('the file did not read back as written');
  } catch (e) {
    try {
      overwrite(original);
      if (!unchanged(target, original)) throw new Error('not restored');
    } catch {
      // The copy is the old text: keep it, and say where it is.
      liveTemporaryFiles.delete(backup);
      return {
        ok: false,
        changedOnDisk: false,
        reason: `${describeError(e)}; the file may be damaged, and its old text is kept in ${basename(backup)} beside it`,
      };
    }
    remove(backup);
    return { ok: false, changedOnDisk: false, reason: describeError(e) };
  }
  remove(backup);
  return { ok: true };
}

/**
 * A report file (`--output-file`) written as the report is made, a piece at a
 * time, yet still atomically: the pieces go to a temporary file in the same
 * folder (opened at the first piece), which is flushed and renamed over the path
 * by commit(), so a reader sees the old report or the whole new one. abort()
 * (a run stopped by a signal) removes it; so does deferSignals()'s release.
 */
export class ReportFile {
  private fd: number | undefined;
  private temporary: string | null = null;
  private failure: string | null = null;
  private started = false;

  constructor(private readonly path: string) {}

  write(piece: string | Uint8Array): void {
    if (this.failure !== null) return;
    try {
      if (!this.started) {
        this.started = true;
        if (statSync(this.path, { throwIfNoEntry: false })?.isDirectory()) throw new ReportFileError('it is a folder');
        const temporary = temporaryName(dirname(this.path));
        this.fd = openSync(temporary, 'wx', 0o666);
        this.temporary = temporary;
        liveTemporaryFiles.add(temporary);
      }
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd!, bytes, done, bytes.length - done);
    } catch (e) {
      this.failure = e instanceof ReportFileError ? e.message : describeError(e);
      this.abort();
    }
  }

  /** Flushes and renames the report into place (nothing to do when nothing was written); or why it could not be written. */
  commit(): { ok: true } | { ok: false; reason: string } {
    if (this.failure !== null) return { ok: false, reason: this.failure };
    if (this.temporary === null) return { ok: true };
    try {
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = undefined;
      renameSync(this.temporary, this.path);
      liveTemporaryFiles.delete(this.temporary);
      this.temporary = null;
      syncFolder(dirname(this.path));
      return { ok: true };
    } catch (e) {
      this.abort();
      return { ok: false, reason: describeError(e) };
    }
  }

  /** Leaves the path as it was: the temporary file is removed. */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Closed or not, the file is removed next.
      }
      this.fd = undefined;
    }
    if (this.temporary !== null) remove(this.temporary);
    this.temporary = null;
  }
}

class ReportFileError extends Error {}

/**
 * Where a report's middle waits while its opening cannot yet be written (SARIF
 * lists the run's notifications before its results): a temporary file in the
 * system's temporary folder, removed from the folder as soon as it is opened
 * where the system allows it (so nothing is left behind, whatever ends the
 * process), else when closed or by deferSignals()'s release.
 */
export class Spool {
  private readonly fd: number;
  private readonly path: string | null;
  private size = 0;

  constructor(folder: string) {
    const path = temporaryName(folder);
    this.fd = openSync(path, 'wx+', 0o600);
    try {
      unlinkSync(path);
      this.path = null;
    } catch {
      // Windows: an open file keeps its name until it is closed.
      this.path = path;
      liveTemporaryFiles.add(path);
    }
  }

  write(piece: string | Uint8Array): void {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    this.size += bytes.length;
  }

  /** What was written, a megabyte at a time. */
  *contents(): Generator<Buffer> {
    const chunk = Buffer.allocUnsafe(Math.min(this.size, 1 << 20));
    for (let at = 0; at < this.size;) {
      const n = readSync(this.fd, chunk, 0, Math.min(chunk.length, this.size - at), at);
      if (n === 0) throw new Error('the temporary file of the report ended early');
      at += n;
      yield Buffer.from(chunk.subarray(0, n));
    }
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    if (this.path !== null) remove(this.path);
  }
}

/** The file holds exactly these bytes (read with a bound, so a file swapped for a FIFO or a device cannot block or flood). */
function unchanged(path: string, bytes: Buffer): boolean {
  const read = readBounded(path, bytes.length);
  return read.ok && read.bytes.equals(bytes);
}

function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, done);
}

function remove(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Nothing more to do: the original is untouched either way.
  }
  liveTemporaryFiles.delete(path);
}

/** Makes the rename itself durable where the platform allows it. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported everywhere (Windows); the rename has happened regardless.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const DEFERRED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface DeferredSignals {
  /** The first signal that came, if any: stop at the next point where no file is being written. */
  caught(): NodeJS.Signals | null;
  /** Removes any temporary file, stops holding signals, and lets a signal that came end the process. */
  release(): void;
}

/**
 * Holds SIGINT, SIGTERM and SIGHUP while files are written: a signal is noted,
 * and the run stops between two files (a write is synchronous, so no handler
 * runs inside one). release() then removes any temporary file left and raises
 * the signal again, so the process ends as the signal asked (exit by signal).
 */
export function deferSignals(): DeferredSignals {
  let caught: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals) => {
    caught ??= signal;
  };
  for (const s of DEFERRED_SIGNALS) process.on(s, handler);
  return {
    caught: () => caught,
    release() {
      for (const temp of [...liveTemporaryFiles]) remove(temp);
      for (const s of DEFERRED_SIGNALS) process.removeListener(s, handler);
      if (caught) {
        process.kill(process.pid, caught);
        // Should the signal be ignored (a parent may have set it so), end as a shell would report it.
        process.exit(128 + (osConstants.signals[caught] ?? 1));
      }
    },
  };
}
