// Reads a parsed note the way a coder meant it ("one slip, one diagnostic"):
// field names and values through their close matches, codes through their
// one reading, duplicate fields merged, codes in the wrong list moved across.
// Rules report from this reading; they never re-derive it.

import type { Note, FieldLine } from './parse';
import type { Classification, Terminology } from './terminology';
import type { Entry } from './entries';
import { fieldEntries } from './entries';
import { FIELDS, FieldName, FieldSpec, NameReading, ValueReading, Approach, ImageControl, readFieldName, readEnumValue } from './fields';
import { CodeShape, readShape, categoryOf, CODE_IN_TEXT } from './codes';

export interface FieldRead {
  field: FieldLine;
  name: NameReading;
  /** What the rules read this field as; null for an unknown name with no reading. */
  spec: FieldSpec | null;
  /** The first field of the same name, when this one repeats it. */
  duplicateOf: FieldRead | null;
  /** For Approach and Image control: the value read. */
  value: ValueReading | null;
}

export interface CodeEntry {
  entry: Entry;
  field: FieldRead;
  writtenIn: Classification;
  /** The classification the rules read it in (the other one when it is in the wrong list). */
  readAs: Classification;
  /** Known only in the other classification: moved there when the tables prove it is no code of its own list. */
  wrongClassification: boolean;
  /**
   * Known only in the other classification, but the tables of its own list do not
   * cover its category, so it may be a code there too (J12.8 is OPCS-4 and ICD-10):
   * read where it is written, and only offered the move.
   */
  perhapsOther: Classification | null;
  /** The shape as written, in the classification it is read in. */
  shape: CodeShape;
  /** The code the rules see: the written code, its slip's reading, or an open category's selected code. */
  code: string | null;
  /** A category left open, when no single subdivision is selected. */
  openCategory: string | null;
  /** The subdivision that the note's documentation selects for an open category. */
  selected: string | null;
  /** An earlier entry of the same field with the same code. */
  repeats: CodeEntry | null;
  /** A well-formed code that a complete table does not have (`code/unknown`, no single reading). */
  unknown: boolean;
}

export type EnumState<T> = { state: 'absent' } | { state: 'known'; value: T; field: FieldRead } | { state: 'unknown'; field: FieldRead };

export interface NoteReading {
  note: Note;
  lines: readonly string[];
  eol: string;
  fields: FieldRead[];
  /** Read fields by name, first (non-duplicate) first. */
  byName: FieldsByName;
  approach: EnumState<Approach>;
  imageControl: EnumState<ImageControl>;
  /** Guidance ids written in Guidance fields, upper case, in order. */
  guidance: string[];
  /** Every code entry as written, in document order. */
  codeEntries: CodeEntry[];
  /** The OPCS-4 and ICD-10 lists as the rules read them. */
  opcs: CodeEntry[];
  icd: CodeEntry[];
  snomed: Entry[];
  /** Whether image control was used; null where the note does not say. */
  imageControlUsed: boolean | null;
  /**
   * A line that reads as no field holds something code-shaped (`OPCS‑4 J12.8`, a name
   * with two slips): codes may be there, so no rule asks for a code as if it were missing.
   */
  codesOnInvalidLines: boolean;
}

export function interpret(note: Note, lines: readonly string[], eol: string, terms: Terminology): NoteReading {
  const fields = readFieldNames(note);
  const byName = new ByName();
  for (const f of fields) {
    if (!f.spec) continue;
    const list = byName.get(f.spec.name);
    if (!list) byName.set(f.spec.name, [f]);
    else {
      f.duplicateOf = list[0];
      list.push(f);
    }
  }
  for (const f of fields) {
    if (f.spec?.kind === 'enum') f.value = f.field.value ? readEnumValue(f.field.value, f.spec.values!) : { kind: 'unknown' };
  }
  const approach = enumState<Approach>(byName.get('Approach'));
  const imageControl = enumState<ImageControl>(byName.get('Image control'));
  const imageControlUsed = isImageControlUsed(approach, imageControl);

  const guidance: string[] = [];
  for (const f of byName.get('Guidance') ?? []) {
    for (const id of f.field.value.split(',')) {
      const t = id.trim().toUpperCase();
      if (t && !guidance.includes(t)) guidance.push(t);
    }
  }

  const reading: NoteReading = {
    note,
    lines,
    eol,
    fields,
    byName,
    approach,
    imageControl,
    guidance,
    codeEntries: [],
    // readCodes sets both lists.
    opcs: UNREAD,
    icd: UNREAD,
    snomed: [],
    imageControlUsed,
    codesOnInvalidLines: note.invalidLines.some((l) => CODE_IN_TEXT.test(lines[l.line] ?? '')) || note.orphanItems.some((i) => CODE_IN_TEXT.test(i.text)),
  };
  readCodes(reading, terms);
  for (const f of byName.get('SNOMED CT') ?? []) for (const e of fieldEntries(f.field, lines, 'snomed')) reading.snomed.push(e);
  return reading;
}

