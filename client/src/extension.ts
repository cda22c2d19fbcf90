// The VS Code client: starts the language server, forwards settings and
// config-file changes, and registers the extension's commands. Everything else
// (diagnostics, fixes, completion, hover) comes from the server.

import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerEditorFeatures } from './editor';
import { FIX_ALL_REQUEST, SERVER_NODE_OPTIONS, SETTINGS_SECTION } from '../../protocol/protocol';
import type { FixAllParams, FixAllResult, FixAllSummary, InitializationOptions } from '../../protocol/protocol';
import { fixAllMessage } from '../../protocol/fix-all';

/** How long the fix-all status-bar message stays. */
const FIX_ALL_MESSAGE_MS = 6000;

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'coding-note' },
      { scheme: 'untitled', language: 'coding-note' },
    ],
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.codingnotes.json'),
    },
    // A function, so that a restart after trust is granted sends the new state.
    // `status`: send the counts and timing of each check, for the language status item.
    initializationOptions: (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted, synchronizes: true, status: true }),
  };
  // The id makes `codingNotes.trace.server` the trace setting.
  client = new LanguageClient('codingNotes', 'Clinical Coding Notes', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('codingNotes.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('codingNotes.fixAll', fixAllInActiveEditor),
    // Workspace packs and release files load only in a trusted workspace.
    vscode.workspace.onDidGrantWorkspaceTrust(() => client?.restart()),
  );
  // Status item, "Check all notes in the workspace", "Show rule documentation", "Open audit report".
  registerEditorFeatures(context, client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/**
 * Applies fix-all to the active editor's note: the edits of the fix-all source
 * action (the kinds `codingNotes.fixAll.kinds` allows), then says in the status
 * bar how many fixes of which kinds went in and how many wait for a click.
 * Returns what the server reported (undefined when nothing was asked).
 */
async function fixAllInActiveEditor(): Promise<FixAllSummary | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'coding-note' || !client) {
    void vscode.window.showInformationMessage('Open a coding note to fix its problems.');
    return undefined;
  }
  const document = editor.document;
  const params: FixAllParams = { textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) } };
  const result = await client.sendRequest<FixAllResult | null>(FIX_ALL_REQUEST, params);
  if (!result) {
    vscode.window.setStatusBarMessage('Coding Notes: this file is not checked, so nothing was fixed', FIX_ALL_MESSAGE_MS);
    return undefined;
  }
  if (result.edits.length) {
    // The edits are for the version the server fixed: a keystroke since then makes them stale.
    if (document.version !== result.version) {
      vscode.window.setStatusBarMessage('Coding Notes: the note changed while fixing; run Fix All again', FIX_ALL_MESSAGE_MS);
      return undefined;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, await client.protocol2CodeConverter.asTextEdits(result.edits));
    if (!(await vscode.workspace.applyEdit(edit))) {
      vscode.window.setStatusBarMessage('Coding Notes: the fixes could not be applied', FIX_ALL_MESSAGE_MS);
      return undefined;
    }
  }
  vscode.window.setStatusBarMessage(fixAllMessage(result.summary), FIX_ALL_MESSAGE_MS);
  return result.summary;
}
