// Folding ranges: each note (first to last non-blank line), each item list
// (the field line to its last item), and each block of two or more comment lines.
// Editors keep one range per start line, so an inner range that starts where its
// note does is left out.

import type { FoldingRange } from 'vscode-languageserver-types';
import { parse, isEmptyNote } from '../parse';
import type { NoteFile } from '../parse';
import { contentLines } from './symbols';

export function foldingRanges(text: string): FoldingRange[] {
  return noteFoldingRanges(parse(text));
}

export function noteFoldingRanges(file: NoteFile): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const note of file.notes) {
    const span = contentLines(file, note);
    if (!span) continue;
    const noteStart = !isEmptyNote(note) && span.last > span.first ? span.first : -1;
    if (noteStart >= 0) out.push({ startLine: span.first, endLine: span.last, kind: 'region' });

    // Comment blocks: consecutive comment lines (a block that starts the note folds with the note).
    let blockStart = -1;
    let previous = -2;
    const close = () => {
      if (blockStart >= 0 && previous > blockStart && blockStart !== noteStart) out.push({ startLine: blockStart, endLine: previous, kind: 'comment' });
    };
    for (const c of note.comments) {
      if (c.line !== previous + 1) {
        close();
        blockStart = c.line;
      }
      previous = c.line;
    }
    close();

    for (const field of note.fields) {
      if (field.items.length && field.lastLine > field.line && field.line !== noteStart) out.push({ startLine: field.line, endLine: field.lastLine });
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
