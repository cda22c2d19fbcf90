// Reliability of the language server (issue 7), against the real bundled
// server process over stdio: handler exceptions, unknown documents, malformed
// params, cancellation, the size limit, files that are not valid UTF-8, what
// the logs may contain, and what an untrusted workspace is told.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, PublishedDiagnostics } from './helpers/lsp-client';
import { DEFAULT_MAX_DOCUMENT_SIZE } from '../server/src/lsp/unchecked';
import { MISSING_CODES, MISSING_RULES } from './helpers/notes';

const folders: string[] = [];
const clients: LspClient[] = [];
after(() => {
  for (const c of clients) c.kill();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coding-notes-robust-'));
  folders.push(dir);
  return dir;
}

function writeNote(folder: string, name: string, content: string | Buffer): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return pathToFileURL(path).href;
}

async function startServer(options: { initializationOptions?: unknown; capabilities?: unknown; env?: Record<string, string> } = {}): Promise<LspClient> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(options.env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  let client: LspClient;
  try {
    client = new LspClient(); // inherits process.env
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  clients.push(client);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: options.capabilities ?? {},
    initializationOptions: options.initializationOptions ?? { trusted: true },
  });
  client.notify('initialized', {});
  return client;
}

function open(client: LspClient, uri: string, text: string, version = 1): void {
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version, text } });
}

function replaceAll(client: LspClient, uri: string, version: number, text: string): void {
  client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
}

const codes = (p: PublishedDiagnostics) => p.diagnostics.map((d) => String(d.code));

// The test client keeps only the message of an error answer; these tests need
// its code, and need to send a request and its cancellation in one write.
interface RawResponse {
  id: string;
  result?: unknown;
  error?: { code: number; message: string };
}

function recordResponses(client: LspClient): Map<string, RawResponse> {
  const raw = client as any;
  const responses = new Map<string, RawResponse>();
  const dispatch = raw.dispatch.bind(raw);
  raw.dispatch = (message: any) => {
    if (message.method === undefined && typeof message.id === 'string') responses.set(message.id, message);
    dispatch(message);
  };
  return responses;
}

function writeRaw(client: LspClient, ...messages: object[]): void {
  const frames = messages.map((m) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
  });
  (client as any).child.stdin.write(Buffer.concat(frames));
}

async function responseTo(responses: Map<string, RawResponse>, id: string): Promise<RawResponse> {
  const deadline = Date.now() + 20_000;
  while (!responses.has(id)) {
    if (Date.now() > deadline) throw new Error(`no answer to ${id} (the server may hang)`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return responses.get(id)!;
}

const logs = (client: LspClient): string[] => client.received('window/logMessage').map((m: any) => String(m.message));

/** A plain request proves the server still serves (and has not died). */
async function stillServes(client: LspClient, uri: string): Promise<void> {
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 11 } });
  assert.ok(hover?.contents, 'a normal hover still gets an answer');
}

