// Open documents with their incremental checkers: each change the client
// sends is applied to the text (as TextDocument does) and to the document's
// lines, so a check after a keystroke re-checks only the note it touched
// (server/src/core/incremental.ts). Diagnostics are converted once per finding.

import { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Engine, CheckSettings, CheckResult } from '../core/engine';
import type { Finding, Position } from '../core/types';
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
  private readonly checkers = new Map<string, IncrementalDocument>();
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
        if (NOTE_LANGUAGE_IDS.includes(languageId)) this.checkers.set(uri, new IncrementalDocument(content));
        return TextDocument.create(uri, languageId, version, content);
      },
      update: (document, changes, version) => this.update(document, changes, version),
    });
    this.documents.onDidClose(({ document }) => {
      this.checkers.delete(document.uri);
      this.replacement.delete(document.uri);
    });
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

  /** Does the document's text hold U+FFFD? Looked for only after text holding one arrived (at open or in a change). */
  holdsReplacement(document: TextDocument): boolean {
    if (!this.replacement.has(document.uri)) return false;
    if (document.getText().includes(REPLACEMENT_CHARACTER)) return true;
    this.replacement.delete(document.uri); // deleted since
    return false;
  }

  /**
   * A text for completion and hover at a position: the note there and its
   * separators at their real lines, blank lines above, and nothing below.
   * The features read only the note at the position, so they answer on it as
   * on the whole text, without reading the other notes.
   */
  featureText(document: TextDocument, position: Position): string {
    return this.checkerOf(document).noteText(position.line) ?? document.getText();
  }

  private checkerOf(document: TextDocument): IncrementalDocument {
    let checker = this.checkers.get(document.uri);
    if (!checker || checker.lineCount !== document.lineCount) {
      checker = new IncrementalDocument(document.getText());
      this.checkers.set(document.uri, checker);
    }
    return checker;
  }

  private update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    let checker = this.checkers.get(document.uri);
    for (const change of changes) {
      if (change.text.includes(REPLACEMENT_CHARACTER)) this.replacement.add(document.uri);
      if ('range' in change) {
        // Positions clamped into the text, as TextDocument reads them.
        const range = { start: document.positionAt(document.offsetAt(change.range.start)), end: document.positionAt(document.offsetAt(change.range.end)) };
        try {
          checker?.apply({ range, text: change.text });
        } catch {
          checker = undefined; // made afresh from the text at the next check
          this.checkers.delete(document.uri);
        }
        document = TextDocument.update(document, [{ range, text: change.text }], version);
      } else {
        checker?.reset(change.text);
        document = TextDocument.update(document, [change], version);
      }
    }
    if (checker && checker.lineCount !== document.lineCount) {
      // TextDocument counts a lone CR joined by an inserted LF as two line breaks: start it afresh.
      document = TextDocument.create(document.uri, document.languageId, version, document.getText());
      if (checker.lineCount !== document.lineCount) this.checkers.delete(document.uri);
    }
    return document;
  }
}
