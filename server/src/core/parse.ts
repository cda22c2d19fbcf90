// The note parser: text → NoteFile. It never throws; every node keeps its range.
// It classifies lines and groups them into notes and fields. What the fields
// mean (known names, values, codes) is read later, in interpret.ts.

import type { Range } from './types';
import { lineRange } from './types';
import { LineTable, splitLines } from './text';

export interface Directive {
  kind: 'disable' | 'disable-next-line';
  /** Rule ids as written, with their ranges. */
  rules: { id: string; range: Range }[];
  reason: string | null;
  /** The whole directive comment, from `#` to the end of the line. */
  range: Range;
}

export interface CommentLine {
  line: number;
  text: string;
  range: Range;
  directive: Directive | null;
}

export interface ItemLine {
  line: number;
  /** The item text, trimmed. */
  text: string;
  range: Range;
  /** The leading white space as written. */
  indent: string;
}

export interface FieldLine {
  line: number;
  /** The name as written (trimmed). */
  name: string;
  nameRange: Range;
  /** The inline value, trimmed; '' when empty. */
  value: string;
  /** Range of the trimmed value; an empty range just after the colon when there is none. */
  valueRange: Range;
  items: ItemLine[];
  /** The last line that belongs to this field: the field line or its last item. */
  lastLine: number;
}

export interface Note {
  index: number;
  /** First line of the note (the line after a separator, or 0). */
  startLine: number;
  /** Last line of the note, before the next separator or the end. */
  endLine: number;
  fields: FieldLine[];
  comments: CommentLine[];
  /** Lines that are no blank, comment, separator, field or item. */
  invalidLines: { line: number; range: Range }[];
  /** Indented lines with no field above them in the note. */
  orphanItems: ItemLine[];
}

export interface NoteFile {
  table: LineTable;
  notes: Note[];
  /** 1 when the text starts with a byte order mark (kept out of every range's meaning). */
  bom: number;
}

const FIELD = /^([A-Za-z][A-Za-z0-9 _\-]*?)[ \t]*:(.*)$/;
const SEPARATOR = /^-{3,}\s*$/;
const DIRECTIVE = /^#\s*coding-notes-(disable-next-line|disable)(?![\w-])(.*)$/;

export function parse(text: string): NoteFile {
  const table = splitLines(text);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const notes: Note[] = [];
  let note = newNote(0, 0);
  let field: FieldLine | null = null;

  for (let line = 0; line < table.lines.length; line++) {
    const start = line === 0 ? bom : 0;
    const raw = start ? table.lines[line].slice(start) : table.lines[line];
    const trimmedStart = raw.length - raw.trimStart().length;

    if (raw.trim() === '') continue;

    if (raw[trimmedStart] === '#') {
      const trimmed = raw.trimEnd();
      const from = start + trimmedStart;
      const commentRange = lineRange(line, from, start + trimmed.length);
      note.comments.push({
        line,
        text: trimmed.slice(trimmedStart),
        range: commentRange,
        directive: parseDirective(trimmed.slice(trimmedStart), line, from),
      });
      continue;
    }

    if (trimmedStart === 0 && SEPARATOR.test(raw)) {
      note.endLine = line - 1;
      notes.push(note);
      note = newNote(notes.length, line + 1);
      field = null;
      continue;
    }

    if (trimmedStart > 0) {
      const text = raw.trim();
      const item: ItemLine = {
        line,
        text,
        range: lineRange(line, start + trimmedStart, start + trimmedStart + text.length),
        indent: raw.slice(0, trimmedStart),
      };
      if (field) {
        field.items.push(item);
        field.lastLine = line;
      } else {
        note.orphanItems.push(item);
      }
      continue;
    }

    const m = FIELD.exec(raw);
    if (m) {
      const name = m[1];
      const colon = raw.indexOf(':', name.length);
      const afterColon = raw.slice(colon + 1);
      const lead = afterColon.length - afterColon.trimStart().length;
      const value = afterColon.trim();
      const valueStart = value ? start + colon + 1 + lead : start + colon + 1;
      field = {
        line,
        name,
        nameRange: lineRange(line, start, start + name.length),
        value,
        valueRange: lineRange(line, valueStart, valueStart + value.length),
        items: [],
        lastLine: line,
      };
      note.fields.push(field);
      continue;
    }

    note.invalidLines.push({ line, range: lineRange(line, start, start + raw.trimEnd().length) });
    field = null;
  }
  note.endLine = table.lines.length - 1;
  notes.push(note);
  return { table, notes, bom };
}

function newNote(index: number, startLine: number): Note {
  return { index, startLine, endLine: startLine, fields: [], comments: [], invalidLines: [], orphanItems: [] };
}

function parseDirective(comment: string, line: number, from: number): Directive | null {
  const m = DIRECTIVE.exec(comment);
  if (!m) return null;
  const kind = m[1] as Directive['kind'];
  let body = m[2];
  const bodyStart = comment.length - body.length;
  let reason: string | null = null;
  const sep = body.search(/\s--(\s|$)/);
  if (sep >= 0) {
    reason = body.slice(sep).replace(/^\s--/, '').trim();
    body = body.slice(0, sep);
  }
  const rules: Directive['rules'] = [];
  const re = /[^\s,]+/g;
  let r: RegExpExecArray | null;
  while ((r = re.exec(body))) {
    const at = from + bodyStart + r.index;
    rules.push({ id: r[0], range: lineRange(line, at, at + r[0].length) });
  }
  return { kind, rules, reason, range: lineRange(line, from, from + comment.length) };
}

/** True for a note with only blank and comment lines. */
export function isEmptyNote(note: Note): boolean {
  return note.fields.length === 0 && note.invalidLines.length === 0 && note.orphanItems.length === 0;
}
