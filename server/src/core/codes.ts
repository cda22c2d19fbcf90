// How a written code is read: well formed, a slip with one reading, a category
// with its fourth character left open, or nothing we can read.

import type { Classification, Terminology } from './terminology';

export type CodeShape =
  /** Written exactly as the classification writes it. */
  | { kind: 'ok'; code: string }
  /** A writing slip; `reading` is the one well-formed code it can mean, or null. */
  | { kind: 'malformed'; reading: string | null }
  /** A category with its fourth character left open (`Y53.-`, `Y53`). */
  | { kind: 'incomplete'; category: string };

const FULL = /^[A-Z]\d{2}\.\d$/;
const CATEGORY = /^[A-Z]\d{2}$/;
const OPEN = /^([A-Z]\d{2})(?:\.-?|-|\.X)$/;
/** An ICD-10 code with the dagger or asterisk that the ICD-10 books print after dual codes. */
const MARKED = /^([A-Z]\d{2}(?:\.\d)?)([\u2020*])$/;
/** The NHS data-set form: no dot, `X` for an undivided category, `-` for an unused 5th character, `D`/`A` for dagger/asterisk. */
const NHS_FORM = /^([A-Z]\d{2})\.?(\d|X)(?:-?([DA])|-|([\u2020*]))?$/;

export const DAGGER = '\u2020';

/** How every written code starts, in any notation: a letter and two digits, perhaps a space between (`J12`, `c78`, `C 78`). */
const CODE_HEAD = '[A-Za-z] ?\\d\\d';

/**
 * Text that holds something written as a code, not inside a word: a code on a
 * line that reads as no field, or in a title (`C78.7 and C18.7`). A search, not
 * a match: it says only that a code may stand there.
 */
export const CODE_IN_TEXT = new RegExp(`(?:^|[^A-Za-z0-9])${CODE_HEAD}`);

/**
 * One whole word written as a code, with a code's tail in any of its notations
 * (`J12.8`, `J128`, `Y53.-`, `I10X`, `A170-D`, `G01*`). Anchored, unlike
 * CODE_IN_TEXT: it decides where a code list's comma separates two codes.
 */
export const CODE_WORD = new RegExp(`^${CODE_HEAD}(?:[.\\-_]?[\\dX]|\\.-|-|\\.)?(?:-?[DAda]|[*\u2020])?$`);

/** Reads a code as written under a field of the given classification. */
export function readShape(written: string, classification: Classification, terms: Terminology): CodeShape {
  if (FULL.test(written)) return { kind: 'ok', code: written };
  if (CATEGORY.test(written)) {
    if (classification === 'icd10' && terms.hasSubdivisions('icd10', written) !== true) return { kind: 'ok', code: written };
    return { kind: 'incomplete', category: written };
  }
  if (classification === 'icd10') {
    // The mark is how the code is printed, not part of its identity: `A17.0†` is A17.0.
    const marked = MARKED.exec(written);
    if (marked) return readShape(marked[1], classification, terms);
  }
  const open = OPEN.exec(written);
  if (open) {
    // `I10.X` is the X filler of an undivided ICD-10 category, not an open fourth character.
    if (
      classification === 'icd10' &&
      terms.hasSubdivisions('icd10', open[1]) !== true &&
      (written.endsWith('X') || terms.hasSubdivisions('icd10', open[1]) === false)
    ) {
      return { kind: 'malformed', reading: open[1] };
    }
    return { kind: 'incomplete', category: open[1] };
  }
  const reading = (classification === 'icd10' ? nhsReading(written) : null) ?? slipReading(written);
  return { kind: 'malformed', reading };
}

/**
 * The ICD-10 code that an NHS data-set spelling stands for (NHS Data Model and
 * Dictionary, ICD-10 CODE): `I10X` → I10, `A170-D`/`A170D` → A17.0†,
 * `G01X-A`/`G01XA` → G01*, `C787-` → C78.7; the same with a dot (`A17.0-D`) or
 * with the printed mark after the data-set form (`A170†`, `G01X*`). Null for anything else.
 */
export function nhsReading(written: string): string | null {
  const m = NHS_FORM.exec(written.replace(/\s+/g, '').toUpperCase());
  if (!m) return null;
  const [, category, fourth, letter, printed] = m;
  const code = fourth === 'X' ? category : `${category}.${fourth}`;
  const read = code + (letter === 'D' ? DAGGER : letter === 'A' ? '*' : (printed ?? ''));
  return read === written ? null : read;
}

/** The one well-formed spelling of a slip (`j128`, `J12-8`, `J 12.8`, `C787`), or null. */
export function slipReading(written: string): string | null {
  let s = written.replace(/\s+/g, '').toUpperCase();
  s = s.replace(/^([A-Z]\d{2})[-_,:;/](\d)$/, '$1.$2');
  if (/^[A-Z]\d{3}$/.test(s)) s = `${s.slice(0, 3)}.${s.slice(3)}`;
  if (s === written) return null;
  if (FULL.test(s)) return s;
  if (CATEGORY.test(s) || OPEN.test(s)) {
    // Only the case was wrong: read it in its corrected case.
    return s;
  }
  return null;
}

/** The category of a full or category code. */
export function categoryOf(code: string): string {
  return code.slice(0, 3);
}

/** OPCS-4 chapters Y and Z are supplementary: method, approach, site. */
export function isSupplementary(code: string): boolean {
  return code[0] === 'Y' || code[0] === 'Z';
}
