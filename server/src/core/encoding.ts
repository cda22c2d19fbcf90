// Text encodings a coding team's files come in: UTF-8, Windows-1252 (what
// older Windows tools save) and UTF-16 in either byte order. Bytes to text and
// back, both ways exact, with no help from ICU: Node built with small ICU reads
// "windows-1252" as Latin-1, and not every build has a UTF-16BE decoder. Pure.

export type Encoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'];

/** Windows-1252 bytes 0x80 to 0x9F (the WHATWG table: the five unassigned bytes stay C1 controls); the others are Latin-1. */
const HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Characters of HIGH → their byte. */
const HIGH_BYTES = new Map<number, number>([...HIGH].map((c, i) => [c.charCodeAt(0), 0x80 + i]));

/** The byte order mark an encoding's file may start with. */
export function bomOf(encoding: Encoding): Uint8Array | null {
  switch (encoding) {
    case 'utf-8':
      return Uint8Array.of(0xef, 0xbb, 0xbf);
    case 'utf-16le':
      return Uint8Array.of(0xff, 0xfe);
    case 'utf-16be':
      return Uint8Array.of(0xfe, 0xff);
    default:
      return null;
  }
}

/** The encoding a byte order mark at the start of `bytes` names, or null. */
export function sniffBom(bytes: Uint8Array): Encoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** Every byte is a character in Windows-1252: this never fails. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = [];
    const end = Math.min(bytes.length, start + CHUNK);
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      codes.push(b >= 0x80 && b <= 0x9f ? HIGH.charCodeAt(b - 0x80) : b);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** UTF-16 text: the code units of `bytes` in the given order, or where they stop being UTF-16. */
export function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): { ok: true; text: string } | { ok: false; byte: number; why: string } {
  if (bytes.length % 2 !== 0) return { ok: false, byte: bytes.length - 1, why: 'an odd number of bytes' };
  const units = new Uint16Array(bytes.length / 2);
  for (let i = 0, j = 0; i < bytes.length; i += 2, j++) units[j] = bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8);
  for (let j = 0; j < units.length; j++) {
    const u = units[j];
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = j + 1 < units.length ? units[j + 1] : 0;
      if (next < 0xdc00 || next > 0xdfff) return { ok: false, byte: 2 * j, why: 'a lone surrogate' };
      j++;
    } else if (u >= 0xdc00 && u <= 0xdfff) return { ok: false, byte: 2 * j, why: 'a lone surrogate' };
  }
  let text = '';
  const CHUNK = 8192;
  for (let start = 0; start < units.length; start += CHUNK) text += String.fromCharCode(...units.subarray(start, start + CHUNK));
  return { ok: true, text };
}

/**
 * The bytes of `text` in `encoding` (no byte order mark), or the first
 * character that encoding cannot hold (Windows-1252 holds 251 characters).
 */
export function encodeText(text: string, encoding: Encoding): { ok: true; bytes: Uint8Array } | { ok: false; index: number; character: string } {
  switch (encoding) {
    case 'utf-8':
      return { ok: true, bytes: new TextEncoder().encode(text) };
    case 'windows-1252': {
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const b = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : HIGH_BYTES.get(c);
        if (b === undefined) {
          const character = String.fromCodePoint(text.codePointAt(i)!);
          return { ok: false, index: i, character };
        }
        bytes[i] = b;
      }
      return { ok: true, bytes };
    }
    case 'utf-16le':
    case 'utf-16be': {
      const big = encoding === 'utf-16be';
      const bytes = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        const u = text.charCodeAt(i);
        bytes[2 * i + (big ? 1 : 0)] = u & 0xff;
        bytes[2 * i + (big ? 0 : 1)] = u >> 8;
      }
      return { ok: true, bytes };
    }
  }
}

/** How a person names the encoding: `Windows-1252`, `UTF-16LE`. */
export function encodingLabel(encoding: Encoding): string {
  return encoding === 'windows-1252' ? 'Windows-1252' : encoding.toUpperCase();
}
