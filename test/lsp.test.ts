// The language server as an editor meets it: the bundled dist/server.js in its
// own process, spoken to over stdio with real LSP messages. Notes live in
// temporary folders on disk so that `.codingnotes.json` look-up is real.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../server/src/core/engine';
import fc from 'fast-check';
import { diffTexts } from '../server/src/lsp/diff';
import { LspClient, LspDiagnostic } from './helpers/lsp-client';
import { MISSING_CODES } from './helpers/notes';

const engine = new Engine();

const COMPLETE = [
  '# Liver list (test note)',
  'Episode: T-0001',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
  'OPCS-4: J12.8, Y13.2, Y53.2',
  'ICD-10: C78.7, C20',
  '',
].join('\n');

// Slips throughout, CRLF line ends, and a comment that fixes must leave alone.
const SLIPS = [
  '# Typed in a hurry; this comment stays as it is',
  'Episode: T-0002',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Aproach: percutaneous',
  'Image control: ultrasond',
  'OPCS-4:',
  '  Y13.2 Cryotherapy to lesion of organ NOC',
  '  j128',
  'ICD-10: C787, C78.7',
  'Comment: Segment VI.',
  '',
].join('\r\n');

function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'coding-notes-lsp-'));
}

function writeNote(folder: string, name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return pathToFileURL(path).href;
}

function rulesOf(diagnostics: readonly LspDiagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

function docsHref(ruleId: string): string {
  return pathToFileURL(join(process.cwd(), 'docs', 'rules', ...ruleId.split('/')) + '.md').href;
}

function applyLspEdits(text: string, edits: { range: any; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'coding-note', 1, text), edits);
}

function editsFor(action: any, uri: string): { range: any; newText: string }[] {
  const edits = action?.edit?.changes?.[uri];
  assert.ok(Array.isArray(edits), `the action "${action?.title}" edits ${uri}`);
  return edits;
}

interface Session {
  client: LspClient;
  initializeResult: any;
}

async function startServer(options: { initializationOptions?: unknown; capabilities?: unknown; prepare?: (client: LspClient) => void } = {}): Promise<Session> {
  const client = new LspClient();
  options.prepare?.(client);
  const initializeResult = await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: options.capabilities ?? {},
    initializationOptions: options.initializationOptions,
  });
  client.notify('initialized', {});
  return { client, initializeResult };
}

function open(client: LspClient, uri: string, text: string, version = 1): void {
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version, text } });
}

function replaceAll(client: LspClient, uri: string, version: number, text: string): void {
  client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
}

