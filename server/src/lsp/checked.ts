// Open documents with their incremental checkers: an open coding note is its
// lines (lsp/line-document.ts), which each change the client sends updates,
// so a check after a keystroke re-checks only the note it touched
// (server/src/core/incremental.ts) and no whole text is made. Diagnostics are
// converted once per note and encoded once per block of notes.

import { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, CheckSettings, CheckResult } from '../core/engine';
import type { Finding, Position, Severity } from '../core/types';
import { NoteDocument, noteIn } from './line-document';
import { IncrementalDocument } from '../core/incremental';
import { toDiagnostic } from './diagnostics';
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
  /** Per checker, its document's diagnostics as last published, by block of notes. */
  private readonly encoded = new WeakMap<IncrementalDocument, DocumentDiagnostics>();
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

  /**
   * The document checked (only the notes that need it) and its findings as LSP
   * diagnostics, with how many notes it has and its findings per severity. The
   * diagnostics are kept per block of notes (`DocumentDiagnostics`), so an edit
   * that re-checks one note encodes one block again and reuses the others' bytes.
   */
  diagnose(document: TextDocument, engine: Engine, settings: CheckSettings, uri: string): CheckedDiagnostics {
    const checker = this.checkerOf(document);
    checker.place(engine, settings);
    let encoded = this.encoded.get(checker);
    if (!encoded) this.encoded.set(checker, (encoded = new DocumentDiagnostics()));
    return { ...encoded.update(checker, uri), failures: checker.takeFailures() };
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
  noteAt(document: TextDocument, position: Position): { text: string; position: Position; first: number; eol?: '\n' | '\r\n' } {
    if (position.line < 0 || position.line >= document.lineCount) return { text: document.getText(), position, first: 0 };
    const { text, first } = noteIn(document, position.line);
    // The document's line ending goes with the note, for what a feature writes (a template).
    const eol = document instanceof NoteDocument ? document.lines.eol() : undefined;
    return { text, position: { line: position.line - first, character: position.character }, first, eol };
  }

  private checkerOf(document: TextDocument): IncrementalDocument {
    if (document instanceof NoteDocument) return document.lines;
    let checker = this.checkers.get(document);
    if (!checker) this.checkers.set(document, (checker = new IncrementalDocument(document.getText())));
    return checker;
  }
}

/** A document's diagnostics as the server publishes them, with what the status item shows. */
export interface CheckedDiagnostics {
  list: DiagnosticList;
  notes: number;
  counts: Record<Severity, number>;
  /** What the checker threw on notes this time (each such note has a diagnostic saying it was not checked). */
  failures: unknown[];
}

/**
 * Notes per block: a block's diagnostics are one piece of JSON. At 10,000 notes
 * a publication joins about 300 pieces, and an edit in one note encodes its
 * block's few diagnostics again (measured: README, Performance).
 */
const BLOCK = 32;

interface Block {
  /** The findings array of each of its notes when it was made: a block is made again when any differs. */
  readonly refs: readonly (readonly Finding[])[];
  readonly items: readonly Diagnostic[];
  /** Its diagnostics' JSON joined by commas; null when it has none. */
  readonly json: Buffer | null;
  readonly counts: readonly number[];
}

const SEVERITY_INDEX: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
const NO_DIAGNOSTICS: readonly Diagnostic[] = [];

/** A list made from blocks: the flat list of diagnostics is made only when read. */
class BlockList implements DiagnosticList {
  private flat: Diagnostic[] | null = null;
  /** Its parts, made when first asked for (every part of one check is asked for, one pull each). */
  private parts: BlockList[] | null = null;
  constructor(
    private readonly blocks: readonly Block[],
    readonly json: readonly Buffer[],
    readonly count: number,
  ) {}

  static of(blocks: readonly Block[]): BlockList {
    const json: Buffer[] = [];
    let total = 0;
    for (const block of blocks) {
      if (block.json) json.push(block.json);
      total += block.items.length;
    }
    return new BlockList(blocks, json, total);
  }

  /**
   * Block b goes to part floor(b · parts / blocks): the blocks dealt to the
   * parts in order, as evenly as they divide. A part with no block is empty.
   */
  part(index: number, parts: number): DiagnosticList {
    if (!this.parts || this.parts.length !== parts) {
      const n = this.blocks.length;
      this.parts = [];
      for (let i = 0; i < parts; i++) this.parts.push(BlockList.of(this.blocks.slice(Math.ceil((i * n) / parts), Math.ceil(((i + 1) * n) / parts))));
    }
    return this.parts[index];
  }

  get items(): readonly Diagnostic[] {
    if (!this.flat) {
      this.flat = [];
      for (const block of this.blocks) for (const d of block.items) this.flat.push(d);
    }
    return this.flat;
  }
}

/**
 * One document's diagnostics, kept per block of `BLOCK` notes. The incremental
 * checker gives each note's findings as the same array while the note's result
 * stands where it stood, so comparing arrays says which blocks changed; a note's
 * diagnostics are kept by its findings array (an undo that brings a note's
 * result back finds them).
 */
class DocumentDiagnostics {
  private blocks: Block[] = [];
  private list: BlockList | null = null;
  private readonly byNote = new WeakMap<readonly Finding[], readonly Diagnostic[]>();

  update(checker: IncrementalDocument, uri: string): Omit<CheckedDiagnostics, 'failures'> {
    const n = checker.noteCount;
    const count = Math.ceil(n / BLOCK);
    let changed = !this.list || count !== this.blocks.length;
    if (this.blocks.length > count) this.blocks.length = count;
    for (let b = 0; b < count; b++) {
      const first = b * BLOCK;
      const end = Math.min(n, first + BLOCK);
      const block = this.blocks[b] as Block | undefined;
      if (block && block.refs.length === end - first) {
        let same = true;
        for (let k = first; k < end && same; k++) same = block.refs[k - first] === checker.findingsOf(k);
        if (same) continue;
      }
      this.blocks[b] = this.block(checker, first, end, uri);
      changed = true;
    }
    if (changed || !this.list) this.list = BlockList.of(this.blocks.slice());
    const counts = [0, 0, 0, 0];
    for (const block of this.blocks) for (let i = 0; i < 4; i++) counts[i] += block.counts[i];
    return { list: this.list, notes: n, counts: { error: counts[0], warning: counts[1], information: counts[2], hint: counts[3] } };
  }

  private block(checker: IncrementalDocument, first: number, end: number, uri: string): Block {
    const refs: (readonly Finding[])[] = [];
    const items: Diagnostic[] = [];
    const counts = [0, 0, 0, 0];
    for (let k = first; k < end; k++) {
      const findings = checker.findingsOf(k);
      refs.push(findings);
      if (!findings.length) continue;
      let diagnostics = this.byNote.get(findings);
      if (!diagnostics) this.byNote.set(findings, (diagnostics = findings.map((f) => toDiagnostic(f, uri))));
      for (const d of diagnostics) items.push(d);
      for (const f of findings) counts[SEVERITY_INDEX[f.severity]]++;
    }
    let text = '';
    for (let i = 0; i < items.length; i++) text += (i ? ',' : '') + JSON.stringify(items[i]);
    return { refs, items: items.length ? items : NO_DIAGNOSTICS, json: items.length ? Buffer.from(text, 'utf8') : null, counts };
  }
}