describe('server robustness', () => {
  test('a handler that throws is logged and answered empty; the server goes on serving', async () => {
    const folder = tempFolder();
    const client = await startServer();
    const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    await client.diagnostics(uri);

    // Params the handlers cannot use: they throw inside, behind the guard.
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: null }), null);
    assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri }, position: 'nowhere' }), { isIncomplete: false, items: [] });
    assert.deepEqual(await client.request('textDocument/rangeFormatting', { textDocument: { uri }, range: null, options: {} }), []);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: null, context: null }), []);
    const failures = logs(client).filter((m) => /coding-notes: (hover|completion|range formatting|code actions) failed: TypeError/.test(m));
    assert.ok(failures.length >= 3, `the failures are logged:\n${logs(client).join('\n')}`);

    await stillServes(client, uri);
    assert.equal(await client.shutdown(), 0);
  });

  test('unknown documents, malformed params and unknown methods get an empty answer or a protocol error, not a crash', async () => {
    const folder = tempFolder();
    const client = await startServer();
    const responses = recordResponses(client);
    const unknown = pathToFileURL(join(folder, 'never-opened.codingnote')).href;
    const at = { line: 0, character: 0 };
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: unknown }, position: at }), null);
    assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: unknown }, position: at }), { isIncomplete: false, items: [] });
    assert.deepEqual(
      await client.request('textDocument/codeAction', { textDocument: { uri: unknown }, range: { start: at, end: at }, context: { diagnostics: [] } }),
      [],
    );
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: unknown } }), []);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri: unknown }, options: { tabSize: 2, insertSpaces: true } }), []);
    assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument: { uri: unknown }, range: { start: at, end: at } }), []);
    assert.deepEqual(await client.request('textDocument/documentLink', { textDocument: { uri: 'not a uri at all' } }), []);

    // No params at all, or params of the wrong type: vscode-languageserver itself may
    // refuse them before our handler runs, with InvalidParams (-32602) or InternalError (-32603).
    const malformed: [string, unknown][] = [
      ['textDocument/hover', null],
      ['textDocument/completion', 42],
      ['textDocument/codeAction', 'text'],
      ['textDocument/foldingRange', { textDocument: null }],
      ['textDocument/documentSymbol', []],
      ['codingNotes/auditReport', null],
    ];
    malformed.forEach(([method, params], i) => writeRaw(client, { id: `malformed-${i}`, method, params }));
    for (let i = 0; i < malformed.length; i++) {
      const answer = await responseTo(responses, `malformed-${i}`);
      const empty =
        answer.result === null ||
        (Array.isArray(answer.result) && answer.result.length === 0) ||
        (answer.result as any)?.items?.length === 0 ||
        (answer.result as any)?.files === 0;
      assert.ok(empty || answer.error?.code === -32602 || answer.error?.code === -32603, `${malformed[i][0]}: ${JSON.stringify(answer)}`);
    }
    const workspace = await client.request('codingNotes/checkWorkspace', { folders: 'not a list' });
    assert.equal(workspace.files, 0);

    // Notifications about documents that are not open, or that make no sense.
    client.notify('textDocument/didChange', { textDocument: { uri: unknown, version: 2 }, contentChanges: [{ text: 'x' }] });
    client.notify('textDocument/didClose', { textDocument: { uri: unknown } });
    client.notify('textDocument/didOpen', { textDocument: { uri: join(folder, 'no-scheme'), languageId: 'coding-note', version: 1, text: MISSING_CODES } });
    client.notify('workspace/didChangeConfiguration', { settings: { codingNotes: { rules: 'loud', maxDocumentSize: -3 } } });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///%', type: 1 }] });

    // A method the server does not have: MethodNotFound (-32601).
    writeRaw(client, { id: 'unknown-method', method: 'codingNotes/noSuchThing', params: {} });
    assert.equal((await responseTo(responses, 'unknown-method')).error?.code, -32601);

    const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    assert.deepEqual(codes(await client.diagnostics(uri)), MISSING_RULES);
    await stillServes(client, uri);
    assert.equal(await client.shutdown(), 0);
  });

  test('an exception while checking a note is logged, the note says it was not checked, the other notes are checked', async () => {
    const folder = tempFolder();
    const client = await startServer({ env: { CODING_NOTES_TEST_FAULT: 'check' } });
    // The second of three notes makes the checker throw.
    const faulty = `${MISSING_CODES}---\n${MISSING_CODES}Comment: coding-notes-test-fault Mrs Fault-Tolerant-Patient\n---\n${MISSING_CODES}`;
    const second = MISSING_CODES.split('\n').length;
    const bad = writeNote(folder, 'bad.codingnote', faulty);
    const good = writeNote(folder, 'good.codingnote', MISSING_CODES);
    open(client, bad, faulty);
    open(client, good, MISSING_CODES);
    const failed = await client.diagnostics(bad);
    assert.deepEqual(codes(failed), [...MISSING_RULES, 'not-checked/internal-error', ...MISSING_RULES]);
    const notChecked = failed.diagnostics.find((d: any) => d.code === 'not-checked/internal-error')!;
    assert.equal(notChecked.severity, 1);
    assert.equal(notChecked.range.start.line, second, 'on the first line of the note it failed on');
    assert.equal(notChecked.codeDescription, undefined, 'no rule page');
    // No "Disable not-checked/… for this line".
    const actions: any[] = await client.request('textDocument/codeAction', {
      textDocument: { uri: bad },
      range: notChecked.range,
      context: { diagnostics: [notChecked] },
    });
    assert.deepEqual(actions, []);
    assert.deepEqual(codes(await client.diagnostics(good)), MISSING_RULES);
    await client.waitFor('window/logMessage', (m: any) => /checking a note failed: Error/.test(m.message));
    // The error's message held the note text; the log holds only its kind and where it happened.
    assert.ok(!logs(client).some((m) => m.includes('Fault-Tolerant-Patient')), 'no note text in the log');

    // Edited so that the check no longer fails, the note is checked again.
    const since = client.mark;
    replaceAll(client, bad, 2, MISSING_CODES);
    assert.deepEqual(codes(await client.diagnostics(bad, (p) => p.version === 2, since)), MISSING_RULES);
    await stillServes(client, good);
    assert.equal(await client.shutdown(), 0);
  });

  test('a cancelled request is answered with RequestCancelled (-32800), and the server goes on serving', async () => {
    const folder = tempFolder();
    for (let i = 0; i < 200; i++) writeNote(folder, `note-${String(i).padStart(3, '0')}.codingnote`, MISSING_CODES);
    const client = await startServer();
    const responses = recordResponses(client);
    const params = { folders: [pathToFileURL(folder).href] };
    // The request and its cancellation in one write: the cancellation is there before the work starts.
    writeRaw(client, { id: 'check-1', method: 'codingNotes/checkWorkspace', params }, { method: '$/cancelRequest', params: { id: 'check-1' } });
    const cancelled = await responseTo(responses, 'check-1');
    assert.equal(cancelled.error?.code, -32800, JSON.stringify(cancelled));

    // Cancelled after it started: some answer arrives (cancelled, or complete if it was quicker).
    writeRaw(client, { id: 'check-2', method: 'codingNotes/checkWorkspace', params });
    await new Promise((r) => setTimeout(r, 1));
    writeRaw(client, { method: '$/cancelRequest', params: { id: 'check-2' } });
    const late = await responseTo(responses, 'check-2');
    assert.ok(late.error?.code === -32800 || (late.result as any)?.files === 200, JSON.stringify(late).slice(0, 300));

    // Cancelling a request that already has its answer, or that never existed, changes nothing.
    writeRaw(client, { method: '$/cancelRequest', params: { id: 'check-1' } }, { method: '$/cancelRequest', params: { id: 'no-such-request' } });
    const full = await client.request('codingNotes/checkWorkspace', params);
    assert.equal(full.files, 200);
    assert.equal(full.error, 600);
    assert.equal(await client.shutdown(), 0);
  });
});

