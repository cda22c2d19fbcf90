// `<pack>/<primary check>` (the pack names it: `ipg445/primary-code`, warning): no code of the primary site beside
// the diagnosis code. On for a pack with `diagnosis.primary`.

import { NO_FINDINGS } from '../rule';
import type { PackCheck } from './check';
import { categoryOf } from '../../codes';
import { insertCode } from '../../edits';
import { applied, missingCodeRange, uncertain } from './shared';

export const primaryCode: PackCheck = {
  fixedName: null,
  name: (pack) => pack.diagnosis?.primary?.check ?? null,
  defaultSeverity: 'warning',
  summary: (pack) => `No ${pack.diagnosis!.primary!.name} code (${pack.diagnosis!.primary!.categories.join('/')}) beside ${pack.diagnosis!.code}.`,
  check: (pack) => (note, ctx) => {
    const dx = pack.diagnosis!.code;
    const primary = pack.diagnosis!.primary!;
    if (!applied(ctx, pack)) return NO_FINDINGS;
    const inCats = (c: string | null) => !!c && primary.categories.includes(categoryOf(c));
    if (uncertain(note, note.icd) || note.icd.some((e) => inCats(e.code) || inCats(e.openCategory))) return NO_FINDINGS;
    const after = note.icd.find((e) => e.code === dx) ?? null;
    // A subdivided category offers its subcodes; one with no subdivisions (C19, C20) is itself the code.
    const subs = primary.categories.flatMap((c) => {
      const own = ctx.terms.subdivisions('icd10', c);
      const self = ctx.terms.lookup('icd10', c);
      return own.length ? own : self ? [self] : [];
    });
    return [
      {
        range: missingCodeRange(note, 'ICD-10'),
        message: `${pack.id} records the ${primary.name} (${primary.categories.join('/')}) with ${dx}. Add the code of the primary site, where the record gives it.`,
        fixes: subs.map((c) => ({
          title: `Insert ${c.code} ${c.insertTitle}`,
          preferred: false,
          kind: 'insert',
          edits: insertCode(note, ctx.terms, 'icd10', c.code, after ? { after } : { end: true }),
        })),
      },
    ];
  },
  doc: {
    file: 'pack/primary-code',
    fill: (f) => {
      const primary = f.pack.diagnosis!.primary!;
      const dx = f.pack.diagnosis!.code;
      return {
        dx,
        'primary-name': primary.name,
        'primary-categories': primary.categories.join('/'),
        'primary-categories-list': primary.categories.join(', '),
        'primary-example': f.primaryExample() ?? '',
        example: f.note({ episode: '2026-000410', procedure: f.imaged, icd: [dx] }),
        corrected: f.note({ episode: '2026-000410', procedure: f.imaged }),
      };
    },
  },
};
