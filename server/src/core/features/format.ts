// Formatting, for the document or a range of lines. It writes:
//  - canonical field names (for names that read exactly as one, in any case or
//    spacing: a misspelt name is a diagnostic with a fix, not a format) and
//    `Name: value` spacing;
//  - upper-case codes and `, ` between inline entries, a title's inner white
//    space folded to single spaces; canonical Approach and Image control values
//    and upper-case guidance ids where they read exactly;
//  - the indentation of a list's first item for every item of the list.
// It never moves a line, never touches comments, separators, invalid lines or
// free text (Episode, Procedure, Diagnosis, Comment values and whatever an
// unknown field holds), and formatting twice gives the same text as once: a
// code list whose formatted value would split into other entries is left as
// written.

import type { Range, TextEdit } from '../types';
import { lineRange } from '../types';
import { parse } from '../parse';
import type { FieldLine, NoteFile } from '../parse';
import { readEnumValue, readFieldName } from '../fields';
import type { FieldSpec } from '../fields';
import { fieldEntries } from '../entries';
import { applyEdits } from '../text';

/** Edits that format the whole document. */
export function formatDocument(text: string): TextEdit[] {
  return formatFile(parse(text), () => true);
}

/** Edits that format the lines a range touches (a range ending at column 0 stops at the line before). */
export function formatRange(text: string, range: Range): TextEdit[] {
  const first = range.start.line;
  let last = range.end.line;
  if (range.end.character === 0 && last > first) last--;
  return formatFile(parse(text), (line) => line >= first && line <= last);
}

/** The formatted text. */
export function formatText(text: string): string {
  return applyEdits(text, formatDocument(text));
}

function formatFile(file: NoteFile, inRange: (line: number) => boolean): TextEdit[] {
  const edits: TextEdit[] = [];
  const lines = file.table.lines;
  const replace = (line: number, newText: string) => {
    const old = lines[line];
    if (old === newText) return;
    // Only the characters that change, so the cursor and selections stay put.
    let p = 0;
    while (p < old.length && p < newText.length && old[p] === newText[p]) p++;
    let s = 0;
    while (s < old.length - p && s < newText.length - p && old[old.length - 1 - s] === newText[newText.length - 1 - s]) s++;
    edits.push({ range: lineRange(line, p, old.length - s), newText: newText.slice(p, newText.length - s) });
  };
  for (const note of file.notes) {
    for (const field of note.fields) {
      const reading = readFieldName(field.name);
      const spec = reading.kind === 'exact' ? reading.spec : null;
      // A line read through a slip is the diagnostic's fix to make, not the formatter's.
      if (inRange(field.line) && !field.repair) replace(field.line, fieldLine(file, field, spec));
      if (!spec || (spec.kind !== 'codes' && spec.kind !== 'snomed') || !field.items.length) continue;
      const indent = field.items[0].indent;
      for (const item of field.items) {
        if (!inRange(item.line)) continue;
        replace(item.line, indent + (spec.kind === 'codes' ? formatItem(item.text, indent) : item.text));
      }
    }
  }
  return edits;
}

function fieldLine(file: NoteFile, field: FieldLine, spec: FieldSpec | null): string {
  const raw = file.table.lines[field.line];
  const prefix = raw.slice(0, field.line === 0 ? file.bom : 0);
  const name = spec ? spec.name : field.name;
  let value: string;
  if (!field.value) value = '';
  else if (!spec || spec.kind === 'text') {
    // Free text stays byte for byte, trailing white space included.
    value = raw.slice(field.valueRange.start.character);
  } else if (spec.kind === 'enum') {
    const read = readEnumValue(field.value, spec.values!);
    value = read.kind === 'exact' ? read.value : field.value;
  } else if (spec.kind === 'guidance') {
    value = formatGuidance(field.value);
  } else if (spec.kind === 'codes') {
    value = formatCodeValue(field, file.table.lines);
  } else {
    value = field.value;
  }
  return `${prefix}${name}:${value ? ` ${value}` : ''}`;
}

function formatGuidance(value: string): string {
  const ids = value.split(',').map((s) => s.trim());
  return ids.every((id) => /^[A-Za-z][A-Za-z0-9-]*$/.test(id)) ? ids.map((id) => id.toUpperCase()).join(', ') : value;
}

interface CodeAndTitle {
  code: string;
  title: string | null;
}

/** A code-shaped start: a letter and a digit, perhaps with a space between. */
const CODE_SHAPED = /^[A-Za-z]\s?\d/;

function formatEntry(code: string, title: string | null): CodeAndTitle {
  return {
    code: CODE_SHAPED.test(code) ? code.toUpperCase() : code,
    title: title === null ? null : title.replace(/\s+/g, ' '),
  };
}

function written(e: CodeAndTitle): string {
  return e.title ? `${e.code} ${e.title}` : e.code;
}

function same(a: readonly CodeAndTitle[], b: readonly CodeAndTitle[]): boolean {
  return a.length === b.length && a.every((x, i) => x.code === b[i].code && x.title === b[i].title);
}

function formatCodeValue(field: FieldLine, lines: readonly string[]): string {
  const entries = fieldEntries(field, lines, 'codes').filter((e) => e.inline);
  const formatted = entries.map((e) => formatEntry(e.codeText, e.title));
  const value = formatted.map(written).join(', ');
  // Folding a title's spaces or a comma's could make the list read otherwise: then it stays as written.
  return same(inlineEntries(value), formatted) ? value : field.value;
}

function formatItem(text: string, indent: string): string {
  const [entry] = itemEntries(text, indent);
  const formatted = formatEntry(entry.code, entry.title);
  const out = written(formatted);
  return same(itemEntries(out, indent), [formatted]) ? out : text;
}

/** How the parser splits an inline code-list value. */
function inlineEntries(value: string): CodeAndTitle[] {
  const line = `OPCS-4: ${value}`;
  const field: FieldLine = {
    line: 0,
    name: 'OPCS-4',
    nameRange: lineRange(0, 0, 6),
    value,
    valueRange: lineRange(0, 8, 8 + value.length),
    items: [],
    lastLine: 0,
    repair: null,
  };
  return fieldEntries(field, [line], 'codes').map((e) => ({ code: e.codeText, title: e.title }));
}

/** How the parser splits an item line's text. */
function itemEntries(text: string, indent: string): CodeAndTitle[] {
  const lines = ['OPCS-4:', indent + text];
  const field: FieldLine = {
    line: 0,
    name: 'OPCS-4',
    nameRange: lineRange(0, 0, 6),
    value: '',
    valueRange: lineRange(0, 7, 7),
    items: [{ line: 1, text, range: lineRange(1, indent.length, indent.length + text.length), indent }],
    lastLine: 1,
    repair: null,
  };
  return fieldEntries(field, lines, 'codes').map((e) => ({ code: e.codeText, title: e.title }));
}