describe('size limit', () => {
  const bigNote = (size: number) => {
    const filler = `# ${'x'.repeat(70)}\n`;
    return MISSING_CODES + filler.repeat(Math.ceil(size / filler.length));
  };

  test('a document over maxDocumentSize gets one information diagnostic and no features, and is checked once it is small again', async () => {
    const folder = tempFolder();
    const client = await startServer({ initializationOptions: { trusted: true, maxDocumentSize: 5_000 } });
    const text = bigNote(6_000);
    const uri = writeNote(folder, 'big.codingnote', text);
    open(client, uri, text);
    const published = await client.diagnostics(uri);
    assert.equal(published.diagnostics.length, 1);
    const [d] = published.diagnostics;
    assert.equal(d.severity, 3, 'information');
    assert.equal(d.code, 'not-checked/too-large');
    assert.match(d.message, /not checked/);
    assert.match(d.message, /codingNotes\.maxDocumentSize/);
    assert.match(d.message, new RegExp(text.length.toLocaleString('en-GB')));

    const at = { line: 2, character: 11 };
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: at }), null);
    assert.deepEqual((await client.request('textDocument/completion', { textDocument: { uri }, position: at })).items, []);
    assert.deepEqual(
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: at, end: at },
        context: { diagnostics: [], only: ['source.fixAll.coding-notes'] },
      }),
      [],
    );
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    assert.deepEqual(await client.request('textDocument/foldingRange', { textDocument: { uri } }), []);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
    assert.deepEqual(
      await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } } }),
      [],
    );

    const since = client.mark;
    replaceAll(client, uri, 2, MISSING_CODES);
    assert.deepEqual(codes(await client.diagnostics(uri, (p) => p.version === 2, since)), MISSING_RULES);
    assert.ok(await client.request('textDocument/hover', { textDocument: { uri }, position: at }));
    assert.equal(await client.shutdown(), 0);
  });

  test('the default limit holds, and the editor setting overrides it', async () => {
    const folder = tempFolder();
    // A client that pushes its settings (no workspace/configuration).
    const client = await startServer({ initializationOptions: { trusted: true, synchronizes: true } });
    const huge = bigNote(DEFAULT_MAX_DOCUMENT_SIZE + 100_000);
    const uri = writeNote(folder, 'huge.codingnote', 'placeholder');
    open(client, uri, huge);
    const published = await client.diagnostics(uri);
    assert.deepEqual(codes(published), ['not-checked/too-large']);
    assert.ok(published.diagnostics[0].message.includes(`limit of ${DEFAULT_MAX_DOCUMENT_SIZE.toLocaleString('en-GB')}`), published.diagnostics[0].message);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 11 } }), null);

    // Raised in the settings, the same document is checked.
    const since = client.mark;
    client.notify('workspace/didChangeConfiguration', { settings: { codingNotes: { maxDocumentSize: 0 } } });
    const all = await client.diagnostics(uri, (p) => !codes(p).includes('not-checked/too-large'), since);
    assert.deepEqual(codes(all), MISSING_RULES);

    // A small note under a tiny setting is not checked either.
    const since2 = client.mark;
    client.notify('workspace/didChangeConfiguration', { settings: { codingNotes: { maxDocumentSize: 10 } } });
    const small = writeNote(folder, 'small.codingnote', MISSING_CODES);
    open(client, small, MISSING_CODES);
    assert.deepEqual(codes(await client.diagnostics(small, () => true, since2)), ['not-checked/too-large']);
    assert.equal(await client.shutdown(), 0);
  });
});

