// code/*, snomed/* and privacy/* rules: every note, whatever its guidance.

import type { Rule, RawFinding } from './rule';
import type { Fix } from '../types';
import { lineRange } from '../types';
import type { CodeEntry } from '../interpret';
import { CLASSIFICATION_NAMES, Terminology } from '../terminology';
import { categoryOf, isSupplementary, nhsReading } from '../codes';
import { fold } from '../text';
import { editDistance } from '../fields';
import { insertCode, moveBefore, removeEntry, replaceCode, LIST_FIELD } from '../edits';

function describe(terms: Terminology, e: CodeEntry, code: string): string {
  const info = terms.lookup(e.readAs, code);
  return info ? `${code} (${info.title})` : code;
}

/** The text before `end` back to the nearest white space or comma (a scan, not a split: a line may hold 100,000 codes). */
function wordBefore(line: string, end: number): string {
  let from = end;
  while (from > 0 && !/[\s,]/.test(line[from - 1])) from--;
  return line.slice(from, end);
}

export const malformed: Rule = {
  id: 'code/malformed',
  defaultSeverity: 'error',
  summary: 'An entry that is not a well-formed code of its field\'s classification.',
  check(note) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      const gap = e.entry.missingComma;
      if (gap) {
        // One slip, one diagnostic: the missing comma, with the code's own slip repaired in the same fix.
        const reading = e.shape.kind === 'malformed' ? e.shape.reading : null;
        const edits = [{ range: gap, newText: ', ' }];
        if (reading) edits.push({ range: e.entry.codeRange, newText: reading });
        const prev = wordBefore(note.lines[gap.start.line], gap.start.character);
        out.push({
          range: e.entry.codeRange,
          message: `A comma is missing between \`${prev}\` and \`${e.entry.codeText}\`: they are read as two codes${reading ? `, the second as ${reading}` : ''}.`,
          fixes: [{ title: reading ? `Insert ', ' and change to ${reading}` : `Insert ', ' before ${e.entry.codeText}`, preferred: true, kind: 'reading', edits }],
        });
        continue;
      }
      if (e.shape.kind !== 'malformed') continue;
      const cls = CLASSIFICATION_NAMES[e.readAs];
      const reading = e.shape.reading;
      const shapeHelp = e.readAs === 'opcs4' ? 'An OPCS-4 code is a letter, two digits, a dot and a digit (J12.8).' : 'An ICD-10 code is a letter and two digits, with a dot and a digit where the category is subdivided (C78.7, C20).';
      // The NHS data-set form is no mistake of the coder's: it is how extracts write the code.
      const nhsForm = reading !== null && e.readAs === 'icd10' && nhsReading(e.entry.codeText) === reading;
      out.push({
        range: e.entry.codeRange,
        message: nhsForm
          ? `\`${e.entry.codeText}\` is how NHS data sets write ${reading} (no dot, a filler or a mark letter); a coding note writes the code as ICD-10 prints it: ${reading}.`
          : reading
            ? `\`${e.entry.codeText}\` is not a well-formed ${cls} code: did you mean ${reading}?`
            : `\`${e.entry.codeText}\` is not a well-formed ${cls} code. ${shapeHelp}`,
        fixes: reading ? [{ title: `Change to ${reading}`, preferred: true, kind: 'reading', edits: [{ range: e.entry.codeRange, newText: reading }] }] : [],
      });
    }
    return out;
  },
};

export const incomplete: Rule = {
  id: 'code/incomplete',
  defaultSeverity: 'error',
  summary: 'A category written without its fourth character where the category is subdivided.',
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      const category = e.shape.kind === 'incomplete' ? e.shape.category : null;
      if (!category || e.repeats) continue;
      const subs = ctx.terms.subdivisions(e.readAs, category);
      const fixes: Fix[] = subs.map((s) => ({
        title: `Change to ${s.code} ${s.insertTitle}`,
        preferred: s.code === e.selected,
        // The subdivision the documentation selects is what the coder meant; any other is a choice.
        kind: s.code === e.selected ? 'reading' : 'change',
        edits: [replaceCode(ctx.terms, e, s.code)],
      }));
      fixes.sort((a, b) => Number(b.preferred) - Number(a.preferred));
      let message = `\`${e.entry.codeText}\` leaves the fourth character open: ${category} is subdivided, so pick the code that says what was done.`;
      if (e.selected) message += ` The note's Image control selects ${describe(ctx.terms, e, e.selected)}.`;
      else if (!subs.length) message += ' The bundled table holds none of its subdivisions; see the classification.';
      out.push({ range: e.entry.codeRange, message, fixes });
    }
    return out;
  },
};

