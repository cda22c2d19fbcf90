// Fix-all in the language server: `codingNotes.fixAll.kinds` decides which kinds
// of preferred fix the `source.fixAll.coding-notes` action applies, the
// `codingNotes/fixAll` request says how many of each it applied (the client's
// status-bar message), and a `change` quick fix says that it changes a code.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../server/src/core/engine';
import { FIX_KINDS } from '../server/src/core/types';
import { readEditorSettings } from '../server/src/lsp/settings';
import { fixAllMessage } from '../protocol/fix-all';
import { FIX_ALL_REQUEST } from '../protocol/protocol';
import type { FixAllResult } from '../protocol/protocol';
import { LspClient } from './helpers/lsp-client';

const engine = new Engine();
const ALL = ['reading', 'layout', 'insert', 'change'];

// Open approach, percutaneous main code: replacing J12.8 with J03.2 is a preferred `change` fix.
// C787 is a slip (`reading`), Y13.2 is missing (`insert`).
const OPEN_WITH_J128 = [
  'Episode: T-0100',
  'Guidance: IPG369',
  'Procedure: Open cryotherapy to liver metastases',
  'Approach: open',
  'OPCS-4: J12.8',
  'ICD-10: C787',
  '',
].join('\n');

const DEFAULT_FIXED = OPEN_WITH_J128.replace('OPCS-4: J12.8', 'OPCS-4: J12.8, Y13.2').replace('C787', 'C78.7');
const ALL_FIXED = OPEN_WITH_J128.replace('OPCS-4: J12.8', 'OPCS-4: J03.2, Y13.2').replace('C787', 'C78.7');

function applyLspEdits(text: string, edits: { range: any; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'coding-note', 1, text), edits);
}

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } };

describe('fix-all kinds, counts and change-fix titles over stdio', () => {
  let client: LspClient;
  let editorSection: unknown = {};
  let version = 1;

  const open = (uri: string, text: string) => client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version: 1, text } });
  const setSection = (section: unknown) => {
    editorSection = section;
    client.notify('workspace/didChangeConfiguration', { settings: null });
  };
  const fixAllAction = async (uri: string): Promise<any | undefined> => {
    const actions: any[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: WHOLE,
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.ok(actions.length <= 1);
    return actions[0];
  };
  const fixedBy = async (uri: string, text: string): Promise<string> => {
    const action = await fixAllAction(uri);
    return action ? applyLspEdits(text, action.edit.changes[uri]) : text;
  };

  before(async () => {
    client = new LspClient();
    client.onRequest('workspace/configuration', (params) => params.items.map((item: any) => (item.section === 'codingNotes' ? editorSection : null)));
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { trusted: true },
    });
    client.notify('initialized', {});
  });

  after(async () => {
    await client.shutdown().catch(() => undefined);
    client.kill();
  });

  test('by default fix-all leaves a change fix undone; with "change" in codingNotes.fixAll.kinds it applies it', async () => {
    const uri = `untitled:fixall-${version++}`;
    open(uri, OPEN_WITH_J128);
    await client.diagnostics(uri);
    assert.equal(await fixedBy(uri, OPEN_WITH_J128), DEFAULT_FIXED);
    assert.equal(DEFAULT_FIXED, engine.fixAll(OPEN_WITH_J128).text);

    setSection({ fixAll: { kinds: ALL } });
    try {
      assert.equal(await fixedBy(uri, OPEN_WITH_J128), ALL_FIXED);
      assert.equal(ALL_FIXED, engine.fixAll(OPEN_WITH_J128, {}, { kinds: FIX_KINDS }).text);
    } finally {
      setSection({});
    }
    assert.equal(await fixedBy(uri, OPEN_WITH_J128), DEFAULT_FIXED, 'back to the default');
  });

  test('invalid entries of codingNotes.fixAll.kinds are ignored (and logged); the valid ones apply', async () => {
    const uri = `untitled:fixall-${version++}`;
    open(uri, OPEN_WITH_J128);
    await client.diagnostics(uri);
    setSection({ fixAll: { kinds: ['change', 'bogus', 3, 'reading'] } });
    try {
      // Reading and change, not insert: J03.2 and C78.7, and no Y13.2.
      assert.equal(await fixedBy(uri, OPEN_WITH_J128), OPEN_WITH_J128.replace('J12.8', 'J03.2').replace('C787', 'C78.7'));
      const logged = client.received('window/logMessage').map((m: any) => m.message);
      assert.ok(
        logged.some((m: string) => /codingNotes\.fixAll\.kinds: "bogus"/.test(m)),
        `logged: ${logged.join(' | ')}`,
      );
      // Not a list at all: the default.
      setSection({ fixAll: { kinds: 'change' } });
      assert.equal(await fixedBy(uri, OPEN_WITH_J128), DEFAULT_FIXED);
      // An empty list: fix-all applies nothing, so there is no action.
      setSection({ fixAll: { kinds: [] } });
      assert.equal(await fixAllAction(uri), undefined);
    } finally {
      setSection({});
    }
  });

  test('codingNotes/fixAll answers the edits with how many fixes of each kind it applied and how many wait', async () => {
    const uri = `untitled:fixall-${version++}`;
    open(uri, OPEN_WITH_J128);
    await client.diagnostics(uri);
    const result: FixAllResult = await client.request(FIX_ALL_REQUEST, { textDocument: { uri } });
    assert.equal(result.version, 1);
    assert.equal(applyLspEdits(OPEN_WITH_J128, result.edits), DEFAULT_FIXED);
    assert.deepEqual(result.summary, {
      kinds: ['reading', 'layout', 'insert'],
      applied: { reading: 1, layout: 0, insert: 1, change: 0 },
      waiting: { reading: 0, layout: 0, insert: 0, change: 1 },
    });
    assert.equal(fixAllMessage(result.summary), 'Coding Notes: applied 2 fixes (1 reading, 1 insert); 1 change fix waits for a click');
    // The counts are the engine's records of the same fix-all.
    const records = engine.fixAll(OPEN_WITH_J128).records;
    for (const kind of FIX_KINDS) assert.equal(result.summary.applied[kind], records.filter((r) => r.kind === kind).length, kind);

    setSection({ fixAll: { kinds: ALL } });
    try {
      const all: FixAllResult = await client.request(FIX_ALL_REQUEST, { textDocument: { uri } });
      assert.equal(applyLspEdits(OPEN_WITH_J128, all.edits), ALL_FIXED);
      assert.deepEqual(all.summary.applied, { reading: 1, layout: 0, insert: 1, change: 1 });
      assert.deepEqual(all.summary.waiting, { reading: 0, layout: 0, insert: 0, change: 0 });
      assert.equal(fixAllMessage(all.summary), 'Coding Notes: applied 3 fixes (1 reading, 1 insert, 1 change)');
    } finally {
      setSection({});
    }

    // Once the default fixes are in, only the change fix is left: nothing to apply, one waiting.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: DEFAULT_FIXED }] });
    const rest: FixAllResult = await client.request(FIX_ALL_REQUEST, { textDocument: { uri } });
    assert.equal(rest.version, 2);
    assert.deepEqual(rest.edits, []);
    assert.equal(fixAllMessage(rest.summary), 'Coding Notes: nothing to fix automatically; 1 change fix waits for a click');
    // A document the server does not have gets null.
    assert.equal(await client.request(FIX_ALL_REQUEST, { textDocument: { uri: 'untitled:nowhere' } }), null);
  });

  test('a change quick fix says that it changes a code; reading, insert and value fixes keep the core title', async () => {
    const text = OPEN_WITH_J128.replace('ICD-10: C787', 'ICD-10: C787\nImage control: sideways');
    const uri = `untitled:fixall-${version++}`;
    open(uri, text);
    const { diagnostics } = await client.diagnostics(uri);
    const actions: any[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: WHOLE, context: { diagnostics } });
    const titles = actions.map((a) => a.title);
    const byRule = (rule: string) => actions.filter((a) => a.diagnostics?.[0]?.code === rule && !a.title.startsWith('Disable '));

    const change = byRule('ipg369/procedure-code');
    assert.equal(change.length, 1, titles.join(' | '));
    assert.equal(change[0].title, 'Replace J12.8 with J03.2 Destruction of lesion of liver NEC (changes a code)');
    assert.equal(change[0].isPreferred, true, 'a change fix stays preferred: a click applies it');

    const core = engine.check(text).findings;
    const coreTitle = (rule: string) => core.find((f) => f.rule === rule)!.fixes.map((f) => f.title);
    assert.deepEqual(
      byRule('ipg369/cryotherapy-code').map((a) => a.title),
      coreTitle('ipg369/cryotherapy-code'),
    );
    assert.deepEqual(
      byRule('code/malformed').map((a) => a.title),
      ['Change to C78.7'],
    );
    // `Image control: sideways` → another value: a change fix, but it changes no code.
    const values = byRule('syntax/invalid-value');
    assert.ok(values.length > 1, titles.join(' | '));
    assert.deepEqual(
      values.map((a) => a.title),
      coreTitle('syntax/invalid-value'),
    );
    assert.ok(values.every((a) => !a.title.includes('(changes a code)')));
  });

  test('"Disable RULE for this line" is never part of fix-all', async () => {
    const uri = `untitled:fixall-${version++}`;
    open(uri, OPEN_WITH_J128);
    const { diagnostics } = await client.diagnostics(uri);
    const quick: any[] = await client.request('textDocument/codeAction', { textDocument: { uri }, range: WHOLE, context: { diagnostics } });
    const disables = quick.filter((a) => a.title.startsWith('Disable '));
    assert.ok(disables.length > 0);
    for (const d of disables) assert.equal(d.isPreferred, false, d.title);

    setSection({ fixAll: { kinds: ALL } });
    try {
      const action = await fixAllAction(uri);
      const edits: { newText: string }[] = action.edit.changes[uri];
      assert.ok(
        edits.every((e) => !/coding-notes-disable/.test(e.newText)),
        JSON.stringify(edits),
      );
      const result: FixAllResult = await client.request(FIX_ALL_REQUEST, { textDocument: { uri } });
      assert.doesNotMatch(applyLspEdits(OPEN_WITH_J128, result.edits), /coding-notes-disable/);
    } finally {
      setSection({});
    }
    // Asking for quick fixes and fix-all together: the source action is the fix-all only.
    const both: any[] = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: WHOLE,
      context: { diagnostics, only: ['quickfix', 'source.fixAll'] },
    });
    const source = both.filter((a) => a.kind === 'source.fixAll.coding-notes');
    assert.equal(source.length, 1);
    assert.doesNotMatch(applyLspEdits(OPEN_WITH_J128, source[0].edit.changes[uri]), /coding-notes-disable/);
  });
});