describe('files that are not valid UTF-8', () => {
  test('are reported with the line of the first bad byte, and not checked', async () => {
    const folder = tempFolder();
    const client = await startServer();
    // Windows-1252 "é" (0xE9) on line 4: not UTF-8. The editor shows it as U+FFFD.
    const bytes = Buffer.concat([
      Buffer.from(MISSING_CODES.split('\n').slice(0, 3).join('\n') + '\nProcedure: Cryoth'),
      Buffer.from([0xe9]),
      Buffer.from('rapy\n' + MISSING_CODES.split('\n').slice(4).join('\n')),
    ]);
    const uri = writeNote(folder, 'latin1.codingnote', bytes);
    const asShown = new TextDecoder('utf-8').decode(bytes);
    assert.ok(asShown.includes('\uFFFD'));
    open(client, uri, asShown);
    const published = await client.diagnostics(uri);
    assert.equal(published.diagnostics.length, 1, JSON.stringify(published.diagnostics));
    const [d] = published.diagnostics;
    assert.equal(d.severity, 1, 'error');
    assert.equal(d.code, 'not-checked/not-utf-8');
    assert.match(d.message, /not valid UTF-8 \(first bad byte at line 4\)/);
    assert.equal(d.range.start.line, 3);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 11 } }), null);

    // Saved as UTF-8 (the file on disk is what counts), the next change checks it.
    writeFileSync(join(folder, 'latin1.codingnote'), MISSING_CODES);
    const since = client.mark;
    replaceAll(client, uri, 2, MISSING_CODES);
    assert.deepEqual(codes(await client.diagnostics(uri, (p) => p.version === 2, since)), MISSING_RULES);
    assert.equal(await client.shutdown(), 0);
  });

  test('a real U+FFFD in a valid UTF-8 file, or in an unsaved document, is just text', async () => {
    const folder = tempFolder();
    const client = await startServer();
    const withReplacement = MISSING_CODES.replace('# Liver list (test note)', '# Liver list \uFFFD (test note)');
    const onDisk = writeNote(folder, 'valid.codingnote', withReplacement);
    open(client, onDisk, withReplacement);
    assert.deepEqual(codes(await client.diagnostics(onDisk)), MISSING_RULES);
    const untitled = 'untitled:Untitled-1';
    open(client, untitled, withReplacement);
    assert.deepEqual(codes(await client.diagnostics(untitled)), MISSING_RULES);
    const missing = pathToFileURL(join(folder, 'not-saved-yet.codingnote')).href;
    open(client, missing, withReplacement);
    assert.deepEqual(codes(await client.diagnostics(missing)), MISSING_RULES);
    assert.equal(await client.shutdown(), 0);
  });
});

