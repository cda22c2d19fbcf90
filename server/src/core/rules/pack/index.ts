// The guidance-pack checks, in the order their findings at one place are listed,
// and the rules a pack's data turns on: `<pack id>/<check>`, one per check whose
// `name` the pack gives. A new check is a module here (and its page template
// beside it) plus fixtures; a new pack of the same shape is a JSON file.

import type { Rule } from '../rule';
import type { GuidancePack } from '../../guidance/pack';
import { packRuleId } from '../../guidance/pack';
import { PackFacts } from '../docs/pack-facts';
import type { PackCheck } from './check';
import { guidanceNotDeclared } from './guidance-not-declared';
import { approachMissing } from './approach-missing';
import { approachUnsupported } from './approach-unsupported';
import { procedureCode } from './procedure-code';
import { methodCode } from './method-code';
import { imageControlCode } from './image-control-code';
import { imageControlMethod } from './image-control-method';
import { imageControlNone } from './image-control-none';
import { diagnosisCode } from './diagnosis-code';
import { primaryCode } from './primary-code';

export type { PackCheck } from './check';

export const PACK_CHECK_MODULES: readonly PackCheck[] = [
  guidanceNotDeclared,
  approachMissing,
  approachUnsupported,
  procedureCode,
  methodCode,
  imageControlCode,
  imageControlMethod,
  imageControlNone,
  diagnosisCode,
  primaryCode,
];

/** The names of the checks that are the same for every pack: a check a workspace pack names itself must be another (guidance/pack.ts). */
export const PACK_CHECK_NAMES: readonly string[] = PACK_CHECK_MODULES.map((m) => m.fixedName).filter((n): n is string => n !== null);

/** The rules of one pack: each check its data turns on, with the sentence the pack adds to that check's messages. */
export function packRules(pack: GuidancePack): Rule[] {
  const rules: Rule[] = [];
  for (const module of PACK_CHECK_MODULES) {
    const name = module.name(pack);
    if (!name) continue;
    const check = module.check(pack);
    const extra = pack.messages?.[name];
    const { file, fill } = module.doc;
    rules.push({
      id: packRuleId(pack, name),
      defaultSeverity: module.defaultSeverity,
      pack,
      summary: module.summary(pack),
      check: extra ? (note, ctx) => check(note, ctx).map((f) => ({ ...f, message: `${f.message} ${extra}` })) : check,
      doc: {
        file,
        fill: (engine) => {
          const facts = new PackFacts(pack, engine);
          return { ...facts.values(), ...fill(facts) };
        },
      },
    });
  }
  return rules;
}
