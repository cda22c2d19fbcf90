// Writing a fixed note without ever leaving a half-written file: the new text
// goes to a temporary file in the same folder (same file system, so the rename
// is atomic), is flushed to disk, gets the original's mode, and replaces the
// original only if nobody changed the original since it was read. A file the
// user may not write (a read-only one) is left alone: the rename would
// otherwise replace it, since a rename needs only the folder to be writable.

import { accessSync, closeSync, constants, fchmodSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, chownSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { describeError } from './errors';

export type WriteResult = { ok: true } | { ok: false; changedOnDisk: boolean; reason: string };

export function replaceFile(path: string, original: Buffer, content: Buffer): WriteResult {
  let target: string;
  let mode: number;
  let owner: { uid: number; gid: number };
  try {
    // Through a symbolic link, replace the file it points to, not the link.
    target = realpathSync(path);
    const st = statSync(target);
    mode = st.mode & 0o7777;
    owner = { uid: st.uid, gid: st.gid };
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
  const temp = join(folder, `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let created = false;
  try {
    const fd = openSync(temp, 'wx', mode);
    created = true;
    try {
      writeFileSync(fd, content);
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
    if (!readFileSync(target).equals(original)) {
      unlinkSync(temp);
      created = false;
      return { ok: false, changedOnDisk: true, reason: 'the file changed on disk while it was being fixed' };
    }
    renameSync(temp, target);
    created = false;
    syncFolder(folder);
    return { ok: true };
  } catch (e) {
    if (created) {
      try {
        unlinkSync(temp);
      } catch {
        // Nothing more to do: the original is untouched either way.
      }
    }
    return { ok: false, changedOnDisk: false, reason: describeError(e) };
  }
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
