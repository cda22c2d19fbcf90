/// <reference types="mocha" />
// Extension-host tests: the extension as VS Code's API sees it. The workspace is a folder with
// the notes of test/exthost/notes.ts, written by whoever starts the run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Engine } from '../../../server/src/core/engine';
import { FIX_KINDS } from '../../../server/src/core/types';
import { fixAllMessage } from '../../../protocol/fix-all';
import type { FixAllSummary } from '../../../protocol/protocol';

const engine = new Engine();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function uriOf(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uriOf(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function rulesOn(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'coding-notes')
    .map(ruleOf);
}

function positionAfter(doc: vscode.TextDocument, text: string): vscode.Position {
  const at = doc.getText().indexOf(text);
  assert.ok(at >= 0, `${text} in ${doc.uri.path}`);
  return doc.positionAt(at + text.length);
}

describe('Clinical Coding Notes in the extension host', () => {
  it('opens .codingnote files as the coding-note language and activates the extension', async () => {
    const doc = await open('problems.codingnote');
    assert.equal(doc.languageId, 'coding-note');
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'clinical-coding-notes');
    assert.ok(ext, 'the extension is installed');
    await until('the extension active', () => ext.isActive);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('codingNotes.fixAll') && commands.includes('codingNotes.restartServer'));
  });

  it("publishes the engine's diagnostics, with rule ids and links to the rule pages", async () => {
    const doc = await open('problems.codingnote');
    const expected = engine.check(doc.getText()).findings.map((f) => f.rule);
    assert.ok(expected.includes('ipg369/cryotherapy-code'));
    const got = await until('diagnostics', () => {
      const r = rulesOn(doc.uri);
      return r.length === expected.length ? r : null;
    });
    assert.deepEqual(got, expected);
    const d = vscode.languages.getDiagnostics(doc.uri)[0];
    assert.ok(typeof d.code === 'object' && d.code.target.path.endsWith('.md'), 'the rule id links to its page');
  });

  it('pulls a long file in parts: all the collections together hold what the engine finds, after an edit too', async () => {
    // 300 notes: their diagnostics fall in every part the server registers (one collection each in the client).
    const one = (await open('problems.codingnote')).getText().trimEnd();
    const content = Array.from({ length: 300 }, () => one).join('\n---\n') + '\n';
    const doc = await vscode.workspace.openTextDocument({ language: 'coding-note', content });
    await vscode.window.showTextDocument(doc);
    const key = (line: number, character: number, rule: string) => `${line}:${character} ${rule}`;
    const expected = () =>
      engine
        .check(doc.getText())
        .findings.map((f) => key(f.range.start.line, f.range.start.character, f.rule))
        .sort();
    const settled = (want: string[]) =>
      until(
        `${want.length} diagnostics`,
        () => {
          const got = vscode.languages
            .getDiagnostics(doc.uri)
            .filter((d) => d.source === 'coding-notes')
            .map((d) => key(d.range.start.line, d.range.start.character, ruleOf(d)))
            .sort();
          return JSON.stringify(got) === JSON.stringify(want);
        },
        60_000,
      );
    const before = expected();
    assert.ok(before.length >= 300, `${before.length} findings`);
    await settled(before);
    // An x typed at the start of a line in the middle: one part changes, the rest stay as they were.
    const line = Math.floor(doc.lineCount / 2);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(line, 0), 'x');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = expected();
    assert.notDeepEqual(after, before, 'the edit changes the findings');
    await settled(after);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('completes Y13.2 first after the main code, with its title', async () => {
    const doc = await open('complete.codingnote');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      positionAfter(doc, 'OPCS-4: J12.8, '),
    );
    const items = [...list.items].sort((a, b) => (a.sortText ?? String(a.label)).localeCompare(b.sortText ?? String(b.label)));
    const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
    assert.equal(label(items[0]), 'Y13.2');
    assert.equal(items[0].detail, 'Cryotherapy to lesion of organ NOC');
  });

  it('explains a code on hover', async () => {
    const doc = await open('hover.codingnote');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionAfter(doc, 'ICD-10: C7'));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Secondary malignant neoplasm of liver and intrahepatic bile duct/);
  });

  it('offers a quick fix that rewrites a malformed code', async () => {
    const doc = await open('quickfix.codingnote');
    await until('the malformed-code diagnostic', () => rulesOn(doc.uri).includes('code/malformed'));
    const start = positionAfter(doc, 'ICD-10: ');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      new vscode.Range(start, start.translate(0, 4)),
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.includes('C78.7'));
    assert.ok(fix?.edit, `a fix to C78.7 among ${actions.map((a) => a.title).join(' / ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /^ICD-10: C78\.7$/m);
    await until('the diagnostic gone', () => !rulesOn(doc.uri).includes('code/malformed'));
  });

  it('fixes every auto-fixable problem with the Fix All command, as the engine does', async () => {
    const doc = await open('save.codingnote');
    const expected = engine.fixAll(doc.getText()).text;
    assert.notEqual(expected, doc.getText());
    await until('diagnostics', () => rulesOn(doc.uri).length > 0);
    await vscode.commands.executeCommand('codingNotes.fixAll');
    assert.equal(doc.getText(), expected);
  });

  it('leaves a change for a click, says so, and applies it when codingNotes.fixAll.kinds asks', async () => {
    const doc = await open('change.codingnote');
    const before = doc.getText();
    await until('diagnostics', () => rulesOn(doc.uri).includes('ipg369/procedure-code'));
    const summary = await vscode.commands.executeCommand<FixAllSummary>('codingNotes.fixAll');
    assert.equal(doc.getText(), before, 'the default fix-all replaces no code');
    assert.equal(summary?.waiting.change, 1, 'the replacement waits for a click');
    assert.equal(fixAllMessage(summary!), 'Coding Notes: nothing to fix automatically; 1 change fix waits for a click');
    const config = vscode.workspace.getConfiguration('codingNotes', doc.uri);
    await config.update('fixAll.kinds', ['reading', 'layout', 'insert', 'change'], vscode.ConfigurationTarget.Workspace);
    try {
      await sleep(500);
      const all = await vscode.commands.executeCommand<FixAllSummary>('codingNotes.fixAll');
      assert.equal(all?.applied.change, 1);
      assert.equal(doc.getText(), engine.fixAll(before, {}, { kinds: FIX_KINDS }).text);
      assert.ok(doc.getText().includes('OPCS-4: J03.2, Y13.2'));
    } finally {
      await config.update('fixAll.kinds', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('drops a rule switched off in codingNotes.rules', async () => {
    const doc = await open('problems.codingnote');
    await until('ipg369/diagnosis-code', () => rulesOn(doc.uri).includes('ipg369/diagnosis-code'));
    const config = vscode.workspace.getConfiguration('codingNotes', doc.uri);
    await config.update('rules', { 'ipg369/diagnosis-code': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await until('ipg369/diagnosis-code gone', () => {
        const r = rulesOn(doc.uri);
        return !r.includes('ipg369/diagnosis-code') && r.includes('ipg369/cryotherapy-code');
      });
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