describe('codingNotes.fixAll.kinds, read from the editor settings', () => {
  test('the default, a full list, invalid entries dropped, a non-list ignored', () => {
    assert.deepEqual(readEditorSettings({}).settings.fixAllKinds, ['reading', 'layout', 'insert']);
    assert.deepEqual(readEditorSettings({ fixAll: { kinds: ['change', 'reading', 'insert', 'layout'] } }).settings.fixAllKinds, ALL);
    const mixed = readEditorSettings({ fixAll: { kinds: ['insert', 'all', null, 'insert'] } });
    assert.deepEqual(mixed.settings.fixAllKinds, ['insert']);
    assert.equal(mixed.ignored.length, 2);
    const notList = readEditorSettings({ fixAll: { kinds: 'change' } });
    assert.deepEqual(notList.settings.fixAllKinds, ['reading', 'layout', 'insert']);
    assert.equal(notList.ignored.length, 1);
    assert.deepEqual(readEditorSettings({ fixAll: { kinds: [] } }).settings.fixAllKinds, []);
  });

  test('the manifest contributes the setting with the kinds and the default', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const setting = pkg.contributes.configuration.properties['codingNotes.fixAll.kinds'];
    assert.equal(setting.type, 'array');
    assert.equal(setting.scope, 'resource');
    assert.deepEqual(setting.items.enum, FIX_KINDS);
    assert.deepEqual(setting.default, ['reading', 'layout', 'insert']);
  });
});

describe('the fix-all status-bar message', () => {
  const counts = (c: Partial<Record<string, number>>) => ({ reading: 0, layout: 0, insert: 0, change: 0, ...c });
  const message = (applied: Partial<Record<string, number>>, waiting: Partial<Record<string, number>> = {}) =>
    fixAllMessage({ kinds: ['reading', 'layout', 'insert'], applied: counts(applied), waiting: counts(waiting) });

  test('counts per kind, singular and plural', () => {
    assert.equal(message({ reading: 2, insert: 1 }, { change: 1 }), 'Coding Notes: applied 3 fixes (2 reading, 1 insert); 1 change fix waits for a click');
    assert.equal(message({ layout: 1 }), 'Coding Notes: applied 1 fix (1 layout)');
    assert.equal(message({}, { change: 2 }), 'Coding Notes: nothing to fix automatically; 2 change fixes wait for a click');
    assert.equal(message({ reading: 1 }, { insert: 1, change: 2 }), 'Coding Notes: applied 1 fix (1 reading); 3 fixes wait for a click (1 insert, 2 change)');
    assert.equal(message({}), 'Coding Notes: nothing to fix automatically');
  });
});
