// The language server's stdio transport (issue 16), on streams in memory:
// frames split anywhere are read the same, a frame that cannot be read stops
// the reader, a body that is not JSON is skipped, and while the client does not
// read, only the newest publication per document waits and the reader pauses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import type { Message } from 'vscode-languageserver/node';
import { BackpressureWriter, BodyError, FrameReader, FramingError, contentLength, latestPerDocument, withJson } from '../server/src/lsp/transport';

const frame = (m: unknown, headers = '') => {
  const body = Buffer.from(JSON.stringify(m), 'utf8');
  return Buffer.concat([Buffer.from(`${headers}Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
};

/** Feeds `bytes` to a reader in chunks of `size` and returns what it read and the errors it gave. */
function readAll(bytes: Buffer, size: number): { messages: unknown[]; errors: Error[]; paused: boolean } {
  const stream = new PassThrough();
  const reader = new FrameReader(stream);
  const messages: unknown[] = [];
  const errors: Error[] = [];
  reader.onError((e) => errors.push(e));
  reader.listen((m) => messages.push(m));
  for (let i = 0; i < bytes.length; i += size) stream.emit('data', bytes.subarray(i, i + size));
  return { messages, errors, paused: stream.isPaused() };
}

test('frames split at any byte are read the same, other headers and any case of Content-Length allowed', () => {
  const sent = [
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { text: 'é ü — ✓ 😀' } },
    { jsonrpc: '2.0', method: 'initialized', params: {} },
    { jsonrpc: '2.0', id: 2, method: 'shutdown' },
  ];
  const bytes = Buffer.concat(
    [
      frame(sent[0]),
      frame(sent[1], 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'),
      frame(sent[2]).toString('latin1').replace('Content-Length', 'content-length'),
    ].map((b) => (typeof b === 'string' ? Buffer.from(b, 'latin1') : b)),
  );
  for (let size = 1; size <= bytes.length; size++) {
    const { messages, errors } = readAll(bytes, size);
    assert.deepEqual(errors, [], `chunks of ${size}`);
    assert.deepEqual(messages, sent, `chunks of ${size}`);
  }
});

test('a body that is not JSON is skipped with an error that quotes none of it; the next message is read', () => {
  const bad = Buffer.from('Content-Length: 13\r\n\r\n{"text": Zebe');
  const { messages, errors } = readAll(Buffer.concat([bad, frame({ jsonrpc: '2.0', id: 3, method: 'x' })]), 7);
  assert.deepEqual(messages, [{ jsonrpc: '2.0', id: 3, method: 'x' }]);
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof BodyError);
  assert.equal(errors[0].message, 'a message from the client is not JSON (13 bytes); it is skipped');
});

test('a frame that cannot be read stops the reader: one framing error, nothing read after it', () => {
  const after = frame({ jsonrpc: '2.0', id: 9, method: 'shutdown' });
  const cases: [string, string][] = [
    ['Content-Length: abc\r\n\r\n', 'a Content-Length header is not a number of bytes'],
    ['Content-Length: 1e3\r\n\r\n', 'a Content-Length header is not a number of bytes'],
    ['Content-Length: -1\r\n\r\n', 'a Content-Length header is not a number of bytes'],
    ['Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}', 'a message has two Content-Length headers'],
    ['Content-Type: x\r\n\r\n', 'a message header has no Content-Length'],
    ['just text\r\n\r\n', 'a message header line is not `Name: value`'],
    ['Content-Length: 300000000\r\n\r\n', 'a message is longer than 268435456 bytes (Content-Length 300000000)'],
    [`X-Note: ${'a'.repeat(9000)}`, 'a message header is longer than 8192 bytes'],
  ];
  for (const [bad, why] of cases) {
    const { messages, errors, paused } = readAll(Buffer.concat([frame({ jsonrpc: '2.0', method: 'before' }), Buffer.from(bad, 'latin1'), after]), 5);
    assert.deepEqual(messages, [{ jsonrpc: '2.0', method: 'before' }], bad);
    assert.equal(errors.length, 1, bad);
    assert.ok(errors[0] instanceof FramingError, bad);
    assert.equal(errors[0].message, `${why}; no later message can be told apart`);
    assert.ok(paused, 'the stream is no longer read');
  }
  assert.equal(contentLength('Content-Length: 12'), 12);
});

test('a large body in many small chunks is joined once (linear in its size)', () => {
  const time = (bytes: number) => {
    const big = frame({ jsonrpc: '2.0', method: 'big', params: { text: 'x'.repeat(bytes) } });
    const started = performance.now();
    const { messages } = readAll(big, 16 * 1024);
    assert.equal(messages.length, 1);
    return (performance.now() - started) / bytes;
  };
  time(1_000_000); // warm up
  const small = Math.min(time(1_000_000), time(1_000_000));
  const large = Math.min(time(32_000_000), time(32_000_000));
  // Joining per chunk would cost 2,000 chunks × 16 MB here: a thousand times the small case per byte.
  assert.ok(large / small < 20, `a byte costs ${(large / small).toFixed(1)} times more in 32 MB than in 1 MB`);
});

/** A client that reads only when told: what the server writes waits in the stream's buffer. */
class SlowClient extends Writable {
  readonly received: Buffer[] = [];
  private held: (() => void)[] = [];
  reading = false;
  constructor() {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.received.push(chunk);
    if (this.reading) done();
    else this.held.push(done);
  }
  read(): void {
    this.reading = true;
    for (const done of this.held.splice(0)) done();
  }
  messages(): Message[] {
    const out: Message[] = [];
    const reader = new FrameReader(new PassThrough());
    reader.listen((m) => out.push(m));
    (reader as any).onData(Buffer.concat(this.received));
    return out;
  }
}

const settle = () => new Promise((r) => setImmediate(r));

test('while the client does not read, only the newest publication per document waits; requests and answers all wait; the reader pauses', async () => {
  const client = new SlowClient();
  const backed: boolean[] = [];
  const writer = new BackpressureWriter(client, {
    highWater: 4096,
    supersededBy: latestPerDocument(['textDocument/publishDiagnostics', 'codingNotes/status']),
    backedUp: (b) => backed.push(b),
  });
  const publish = (uri: string, version: number) =>
    writer.write({
      jsonrpc: '2.0',
      method: 'textDocument/publishDiagnostics',
      params: { uri, version, diagnostics: [{ message: 'x'.repeat(1000) }] },
    } as Message);
  const sends: Promise<void>[] = [];
  for (let v = 1; v <= 100; v++) {
    sends.push(publish('file:///a', v), publish('file:///b', v));
    if (v % 10 === 0) sends.push(writer.write({ jsonrpc: '2.0', id: v, result: v } as Message));
  }
  sends.push(writer.write({ jsonrpc: '2.0', method: 'codingNotes/status', params: { uri: 'file:///a', version: 100 } } as Message));
  await settle();
  assert.deepEqual(backed, [true], 'backed up once, and still');
  assert.ok(writer.stats.dropped > 150, `stale publications dropped: ${writer.stats.dropped}`);
  assert.ok(writer.stats.pendingBytes < 30_000, `waiting: ${writer.stats.pendingBytes} bytes`);

  client.read();
  await Promise.all(sends); // every write settles, sent or dropped
  await settle();
  assert.deepEqual(backed, [true, false], 'caught up');
  const got = client.messages();
  const versions = (uri: string) =>
    got.filter((m: any) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri).map((m: any) => m.params.version);
  // What went out before the client stopped reading, then the newest only.
  assert.equal(versions('file:///a').at(-1), 100);
  assert.equal(versions('file:///b').at(-1), 100);
  assert.ok(versions('file:///a').length < 10, `publications of a: ${versions('file:///a').join(', ')}`);
  assert.deepEqual(
    got.filter((m: any) => m.id !== undefined).map((m: any) => m.id),
    [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    'every answer, in order',
  );
  assert.equal(got.filter((m: any) => m.method === 'codingNotes/status').length, 1);
});

test('a client that reads gets every message, in order, and the reader never pauses', async () => {
  const client = new SlowClient();
  client.read();
  const backed: boolean[] = [];
  const writer = new BackpressureWriter(client, {
    highWater: 4096,
    supersededBy: latestPerDocument(['textDocument/publishDiagnostics']),
    backedUp: (b) => backed.push(b),
  });
  for (let v = 1; v <= 50; v++)
    await writer.write({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a', version: v, diagnostics: [] } } as Message);
  await settle();
  assert.deepEqual(
    client.messages().map((m: any) => m.params.version),
    Array.from({ length: 50 }, (_, i) => i + 1),
  );
  assert.deepEqual(backed, []);
  assert.equal(writer.stats.dropped, 0);
});

test('large publications share one buffer only once each is written: a frame the client has not read yet keeps its bytes', async () => {
  // A client that takes a frame's bytes only when it reads it (then the writer may lend its buffer again).
  const taken: Buffer[] = [];
  const holding: { chunk: Buffer; done: () => void }[] = [];
  const client = new (class extends Writable {
    override _write(chunk: Buffer, _encoding: string, done: () => void): void {
      holding.push({ chunk, done });
    }
  })({ highWaterMark: 1 << 30 });
  const writer = new BackpressureWriter(client, { highWater: 1 << 30, supersededBy: latestPerDocument(['textDocument/publishDiagnostics']) });
  const publication = (uri: string, version: number, letter: string) => {
    const diagnostics = Array.from({ length: 200 }, (_, i) => ({ message: `${letter}${i} `.repeat(100) }));
    const params = { uri, version, diagnostics };
    const head = `{"uri":${JSON.stringify(uri)},"version":${version},"diagnostics":[`;
    return {
      jsonrpc: '2.0',
      method: 'textDocument/publishDiagnostics',
      params: withJson(params, { head, items: diagnostics.map((d) => Buffer.from(JSON.stringify(d))), tail: ']}' }),
    } as Message;
  };
  const sent = [publication('file:///a', 1, 'a'), publication('file:///b', 1, 'b'), publication('file:///a', 2, 'c'), publication('file:///c', 1, 'd')];
  const writes: Promise<void>[] = [];
  for (const m of sent.slice(0, 2)) writes.push(writer.write(m));
  // The client reads the first frame only: its buffer may go to the next, the second's may not.
  await settle();
  const first = holding.shift()!;
  taken.push(Buffer.from(first.chunk));
  first.done();
  await settle();
  for (const m of sent.slice(2)) writes.push(writer.write(m));
  await settle();
  while (holding.length) {
    const next = holding.shift()!;
    taken.push(Buffer.from(next.chunk));
    next.done();
    await settle();
  }
  await Promise.all(writes);
  const reader = new FrameReader(new PassThrough());
  const got: Message[] = [];
  reader.listen((m) => got.push(m));
  (reader as any).onData(Buffer.concat(taken));
  assert.deepEqual(
    got.map((m) => JSON.stringify(m)),
    sent.map((m) => JSON.stringify(m)),
  );
});