export const unknown: Rule = {
  id: 'code/unknown',
  defaultSeverity: 'warning',
  summary: 'A well-formed code that a complete table (bundled category or official release file) does not have.',
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      if (!e.code || !e.unknown) continue;
      const category = categoryOf(e.code);
      // A category with no subdivisions is itself the code (C20); otherwise offer its codes, nearest first.
      const subs = ctx.terms.subdivisions(e.readAs, category);
      const self = ctx.terms.lookup(e.readAs, category);
      const codes = self ? [self] : subs;
      // Every code of the category in the message; the fixes nearest first (a complete category has ten at most).
      const near = codes.slice().sort((a, b) => Math.abs(digit(a.code) - digit(e.code!)) - Math.abs(digit(b.code) - digit(e.code!)) || a.code.localeCompare(b.code));
      out.push({
        range: e.entry.codeRange,
        message: `${e.code} is not an ${CLASSIFICATION_NAMES[e.readAs]} code${ctx.terms.hasRelease(e.readAs) ? ' in the configured release file' : ''}.` +
          (codes.length ? ` The codes of ${category}: ${codes.map((n) => n.code).join(', ')}.` : ''),
        fixes: near.map((n) => ({ title: `Change to ${n.code} ${n.insertTitle}`, preferred: false, kind: 'change', edits: [replaceCode(ctx.terms, e, n.code)] })),
      });
    }
    return out;
  },
};

function digit(code: string): number {
  return code.length > 4 ? Number(code[4]) : -1;
}

export const wrongClassification: Rule = {
  id: 'code/wrong-classification',
  defaultSeverity: 'error',
  summary: 'An ICD-10 code in the OPCS-4 list, or an OPCS-4 code in the ICD-10 list.',
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      const target = e.wrongClassification ? e.readAs : e.perhapsOther;
      if (!target) continue;
      const to = LIST_FIELD[target];
      const from = LIST_FIELD[e.writtenIn];
      const code = e.code ?? e.openCategory ?? e.entry.codeText;
      const info = ctx.terms.lookup(target, code);
      const described = info ? `${code} (${info.title})` : code;
      out.push({
        range: e.entry.codeRange,
        message: e.wrongClassification
          ? `${described} is an ${to} code, not ${from}: it belongs in the ${to} list.`
          : `${described} is an ${to} code. The loaded ${from} tables do not list category ${categoryOf(code)} in full, so ${code} may be an ${from} code too: if it was meant as ${to}, move it to the ${to} list.`,
        fixes: [
          {
            title: `Move ${code} to ${to}`,
            // Moving is the reading only where the tables prove the code is not in its own list.
            preferred: e.wrongClassification,
            kind: 'reading',
            edits: [removeEntry(e.entry), ...insertCode(note, ctx.terms, target, code, { end: true }, e.entry.text)],
          },
        ],
      });
    }
    return out;
  },
};

