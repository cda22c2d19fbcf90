// How the server reads a note from disk that the editor does not hold open:
// in the encoding VS Code's `files.encoding` setting gives it (its own names:
// utf8, utf8bom, windows1252, utf16le, utf16be), UTF-8 when the client says
// nothing. A byte order mark in the file wins over the setting (node/textfile).

import type { DecodeOptions, Encoding } from '../node/textfile';
import { encodingLabel } from '../core/encoding';

/** VS Code's `files.encoding` values the checker reads, and what each is. */
const FILES_ENCODINGS = new Map<string, Encoding>([
  ['utf8', 'utf-8'],
  ['utf8bom', 'utf-8'],
  ['windows1252', 'windows-1252'],
  ['utf16le', 'utf-16le'],
  ['utf16be', 'utf-16be'],
]);

const KNOWN = 'utf8, windows1252, utf16le or utf16be';

/** The decode options for the `files` section of the settings (or anything else a client answers). */
export function decodeOptionsFor(files: unknown): DecodeOptions {
  const value = typeof files === 'object' && files !== null ? (files as { encoding?: unknown }).encoding : undefined;
  if (typeof value !== 'string' || value === '') return { encoding: null, advice: `save it as UTF-8, or set files.encoding for it (${KNOWN})` };
  const encoding = FILES_ENCODINGS.get(value.toLowerCase());
  // UTF-8 is VS Code's default, set or not: read as when nothing is said (UTF-16 without its mark is then named).
  if (encoding === 'utf-8') return decodeOptionsFor(undefined);
  if (encoding) return { encoding, advice: `save it as ${encodingLabel(encoding)}, or set files.encoding for it (${KNOWN})` };
  return {
    encoding: null,
    advice: `files.encoding is ${value}, which Coding Notes does not read (it reads ${KNOWN}), so it was read as UTF-8: save it as UTF-8`,
  };
}