/** A note's read fields by name (`get`, as a Map would answer it). */
export interface FieldsByName {
  get(name: FieldName): FieldRead[] | undefined;
}

const SLOT = new Map<FieldName, number>(FIELDS.map((f, i) => [f.name, i]));

/** One slot per field name (there are ten), not a Map grown for every note. */
class ByName implements FieldsByName {
  private readonly slots: (FieldRead[] | undefined)[] = new Array<FieldRead[] | undefined>(FIELDS.length);

  get(name: FieldName): FieldRead[] | undefined {
    return this.slots[SLOT.get(name)!];
  }

  set(name: FieldName, list: FieldRead[]): void {
    this.slots[SLOT.get(name)!] = list;
  }
}

function readFieldNames(note: Note): FieldRead[] {
  const reads: FieldRead[] = [];
  let close = false;
  for (const field of note.fields) {
    const name = readFieldName(field.name);
    if (name.kind === 'close') close = true;
    reads.push({ field, name, spec: name.kind === 'exact' ? name.spec : null, duplicateOf: null, value: null });
  }
  if (!close) return reads;
  // Renaming is the preferred fix only while the note lacks the field (written exactly, or by an earlier close name).
  const present: FieldName[] = [];
  for (const r of reads) if (r.name.kind === 'exact') present.push(r.name.spec.name);
  for (const r of reads) {
    if (r.name.kind === 'close' && !present.includes(r.name.spec.name)) {
      r.spec = r.name.spec;
      present.push(r.name.spec.name);
    }
  }
  return reads;
}

function enumState<T>(fields: FieldRead[] | undefined): EnumState<T> {
  if (!fields?.length) return { state: 'absent' };
  let value: string | undefined;
  for (const f of fields) {
    if (!f.value || f.value.kind === 'unknown') return { state: 'unknown', field: fields[0] };
    if (value === undefined) value = f.value.value;
    else if (f.value.value !== value) return { state: 'unknown', field: fields[0] };
  }
  return { state: 'known', value: value as T, field: fields[0] };
}

function isImageControlUsed(approach: EnumState<Approach>, image: EnumState<ImageControl>): boolean | null {
  if (image.state === 'known') return image.value !== 'none';
  if (image.state === 'unknown') return null;
  if (approach.state === 'known' && approach.value !== 'not stated') return approach.value === 'percutaneous';
  return null;
}

/** The Image control method the documentation states, 'not stated', or null when unknown / not used. */
export function documentedMethod(reading: NoteReading): string | null {
  if (reading.imageControl.state === 'known') return reading.imageControl.value;
  if (reading.imageControl.state === 'absent' && reading.imageControlUsed) return 'not stated';
  return null;
}

/** What a reading's code lists hold until readCodes sets them: never seen outside interpret. */
const UNREAD = Object.freeze([]) as unknown as CodeEntry[];