describe('privacy', () => {
  test('no log or message contains note text, whatever goes wrong', async () => {
    const SECRET = 'Zebedee-Quixotic-4417';
    const folder = tempFolder();
    writeFileSync(join(folder, '.codingnotes.json'), JSON.stringify({ packs: ['./missing-pack.json'], rules: { 'no/such-rule': 'loud' } }));
    writeFileSync(join(folder, 'broken-pack.json'), '{');
    const client = await startServer({ env: { CODING_NOTES_TEST_FAULT: 'check' }, initializationOptions: { trusted: true, maxDocumentSize: 20_000 } });
    const note = [
      `# Patient ${SECRET} seen on the ward`,
      `Episode: ${SECRET}`,
      'Guidance: IPG369',
      `Procedure: Percutaneous cryotherapy to liver metastases for ${SECRET}`,
      'Aproach: percutaneous',
      'Image control: ultrasond',
      `OPCS-4: j128 ${SECRET}, Q99.9`,
      `ICD-10: C787 ${SECRET}`,
      `Comment: ${SECRET} \uFFFD`,
      `${SECRET} a line that is not a field`,
      '',
    ].join('\n');
    const uris = [
      writeNote(folder, 'a.codingnote', note),
      writeNote(folder, 'b.codingnote', `${note}Comment: coding-notes-test-fault ${SECRET}\n`),
      writeNote(folder, 'c.codingnote', Buffer.concat([Buffer.from(note), Buffer.from([0xff, 0x0a])])),
      writeNote(folder, 'd.codingnote', note.repeat(100)),
    ];
    const texts = [note, `${note}Comment: coding-notes-test-fault ${SECRET}\n`, `${note}\uFFFD\n`, note.repeat(100)];
    uris.forEach((uri, i) => open(client, uri, texts[i]));
    for (const uri of uris) await client.diagnostics(uri);
    const at = { line: 6, character: 9 };
    for (const uri of uris) {
      await client.request('textDocument/hover', { textDocument: { uri }, position: at });
      await client.request('textDocument/hover', { textDocument: { uri }, position: null });
      await client.request('textDocument/completion', { textDocument: { uri }, position: at });
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: at, end: at },
        context: { diagnostics: [], only: ['source.fixAll.coding-notes'] },
      });
      await client.request('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: at, end: null }, options: {} });
      client.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 99, character: 0 }, end: { line: -1, character: 5 } }, text: SECRET }],
      });
    }
    await client.request('codingNotes/checkWorkspace', { folders: [pathToFileURL(folder).href] });
    await client.request('codingNotes/auditReport', { folders: [pathToFileURL(folder).href] });
    const fresh = writeNote(folder, 'fresh.codingnote', MISSING_CODES);
    open(client, fresh, MISSING_CODES);
    await stillServes(client, fresh);
    assert.ok(logs(client).length > 0, 'the errors were logged');
    for (const method of ['window/logMessage', 'window/showMessage', '$/logTrace', 'telemetry/event']) {
      for (const m of client.received(method)) assert.ok(!JSON.stringify(m).includes(SECRET), `${method} holds note text: ${JSON.stringify(m)}`);
    }
    assert.equal(await client.shutdown(), 0);
    assert.ok(!client.stderr.includes(SECRET), 'stderr holds note text');
  });
});

