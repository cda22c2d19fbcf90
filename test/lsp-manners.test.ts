// LSP manners, over stdio: snippets only for a client that declares snippet
// support, completion edits that replace only the word being typed, no
// diagnostics or features for documents that are not coding notes, and the
// hover's grammar.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../server/src/core/engine';
import { noteTemplates, templateSnippet } from '../server/src/core/features/templates';
import { LspClient } from './helpers/lsp-client';
import { MISSING_CODES, MISSING_RULES } from './helpers/notes';

const engine = new Engine();

const PERCUTANEOUS = [
  'Episode: T-0200',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
].join('\n');

async function start(capabilities: unknown): Promise<LspClient> {
  const client = new LspClient();
  await client.request('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions: { debounceMs: 0 } });
  client.notify('initialized', {});
  return client;
}

function openDoc(client: LspClient, uri: string, text: string, languageId = 'coding-note'): void {
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}

async function completion(client: LspClient, uri: string, line: number, character: number): Promise<any[]> {
  const list: any = await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
  return Array.isArray(list) ? list : (list?.items ?? []);
}

function applyEdit(text: string, edit: { range: any; newText: string }): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'coding-note', 1, text), [edit]);
}

describe('completion snippets follow the client capability', () => {
  let plain: LspClient;
  let snippets: LspClient;
  before(async () => {
    // Neovim's omnifunc (0.7–0.9) declares no snippet support.
    plain = await start({ textDocument: { completion: { completionItem: { snippetSupport: false } } } });
    snippets = await start({ textDocument: { completion: { completionItem: { snippetSupport: true } } } });
  });
  after(async () => {
    for (const c of [plain, snippets]) {
      await c.shutdown().catch(() => undefined);
      c.kill();
    }
  });

  test('a client with snippetSupport gets the note templates as snippets', async () => {
    const uri = 'untitled:snippets';
    openDoc(snippets, uri, '');
    const items = await completion(snippets, uri, 0, 0);
    const perc = items.find((i) => i.label === 'IPG369 note: percutaneous');
    assert.ok(perc, items.map((i) => i.label).join(', '));
    assert.equal(perc.insertTextFormat, 2);
    const template = noteTemplates(engine).find((t) => t.label === perc.label)!;
    assert.equal(perc.textEdit.newText, templateSnippet(template));
    assert.match(perc.textEdit.newText, /\$\{1:/);
  });

  test('a client without it gets plain text (no snippet format, no $1 or ${1:…}) and no note templates', async () => {
    // Declared false, and not declared at all (no completion capabilities).
    for (const which of ['declared false', 'not declared']) {
      const client = which === 'declared false' ? plain : await start({});
      try {
        const uri = `untitled:plain-${which.replace(' ', '-')}`;
        openDoc(client, uri, '');
        const items = await completion(client, uri, 0, 0);
        // A template's defaults (`ultrasound`, an episode reference) would go in as if the record said them.
        assert.ok(!items.some((i) => String(i.label).startsWith('IPG369 note')), items.map((i) => i.label).join(', '));
        assert.ok(items.length > 0, 'field names are still offered');
        for (const item of items) {
          assert.notEqual(item.insertTextFormat, 2, `${item.label}: no snippet format`);
          const text = item.textEdit?.newText ?? item.insertText ?? item.label;
          assert.doesNotMatch(text, /\$(?:\d|\{)/, `${item.label}: no placeholder`);
          assert.doesNotMatch(text, /\0/, `${item.label}: no NUL`);
        }
      } finally {
        if (client !== plain) {
          await client.shutdown().catch(() => undefined);
          client.kill();
        }
      }
    }
  });
});

describe('completion, documents that are not notes, and hover over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await start({ textDocument: { completion: { completionItem: { snippetSupport: true } } } });
  });
  after(async () => {
    await client.shutdown().catch(() => undefined);
    client.kill();
  });

  test('completion replaces only the code being typed: `OPCS-4: J12.8, Y|, Y53.2`', async () => {
    const line = 'OPCS-4: J12.8, Y, Y53.2';
    const text = `${PERCUTANEOUS}\n${line}\n`;
    const uri = 'untitled:range-typing';
    openDoc(client, uri, text);
    const items = await completion(client, uri, 5, line.indexOf('Y,') + 1);
    const y132 = items.find((i) => i.label === 'Y13.2');
    assert.ok(y132, items.map((i) => i.label).join(', '));
    for (const item of items) {
      const { start, end } = item.textEdit.range;
      assert.deepEqual([start.line, start.character, end.line, end.character], [5, 15, 5, 16], `${item.label} replaces only "Y"`);
    }
    assert.equal(applyEdit(text, y132.textEdit).split('\n')[5], 'OPCS-4: J12.8, Y13.2, Y53.2');
  });

  test('completion right after a comma keeps the comma: `OPCS-4: J12.8,|`', async () => {
    const line = 'OPCS-4: J12.8,';
    const text = `${PERCUTANEOUS}\n${line}\n`;
    const uri = 'untitled:range-comma';
    openDoc(client, uri, text);
    const items = await completion(client, uri, 5, line.length);
    const y132 = items.find((i) => i.label === 'Y13.2');
    assert.ok(y132, items.map((i) => i.label).join(', '));
    for (const item of items) {
      const { start, end } = item.textEdit.range;
      assert.deepEqual([start.line, start.character, end.line, end.character], [5, 14, 5, 14], `${item.label} inserts after the comma`);
    }
    assert.equal(applyEdit(text, y132.textEdit).split('\n')[5], 'OPCS-4: J12.8, Y13.2');
  });

  test('completion right before a written code inserts in front of it: `OPCS-4: J12.8, |Y53.2`', async () => {
    const line = 'OPCS-4: J12.8, Y53.2';
    const text = `${PERCUTANEOUS}\n${line}\n`;
    const uri = 'untitled:range-before';
    openDoc(client, uri, text);
    const items = await completion(client, uri, 5, line.indexOf('Y53.2'));
    const y132 = items.find((i) => i.label === 'Y13.2');
    assert.ok(y132);
    for (const item of items) {
      const { start, end } = item.textEdit.range;
      assert.deepEqual([start.character, end.character], [15, 15], `${item.label} covers nothing of Y53.2`);
    }
    assert.equal(applyEdit(text, y132.textEdit).split('\n')[5], 'OPCS-4: J12.8, Y13.2, Y53.2');
  });

  test('a plain-text or markdown document synced by the client gets no diagnostics and no features', async () => {
    const others = [
      { uri: 'file:///tmp/coding-notes-manners/notes.txt', languageId: 'plaintext' },
      { uri: 'file:///tmp/coding-notes-manners/README.md', languageId: 'markdown' },
    ];
    for (const o of others) openDoc(client, o.uri, MISSING_CODES, o.languageId);
    for (const o of others) {
      client.notify('textDocument/didChange', {
        textDocument: { uri: o.uri, version: 2 },
        contentChanges: [{ range: { start: { line: 6, character: 13 }, end: { line: 6, character: 13 } }, text: ', j' }],
      });
    }
    const pos = { line: 6, character: 9 };
    const whole = { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } };
    for (const { uri } of others) {
      const doc = { textDocument: { uri } };
      assert.deepEqual(await completion(client, uri, 6, 14), [], `no completion in ${uri}`);
      assert.equal(await client.request('textDocument/hover', { ...doc, position: pos }), null, `no hover in ${uri}`);
      assert.deepEqual(await client.request('textDocument/codeAction', { ...doc, range: whole, context: { diagnostics: [], only: ['source.fixAll'] } }), []);
      assert.equal(await client.request('codingNotes/fixAll', doc), null);
      for (const method of ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/formatting', 'textDocument/documentLink']) {
        const answer = await client.request(method, { ...doc, options: { tabSize: 2, insertSpaces: true } });
        assert.deepEqual(answer ?? [], [], `no ${method} in ${uri}`);
      }
      assert.deepEqual((await client.request('textDocument/inlayHint', { ...doc, range: whole })) ?? [], []);
    }
    // A coding note opened after them is checked; by the time its diagnostics are in, theirs would be too.
    const note = 'untitled:after-the-others';
    openDoc(client, note, MISSING_CODES);
    assert.deepEqual(
      (await client.diagnostics(note)).diagnostics.map((d) => d.code),
      MISSING_RULES,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const { uri } of others) assert.equal(client.latestDiagnostics(uri), undefined, `no diagnostics published for ${uri}`);
    // Closing them publishes nothing either.
    for (const { uri } of others) client.notify('textDocument/didClose', { textDocument: { uri } });
    await client.request('textDocument/hover', { textDocument: { uri: note }, position: pos });
    for (const { uri } of others) assert.equal(client.latestDiagnostics(uri), undefined);
  });

  test('Neovim sends its filetype `codingnote` as the language id: such a note is checked', async () => {
    const uri = 'file:///tmp/coding-notes-manners/nvim.codingnote';
    openDoc(client, uri, MISSING_CODES, 'codingnote');
    assert.deepEqual(
      (await client.diagnostics(uri)).diagnostics.map((d) => d.code),
      MISSING_RULES,
    );
  });

  test('hover says "an ICD-10 code", not "a ICD-10 code"', async () => {
    const line = 'OPCS-4: J12.8, Y13.2, Y53.2, C78.7';
    const uri = 'untitled:hover-article';
    openDoc(client, uri, `${PERCUTANEOUS}\n${line}\n`);
    const result: any = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: line.indexOf('C78.7') + 1 } });
    const value: string = result?.contents?.value ?? '';
    assert.match(value, /An ICD-10 code, written under OPCS-4/);
    assert.doesNotMatch(value, /\ba (?:ICD|OPCS)-/i);
  });
});
