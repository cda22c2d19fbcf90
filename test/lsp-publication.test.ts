// How the server gets diagnostics to the client (issue 13): a change after a
// quiet moment is checked at once, a burst once at its newest version; the same
// diagnostics are not pushed twice; a client that pulls (LSP 3.17
// `textDocument/diagnostic`) is told `unchanged` when it has them already.

import { test, describe, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from 'vscode-languageserver/node';
import { LspClient, PublishedDiagnostics } from './helpers/lsp-client';
import { MISSING_CODES, MISSING_RULES } from './helpers/notes';
import { tempFolder } from './helpers/cli';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeMessage, withJson } from '../server/src/lsp/transport';
import { scheduleCheck } from '../server/src/lsp/schedule';
import type { Scheduled } from '../server/src/lsp/schedule';

/** 200 notes, each with the three errors of MISSING_CODES; note k starts at line 9 * k. */
const NOTES = 200;
const TEXT = Array.from({ length: NOTES }, () => MISSING_CODES).join('---\n');
const URI = 'untitled:month.codingnote';
/** Line of note k's `ICD-10: C20` (the diagnosis-code error). */
const icdLine = (k: number) => 9 * k + 7;

const clients: LspClient[] = [];
after(() => {
  for (const c of clients) c.kill();
});

async function start(capabilities: object, initializationOptions: object = {}): Promise<{ client: LspClient; init: any }> {
  const client = new LspClient();
  clients.push(client);
  const init = await client.request('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions });
  client.notify('initialized', {});
  return { client, init };
}

function open(client: LspClient): void {
  client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'coding-note', version: 1, text: TEXT } });
}

/** A change that leaves the diagnostics as they are: a character added to note k's comment line. */
function commentEdit(k: number, version: number) {
  const at = { line: 9 * k, character: 2 };
  return { method: 'textDocument/didChange', params: { textDocument: { uri: URI, version }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] } };
}

/** A change that mends note k's diagnosis: C20 becomes C78.7, and its diagnosis-code error goes. */
function diagnosisEdit(k: number, version: number) {
  const range = { start: { line: icdLine(k), character: 8 }, end: { line: icdLine(k), character: 11 } };
  return { method: 'textDocument/didChange', params: { textDocument: { uri: URI, version }, contentChanges: [{ range, text: 'C78.7' }] } };
}

const onLine = (items: { code?: unknown; range: { start: { line: number } } }[], line: number) =>
  items.filter((d) => d.range.start.line === line).map((d) => String(d.code));

