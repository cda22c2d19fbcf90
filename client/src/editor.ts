// The client side of the editor features: the language status item (the
// configuration in force, the counts, a warning when a check is slower than
// `codingNotes.statusBudgetMs`), and the commands "Check all notes in the
// workspace", "Show rule documentation" and "Open audit report" (a webview of
// the report's HTML, which loads nothing from anywhere). The server does the work.

import * as vscode from 'vscode';
import { WorkDoneProgress } from 'vscode-languageclient/node';
import type { LanguageClient, WorkDoneProgressBegin, WorkDoneProgressReport, WorkDoneProgressEnd } from 'vscode-languageclient/node';
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

/** Tokens of the workspace checks' progress: one per run. */
let checkRuns = 0;

/**
 * Checks every note of the workspace folders, with a progress notification
 * ("120 of 800 files") whose Cancel stops the check, then says what it found,
 * and in one warning how many files it could not check (the list goes to the
 * output channel on request, not one pop-up each).
 */
async function checkWorkspace(client: LanguageClient): Promise<void> {
  const roots = folders();
  if (!roots.length) {
    void vscode.window.showInformationMessage('Open a folder to check all of its coding notes.');
    return;
  }
  const workDoneToken = `codingNotes.checkWorkspace.${++checkRuns}`;
  let result: WorkspaceCheckResult | undefined;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Coding Notes: checking the workspace', cancellable: true },
      async (progress, cancel) => {
        let shown = 0;
        const listener = client.onProgress(
          WorkDoneProgress.type,
          workDoneToken,
          (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
            if (value.kind === 'end') return;
            // VS Code adds up increments; the server sends the percentage done.
            const increment = value.percentage !== undefined && value.percentage > shown ? value.percentage - shown : undefined;
            if (increment !== undefined) shown += increment;
            progress.report({ message: value.message, increment });
          },
        );
        try {
          return await client.sendRequest<WorkspaceCheckResult>(CHECK_WORKSPACE, { folders: roots, workDoneToken }, cancel);
        } catch (e) {
          if (cancel.isCancellationRequested) return undefined; // stopped by its Cancel button
          throw e;
        } finally {
          listener.dispose();
        }
      },
    );
  } catch (e) {
    void vscode.window.showErrorMessage(`Coding Notes: the workspace check failed: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (!result || result.cancelled) {
    vscode.window.setStatusBarMessage(`Coding Notes: workspace check stopped${result ? ` after ${count(result.files, 'file')}` : ''}`, 5000);
    return;
  }
  void vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(
    `Checked ${count(result.files, 'file')}, ${count(result.notes, 'note')}: ${count(result.error, 'error')}, ${count(result.warning, 'warning')}.`,
  );
  if (result.problems.length) void reportNotChecked(client, result);
}

/** One warning for everything the workspace check could not check; its button lists them in the output channel. */
async function reportNotChecked(client: LanguageClient, result: WorkspaceCheckResult): Promise<void> {
  const notChecked = result.notChecked ?? result.problems.length;
  const message = notChecked
    ? `Coding Notes: ${count(notChecked, 'file', 'files')} could not be checked.`
    : `Coding Notes: the workspace check left out ${count(result.problems.length, 'thing', 'things')} (links it did not follow).`;
  const show = 'Show List';
  if ((await vscode.window.showWarningMessage(message, show)) !== show) return;
  const channel = client.outputChannel;
  channel.appendLine(`Workspace check, ${new Date().toLocaleString('en-GB')}: not checked`);
  for (const line of result.problems) channel.appendLine(`  ${line}`);
  channel.show(true);
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
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Building the coding audit' }, () =>
    client.sendRequest<AuditReportResult>(AUDIT_REPORT, { folders: roots }),
  );
  const panel = vscode.window.createWebviewPanel('codingNotes.auditReport', 'Coding audit', vscode.ViewColumn.Active, {
    // No script, no local or remote resource; the only commands a link may run open a note.
    enableScripts: false,
    enableCommandUris: ['codingNotes.openNote'],
    localResourceRoots: [],
  });
  panel.webview.html = report.html;
  context.subscriptions.push(panel);
  // The report lists the files it could not read or check; say so once, rather than leave them out unseen.
  const notChecked = report.notChecked ?? [];
  if (notChecked.length) {
    const first = notChecked[0];
    const more = notChecked.length > 1 ? ` and ${notChecked.length - 1} more` : '';
    void vscode.window.showWarningMessage(
      `Coding audit: ${notChecked.length} ${notChecked.length === 1 ? 'path was' : 'paths were'} not checked (${first.path ? `${first.path}: ` : ''}${first.reason}${more}); the report lists them under "Not checked".`,
    );
  }
}

async function openNote(uri: unknown, line: unknown): Promise<void> {
  if (typeof uri !== 'string') return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const at = new vscode.Position(typeof line === 'number' ? line : 0, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
}
