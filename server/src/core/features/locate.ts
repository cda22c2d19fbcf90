// Where a position sits in a coding note: which note, which line kind, which
// field governs it. Completion and hover both start here.

import type { MarkupContent } from 'vscode-languageserver-types';
import type { Engine, CheckSettings } from '../engine';
import type { Position, Range } from '../types';
import type { NoteFile, Note, FieldLine } from '../parse';
import type { NoteReading, FieldRead } from '../interpret';
import type { AppliedPack } from '../rules/rule';
import type { FieldSpec } from '../fields';
import { readFieldName } from '../fields';

export interface Located {
  file: NoteFile;
  lines: readonly string[];
  /** The position, its character clamped to the line. */
  position: Position;
  /** The line's text as stored (line 0 may start with a byte order mark). */
  lineText: string;
  /** Where the line's content starts: 1 on line 0 after a byte order mark, else 0. */
  contentStart: number;
  /** The note the line belongs to; null on a separator or outside the text. */
  note: Note | null;
  reading: NoteReading | null;
  packs: AppliedPack[];
}

export function locate(engine: Engine, text: string, position: Position, settings: CheckSettings = {}): Located {
  const { file, notes } = engine.read(text, settings);
  const lines = file.table.lines;
  const line = Math.max(0, Math.min(position.line, lines.length - 1));
  const lineText = position.line >= 0 && position.line < lines.length ? lines[line] : '';
  const contentStart = line === 0 ? file.bom : 0;
  const character = Math.max(contentStart, Math.min(position.character, lineText.length));
  const inText = position.line >= 0 && position.line < lines.length;
  const found = inText ? notes.find((n) => line >= n.note.startLine && line <= n.note.endLine) : undefined;
  const onSeparator = inText && /^-{3,}\s*$/.test(lineText.slice(contentStart));
  return {
    file,
    lines,
    position: { line, character },
    lineText,
    contentStart,
    note: found && !onSeparator ? found.note : null,
    reading: found && !onSeparator ? found.reading : null,
    packs: found && !onSeparator ? found.packs : [],
  };
}

/** The field line on `line`, if the line is one. */
export function fieldOnLine(loc: Located, line: number): FieldLine | null {
  return loc.note?.fields.find((f) => f.line === line) ?? null;
}

/**
 * The field that an indented (or blank) line belongs to: the nearest field line
 * above it in the note, across blank, comment and item lines, as the parser groups them.
 */
export function fieldAbove(loc: Located, line: number): FieldLine | null {
  const note = loc.note;
  if (!note) return null;
  for (let i = line - 1; i >= note.startLine; i--) {
    const raw = i === 0 ? loc.lines[i].slice(loc.file.bom) : loc.lines[i];
    const trimmed = raw.trimStart();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.length < raw.length) continue;
    return note.fields.find((f) => f.line === i) ?? null;
  }
  return null;
}

/** The reading of a field line, when the note has one. */
export function readOf(loc: Located, field: FieldLine): FieldRead | null {
  return loc.reading?.fields.find((f) => f.field === field) ?? null;
}

/**
 * What a field holds, as a coder means it: the reading's spec, or, for a name that
 * is close to a field the note already has, that field's spec all the same.
 */
export function specOf(loc: Located, field: FieldLine): FieldSpec | null {
  const read = readOf(loc, field);
  if (read?.spec) return read.spec;
  const name = read?.name ?? readFieldName(field.name);
  return name.kind === 'unknown' ? null : name.spec;
}

/** True when the position lies in the range, both ends included. */
export function contains(range: Range, pos: Position): boolean {
  if (pos.line < range.start.line || pos.line > range.end.line) return false;
  if (pos.line === range.start.line && pos.character < range.start.character) return false;
  if (pos.line === range.end.line && pos.character > range.end.character) return false;
  return true;
}

export function markdown(lines: readonly string[]): MarkupContent {
  return { kind: 'markdown', value: lines.join('\n') };
}

/** Escapes text (titles, values as written) for markdown. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}

/** Inline code, safe for any text. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}
