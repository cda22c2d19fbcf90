// Builds the text edits of fixes, following the catalogue's "How fixes edit":
// inline lists get `, ` between codes, item lists get a new line with the same
// indentation (code and title), and missing fields are added in field order.

import type { TextEdit } from './types';
import { lineRange, range } from './types';
import type { NoteReading, CodeEntry, FieldRead } from './interpret';
import { perReading } from './interpret';
import type { Entry } from './entries';
import { fieldEntries } from './entries';
import type { Classification, Terminology } from './terminology';
import { FIELDS, FieldName, fieldOrder } from './fields';

export const LIST_FIELD: Record<Classification, FieldName> = { opcs4: 'OPCS-4', icd10: 'ICD-10' };

function itemText(terms: Terminology, cls: Classification, code: string): string {
  const info = terms.lookup(cls, code);
  return info ? `${code} ${info.insertTitle}` : code;
}

/** A new line after `line` (or at the end of the file when it is the last line). */
function insertLineAfter(reading: NoteReading, line: number, text: string): TextEdit {
  if (line >= reading.lines.length - 1) {
    const end = reading.lines[line].length;
    return { range: lineRange(line, end, end), newText: reading.eol + text };
  }
  return { range: range(line + 1, 0, line + 1, 0), newText: text + reading.eol };
}

function insertLineBefore(reading: NoteReading, line: number, text: string): TextEdit {
  return { range: range(line, 0, line, 0), newText: text + reading.eol };
}

/** Inserts a code (or an entry's text) right after an entry. */
export function insertAfterEntry(reading: NoteReading, after: Entry, text: string, itemForm: string): TextEdit {
  if (after.inline) {
    const end = after.range.end;
    return { range: { start: end, end }, newText: `, ${text}` };
  }
  return insertLineAfter(reading, after.line, after.indent + itemForm);
}

/** Inserts a code (or an entry's text) right before an entry. */
export function insertBeforeEntry(reading: NoteReading, before: Entry, text: string, itemForm: string): TextEdit {
  if (before.inline) {
    const start = before.range.start;
    return { range: { start, end: start }, newText: `${text}, ` };
  }
  return insertLineBefore(reading, before.line, before.indent + itemForm);
}

/** The first field of each list, and its entries as written (including repeats and wrong-list codes). */
const listFields = perReading((reading) => {
  const list = (cls: Classification) => {
    const field = reading.byName.get(LIST_FIELD[cls])?.[0];
    return field ? { field, entries: fieldEntries(field.field, reading.lines, 'codes') } : null;
  };
  return { opcs4: list('opcs4'), icd10: list('icd10') };
});

function listField(reading: NoteReading, cls: Classification): { field: FieldRead; entries: readonly Entry[] } | null {
  return listFields(reading)[cls];
}

/** Puts a value into a field that has none: `OPCS-4:` becomes `OPCS-4: J12.8`. */
function fillEmptyField(reading: NoteReading, field: FieldRead, text: string): TextEdit {
  const line = field.field.line;
  const start = field.field.valueRange.start.character;
  return { range: lineRange(line, start, reading.lines[line].length), newText: ` ${text}` };
}

export type Placement = { first: true } | { after: CodeEntry | null } | { end: true };

/**
 * Inserts a code into a list: first, right after an entry, or at the end.
 * Adds the field when the note has none.
 */
export function insertCode(reading: NoteReading, terms: Terminology, cls: Classification, code: string, where: Placement, written?: string): TextEdit[] {
  const text = written ?? code;
  const itemForm = written ?? itemText(terms, cls, code);
  const list = listField(reading, cls);
  if (!list) return [addField(reading, LIST_FIELD[cls], text)];
  if (!list.entries.length) return [fillEmptyField(reading, list.field, text)];
  if ('after' in where && where.after) return [insertAfterEntry(reading, where.after.entry, text, itemForm)];
  if ('end' in where) return [insertAfterEntry(reading, list.entries[list.entries.length - 1], text, itemForm)];
  return [insertBeforeEntry(reading, list.entries[0], text, itemForm)];
}

/** Adds a field after the last field that comes before it in the canonical order. */
export function addField(reading: NoteReading, name: FieldName, value: string): TextEdit {
  const anchor = fieldAnchors(reading)[fieldOrder(name)];
  const text = `${name}: ${value}`;
  if (anchor) return insertLineAfter(reading, anchor.field.lastLine, text);
  return insertLineBefore(reading, reading.fields[0].field.line, text);
}

/** For each place in the field order, the last field (by line) that comes before it: where a missing field goes. */
const fieldAnchors = perReading((reading) => {
  const anchors: (FieldRead | null)[] = [];
  for (let order = 0; order < FIELDS.length; order++) {
    let anchor: FieldRead | null = null;
    for (const f of reading.fields) {
      if (f.spec && fieldOrder(f.spec.name) < order && (!anchor || f.field.line > anchor.field.line)) anchor = f;
    }
    anchors.push(anchor);
  }
  return anchors;
});

/** Replaces an entry's code; a written title is kept only if it belongs to the new code. */
export function replaceCode(terms: Terminology, entry: CodeEntry, code: string): TextEdit {
  const e = entry.entry;
  let text = code;
  if (e.title) {
    const info = terms.lookup(entry.readAs, code);
    if (info && terms.titleMatches(info, e.title)) text = `${code} ${e.title}`;
    else if (info) text = `${code} ${info.insertTitle}`;
  }
  return { range: e.range, newText: text };
}

export function removeEntry(entry: Entry): TextEdit {
  return { range: entry.removeRange, newText: '' };
}

/** Moves an entry in front of another one. */
export function moveBefore(reading: NoteReading, moving: Entry, before: Entry): TextEdit[] {
  return [removeEntry(moving), insertBeforeEntry(reading, before, moving.text, moving.text)];
}
