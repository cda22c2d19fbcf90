// The editor's workspace check over stdio, from the bundled server: LSP
// work-done progress ("N of M files") on the client's token or on one the
// server creates, cancellation that stops the walk where it is, one list of the
// files that could not be read (not a message each), and notes read in the
// encoding `files.encoding` gives their folder (a byte order mark winning).

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Engine } from '../server/src/core/engine';
import { LspClient, PublishedDiagnostics } from './helpers/lsp-client';
import { decodeOptionsFor } from '../server/src/lsp/encoding';

const engine = new Engine();
const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A temporary folder with the given files (paths with `/`). */
function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'coding-notes-lsp-wscheck-'));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    const path = join(root, ...name.split('/'));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}

const note = (episode: string, extra = '') =>
  ['Episode: ' + episode, 'Guidance: IPG369', 'Approach: open' + extra, 'OPCS-4: J03.2', 'ICD-10: C78.7', ''].join('\n');

/** Windows-1252 bytes for text of ASCII and Latin-1 letters. */
const latin = (text: string) => Buffer.from(text, 'latin1');

interface Started {
  client: LspClient;
  /** The `files` sections the server asked for, by scope. */
  filesAsked: string[];
}

/**
 * A server whose client answers workspace/configuration: `files.encoding` from
 * `encodingOf(scopeUri)`, and `onFiles` runs before each `files` answer.
 */
async function start(options: { progress: boolean; encodingOf?: (scope: string) => string | undefined; onFiles?: (scope: string) => void }): Promise<Started> {
  const client = new LspClient();
  const filesAsked: string[] = [];
  client.onRequest('workspace/configuration', (params) =>
    params.items.map((item: { section?: string; scopeUri?: string }) => {
      if (item.section !== 'files') return null;
      const scope = item.scopeUri ?? '';
      filesAsked.push(scope);
      options.onFiles?.(scope);
      const encoding = options.encodingOf?.(scope);
      return encoding ? { encoding, autoGuessEncoding: false } : { autoGuessEncoding: false };
    }),
  );
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: options.progress } },
    initializationOptions: { trusted: true },
  });
  client.notify('initialized', {});
  return { client, filesAsked };
}

/** The `$/progress` values sent on a token, in order. */
const progressOn = (client: LspClient, token: string | number) =>
  client
    .received('$/progress')
    .filter((p: { token: unknown }) => p.token === token)
    .map((p: { value: any }) => p.value);

