// A hostile workspace against the language server (issue 16), run as the real
// bundled server process over stdio: a configuration that is a link to
// /dev/zero or a FIFO, a workspace check over FIFOs, link loops and links to /
// and /proc, a check cancelled part way, and configuration that names a note or
// a secret as a release file or pack. The server must answer, keep serving
// other requests meanwhile, and log nothing of those files.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, PublishedDiagnostics } from './helpers/lsp-client';
import { MISSING_CODES, MISSING_RULES } from './helpers/notes';
import { describeError } from '../server/src/lsp/guard';

const folders: string[] = [];
const clients: LspClient[] = [];
after(() => {
  for (const c of clients) c.kill();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

const posix = process.platform !== 'win32';
const hasMkfifo = posix && spawnSync('mkfifo', ['--version'], { timeout: 5_000 }).status === 0;

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coding-notes-hostile-lsp-'));
  folders.push(dir);
  return dir;
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path], { timeout: 5_000 });
  assert.equal(r.status, 0, `mkfifo ${path}: ${r.stderr}`);
}

function writeNote(folder: string, name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return pathToFileURL(path).href;
}

async function startServer(initializationOptions: unknown = { trusted: true }): Promise<LspClient> {
  const client = new LspClient();
  clients.push(client);
  await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions });
  client.notify('initialized', {});
  return client;
}

function open(client: LspClient, uri: string, text: string): void {
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version: 1, text } });
}

const codes = (p: PublishedDiagnostics) => p.diagnostics.map((d) => String(d.code));

/** A plain request proves the server still serves (and has not died). */
async function stillServes(client: LspClient, uri: string): Promise<void> {
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 9 } });
  assert.ok(hover?.contents, 'a normal hover still gets an answer');
}

// The test client keeps only the message of an error answer; the cancellation
// test needs its code, and the order in which answers arrive.
interface RawResponse {
  id: string;
  result?: unknown;
  error?: { code: number; message: string };
}

function recordResponses(client: LspClient): { responses: Map<string, RawResponse>; order: string[] } {
  const raw = client as any;
  const responses = new Map<string, RawResponse>();
  const order: string[] = [];
  const dispatch = raw.dispatch.bind(raw);
  raw.dispatch = (message: any) => {
    if (message.method === undefined && typeof message.id === 'string') {
      responses.set(message.id, message);
      order.push(message.id);
    }
    dispatch(message);
  };
  return { responses, order };
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
    await new Promise((r) => setTimeout(r, 2));
  }
  return responses.get(id)!;
}

/** Everything the server said that a user or a log could keep. */
function everythingLogged(client: LspClient): string {
  const said = ['window/logMessage', 'window/showMessage', '$/logTrace', 'telemetry/event'].flatMap((m) => client.received(m).map((p) => JSON.stringify(p)));
  return [...said, client.stderr].join('\n');
}

describe('the workspace check in a hostile folder', { skip: !hasMkfifo && 'needs mkfifo and symbolic links' }, () => {
  test('FIFOs, a link loop, links to /, /proc and a folder outside: the check returns, names the FIFO, and follows no link out', async () => {
    const base = tempFolder();
    const folder = join(base, 'notes');
    const outside = join(base, 'outside');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    mkdirSync(outside);
    const a = writeNote(folder, 'a.codingnote', MISSING_CODES);
    writeNote(join(folder, 'sub'), 'b.codingnote', MISSING_CODES);
    const far = writeNote(outside, 'far.codingnote', MISSING_CODES);
    mkfifo(join(folder, 'sub', 'pipe.codingnote'));
    mkfifo(join(folder, 'sub', 'other-pipe'));
    symlinkSync('..', join(folder, 'sub', 'up'));
    symlinkSync('/', join(folder, 'root'));
    symlinkSync('/proc', join(folder, 'proc'));
    symlinkSync(outside, join(folder, 'out'));

    const client = await startServer();
    const params = { folders: [pathToFileURL(folder).href] };
    const result = await client.request('codingNotes/checkWorkspace', params);
    assert.equal(result.files, 2, JSON.stringify(result));
    assert.equal(result.error, 2 * MISSING_RULES.length);
    assert.ok(
      result.problems.includes(`cannot read ${join('sub', 'pipe.codingnote')}: it is a FIFO (named pipe), not a regular file`),
      JSON.stringify(result.problems),
    );
    assert.ok(
      result.problems.includes('not followed: out and 2 more, symbolic links out of the workspace folder or into a folder of the system'),
      JSON.stringify(result.problems),
    );
    assert.ok(!client.received('textDocument/publishDiagnostics').some((p: PublishedDiagnostics) => p.uri === far), 'nothing outside the folder is checked');
    const report = await client.request('codingNotes/auditReport', params);
    assert.equal(report.files, 2);
    open(client, a, MISSING_CODES);
    await stillServes(client, a);
    assert.equal(await client.shutdown(), 0);
  });
});

