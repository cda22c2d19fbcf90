// What the server keeps about each open document, in one object per document,
// so that closing a document drops all of it at once.

import type { DiagnosticList } from './diagnostics';
import { cancelCheck } from './schedule';
import type { Scheduled } from './schedule';
import type { EditorSettings } from './settings';

export interface OpenDocumentState extends Scheduled {
  /** An open is followed by a content event for the same text: that event is skipped. */
  justOpened: boolean;
  /** The last check's diagnostics, and the generation they are for: current while no change came since. */
  latest?: { generation: number; version: number; list: DiagnosticList };
  /** What was last pushed (publishDiagnostics), so unchanged results are not sent again. */
  published?: { version: number; list: DiagnosticList };
  /** What the client last pulled (textDocument/diagnostic) under its result id, per part (lsp/pull.ts; one part when not split). */
  pulled?: ({ resultId: string; list: DiagnosticList } | undefined)[];
  /** The check under way for a generation, which every pull of that generation waits for (one check, however many parts pull). */
  diagnosing?: { generation: number; result: Promise<unknown> };
  /** The editor settings for this document (workspace/configuration), asked once until they change. */
  settings?: Promise<EditorSettings>;
  /** The configuration file that governs the document (null: the defaults), once known. */
  configPath?: string | null;
}

export class OpenDocumentStates {
  private readonly states = new Map<string, OpenDocumentState>();

  /** The document's state, created on first use. */
  of(uri: string): OpenDocumentState {
    let state = this.states.get(uri);
    if (!state) this.states.set(uri, (state = { generation: 0, justOpened: false }));
    return state;
  }

  peek(uri: string): OpenDocumentState | undefined {
    return this.states.get(uri);
  }

  /** Forgets a closed document: its pending check is cancelled and a late one will not publish. */
  close(uri: string): void {
    const state = this.states.get(uri);
    if (state) cancelCheck(state);
    this.states.delete(uri);
  }

  /** The configuration files in use by the open documents (null: the defaults). */
  configPaths(): Set<string | null> {
    const paths = new Set<string | null>();
    for (const state of this.states.values()) if (state.configPath !== undefined) paths.add(state.configPath);
    return paths;
  }

  /** The editor settings changed: every document asks again. */
  forgetSettings(): void {
    for (const state of this.states.values()) state.settings = undefined;
  }

  /** Shutdown: no check starts any more. */
  cancelAll(): void {
    for (const state of this.states.values()) cancelCheck(state);
    this.states.clear();
  }
}
