// `guidance/ambiguous`: several packs' triggers match the Procedure text and the
// note names none, so no pack checks it until the coder chooses. Not a pack's
// rule, so switching one pack's hint off never hides it.

import type { Rule } from '../rule';
import { NO_FINDINGS } from '../rule';
import { declareGuidance, listing } from '../pack/shared';

export const ambiguousGuidance: Rule = {
  id: 'guidance/ambiguous',
  defaultSeverity: 'warning',
  summary: 'The Procedure text matches several guidance packs and no Guidance line names one, so no pack checks the note.',
  doc: { file: 'guidance/ambiguous' },
  check(note, ctx) {
    const proc = note.byName.get('Procedure')?.[0];
    if (!proc || ctx.undecided.length < 2) return NO_FINDINGS;
    const ids = ctx.undecided.map((p) => p.id);
    return [
      {
        range: proc.field.valueRange,
        message: `This procedure matches several guidance packs (${listing(ids)}), so none of them checks the note until a Guidance line names the one that applies.`,
        fixes: ids.map((packId) => declareGuidance(note, packId)),
      },
    ];
  },
};