export const titleMismatch: Rule = {
  id: 'code/title-mismatch',
  defaultSeverity: 'warning',
  summary: 'A written title that is not the code\'s title in the classification.',
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      if (!e.entry.title || !e.entry.titleRange || !e.code || e.shape.kind === 'incomplete') continue;
      const info = ctx.terms.lookup(e.readAs, e.code);
      if (!info || ctx.terms.titleMatches(info, e.entry.title)) continue;
      // Replacing is the slip's repair only where the written title is the official one mistyped or
      // cut short; other words there (a remark, a staging, a second code) are the coder's, kept until they choose.
      const slip = !CODE_SHAPED.test(e.entry.title) && isTitleSlip(e.entry.title, [info.title, info.insertTitle, ...info.alsoWritten]);
      out.push({
        range: e.entry.titleRange,
        message:
          `The title of ${e.code} is "${info.insertTitle}", not "${e.entry.title}".` +
          (slip ? '' : CODE_SHAPED.test(e.entry.title) ? ' The text after the code holds another code: is a comma missing?' : ' If the text is a remark, it belongs in a Comment field; it is kept until you choose.'),
        fixes: [{ title: `Replace with "${info.insertTitle}"`, preferred: slip, kind: 'layout', edits: [{ range: e.entry.titleRange, newText: info.insertTitle }] }],
      });
    }
    return out;
  },
};

export const duplicate: Rule = {
  id: 'code/duplicate',
  defaultSeverity: 'warning',
  summary: 'A code listed twice in one field.',
  check(note, ctx) {
    return note.codeEntries
      .filter((e) => e.repeats)
      .map((e) => {
        // An exact repeat goes; a repeat with words of its own (`Y13.2 second lesion`) keeps them until the coder chooses.
        const title = e.entry.title;
        const info = e.code ? ctx.terms.lookup(e.readAs, e.code) : undefined;
        const exact = !title || fold(title) === fold(e.repeats!.entry.title ?? '') || (!!info && ctx.terms.titleMatches(info, title));
        return {
          range: e.entry.range,
          message:
            `${e.code} is already listed${e.repeats!.entry.line === e.entry.line ? '' : ` on line ${e.repeats!.entry.line + 1}`}; each code is coded once.` +
            (exact ? '' : ` This one has words of its own ("${title}"): move them to a Comment field if they matter, then remove the repeat.`),
          fixes: [{ title: `Remove the repeated ${e.code}`, preferred: exact, kind: 'layout', edits: [removeEntry(e.entry)] }],
        };
      });
  },
};

/** Something written as a code: a letter and two digits, perhaps with a space between. */
const CODE_SHAPED = /(?:^|[^A-Za-z0-9])[A-Za-z] ?\d\d/;

/**
 * Whether a written title is the official one with a slip: within a few edits
 * of it (`ultrasound control` for `ultrasonic control`), or cut short, each word
 * the start of the official title's words in order (`cryo`, `Approach to organ`).
 */
export function isTitleSlip(written: string, officials: readonly string[]): boolean {
  const w = fold(written);
  return officials.some((official) => {
    const o = fold(official);
    const limit = Math.max(2, Math.floor(o.length / 10));
    if (editDistance(w, o, limit) <= limit) return true;
    const words = w.split(' ');
    const theirs = o.split(' ');
    let j = 0;
    for (const word of words) {
      while (j < theirs.length && !theirs[j].startsWith(word)) j++;
      if (j === theirs.length) return false;
      j++;
    }
    return words.length > 0 && w.length >= 3;
  });
}

export const sequence: Rule = {
  id: 'code/sequence',
  defaultSeverity: 'warning',
  summary: 'A supplementary OPCS-4 code (chapter Y or Z) before the first main procedure code.',
  check(note) {
    const list = note.opcs;
    const main = list.findIndex((e) => e.code && !isSupplementary(e.code));
    if (main <= 0) return [];
    const first = list.findIndex((e) => e.code && isSupplementary(e.code));
    if (first < 0 || first > main) return [];
    const m = list[main];
    const s = list[first];
    return [
      {
        range: s.entry.codeRange,
        message: `${s.code} is a supplementary code (chapters Y and Z qualify a procedure), so it cannot stand before the main procedure code ${m.code}. The first OPCS-4 code is the main procedure.`,
        fixes: [{ title: `Move ${m.code} to the front`, preferred: true, kind: 'layout', edits: moveBefore(note, m.entry, list[0].entry) }],
      },
    ];
  },
};

