// An open coding note as the lines its incremental checker keeps
// (core/incremental.ts): a change from the client is applied to those lines
// and to nothing else, so an edit costs what it changes, not the size of the
// file. The whole text is made only when a request needs all of it
// (formatting, fix-all, the outline), once per version, and kept with it.
//
// It is what the server uses of `TextDocument` (vscode-languageserver-textdocument),
// with the same reading of positions: lines end at LF, CRLF or a lone CR,
// and a position past a line's end or past the last line is clamped.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { CompletionList, TextEdit } from 'vscode-languageserver/node';
import type { Position, Range } from '../core/types';
import { IncrementalDocument } from '../core/incremental';
import { shiftRange } from '../core/incremental-shift';

/** A range of a note's text at its place in the document: the core's shift, the one the incremental checker uses. */
export { shiftRange };

/** The note holding `line` and the document line it starts at: a note document's own lines, else (any other document) the whole text from line 0. */
export function noteIn(document: TextDocument, line: number): { text: string; first: number } {
  return document instanceof NoteDocument ? document.noteAt(line) : { text: document.getText(), first: 0 };
}

export class NoteDocument implements TextDocument {
  /** Start offset of each line, made when an offset is first asked for. */
  private starts: number[] | null = null;
  /** A newer version replaced this one: its lines are that version's now. */
  private superseded = false;
  /** This version as a `TextDocument`, for a reader that kept it past a change (only when its text was made). */
  private frozen: TextDocument | null = null;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    /** The lines, shared with the versions before (each superseded when the next arrives). */
    readonly lines: IncrementalDocument,
    /** The text's length in UTF-16 code units. */
    readonly length: number,
    private text: string | null,
  ) {}

  static create(uri: string, languageId: string, version: number, content: string): NoteDocument {
    return new NoteDocument(uri, languageId, version, new IncrementalDocument(content), content.length, content);
  }

  get lineCount(): number {
    return this.old()?.lineCount ?? this.lines.lineCount;
  }

  /** The text, or the text of `range` (its positions clamped, in either order, as TextDocument reads them). */
  getText(range?: Range): string {
    const old = this.old();
    if (old) return old.getText(range);
    if (!range) return (this.text ??= this.lines.text());
    let start = this.clamp(range.start);
    let end = this.clamp(range.end);
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
    const lines = this.lines;
    if (start.line === end.line) return lines.lineAt(start.line).slice(start.character, end.character);
    let out = lines.lineAt(start.line).slice(start.character) + lines.endingAt(start.line);
    for (let i = start.line + 1; i < end.line; i++) out += lines.lineAt(i) + lines.endingAt(i);
    return out + lines.lineAt(end.line).slice(0, end.character);
  }

  positionAt(offset: number): Position {
    const old = this.old();
    if (old) return old.positionAt(offset);
    const starts = this.lineStarts();
    const at = Math.max(0, Math.min(Math.floor(offset), this.length));
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] > at) hi = mid;
      else lo = mid + 1;
    }
    const line = Math.max(0, lo - 1);
    // An offset inside a line's ending is read as the end of the line.
    return { line, character: Math.min(at - starts[line], this.lines.lineAt(line).length) };
  }

  offsetAt(position: Position): number {
    const old = this.old();
    if (old) return old.offsetAt(position);
    const p = this.clamp(position);
    return this.lineStarts()[p.line] + p.character;
  }

  /** The position in the text nearest to `position`: the line's end for a column past it, the text's end for a line past the last. */
  clamp(position: Position): Position {
    const count = this.lines.lineCount;
    if (position.line < 0) return { line: 0, character: 0 };
    if (position.line >= count) return { line: count - 1, character: this.lines.lineAt(count - 1).length };
    const length = this.lines.lineAt(position.line).length;
    return { line: position.line, character: Math.max(0, Math.min(position.character, length)) };
  }

  /**
   * The lines of the note that holds `line` (a separator line goes with the
   * note below it), from its opening separator to its closing one: a text for
   * a feature that reads one note, and the document line its first line is.
   */
  noteAt(line: number): { text: string; first: number } {
    return this.notesAt(line, line);
  }

  /** The lines of the notes that hold lines `from` to `to`, as `noteAt` gives one note's. */
  notesAt(from: number, to: number): { text: string; first: number } {
    const lines = this.lines;
    const { first, last } = lines.notesSpan(from, to);
    let text = '';
    for (let i = first; i < last; i++) text += lines.lineAt(i) + lines.endingAt(i);
    return { text: text + lines.lineAt(last), first };
  }

  /** The next version: the changes applied to the shared lines, this version superseded. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): NoteDocument {
    let lines = this.lines;
    let length = this.length;
    let text: string | null = this.text;
    for (const change of changes) {
      if (!('range' in change)) {
        lines.reset(change.text);
        length = change.text.length;
        text = change.text;
        continue;
      }
      let start = this.clampIn(lines, change.range.start);
      let end = this.clampIn(lines, change.range.end);
      if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
      const removed = spanLength(lines, start, end);
      try {
        lines.apply({ range: { start, end }, text: change.text });
      } catch {
        // Cannot happen with clamped positions; if it does, the lines are made afresh from the text.
        const whole = lines.text();
        const from = offsetIn(lines, start);
        lines = new IncrementalDocument(whole.slice(0, from) + change.text + whole.slice(from + removed));
      }
      length += change.text.length - removed;
      text = null;
    }
    // A reader that kept this version and made its text can go on reading it.
    if (this.text !== null) this.frozen = TextDocument.create(this.uri, this.languageId, this.version, this.text);
    this.superseded = true;
    this.starts = null;
    return new NoteDocument(this.uri, this.languageId, version, lines, length, text);
  }

  private clampIn(lines: IncrementalDocument, position: Position): Position {
    return lines === this.lines ? this.clamp(position) : new NoteDocument(this.uri, this.languageId, this.version, lines, 0, null).clamp(position);
  }

  /** The text as it was, for a version read after a newer one arrived; throws when it was never made (its lines are gone). */
  private old(): TextDocument | null {
    if (!this.superseded) return null;
    if (this.frozen) return this.frozen;
    throw new Error(`version ${this.version} of ${this.uri} was read after a newer version replaced it`);
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const lines = this.lines;
    const starts = new Array<number>(lines.lineCount);
    let at = 0;
    for (let i = 0; i < starts.length; i++) {
      starts[i] = at;
      at += lines.lineAt(i).length + lines.endingAt(i).length;
    }
    return (this.starts = starts);
  }
}

