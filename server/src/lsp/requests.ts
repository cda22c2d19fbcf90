// The requests that answer from the core for one open note: code actions, the
// client's Fix All (with what it did), completion and hover. server.ts owns the
// documents and configuration and hands them in.

import type { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, CheckSettings } from '../core/engine';
import { shiftCompletions, shiftRange } from './line-document';
import { complete } from '../core/features/completion';
import { hover } from '../core/features/hover';
import { ruleDocsUrl } from './diagnostics';
import { guarded, Logger } from './guard';
import type { EditorSettings } from './settings';
import { codeActions, fixAllWithSummary } from './actions';
import type { CheckedDocuments } from './checked';
import { FIX_ALL_REQUEST } from '../../../protocol/protocol';
import type { FixAllParams, FixAllResult } from '../../../protocol/protocol';

export interface RequestDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  checked: CheckedDocuments;
  log: Logger;
  isUnchecked: (uri: string) => Promise<boolean>;
  contextFor: (uri: string) => Promise<{ engine: Engine; settings: CheckSettings }>;
  editorSettingsFor: (uri: string) => Promise<EditorSettings>;
  /** The client takes snippet completions. */
  snippets: () => boolean;
}

export function registerFeatureRequests(deps: RequestDeps): void {
  const { connection, documents, checked, log, isUnchecked, contextFor, editorSettingsFor } = deps;

  connection.onCodeAction(
    guarded(log, 'code actions', [], async (params, token) => {
      const document = documents.get(params.textDocument.uri);
      if (!document || (await isUnchecked(document.uri))) return [];
      const { engine, settings } = await contextFor(document.uri);
      const { fixAllKinds } = await editorSettingsFor(document.uri);
      if (token.isCancellationRequested) return [];
      const current = documents.get(document.uri);
      return current ? codeActions(engine, settings, current, params, fixAllKinds, () => checked.check(current, engine, settings).findings) : [];
    }),
  );

  // The client's "Fix All" command: the fix-all edits with what they do, for its status-bar message.
  connection.onRequest(
    FIX_ALL_REQUEST,
    guarded(log, 'fix all', null, async (params: FixAllParams, token: CancellationToken): Promise<FixAllResult | null> => {
      const uri = params?.textDocument?.uri;
      const document = typeof uri === 'string' ? documents.get(uri) : undefined;
      if (!document || (await isUnchecked(document.uri))) return null;
      const { engine, settings } = await contextFor(document.uri);
      const { fixAllKinds } = await editorSettingsFor(document.uri);
      const current = documents.get(document.uri);
      if (!current || token.isCancellationRequested) return null;
      return fixAllWithSummary(engine, settings, current, fixAllKinds);
    }),
  );

  connection.onCompletion(
    guarded(log, 'completion', { isIncomplete: false, items: [] }, async (params, token) => {
      const document = documents.get(params.textDocument.uri);
      if (!document || (await isUnchecked(document.uri))) return { isIncomplete: false, items: [] };
      const { engine, settings } = await contextFor(document.uri);
      const current = documents.get(document.uri);
      if (!current || token.isCancellationRequested) return { isIncomplete: false, items: [] };
      const note = checked.noteAt(current, params.position);
      return shiftCompletions(complete(engine, note.text, note.position, settings, { snippets: deps.snippets(), eol: note.eol }), note.first);
    }),
  );

  connection.onHover(
    guarded(log, 'hover', null, async (params, token) => {
      const document = documents.get(params.textDocument.uri);
      if (!document || (await isUnchecked(document.uri))) return null;
      const { engine, settings } = await contextFor(document.uri);
      const current = documents.get(document.uri);
      if (!current || token.isCancellationRequested) return null;
      const note = checked.noteAt(current, params.position);
      const answer = hover(engine, note.text, note.position, settings, { docsUrl: ruleDocsUrl });
      if (answer?.range) answer.range = shiftRange(answer.range, note.first);
      return answer;
    }),
  );
}
