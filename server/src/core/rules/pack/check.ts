// A guidance-pack check as a module: what it checks, for any pack whose data
// turns it on, and its page template, filled from that pack's facts.
// pack/index.ts lists the modules and makes one rule per pack and check.

import type { Rule, DocValues } from '../rule';
import type { SeveritySetting } from '../../types';
import type { GuidancePack } from '../../guidance/pack';
import type { PackFacts } from '../docs/pack-facts';

export interface PackCheck {
  /** The check's name where it is the same for every pack (`approach-missing`); null where each pack names it (a method code check). */
  fixedName: string | null;
  /** The check's name in the rule id `<pack>/<name>`, or null where the pack's data does not turn the check on. */
  name(pack: GuidancePack): string | null;
  defaultSeverity: SeveritySetting;
  /** One line: when the rule fires (with the pack's words). */
  summary(pack: GuidancePack): string;
  /** The check for one pack: what it needs of the pack is worked out once, here. */
  check(pack: GuidancePack): Rule['check'];
  /** The page template beside the module (`pack/<check>.md`, its text in docs/pages.ts) and the values it takes from the pack's facts, besides PackFacts.values(). */
  doc: { file: string; fill: (facts: PackFacts) => DocValues };
}
