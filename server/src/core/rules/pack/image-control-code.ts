// `<pack>/image-control-code`: image control was used and no image-control code (the pack's categories) says so.
// On for a pack with `imageControl`.

import { NO_FINDINGS } from '../rule';
import type { Fix } from '../../types';
import type { CodeEntry } from '../../interpret';
import type { GuidancePack } from '../../guidance/pack';
import type { PackCheck } from './check';
import { methodCodeFor } from '../../guidance/pack';
import { categoryOf } from '../../codes';
import { insertCode, Placement } from '../../edits';
import { afterMain, applied, approachState, missingCodeRange, title, uncertain } from './shared';

/** An entry of the pack's image-control categories, written in full or with its fourth character open. */
function isImageCode(pack: GuidancePack, e: CodeEntry): boolean {
  const categories = pack.imageControl!.codeCategories;
  return !!((e.code && categories.includes(categoryOf(e.code))) || (e.openCategory && categories.includes(e.openCategory)));
}

export const imageControlCode: PackCheck = {
  fixedName: 'image-control-code',
  name: (pack) => (pack.imageControl ? 'image-control-code' : null),
  defaultSeverity: 'error',
  summary: (pack) => `Image control was used and no ${pack.imageControl!.codeCategories.join('/')} code says so.`,
  check: (pack) => (note, ctx) => {
    if (!applied(ctx, pack) || note.imageControlUsed !== true) return NO_FINDINGS;
    const st = approachState(note, pack);
    if (st.kind === 'unsupported') return NO_FINDINGS;
    if (note.opcs.some((e) => isImageCode(pack, e))) return NO_FINDINGS;
    const catNames = pack.imageControl!.codeCategories.join('/');
    if (uncertain(note, note.opcs)) return NO_FINDINGS;
    const method = note.imageControl.state === 'known' ? note.imageControl.value : 'not stated';
    const code = ctx.terms.imageControlCode(method);
    const why = note.imageControl.state === 'known' ? `Image control is ${method}` : 'the approach is percutaneous, which is done under image control';
    const methodCode = methodCodeFor(pack, st.kind === 'supported' ? st.approach : null);
    // After the method code, or an entry that leaves its fourth character open (`Y13.`).
    const methodEntry = methodCode ? note.opcs.find((e) => e.code === methodCode || (!e.code && e.openCategory === categoryOf(methodCode))) : undefined;
    const { where, preferred } = methodEntry ? { where: { after: methodEntry } as Placement, preferred: true } : afterMain(note, pack);
    const fixes: Fix[] = code
      ? [{ title: `Insert ${title(ctx.terms, code)}`, preferred, kind: 'insert', edits: insertCode(note, ctx.terms, 'opcs4', code, where) }]
      : [];
    return [
      {
        range: missingCodeRange(note, 'OPCS-4'),
        message: code
          ? `${why}, so a ${catNames} code is needed: ${title(ctx.terms, code)}.`
          : `${why}, so a ${catNames} code is needed. No ${method} code is in the bundled table: choose the ${catNames} code from the classification (or configure a release file).`,
        fixes,
      },
    ];
  },
  doc: {
    file: 'pack/image-control-code',
    fill: (f) => ({
      'image-code': f.imageCode(),
      example: f.note({ episode: '2026-000405', procedure: f.imaged, opcs: f.opcs(f.imaged).filter((c) => c !== f.imageCode()) }),
      corrected: f.note({ episode: '2026-000405', procedure: f.imaged }),
    }),
  },
};
