// The note parser: text → NoteFile. It never throws; every node keeps its range.
// It classifies lines and groups them into notes and fields. What the fields
// mean (values, codes) is read later, in interpret.ts; the parser knows the
// field names only to read a field line with one slip as that field.

import type { Range, TextEdit } from './types';
import { lineRange } from './types';
import { LineTable, splitLines } from './text';
import { FIELDS, FIELD_ALIASES, fieldSpec, readEnumValue, readFieldName } from './fields';
import type { FieldSpec } from './fields';
import { isLetter, isNameChar, isBlank, isLineSeparator, isSpace } from './chars';
import { fieldLine, ItemNode } from './field-node';

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

/**
 * A field line with one slip, read as the field it was meant to be
 * (`syntax/invalid-line` reports it, with `edits` as its preferred fix):
 * `colon` a known name and a value with no colon between, `indent` a field
 * line indented as if it were an item, `name` a known name written with a
 * tab, a non-breaking space or a Unicode dash.
 */
export interface FieldRepair {
  kind: 'colon' | 'indent' | 'name';
  /** The line's text as written, trimmed. */
  written: string;
  edits: TextEdit[];
}

export interface FieldLine {
  line: number;
  /** The name as written (trimmed); for a name repaired, the canonical name. */
  name: string;
  nameRange: Range;
  /** The inline value, trimmed; '' when empty. */
  value: string;
  /** Range of the trimmed value; an empty range just after the colon when there is none. */
  valueRange: Range;
  items: ItemLine[];
  /** The last line that belongs to this field: the field line or its last item. */
  lastLine: number;
  /** The slip this line was read through, or null for a well-written field line. */
  repair: FieldRepair | null;
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

const SEPARATOR = /^-{3,}\s*$/;
const DIRECTIVE = /^#\s*coding-notes-(disable-next-line|disable)(?![\w-])(.*)$/;

export function parse(text: string): NoteFile {
  const table = splitLines(text);
  const bom = bomOf(text);
  const notes: Note[] = [];
  for (const note of readNotes(table, bom)) notes.push(note);
  return { table, notes, bom };
}

/** A line (the byte order mark left out) that separates two notes: `---` or more, then only white space. */
export function isSeparator(raw: string): boolean {
  return raw.charCodeAt(0) === 45 /* - */ && SEPARATOR.test(raw);
}

/** 1 when the text starts with a byte order mark. */
export function bomOf(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/**
 * The notes of a split text, one at a time, as `parse` reads them: a caller that
 * is done with each note before the next (the engine's check) keeps no tree of
 * the whole file alive.
 */
export function* readNotes(table: Pick<LineTable, 'lines'>, bom: number, span?: NoteSpan): Generator<Note, void, undefined> {
  let index = span?.index ?? 0;
  const to = span?.to ?? table.lines.length;
  let note = newNote(index, span?.from ?? 0);
  let field: FieldLine | null = null;

  for (let line = note.startLine; line < to; line++) {
    const start = line === 0 ? bom : 0;
    const raw = start ? table.lines[line].slice(start) : table.lines[line];
    let trimmedStart = 0;
    while (trimmedStart < raw.length && isSpace(raw.charCodeAt(trimmedStart))) trimmedStart++;

    if (trimmedStart === raw.length) continue;

    if (raw.charCodeAt(trimmedStart) === 35 /* # */) {
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

    if (trimmedStart === 0 && isSeparator(raw)) {
      note.endLine = line - 1;
      yield note;
      note = newNote(++index, line + 1);
      field = null;
      continue;
    }

    // A field line indented as if it were an item (the editor indents after `OPCS-4:`).
    const indented = trimmedStart > 0 ? fieldName(raw.slice(trimmedStart)) : null;
    if (indented !== null && isKnownName(indented)) {
      field = fieldLine(line, start + trimmedStart, raw.slice(trimmedStart), indented, {
        kind: 'indent',
        written: raw.trim(),
        edits: [{ range: lineRange(line, start, start + trimmedStart), newText: '' }],
      });
      note.fields.push(field);
      continue;
    }

    if (trimmedStart > 0) {
      const text = raw.trim();
      const item: ItemLine = new ItemNode(line, text, start + trimmedStart, raw.slice(0, trimmedStart));
      if (field) {
        field.items.push(item);
        field.lastLine = line;
      } else {
        note.orphanItems.push(item);
      }
      continue;
    }

    const name = fieldName(raw);
    const repaired = name === null ? repairFieldLine(raw, line, start, note) : null;
    if (name !== null || repaired) {
      field = name !== null ? fieldLine(line, start, raw, name, null) : repaired!;
      note.fields.push(field);
      continue;
    }

    note.invalidLines.push({ line, range: lineRange(line, start, start + raw.trimEnd().length) });
    field = null;
  }
  note.endLine = to - 1;
  yield note;
}

/** Lines `from` to `to` (excluded) of a split text, read as if the notes before them were there: their first note is number `index`. */
export interface NoteSpan {
  from: number;
  to: number;
  index: number;
}

/**
 * The name of a field line, `NAME:VALUE`, or null when the line is not one: NAME
 * is a letter, then letters, digits, spaces, `_` and `-`, and may be followed by
 * spaces and tabs before the first colon (which are not part of it); VALUE is
 * anything but a line separator (U+2028, U+2029). One pass over the line: the
 * regular expression this replaces, `^([A-Za-z][A-Za-z0-9 _\-]*?)[ \t]*:(.*)$`,
 * took time quadratic in a run of spaces.
 */
export function fieldName(text: string): string | null {
  if (!isLetter(text.charCodeAt(0))) return null;
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  let end = colon;
  while (end > 1 && isBlank(text.charCodeAt(end - 1))) end--;
  for (let i = 1; i < end; i++) if (!isNameChar(text.charCodeAt(i))) return null;
  for (let i = colon + 1; i < text.length; i++) if (isLineSeparator(text.charCodeAt(i))) return null;
  return text.slice(0, end);
}

/** A field name or alias, as written (any case, white space folded). */
function isKnownName(name: string): boolean {
  return readFieldName(name).kind === 'exact' || FIELD_ALIASES[name.trim().replace(/\s+/g, ' ').toLowerCase()] !== undefined;
}

/** Every field name and alias, longest first, each as a pattern that folds white space. */
const NAME_PATTERNS = [...FIELDS.map((f) => f.name as string), ...Object.keys(FIELD_ALIASES)]
  .sort((a, b) => b.length - a.length)
  .map((n) => new RegExp(`^${n.replace(/[-]/g, '\\-').replace(/ /g, '[ \\t]+')}(?=[ \\t\\u00a0])`, 'i'));

/**
 * Whether a line that starts with a field name and no colon is that field:
 * the note has no such field yet (else the line is more likely a remark), and
 * the rest is what the field holds: a code for a code list, an id for
 * Guidance, a value for Approach and Image control, any text for free text.
 * `OPCS-4 codes checked by AB` stays an invalid line.
 */
function readsAsValue(name: string, value: string, note: Note): boolean {
  if (!value) return false;
  const spec = specOf(name);
  if (!spec || hasField(note, spec.name)) return false;
  switch (spec.kind) {
    case 'codes':
      return /^[A-Za-z] ?\d/.test(value);
    case 'snomed':
      return /^\d/.test(value);
    case 'guidance':
      return /^[A-Za-z]+\d+\b/.test(value);
    case 'enum':
      return readEnumValue(value, spec.values!).kind !== 'unknown';
    default:
      return true;
  }
}

/** The fields each note has so far, read as the parser adds them: asking is not a scan of the note (100,000 lines may ask). */
const fieldsSeen = new WeakMap<Note, { count: number; names: Set<string> }>();

function hasField(note: Note, name: string): boolean {
  let seen = fieldsSeen.get(note);
  if (!seen) fieldsSeen.set(note, (seen = { count: 0, names: new Set() }));
  for (; seen.count < note.fields.length; seen.count++) {
    const spec = specOf(note.fields[seen.count].name);
    if (spec) seen.names.add(spec.name);
  }
  return seen.names.has(name);
}

/** The field a name or alias stands for. */
function specOf(name: string): FieldSpec | null {
  const reading = readFieldName(name);
  if (reading.kind === 'exact') return reading.spec;
  const alias = FIELD_ALIASES[name.trim().replace(/\s+/g, ' ').toLowerCase()];
  return alias ? fieldSpec(alias) : null;
}

/** Characters a name picks up from other editors and web pages, where it has a space or a hyphen. */
const ODD_SPACE = /[\t\u00a0]/g;
const ODD_DASH = /[\u2010-\u2015\u2212]/g;

/** A column-0 line that is a field line after one repair: a name written oddly, or a missing colon. */
function repairFieldLine(raw: string, line: number, start: number, note: Note): FieldLine | null {
  const text = raw.trimEnd();
  const colon = text.indexOf(':');
  if (colon > 0) {
    const written = text.slice(0, colon).trimEnd();
    const plain = written.replace(ODD_SPACE, ' ').replace(ODD_DASH, '-');
    const reading = plain !== written ? readFieldName(plain) : null;
    if (reading?.kind === 'exact' && /[ -]/.test(reading.spec.name)) {
      const canonical = reading.spec.name;
      const f = fieldLine(line, start, raw, written, {
        kind: 'name',
        written: text,
        edits: [{ range: lineRange(line, start, start + written.length), newText: canonical }],
      });
      f.name = canonical;
      return f;
    }
  }
  for (const pattern of NAME_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const rest = text.slice(m[0].length);
    const name = m[0];
    if (!readsAsValue(name, rest.trim(), note)) return null;
    // Read as if the colon were there: `Image control ultrasound` is `Image control: ultrasound`.
    const f = fieldLine(line, start, `${name}:${rest}`, name, {
      kind: 'colon',
      written: text,
      edits: [{ range: lineRange(line, start + name.length, start + name.length), newText: ':' }],
    });
    // Positions after the name are shifted back by the colon that is not there.
    if (f.value) f.valueRange = lineRange(line, f.valueRange.start.character - 1, f.valueRange.end.character - 1);
    else f.valueRange = lineRange(line, start + name.length, start + name.length);
    return f;
  }
  return null;
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
