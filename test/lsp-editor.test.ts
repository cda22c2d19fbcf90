// The editor features over stdio, from the bundled server: outline, folding,
// formatting, inlay titles (and the setting that turns them off), document
// links, note templates, the workspace check, the audit report, the rule list
// and the status notification.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../server/src/core/engine';
import { formatText } from '../server/src/core/features/format';
import { LspClient, PublishedDiagnostics } from './helpers/lsp-client';

const engine = new Engine();
const IPG369_URL = engine.pack('IPG369')!.source.url;

const NOTES = [
  '# Liver list',
  'Episode: E-1',
  'guidance:ipg369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
  'opcs-4: j12.8,Y13.2',
  'ICD-10: C78.7',
  '---',
  '# coding-notes-disable-next-line code/sequence -- local list',
  'Episode: E-2',
  'Guidance: IPG369',
  'Approach: open',
  'OPCS-4:',
  '  J03.2',
  '    Y13.2 Cryotherapy to lesion of organ NOC',
  'ICD-10: C78.7',
  '',
].join('\n');

function applyLspEdits(text: string, edits: { range: any; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'coding-note', 1, text), edits);
}

describe('editor features over stdio', () => {
  let client: LspClient;
  let capabilities: any;
  const folder = mkdtempSync(join(tmpdir(), 'coding-notes-lsp-editor-'));
  let editorSection: unknown = {};
  const uriOf = (name: string) => pathToFileURL(join(folder, name)).href;
  const write = (name: string, text: string) => {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), text);
    return uriOf(name);
  };
  const open = (uri: string, text: string) => client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version: 1, text } });
  const doc = (uri: string) => ({ textDocument: { uri } });

  before(async () => {
    client = new LspClient();
    client.onRequest('workspace/configuration', (params) => params.items.map((item: any) => (item.section === 'codingNotes' ? editorSection : null)));
    const init = await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      // Snippet completions, as VS Code declares (without it the templates come as plain text: lsp-manners.test.ts).
      capabilities: {
        workspace: { configuration: true, inlayHint: { refreshSupport: true } },
        textDocument: { completion: { completionItem: { snippetSupport: true } } },
      },
      initializationOptions: { trusted: true, status: true },
    });
    capabilities = init.capabilities;
    client.notify('initialized', {});
  });

  after(() => {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  test('advertises symbols, folding, formatting, range formatting, inlay hints and links', () => {
    assert.deepEqual(capabilities.documentSymbolProvider, { label: 'Coding notes' });
    assert.equal(capabilities.foldingRangeProvider, true);
    assert.equal(capabilities.documentFormattingProvider, true);
    assert.equal(capabilities.documentRangeFormattingProvider, true);
    assert.deepEqual(capabilities.inlayHintProvider, { resolveProvider: false });
    assert.deepEqual(capabilities.documentLinkProvider, { resolveProvider: false });
  });

  test('document symbols: a note per Episode, fields as children', async () => {
    const uri = write('symbols.codingnote', NOTES);
    open(uri, NOTES);
    const symbols = await client.request('textDocument/documentSymbol', doc(uri));
    assert.deepEqual(
      symbols.map((s: any) => s.name),
      ['E-1', 'E-2'],
    );
    assert.deepEqual(
      symbols[1].children.map((c: any) => c.name),
      ['Episode', 'Guidance', 'Approach', 'OPCS-4', 'ICD-10'],
    );
    assert.deepEqual(
      symbols[1].children[3].children.map((c: any) => c.name),
      ['J03.2', 'Y13.2'],
    );
  });

  test('folding ranges: each note and the item list', async () => {
    const uri = write('folding.codingnote', NOTES);
    open(uri, NOTES);
    const ranges = await client.request('textDocument/foldingRange', doc(uri));
    assert.deepEqual(
      ranges.map((r: any) => [r.startLine, r.endLine, r.kind ?? null]),
      [
        [0, 7, 'region'],
        [9, 16, 'region'],
        [13, 15, null],
      ],
    );
  });

  test('formatting the document and a range', async () => {
    const uri = write('format.codingnote', NOTES);
    open(uri, NOTES);
    const options = { tabSize: 2, insertSpaces: true };
    const edits = await client.request('textDocument/formatting', { ...doc(uri), options });
    const formatted = applyLspEdits(NOTES, edits);
    assert.equal(formatted, formatText(NOTES));
    assert.match(formatted, /^Guidance: IPG369$/m);
    assert.match(formatted, /^OPCS-4: J12\.8, Y13\.2$/m);
    assert.match(formatted, /^ {2}Y13\.2 Cryotherapy/m);
    assert.ok(formatted.includes('# coding-notes-disable-next-line code/sequence -- local list\n'));

    const ranged = await client.request('textDocument/rangeFormatting', {
      ...doc(uri),
      range: { start: { line: 6, character: 0 }, end: { line: 6, character: 5 } },
      options,
    });
    const after = applyLspEdits(NOTES, ranged).split('\n');
    assert.equal(after[6], 'OPCS-4: J12.8, Y13.2');
    assert.equal(after[2], 'guidance:ipg369', 'outside the range');
  });

  test('inlay hints: titles after codes written without one, off with codingNotes.inlayHints.titles', async () => {
    const uri = write('inlay.codingnote', NOTES);
    open(uri, NOTES);
    const range = { start: { line: 0, character: 0 }, end: { line: 17, character: 0 } };
    const hints = await client.request('textDocument/inlayHint', { ...doc(uri), range });
    assert.deepEqual(
      hints.map((h: any) => [h.position.line, h.label]),
      [
        [6, engine.terms.lookup('opcs4', 'Y13.2')!.insertTitle],
        [7, engine.terms.lookup('icd10', 'C78.7')!.insertTitle],
        [14, engine.terms.lookup('opcs4', 'J03.2')!.insertTitle],
        [16, engine.terms.lookup('icd10', 'C78.7')!.insertTitle],
      ],
    );
    const refreshed = new Promise<void>((resolve) => client.onRequest('workspace/inlayHint/refresh', () => (resolve(), null)));
    editorSection = { inlayHints: { titles: false } };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await refreshed;
    assert.deepEqual(await client.request('textDocument/inlayHint', { ...doc(uri), range }), []);
    editorSection = {};
    client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.equal((await client.request('textDocument/inlayHint', { ...doc(uri), range })).length, 4);
  });

  test('document links: the guidance page, and the rule page of a suppressed rule', async () => {
    const uri = write('links.codingnote', NOTES);
    open(uri, NOTES);
    const links = await client.request('textDocument/documentLink', doc(uri));
    const targets = links.map((l: any) => l.target);
    assert.deepEqual(targets.slice(0, 1), [IPG369_URL]);
    const rule = links.find((l: any) => l.target.startsWith('file:'));
    assert.deepEqual(rule.range, { start: { line: 9, character: 33 }, end: { line: 9, character: 46 } });
    assert.equal(rule.target, pathToFileURL(join(process.cwd(), 'docs', 'rules', 'code', 'sequence.md')).href);
    assert.ok(existsSync(fileURLToPath(rule.target)));
    assert.equal(links.length, 3);
  });

  test('completion at the start of an empty note offers whole-note snippets', async () => {
    const text = 'Episode: E-1\n---\n';
    const uri = write('template.codingnote', text);
    open(uri, text);
    const list = await client.request('textDocument/completion', { ...doc(uri), position: { line: 2, character: 0 } });
    const perc = list.items.find((i: any) => i.label === 'IPG369 note: percutaneous');
    assert.ok(perc, list.items.map((i: any) => i.label).join(', '));
    assert.equal(perc.insertTextFormat, 2);
    assert.match(perc.textEdit.newText, /^Image control: \$\{\d+\|ultrasound,/m);
  });

  test('the status notification: counts, the configuration file in force and the time taken', async () => {
    const sub = join(folder, 'configured');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, '.codingnotes.json'), JSON.stringify({ rules: { 'code/sequence': 'off' } }));
    const uri = write('configured/status.codingnote', NOTES);
    const since = client.mark;
    open(uri, NOTES);
    const status = await client.waitFor('codingNotes/status', (p: any) => p.uri === uri, since);
    const expected = engine.check(NOTES, { rules: { 'code/sequence': 'off' } });
    const count = (sev: string) => expected.findings.filter((f) => f.severity === sev).length;
    assert.deepEqual(status.counts, { error: count('error'), warning: count('warning'), information: count('information'), hint: count('hint') });
    assert.ok(status.counts.error > 0);
    assert.equal(status.notes, 2);
    assert.equal(status.configFile, join(sub, '.codingnotes.json'));
    assert.equal(typeof status.durationMs, 'number');
    assert.ok(status.durationMs >= 0);
  });

  test('the rule list, with each rule page', async () => {
    const rules = await client.request('codingNotes/rules', {});
    assert.deepEqual(
      rules.map((r: any) => r.id),
      engine.rules.map((r) => r.id),
    );
    for (const r of rules) assert.ok(existsSync(fileURLToPath(r.docsUrl)), r.docsUrl);
  });

  describe('workspace check and audit report', () => {
    const ws = mkdtempSync(join(tmpdir(), 'coding-notes-lsp-ws-'));
    const wsUri = (name: string) => pathToFileURL(join(ws, name)).href;
    const MISSING = ['Episode: W-1', 'Guidance: IPG369', 'Approach: open', 'OPCS-4: J03.2', 'ICD-10: C78.7'].join('\n');
    const CLEAN = ['Episode: W-2', 'Guidance: IPG369', 'Approach: open', 'OPCS-4: J03.2, Y13.2', 'ICD-10: C78.7'].join('\n');
    before(() => {
      mkdirSync(join(ws, 'sub'), { recursive: true });
      mkdirSync(join(ws, '.hidden'), { recursive: true });
      writeFileSync(join(ws, 'a.codingnote'), MISSING);
      writeFileSync(join(ws, 'sub', 'b.codingnote'), CLEAN);
      writeFileSync(join(ws, '.hidden', 'c.codingnote'), MISSING);
      writeFileSync(join(ws, 'notes.txt'), MISSING);
    });
    after(() => rmSync(ws, { recursive: true, force: true }));

    test('every .codingnote, open or not, goes to the Problems panel', async () => {
      const since = client.mark;
      const result = await client.request('codingNotes/checkWorkspace', { folders: [pathToFileURL(ws).href] });
      assert.equal(result.files, 2);
      assert.equal(result.notes, 2);
      assert.equal(result.error, engine.check(MISSING).findings.filter((f) => f.severity === 'error').length);
      assert.deepEqual(result.problems, []);
      const a = await client.diagnostics(wsUri('a.codingnote'), () => true, since);
      assert.deepEqual(
        a.diagnostics.map((d) => d.code),
        ['ipg369/cryotherapy-code'],
      );
      const b = await client.diagnostics(wsUri('sub/b.codingnote'), () => true, since);
      assert.deepEqual(b.diagnostics, []);
      assert.ok(!client.received('textDocument/publishDiagnostics').some((p: PublishedDiagnostics) => p.uri.includes('.hidden')));
    });

    test('a checked note that is opened and closed again keeps the diagnostics of its file', async () => {
      const uri = wsUri('a.codingnote');
      const edited = MISSING.replace('J03.2', 'J03.2, Y13.2');
      let since = client.mark;
      open(uri, edited);
      assert.deepEqual((await client.diagnostics(uri, () => true, since)).diagnostics, []);
      since = client.mark;
      client.notify('textDocument/didClose', doc(uri));
      const back = await client.diagnostics(uri, () => true, since);
      assert.deepEqual(
        back.diagnostics.map((d) => d.code),
        ['ipg369/cryotherapy-code'],
      );
    });

    test('the audit report for the webview: the same HTML, with note links that open the note', async () => {
      const report = await client.request('codingNotes/auditReport', { folders: [pathToFileURL(ws).href] });
      assert.equal(report.files, 2);
      assert.match(report.html, /^<!DOCTYPE html>/);
      assert.ok(report.html.includes(`content="default-src 'none'; style-src 'unsafe-inline'"`));
      const href = `command:codingNotes.openNote?${encodeURIComponent(JSON.stringify([wsUri('a.codingnote'), 0]))}`;
      assert.ok(report.html.includes(`<a href="${href}">W-1</a>`), 'W-1 links to its note');
      assert.doesNotMatch(report.html, /W-2<\/a>/, 'a clean note needs no attention');
    });
  });
});
