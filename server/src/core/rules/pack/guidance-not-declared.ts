// `<pack>/guidance-not-declared` (hint): the Procedure text chose the pack, and no Guidance line names it.

import { NO_FINDINGS } from '../rule';
import type { PackCheck } from './check';
import { applied, declareGuidance } from './shared';

export const guidanceNotDeclared: PackCheck = {
  fixedName: 'guidance-not-declared',
  name: () => 'guidance-not-declared',
  defaultSeverity: 'hint',
  summary: (pack) => `The Procedure text reads as ${pack.procedure} (${pack.id}) but no Guidance line names ${pack.id}.`,
  check: (pack) => (note, ctx) => {
    const proc = note.byName.get('Procedure')?.[0];
    const a = applied(ctx, pack);
    if (!proc || !a || !a.triggered || a.declared) return NO_FINDINGS;
    return [
      {
        range: proc.field.valueRange,
        message: `This reads as ${pack.title} (${pack.id}), so the note is checked against ${pack.id}. Name it in a Guidance line to make that explicit.`,
        fixes: [{ ...declareGuidance(note, pack.id), preferred: true }],
      },
    ];
  },
  doc: {
    file: 'pack/guidance-not-declared',
    fill: (f) => ({
      example: f.note({ episode: '2026-000401', guidance: false, procedure: f.first }),
      corrected: f.note({ episode: '2026-000401', procedure: f.first }),
    }),
  },
};
