// The language server's stdio transport (issue 16): reads Content-Length
// frames strictly and writes with backpressure.
//
// Reading: a frame whose header is not `Content-Length: <digits>` (with other
// `Name: value` headers allowed), or whose length is over MAX_CONTENT_LENGTH,
// leaves no way to find where the next message starts, so it is a framing error:
// the server says so on stderr and exits, instead of reading every later message
// as garbage (alive but deaf). A well-framed body that is not JSON is skipped with
// a log line. Neither message quotes what the client sent (it may be note text).
//
// Writing: while the client does not read, what the server sends waits in a
// queue instead of the stream's unbounded buffer; a newer publication of the same
// document's diagnostics (or status) replaces a waiting one, and the server stops
// reading requests until the client catches up. So memory stays bounded however
// long the client does not read, and it gets the newest diagnostics when it does.
//
// A payload may come with its JSON already made (`withJson`): the diagnostics
// of a document are kept encoded as UTF-8 per block of notes, so a publication
// of thousands of them copies bytes instead of encoding the whole list again.

import { format } from 'node:util';
import { AbstractMessageReader, AbstractMessageWriter, Disposable } from 'vscode-languageserver/node';
import type { Connection, DataCallback, Message, MessageReader, MessageWriter, RemoteConsole } from 'vscode-languageserver/node';
import { encodeFrame } from './encode';

export { encodeMessage, withJson } from './encode';
export type { EncodedPayload } from './encode';

/** The longest message body read: a 20 M-character document (the default size limit) as JSON, with room to spare. */
export const MAX_CONTENT_LENGTH = 256 * 1024 * 1024;
/** The longest header block: a few short lines in practice. */
const MAX_HEADER_LENGTH = 8 * 1024;
/** Above this many bytes in the stream's buffer, messages wait in the queue (and the server stops reading). */
export const HIGH_WATER = 1024 * 1024;

/** A frame that cannot be read; after one the stream has no message boundaries left. */
export class FramingError extends Error {
  readonly framing = true;
}

/** A framed body that is not JSON: skipped, the stream is still in step. */
export class BodyError extends Error {
  readonly framing = false;
}

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

/**
 * Reads Content-Length frames from a stream; see the file comment for what it
 * does with bad ones. Chunks are joined only when a header or a whole body is
 * there, so a body that comes in many chunks is copied once, not once per chunk.
 */
export class FrameReader extends AbstractMessageReader implements MessageReader {
  private chunks: Buffer[] = [];
  private total = 0;
  /** The body length of the frame being read, once its headers are read. */
  private length = -1;
  private callback: DataCallback | null = null;
  private failed = false;

  constructor(
    private readonly stream: NodeJS.ReadableStream,
    private readonly maxContentLength = MAX_CONTENT_LENGTH,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => this.onData(chunk);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.stream.on('data', onData);
    this.stream.on('error', onError);
    this.stream.on('end', onClose);
    this.stream.on('close', onClose);
    return Disposable.create(() => {
      this.stream.off('data', onData);
      this.stream.off('error', onError);
      this.stream.off('end', onClose);
      this.stream.off('close', onClose);
    });
  }

  /** Stops reading from the stream (the client's writes wait in the pipe). */
  pause(): void {
    this.stream.pause();
  }

  resume(): void {
    if (!this.failed) this.stream.resume();
  }

  private onData(chunk: Buffer): void {
    if (this.failed || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
    for (;;) {
      if (this.length < 0) {
        // The header is short: look for its end in the first bytes only.
        const head = this.take(Math.min(this.total, MAX_HEADER_LENGTH + HEADER_END.length), false);
        const end = head.indexOf(HEADER_END);
        if (end < 0) {
          if (this.total > MAX_HEADER_LENGTH) this.fail(`a message header is longer than ${MAX_HEADER_LENGTH} bytes`);
          return;
        }
        const length = contentLength(head.subarray(0, end).toString('latin1'), this.maxContentLength);
        if (typeof length === 'string') return this.fail(length);
        this.take(end + HEADER_END.length, true);
        this.length = length;
      }
      if (this.total < this.length) return;
      const body = this.take(this.length, true);
      this.length = -1;
      let message: Message;
      try {
        message = JSON.parse(body.toString('utf8')) as Message;
      } catch {
        this.fireError(new BodyError(`a message from the client is not JSON (${body.length} bytes); it is skipped`));
        continue;
      }
      this.callback?.(message);
    }
  }

  /** The first `n` bytes (joined into one chunk when they span several), removed when `consume`. */
  private take(n: number, consume: boolean): Buffer {
    if (n === 0) return Buffer.alloc(0);
    if (this.chunks[0].length < n) {
      let i = 0;
      let have = 0;
      while (have < n) have += this.chunks[i++].length;
      this.chunks.splice(0, i, Buffer.concat(this.chunks.slice(0, i), have));
    }
    const first = this.chunks[0];
    const out = first.subarray(0, n);
    if (consume) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.total -= n;
    }
    return out;
  }

