// What part a code plays in a note's guidance: the main procedure code for an
// approach, the method code, the image-control code, the diagnosis code. Read
// from the packs' data, so a new pack gets completion ranking and hover text free.

import type { GuidancePack } from '../guidance/pack';
import { methodCodeFor, packMethodCodes } from '../guidance/pack';
import type { NoteReading } from '../interpret';
import { documentedMethod } from '../interpret';
import type { Classification, Terminology } from '../terminology';
import type { Approach } from '../fields';
import { categoryOf } from '../codes';

export type RoleKind = 'main' | 'method' | 'image-control' | 'diagnosis' | 'primary-site';

export interface CodeRole {
  pack: GuidancePack;
  kind: RoleKind;
  /** In a coder's words, e.g. `main procedure code for the percutaneous approach`. */
  text: string;
  /** The note's own documentation (approach, Image control) calls for this code. */
  recommended: boolean;
  /** Why the code does not fit this note, when it does not (e.g. another approach). */
  caveat: string | null;
}

/**
 * A primary-site code, as the bundled table knows it: a code of an ICD-10
 * category whose title is a (primary) "Malignant neoplasm of …". Alongside a
 * pack's secondary-site diagnosis it codes the primary, where known.
 */
function isPrimarySite(terms: Terminology, code: string): boolean {
  const title = terms.category('icd10', code.slice(0, 3))?.title ?? '';
  return /^malignant neoplasm of /i.test(title);
}

/** The approaches whose code set applies to the note, and whether the pack's OPCS-4 checks run. */
function approachesFor(pack: GuidancePack, reading: NoteReading | null): { approaches: Approach[]; opcsRuns: boolean; known: Approach | null } {
  const withCodes = (Object.keys(pack.approaches) as Approach[]).filter((a) => pack.approaches[a]);
  const state = reading?.approach;
  if (state?.state === 'known' && state.value !== 'not stated') {
    if (pack.approaches[state.value]) return { approaches: [state.value], opcsRuns: true, known: state.value };
    return { approaches: [], opcsRuns: false, known: state.value };
  }
  // Approach not stated or not readable: either code set may be the right one.
  return { approaches: withCodes, opcsRuns: true, known: null };
}

/** The image-control code that the note's documentation selects, if any. */
function selectedImageCode(terms: Terminology, pack: GuidancePack, reading: NoteReading | null): string | null {
  if (!pack.imageControl || !reading || reading.imageControlUsed !== true) return null;
  const method = documentedMethod(reading);
  const code = method ? terms.imageControlCode(method) : null;
  return code && pack.imageControl.codeCategories.includes(categoryOf(code)) ? code : null;
}

function imageControlText(terms: Terminology, pack: GuidancePack, code: string): string {
  const categories = pack.imageControl!.codeCategories.join('/');
  if (code === terms.imageNotStatedCode || (code.length > 3 && code.endsWith('.9'))) return 'image-control code where the method is not stated';
  const method = code.length > 3 ? terms.methodOfImageCode(code) : null;
  if (method) return `image-control code for ${method}`;
  if (code.length === 3) return `image-control category (${categories}): the fourth character names the method`;
  return `image-control code (${categories})`;
}

/** Every role the code (or a three-character category) plays in the packs, for this note. */
export function codeRoles(
  terms: Terminology,
  packs: readonly GuidancePack[],
  reading: NoteReading | null,
  classification: Classification,
  code: string,
): CodeRole[] {
  const roles: CodeRole[] = [];
  for (const pack of packs) {
    if (classification === 'opcs4') {
      const { approaches, opcsRuns, known } = approachesFor(pack, reading);
      for (const [approach, set] of Object.entries(pack.approaches) as [Approach, { mainCode: string }][]) {
        if (!set || set.mainCode !== code) continue;
        const recommended = approaches.includes(approach);
        roles.push({
          pack,
          kind: 'main',
          text: `main procedure code for the ${approach} approach`,
          recommended,
          caveat: !recommended && known ? `this note's approach is ${known}` : null,
        });
      }
      const methodApproaches = pack.methodCode ? approaches.filter((a) => methodCodeFor(pack, a) === code) : [];
      if (pack.methodCode && (methodApproaches.length || packMethodCodes(pack).includes(code))) {
        roles.push({
          pack,
          kind: 'method',
          text: `${pack.methodCode.name} method code, right after the main code`,
          recommended: opcsRuns && methodApproaches.length > 0,
          caveat: !opcsRuns
            ? `${pack.id} gives no code set for this note's approach`
            : methodApproaches.length
              ? null
              : `${pack.id} uses it for another approach`,
        });
      }
      if (pack.imageControl?.codeCategories.includes(categoryOf(code))) {
        const selected = selectedImageCode(terms, pack, reading);
        let caveat: string | null = null;
        if (reading?.imageControlUsed === false) {
          caveat = reading.imageControl.state === 'known' ? "this note's Image control is none" : 'this note records no image control';
        } else if (selected && selected !== code) {
          const method = documentedMethod(reading!);
          caveat = method === 'not stated' ? 'this note does not state the image-control method' : `this note's Image control is ${method}`;
        }
        roles.push({ pack, kind: 'image-control', text: imageControlText(terms, pack, code), recommended: opcsRuns && selected === code, caveat });
      }
    } else if (pack.diagnosis) {
      if (pack.diagnosis.code === code) {
        roles.push({ pack, kind: 'diagnosis', text: `diagnosis code, first in the ICD-10 list`, recommended: true, caveat: null });
      } else if (isPrimarySite(terms, code)) {
        roles.push({
          pack,
          kind: 'primary-site',
          text: `primary-site code: where the primary is known it is coded too, after ${pack.diagnosis.code}`,
          recommended: false,
          caveat: null,
        });
      }
    }
  }
  return roles;
}

/**
 * The codes the packs call for in this note, in the order of the guidance: the main
 * code for the approach (both approaches' where it is not known), the method code,
 * the image-control code the documentation selects; in ICD-10 the diagnosis code.
 */
export function recommendedCodes(terms: Terminology, packs: readonly GuidancePack[], reading: NoteReading | null, classification: Classification): string[] {
  const out: string[] = [];
  const add = (code: string | null | undefined) => {
    if (code && !out.includes(code)) out.push(code);
  };
  for (const pack of packs) {
    if (classification === 'icd10') {
      add(pack.diagnosis?.code);
      continue;
    }
    const { approaches, opcsRuns } = approachesFor(pack, reading);
    if (!opcsRuns) continue;
    for (const a of approaches) add(pack.approaches[a]?.mainCode);
    for (const a of approaches) add(methodCodeFor(pack, a));
    add(selectedImageCode(terms, pack, reading));
  }
  return out;
}