describe('workspace check: progress, cancellation, unreadable files, encodings', () => {
  test("progress on the client's token: begin, N of M files, end; one list of the files it could not read", async () => {
    const files: Record<string, string | Buffer> = {};
    for (let i = 1; i <= 5; i++) files[`plain/n${i}.codingnote`] = note(`P-${i}`);
    // A folder whose files.encoding is windows1252: é is one byte there.
    files['legacy/a.codingnote'] = latin(note('L-1', ' # né'));
    files['legacy/b.codingnote'] = latin(note('L-2').replace('OPCS-4: J03.2', 'OPCS-4: J03.2 Café'));
    // UTF-16LE with its byte order mark in that same folder: the mark wins over the setting.
    files['legacy/c.codingnote'] = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(note('L-3', ' # né'), 'utf16le')]);
    // Three notes in a UTF-8 folder that are not UTF-8.
    for (let i = 1; i <= 3; i++) files[`broken/x${i}.codingnote`] = latin(note(`B-${i}`, ' # café'));
    // UTF-16 without its byte order mark where files.encoding is utf8 (VS Code's default): named for what it looks like.
    files['plain/wide.codingnote'] = Buffer.from(note('W-1'), 'utf16le');
    const root = workspace(files);
    const { client, filesAsked } = await start({ progress: true, encodingOf: (scope) => (scope.includes('/legacy/') ? 'windows1252' : 'utf8') });
    try {
      const since = client.mark;
      const result = await client.request('codingNotes/checkWorkspace', { folders: [pathToFileURL(root).href], workDoneToken: 'check-1' });
      assert.equal(result.files, 8);
      assert.equal(result.notChecked, 4);
      assert.equal(result.cancelled, false);
      assert.equal(result.problems.length, 4);
      for (let i = 1; i <= 3; i++) {
        assert.match(
          result.problems[i - 1],
          new RegExp(`^cannot read broken/x${i}\\.codingnote: not valid UTF-8 text \\(line 3, byte \\d+\\); save it as UTF-8, or set files\\.encoding for it`),
        );
      }
      assert.match(
        result.problems[3],
        /^cannot read plain\/wide\.codingnote: has a NUL byte beside each character, as UTF-16LE without a byte order mark would; save it as UTF-8, or set files\.encoding/,
      );
      // No message per unreadable file from the server: the client shows one summary.
      assert.deepEqual(client.received('window/showMessage'), []);
      assert.deepEqual(client.received('window/showMessageRequest'), []);

      const values = progressOn(client, 'check-1');
      assert.equal(values[0].kind, 'begin');
      assert.equal(values[0].cancellable, true);
      assert.equal(values.at(-1).kind, 'end');
      const reports = values.filter((v: any) => v.kind === 'report');
      assert.equal(values.filter((v: any) => v.kind === 'end').length, 1);
      const counts = reports.map((r: any) => r.message).filter((m: string) => / of /.test(m));
      assert.equal(counts[0], '0 of 12 files');
      assert.equal(counts.at(-1), '12 of 12 files');
      const percentages = reports.map((r: any) => r.percentage);
      assert.deepEqual(
        percentages,
        [...percentages].sort((a: number, b: number) => a - b),
        'the percentage never goes back',
      );
      assert.equal(percentages.at(-1), 100);
      // No progress the server made itself: the client gave the token.
      assert.ok(client.received('$/progress').every((p: { token: unknown }) => p.token === 'check-1'));

      // The Windows-1252 and UTF-16 notes were read as written: the same findings as their text checked directly.
      for (const [name, text] of [
        ['legacy/a.codingnote', note('L-1', ' # né')],
        ['legacy/b.codingnote', note('L-2').replace('OPCS-4: J03.2', 'OPCS-4: J03.2 Café')],
        ['legacy/c.codingnote', note('L-3', ' # né')],
      ]) {
        const uri = pathToFileURL(join(root, name)).href;
        const published = await client.diagnostics(uri, () => true, since);
        const expected = engine.check(text).findings;
        assert.deepEqual(
          published.diagnostics.map((d) => [d.code, d.range.start.character, d.range.end.character]),
          expected.map((f) => [f.rule, f.range.start.character, f.range.end.character]),
          name,
        );
      }
      assert.ok(!client.received('textDocument/publishDiagnostics').some((p: PublishedDiagnostics) => p.uri.includes('/broken/')));

      // A Windows-1252 note opened and closed again gets the diagnostics of its file, read as the check read it.
      const legacyText = note('L-2').replace('OPCS-4: J03.2', 'OPCS-4: J03.2 Café');
      const legacy = pathToFileURL(join(root, 'legacy/b.codingnote')).href;
      const edited = legacyText.replace('J03.2 Café', 'J03.2, Y13.2');
      let mark = client.mark;
      client.notify('textDocument/didOpen', { textDocument: { uri: legacy, languageId: 'coding-note', version: 1, text: edited } });
      assert.deepEqual(
        (await client.diagnostics(legacy, () => true, mark)).diagnostics.map((d) => d.code),
        engine.check(edited).findings.map((f) => f.rule),
      );
      mark = client.mark;
      client.notify('textDocument/didClose', { textDocument: { uri: legacy } });
      const back = await client.diagnostics(legacy, () => true, mark);
      assert.ok(back.diagnostics.length > 0);
      assert.deepEqual(
        back.diagnostics.map((d) => d.code),
        engine.check(legacyText).findings.map((f) => f.rule),
      );
      // files.encoding was asked per folder of notes, with a note as its scope.
      assert.deepEqual([...new Set(filesAsked.map((s) => s.split('/').at(-2)))].sort(), ['broken', 'legacy', 'plain']);
    } finally {
      client.kill();
    }
  });

  test('$/cancelRequest stops the walk where it is: the notes of later folders are not read, and the progress ends', async () => {
    const files: Record<string, string> = {};
    for (const d of ['d1', 'd2', 'd3', 'd4']) for (let i = 1; i <= 10; i++) files[`${d}/n${String(i).padStart(2, '0')}.codingnote`] = note(`${d}-${i}`);
    const root = workspace(files);
    let request: { id: number; answer: Promise<unknown> } | null = null;
    const { client } = await start({
      progress: true,
      // When the check reaches d3, the user presses Cancel: the cancellation arrives before the answer.
      onFiles: (scope) => {
        if (scope.includes('/d3/') && request) client.notify('$/cancelRequest', { id: request.id });
      },
    });
    try {
      const since = client.mark;
      request = client.requestWithId('codingNotes/checkWorkspace', { folders: [pathToFileURL(root).href], workDoneToken: 7 });
      await assert.rejects(request.answer, /cancelled/);
      const values = progressOn(client, 7);
      assert.equal(values[0].kind, 'begin');
      await client.waitFor('$/progress', (p: any) => p.token === 7 && p.value.kind === 'end', since);
      const checked = new Set(
        client
          .received('textDocument/publishDiagnostics')
          .map((p: PublishedDiagnostics) => p.uri)
          .filter((uri: string) => uri.startsWith(pathToFileURL(root).href)),
      );
      assert.equal(checked.size, 20, 'd1 and d2, and nothing after');
      assert.ok([...checked].every((uri) => /\/d[12]\//.test(uri)));
      // The server still serves, and a new check runs to the end.
      const full = await client.request('codingNotes/checkWorkspace', { folders: [pathToFileURL(root).href] });
      assert.equal(full.files, 40);
    } finally {
      client.kill();
    }
  });

  test('without a token, the server makes its own progress; its Cancel stops the check and the answer says so', async () => {
    const files: Record<string, string> = {};
    for (const d of ['d1', 'd2', 'd3']) for (let i = 1; i <= 4; i++) files[`${d}/n${i}.codingnote`] = note(`${d}-${i}`);
    const root = workspace(files);
    let token: string | number | null = null;
    // Set once the client has started; the callback below runs only after that.
    const late: { client?: LspClient } = {};
    const started = await start({
      progress: true,
      onFiles: (scope) => {
        if (scope.includes('/d2/') && token !== null) late.client?.notify('window/workDoneProgress/cancel', { token });
      },
    });
    const client = started.client;
    late.client = client;
    client.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      token = params.token;
      return null;
    });
    try {
      const result = await client.request('codingNotes/checkWorkspace', { folders: [pathToFileURL(root).href] });
      assert.notEqual(token, null, 'the server asked for a progress token');
      assert.equal(result.cancelled, true);
      assert.equal(result.files, 4, 'd1 only');
      const values = progressOn(client, token!);
      assert.equal(values[0].kind, 'begin');
      assert.equal(values[0].title, 'Checking coding notes');
      assert.ok(values.some((v: any) => v.kind === 'report' && v.message === '0 of 12 files'));
      assert.equal(values.at(-1).kind, 'end');
    } finally {
      client.kill();
    }
  });

  test('a client without work-done progress gets no progress and no request for a token', async () => {
    const root = workspace({ 'a.codingnote': note('A-1'), 'b.codingnote': note('A-2') });
    const { client } = await start({ progress: false });
    let asked = false;
    client.onRequest('window/workDoneProgress/create', () => {
      asked = true;
      return null;
    });
    try {
      const result = await client.request('codingNotes/checkWorkspace', { folders: [pathToFileURL(root).href] });
      assert.equal(result.files, 2);
      assert.equal(result.cancelled, false);
      assert.equal(asked, false);
      assert.deepEqual(client.received('$/progress'), []);
    } finally {
      client.kill();
    }
  });
});

describe('files.encoding values', () => {
  test("VS Code's names map to the encodings the checker reads; utf8 reads as the default; others are named", () => {
    assert.equal(decodeOptionsFor({ encoding: 'windows1252' }).encoding, 'windows-1252');
    assert.equal(decodeOptionsFor({ encoding: 'UTF16BE' }).encoding, 'utf-16be');
    assert.equal(decodeOptionsFor({ encoding: 'utf16le' }).encoding, 'utf-16le');
    for (const files of [{ encoding: 'utf8' }, { encoding: 'utf8bom' }, {}, null, undefined, 'utf8', { encoding: 3 }]) {
      assert.deepEqual(decodeOptionsFor(files), decodeOptionsFor(undefined), JSON.stringify(files));
    }
    assert.equal(decodeOptionsFor(undefined).encoding, null);
    for (const name of ['shiftjis', 'constructor', '__proto__', 'iso88591']) {
      const options = decodeOptionsFor({ encoding: name });
      assert.equal(options.encoding, null, name);
      assert.match(options.advice ?? '', new RegExp(`files\\.encoding is ${name}, which Coding Notes does not read`));
    }
  });
});
