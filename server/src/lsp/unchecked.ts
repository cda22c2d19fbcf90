// Documents the server does not check, and the one diagnostic that says why:
// one too large to check without freezing the editor (over
// `codingNotes.maxDocumentSize`), or a file on disk that is not valid UTF-8
// (the editor shows its bad bytes as U+FFFD, so a check would be of text the
// coder never wrote). Completion, hover and the other features answer nothing
// for such a document.

import { statSync } from 'node:fs';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { firstInvalidUtf8 } from '../node/textfile';
import { DEFAULT_LIMITS, readBounded } from '../node/safe-read';
import { SOURCE } from './diagnostics';
import { filePath } from './workspaces';
import { textLength } from './line-document';

/**
 * The default `codingNotes.maxDocumentSize`: five million characters (about 18,000
 * notes; a 10,000-note month is 2.8 MB). Opening a document checks it in one go, and
 * the server answers nothing else meanwhile, so the bound keeps that to seconds.
 */
export const DEFAULT_MAX_DOCUMENT_SIZE = 5_000_000;

/** Diagnostic codes of these diagnostics (not rule ids: there is nothing to fix or disable). */
export const TOO_LARGE = 'not-checked/too-large';
export const NOT_UTF8 = 'not-checked/not-utf-8';

export class UncheckedDocuments {
  /** Per URI: the version and file stamp last looked at, and what was found. */
  private readonly utf8 = new Map<string, { version: number; stamp: string; line: number | null }>();

  /**
   * Why a document is not checked, as the diagnostic to publish on it, or null
   * when it is checked. `limit` is in characters; 0 means no limit.
   * `holdsReplacement`: the text holds U+FFFD (tracked as text arrives, see
   * `CheckedDocuments`), the only case in which the file on disk is read.
   */
  reason(document: TextDocument, limit: number, holdsReplacement: boolean): Diagnostic | null {
    const length = textLength(document);
    if (limit > 0 && length > limit) return tooLarge(length, limit);
    const line = holdsReplacement ? this.invalidUtf8Line(document) : null;
    return line === null ? null : notUtf8(line);
  }

  forget(uri: string): void {
    this.utf8.delete(uri);
  }

  /** The 1-based line of the first byte of the file on disk that breaks UTF-8 (the editor's text holds U+FFFD). */
  private invalidUtf8Line(document: TextDocument): number | null {
    const path = filePath(document.uri);
    if (!path) return null;
    let stamp: string;
    try {
      const st = statSync(path);
      if (!st.isFile()) return null;
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch {
      return null; // not on disk (yet): the text is what the coder has
    }
    const cached = this.utf8.get(document.uri);
    if (cached && cached.version === document.version && cached.stamp === stamp) return cached.line;
    let line: number | null = null;
    const read = readBounded(path, DEFAULT_LIMITS.note, 'note');
    if (read.ok) {
      const bad = firstInvalidUtf8(read.bytes);
      if (bad >= 0) line = lineOfByte(read.bytes, bad);
    }
    this.utf8.set(document.uri, { version: document.version, stamp, line });
    return line;
  }
}

function tooLarge(length: number, limit: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: TOO_LARGE,
    source: SOURCE,
    message:
      `This file is not checked: it has ${length.toLocaleString('en-GB')} characters, more than the ` +
      `codingNotes.maxDocumentSize limit of ${limit.toLocaleString('en-GB')}. Split it into smaller files, ` +
      `raise the setting, or check it with the command line (coding-notes check).`,
  };
}

function notUtf8(line: number): Diagnostic {
  return {
    range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: NOT_UTF8,
    source: SOURCE,
    message: `This file is not checked: it is not valid UTF-8 (first bad byte at line ${line}). ` + `Reopen it with its real encoding and save it as UTF-8.`,
  };
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
