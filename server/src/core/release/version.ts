// A release's version, from where the files state it: the names the NHS gives
// its files and folders (`OPCS410 CodesAndTitles…`, `ICD10_Edition5_…`), a
// ClaML `<Title version="…">`, or an XML element or attribute named version
// or edition. Nothing is guessed from the codes themselves.

import type { Classification } from '../terminology';

const ORDINAL = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** `OPCS410`, `OPCS-4.11`, `opcs4_9` → OPCS-4.10, OPCS-4.11, OPCS-4.9. */
const OPCS_NAME = /OPCS[\s_-]?4(?:[._\s-]?(\d{1,2}))(?![\d.])/i;
/** `ICD10_Edition5`, `ICD-10 5th Edition`, `icd10_5th_ed` → ICD-10 5th Edition. */
const ICD_NAME = /ICD[\s_-]?10(?!\d).*?(?:(\d{1,2})(?:st|nd|rd|th)?[\s_-]*ed(?:ition|n)?(?![a-z])|ed(?:ition|n)?[\s_-]*(\d{1,2})(?!\d))/i;

/** The version a file or folder name states, for the classification; null when it states none. */
export function versionFromName(name: string, classification: Classification): string | null {
  if (classification === 'opcs4') {
    const m = OPCS_NAME.exec(name);
    return m ? `OPCS-4.${Number(m[1])}` : null;
  }
  const m = ICD_NAME.exec(name);
  if (!m) return null;
  return `ICD-10 ${ORDINAL(Number(m[1] ?? m[2]))} Edition`;
}

/** Which classification a file or folder name says it holds (`OPCS…`, `ICD…`); null when neither or both. */
export function classificationFromName(name: string): Classification | null {
  const opcs = /OPCS/i.test(name);
  const icd = /ICD[\s_-]?10/i.test(name);
  return opcs === icd ? null : opcs ? 'opcs4' : 'icd10';
}

/**
 * A version stated inside a file (`4.11`, `OPCS-4.11`, `5th Edition`, `2019`), as
 * a label for the classification. Only letters, digits, dots, dashes and spaces
 * are kept, at most 40 characters: it is shown, so no markup passes.
 */
export function versionFromStated(value: string, classification: Classification): string | null {
  const v = value
    .replace(/[^\w .\u2013-]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 40);
  if (!v) return null;
  if (classification === 'opcs4') {
    const named = versionFromName(v, 'opcs4');
    if (named) return named;
    const m = /^(?:v(?:ersion)?\s*)?4\.(\d{1,2})$/i.exec(v);
    if (m) return `OPCS-4.${Number(m[1])}`;
    return `OPCS-4 ${v}`;
  }
  const named = versionFromName(/ICD/i.test(v) ? v : `ICD-10 ${v}`, 'icd10');
  if (named) return named;
  return /^ICD[\s_-]?10\b/i.test(v) ? v.replace(/^ICD[\s_-]?10/i, 'ICD-10') : `ICD-10 ${v}`;
}
