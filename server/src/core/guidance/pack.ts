// Guidance packs are data: which notes they apply to, the code set for each
// approach, and the source. The checks in rules/guidance.ts are generic over them.

import ipg369 from './ipg369.json';
import ipg445 from './ipg445.json';
import ipg406 from './ipg406.json';
import ipg327 from './ipg327.json';
import type { Approach } from '../fields';

export interface ApproachCodes {
  /** The main procedure code for this approach (first in OPCS-4). */
  mainCode: string;
  /** The method code that follows the main code for this approach, where it differs from the pack's. */
  methodCode?: string;
  /** Words of the Procedure text that say this approach (they help decide a missing Approach). */
  procedureWords?: string[];
}

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
  approaches: Partial<Record<Approach, ApproachCodes>>;
  /**
   * The method code check: its id and name, and the code for every approach
   * (an approach's own `methodCode` overrides it; an approach with neither has none).
   */
  methodCode?: { check: string; name: string; code?: string };
  /** Whether (and with which categories) the image-control code is required. */
  imageControl?: { codeCategories: string[] };
  /** The diagnosis code, first in ICD-10; and, where the guidance records it, the primary site too. */
  diagnosis?: { code: string; primary?: { categories: string[]; check: string; name: string } };
  /** Extra sentences, per check id, that the pack adds to that check's messages. */
  messages?: Record<string, string>;
}

export const BUILT_IN_PACKS: readonly GuidancePack[] = [ipg369, ipg445, ipg406, ipg327] as GuidancePack[];

/** The approaches the pack gives a code set for, in the order it lists them. */
export function packApproaches(pack: GuidancePack): Approach[] {
  return (Object.keys(pack.approaches) as Approach[]).filter((a) => pack.approaches[a]);
}

/**
 * The method code for an approach; for an unknown approach (null), the code
 * every approach shares, else null.
 */
export function methodCodeFor(pack: GuidancePack, approach: Approach | null): string | null {
  if (!pack.methodCode) return null;
  if (approach) {
    const set = pack.approaches[approach];
    return set ? set.methodCode ?? pack.methodCode.code ?? null : null;
  }
  const codes = new Set(packApproaches(pack).map((a) => methodCodeFor(pack, a)));
  return codes.size === 1 ? [...codes][0] : null;
}

/** Every method code the pack names, for any approach. */
export function packMethodCodes(pack: GuidancePack): string[] {
  const out = new Set<string>();
  for (const a of packApproaches(pack)) {
    const c = methodCodeFor(pack, a);
    if (c) out.add(c);
  }
  return [...out];
}

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