describe('when the server checks', () => {
  test('a change after a quiet moment is checked within two turns of the event loop, with no timer', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const state: Scheduled = { generation: 0 };
      const runs: number[] = [];
      scheduleCheck(state, 0, (g) => runs.push(g));
      await turn();
      await turn();
      // setTimeout is frozen: a check waiting for a timer would not have run.
      assert.deepEqual(runs, [state.generation]);
    } finally {
      mock.timers.reset();
    }
  });

  test('changes handled one per turn, as the connection does, are checked once, at the newest', async () => {
    const state: Scheduled = { generation: 0 };
    const runs: number[] = [];
    for (let i = 0; i < 10; i++) {
      scheduleCheck(state, 0, (g) => runs.push(g));
      await turn();
    }
    for (let i = 0; i < 3; i++) await turn();
    assert.deepEqual(runs, [state.generation]);
  });

  test('with a delay (initializationOptions.debounceMs), the check waits for it and a newer change restarts it', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const state: Scheduled = { generation: 0 };
      const runs: number[] = [];
      scheduleCheck(state, 150, (g) => runs.push(g));
      mock.timers.tick(100);
      scheduleCheck(state, 150, (g) => runs.push(g));
      mock.timers.tick(149);
      assert.deepEqual(runs, []);
      mock.timers.tick(1);
      assert.deepEqual(runs, [state.generation]);
    } finally {
      mock.timers.reset();
    }
  });

  test('a burst of edits sent together: diagnostics for the final version, and fewer checks than edits', async () => {
    // The client matches versions, so every version checked is published; status counts the checks.
    const { client } = await start({ textDocument: { publishDiagnostics: { versionSupport: true } } }, { status: true });
    open(client);
    const first = await client.diagnostics(URI, (p) => p.version === 1);
    assert.equal(first.diagnostics.length, 3 * NOTES);
    const since = client.mark;
    const EDITS = 30;
    const burst = Array.from({ length: EDITS - 1 }, (_, i) => commentEdit(i % NOTES, i + 2));
    burst.push(diagnosisEdit(5, EDITS + 1));
    client.notifyAll(burst);
    const last = await client.diagnostics(URI, (p) => p.version === EDITS + 1, since);
    assert.equal(last.diagnostics.length, 3 * NOTES - 1);
    assert.deepEqual(onLine(last.diagnostics, icdLine(5)), []);
    assert.deepEqual(onLine(last.diagnostics, icdLine(6)), ['ipg369/diagnosis-code']);
    await client.waitFor('codingNotes/status', (p: { version: number }) => p.version === EDITS + 1, since);
    const checks = client.received('codingNotes/status').filter((p: { version: number }) => p.version > 1);
    const published = client.received('textDocument/publishDiagnostics').filter((p: PublishedDiagnostics) => p.uri === URI && p.version! > 1);
    assert.ok(checks.length < EDITS, `${checks.length} checks for ${EDITS} edits`);
    assert.ok(published.length < EDITS, `${published.length} publications for ${EDITS} edits`);
  });
});

describe('push: what the client has is not sent again', () => {
  test('a version whose diagnostics are those last published is not published; a change is', async () => {
    const { client } = await start({}, { status: true });
    open(client);
    await client.diagnostics(URI, (p) => p.version === 1);
    let since = client.mark;
    client.notifyAll([commentEdit(3, 2)]);
    // Checked (its status says so), and nothing published for it.
    await client.waitFor('codingNotes/status', (p: { version: number }) => p.version === 2, since);
    since = client.mark;
    client.notifyAll([diagnosisEdit(3, 3)]);
    const third = await client.diagnostics(URI, (p) => p.version === 3, since);
    assert.deepEqual(onLine(third.diagnostics, icdLine(3)), []);
    const versions = client
      .received('textDocument/publishDiagnostics')
      .filter((p: PublishedDiagnostics) => p.uri === URI)
      .map((p: PublishedDiagnostics) => p.version);
    assert.deepEqual(versions, [1, 3]);
  });

  test('a publication made from the kept JSON is what encoding the message would give', () => {
    const diagnostics = [1, 2, 3].map((line) => ({ range: { start: { line, character: 2 }, end: { line, character: 5 } }, message: `é "q" ${line}` }));
    const params = { uri: 'file:///a.codingnote', version: 4, diagnostics };
    const message = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params } as Message;
    const plain = JSON.stringify(message);
    const items = diagnostics.map((d) => Buffer.from(JSON.stringify(d)));
    withJson(params, { head: '{"uri":"file:///a.codingnote","version":4,"diagnostics":[', items, tail: ']}' });
    assert.equal(encodeMessage(message).toString('utf8'), plain);
    assert.equal(JSON.stringify(message), plain, 'the mark is not part of the value');
    const result = withJson({ kind: 'full', items: [] }, { head: '{"kind":"full","items":[', items: [], tail: ']}' });
    const response = { jsonrpc: '2.0', id: 7, result } as Message;
    assert.equal(encodeMessage(response).toString('utf8'), JSON.stringify(response));
  });
});

