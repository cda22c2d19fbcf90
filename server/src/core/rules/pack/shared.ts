// What the guidance-pack checks share: whether a pack applies to the note,
// what a code list may hold, the approach the OPCS-4 checks work with, and
// where the codes after the main code go. Each check is a module beside this
// one (pack/<check>.ts); pack/index.ts turns them on from a pack's data.

import type { RuleContext, AppliedPack } from '../rule';
import type { Fix, Range } from '../../types';
import { lineRange } from '../../types';
import type { CodeEntry, NoteReading } from '../../interpret';
import type { GuidancePack } from '../../guidance/pack';
import { packApproaches } from '../../guidance/pack';
import type { Approach, FieldName } from '../../fields';
import { categoryOf, isSupplementary, CODE_IN_TEXT } from '../../codes';
import { addField, Placement } from '../../edits';
import type { Terminology } from '../../terminology';

export { listing } from '../words';
import { codeAndTitle } from '../words';

export function applied(ctx: RuleContext, pack: GuidancePack): AppliedPack | undefined {
  return ctx.packs.find((a) => a.pack === pack);
}

/**
 * An entry with no single reading: malformed with no reading, or a code that
 * `code/unknown` reports (no preferred fix). While one stands, the list may
 * hold any code, so the checks that ask what the list holds stay silent.
 */
export function unreadable(e: CodeEntry): boolean {
  return (!e.code && !e.openCategory && e.shape.kind === 'malformed') || e.unknown || (e.entry.title !== null && CODE_IN_TEXT.test(e.entry.title));
}

/**
 * Is `code` in the list: yes, no, or maybe (an entry with no single reading
 * could be it, or codes stand on a line that reads as no field).
 */
export function presence(note: NoteReading, list: readonly CodeEntry[], code: string): 'yes' | 'no' | 'maybe' {
  if (list.some((e) => e.code === code)) return 'yes';
  const cat = categoryOf(code);
  if (uncertain(note, list) || list.some((e) => !e.code && e.openCategory === cat)) return 'maybe';
  return 'no';
}

/** The list may hold codes the rules cannot read: an unreadable entry, or a code on an invalid line. */
export function uncertain(note: NoteReading, list: readonly CodeEntry[]): boolean {
  return note.codesOnInvalidLines || list.some(unreadable);
}

/** The name of a field the note has, without its value (the value may be free text being typed). */
export function fieldNameRange(note: NoteReading, name: FieldName): Range | null {
  return note.byName.get(name)?.[0]?.field.nameRange ?? null;
}

/** Where a missing code is reported: its field's name, else the name Procedure, else the first field's name. */
export function missingCodeRange(note: NoteReading, field: FieldName): Range {
  return fieldNameRange(note, field) ?? fieldNameRange(note, 'Procedure') ?? note.fields[0].field.nameRange;
}

export function title(terms: Terminology, code: string): string {
  return codeAndTitle(terms, code);
}

/** The approach the OPCS-4 checks work with, or why they don't run. */
export type ApproachState = { kind: 'supported'; approach: Approach } | { kind: 'missing' } | { kind: 'unsupported' } | { kind: 'unknown' };

/** Asked by several checks of every note a pack applies to: the answers are shared objects, never changed. */
const MISSING: ApproachState = Object.freeze({ kind: 'missing' });
const UNKNOWN: ApproachState = Object.freeze({ kind: 'unknown' });
const UNSUPPORTED: ApproachState = Object.freeze({ kind: 'unsupported' });
const SUPPORTED = new Map<Approach, ApproachState>();

export function approachState(note: NoteReading, pack: GuidancePack): ApproachState {
  const a = note.approach;
  if (a.state === 'absent' || (a.state === 'known' && a.value === 'not stated')) return MISSING;
  if (a.state === 'unknown') return UNKNOWN;
  if (!pack.approaches[a.value]) return UNSUPPORTED;
  let st = SUPPORTED.get(a.value);
  if (!st) SUPPORTED.set(a.value, (st = Object.freeze({ kind: 'supported', approach: a.value })));
  return st;
}

/**
 * Where the codes that follow the main procedure code go. With the approach
 * known, that is the pack's main code, or the other approach's main code that
 * `procedure-code` replaces in place; where neither is there yet, the main code
 * is about to be inserted first, so a code that follows it goes first too and
 * waits (its edit touches the main code's insertion) until the main code is in.
 * A foreign main code never takes the guidance's place. With the approach not
 * known, the first main code stands in.
 */
export function afterMain(note: NoteReading, pack: GuidancePack): { where: Placement; preferred: boolean } {
  const mains = packApproaches(pack).map((a) => pack.approaches[a]!.mainCode);
  const packMain = note.opcs.find((x) => x.code && mains.includes(x.code));
  const st = approachState(note, pack);
  if (st.kind === 'supported') {
    const right = note.opcs.find((x) => x.code === pack.approaches[st.approach]!.mainCode);
    const main = right ?? packMain;
    return { where: main ? { after: main } : { first: true }, preferred: true };
  }
  const main = packMain ?? note.opcs.find((x) => x.code && !isSupplementary(x.code));
  // No main code, and none that a fix could insert before the approach is known: a
  // supplementary code alone would stand first, so it is offered, not applied.
  return main ? { where: { after: main }, preferred: true } : { where: { first: true }, preferred: false };
}

/** The fix that names a pack in the Guidance line (added where the note has none). */
export function declareGuidance(note: NoteReading, id: string): Fix {
  const guidanceField = note.byName.get('Guidance')?.[0];
  return {
    title: guidanceField ? `Add ${id} to the Guidance line` : `Add 'Guidance: ${id}'`,
    preferred: false,
    kind: 'insert',
    edits: [
      guidanceField
        ? guidanceField.field.value
          ? { range: { start: guidanceField.field.valueRange.end, end: guidanceField.field.valueRange.end }, newText: `, ${id}` }
          : {
              range: lineRange(guidanceField.field.line, guidanceField.field.valueRange.start.character, note.lines[guidanceField.field.line].length),
              newText: ` ${id}`,
            }
        : addField(note, 'Guidance', id),
    ],
  };
}
