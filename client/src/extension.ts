// The VS Code client: starts the language server, forwards settings and
// config-file changes, and registers the extension's commands. Everything else
// (diagnostics, fixes, completion, hover) comes from the server.

import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerEditorFeatures } from './editor';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('coding-notes');

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'coding-note' },
      { scheme: 'untitled', language: 'coding-note' },
    ],
    synchronize: {
      configurationSection: 'codingNotes',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.codingnotes.json'),
    },
    // A function, so that a restart after trust is granted sends the new state.
    // `status`: send the counts and timing of each check, for the language status item.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted, synchronizes: true, status: true }),
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

/** Applies the server's fix-all source action to the active editor's note. */
async function fixAllInActiveEditor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'coding-note') {
    void vscode.window.showInformationMessage('Open a coding note to fix its problems.');
    return;
  }
  const document = editor.document;
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    whole,
    FIX_ALL_KIND.value,
  );
  const fixAll = actions?.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind) && a.edit);
  if (!fixAll?.edit) {
    void vscode.window.showInformationMessage('No problem in this note can be fixed automatically.');
    return;
  }
  await vscode.workspace.applyEdit(fixAll.edit);
}
