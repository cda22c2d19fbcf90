// `<pack>/diagnosis-code`: the pack's diagnosis code is missing from ICD-10. On for a pack with `diagnosis`.

import { NO_FINDINGS } from '../rule';
import type { PackCheck } from './check';
import { insertCode } from '../../edits';
import { applied, missingCodeRange, presence, title } from './shared';

export const diagnosisCode: PackCheck = {
  fixedName: 'diagnosis-code',
  name: (pack) => (pack.diagnosis ? 'diagnosis-code' : null),
  defaultSeverity: 'error',
  summary: (pack) => `The diagnosis code ${pack.diagnosis!.code} is missing from ICD-10.`,
  check: (pack) => (note, ctx) => {
    const dx = pack.diagnosis!.code;
    if (!applied(ctx, pack) || presence(note, note.icd, dx) !== 'no') return NO_FINDINGS;
    return [
      {
        range: missingCodeRange(note, 'ICD-10'),
        message: `${pack.id} codes the diagnosis as ${title(ctx.terms, dx)}, first in the ICD-10 list; the primary site, where known, follows it.`,
        fixes: [{ title: `Insert ${dx} first`, preferred: true, kind: 'insert', edits: insertCode(note, ctx.terms, 'icd10', dx, { first: true }) }],
      },
    ];
  },
  doc: {
    file: 'pack/diagnosis-code',
    fill: (f) => {
      // The example has no ICD-10 line, or only the primary site where the pack records one.
      const primary = f.primaryExample();
      return {
        dx: f.pack.diagnosis!.code,
        example: f.note({ episode: '2026-000408', procedure: f.first, icd: primary ? [primary] : null }),
        corrected: f.note({ episode: '2026-000408', procedure: f.first }),
      };
    },
  },
};
