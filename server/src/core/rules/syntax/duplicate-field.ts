// `syntax/duplicate-field`: a field given twice in one note; repeated lists merge into the first.

import type { Rule, RawFinding } from '../rule';
import { NO_FINDINGS } from '../rule';
import type { Fix, TextEdit } from '../../types';
import { range } from '../../types';
import type { FieldRead, NoteReading } from '../../interpret';
import { fieldEntries, Entry } from '../../entries';

const isList = (kind: string) => kind === 'codes' || kind === 'guidance' || kind === 'snomed';

export const duplicateField: Rule = {
  id: 'syntax/duplicate-field',
  defaultSeverity: 'warning',
  summary: 'A field given more than once in one note.',
  doc: { file: 'syntax/duplicate-field' },
  check(note) {
    if (!hasRepeat(note)) return NO_FINDINGS;
    const out: RawFinding[] = [];
    // The repeats of each list field. The first repeat that can be merged merges every later one too,
    // so fix-all merges a field repeated any number of times in one pass (a pass per repeat never ends).
    const repeatsOf = new Map<FieldRead, FieldRead[]>();
    const place = new Map<FieldRead, number>();
    for (const f of note.fields) {
      if (!f.duplicateOf || !f.spec || !isList(f.spec.kind)) continue;
      const list = repeatsOf.get(f.duplicateOf) ?? [];
      place.set(f, list.length);
      list.push(f);
      repeatsOf.set(f.duplicateOf, list);
    }
    const mergedAll = new Set<FieldRead>();
    for (const f of note.fields) {
      if (!f.duplicateOf || !f.spec) continue;
      const first = f.duplicateOf;
      const fixes: Fix[] = [];
      // Where the first one is goes in `related`, not in the message: the message stays true wherever the note moves.
      let message = `\`${f.spec.name}\` is already given earlier in this note; a note has each field once.`;
      let firstHere = `\`${f.spec.name}\` first given here`;
      const kind = f.spec.kind;
      if (isList(kind)) {
        const all = !mergedAll.has(first);
        const merge = mergeEdits(note, first, all ? repeatsOf.get(first)!.slice(place.get(f)) : [f]);
        if (merge) {
          if (all) mergedAll.add(first);
          const title = merge.fields > 1 ? `Merge this and the later '${f.spec.name}' lines into the first` : `Merge into the '${f.spec.name}' line above`;
          fixes.push({ title, preferred: true, kind: 'layout', edits: merge.edits });
        }
        message += ' Merge the two lists.';
      } else if (kind === 'enum' && f.value?.kind !== 'unknown' && first.value?.kind !== 'unknown' && f.value?.value === first.value?.value) {
        fixes.push({ title: `Remove the repeated '${f.spec.name}' line`, preferred: true, kind: 'layout', edits: removeFieldLines(note, [f]) });
      } else if (kind === 'enum') {
        message = `\`${f.spec.name}\` is given twice with different values (here and earlier in this note); the note must say one.`;
        firstHere = `\`${f.spec.name}\` first given here, with another value`;
      }
      out.push({ range: f.field.nameRange, message, fixes, related: [{ range: first.field.nameRange, message: firstHere }] });
    }
    return out;
  },
};

/**
 * Removes field lines and their item lines, never the comments among them:
 * one edit per run of adjacent lines (a run that ends the document takes the
 * line break before it instead of the one after).
 */
function removeFieldLines(note: NoteReading, fields: readonly FieldRead[]): TextEdit[] {
  const lines = fields.flatMap((f) => [f.field.line, ...f.field.items.map((i) => i.line)]).sort((a, b) => a - b);
  const edits: TextEdit[] = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] <= lines[j] + 1) j++;
    const [a, b] = [lines[i], lines[j]];
    if (b < note.lines.length - 1) edits.push({ range: range(a, 0, b + 1, 0), newText: '' });
    else if (a > 0) edits.push({ range: range(a - 1, note.lines[a - 1].length, b, note.lines[b].length), newText: '' });
    else edits.push({ range: range(a, 0, b, note.lines[b].length), newText: '' });
    i = j + 1;
  }
  return edits;
}

