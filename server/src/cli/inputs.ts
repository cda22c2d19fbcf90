// The notes a `coding-notes check` or `report` run reads: the paths given, searched
// as node/walk.ts searches them, standard input, and whether a found note is still
// inside the folder it was found in.

import { realpathSync } from 'node:fs';
import type { InputOptions } from './args';
import type { CliIo } from './check';
import { collectInputs, isWithin, NoteInput, skippedLine, unmatchedLine, IGNORE_FILE } from '../node/walk';
import type { Inputs } from '../node/walk';
import { decodeNote, ReadResult } from '../node/textfile';
import type { DecodeOptions } from '../node/textfile';
import { describeError } from '../node/errors';
import { globPattern } from './glob';
import type { NotChecked } from '../report/audit';
import { notCheckedOf } from '../node/report-record';

export function readStdin(io: CliIo, limit: number, decode: DecodeOptions): ReadResult {
  if (!io.readStdin) return { ok: false, reason: 'standard input is not available' };
  let bytes: Buffer;
  try {
    bytes = io.readStdin(limit);
  } catch (e) {
    return { ok: false, reason: describeError(e) };
  }
  return decodeNote(bytes, decode);
}

/**
 * A note found by searching a folder must be written inside that folder: the
 * search follows no link out of it, and this holds even if a folder was swapped
 * for a link since (unless --follow-symlinks asked to follow links).
 */
export function outsideRoot(source: NoteInput, followSymlinks: boolean): boolean {
  if (!source.root || followSymlinks) return false;
  try {
    return !isWithin(realpathSync(source.path), source.root);
  } catch {
    return false; // gone: the write says so
  }
}

/**
 * The notes the paths given name, as the command line reports them: files that
 * cannot be read are complained about; a folder or pattern that matches no note
 * too, unless --no-error-on-unmatched-pattern (then it is only said); links not
 * followed and files the ignore file leaves out are said on stderr.
 */
export function findInputs(options: InputOptions, io: CliIo, complain: (line: string) => void): Inputs {
  const found = collectInputs(options.paths, io.cwd, { followSymlinks: options.followSymlinks, ignoreFrom: io.cwd, pattern: globPattern });
  for (const p of found.problems) complain(p);
  for (const link of found.skipped) io.stderr(`coding-notes: ${skippedLine(link)}\n`);
  for (const name of found.ignored) io.stderr(`coding-notes: ${name} is not checked: ${IGNORE_FILE} leaves it out\n`);
  for (const u of found.unmatched) {
    if (options.errorOnUnmatchedPattern) complain(`${unmatchedLine(u)} (--no-error-on-unmatched-pattern allows it)`);
    else io.stderr(`coding-notes: ${unmatchedLine(u)}\n`);
  }
  return found;
}

/**
 * Everything the search found or was given and left out, each with why: paths it
 * could not read, links it did not follow, files an ignore file leaves out, and
 * patterns that matched nothing. `check --format json` and `report` list them.
 */
export function notCheckedBySearch(found: Inputs): NotChecked[] {
  const list = found.problems.map(notCheckedOf);
  for (const link of found.skipped) {
    list.push({
      path: link.display,
      reason:
        link.why === 'system'
          ? `a link into ${link.folder}, which holds no notes (not followed)`
          : 'a symbolic link out of the folder given (not followed; --follow-symlinks follows it)',
    });
  }
  for (const name of found.ignored) list.push({ path: name, reason: `${IGNORE_FILE} leaves it out` });
  for (const u of found.unmatched) list.push({ path: u.given, reason: unmatchedLine(u) });
  return list;
}
