// `<pack>/approach-unsupported` (information): an approach the pack gives no code set for, so its OPCS-4 checks do not run.

import { NO_FINDINGS } from '../rule';
import type { PackCheck } from './check';
import { packApproaches, packRuleId } from '../../guidance/pack';
import { APPROACHES } from '../../fields';
import { applied, approachState, listing } from './shared';

export const approachUnsupported: PackCheck = {
  fixedName: 'approach-unsupported',
  name: () => 'approach-unsupported',
  defaultSeverity: 'information',
  summary: (pack) => `An approach for which ${pack.id} gives no code set: its OPCS-4 checks do not run.`,
  check: (pack) => (note, ctx) => {
    if (!applied(ctx, pack) || approachState(note, pack).kind !== 'unsupported' || note.approach.state !== 'known') return NO_FINDINGS;
    return [
      {
        range: note.approach.field.field.valueRange,
        message: `${pack.id} gives no code set for the ${note.approach.value} approach (only ${listing(packApproaches(pack))}), so its OPCS-4 checks do not run on this note. Code the procedure by the OPCS-4 rules.`,
        fixes: [],
      },
    ];
  },
  doc: {
    file: 'pack/approach-unsupported',
    fill: (f) => {
      const other = APPROACHES.find((a) => a !== 'not stated' && !f.approaches.includes(a))!;
      const marker = [`# coding-notes-disable-next-line ${packRuleId(f.pack, 'approach-unsupported')} -- coded by the OPCS-4 rules, checked at audit`];
      const later = ['# OPCS-4 codes to follow, assigned by the OPCS-4 rules.'];
      return {
        other,
        approaches: f.approaches.join(' and '),
        example: f.note({ episode: '2026-000403', procedure: other, opcs: null, before: { 'ICD-10': later } }),
        corrected: f.note({ episode: '2026-000403', procedure: other, opcs: null, before: { Approach: marker, 'ICD-10': later } }),
      };
    },
  },
};