describe('transport (issue 16)', () => {
  const child = (client: LspClient) => (client as any).child as import('node:child_process').ChildProcessWithoutNullStreams;
  /** The exit status, or 'still running' (a server that reads no more but lives on) after a generous wait. */
  const exitStatus = async (client: LspClient): Promise<number | null | string> => {
    let timer: NodeJS.Timeout | undefined;
    const alive = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running'), 20_000)));
    try {
      return await Promise.race([client.exited, alive]);
    } finally {
      clearTimeout(timer);
    }
  };

  test('a body that is not JSON is logged (without its text) and skipped; the next request is answered', async () => {
    const folder = tempFolder();
    const client = await startServer();
    const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    await client.diagnostics(uri);
    const body = Buffer.from('{"jsonrpc": "2.0", "method": "Zebedee-Quixotic', 'utf8');
    child(client).stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    await stillServes(client, uri);
    assert.ok(
      logs(client).some((m) => m === `coding-notes: a message from the client is not JSON (${body.length} bytes); it is skipped`),
      logs(client).join('\n'),
    );
    assert.ok(!logs(client).some((m) => m.includes('Zebedee')), 'the log quotes no message text');
    assert.equal(await client.shutdown(), 0);
  });

  test('a frame that cannot be read closes the connection, saying why on stderr (never alive but deaf)', async () => {
    const frames: [string, RegExp][] = [
      ['Content-Length: abc\r\n\r\n{}', /a Content-Length header is not a number of bytes/],
      ['Content-Length: -5\r\n\r\n{}', /a Content-Length header is not a number of bytes/],
      ['Content-Type: application/vscode-jsonrpc\r\n\r\n{}', /a message header has no Content-Length/],
      ['{"jsonrpc":"2.0"}\r\n\r\n', /a message header line is not `Name: value`/],
      ['Content-Length: 99999999999\r\n\r\n', /a message is longer than \d+ bytes \(Content-Length 99999999999\)/],
      [`X-Note: ${'Zebedee '.repeat(2000)}`, /a message header is longer than \d+ bytes/],
    ];
    for (const [frame, why] of frames) {
      const client = await startServer();
      child(client).stdin.on('error', () => undefined); // a write after the exit fails, as it should
      child(client).stdin.write(frame);
      // A request after it: answered by a server that still reads, or refused by one that has closed.
      const answer = client.request('textDocument/hover', { textDocument: { uri: 'file:///x.codingnote' }, position: { line: 0, character: 0 } }).then(
        () => 'answered',
        (e: Error) => e.message,
      );
      assert.equal(await exitStatus(client), 1, `exit status after ${JSON.stringify(frame.slice(0, 40))}`);
      assert.match(await answer, /server exited/);
      assert.match(client.stderr, new RegExp(`^coding-notes-language-server: ${why.source}; no later message can be told apart: closing the connection\\.\n$`));
      assert.ok(!client.stderr.includes('Zebedee'), 'stderr quotes no message text');
    }
  });

  test('a client that stops reading: the server stops reading too and its memory stays bounded; reading again, the client gets the newest diagnostics', async (t) => {
    if (!existsSync('/proc/self/status')) return t.skip('needs /proc to read the server memory');
    // Every version has the same diagnostics: a client that matches versions gets each one published.
    const client = await startServer({
      initializationOptions: { trusted: true, debounceMs: 0 },
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    const proc = child(client);
    const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))![1]) / 1024;
    // 3,000 malformed codes: each version's diagnostics are about 1.5 MB of JSON.
    const text = (v: number) => `Episode: ${v}\nOPCS-4: ${Array.from({ length: 3000 }, (_, i) => `j${100 + (i % 900)}`).join(', ')}\n`;
    const uri = 'file:///tmp/stalled-client.codingnote';
    open(client, uri, text(1));
    const first = await client.diagnostics(uri, (p) => p.version === 1);
    const before = peakMb();

    proc.stdout.pause();
    const LAST = 300;
    for (let v = 2; v <= LAST; v++) replaceAll(client, uri, v, text(v));
    // Until the server is idle: it has read all of it, or stopped reading (the rest waits in the pipe), and its memory is steady.
    let last = '';
    let steady = 0;
    while (steady < 10) {
      await new Promise((r) => setTimeout(r, 100));
      const now = `${proc.stdin.writableLength} ${Math.round(peakMb())}`;
      steady = now === last ? steady + 1 : 0;
      last = now;
    }
    const stalled = peakMb();
    if (process.env.TRANSPORT_VERBOSE) console.log(`before ${before} stalled ${stalled}`);
    // Unbounded, the diagnostics of the versions it read would wait: 1.5 MB each, 150 MB and more here.
    assert.ok(stalled - before < 60, `the server grew by ${Math.round(stalled - before)} MB while the client did not read (from ${Math.round(before)} MB)`);

    proc.stdout.resume();
    const newest = await client.diagnostics(uri, (p) => p.version === LAST);
    assert.equal(newest.diagnostics.length, first.diagnostics.length);
    if (process.env.TRANSPORT_VERBOSE) console.log(`after ${peakMb()}`);
    // Catching up re-checks the queued versions; its peak depends on when the GC runs (once 342 MB
    // on a loaded machine against under 100 MB usually), so it is reported, not bounded: the bound
    // that matters, while the client does not read, is asserted above.
    t.diagnostic(`the server grew by ${Math.round(peakMb() - before)} MB catching up`);
    assert.equal(await client.shutdown(), 0);
  });
});

