// Document symbols: one per note, named by its Episode (or "Note N"), with its
// fields as children and, under a code list, its codes. Built from the parse
// alone (no terminology, no rules), in one pass over the notes, so the outline
// of a 10,000-note list costs what parsing it costs.

import type { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import type { Range } from '../types';
import { range } from '../types';
import { parse, isEmptyNote } from '../parse';
import type { Note, FieldLine, NoteFile } from '../parse';
import { readFieldName } from '../fields';
import type { FieldSpec, NameReading } from '../fields';
import { fieldEntries } from '../entries';

const Kind = {
  Field: 8,
  Constant: 14,
  String: 15,
  Array: 18,
  EnumMember: 22,
  Struct: 23,
} as const satisfies Record<string, SymbolKind>;

/** Details longer than this are cut (a Comment can run on). */
const MAX_DETAIL = 80;

export function documentSymbols(text: string): DocumentSymbol[] {
  return noteSymbols(parse(text));
}

export function noteSymbols(file: NoteFile): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const note of file.notes) {
    if (isEmptyNote(note)) continue;
    const symbol = noteSymbol(file, note);
    if (symbol) out.push(symbol);
  }
  return out;
}

/** The lines of a note that hold something: from its first to its last non-blank line. */
export function contentLines(file: NoteFile, note: Note): { first: number; last: number } | null {
  const lines = file.table.lines;
  let first = note.startLine;
  let last = Math.min(note.endLine, lines.length - 1);
  while (first <= last && lines[first].trim().replace(/^\uFEFF/, '') === '') first++;
  while (last >= first && lines[last].trim() === '') last--;
  return first <= last ? { first, last } : null;
}

function noteSymbol(file: NoteFile, note: Note): DocumentSymbol | null {
  const span = contentLines(file, note);
  if (!span) return null;
  const lines = file.table.lines;
  const whole = range(span.first, 0, span.last, lines[span.last].length);
  const specs = note.fields.map((f) => readFieldName(f.name));
  const episodeAt = specs.findIndex((s) => s.kind !== 'unknown' && s.spec.name === 'Episode');
  const episode = episodeAt >= 0 ? note.fields[episodeAt] : null;
  const procedureAt = specs.findIndex((s) => s.kind !== 'unknown' && s.spec.name === 'Procedure');
  const first = note.fields[0] ?? null;
  const selection: Range = episode?.value ? episode.valueRange : episode ? episode.nameRange : first ? first.nameRange : whole;
  return {
    name: episode?.value || `Note ${note.index + 1}`,
    detail: procedureAt >= 0 ? cut(note.fields[procedureAt].value) : undefined,
    kind: Kind.Struct,
    range: whole,
    selectionRange: selection,
    children: note.fields.map((f, i) => fieldSymbol(file, f, specs[i])),
  };
}

function fieldSymbol(file: NoteFile, field: FieldLine, reading: NameReading): DocumentSymbol {
  const lines = file.table.lines;
  const fieldSpec: FieldSpec | null = reading.kind === 'unknown' ? null : reading.spec;
  const whole = range(field.line, field.nameRange.start.character, field.lastLine, lines[field.lastLine].trimEnd().length);
  const isList = fieldSpec?.kind === 'codes' || fieldSpec?.kind === 'snomed';
  const children = isList
    ? fieldEntries(field, lines, fieldSpec.kind as 'codes' | 'snomed').map((e): DocumentSymbol => ({
        name: e.codeText,
        detail: e.title ? cut(e.title) : undefined,
        kind: Kind.Constant,
        range: e.range,
        selectionRange: e.codeRange,
      }))
    : undefined;
  const listed = field.items.length && !field.value ? children?.map((c) => c.name).join(', ') : field.value;
  return {
    // A name read through a close match or alias keeps its spelling: the outline shows what is written.
    name: reading.kind === 'exact' ? reading.spec.name : field.name,
    detail: cut(listed ?? field.value) || undefined,
    kind: isList ? Kind.Array : fieldSpec?.kind === 'enum' ? Kind.EnumMember : fieldSpec ? Kind.Field : Kind.String,
    range: whole,
    selectionRange: field.nameRange,
    ...(children ? { children } : {}),
  };
}

function cut(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}