describe('pull diagnostics (LSP 3.17)', () => {
  test('unchanged for an unchanged document or result, a full result after an edit that changes it, and no push', async () => {
    const refreshes: unknown[] = [];
    const { client, init } = await start({
      textDocument: { diagnostic: { dynamicRegistration: false } },
      workspace: { diagnostics: { refreshSupport: true } },
    });
    client.onRequest('workspace/diagnostic/refresh', (p) => refreshes.push(p) && null);
    assert.deepEqual(init.capabilities.diagnosticProvider, { interFileDependencies: false, workspaceDiagnostics: false });
    open(client);
    const pull = (previousResultId?: string) => client.request('textDocument/diagnostic', { textDocument: { uri: URI }, previousResultId });

    const first = await pull();
    assert.equal(first.kind, 'full');
    assert.equal(first.items.length, 3 * NOTES);
    assert.equal(typeof first.resultId, 'string');
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });

    // An edit that leaves the diagnostics as they were: still unchanged.
    client.notifyAll([commentEdit(0, 2)]);
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });

    client.notifyAll([diagnosisEdit(7, 3)]);
    const second = await pull(first.resultId);
    assert.equal(second.kind, 'full');
    assert.notEqual(second.resultId, first.resultId);
    assert.equal(second.items.length, 3 * NOTES - 1);
    assert.deepEqual(onLine(second.items, icdLine(7)), []);
    assert.deepEqual(await pull(second.resultId), { kind: 'unchanged', resultId: second.resultId });
    // A client that has no result, or an old one, gets the whole list.
    assert.equal((await pull()).items.length, 3 * NOTES - 1);
    assert.equal((await pull(first.resultId)).kind, 'full');

    // A settings change: the client is asked to pull again.
    client.notify('workspace/didChangeConfiguration', { settings: { codingNotes: {} } });
    await pull(second.resultId);
    assert.ok(refreshes.length >= 1, 'asked to refresh');
    assert.deepEqual(
      client.received('textDocument/publishDiagnostics').filter((p: PublishedDiagnostics) => p.uri === URI),
      [],
      'an open note is not pushed to a pulling client',
    );
  });

  test('a document that is not open, or not a coding note, gets an empty full result', async () => {
    const { client } = await start({ textDocument: { diagnostic: {} } });
    client.notify('textDocument/didOpen', { textDocument: { uri: 'untitled:readme.md', languageId: 'markdown', version: 1, text: 'OPCS-4: j128' } });
    for (const uri of ['untitled:readme.md', 'untitled:not-open.codingnote']) {
      assert.deepEqual(await client.request('textDocument/diagnostic', { textDocument: { uri } }), { kind: 'full', items: [] });
    }
  });
});

describe('text that is not UTF-8 on disk', () => {
  test('U+FFFD is noticed when a change brings it, and the file is read then', async () => {
    const { client } = await start({ textDocument: { publishDiagnostics: { versionSupport: true } } });
    const folder = tempFolder();
    // Windows-1252 "é" on line 4: the file on disk is not UTF-8.
    writeFileSync(join(folder, 'n.codingnote'), Buffer.concat([Buffer.from('# a\n\n\nProcedure: Cryoth'), Buffer.from([0xe9]), Buffer.from('rapy\n')]));
    const uri = pathToFileURL(join(folder, 'n.codingnote')).href;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version: 1, text: MISSING_CODES } });
    const codes = (p: PublishedDiagnostics) => p.diagnostics.map((d) => String(d.code)).sort();
    assert.deepEqual(codes(await client.diagnostics(uri, (p) => p.version === 1)), [...MISSING_RULES].sort());
    const at = { line: 0, character: 2 };
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: '\uFFFD' }] });
    assert.deepEqual(codes(await client.diagnostics(uri, (p) => p.version === 2)), ['not-checked/not-utf-8']);
    const end = { line: 0, character: 3 };
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: at, end }, text: '' }] });
    assert.deepEqual(codes(await client.diagnostics(uri, (p) => p.version === 3)), [...MISSING_RULES].sort());
  });
});

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
