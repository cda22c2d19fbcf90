// Configuration in the language server is cached: with a client that reports
// file changes (workspace/didChangeWatchedFiles), a `.codingnotes.json` edited
// on disk counts only once the client reports it, so checks do not go back to
// the disk. A client that reports nothing gets the disk's word on every check.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, PublishedDiagnostics } from './helpers/lsp-client';
import { tempFolder } from './helpers/cli';
import { MISSING_CODES } from './helpers/notes';

const clients: LspClient[] = [];
after(() => {
  for (const c of clients) c.kill();
});

async function startServer(initializationOptions: object, capabilities: object = {}): Promise<LspClient> {
  const client = new LspClient();
  clients.push(client);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    // Versions are matched: the server publishes every version, even one whose diagnostics are unchanged.
    capabilities: { ...capabilities, textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions: { trusted: true, debounceMs: 0, ...initializationOptions },
  });
  client.notify('initialized', {});
  return client;
}

const rules = (p: PublishedDiagnostics) => p.diagnostics.map((d) => String(d.code));
const OFF_DIAGNOSIS = JSON.stringify({ rules: { 'ipg369/diagnosis-code': 'off' } });
// Longer than OFF_DIAGNOSIS, so that its size differs on disk whatever the clock's resolution.
const OFF_IMAGE_CONTROL = JSON.stringify({ rules: { 'ipg369/image-control-code': 'off' } }, null, 2);

/** Opens the note at `path` (version 1) and waits for its first diagnostics. */
async function openNote(client: LspClient, path: string): Promise<{ uri: string; first: PublishedDiagnostics }> {
  const uri = pathToFileURL(path).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version: 1, text: MISSING_CODES } });
  return { uri, first: await client.diagnostics(uri) };
}

/** Edits the note (a new version with the same text plus a blank line) and waits for that version's diagnostics. */
async function recheck(client: LspClient, uri: string, version: number): Promise<PublishedDiagnostics> {
  const since = client.mark;
  client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: MISSING_CODES + '\n'.repeat(version) }] });
  return client.diagnostics(uri, (p) => p.version === version, since);
}

const watchingClients: [string, object, object][] = [
  ['a client that reports config files itself (synchronizes)', { synchronizes: true }, {}],
  ['a client the server asks to watch them (dynamic registration)', {}, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }],
];

for (const [name, options, capabilities] of watchingClients) {
  describe(`configuration with ${name}`, () => {
    test('an edited .codingnotes.json counts only after the watched-files notification', async () => {
      const project = tempFolder({ '.codingnotes.json': OFF_DIAGNOSIS, 'note.codingnote': MISSING_CODES }, 'coding-notes-cache-');
      const configPath = join(project, '.codingnotes.json');
      const client = await startServer(options, capabilities);
      const { uri, first } = await openNote(client, join(project, 'note.codingnote'));
      assert.deepEqual(rules(first), ['ipg369/cryotherapy-code', 'ipg369/image-control-code']);

      // Changed on disk, not reported: the cached configuration still applies, check after check.
      writeFileSync(configPath, OFF_IMAGE_CONTROL);
      assert.deepEqual(rules(await recheck(client, uri, 2)), ['ipg369/cryotherapy-code', 'ipg369/image-control-code']);
      assert.deepEqual(rules(await recheck(client, uri, 3)), ['ipg369/cryotherapy-code', 'ipg369/image-control-code']);

      // Reported: the new configuration applies.
      const since = client.mark;
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 2 }] });
      const after = await client.diagnostics(uri, (p) => p.version === 3, since);
      assert.deepEqual(rules(after), ['ipg369/cryotherapy-code', 'ipg369/diagnosis-code']);
      assert.equal(await client.shutdown(), 0);
    });

    test('a .codingnotes.json created in a parent folder is looked for again only when reported', async () => {
      const project = tempFolder({ 'lists/note.codingnote': MISSING_CODES }, 'coding-notes-cache-');
      const client = await startServer(options, capabilities);
      const { uri, first } = await openNote(client, join(project, 'lists', 'note.codingnote'));
      assert.equal(first.diagnostics.length, 3);

      const configPath = join(project, '.codingnotes.json');
      writeFileSync(configPath, OFF_DIAGNOSIS);
      assert.equal((await recheck(client, uri, 2)).diagnostics.length, 3, 'the defaults, until the client reports the new file');
      const since = client.mark;
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 1 }] });
      assert.deepEqual(rules(await client.diagnostics(uri, (p) => p.version === 2, since)), ['ipg369/cryotherapy-code', 'ipg369/image-control-code']);

      // Deleted and reported: the defaults again.
      rmSync(configPath);
      const since2 = client.mark;
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 3 }] });
      assert.equal((await client.diagnostics(uri, (p) => p.diagnostics.length === 3, since2)).diagnostics.length, 3);
      assert.equal(await client.shutdown(), 0);
    });
  });
}

describe('configuration with a client that reports no file changes', () => {
  test('an edited .codingnotes.json counts at the next check: the disk is compared each time', async () => {
    const project = tempFolder({ '.codingnotes.json': OFF_DIAGNOSIS, 'note.codingnote': MISSING_CODES }, 'coding-notes-cache-');
    const configPath = join(project, '.codingnotes.json');
    const client = await startServer({});
    const { uri, first } = await openNote(client, join(project, 'note.codingnote'));
    assert.deepEqual(rules(first), ['ipg369/cryotherapy-code', 'ipg369/image-control-code']);
    writeFileSync(configPath, OFF_IMAGE_CONTROL);
    assert.deepEqual(rules(await recheck(client, uri, 2)), ['ipg369/cryotherapy-code', 'ipg369/diagnosis-code']);
    assert.equal(await client.shutdown(), 0);
  });
});
