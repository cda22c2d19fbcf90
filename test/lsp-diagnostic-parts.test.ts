// Pull diagnostics in parts (lsp/pull.ts): a client that registers pull
// providers dynamically (VS Code's vscode-languageclient) gets one provider per
// part, each answering its part of the document's notes. Over the server's
// stdio: the registrations, the parts joined equal what a push client gets for
// the same text through a sequence of edits, an edit inside one note changes
// one part, and closing a document forgets what its parts answered.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, PublishedDiagnostics } from './helpers/lsp-client';
import { MISSING_CODES } from './helpers/notes';
import { makeCorpus } from '../bench/corpus';
import { DIAGNOSTIC_PARTS, partIdentifier, partIndex } from '../server/src/lsp/pull';

const URI = 'untitled:parts.codingnote';
const PULL_CAPABILITIES = {
  textDocument: { diagnostic: { dynamicRegistration: true }, publishDiagnostics: { versionSupport: true, relatedInformation: true } },
  workspace: { diagnostics: { refreshSupport: true } },
};
const PUSH_CAPABILITIES = { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } };

const clients: LspClient[] = [];
after(() => {
  for (const c of clients) c.kill();
});

interface Registration {
  id: string;
  method: string;
  registerOptions: { identifier?: string; documentSelector: unknown; interFileDependencies: boolean; workspaceDiagnostics: boolean };
}

async function start(capabilities: object, initializationOptions: object = {}) {
  const client = new LspClient();
  clients.push(client);
  const registrations: Registration[] = [];
  client.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
    registrations.push(...params.registrations);
    return null;
  });
  client.onRequest('workspace/diagnostic/refresh', () => null);
  const init = await client.request('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions });
  client.notify('initialized', {});
  return { client, init, registrations };
}

/** A client that keeps one collection per part, as vscode-languageclient does, and pulls every part after a change. */
class PartsClient {
  readonly held = new Map<string, { resultId: string; items: unknown[] }>();
  /** The kind of each part's last answer, in part order. */
  kinds: string[] = [];

  constructor(
    readonly client: LspClient,
    readonly identifiers: string[],
    readonly uri = URI,
  ) {}

  async pull(): Promise<unknown[]> {
    const reports = await Promise.all(
      this.identifiers.map((identifier) =>
        this.client.request('textDocument/diagnostic', { textDocument: { uri: this.uri }, identifier, previousResultId: this.held.get(identifier)?.resultId }),
      ),
    );
    this.kinds = reports.map((r) => r.kind);
    reports.forEach((report, i) => {
      const identifier = this.identifiers[i];
      if (report.kind === 'full') this.held.set(identifier, { resultId: report.resultId, items: report.items });
      else assert.equal(report.resultId, this.held.get(identifier)?.resultId, 'unchanged names the result the client has');
    });
    return this.identifiers.flatMap((identifier) => this.held.get(identifier)?.items ?? []);
  }

  itemsOf(part: number): unknown[] {
    return this.held.get(this.identifiers[part])?.items ?? [];
  }
}

async function startParts(): Promise<{ client: LspClient; parts: PartsClient }> {
  const { client, registrations } = await start(PULL_CAPABILITIES);
  // Registered after `initialized`: wait until every part is.
  for (let i = 0; i < 100 && registrations.length < DIAGNOSTIC_PARTS; i++) await new Promise((r) => setTimeout(r, 20));
  return {
    client,
    parts: new PartsClient(
      client,
      registrations.map((r) => r.registerOptions.identifier!),
    ),
  };
}

function open(client: LspClient, text: string, uri = URI): void {
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version: 1, text } });
}

type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };

function change(client: LspClient, version: number, c: Change, uri = URI): void {
  client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [c] });
}

