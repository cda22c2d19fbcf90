// LSP 3.17 pull diagnostics (`textDocument/diagnostic`), in parts where the
// client can take them. A client that registers providers dynamically (VS Code's
// vscode-languageclient does) keeps one diagnostic collection per registration
// and pulls each of them after every change; so the server registers
// DIAGNOSTIC_PARTS providers and answers each with its part of the document (its
// notes' blocks, dealt in order): an edit inside one note changes one part, and
// the others answer `unchanged` in a few bytes instead of the whole list again.
// A client that pulls without dynamic registration gets one result set.

import { DocumentDiagnosticReportKind, DocumentDiagnosticRequest } from 'vscode-languageserver/node';
import type { Connection, DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { sameDiagnostics, withDiagnostics } from './diagnostics';
import type { DiagnosticList } from './diagnostics';
import type { OpenDocumentStates } from './open-documents';
import { withJson } from './transport';
import { NOTE_LANGUAGE_IDS } from './checked';

/**
 * How many parts a document's diagnostics are pulled in. More parts leave less
 * to send after an edit inside one note, and each costs one more request and
 * answer per edit. Measured at 10,000 notes (4,097 diagnostics) over stdio, a
 * one-character edit, servers interleaved (README, Performance): 16 parts beat
 * 8 at p50 in every run and at p99 in most; 32 were not clearly better than 16.
 */
export const DIAGNOSTIC_PARTS = 16;

/** The registration identifier of part `index` (0-based): `coding-notes/1` … `coding-notes/P`. */
export function partIdentifier(index: number): string {
  return `coding-notes/${index + 1}`;
}

/** The part (0-based) an identifier names, or null when it names none of `parts`. */
export function partIndex(identifier: string | undefined, parts: number): number | null {
  const match = identifier === undefined ? null : /^coding-notes\/([1-9][0-9]*)$/.exec(identifier);
  const index = match ? Number(match[1]) - 1 : -1;
  return index >= 0 && index < parts ? index : null;
}

const EMPTY: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };

export interface PullHost {
  readonly states: OpenDocumentStates;
  /** Is the document open and a coding note? */
  isOpenNote(uri: string): boolean;
  /** The diagnostics of the document's current generation (checked now unless checked already), or null. */
  diagnose(uri: string, generation: number): Promise<{ list: DiagnosticList } | null>;
  publishConfigProblems(): void;
}

export class PulledDiagnostics {
  /** How many parts: 0 when the client does not split (one result set, no identifier). */
  private parts = 0;
  /** Result ids, numbered across documents and parts. */
  private resultIds = 0;

  constructor(private readonly host: PullHost) {}

  /** At initialize: split when the client registers pull providers dynamically. */
  initialize(dynamicRegistration: boolean): void {
    this.parts = dynamicRegistration ? (partsForMeasurement() ?? DIAGNOSTIC_PARTS) : 0;
  }

  /** Whether the server registers its providers after `initialized` instead of declaring one. */
  get split(): boolean {
    return this.parts > 0;
  }

  /** After `initialized`: one provider per part, for the coding-note languages. */
  register(connection: Connection): void {
    const documentSelector = NOTE_LANGUAGE_IDS.map((language) => ({ language }));
    for (let i = 0; i < this.parts; i++) {
      const options = { documentSelector, identifier: partIdentifier(i), interFileDependencies: false, workspaceDiagnostics: false };
      void connection.client.register(DocumentDiagnosticRequest.type, options);
    }
  }

  /** The document's diagnostics, or the part the identifier names, or `unchanged` when the client has them under `previousResultId`. */
  async answer(uri: string, identifier: string | undefined, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    const state = this.host.states.peek(uri);
    if (!state || !this.host.isOpenNote(uri)) return EMPTY;
    // A split client names a part; a request without one (or with a name of ours it does not know) gets the whole list.
    const part = this.parts > 0 ? partIndex(identifier, this.parts) : null;
    // A check waiting to start runs now (its own turn will find it made).
    const result = await this.host.diagnose(uri, state.generation);
    if (!result || this.host.states.peek(uri) !== state) return EMPTY;
    // Configuration problems go out with the whole list or part 1, not once per part: the client pulls every part of every change.
    if (part === null || part === 0) this.host.publishConfigProblems();
    const list = part === null ? result.list : result.list.part(part, this.parts);
    const slot = part === null ? this.parts : part;
    const pulled = (state.pulled ??= []);
    let last = pulled[slot];
    if (!last || !sameDiagnostics(last.list, list)) pulled[slot] = last = { resultId: String(++this.resultIds), list };
    if (previousResultId === last.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
    const head = `{"kind":"full","resultId":${JSON.stringify(last.resultId)},"items":[`;
    const report = withDiagnostics({ kind: DocumentDiagnosticReportKind.Full, resultId: last.resultId } as DocumentDiagnosticReport, 'items', last.list);
    return withJson(report, { head, items: last.list.json, tail: ']}' });
  }
}

/** Tests and measurement only: `CODING_NOTES_DIAGNOSTIC_PARTS` sets how many parts (1–64). */
function partsForMeasurement(): number | undefined {
  const parts = Number(process.env.CODING_NOTES_DIAGNOSTIC_PARTS);
  return Number.isInteger(parts) && parts >= 1 && parts <= 64 ? parts : undefined;
}