describe('the workspace check gives way', () => {
  test('other requests are answered while it runs, and a cancellation stops it part way', { timeout: 120_000 }, async () => {
    const COUNT = 3000;
    const folder = tempFolder();
    for (let i = 0; i < COUNT; i++) writeNote(folder, `n${String(i).padStart(4, '0')}.codingnote`, MISSING_CODES);
    const inFolder = (p: PublishedDiagnostics) => p.uri.startsWith(pathToFileURL(folder).href + '/');
    const client = await startServer();
    const { responses, order } = recordResponses(client);
    const since = client.mark;
    writeRaw(client, { id: 'check', method: 'codingNotes/checkWorkspace', params: { folders: [pathToFileURL(folder).href] } });
    await client.waitFor('textDocument/publishDiagnostics', inFolder, since);

    // While it runs, another request is answered first.
    writeRaw(client, { id: 'rules', method: 'codingNotes/rules', params: null });
    const rules = await responseTo(responses, 'rules');
    assert.ok(Array.isArray(rules.result) && (rules.result as unknown[]).length > 10, JSON.stringify(rules).slice(0, 200));
    assert.ok(!responses.has('check'), `the check finished before the other request was answered: ${order.join(', ')}`);

    writeRaw(client, { method: '$/cancelRequest', params: { id: 'check' } });
    const cancelled = await responseTo(responses, 'check');
    assert.equal(cancelled.error?.code, -32800, JSON.stringify(cancelled).slice(0, 300));
    const checked = () =>
      new Set(
        client
          .received('textDocument/publishDiagnostics')
          .filter(inFolder)
          .map((p: PublishedDiagnostics) => p.uri),
      ).size;
    const atCancel = checked();
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(checked() < COUNT, `stopped part way: ${checked()} of ${COUNT} files checked`);
    assert.ok(checked() - atCancel <= 1, 'nothing more is checked after the answer');
    assert.equal(await client.shutdown(), 0);
  });
});

