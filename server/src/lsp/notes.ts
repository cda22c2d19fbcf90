// The notes of the workspace folders, for the workspace check and the audit
// report: found by the one folder search (node/walk.ts), then read one by one,
// the open ones as the editor holds them and the others from disk in the
// encoding `files.encoding` gives their folder. Gives other requests a turn
// every few milliseconds and stops when asked.

import { basename, dirname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { walkInputs } from '../node/walk';
import type { NoteInput } from '../node/walk';
import { readNoteFile } from '../node/textfile';
import type { DecodeOptions } from '../node/textfile';
import { DEFAULT_LIMITS, formatSize } from '../node/safe-read';
import { decodeOptionsFor } from './encoding';
import { DEFAULT_MAX_DOCUMENT_SIZE } from './unchecked';
import { filePath } from './workspaces';
import { isNoteDocument } from './checked';

/** The workspace check and the audit report give other requests a turn at least this often (milliseconds). */
const YIELD_EVERY_MS = 10;

/** What the search needs of the server. */
export interface NotesHost {
  documents: TextDocuments<TextDocument>;
  connection: Connection;
  /** `codingNotes.maxDocumentSize` for a document (characters, 0: no limit); DEFAULT_MAX_DOCUMENT_SIZE when not given. */
  maxDocumentSize?(uri: string): Promise<number>;
  /** The client answers workspace/configuration (for `files.encoding`). */
  pullsSettings: boolean;
}

/** A note found: its text, and how it was read from disk (null: the editor's text). */
export interface FoundNote {
  uri: string;
  display: string;
  text: string;
  decode: DecodeOptions | null;
}

/** What the search tells the workspace check as it goes (all optional: the audit report needs none). */
export interface NotesProgress {
  /** Stop now (besides the request's cancellation). */
  stopped?(): boolean;
  /** Notes found so far, while searching. */
  found?(count: number): void;
  /** About to read note `done + 1` of `total` (`done === total`: all read). */
  reading?(done: number, total: number): void;
  /** A note or folder could not be checked (its line is in the problems). */
  notChecked?(): void;
}

/**
 * Every `.codingnote` under the folders: the open ones as the editor holds
 * them, the others from disk, in the encoding VS Code's `files.encoding` gives
 * them (a byte order mark wins). The search follows no link out of a folder
 * (nor into /proc, /sys or /dev), ends loops, reads only regular files within
 * the size limit, gives other requests a turn every few milliseconds, and
 * stops when the request is cancelled or `progress.stopped` says so. It finds
 * every note first, then reads them, so that `progress` can say how many of
 * how many.
 */
export async function* notesIn(
  host: NotesHost,
  folders: readonly string[],
  problems: string[],
  token: CancellationToken,
  progress: NotesProgress = {},
): AsyncGenerator<FoundNote> {
  const stop = () => token.isCancellationRequested || progress.stopped?.() === true;
  const paths = folders.map((f) => filePath(f)).filter((p): p is string => p !== null);
  let lastYield = performance.now();
  const pause = async () => {
    if (performance.now() - lastYield < YIELD_EVERY_MS) return;
    await new Promise((done) => setImmediate(done));
    lastYield = performance.now();
  };
  const skipped: string[] = [];
  const found: { folder: string; input: NoteInput }[] = [];
  for (const folder of paths) {
    for (const event of walkInputs(['.'], folder)) {
      await pause();
      if (stop()) return;
      if (event.kind === 'problem') {
        problems.push(event.line);
        progress.notChecked?.();
      }
      if (event.kind === 'skipped') skipped.push(event.link.display);
      if (event.kind !== 'note') continue;
      found.push({ folder, input: event.input });
      progress.found?.(found.length);
    }
  }
  /** `files.encoding` per folder of notes, asked once per check. */
  const encodings = new Map<string, Promise<DecodeOptions>>();
  for (let i = 0; i < found.length; i++) {
    progress.reading?.(i, found.length);
    await pause();
    if (stop()) return;
    const { folder, input } = found[i];
    const uri = pathToFileURL(input.path).href;
    const display = paths.length > 1 ? `${basename(folder)}/${relative(folder, input.path)}` : relative(folder, input.path);
    const open = host.documents.get(uri);
    if (open && isNoteDocument(open)) {
      yield { uri, display, text: open.getText(), decode: null };
      continue;
    }
    const limit = (await host.maxDocumentSize?.(uri)) ?? DEFAULT_MAX_DOCUMENT_SIZE;
    const folderOfNote = dirname(input.path);
    let decode = encodings.get(folderOfNote);
    if (!decode) {
      decode = decodeOptions(host, uri);
      encodings.set(folderOfNote, decode);
    }
    const options = await decode;
    if (stop()) return;
    // A note's character is 1 to 4 bytes (UTF-16: 2, Windows-1252: 1, UTF-8 up to 3 a UTF-16 unit): read at most 3 bytes a character.
    const read = readNoteFile(input.path, limit > 0 ? 3 * limit : DEFAULT_LIMITS.note, options);
    if (!read.ok) {
      problems.push(`cannot read ${display}: ${read.reason}`);
      progress.notChecked?.();
    } else if (limit > 0 && read.note.text.length > limit) {
      problems.push(
        `${display} is not checked: it has more than ${limit.toLocaleString('en-GB')} characters (codingNotes.maxDocumentSize), ${formatSize(read.note.bytes.length)}`,
      );
      progress.notChecked?.();
    } else yield { uri, display, text: read.note.text, decode: options };
  }
  progress.reading?.(found.length, found.length);
  if (skipped.length) {
    const more = skipped.length > 1 ? ` and ${skipped.length - 1} more` : '';
    problems.push(
      `not followed: ${skipped[0]}${more}, symbolic link${skipped.length > 1 ? 's' : ''} out of the workspace folder or into a folder of the system`,
    );
  }
}

/** How notes under a folder are read: its `files.encoding` (utf-8 when the client does not say). */
async function decodeOptions(host: NotesHost, uri: string): Promise<DecodeOptions> {
  if (!host.pullsSettings) return decodeOptionsFor(undefined);
  try {
    const files: unknown = await host.connection.workspace.getConfiguration({ scopeUri: uri, section: 'files' });
    return decodeOptionsFor(files);
  } catch {
    return decodeOptionsFor(undefined);
  }
}
