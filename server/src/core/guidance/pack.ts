// Guidance packs are data: which notes they apply to, the code set for each
// approach, and the source. The checks in rules/guidance.ts are generic over them.

import ipg369 from './ipg369.json';
import type { Approach } from '../fields';

export interface GuidancePack {
  /** Upper-case id as written in a Guidance field, e.g. `IPG369`. */
  id: string;
  title: string;
  /** The procedure in a coder's words, e.g. `cryotherapy`. */
  procedure: string;
  source: { title: string; url: string };
  /** Every group must have a word in the Procedure text; `cryo*` matches a word start. */
  trigger: { allOf: string[][] };
  /** Approaches with a code set. Others are unsupported by the pack. */
  approaches: Partial<Record<Approach, { mainCode: string; procedureWords?: string[] }>>;
  /** The method code that follows the main code, and the id of its check. */
  methodCode?: { code: string; check: string; name: string };
  /** Whether (and with which categories) the image-control code is required. */
  imageControl?: { codeCategories: string[] };
  diagnosis?: { code: string };
}

export const BUILT_IN_PACKS: readonly GuidancePack[] = [ipg369 as GuidancePack];

/** The rule id of a pack's check: `<pack-id>/<check>`, lower case. */
export function packRuleId(pack: GuidancePack, check: string): string {
  return `${pack.id.toLowerCase()}/${check}`;
}

/** True when the Procedure text has a word from every trigger group. */
export function procedureTriggers(pack: GuidancePack, procedure: string): boolean {
  const words = procedure.toLowerCase().match(/[a-z0-9]+/g) ?? ([] as string[]);
  return pack.trigger.allOf.every((group) =>
    group.some((term) => {
      const t = term.toLowerCase();
      return t.endsWith('*') ? words.some((w) => w.startsWith(t.slice(0, -1))) : words.includes(t);
    }),
  );
}

/** The words of a text, lower case, for matching approach words. */
export function hasWord(text: string, word: string): boolean {
  return (text.toLowerCase().match(/[a-z0-9-]+/g) ?? ([] as string[])).includes(word.toLowerCase());
}
