// Open documents with their incremental checkers: an open coding note is its
// lines (lsp/line-document.ts), which each change the client sends updates,
// so a check after a keystroke re-checks only the note it touched
// (server/src/core/incremental.ts) and no whole text is made. Diagnostics are
// converted once per finding.

import { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, CheckSettings, CheckResult } from '../core/engine';
import type { Finding, Position } from '../core/types';
import { NoteDocument } from './line-document';
import { IncrementalDocument } from '../core/incremental';
import { toDiagnostic, encodeDiagnostic } from './diagnostics';
import type { DiagnosticList } from './diagnostics';

/**
 * The language ids of coding notes: `coding-note` (the extension's language), and
 * `codingnote`, the Neovim filetype the README sets up (Neovim sends the filetype
 * as the language id). Any other document a client syncs gets no diagnostics and
 * no features.
 */
export const NOTE_LANGUAGE_IDS: readonly string[] = ['coding-note', 'codingnote'];

export function isNoteDocument(document: { languageId: string }): boolean {
  return NOTE_LANGUAGE_IDS.includes(document.languageId);
}

/** What VS Code shows for bytes that are not UTF-8 (lsp/unchecked.ts reads the file when a text holds one). */
const REPLACEMENT_CHARACTER = '\uFFFD';

export class CheckedDocuments {
  readonly documents: TextDocuments<TextDocument>;
  /** Checkers for note documents that are not `NoteDocument`s (none the server makes; kept for any other caller). */
  private readonly checkers = new WeakMap<TextDocument, IncrementalDocument>();
  /** Per finding, its diagnostic and that diagnostic's JSON: a finding the checker kept costs nothing to publish again. */
  private readonly diagnostics = new WeakMap<Finding, { diagnostic: Diagnostic; json: Buffer }>();
  /** Per findings list (the checker returns the same list until the text or the settings change), its diagnostics. */
  private readonly lists = new WeakMap<readonly Finding[], DiagnosticList>();
  /** Documents whose text may hold U+FFFD: marked when text holding one arrives, so a text without is never scanned for it. */
  private readonly replacement = new Set<string>();

  constructor() {
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) => {
        if (content.includes(REPLACEMENT_CHARACTER)) this.replacement.add(uri);
        // Other documents are kept as text only: nothing reads their notes.
        return NOTE_LANGUAGE_IDS.includes(languageId)
          ? NoteDocument.create(uri, languageId, version, content)
          : TextDocument.create(uri, languageId, version, content);
      },
      update: (document, changes, version) => {
        for (const change of changes) if (change.text.includes(REPLACEMENT_CHARACTER)) this.replacement.add(document.uri);
        return document instanceof NoteDocument ? document.update(changes, version) : TextDocument.update(document, changes, version);
      },
    });
    this.documents.onDidClose(({ document }) => this.replacement.delete(document.uri));
  }

  /** The findings of a document as it is now: `engine.check(document.getText(), settings)`, re-checking only changed notes. */
  check(document: TextDocument, engine: Engine, settings: CheckSettings): CheckResult {
    return this.checkerOf(document).check(engine, settings);
  }

  /** The findings of the document `uri` as LSP diagnostics; a finding unchanged since the last check keeps its diagnostic and its JSON. */
  toDiagnostics(findings: readonly Finding[], uri: string): DiagnosticList {
    const known = this.lists.get(findings);
    if (known) return known;
    const items: Diagnostic[] = new Array<Diagnostic>(findings.length);
    const json: Buffer[] = new Array<Buffer>(findings.length);
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i];
      let d = this.diagnostics.get(f);
      if (!d) {
        const diagnostic = toDiagnostic(f, uri);
        this.diagnostics.set(f, (d = { diagnostic, json: encodeDiagnostic(diagnostic) }));
      }
      items[i] = d.diagnostic;
      json[i] = d.json;
    }
    const list = { items, json };
    this.lists.set(findings, list);
    return list;
  }

  /** Does the document's text hold U+FFFD? Looked for only after text holding one arrived (at open or in a change), line by line. */
  holdsReplacement(document: TextDocument): boolean {
    if (!this.replacement.has(document.uri)) return false;
    if (document instanceof NoteDocument) {
      for (let i = 0; i < document.lineCount; i++) if (document.lines.lineAt(i).includes(REPLACEMENT_CHARACTER)) return true;
    } else if (document.getText().includes(REPLACEMENT_CHARACTER)) return true;
    this.replacement.delete(document.uri); // deleted since
    return false;
  }

  /**
   * The note at a position, for completion and hover: its lines from its
   * opening separator to its closing one, with the position in that text and
   * the document line its first line is. The features read only the note at
   * the position, so they answer on it as on the whole text.
   */
  noteAt(document: TextDocument, position: Position): { text: string; position: Position; first: number } {
    if (!(document instanceof NoteDocument) || position.line < 0 || position.line >= document.lineCount)
      return { text: document.getText(), position, first: 0 };
    const { text, first } = document.noteAt(position.line);
    return { text, position: { line: position.line - first, character: position.character }, first };
  }

  private checkerOf(document: TextDocument): IncrementalDocument {
    if (document instanceof NoteDocument) return document.lines;
    let checker = this.checkers.get(document);
    if (!checker) this.checkers.set(document, (checker = new IncrementalDocument(document.getText())));
    return checker;
  }
}
