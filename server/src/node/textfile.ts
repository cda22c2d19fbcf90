// Note files on disk: UTF-8, perhaps with a byte order mark. The BOM is taken
// off before checking (so columns count from the first real character) and put
// back on writing; line ends are left exactly as they are.

import { DEFAULT_LIMITS, readBounded } from './safe-read';

export interface NoteText {
  /** The bytes as read, to tell later whether the file changed on disk. */
  bytes: Buffer;
  /** The text without its BOM. */
  text: string;
  bom: boolean;
}

export type ReadResult = { ok: true; note: NoteText } | { ok: false; reason: string };

/**
 * A note's bytes and text: only a regular file of at most `limit` bytes (0: no
 * limit), read without blocking on a FIFO or reading a device (see safe-read).
 */
export function readNoteFile(path: string, limit: number = DEFAULT_LIMITS.note): ReadResult {
  const read = readBounded(path, limit, 'note');
  return read.ok ? decodeNote(read.bytes) : { ok: false, reason: read.reason };
}

export function decodeNote(bytes: Buffer): ReadResult {
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const line = countLineFeeds(bytes, bad) + 1;
    return { ok: false, reason: `not valid UTF-8 text (line ${line}, byte ${bad + 1}); save the file as UTF-8` };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
  return { ok: true, note: { bytes, text, bom } };
}

export function encodeNote(text: string, bom: boolean): Buffer {
  return Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
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