describe('configuration that is not a file, or names files that are not its own', { skip: !hasMkfifo && 'needs mkfifo and /dev/zero' }, () => {
  const unreadable: [string, (path: string) => void, RegExp][] = [
    ['a link to /dev/zero', (p) => symlinkSync('/dev/zero', p), /cannot read the configuration file \(it is a device, not a regular file\)/],
    ['a FIFO', (p) => mkfifo(p), /cannot read the configuration file \(it is a FIFO \(named pipe\), not a regular file\)/],
    ['a dangling link', (p) => symlinkSync('gone.json', p), /cannot read the configuration file \(it is a dangling symbolic link\)/],
    ['a link loop', (p) => symlinkSync('.codingnotes.json', p), /cannot read the configuration file \(it is a loop of symbolic links\)/],
  ];
  for (const trusted of [false, true]) {
    for (const [what, make, message] of unreadable) {
      test(`.codingnotes.json that is ${what}, ${trusted ? 'trusted' : 'untrusted'}: one error on it, the note checked with the defaults`, async () => {
        const folder = tempFolder();
        make(join(folder, '.codingnotes.json'));
        const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
        const client = await startServer({ trusted });
        open(client, uri, MISSING_CODES);
        assert.deepEqual(codes(await client.diagnostics(uri)), MISSING_RULES);
        const config = pathToFileURL(join(folder, '.codingnotes.json')).href;
        const onConfig = await client.diagnostics(config, (p) => p.diagnostics.length > 0);
        assert.equal(onConfig.diagnostics.length, 1);
        assert.match(onConfig.diagnostics[0].message, message);
        const check = await client.request('codingNotes/checkWorkspace', { folders: [pathToFileURL(folder).href] });
        assert.equal(check.files, 1);
        await stillServes(client, uri);
        assert.equal(await client.shutdown(), 0);
      });
    }
  }

  test('a pack that is a FIFO and a release file that is /dev/zero: errors on the configuration, no hang', async () => {
    const folder = tempFolder();
    mkfifo(join(folder, 'pack.json'));
    writeFileSync(join(folder, '.codingnotes.json'), JSON.stringify({ packs: ['pack.json'], classifications: { opcs4: '/dev/zero' } }, null, 2));
    const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
    const client = await startServer();
    open(client, uri, MISSING_CODES);
    await client.diagnostics(uri);
    const config = pathToFileURL(join(folder, '.codingnotes.json')).href;
    const onConfig = await client.diagnostics(config, (p) => p.diagnostics.length >= 2);
    const messages = onConfig.diagnostics.map((d) => d.message).join('\n');
    assert.match(messages, /cannot load guidance pack pack\.json \(it is a FIFO \(named pipe\), not a regular file\)/);
    assert.match(messages, /OPCS-4 release file \/dev\/zero\b.*\(it is a device, not a regular file\)/);
    await stillServes(client, uri);
    assert.equal(await client.shutdown(), 0);
  });

  test('a release file that is a note, and a pack that is a secret: nothing of either in the log', async () => {
    const folder = tempFolder();
    const secretFolder = tempFolder();
    const SECRET = 'root:$6$TOPSECRET-hash-91be:19000:0:99999:7:::';
    writeFileSync(join(secretFolder, 'shadow'), `${SECRET}\n`);
    const NOTE_TEXT = 'Zebra-Quartz-Patient';
    const noteText = MISSING_CODES.replace('# Liver list (test note)', `# ${NOTE_TEXT}`);
    writeFileSync(
      join(folder, '.codingnotes.json'),
      JSON.stringify({ packs: [join(secretFolder, 'shadow')], classifications: { opcs4: 'release.codingnote' } }),
    );
    const release = writeNote(folder, 'release.codingnote', noteText);
    const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
    const client = await startServer();
    open(client, uri, MISSING_CODES);
    await client.diagnostics(uri);
    await client.waitFor('window/logMessage', (m: any) => /OPCS-4 release file/.test(m.message));
    await client.waitFor('window/logMessage', (m: any) => /cannot load guidance pack \(not valid JSON/.test(m.message));
    await client.request('codingNotes/checkWorkspace', { folders: [pathToFileURL(folder).href] });
    open(client, release, noteText);
    await client.diagnostics(release);
    await stillServes(client, uri);
    assert.equal(await client.shutdown(), 0);
    const said = everythingLogged(client);
    assert.ok(!said.includes(NOTE_TEXT), `note text in the log:\n${said}`);
    for (const part of ['TOPSECRET', 'hash-91be', '99999:7']) assert.ok(!said.includes(part), `the secret in the log:\n${said}`);
  });
});

describe('the log filter', () => {
  test('an error whose message holds lines that look like stack frames logs only its kind and real frames', () => {
    const NOTE = 'Zebra-Quartz-Patient';
    const crafted = new TypeError(`bad value\n    at ${NOTE} (note.codingnote:1:1)\n    at Episode: ${NOTE}`);
    const logged = describeError(crafted);
    assert.ok(!logged.includes(NOTE), logged);
    assert.match(logged, /^TypeError\n {4}at /, 'the kind and the real frames are kept');
    // A message changed after the error was made, before or after its stack was first read.
    const changed = new Error('first');
    changed.message = `later\n    at ${NOTE}`;
    assert.ok(!describeError(changed).includes(NOTE));
    const read = new Error('first');
    void read.stack;
    read.message = `later\n    at ${NOTE}`;
    read.stack = `Error: first\n    at ${NOTE} (x:1:1)`;
    assert.equal(describeError(read), 'Error', 'a stack that does not start with the message: the kind only');
    const renamed = new Error('x');
    renamed.name = `${NOTE} name`;
    assert.ok(!describeError(renamed).includes(NOTE));
    assert.equal(describeError('a string'), 'string');
  });
});