describe('workspace trust', () => {
  const configured = () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'tables'));
    writeFileSync(join(folder, '.codingnotes.json'), JSON.stringify({ packs: ['./local-pack.json'], classifications: { opcs4: './tables/opcs.txt' } }));
    writeFileSync(join(folder, 'tables', 'opcs.txt'), 'J12.8\tOther specified excision of lesion of liver\n');
    return folder;
  };

  test('an untrusted workspace is told, once, which files are not loaded and why', async () => {
    const folder = configured();
    const client = await startServer({ initializationOptions: { trusted: false } });
    const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    await client.diagnostics(uri);
    const shown = await client.waitFor('window/showMessage', (m: any) => /not trusted/.test(m.message));
    assert.equal(shown.type, 3, 'information');
    assert.match(shown.message, /guidance packs \(\.\/local-pack\.json\)/);
    assert.match(shown.message, /classification release files \(\.\/tables\/opcs\.txt\)/);
    assert.ok(shown.message.includes(join(folder, '.codingnotes.json')));
    assert.match(shown.message, /Trust the workspace/);

    // Another note under the same configuration, and the configuration reloaded: not told again.
    writeFileSync(join(folder, '.codingnotes.json'), JSON.stringify({ packs: ['./local-pack.json'], rules: {} }));
    const other = writeNote(folder, 'other.codingnote', MISSING_CODES);
    open(client, other, MISSING_CODES);
    await client.diagnostics(other);
    await client.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 0, character: 0 } });
    assert.equal(client.received('window/showMessage').filter((m: any) => /not trusted/.test(m.message)).length, 1);
    assert.equal(await client.shutdown(), 0);
  });

  test('a trusted workspace, or an untrusted one that names no files, is told nothing', async () => {
    const folder = configured();
    writeFileSync(join(folder, 'local-pack.json'), '{}');
    const trusted = await startServer({ initializationOptions: { trusted: true } });
    const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
    open(trusted, uri, MISSING_CODES);
    await trusted.diagnostics(uri);
    await trusted.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    assert.equal(trusted.received('window/showMessage').length, 0);
    assert.equal(await trusted.shutdown(), 0);

    const plain = tempFolder();
    writeFileSync(join(plain, '.codingnotes.json'), JSON.stringify({ rules: { 'ipg369/diagnosis-code': 'off' } }));
    const untrusted = await startServer({ initializationOptions: { trusted: false } });
    const note = writeNote(plain, 'note.codingnote', MISSING_CODES);
    open(untrusted, note, MISSING_CODES);
    await untrusted.diagnostics(note);
    await untrusted.request('textDocument/hover', { textDocument: { uri: note }, position: { line: 0, character: 0 } });
    assert.equal(untrusted.received('window/showMessage').length, 0);
    assert.equal(await untrusted.shutdown(), 0);
  });
});