  private fail(why: string): void {
    this.failed = true;
    this.chunks = [];
    this.total = 0;
    this.stream.pause();
    this.fireError(new FramingError(`${why}; no later message can be told apart`));
  }
}

/** The Content-Length of a header block, or why it has none that can be used. */
export function contentLength(headers: string, max = MAX_CONTENT_LENGTH): number | string {
  let length: number | null = null;
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[A-Za-z0-9-]+$/.test(line.slice(0, colon))) return 'a message header line is not `Name: value`';
    if (line.slice(0, colon).toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,12}$/.test(value)) return 'a Content-Length header is not a number of bytes';
    if (length !== null) return 'a message has two Content-Length headers';
    length = Number(value);
  }
  if (length === null) return 'a message header has no Content-Length';
  if (length > max) return `a message is longer than ${max} bytes (Content-Length ${length})`;
  return length;
}

/** The document a notification is about, when a newer one of the same method and document makes it stale. */
export type SupersededBy = (message: Message) => string | undefined;

/** Diagnostics and the status of a document: only the newest of each is worth sending. */
export function latestPerDocument(methods: readonly string[]): SupersededBy {
  const set = new Set(methods);
  return (message) => {
    const m = message as { method?: unknown; id?: unknown; params?: { uri?: unknown } };
    if (m.id !== undefined || typeof m.method !== 'string' || !set.has(m.method)) return undefined;
    const uri = m.params?.uri;
    return typeof uri === 'string' ? `${m.method}\n${uri}` : undefined;
  };
}

const EMPTY = Buffer.alloc(0);

interface Queued {
  frame: Buffer;
  key: string | undefined;
  dropped: boolean;
  done: () => void;
  /** Gives the frame's buffer back to the writer, once written or dropped (a lent buffer). */
  release?: () => void;
}

/** Frames from this size up are written into a buffer the writer keeps and lends again. */
const LEND_FROM = 64 * 1024;

/** The place of a message that has been sent (or dropped), until the queue is compacted. */
const FLUSHED: Queued = { frame: EMPTY, key: undefined, dropped: true, done: () => undefined };

/** What the writer has done, for tests and the log. */
export interface WriterStats {
  /** Messages that waited because the client was not reading. */
  queued: number;
  /** Stale publications dropped because a newer one of the same document came. */
  dropped: number;
  /** Bytes waiting now: in the queue and in the stream's buffer. */
  pendingBytes: number;
}

/**
 * Writes frames to a stream, holding them in a queue while the stream's buffer
 * is over `highWater`, dropping queued publications that a newer one makes
 * stale, and telling `backedUp` when the queue starts and stops (the server
 * stops and starts reading).
 */
export class BackpressureWriter extends AbstractMessageWriter implements MessageWriter {
  private readonly queue: Queued[] = [];
  private head = 0;
  private readonly waiting = new Map<string, Queued>();
  private queuedBytes = 0;
  private backed = false;
  private closed = false;
  /**
   * The buffer large frames (a document's diagnostics) are written into, when
   * no frame is using it: given back by the stream's callback once the frame
   * is written, so publishing megabytes again and again allocates nothing.
   */
  private spare: Buffer | null = null;
  readonly stats: WriterStats = { queued: 0, dropped: 0, pendingBytes: 0 };

  constructor(
    private readonly stream: NodeJS.WritableStream & { writableLength: number },
    private readonly options: { supersededBy?: SupersededBy; highWater?: number; backedUp?: (backedUp: boolean) => void } = {},
  ) {
    super();
    stream.on('drain', () => this.flush());
    stream.on('error', (error: Error) => {
      this.closed = true;
      this.fireError(error);
    });
    stream.on('close', () => {
      this.closed = true;
      this.fireClose();
    });
  }