/** The number of code units from `start` to `end` (start ≤ end, both inside the text). */
function spanLength(lines: IncrementalDocument, start: Position, end: Position): number {
  if (start.line === end.line) return end.character - start.character;
  let n = lines.lineAt(start.line).length - start.character + lines.endingAt(start.line).length;
  for (let i = start.line + 1; i < end.line; i++) n += lines.lineAt(i).length + lines.endingAt(i).length;
  return n + end.character;
}

function offsetIn(lines: IncrementalDocument, position: Position): number {
  return spanLength(lines, { line: 0, character: 0 }, position);
}

/** A document's length without making its text where it is a note document. */
export function textLength(document: TextDocument): number {
  return document instanceof NoteDocument ? document.length : document.getText().length;
}

function shiftEdit<T extends TextEdit>(edit: T, by: number): T {
  return { ...edit, range: shiftRange(edit.range, by) };
}

/** Completions made on a note's text, their edits moved to the note's place in the document. */
export function shiftCompletions(list: CompletionList, by: number): CompletionList {
  if (!by) return list;
  for (const item of list.items) {
    const edit = item.textEdit;
    if (edit) item.textEdit = 'range' in edit ? shiftEdit(edit, by) : { ...edit, insert: shiftRange(edit.insert, by), replace: shiftRange(edit.replace, by) };
    if (item.additionalTextEdits) item.additionalTextEdits = item.additionalTextEdits.map((e) => shiftEdit(e, by));
  }
  return list;
}