export const snomedInvalidId: Rule = {
  id: 'snomed/invalid-id',
  defaultSeverity: 'error',
  summary: 'A SNOMED CT id with a bad length, partition or check digit.',
  check(note) {
    const out: RawFinding[] = [];
    for (const e of note.snomed) {
      const problem = snomedProblem(e.codeText);
      if (problem) out.push({ range: e.codeRange, message: `\`${e.codeText}\` is not a valid SNOMED CT id: ${problem}.`, fixes: [] });
    }
    return out;
  },
};

export function snomedProblem(id: string): string | null {
  if (!/^\d+$/.test(id)) return 'an id is digits only';
  if (id.length < 6 || id.length > 18) return `an id has 6 to 18 digits, this one has ${id.length}`;
  if (id[0] === '0') return 'an id does not start with 0';
  const partition = id.slice(-3, -1);
  if (!['00', '01', '02', '10', '11', '12'].includes(partition)) return `its partition digits "${partition}" are not a concept, description or relationship partition`;
  if (!verhoeffValid(id)) return 'its check digit is wrong (Verhoeff)';
  return null;
}

const VD = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VP = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

export function verhoeffValid(digits: string): boolean {
  let c = 0;
  const rev = digits.split('').reverse();
  for (let i = 0; i < rev.length; i++) c = VD[c][VP[i % 8][Number(rev[i])]];
  return c === 0;
}

export const nhsNumber: Rule = {
  id: 'privacy/nhs-number',
  defaultSeverity: 'off',
  summary: 'A 10-digit number that passes the NHS number check, anywhere in the note.',
  check(note) {
    const out: RawFinding[] = [];
    const re = /(?<![\d])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])/g;
    for (let line = note.note.startLine; line <= note.note.endLine; line++) {
      const text = note.lines[line] ?? '';
      let m: RegExpExecArray | null;
      re.lastIndex = 0;
      while ((m = re.exec(text))) {
        if (!isNhsNumber(m[0].replace(/[ -]/g, ''))) continue;
        out.push({
          range: lineRange(line, m.index, m.index + m[0].length),
          message: 'This looks like an NHS number. A coding note must not hold patient identifiers: use the episode reference instead.',
          fixes: [],
        });
      }
    }
    return out;
  },
};

export function isNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === Number(digits[9]);
}

/** The mark the coder wrote after a code: `A17.0†`, `G01*`, or the NHS data-set letter (`A170D`, `G01XA`). */
function writtenMark(e: CodeEntry): '\u2020' | '*' | null {
  const text = e.shape.kind === 'malformed' && e.shape.reading ? e.shape.reading : e.entry.codeText;
  return text.endsWith('\u2020') ? '\u2020' : text.endsWith('*') ? '*' : null;
}

export const asteriskWithoutDagger: Rule = {
  id: 'code/asterisk-without-dagger',
  defaultSeverity: 'warning',
  summary: 'An ICD-10 asterisk code (a manifestation) listed without any dagger code: marked * in the note, or an asterisk code in the loaded release.',
  check(note, ctx) {
    const icd = note.codeEntries.filter((e) => e.readAs === 'icd10' && e.code);
    const usage = (e: CodeEntry) => ctx.terms.lookup('icd10', e.code!)?.usage;
    if (icd.some((e) => writtenMark(e) === '\u2020' || usage(e) === 'dagger')) return [];
    const release = ctx.terms.release('icd10');
    const out: RawFinding[] = [];
    for (const e of icd) {
      if (e.repeats) continue;
      const byRelease = usage(e) === 'asterisk' && release !== null;
      if (!byRelease && writtenMark(e) !== '*') continue;
      out.push({
        range: e.entry.codeRange,
        message:
          `${e.code} is ${byRelease ? `an asterisk code in ${release!.label}` : `written as an asterisk code (${e.code}*)`}: a manifestation, which ICD-10 never lists alone. ` +
          'List the dagger code (\u2020) of the underlying disease with it (write \u2020 after a code that the release does not mark).',
        fixes: [],
      });
    }
    return out;
  },
};

export const CODE_RULES: readonly Rule[] = [malformed, incomplete, unknown, asteriskWithoutDagger, wrongClassification, titleMismatch, duplicate, sequence, snomedInvalidId, nhsNumber];
