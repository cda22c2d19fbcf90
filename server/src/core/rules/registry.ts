// Every rule, in the order findings at the same place are listed. The docs pages
// and the SARIF rule list are generated from this list.

import type { Rule } from './rule';
import type { GuidancePack } from '../guidance/pack';
import { STRUCTURE_RULES } from './structure';
import { CODE_RULES } from './codes';
import { ambiguousGuidance, guidanceRules } from './guidance';

export function buildRules(packs: readonly GuidancePack[]): Rule[] {
  return [...STRUCTURE_RULES, ...CODE_RULES, ambiguousGuidance, ...packs.flatMap(guidanceRules)];
}
