// The client side of the editor features: the language status item (the
// configuration in force, the counts, a warning when a check is slower than
// `codingNotes.statusBudgetMs`), and the commands "Check all notes in the
// workspace", "Show rule documentation" and "Open audit report" (a webview of
// the report's HTML, which loads nothing from anywhere). The server does the work.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AUDIT_REPORT, CHECK_WORKSPACE, RULES, STATUS } from '../../protocol/protocol';
import type { AuditReportResult, RuleInfo, RulesParams, StatusParams as Status, WorkspaceCheckResult } from '../../protocol/protocol';

const LANGUAGE = 'coding-note';
const SOURCE = 'coding-notes';
const DEFAULT_BUDGET_MS = 200;

/** Registers the status item and the commands; call before `client.start()` (handlers survive restarts). */
export function registerEditorFeatures(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.languages.createLanguageStatusItem('codingNotes.status', { language: LANGUAGE });
  item.name = 'Clinical Coding Notes';
  item.text = 'Coding Notes';
  const statuses = new Map<string, Status>();
  // A second item: the code tables in force (an official release's version, or the bundled subset).
  const tables = vscode.languages.createLanguageStatusItem('codingNotes.classifications', { language: LANGUAGE });
  tables.name = 'Clinical Coding Notes: code tables';
  tables.text = 'Code tables';

  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== LANGUAGE) return;
    const status = statuses.get(document.uri.toString());
    if (!status) {
      item.busy = true;
      item.text = 'Coding Notes';
      item.detail = 'checking…';
      item.severity = vscode.LanguageStatusSeverity.Information;
      return;
    }
    item.busy = false;
    const releases = status.releases ?? [];
    tables.text = releases.length ? releases.map((r) => r.label).join(' · ') : 'Bundled code tables';
    tables.detail = releases.length
      ? releases.map((r) => `${r.codes.toLocaleString('en-GB')} codes from ${r.file ?? 'a release file'}`).join('; ')
      : 'no release file configured (classifications in .codingnotes.json): only the bundled subset';
    tables.command = status.configFile ? { title: 'Open configuration', command: 'vscode.open', arguments: [vscode.Uri.file(status.configFile)] } : undefined;
    const budget = vscode.workspace.getConfiguration('codingNotes', document.uri).get<number>('statusBudgetMs', DEFAULT_BUDGET_MS);
    const { error, warning, information, hint } = status.counts;
    const counts = [count(error, 'error'), count(warning, 'warning')];
    if (information + hint) counts.push(count(information + hint, 'note', 'notes'));
    const config = status.configFile ? `${vscode.workspace.asRelativePath(status.configFile)} in force` : 'no .codingnotes.json: the defaults';
    const slow = status.durationMs > budget;
    item.text = `${slow ? '$(watch) ' : ''}${counts.join(', ')}`;
    item.detail = slow ? `the check took ${status.durationMs} ms (budget ${budget} ms); ${config}` : config;
    item.severity = slow ? vscode.LanguageStatusSeverity.Warning : error ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    item.command = status.configFile
      ? { title: 'Open configuration', command: 'vscode.open', arguments: [vscode.Uri.file(status.configFile)] }
      : { title: 'Check workspace', command: 'codingNotes.checkWorkspace' };
  };

  context.subscriptions.push(
    item,
    tables,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidCloseTextDocument((d) => statuses.delete(d.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('codingNotes.statusBudgetMs')) update();
    }),
    vscode.commands.registerCommand('codingNotes.checkWorkspace', () => checkWorkspace(client)),
    vscode.commands.registerCommand('codingNotes.showRuleDocumentation', (ruleId?: unknown) => showRuleDocumentation(client, ruleId)),
    vscode.commands.registerCommand('codingNotes.openAuditReport', () => openAuditReport(context, client)),
    vscode.commands.registerCommand('codingNotes.openNote', openNote),
    client.onNotification(STATUS, (status: Status) => {
      statuses.set(status.uri, status);
      update();
    }),
  );
  update();
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.toString());
}

async function checkWorkspace(client: LanguageClient): Promise<void> {
  const roots = folders();
  if (!roots.length) {
    void vscode.window.showInformationMessage('Open a folder to check all of its coding notes.');
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Checking coding notes' },
    () => client.sendRequest<WorkspaceCheckResult>(CHECK_WORKSPACE, { folders: roots }),
  );
  for (const p of result.problems) void vscode.window.showWarningMessage(`Coding Notes: ${p}`);
  void vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(
    `Checked ${count(result.files, 'file')}, ${count(result.notes, 'note')}: ${count(result.error, 'error')}, ${count(result.warning, 'warning')}.`,
  );
}

async function showRuleDocumentation(client: LanguageClient, ruleId: unknown): Promise<void> {
  const rules = await client.sendRequest<RuleInfo[]>(RULES, { uri: vscode.window.activeTextEditor?.document.uri.toString() } satisfies RulesParams);
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    // The rules reported where the cursor is come first.
    const editor = vscode.window.activeTextEditor;
    const here = editor
      ? vscode.languages
          .getDiagnostics(editor.document.uri)
          .filter((d) => d.source === SOURCE && d.range.contains(editor.selection.active))
          .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)))
      : [];
    const unique = [...new Set(here)];
    if (unique.length === 1) id = unique[0];
    else {
      const ordered = [...rules.filter((r) => unique.includes(r.id)), ...rules.filter((r) => !unique.includes(r.id))];
      const picked = await vscode.window.showQuickPick(
        ordered.map((r) => ({ label: r.id, description: r.severity, detail: r.summary })),
        { placeHolder: 'Which rule?', matchOnDetail: true },
      );
      id = picked?.label;
    }
  }
  const rule = rules.find((r) => r.id === id);
  if (!rule) return;
  const uri = vscode.Uri.parse(rule.docsUrl);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.commands.executeCommand('vscode.open', uri);
  }
}

async function openAuditReport(context: vscode.ExtensionContext, client: LanguageClient): Promise<void> {
  const roots = folders();
  if (!roots.length) {
    void vscode.window.showInformationMessage('Open a folder to report on its coding notes.');
    return;
  }
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Building the coding audit' },
    () => client.sendRequest<AuditReportResult>(AUDIT_REPORT, { folders: roots }),
  );
  const panel = vscode.window.createWebviewPanel('codingNotes.auditReport', 'Coding audit', vscode.ViewColumn.Active, {
    // No script, no local or remote resource; the only commands a link may run open a note.
    enableScripts: false,
    enableCommandUris: ['codingNotes.openNote'],
    localResourceRoots: [],
  });
  panel.webview.html = report.html;
  context.subscriptions.push(panel);
}

async function openNote(uri: unknown, line: unknown): Promise<void> {
  if (typeof uri !== 'string') return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const at = new vscode.Position(typeof line === 'number' ? line : 0, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
}