function readCodes(reading: NoteReading, terms: Terminology): void {
  const lists: Record<Classification, CodeEntry[]> = { opcs4: [], icd10: [] };
  // Codes moved to the other classification's list, made when one is (rarely).
  let moved: Record<Classification, CodeEntry[]> | null = null;
  const method = documentedMethod(reading);

  // A field holds a few codes: repeats are found by scanning what came before, with no keys or tables built per note.
  for (const f of reading.fields) {
    if (f.spec?.kind !== 'codes') continue;
    const writtenIn = f.spec.classification!;
    const fieldStart = reading.codeEntries.length;
    for (const entry of fieldEntries(f.field, reading.lines, 'codes')) {
      const ce = readEntry(entry, f, writtenIn, terms, method);
      ce.repeats = ce.code ? firstWith(reading.codeEntries, fieldStart, ce.readAs, ce.code) : null;
      reading.codeEntries.push(ce);
      if (ce.repeats) continue;
      const target = ce.wrongClassification ? (moved ??= { opcs4: [], icd10: [] })[ce.readAs] : lists[ce.readAs];
      // A repeated field merges into the first: its codes already there are dropped.
      if (f.duplicateOf && ce.code && target.some((x) => x.code === ce.code)) continue;
      target.push(ce);
    }
  }
  reading.opcs = moved?.opcs4.length ? [...lists.opcs4, ...moved.opcs4] : lists.opcs4;
  reading.icd = moved?.icd10.length ? [...lists.icd10, ...moved.icd10] : lists.icd10;
}

/** The first entry from `start` on read as this code of this classification, that is not itself a repeat. */
function firstWith(entries: readonly CodeEntry[], start: number, readAs: Classification, code: string): CodeEntry | null {
  for (let i = start; i < entries.length; i++) {
    const e = entries[i];
    if (e.code === code && e.readAs === readAs && !e.repeats) return e;
  }
  return null;
}

function readEntry(entry: Entry, field: FieldRead, writtenIn: Classification, terms: Terminology, method: string | null): CodeEntry {
  let readAs = writtenIn;
  let shape = readShape(entry.codeText, writtenIn, terms);
  const candidate = shape.kind === 'ok' ? shape.code : shape.kind === 'malformed' ? shape.reading : shape.category;
  let wrongClassification = false;
  let perhapsOther: Classification | null = null;
  if (candidate) {
    const known = terms.knownIn(candidate.length > 3 ? candidate : categoryOf(candidate));
    const other: Classification = writtenIn === 'opcs4' ? 'icd10' : 'opcs4';
    if (known.length === 1 && known[0] === other) {
      // Letters overlap between the two: only a table that lists the category completely can say "not here".
      if (terms.coversCompletely(writtenIn, categoryOf(candidate))) {
        wrongClassification = true;
        readAs = other;
        shape = readShape(entry.codeText, other, terms);
      } else perhapsOther = other;
    }
  }
  // A slip is read as its one reading, which may itself be an open category.
  const effective = shape.kind === 'malformed' && shape.reading ? readShape(shape.reading, readAs, terms) : shape;
  let code: string | null = null;
  let openCategory: string | null = null;
  let selected: string | null = null;
  if (effective.kind === 'ok') code = effective.code;
  else if (effective.kind === 'incomplete') {
    selected = selectSubdivision(effective.category, readAs, terms, method);
    if (selected) code = selected;
    else openCategory = effective.category;
  }
  const unknown = code !== null && !terms.lookup(readAs, code) && terms.coversCompletely(readAs, categoryOf(code));
  return { entry, field, writtenIn, readAs, wrongClassification, perhapsOther, shape, code, openCategory, selected, repeats: null, unknown };
}

/** The subdivision of an open Y53/Y68 category that the note's Image control selects. */
function selectSubdivision(category: string, cls: Classification, terms: Terminology, method: string | null): string | null {
  if (cls !== 'opcs4' || !method || method === 'none') return null;
  if (!terms.imageControlCategories.includes(category)) return null;
  const code = terms.imageControlCode(method);
  return code && categoryOf(code) === category ? code : null;
}

/**
 * A function of a reading, computed once per reading: what fixes need of the
 * whole note (a field's entries, where a field goes) is asked for every entry,
 * and a note may have 100,000 entries.
 */
export function perReading<T>(compute: (reading: NoteReading) => T): (reading: NoteReading) => T {
  const cache = new WeakMap<NoteReading, T>();
  return (reading) => {
    if (cache.has(reading)) return cache.get(reading)!;
    const value = compute(reading);
    cache.set(reading, value);
    return value;
  };
}

/** Field names in the order a missing field is added. */
export const FIELD_ORDER: readonly FieldName[] = FIELDS.map((f) => f.name);
