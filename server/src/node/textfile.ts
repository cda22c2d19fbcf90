// Note files on disk: UTF-8 unless told otherwise (Windows-1252, UTF-16LE or
// UTF-16BE), perhaps with a byte order mark, which names its own encoding and
// wins over what is told. The BOM is taken off before checking (so columns count
// from the first real character) and put back on writing, in the encoding the
// file was read in; line ends are left exactly as they are.

import { isAscii, isUtf8 } from 'node:buffer';
import { DEFAULT_LIMITS, readBounded } from './safe-read';
import { bomOf, decodeUtf16, decodeWindows1252, encodeText, encodingLabel, sniffBom } from '../core/encoding';
import type { Encoding } from '../core/encoding';

export type { Encoding } from '../core/encoding';
export { ENCODINGS } from '../core/encoding';

export interface NoteText {
  /** The bytes as read, to tell later whether the file changed on disk. */
  bytes: Buffer;
  /** The text without its BOM. */
  text: string;
  bom: boolean;
  /** The encoding the text was read in, and is written back in. */
  encoding: Encoding;
}

export type ReadResult = { ok: true; note: NoteText } | { ok: false; reason: string };

export interface DecodeOptions {
  /** The encoding of a file with no byte order mark (default: UTF-8). */
  encoding?: Encoding | null;
  /**
   * What to tell a person whose file is not the encoding expected, after the
   * place: how to save it or say what it is (the CLI names --encoding, the
   * server files.encoding).
   */
  advice?: string;
}

const DEFAULT_ADVICE = 'save the file as UTF-8';

/**
 * A note's bytes and text: only a regular file of at most `limit` bytes (0: no
 * limit), read without blocking on a FIFO or reading a device (see safe-read).
 */
export function readNoteFile(path: string, limit: number = DEFAULT_LIMITS.note, options: DecodeOptions = {}): ReadResult {
  const read = readBounded(path, limit, 'note');
  return read.ok ? decodeNote(read.bytes, options) : { ok: false, reason: read.reason };
}

export function decodeNote(bytes: Buffer, options: DecodeOptions = {}): ReadResult {
  const advice = options.advice ?? DEFAULT_ADVICE;
  const marked = sniffBom(bytes);
  const encoding = marked ?? options.encoding ?? 'utf-8';
  const body = marked ? bytes.subarray(bomOf(marked)!.length) : bytes;
  const offset = bytes.length - body.length;
  const result = (text: string): ReadResult => ({ ok: true, note: { bytes, text, bom: marked !== null, encoding } });
  // UTF-16 saved without a byte order mark: ASCII comes with a NUL byte beside each character (and may even be
  // valid UTF-8). Neither UTF-8 nor Windows-1252 text holds NUL bytes, so whatever --encoding says, that is refused.
  const wide = !marked && encoding !== 'utf-16le' && encoding !== 'utf-16be' ? looksLikeUtf16(body) : null;
  if (wide) return { ok: false, reason: `has a NUL byte beside each character, as ${encodingLabel(wide)} without a byte order mark would; ${advice}` };
  switch (encoding) {
    case 'windows-1252':
      return result(decodeWindows1252(body));
    case 'utf-16le':
    case 'utf-16be': {
      const decoded = decodeUtf16(body, encoding === 'utf-16be');
      if (decoded.ok) return result(decoded.text);
      const at = offset + decoded.byte;
      return { ok: false, reason: `not valid ${encodingLabel(encoding)} text (${decoded.why} at byte ${at + 1}); ${advice}` };
    }
    default: {
      // A file of ASCII alone (the usual note) is the same text read as Latin-1: one copy into a string of one byte per
      // character, which the check then reads faster than what the UTF-8 decoder makes of the same bytes.
      if (isAscii(body)) return result(body.toString('latin1'));
      // Node's own validator (one fast pass) for the usual, valid file; the scan below only to say where a file breaks.
      const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
      if (bad >= 0) {
        const at = offset + bad;
        return { ok: false, reason: `not valid UTF-8 text (line ${countLineFeeds(bytes, at) + 1}, byte ${at + 1}); ${advice}` };
      }
      return result(new TextDecoder('utf-8', { ignoreBOM: true }).decode(body));
    }
  }
}

/**
 * The bytes of a note to write back: `text` in the encoding it was read in,
 * with the BOM it had. An error (never a silent substitute) when the text holds
 * a character that encoding cannot (a Windows-1252 file cannot hold `≥`).
 */
export function encodeNote(text: string, from: Pick<NoteText, 'bom' | 'encoding'>): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  const encoded = encodeText(text, from.encoding);
  if (!encoded.ok) {
    const line = text.slice(0, encoded.index).split('\n').length;
    const code = encoded.character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return {
      ok: false,
      reason: `the fixed text has a character that ${encodingLabel(from.encoding)} cannot hold (U+${code} on line ${line}); the file was left as it is (save it as UTF-8 to fix it)`,
    };
  }
  const bom = from.bom ? bomOf(from.encoding) : null;
  return { ok: true, bytes: bom ? Buffer.concat([bom, encoded.bytes]) : Buffer.from(encoded.bytes.buffer, encoded.bytes.byteOffset, encoded.bytes.byteLength) };
}

/** UTF-16LE or UTF-16BE when the first bytes have a NUL at every other place and none between; else null. */
function looksLikeUtf16(bytes: Uint8Array): Encoding | null {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2) odd++;
    else even++;
  }
  const half = n / 2;
  if (odd >= half / 2 && even === 0) return 'utf-16le';
  if (even >= half / 2 && odd === 0) return 'utf-16be';
  return null;
}

/** Offset of the first byte that breaks UTF-8 (overlongs and surrogates included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b === 0xe0) {
      need = 2;
      lo = 0xa0; // overlong below U+0800
    } else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) need = 2;
    else if (b === 0xed) {
      need = 2;
      hi = 0x9f; // surrogates
    } else if (b === 0xf0) {
      need = 3;
      lo = 0x90; // overlong below U+10000
    } else if (b >= 0xf1 && b <= 0xf3) need = 3;
    else if (b === 0xf4) {
      need = 3;
      hi = 0x8f; // beyond U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return i;
      const c = bytes[i + k];
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

function countLineFeeds(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) count++;
  return count;
}
