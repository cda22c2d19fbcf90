// Guidance pack checks, generic over packs: `<pack>/<check>`. A pack supplies the
// codes; these functions supply the logic, so a new guidance is a new data file.

import type { Rule, RawFinding, RuleContext, AppliedPack } from './rule';
import type { Fix, Range } from '../types';
import { lineRange } from '../types';
import type { CodeEntry, NoteReading } from '../interpret';
import type { GuidancePack } from '../guidance/pack';
import { packRuleId, hasWord, methodCodeFor, packApproaches } from '../guidance/pack';
import { APPROACHES, Approach, FieldName } from '../fields';
import { categoryOf, isSupplementary } from '../codes';
import { addField, insertCode, removeEntry, replaceCode, Placement } from '../edits';
import type { Terminology } from '../terminology';

/** `a`, `a and b`, `a, b and c`. */
function listing(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function applied(ctx: RuleContext, pack: GuidancePack): AppliedPack | undefined {
  return ctx.packs.find((a) => a.pack === pack);
}

/**
 * An entry with no single reading: malformed with no reading, or a code that
 * `code/unknown` reports (no preferred fix). While one stands, the list may
 * hold any code, so the checks that ask what the list holds stay silent.
 */
function unreadable(e: CodeEntry): boolean {
  return (!e.code && !e.openCategory && e.shape.kind === 'malformed') || e.unknown || (e.entry.title !== null && CODE_IN_TEXT.test(e.entry.title));
}

/** A code written inside a title (`C78.7 and C18.7`): the list may hold it. */
const CODE_IN_TEXT = /(?:^|[^A-Za-z0-9])[A-Za-z] ?\d\d/;

/**
 * Is `code` in the list: yes, no, or maybe (an entry with no single reading
 * could be it, or codes stand on a line that reads as no field).
 */
function presence(note: NoteReading, list: readonly CodeEntry[], code: string): 'yes' | 'no' | 'maybe' {
  if (list.some((e) => e.code === code)) return 'yes';
  const cat = categoryOf(code);
  if (uncertain(note, list) || list.some((e) => !e.code && e.openCategory === cat)) return 'maybe';
  return 'no';
}

/** The list may hold codes the rules cannot read: an unreadable entry, or a code on an invalid line. */
function uncertain(note: NoteReading, list: readonly CodeEntry[]): boolean {
  return note.codesOnInvalidLines || list.some(unreadable);
}

/** The name of a field the note has, without its value (the value may be free text being typed). */
function fieldNameRange(note: NoteReading, name: FieldName): Range | null {
  return note.byName.get(name)?.[0]?.field.nameRange ?? null;
}

/** Where a missing code is reported: its field's name, else the name Procedure, else the first field's name. */
function missingCodeRange(note: NoteReading, field: FieldName): Range {
  return fieldNameRange(note, field) ?? fieldNameRange(note, 'Procedure') ?? note.fields[0].field.nameRange;
}

function title(terms: Terminology, code: string): string {
  const info = terms.lookup('opcs4', code) ?? terms.lookup('icd10', code);
  return info ? `${code} ${info.insertTitle}` : code;
}

/** The approach the OPCS-4 checks work with, or why they don't run. */
type ApproachState = { kind: 'supported'; approach: Approach } | { kind: 'missing' } | { kind: 'unsupported' } | { kind: 'unknown' };

function approachState(note: NoteReading, pack: GuidancePack): ApproachState {
  const a = note.approach;
  if (a.state === 'absent' || (a.state === 'known' && a.value === 'not stated')) return { kind: 'missing' };
  if (a.state === 'unknown') return { kind: 'unknown' };
  return pack.approaches[a.value] ? { kind: 'supported', approach: a.value } : { kind: 'unsupported' };
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
function afterMain(note: NoteReading, pack: GuidancePack): { where: Placement; preferred: boolean } {
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
function declareGuidance(note: NoteReading, id: string): Fix {
  const guidanceField = note.byName.get('Guidance')?.[0];
  return {
    title: guidanceField ? `Add ${id} to the Guidance line` : `Add 'Guidance: ${id}'`,
    preferred: false,
    kind: 'insert',
    edits: [
      guidanceField
        ? guidanceField.field.value
          ? { range: { start: guidanceField.field.valueRange.end, end: guidanceField.field.valueRange.end }, newText: `, ${id}` }
          : { range: lineRange(guidanceField.field.line, guidanceField.field.valueRange.start.character, note.lines[guidanceField.field.line].length), newText: ` ${id}` }
        : addField(note, 'Guidance', id),
    ],
  };
}

/**
 * `guidance/ambiguous`: several packs' triggers match and the note names none,
 * so no pack checks it until the coder chooses. Not a pack's rule, so switching
 * one pack's hint off never hides it.
 */
export const ambiguousGuidance: Rule = {
  id: 'guidance/ambiguous',
  defaultSeverity: 'warning',
  summary: 'The Procedure text matches several guidance packs and no Guidance line names one, so no pack checks the note.',
  check(note, ctx) {
    const proc = note.byName.get('Procedure')?.[0];
    if (!proc || ctx.undecided.length < 2) return [];
    const ids = ctx.undecided.map((p) => p.id);
    return [
      {
        range: proc.field.valueRange,
        message: `This procedure matches several guidance packs (${listing(ids)}), so none of them checks the note until a Guidance line names the one that applies.`,
        fixes: ids.map((packId) => declareGuidance(note, packId)),
      },
    ];
  },
};

export function guidanceRules(pack: GuidancePack): Rule[] {
  const id = (check: string) => packRuleId(pack, check);
  const P = pack.id;
  const approachesWithCodes = packApproaches(pack);
  const codeSets = approachesWithCodes
    .map((a) => {
      const method = methodCodeFor(pack, a);
      return `${a}: ${pack.approaches[a]!.mainCode}${method ? ` + ${method}` : ''}`;
    })
    .join('; ');

  const rules: Rule[] = [];
  /** OPCS-4 checks run unless the approach is one the pack gives no code set for. */
  const opcsChecksRun = (note: NoteReading) => approachState(note, pack).kind !== 'unsupported';

  rules.push({
    id: id('guidance-not-declared'),
    defaultSeverity: 'hint',
    pack,
    summary: `The Procedure text reads as ${pack.procedure} (${P}) but no Guidance line names ${P}.`,
    check(note, ctx) {
      const proc = note.byName.get('Procedure')?.[0];
      const a = applied(ctx, pack);
      if (!proc || !a || !a.triggered || a.declared) return [];
      return [
        {
          range: proc.field.valueRange,
          message: `This reads as ${pack.title} (${P}), so the note is checked against ${P}. Name it in a Guidance line to make that explicit.`,
          fixes: [{ ...declareGuidance(note, P), preferred: true }],
        },
      ];
    },
  });

  rules.push({
    id: id('approach-missing'),
    defaultSeverity: 'error',
    pack,
    summary: `No Approach (or \`not stated\`): ${P} codes each approach differently.`,
    check(note, ctx) {
      if (!applied(ctx, pack) || approachState(note, pack).kind !== 'missing') return [];
      const field = note.approach.state === 'known' ? note.approach.field : null;
      // What the record decides: the main code written, and the approach words in the Procedure text.
      const byCode = new Set<Approach>();
      for (const a of approachesWithCodes) if (note.opcs.some((e) => e.code === pack.approaches[a]!.mainCode)) byCode.add(a);
      const procedure = note.byName.get('Procedure')?.[0]?.field.value ?? '';
      const byWords = new Set<Approach>();
      for (const a of approachesWithCodes) if ((pack.approaches[a]!.procedureWords ?? []).some((w) => hasWord(procedure, w))) byWords.add(a);
      const votes = new Set([...byCode, ...byWords]);
      const decided = votes.size === 1 ? [...votes][0] : null;
      const choices = [...approachesWithCodes, ...APPROACHES.filter((a) => a !== 'not stated' && !approachesWithCodes.includes(a))];
      const fixes: Fix[] = choices.map((a) => ({
        title: field ? `Change Approach to '${a}'` : `Add 'Approach: ${a}'`,
        preferred: a === decided,
        // Adding the line the record decides is an insert; overwriting `not stated` replaces what the coder wrote.
        kind: field ? 'change' : 'insert',
        edits: [field ? { range: field.field.valueRange, newText: a } : addField(note, 'Approach', a)],
      }));
      fixes.sort((x, y) => Number(y.preferred) - Number(x.preferred));
      return [
        {
          range: field ? field.field.valueRange : fieldNameRange(note, 'Procedure') ?? note.fields[0].field.nameRange,
          message:
            (approachesWithCodes.length > 1
              ? `${P} codes each approach differently (${codeSets}), so the note must state the approach.`
              : `${P} gives a code set for the ${approachesWithCodes[0]} approach only (${codeSets.slice(codeSets.indexOf(':') + 2)}), so the note must state the approach.`) +
            (decided ? ` The record reads as ${decided}.` : ''),
          fixes,
        },
      ];
    },
  });

  rules.push({
    id: id('approach-unsupported'),
    defaultSeverity: 'information',
    pack,
    summary: `An approach for which ${P} gives no code set: its OPCS-4 checks do not run.`,
    check(note, ctx) {
      if (!applied(ctx, pack) || approachState(note, pack).kind !== 'unsupported' || note.approach.state !== 'known') return [];
      return [
        {
          range: note.approach.field.field.valueRange,
          message: `${P} gives no code set for the ${note.approach.value} approach (only ${listing(approachesWithCodes)}), so its OPCS-4 checks do not run on this note. Code the procedure by the OPCS-4 rules.`,
          fixes: [],
        },
      ];
    },
  });

  rules.push({
    id: id('procedure-code'),
    defaultSeverity: 'error',
    pack,
    summary: `The main procedure code for the approach is missing, or the other approach's code is there.`,
    check(note, ctx) {
      const st = approachState(note, pack);
      if (!applied(ctx, pack) || st.kind !== 'supported') return [];
      const right = pack.approaches[st.approach]!.mainCode;
      const others = approachesWithCodes.filter((a) => a !== st.approach).map((a) => ({ approach: a, code: pack.approaches[a]!.mainCode }));
      const wrong = note.opcs.filter((e) => others.some((o) => o.code === e.code));
      const has = presence(note, note.opcs, right);
      const out: RawFinding[] = [];
      for (const w of wrong) {
        const other = others.find((o) => o.code === w.code)!;
        const fix: Fix =
          has === 'yes' || out.length
            ? { title: `Remove ${w.code}`, preferred: true, kind: 'change', edits: [removeEntry(w.entry)] }
            : { title: `Replace ${w.code} with ${title(ctx.terms, right)}`, preferred: true, kind: 'change', edits: [replaceCode(ctx.terms, w, right)] };
        out.push({
          range: w.entry.codeRange,
          message: `${w.code} is ${P}'s main code for the ${other.approach} approach, but this note's approach is ${st.approach}: its main code is ${title(ctx.terms, right)}.`,
          fixes: [fix],
        });
      }
      if (has === 'no' && !wrong.length) {
        out.push({
          range: missingCodeRange(note, 'OPCS-4'),
          message: `The main procedure code is missing: ${P} codes ${st.approach} ${pack.procedure} as ${title(ctx.terms, right)}, first in the OPCS-4 list.`,
          fixes: [{ title: `Insert ${right} first`, preferred: true, kind: 'insert', edits: insertCode(note, ctx.terms, 'opcs4', right, { first: true }) }],
        });
      }
      return out;
    },
  });

  if (pack.methodCode) {
    const method = pack.methodCode;
    rules.push({
      id: id(method.check),
      defaultSeverity: 'error',
      pack,
      summary: `The ${method.name} method code for the approach is missing.`,
      check(note, ctx) {
        if (!applied(ctx, pack) || !opcsChecksRun(note)) return [];
        // The method code depends on the approach unless every approach shares it.
        const st = approachState(note, pack);
        const code = methodCodeFor(pack, st.kind === 'supported' ? st.approach : null);
        if (!code || presence(note, note.opcs, code) !== 'no') return [];
        const { where, preferred } = afterMain(note, pack);
        return [
          {
            range: missingCodeRange(note, 'OPCS-4'),
            message: `${title(ctx.terms, code)} is missing: ${P} codes the ${method.name} with ${code} right after the main procedure code.`,
            fixes: [{ title: `Insert ${code} after the main code`, preferred, kind: 'insert', edits: insertCode(note, ctx.terms, 'opcs4', code, where) }],
          },
        ];
      },
    });
  }

  if (pack.imageControl) {
    const categories = pack.imageControl.codeCategories;
    const isImageCode = (e: CodeEntry) => !!((e.code && categories.includes(categoryOf(e.code))) || (e.openCategory && categories.includes(e.openCategory)));
    const catNames = categories.join('/');

    rules.push({
      id: id('image-control-code'),
      defaultSeverity: 'error',
      pack,
      summary: `Image control was used and no ${catNames} code says so.`,
      check(note, ctx) {
        if (!applied(ctx, pack) || !opcsChecksRun(note) || note.imageControlUsed !== true) return [];
        if (note.opcs.some(isImageCode)) return [];
        if (uncertain(note, note.opcs)) return [];
        const method = note.imageControl.state === 'known' ? note.imageControl.value : 'not stated';
        const code = ctx.terms.imageControlCode(method);
        const why = note.imageControl.state === 'known' ? `Image control is ${method}` : 'the approach is percutaneous, which is done under image control';
        const st = approachState(note, pack);
        const methodCode = methodCodeFor(pack, st.kind === 'supported' ? st.approach : null);
        // After the method code, or an entry that leaves its fourth character open (`Y13.`).
        const methodEntry = methodCode ? note.opcs.find((e) => e.code === methodCode || (!e.code && e.openCategory === categoryOf(methodCode))) : undefined;
        const { where, preferred } = methodEntry ? { where: { after: methodEntry } as Placement, preferred: true } : afterMain(note, pack);
        const fixes: Fix[] = code
          ? [{ title: `Insert ${title(ctx.terms, code)}`, preferred, kind: 'insert', edits: insertCode(note, ctx.terms, 'opcs4', code, where) }]
          : [];
        return [
          {
            range: missingCodeRange(note, 'OPCS-4'),
            message: code
              ? `${why}, so a ${catNames} code is needed: ${title(ctx.terms, code)}.`
              : `${why}, so a ${catNames} code is needed. No ${method} code is in the bundled table: choose the ${catNames} code from the classification (or configure a release file).`,
            fixes,
          },
        ];
      },
    });

    rules.push({
      id: id('image-control-method'),
      defaultSeverity: 'error',
      pack,
      summary: `The ${catNames} code contradicts the documented image control.`,
      check(note, ctx) {
        if (!applied(ctx, pack) || !opcsChecksRun(note) || note.imageControl.state === 'unknown') return [];
        const out: RawFinding[] = [];
        const documented = note.imageControl.state === 'known' ? note.imageControl.value : 'not stated';
        const imageField = note.imageControl.state === 'known' ? note.imageControl.field : null;
        for (const e of note.opcs) {
          if (!e.code || !categories.includes(categoryOf(e.code))) continue;
          const codeMethod = e.code.endsWith('.9') ? 'not stated' : ctx.terms.methodOfImageCode(e.code);
          const setMethod = (m: string): Fix => ({
            title: imageField ? `Change Image control to '${m}'` : `Add 'Image control: ${m}'`,
            preferred: false,
            kind: imageField ? 'change' : 'insert',
            edits: [imageField ? { range: imageField.field.valueRange, newText: m } : addField(note, 'Image control', m)],
          });
          if (documented === 'none') {
            const fixes: Fix[] = [{ title: `Remove ${e.code}`, preferred: false, kind: 'change', edits: [removeEntry(e.entry)] }];
            if (codeMethod) fixes.push(setMethod(codeMethod));
            out.push({ range: e.entry.codeRange, message: `${title(ctx.terms, e.code)} says image control was used, but Image control is none. Remove the code or correct Image control.`, fixes });
            continue;
          }
          if (codeMethod === documented || (codeMethod === null && documented !== 'not stated')) continue;
          const expected = ctx.terms.imageControlCode(documented);
          const fixes: Fix[] = [];
          if (expected) fixes.push({ title: `Replace with ${title(ctx.terms, expected)}`, preferred: true, kind: 'change', edits: [replaceCode(ctx.terms, e, expected)] });
          let message: string;
          if (documented === 'not stated') {
            const source = imageField ? 'Image control is not stated' : 'the note has no Image control line';
            message = `${title(ctx.terms, e.code)} names an imaging method, but ${source}: where the method is not stated, the fourth character is .9 (${expected}).`;
            if (codeMethod) fixes.push(setMethod(codeMethod));
          } else if (codeMethod === 'not stated') {
            message = `Image control is ${documented}, so the unspecified code ${e.code} should name it` + (expected ? `: ${title(ctx.terms, expected)}.` : `. No ${documented} code is in the bundled table: choose it from the classification.`);
          } else {
            message = `${title(ctx.terms, e.code)} is the code for ${codeMethod}, but Image control is ${documented}` + (expected ? `: ${title(ctx.terms, expected)}.` : `. No ${documented} code is in the bundled table: choose it from the classification.`);
          }
          out.push({ range: e.entry.codeRange, message, fixes });
        }
        return out;
      },
    });

    rules.push({
      id: id('image-control-none'),
      defaultSeverity: 'warning',
      pack,
      summary: 'A percutaneous approach with `Image control: none`.',
      check(note, ctx) {
        if (!applied(ctx, pack) || note.approach.state !== 'known' || note.approach.value !== 'percutaneous') return [];
        if (note.imageControl.state !== 'known' || note.imageControl.value !== 'none') return [];
        return [
          {
            range: note.imageControl.field.field.valueRange,
            message: `Percutaneous ${pack.procedure} is done under image control, but Image control says none. Check the record and state the method (or \`not stated\`).`,
            fixes: [],
          },
        ];
      },
    });
  }

  if (pack.diagnosis) {
    const dx = pack.diagnosis.code;
    rules.push({
      id: id('diagnosis-code'),
      defaultSeverity: 'error',
      pack,
      summary: `The diagnosis code ${dx} is missing from ICD-10.`,
      check(note, ctx) {
        if (!applied(ctx, pack) || presence(note, note.icd, dx) !== 'no') return [];
        return [
          {
            range: missingCodeRange(note, 'ICD-10'),
            message: `${P} codes the diagnosis as ${title(ctx.terms, dx)}, first in the ICD-10 list; the primary site, where known, follows it.`,
            fixes: [{ title: `Insert ${dx} first`, preferred: true, kind: 'insert', edits: insertCode(note, ctx.terms, 'icd10', dx, { first: true }) }],
          },
        ];
      },
    });
  }
  if (pack.diagnosis?.primary) {
    const dx = pack.diagnosis.code;
    const primary = pack.diagnosis.primary;
    const cats = primary.categories.join('/');
    rules.push({
      id: id(primary.check),
      defaultSeverity: 'warning',
      pack,
      summary: `No ${primary.name} code (${cats}) beside ${dx}.`,
      check(note, ctx) {
        if (!applied(ctx, pack)) return [];
        const inCats = (c: string | null) => !!c && primary.categories.includes(categoryOf(c));
        if (uncertain(note, note.icd) || note.icd.some((e) => inCats(e.code) || inCats(e.openCategory))) return [];
        const after = note.icd.find((e) => e.code === dx) ?? null;
        // A subdivided category offers its subcodes; one with no subdivisions (C19, C20) is itself the code.
        const subs = primary.categories.flatMap((c) => {
          const own = ctx.terms.subdivisions('icd10', c);
          const self = ctx.terms.lookup('icd10', c);
          return own.length ? own : self ? [self] : [];
        });
        return [
          {
            range: missingCodeRange(note, 'ICD-10'),
            message: `${P} records the ${primary.name} (${cats}) with ${dx}. Add the code of the primary site, where the record gives it.`,
            fixes: subs.map((c) => ({
              title: `Insert ${c.code} ${c.insertTitle}`,
              preferred: false,
              kind: 'insert',
              edits: insertCode(note, ctx.terms, 'icd10', c.code, after ? { after } : { end: true }),
            })),
          },
        ];
      },
    });
  }
  // A pack may add a sentence of its own to a check's messages.
  return rules.map((rule) => {
    const extra = pack.messages?.[rule.id.slice(pack.id.length + 1)];
    if (!extra) return rule;
    return { ...rule, check: (note, ctx) => rule.check(note, ctx).map((f) => ({ ...f, message: `${f.message} ${extra}` })) };
  });
}