/**
 * What merging repeated fields needs of the first one, worked out once per note
 * (not once per repeat: a note may repeat a field 10,000 times): the keys of the
 * entries already there, and its last entry.
 */
interface MergeTarget {
  existing: Set<string>;
  lastEntry: Entry | null;
}

const mergeTargets = new WeakMap<NoteReading, { key: (e: Entry) => string; targets: Map<FieldRead, MergeTarget> }>();

function mergeContext(note: NoteReading): { key: (e: Entry) => string; targets: Map<FieldRead, MergeTarget> } {
  let context = mergeTargets.get(note);
  if (!context) {
    const at = (e: Entry) => `${e.line}:${e.range.start.character}`;
    const readCodes = new Map(note.codeEntries.map((c) => [at(c.entry), c.code]));
    context = { key: (e: Entry) => readCodes.get(at(e)) ?? e.codeText.toUpperCase(), targets: new Map() };
    mergeTargets.set(note, context);
  }
  return context;
}

const guidanceIds = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The edits that merge `laters` (repeats of `first`, in order) into `first`: their
 * lines removed, their entries not already there added. A repeat whose entry
 * cannot be carried over (it would read as a comment) stays; null when that is
 * the first of `laters`.
 */
function mergeEdits(note: NoteReading, first: FieldRead, laters: readonly FieldRead[]): { edits: TextEdit[]; fields: number } | null {
  const kind = first.spec!.kind;
  const context = mergeContext(note);
  const entryKind = kind === 'snomed' ? 'snomed' : 'codes';
  const key = (e: Entry) => (kind === 'snomed' ? e.codeText : context.key(e));
  let target = context.targets.get(first);
  if (!target) {
    if (kind === 'guidance') {
      target = { existing: new Set(guidanceIds(first.field.value).map((s) => s.toUpperCase())), lastEntry: null };
    } else {
      const entries = fieldEntries(first.field, note.lines, entryKind);
      target = { existing: new Set(entries.map(key)), lastEntry: entries.length ? entries[entries.length - 1] : null };
    }
    context.targets.set(first, target);
  }
  const existing = target.existing;
  const lastItem = target.lastEntry;
  // What earlier repeats bring along: not added to `existing`, which every repeat's own merge shares.
  const added = new Set<string>();
  const has = (k: string) => existing.has(k) || added.has(k);
  const merged: FieldRead[] = [];
  const texts: string[] = [];
  for (const later of laters) {
    const own = (
      kind === 'guidance'
        ? guidanceIds(later.field.value).map((s) => ({ text: s, key: s.toUpperCase() }))
        : fieldEntries(later.field, note.lines, entryKind).map((e) => ({ text: e.text, key: key(e) }))
    ).filter((e) => !has(e.key));
    if (lastItem && !lastItem.inline && own.some((e) => e.text.startsWith('#'))) {
      if (!merged.length) return null;
      continue;
    }
    for (const e of own) {
      added.add(e.key);
      texts.push(e.text);
    }
    merged.push(later);
  }
  const edits = removeFieldLines(note, merged);
  if (!texts.length) return { edits, fields: merged.length };
  if (lastItem && !lastItem.inline) {
    const lines = texts.map((t) => lastItem.indent + t);
    const at = lastItem.line;
    edits.push(
      at >= note.lines.length - 1
        ? { range: range(at, note.lines[at].length, at, note.lines[at].length), newText: note.eol + lines.join(note.eol) }
        : { range: range(at + 1, 0, at + 1, 0), newText: lines.join(note.eol) + note.eol },
    );
  } else {
    const end = first.field.value ? first.field.valueRange.end : first.field.valueRange.start;
    const newText = (first.field.value ? ', ' : ' ') + texts.join(', ');
    edits.push({ range: { start: end, end }, newText });
  }
  return { edits, fields: merged.length };
}

/** Whether any field repeats an earlier one (most notes have none: nothing to build then). */
function hasRepeat(note: NoteReading): boolean {
  for (const f of note.fields) if (f.duplicateOf) return true;
  return false;
}