describe('language server over stdio', () => {
  let session: Session;
  let client: LspClient;
  const folder = tempFolder();
  /** What the test editor answers to workspace/configuration for `codingNotes`. */
  let editorSection: unknown = {};
  const configurationRequests: any[] = [];
  let registrations: Promise<any>;

  before(async () => {
    const capabilities = {
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
      },
      textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, relatedInformation: true } },
    };
    const prepare = (c: LspClient) => {
      registrations = new Promise((resolve) => {
        const seen: any[] = [];
        c.onRequest('client/registerCapability', (params) => {
          seen.push(...params.registrations);
          if (seen.some((r) => r.method === 'workspace/didChangeWatchedFiles')) resolve(seen);
          return null;
        });
      });
      c.onRequest('workspace/configuration', (params) => {
        configurationRequests.push(...params.items);
        return params.items.map((item: any) => (item.section === 'codingNotes' ? editorSection : null));
      });
    };
    session = await startServer({ initializationOptions: { trusted: true }, capabilities, prepare });
    client = session.client;
  });

  after(() => {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  test('advertises incremental sync, quick fixes, fix-all, completion and hover', () => {
    const caps = session.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.coding-notes']);
    assert.ok(caps.completionProvider.triggerCharacters.includes(','));
    assert.equal(caps.hoverProvider, true);
  });

  test('asks a client that does not sync config files itself to watch them', async () => {
    const seen = await registrations;
    const watch = seen.find((r: any) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watch.registerOptions.watchers, [{ globPattern: '**/.codingnotes.json' }]);
  });

  test('publishes the findings of an opened note with rule ids, source and doc links', async () => {
    const uri = writeNote(folder, 'missing.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    const published = await client.diagnostics(uri);
    assert.equal(published.version, 1);
    assert.deepEqual(rulesOf(published.diagnostics), ['ipg369/cryotherapy-code', 'ipg369/image-control-code', 'ipg369/diagnosis-code']);
    const expected = engine.check(MISSING_CODES).findings;
    assert.deepEqual(
      published.diagnostics.map((d) => d.range),
      expected.map((f) => f.range),
    );
    for (const d of published.diagnostics) {
      assert.equal(d.source, 'coding-notes');
      assert.equal(d.severity, 1);
      assert.equal(d.codeDescription?.href, docsHref(String(d.code)));
      assert.ok(existsSync(fileURLToPath(d.codeDescription!.href)), `${d.codeDescription!.href} is a page in the repository`);
      assert.ok(d.message.length > 0);
    }
    // The settings were asked for this document's scope.
    assert.ok(configurationRequests.some((item) => item.scopeUri === uri && item.section === 'codingNotes'));
  });

  test('re-checks after incremental changes and publishes for the newest version', async () => {
    const uri = writeNote(folder, 'edited.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    assert.equal((await client.diagnostics(uri)).diagnostics.length, 3);

    // Type the missing codes in, as an editor sends them: small ranged changes.
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 6, character: 13 }, end: { line: 6, character: 13 } }, text: ', Y13.2, Y53.2' }],
    });
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 7, character: 8 }, end: { line: 7, character: 8 } }, text: 'C78.7, ' }],
    });
    const fixed = await client.diagnostics(uri, (p) => p.version === 3);
    assert.deepEqual(fixed.diagnostics, []);

    // Break it again: the server reads the changed text, not the file on disk.
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 4 },
      contentChanges: [{ range: { start: { line: 6, character: 13 }, end: { line: 6, character: 20 } }, text: '' }],
    });
    const broken = await client.diagnostics(uri, (p) => p.version === 4);
    assert.deepEqual(rulesOf(broken.diagnostics), ['ipg369/cryotherapy-code']);
  });

  test('a repeat points to the first one through relatedInformation, which follows the note when lines are added above', async () => {
    const text = 'Episode: R-1\nOPCS-4: J03.2\n---\nEpisode: R-2\nApproach: open\nOPCS-4: J12.8, J12.8\nApproach: open\n';
    const uri = writeNote(folder, 'repeats.codingnote', text);
    open(client, uri, text);
    const related = (diagnostics: readonly LspDiagnostic[]) =>
      diagnostics.map((d) => [
        d.code,
        d.range.start.line,
        d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.location.range.start.character, r.message]),
      ]);
    const first = await client.diagnostics(uri);
    assert.deepEqual(related(first.diagnostics), [
      ['code/duplicate', 5, [[uri, 5, 8, 'J12.8 first listed here']]],
      ['syntax/duplicate-field', 6, [[uri, 4, 0, '`Approach` first given here']]],
    ]);
    // Two lines added to the first note: the second note moves down, with its related places.
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# a\n# b\n' }],
    });
    const moved = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(related(moved.diagnostics), [
      ['code/duplicate', 7, [[uri, 7, 8, 'J12.8 first listed here']]],
      ['syntax/duplicate-field', 8, [[uri, 6, 0, '`Approach` first given here']]],
    ]);
  });

  test('offers the preferred quick fix and "Disable … for this line", and their edits work', async () => {
    const uri = writeNote(folder, 'quickfix.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    const { diagnostics } = await client.diagnostics(uri);
    const cryo = diagnostics.find((d) => d.code === 'ipg369/cryotherapy-code')!;
    const actions: any[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: cryo.range,
      context: { diagnostics: [cryo] },
    });

    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1);
    assert.equal(preferred[0].kind, 'quickfix');
    assert.deepEqual(preferred[0].diagnostics, [cryo]);
    assert.match(preferred[0].title, /Y13\.2/);
    const fixedText = applyLspEdits(MISSING_CODES, editsFor(preferred[0], uri));
    assert.match(fixedText, /^OPCS-4: J12\.8, Y13\.2$/m);

    const disable = actions.find((a) => a.title === 'Disable ipg369/cryotherapy-code for this line');
    assert.ok(disable, `a disable action among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(disable.kind, 'quickfix');
    assert.equal(disable.isPreferred, false);
    const disabledText = applyLspEdits(MISSING_CODES, editsFor(disable, uri));
    const lines = disabledText.split('\n');
    assert.equal(lines[6], '# coding-notes-disable-next-line ipg369/cryotherapy-code');
    assert.equal(lines[7], 'OPCS-4: J12.8');

    // With the directive in place, that rule is silent on that line; the others still speak.
    replaceAll(client, uri, 2, disabledText);
    const after = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(rulesOf(after.diagnostics), ['ipg369/image-control-code', 'ipg369/diagnosis-code']);
  });

  test('gives no fix for a diagnostic that no longer matches the text', async () => {
    const uri = writeNote(folder, 'stale.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    const { diagnostics } = await client.diagnostics(uri);
    const moved = { ...diagnostics[0], range: { start: { line: 1, character: 0 }, end: { line: 1, character: 7 } } };
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: moved.range,
      context: { diagnostics: [moved] },
    });
    assert.deepEqual(actions, []);
    // Someone else's diagnostic is not ours to fix.
    const foreign = { ...diagnostics[0], source: 'another-linter' };
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: foreign.range, context: { diagnostics: [foreign] } }), []);
  });

  test('source.fixAll turns the note into what engine.fixAll gives, with small edits', async () => {
    const uri = writeNote(folder, 'slips.codingnote', SLIPS);
    open(client, uri, SLIPS);
    await client.diagnostics(uri);
    const whole = { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } };
    const expected = engine.fixAll(SLIPS).text;
    assert.notEqual(expected, SLIPS);

    for (const only of [['source.fixAll.coding-notes'], ['source.fixAll'], ['source']]) {
      const actions: any[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [], only } });
      assert.equal(actions.length, 1, `one action for only=${only}`);
      assert.equal(actions[0].kind, 'source.fixAll.coding-notes');
      const edits = editsFor(actions[0], uri);
      assert.equal(applyLspEdits(SLIPS, edits), expected);
      // Not a whole-file replacement: the comment line and the Comment field are outside every edit.
      for (const e of edits) {
        assert.ok(e.range.start.line >= 1 && e.range.end.line <= 10, `edit ${JSON.stringify(e.range)} stays within the changed lines`);
      }
    }

    // Quick-fix requests don't get the source action; a clean note gets none.
    const quick: any[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: whole,
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(quick, []);
    const cleanUri = writeNote(folder, 'clean.codingnote', COMPLETE);
    open(client, cleanUri, COMPLETE);
    assert.deepEqual((await client.diagnostics(cleanUri)).diagnostics, []);
    assert.deepEqual(
      await client.request('textDocument/codeAction', { textDocument: { uri: cleanUri }, range: whole, context: { diagnostics: [], only: ['source.fixAll'] } }),
      [],
    );
  });

  test('completion in an OPCS-4 list puts the guidance codes first and finds codes by title words', async () => {
    const text = COMPLETE.replace('OPCS-4: J12.8, Y13.2, Y53.2', 'OPCS-4: ');
    const uri = writeNote(folder, 'complete.codingnote', text);
    open(client, uri, text);
    const list: any = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 8 } });
    const items: any[] = Array.isArray(list) ? list : list.items;
    assert.ok(items.length > 3, 'codes are offered');
    const ranked = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    const codeOf = (item: any) => /[A-Z]\d{2}\.\d/.exec(item.label)?.[0];
    assert.deepEqual(ranked.slice(0, 3).map(codeOf).sort(), ['J12.8', 'Y13.2', 'Y53.2']);

    const typed = COMPLETE.replace('OPCS-4: J12.8, Y13.2, Y53.2', 'OPCS-4: J12.8, cryo');
    replaceAll(client, uri, 2, typed);
    const found: any = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 19 } });
    const foundItems: any[] = Array.isArray(found) ? found : found.items;
    const y132 = foundItems.find((item) => codeOf(item) === 'Y13.2');
    assert.ok(y132, `Y13.2 among ${foundItems.map((i) => i.label).join(', ')}`);
    // The editor filters what it shows by the typed word: the item must match "cryo".
    assert.match(String(y132.filterText ?? y132.label), /cryo/i);
  });

  test('completion, hover and quick fixes on a note far below the first answer at its own lines', async () => {
    // The server reads the note at the position alone (lsp/line-document.ts) and moves its answers back.
    const third = COMPLETE.replace('OPCS-4: J12.8, Y13.2, Y53.2', 'OPCS-4: j128, Y13.2, Y53.2');
    const text = [COMPLETE, COMPLETE, third].join('---\n');
    const line = 24;
    const lineText = text.split('\n')[line];
    assert.equal(lineText, 'OPCS-4: j128, Y13.2, Y53.2');
    const uri = writeNote(folder, 'far.codingnote', text);
    open(client, uri, text);
    const { diagnostics } = await client.diagnostics(uri);
    const slip = diagnostics.find((d) => d.range.start.line === line && d.range.start.character === 8);
    assert.ok(slip, `a diagnostic on j128 among ${JSON.stringify(diagnostics.map((d) => [d.code, d.range.start]))}`);
    const actions: any[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: slip.range, context: { diagnostics: [slip] } });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, `a preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(applyLspEdits(text, editsFor(preferred, uri)).split('\n')[line], 'OPCS-4: J12.8, Y13.2, Y53.2');
    const disable = actions.find((a) => a.title.startsWith('Disable '));
    assert.equal(applyLspEdits(text, editsFor(disable, uri)).split('\n')[line], `# coding-notes-disable-next-line ${slip.code}`);

    const hover: any = await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: lineText.indexOf('Y13.2') + 2 } });
    assert.deepEqual(hover.range, { start: { line, character: 14 }, end: { line, character: 19 } });
    const list: any = await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character: lineText.length } });
    const items: any[] = Array.isArray(list) ? list : list.items;
    assert.ok(items.length > 0, 'codes are offered');
    for (const item of items) assert.equal((item.textEdit?.range ?? item.textEdit?.replace)?.start.line ?? line, line, item.label);
  });

  test('hover on a code shows its title', async () => {
    const uri = writeNote(folder, 'hover.codingnote', COMPLETE);
    open(client, uri, COMPLETE);
    const at = COMPLETE.split('\n')[6].indexOf('Y13.2') + 2;
    const result: any = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: at } });
    assert.ok(result, 'a hover');
    const contents = typeof result.contents === 'string' ? result.contents : (result.contents.value ?? JSON.stringify(result.contents));
    assert.match(contents, /Cryotherapy to lesion of organ NOC/);
    // Nothing to say about a blank line.
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 0 } }), null);
  });

  test('a .codingnotes.json turns a rule off for notes below it, and a broken one is reported on itself', async () => {
    const project = tempFolder();
    try {
      const configPath = join(project, '.codingnotes.json');
      const configUri = pathToFileURL(configPath).href;
      writeFileSync(configPath, JSON.stringify({ rules: { 'ipg369/diagnosis-code': 'off' } }, null, 2));
      const uri = writeNote(project, 'note.codingnote', MISSING_CODES);
      open(client, uri, MISSING_CODES);
      const configured = await client.diagnostics(uri);
      assert.deepEqual(rulesOf(configured.diagnostics), ['ipg369/cryotherapy-code', 'ipg369/image-control-code']);

      // Broken JSON: a diagnostic on the config file, and the defaults again for the note.
      let since = client.mark;
      writeFileSync(configPath, '{\n  "rules": {\n    "ipg369/diagnosis-code": "off"\n    "code/sequence": "off"\n  }\n}\n');
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      const onConfig = await client.diagnostics(configUri, (p) => p.diagnostics.length > 0, since);
      assert.equal(onConfig.diagnostics[0].source, 'coding-notes');
      assert.equal(onConfig.diagnostics[0].severity, 1);
      assert.match(onConfig.diagnostics[0].message, /JSON/);
      const defaults = await client.diagnostics(uri, (p) => p.diagnostics.length === 3, since);
      assert.ok(rulesOf(defaults.diagnostics).includes('ipg369/diagnosis-code'));

      // An unknown rule id: reported at its own line.
      since = client.mark;
      writeFileSync(configPath, '{\n  "rules": {\n    "ipg369/diagnosis-code": "off",\n    "ipg369/no-such-rule": "off"\n  }\n}\n');
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      const unknown = await client.diagnostics(configUri, (p) => p.diagnostics.some((d) => /no-such-rule/.test(d.message)), since);
      assert.equal(unknown.diagnostics[0].range.start.line, 3);

      // Repaired: the config diagnostics are cleared and the setting applies again.
      since = client.mark;
      writeFileSync(configPath, JSON.stringify({ rules: { 'ipg369/diagnosis-code': 'off' } }));
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
      await client.diagnostics(configUri, (p) => p.diagnostics.length === 0, since);
      const repaired = await client.diagnostics(uri, (p) => p.diagnostics.length === 2, since);
      assert.ok(!rulesOf(repaired.diagnostics).includes('ipg369/diagnosis-code'));
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  test('a .codingnotes.json created later applies once the client reports it', async () => {
    const project = tempFolder();
    try {
      const uri = writeNote(project, 'note.codingnote', MISSING_CODES);
      open(client, uri, MISSING_CODES);
      assert.equal((await client.diagnostics(uri)).diagnostics.length, 3);
      const since = client.mark;
      const configPath = join(project, '.codingnotes.json');
      writeFileSync(configPath, JSON.stringify({ rules: { 'ipg369/image-control-code': 'off' } }));
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 1 }] });
      const after = await client.diagnostics(uri, () => true, since);
      assert.deepEqual(rulesOf(after.diagnostics), ['ipg369/cryotherapy-code', 'ipg369/diagnosis-code']);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  test('a missing guidance pack is reported on the config line that names it', async () => {
    const project = tempFolder();
    try {
      const configPath = join(project, '.codingnotes.json');
      writeFileSync(configPath, '{\n  "packs": [\n    "./local-pack.json"\n  ]\n}\n');
      const uri = writeNote(project, 'note.codingnote', COMPLETE);
      const since = client.mark;
      open(client, uri, COMPLETE);
      const problems = await client.diagnostics(pathToFileURL(configPath).href, (p) => p.diagnostics.length > 0, since);
      assert.equal(problems.diagnostics[0].range.start.line, 2);
      assert.match(problems.diagnostics[0].message, /local-pack\.json/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  test('codingNotes.rules from the editor overrides the config file', async () => {
    const project = tempFolder();
    try {
      writeFileSync(join(project, '.codingnotes.json'), JSON.stringify({ rules: { 'ipg369/diagnosis-code': 'off' } }));
      const uri = writeNote(project, 'note.codingnote', MISSING_CODES);
      open(client, uri, MISSING_CODES);
      assert.deepEqual(rulesOf((await client.diagnostics(uri)).diagnostics), ['ipg369/cryotherapy-code', 'ipg369/image-control-code']);

      const since = client.mark;
      editorSection = { rules: { 'ipg369/diagnosis-code': 'warning', 'ipg369/cryotherapy-code': 'hint', 'ipg369/image-control-code': 'off' } };
      client.notify('workspace/didChangeConfiguration', { settings: null });
      const overridden = await client.diagnostics(
        uri,
        (p) => p.diagnostics.length === 2 && p.diagnostics.some((d) => d.code === 'ipg369/diagnosis-code'),
        since,
      );
      const severity = Object.fromEntries(overridden.diagnostics.map((d) => [d.code, d.severity]));
      assert.deepEqual(severity, { 'ipg369/cryotherapy-code': 4, 'ipg369/diagnosis-code': 2 });
    } finally {
      editorSection = {};
      client.notify('workspace/didChangeConfiguration', { settings: null });
      rmSync(project, { recursive: true, force: true });
    }
  });

  test("clears a document's diagnostics when it closes", async () => {
    const uri = writeNote(folder, 'closed.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    assert.equal((await client.diagnostics(uri)).diagnostics.length, 3);
    const since = client.mark;
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.diagnostics(uri, () => true, since);
    assert.deepEqual(cleared.diagnostics, []);
  });

  test('an untitled note is checked with the defaults', async () => {
    const uri = 'untitled:Untitled-1';
    open(client, uri, MISSING_CODES);
    assert.equal((await client.diagnostics(uri)).diagnostics.length, 3);
  });

  test('a failing request gets an empty answer, is logged without note text, and the server keeps serving', async () => {
    const uri = writeNote(folder, 'robust.codingnote', MISSING_CODES);
    open(client, uri, MISSING_CODES);
    await client.diagnostics(uri);
    const since = client.mark;
    // A malformed request (no context) makes the handler throw.
    const answer = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: null,
    });
    assert.deepEqual(answer, []);
    const logged = await client.waitFor('window/logMessage', (p: any) => /code actions failed/.test(p.message), since);
    assert.equal(logged.type, 1);
    assert.doesNotMatch(logged.message, /T-0001|cryotherapy/);
    // Requests about documents the server does not have are answered emptily.
    assert.deepEqual(
      await client.request('textDocument/codeAction', {
        textDocument: { uri: 'file:///nowhere.codingnote' },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      }),
      [],
    );
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 9 } });
    assert.ok(hover, 'still answering');
  });

  test('shuts down and exits cleanly', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});

describe('language server with pushed settings and no trust', () => {
  test('takes codingNotes.rules from didChangeConfiguration when the client cannot be asked', async () => {
    const folder = tempFolder();
    const { client } = await startServer({ initializationOptions: { trusted: true, synchronizes: true } });
    try {
      const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
      open(client, uri, MISSING_CODES);
      assert.equal((await client.diagnostics(uri)).diagnostics.length, 3);
      const since = client.mark;
      client.notify('workspace/didChangeConfiguration', {
        settings: { codingNotes: { rules: { 'ipg369/cryotherapy-code': 'off', 'ipg369/diagnosis-code': 'loud' } } },
      });
      const after = await client.diagnostics(uri, () => true, since);
      assert.deepEqual(rulesOf(after.diagnostics), ['ipg369/image-control-code', 'ipg369/diagnosis-code']);
      // The bad value is ignored, and said so in the log.
      assert.ok(client.received('window/logMessage').some((m: any) => /ipg369\/diagnosis-code/.test(m.message)));
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('does not load workspace packs in an untrusted workspace', async () => {
    const folder = tempFolder();
    const configPath = join(folder, '.codingnotes.json');
    writeFileSync(configPath, JSON.stringify({ packs: ['./local-pack.json'], rules: { 'ipg369/diagnosis-code': 'off' } }));
    const { client } = await startServer({ initializationOptions: { trusted: false } });
    try {
      const uri = writeNote(folder, 'note.codingnote', MISSING_CODES);
      open(client, uri, MISSING_CODES);
      // The config's rules still apply...
      assert.deepEqual(rulesOf((await client.diagnostics(uri)).diagnostics), ['ipg369/cryotherapy-code', 'ipg369/image-control-code']);
      // ...but the pack was never read, so there is nothing to report about it. Messages
      // arrive in order, so once this answer is in, any such report would be too.
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      const configUri = pathToFileURL(configPath).href;
      assert.equal(client.latestDiagnostics(configUri), undefined);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('a client that does not show related information', () => {
  test('gets the places a message refers to in the message, as the text report writes them', async () => {
    const folder = tempFolder();
    const { client } = await startServer({ initializationOptions: { trusted: true, synchronizes: true } });
    try {
      const text = 'Episode: R-1\nApproach: open\nOPCS-4: J12.8, J12.8\n';
      const uri = writeNote(folder, 'repeats.codingnote', text);
      open(client, uri, text);
      const [repeat] = (await client.diagnostics(uri)).diagnostics.filter((d) => d.code === 'code/duplicate');
      assert.equal(repeat.message, 'J12.8 is already listed earlier; each code is coded once. (line 3: J12.8 first listed here)');
      assert.equal(repeat.relatedInformation, undefined);
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('language server over node IPC (how the VS Code client starts it)', () => {
  test('answers initialize and publishes diagnostics', async () => {
    const child = fork(join(process.cwd(), 'dist', 'server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const messages: any[] = [];
    const arrived = (test: (m: any) => boolean) =>
      new Promise<any>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer over IPC (the server may hang)')), 20_000);
        const check = () => {
          const hit = messages.find(test);
          if (hit) {
            clearTimeout(timer);
            resolve(hit);
          } else child.once('message', check);
        };
        check();
      });
    child.on('message', (m) => messages.push(m));
    try {
      child.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
      const init = await arrived((m) => m.id === 1);
      assert.equal(init.result.capabilities.hoverProvider, true);
      child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
      child.send({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri: 'untitled:ipc', languageId: 'coding-note', version: 1, text: MISSING_CODES } },
      });
      const published = await arrived((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === 'untitled:ipc');
      assert.equal(published.params.diagnostics.length, 3);
      child.send({ jsonrpc: '2.0', id: 2, method: 'shutdown', params: null });
      await arrived((m) => m.id === 2);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.send({ jsonrpc: '2.0', method: 'exit', params: null });
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });
});

describe('extension manifest', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

  test('contributes the language, grammar, settings, commands and config schema it names', () => {
    const contributes = pkg.contributes;
    assert.equal(pkg.main, './dist/client.js');
    assert.deepEqual(pkg.activationEvents, ['onLanguage:coding-note']);
    assert.deepEqual(contributes.languages[0].extensions, ['.codingnote']);
    assert.equal(contributes.grammars[0].scopeName, 'source.codingnote');
    assert.deepEqual(contributes.configuration.properties['codingNotes.rules'].additionalProperties.enum, ['error', 'warning', 'information', 'hint', 'off']);
    assert.deepEqual(contributes.commands.map((c: any) => c.command).sort(), [
      'codingNotes.checkWorkspace',
      'codingNotes.fixAll',
      'codingNotes.openAuditReport',
      'codingNotes.openNote',
      'codingNotes.restartServer',
      'codingNotes.showRuleDocumentation',
    ]);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const path of [contributes.jsonValidation[0].url, contributes.grammars[0].path, contributes.languages[0].configuration]) {
      assert.ok(existsSync(path), `${path} exists`);
    }
  });

  test('the config schema knows every built-in rule and every severity', () => {
    const schema = JSON.parse(readFileSync('schemas/codingnotes.schema.json', 'utf8'));
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), [...engine.ruleIds].sort());
    assert.deepEqual(schema.definitions.severity.enum, ['error', 'warning', 'information', 'hint', 'off']);
    assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', 'classifications', 'guidance', 'packs', 'requireSuppressionReason', 'rules']);
  });
});

describe('minimal edits for fix-all', () => {
  const applyOffsets = (text: string, edits: { start: number; end: number; newText: string }[]) => {
    let out = '';
    let cursor = 0;
    for (const e of edits) {
      assert.ok(e.start >= cursor && e.end >= e.start, 'edits are in order and do not overlap');
      out += text.slice(cursor, e.start) + e.newText;
      cursor = e.end;
    }
    return out + text.slice(cursor);
  };
  const line = fc.constantFrom('OPCS-4: J12.8', 'OPCS-4: J12.8, Y13.2', '  Y53.2', '# comment', '', 'ICD-10: C78.7', 'x\uD83D\uDE00y');
  const eol = fc.constantFrom('\n', '\r\n', '\r');
  const text = fc.array(fc.tuple(line, eol), { maxLength: 12 }).map((parts) => parts.map(([l, e]) => l + e).join(''));

  test('applying the edits gives the new text, and no edit splits a line end or a character', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const edits = diffTexts(before, after);
        assert.equal(applyOffsets(before, edits), after);
        for (const e of edits) {
          for (const at of [e.start, e.end]) {
            assert.ok(!(before[at - 1] === '\r' && before[at] === '\n'), 'not inside a CRLF');
            assert.ok(!/[\uD800-\uDBFF]/.test(before[at - 1] ?? '') || !/[\uDC00-\uDFFF]/.test(before[at] ?? ''), 'not inside a surrogate pair');
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  test('a one-character fix is a one-character edit', () => {
    assert.deepEqual(diffTexts('Aproach: open\nOPCS-4: J03.2\n', 'Approach: open\nOPCS-4: J03.2\n'), [{ start: 2, end: 2, newText: 'p' }]);
    assert.deepEqual(diffTexts('same', 'same'), []);
  });
});