  private get highWater(): number {
    return this.options.highWater ?? HIGH_WATER;
  }

  write(message: Message): Promise<void> {
    if (this.closed) return Promise.resolve();
    let release: (() => void) | undefined;
    const frame = encodeFrame(message, true, (size) => {
      if (size < LEND_FROM) return Buffer.allocUnsafe(size);
      const lent = this.spare && this.spare.length >= size ? this.spare : Buffer.allocUnsafe(Math.ceil(size * 1.25));
      this.spare = null;
      release = () => {
        this.spare = lent;
      };
      return lent.subarray(0, size);
    });
    if (this.pending() === 0 && this.stream.writableLength < this.highWater) {
      this.stream.write(frame, release);
      this.update();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const key = this.options.supersededBy?.(message);
      const entry: Queued = { frame, key, dropped: false, done: resolve, release };
      if (key !== undefined) {
        const stale = this.waiting.get(key);
        if (stale) {
          stale.dropped = true;
          this.queuedBytes -= stale.frame.length;
          stale.frame = EMPTY;
          stale.release?.();
          this.stats.dropped++;
          stale.done();
        }
        this.waiting.set(key, entry);
      }
      this.queue.push(entry);
      this.queuedBytes += frame.length;
      this.stats.queued++;
      this.update();
    });
  }

  end(): void {
    this.stream.end();
  }

  /** Messages waiting in the queue (not yet given to the stream). */
  private pending(): number {
    return this.queue.length - this.head;
  }

  private flush(): void {
    while (this.pending() > 0 && this.stream.writableLength < this.highWater && !this.closed) {
      const entry = this.queue[this.head];
      this.queue[this.head++] = FLUSHED;
      if (entry.dropped) continue;
      if (entry.key !== undefined && this.waiting.get(entry.key) === entry) this.waiting.delete(entry.key);
      this.queuedBytes -= entry.frame.length;
      this.stream.write(entry.frame, entry.release);
      entry.done();
    }
    // Keep no sent message: reset an empty queue, and drop the sent start of a long one.
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.update();
  }

  private update(): void {
    this.stats.pendingBytes = this.queuedBytes + this.stream.writableLength;
    const backed = this.pending() > 0 || this.stream.writableLength >= this.highWater;
    if (backed !== this.backed) {
      this.backed = backed;
      this.options.backedUp?.(backed);
    }
  }
}

/** The stdio transport, and what `createConnection(…, '--stdio')` would otherwise do itself. */
export interface StdioTransport {
  reader: FrameReader;
  writer: BackpressureWriter;
  /** Set by the shutdown handler: stdin ending after it is a clean exit (0), before it is not (1). */
  shutdownReceived: boolean;
  /** Closes the connection on a framing error, logs a skipped body, exits when stdin ends, routes `console` to the client. */
  attach(connection: Connection): void;
}

/**
 * The language server's stdio transport. `statusMethods`: notifications about
 * one document (besides its diagnostics) of which only the newest is worth sending.
 */
export function createStdioTransport(statusMethods: readonly string[] = []): StdioTransport {
  const reader = new FrameReader(process.stdin);
  const writer = new BackpressureWriter(process.stdout, {
    supersededBy: latestPerDocument(['textDocument/publishDiagnostics', ...statusMethods]),
    backedUp: (backedUp) => (backedUp ? reader.pause() : reader.resume()),
  });
  const transport: StdioTransport = {
    reader,
    writer,
    shutdownReceived: false,
    attach(connection) {
      reader.onError((error) => {
        if (error instanceof FramingError) {
          process.stderr.write(`coding-notes-language-server: ${error.message}: closing the connection.\n`);
          process.exit(1);
        }
        connection.console.error(`coding-notes: ${error.message}`);
      });
      reader.onClose(() => process.exit(transport.shutdownReceived ? 0 : 1));
      routeConsole(connection.console);
    },
  };
  return transport;
}

/** stdout carries the protocol: what is written to the console goes to the client's log instead. */
function routeConsole(remote: RemoteConsole): void {
  console.log = (...args: unknown[]) => remote.log(format(...args));
  console.info = (...args: unknown[]) => remote.info(format(...args));
  console.debug = (...args: unknown[]) => remote.log(format(...args));
  console.warn = (...args: unknown[]) => remote.warn(format(...args));
  console.error = (...args: unknown[]) => remote.error(format(...args));
}
