// Guidance packs are data: which notes they apply to, the code set for each
// approach, and the source. The checks in rules/pack/ are generic over them.

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

/**
 * The families of the rules that are not a pack's (`code/malformed`, and the
 * language server's `not-checked/…`): a pack with one of these ids would put
 * its checks among them.
 */
export const CORE_RULE_FAMILIES: readonly string[] = ['syntax', 'code', 'snomed', 'privacy', 'guidance', 'not-checked'];

/** A pack id as the pack schema has it: its rule ids are `<id in lower case>/<check>`. */
const PACK_ID = /^[A-Za-z][A-Za-z0-9-]*$/;

/** A check id as the pack schema has it: lower case, digits and hyphens, no `/`. */
const CHECK_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Why a workspace pack cannot be used beside `accepted` (the built-in packs,
 * then the workspace packs taken before it), or [] when it can. A pack never
 * replaces another, and its rules live only under its own id: its id is not a
 * built-in pack's or an earlier pack's (in any case), nor a family of the other
 * rules; the checks it names (method code, primary site) are single words,
 * distinct, and not `fixedChecks`, the checks every pack has (rules/pack's PACK_CHECK_NAMES, which the engine passes).
 */
export function packIdProblems(pack: GuidancePack, accepted: readonly GuidancePack[] = BUILT_IN_PACKS, fixedChecks: readonly string[] = []): string[] {
  const problems: string[] = [];
  const id = pack.id.toUpperCase();
  if (!PACK_ID.test(pack.id)) problems.push(`pack id "${pack.id}" is not a pack id (a letter, then letters, digits and hyphens)`);
  const builtIn = BUILT_IN_PACKS.some((p) => p.id.toUpperCase() === id);
  if (builtIn) problems.push(`pack id ${id} is built in; give your pack its own id`);
  else if (accepted.some((p) => p.id.toUpperCase() === id))
    problems.push(`pack id ${id} is already the id of another workspace pack; give each pack its own id`);
  if (CORE_RULE_FAMILIES.includes(id.toLowerCase())) {
    problems.push(`pack id ${id} is the family of the built-in rules ${id.toLowerCase()}/…; give your pack its own id`);
  }
  const named = [pack.methodCode?.check, pack.diagnosis?.primary?.check].filter((c): c is string => typeof c === 'string');
  named.forEach((check, i) => {
    if (!CHECK_ID.test(check)) problems.push(`check id "${check}" is not a check id (lower-case letters, digits and hyphens, no "/")`);
    else if (fixedChecks.includes(check)) problems.push(`check id "${check}" is a check that packs have already; give the check its own id`);
    else if (named.indexOf(check) < i) problems.push(`check id "${check}" is given twice; give each check its own id`);
  });
  return problems;
}

/** A workspace pack that is not used, and why (its position in the list given, and the problems). */
export interface RefusedPack {
  index: number;
  pack: GuidancePack;
  problems: string[];
}

/** The built-in packs followed by the workspace packs that can be used; the others refused, with why. */
export function mergePacks(workspace: readonly GuidancePack[], fixedChecks: readonly string[] = []): { packs: GuidancePack[]; refused: RefusedPack[] } {
  const packs = [...BUILT_IN_PACKS];
  const refused: RefusedPack[] = [];
  workspace.forEach((pack, index) => {
    const problems = packIdProblems(pack, packs, fixedChecks);
    if (problems.length) refused.push({ index, pack, problems });
    else packs.push(pack);
  });
  return { packs, refused };
}

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
    return set ? (set.methodCode ?? pack.methodCode.code ?? null) : null;
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
  return wordsTrigger(pack, procedureWords(procedure));
}

/** The words of a Procedure text as triggers see them (lower case, letters and digits). */
export function procedureWords(procedure: string): readonly string[] {
  return procedure.toLowerCase().match(/[a-z0-9]+/g) ?? ([] as string[]);
}

/** `procedureTriggers` on the words of the text, read once for every pack. */
export function wordsTrigger(pack: GuidancePack, words: readonly string[]): boolean {
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