describe('pull diagnostics in parts', () => {
  test('a client that registers dynamically gets one provider per part and no static provider', async () => {
    const { init, registrations } = await start(PULL_CAPABILITIES);
    assert.equal(init.result?.capabilities?.diagnosticProvider ?? init.capabilities.diagnosticProvider, undefined);
    for (let i = 0; i < 100 && registrations.length < DIAGNOSTIC_PARTS; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(registrations.length, DIAGNOSTIC_PARTS);
    assert.deepEqual(
      registrations.map((r) => r.method),
      registrations.map(() => 'textDocument/diagnostic'),
    );
    assert.deepEqual(
      registrations.map((r) => r.registerOptions.identifier),
      Array.from({ length: DIAGNOSTIC_PARTS }, (_, i) => `coding-notes/${i + 1}`),
    );
    assert.equal(new Set(registrations.map((r) => r.id)).size, DIAGNOSTIC_PARTS, 'each registration has its own id');
    for (const r of registrations) {
      assert.deepEqual(r.registerOptions.documentSelector, [{ language: 'coding-note' }, { language: 'codingnote' }]);
      assert.equal(r.registerOptions.interFileDependencies, false);
      assert.equal(r.registerOptions.workspaceDiagnostics, false);
    }
    assert.equal(partIndex(partIdentifier(3), DIAGNOSTIC_PARTS), 3);
    assert.equal(partIndex('coding-notes/0', DIAGNOSTIC_PARTS), null);
    assert.equal(partIndex(`coding-notes/${DIAGNOSTIC_PARTS + 1}`, DIAGNOSTIC_PARTS), null);
  });

  test('a client that pulls without dynamic registration gets one result set, and no registration', async () => {
    const { client, init, registrations } = await start({ textDocument: { diagnostic: { dynamicRegistration: false } } });
    assert.deepEqual(init.capabilities.diagnosticProvider, { interFileDependencies: false, workspaceDiagnostics: false });
    const text = Array.from({ length: 300 }, () => MISSING_CODES).join('---\n');
    open(client, text);
    const report = await client.request('textDocument/diagnostic', { textDocument: { uri: URI } });
    assert.equal(report.kind, 'full');
    assert.equal(report.items.length, 3 * 300);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(registrations, []);
  });

  test('the parts joined equal the push diagnostics through edits that move, add and remove notes', async () => {
    const { client: pusher } = await start(PUSH_CAPABILITIES);
    const { client: puller, parts } = await startParts();
    const text = makeCorpus(40 * DIAGNOSTIC_PARTS).text;
    assert.ok(!text.includes('\r'));
    const lines = text.split('\n');
    open(pusher, text);
    open(puller, text);
    const pushed = async (version: number) => (await pusher.diagnostics(URI, (p: PublishedDiagnostics) => p.version === version)).diagnostics;
    assert.deepEqual(await parts.pull(), await pushed(1));

    // A fixed pseudo-random sequence (no clock, no Math.random): the same edits every run.
    let seed = Number(process.env.PROPERTY_SEED ?? 0x5eed) >>> 0;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pick = (n: number) => Math.floor(random() * n);
    const kinds = ['type', 'remove', 'line', 'drop-line', 'note', 'drop-note', 'separator'] as const;
    let version = 1;
    const seen = new Set<string>();
    for (let step = 0; step < 70; step++) {
      const kind = kinds[step % kinds.length];
      const line = pick(lines.length - 1);
      const column = pick(lines[line].length + 1);
      let c: Change;
      if (kind === 'type') c = { range: { start: { line, character: column }, end: { line, character: column } }, text: ['x', '9', ',', ' '][pick(4)] };
      else if (kind === 'remove')
        c = { range: { start: { line, character: column }, end: { line, character: Math.min(lines[line].length, column + 1) } }, text: '' };
      else if (kind === 'line') c = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'Comment: added\n' };
      else if (kind === 'drop-line') c = { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
      else if (kind === 'note') c = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '---\nEpisode: P-1\nOPCS-4: j128\n' };
      else if (kind === 'separator') c = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '---\n' };
      else {
        // A whole note removed: from a separator to the next one.
        const first = lines.findIndex((l, i) => i >= line && l === '---');
        const next = first < 0 ? -1 : lines.findIndex((l, i) => i > first && l === '---');
        c =
          next < 0
            ? { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }
            : { range: { start: { line: first, character: 0 }, end: { line: next, character: 0 } }, text: '' };
      }
      // The same change on the test's copy of the lines.
      const { start, end } = c.range;
      const replaced = (lines[start.line].slice(0, start.character) + c.text + lines[end.line].slice(end.character)).split('\n');
      lines.splice(start.line, end.line - start.line + 1, ...replaced);
      version++;
      change(pusher, version, c);
      change(puller, version, c);
      const expected = await pushed(version);
      assert.deepEqual(await parts.pull(), expected, `after ${kind} at line ${line} (step ${step})`);
      seen.add(parts.kinds.join(','));
    }
    assert.ok(seen.size > 2, 'the edits gave parts both full and unchanged answers');
  });

  test('an edit inside one note changes one part; the others answer unchanged', async () => {
    // Enough notes for a block of 32 in every part.
    const notes = 40 * DIAGNOSTIC_PARTS;
    const text = Array.from({ length: notes }, () => MISSING_CODES).join('---\n');
    const { client, parts } = await startParts();
    open(client, text);
    const all = await parts.pull();
    assert.equal(all.length, 3 * notes);
    assert.ok(parts.kinds.every((k) => k === 'full'));
    const before = Array.from({ length: DIAGNOSTIC_PARTS }, (_, i) => parts.itemsOf(i).length);
    assert.ok(before.filter((n) => n > 0).length >= DIAGNOSTIC_PARTS - 1, `diagnostics in every part: ${before}`);

    // The middle note mends its diagnosis (C20 becomes C78.7): no line moves.
    const line = 9 * (notes / 2) + 7;
    change(client, 2, { range: { start: { line, character: 8 }, end: { line, character: 11 } }, text: 'C78.7' });
    const after = await parts.pull();
    assert.equal(after.length, 3 * notes - 1);
    const full = parts.kinds.flatMap((k, i) => (k === 'full' ? [i] : []));
    assert.equal(full.length, 1, `one part answered in full: ${parts.kinds}`);
    assert.equal(parts.itemsOf(full[0]).length, before[full[0]] - 1);

    // A comment typed: every part unchanged.
    change(client, 3, { range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: 'x' });
    await parts.pull();
    assert.deepEqual(parts.kinds, Array(DIAGNOSTIC_PARTS).fill('unchanged'));
  });

  test('one note: the other parts answer empty, then unchanged; a document not checked says so in part 1', async () => {
    const { client, parts } = await startParts();
    open(client, MISSING_CODES);
    assert.equal((await parts.pull()).length, 3);
    assert.equal(parts.itemsOf(0).length, 3);
    await parts.pull();
    assert.deepEqual(parts.kinds, Array(DIAGNOSTIC_PARTS).fill('unchanged'));

    const { client: small, registrations } = await start(PULL_CAPABILITIES, { maxDocumentSize: 1000 });
    for (let i = 0; i < 100 && registrations.length < DIAGNOSTIC_PARTS; i++) await new Promise((r) => setTimeout(r, 20));
    const large = new PartsClient(
      small,
      registrations.map((r) => r.registerOptions.identifier!),
    );
    open(small, Array.from({ length: 20 }, () => MISSING_CODES).join('---\n'));
    const items = (await large.pull()) as { code?: string }[];
    assert.equal(items.length, 1);
    assert.match(String(items[0].code), /^not-checked\//);
    assert.equal(large.itemsOf(0).length, 1);
  });

  test('a settings change asks the client to pull again, and every part answers under the new settings', async () => {
    const { client, parts } = await startParts();
    const notes = 40 * DIAGNOSTIC_PARTS;
    open(client, Array.from({ length: notes }, () => MISSING_CODES).join('---\n'));
    assert.equal((await parts.pull()).length, 3 * notes);
    let refreshes = 0;
    client.onRequest('workspace/diagnostic/refresh', () => {
      refreshes++;
      return null;
    });
    client.notify('workspace/didChangeConfiguration', { settings: { codingNotes: { rules: { 'ipg369/diagnosis-code': 'off' } } } });
    for (let i = 0; i < 100 && refreshes === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(refreshes, 1, 'asked to refresh');
    const items = (await parts.pull()) as { code?: string }[];
    assert.equal(items.length, 2 * notes);
    assert.ok(!items.some((d) => d.code === 'ipg369/diagnosis-code'));
    assert.deepEqual(parts.kinds, Array(DIAGNOSTIC_PARTS).fill('full'), 'every part held the rule switched off');
  });

  test('closing a document forgets what its parts answered', async () => {
    const { client, parts } = await startParts();
    const text = Array.from({ length: 100 }, () => MISSING_CODES).join('---\n');
    open(client, text);
    await parts.pull();
    const ids = [...parts.held.values()].map((h) => h.resultId);
    client.notify('textDocument/didClose', { textDocument: { uri: URI } });
    const closed = await client.request('textDocument/diagnostic', { textDocument: { uri: URI }, identifier: parts.identifiers[0], previousResultId: ids[0] });
    assert.deepEqual(closed, { kind: 'full', items: [] });
    // Opened again with the same text: every part is sent in full, under new result ids.
    open(client, text);
    await parts.pull();
    assert.deepEqual(parts.kinds, Array(DIAGNOSTIC_PARTS).fill('full'));
    for (const h of parts.held.values()) assert.ok(!ids.includes(h.resultId));
  });
});
