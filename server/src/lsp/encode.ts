// Messages as bytes for the stdio writer (transport.ts): a payload may come with
// its JSON already made (`withJson`): the diagnostics of a document are kept
// encoded as UTF-8, one piece per block of notes (lsp/checked.ts), so a
// publication of thousands of them copies a few hundred buffers instead of
// encoding the whole list again.

import type { Message } from 'vscode-languageserver/node';

/** The JSON of a payload (a notification's params or a response's result), made by the sender. */
const ENCODED = Symbol('coding-notes.json');

/**
 * A payload's JSON as the sender keeps it: `head`, then the items (UTF-8 JSON
 * texts, each one or more values joined by commas) separated by commas, then
 * `tail`. Diagnostics are encoded once per block of notes, and a publication
 * copies their bytes into the frame: turning a
 * 1.5 MB string into UTF-8 costs more than making it (README, Performance).
 */
export interface EncodedPayload {
  head: string;
  items: readonly Uint8Array[];
  tail: string;
}

/**
 * Marks `value` with its JSON, which the stdio writer sends instead of encoding
 * the value again. The caller promises that it is what `JSON.stringify(value)`
 * would give (a transport without this writer, such as node IPC, serializes the
 * value itself, so the value must stay whole).
 */
export function withJson<T extends object>(value: T, encoded: EncodedPayload): T {
  Object.defineProperty(value, ENCODED, { value: encoded, enumerable: false });
  return value;
}

const COMMA = 0x2c;

/** A message as UTF-8 JSON, with a payload's own encoding where it has one. */
export function encodeMessage(message: Message): Buffer {
  return encodeFrame(message, false);
}

/** Gives the buffer a frame of `size` bytes is written into. */
export type FrameAllocator = (size: number) => Buffer;

const allocate: FrameAllocator = (size) => Buffer.allocUnsafe(size);

/**
 * A message as a frame (`Content-Length` header and body), or its body alone;
 * one buffer, written once. A payload with its JSON already made is copied into
 * a buffer from `into` (the stdio writer lends the same one again once the
 * previous frame is written, so a publication of megabytes makes no garbage).
 */
export function encodeFrame(message: Message, framed: boolean, into: FrameAllocator = allocate): Buffer {
  const fields = message as unknown as Record<string, unknown>;
  const payload = 'params' in fields ? fields.params : 'result' in fields ? fields.result : undefined;
  const encoded = typeof payload === 'object' && payload !== null ? (payload as { [ENCODED]?: EncodedPayload })[ENCODED] : undefined;
  if (!encoded) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    return framed ? Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]) : body;
  }
  // The other fields before and after the payload, as JSON.stringify orders them.
  let head = '';
  let tail = '';
  let seen = false;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined) continue;
    const start = head || seen ? ',' : '{';
    if (value === payload) {
      head += `${start}${JSON.stringify(key)}:${encoded.head}`;
      seen = true;
    } else if (seen) tail += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
    else head += `${start}${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  tail = encoded.tail + tail + '}';
  const items = encoded.items;
  let length = Buffer.byteLength(head, 'utf8') + Buffer.byteLength(tail, 'utf8') + Math.max(0, items.length - 1);
  for (const item of items) length += item.length;
  const header = framed ? `Content-Length: ${length}\r\n\r\n` : '';
  const out = into(header.length + length);
  let at = out.write(header, 0, 'ascii');
  at += out.write(head, at, 'utf8');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out[at++] = COMMA;
    out.set(items[i], at);
    at += items[i].length;
  }
  out.write(tail, at, 'utf8');
  return out;
}
