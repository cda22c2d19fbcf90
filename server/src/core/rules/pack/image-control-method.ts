// `<pack>/image-control-method`: an image-control code that contradicts the documented image control.
// On for a pack with `imageControl`.

import type { Fix } from '../../types';
import type { RawFinding } from '../rule';
import { NO_FINDINGS } from '../rule';
import type { PackCheck } from './check';
import { categoryOf } from '../../codes';
import { addField, removeEntry, replaceCode } from '../../edits';
import { applied, approachState, title } from './shared';

export const imageControlMethod: PackCheck = {
  fixedName: 'image-control-method',
  name: (pack) => (pack.imageControl ? 'image-control-method' : null),
  defaultSeverity: 'error',
  summary: (pack) => `The ${pack.imageControl!.codeCategories.join('/')} code contradicts the documented image control.`,
  check: (pack) => (note, ctx) => {
    const categories = pack.imageControl!.codeCategories;
    if (!applied(ctx, pack) || approachState(note, pack).kind === 'unsupported' || note.imageControl.state === 'unknown') return NO_FINDINGS;
    const out: RawFinding[] = [];
    const documented = note.imageControl.state === 'known' ? note.imageControl.value : 'not stated';
    const imageField = note.imageControl.state === 'known' ? note.imageControl.field : null;
    for (const e of note.opcs) {
      if (!e.code || !categories.includes(categoryOf(e.code))) continue;
      const codeMethod = e.code.endsWith('.9') ? 'not stated' : ctx.terms.methodOfImageCode(e.code);
      const setMethod = (m: string): Fix => ({
        title: imageField ? `Change Image control to '${m}'` : `Add 'Image control: ${m}'`,
        preferred: false,
        kind: imageField ? 'change' : 'insert',
        edits: [imageField ? { range: imageField.field.valueRange, newText: m } : addField(note, 'Image control', m)],
      });
      if (documented === 'none') {
        const fixes: Fix[] = [{ title: `Remove ${e.code}`, preferred: false, kind: 'change', edits: [removeEntry(e.entry)] }];
        if (codeMethod) fixes.push(setMethod(codeMethod));
        out.push({
          range: e.entry.codeRange,
          message: `${title(ctx.terms, e.code)} says image control was used, but Image control is none. Remove the code or correct Image control.`,
          fixes,
        });
        continue;
      }
      if (codeMethod === documented || (codeMethod === null && documented !== 'not stated')) continue;
      const expected = ctx.terms.imageControlCode(documented);
      const fixes: Fix[] = [];
      if (expected)
        fixes.push({ title: `Replace with ${title(ctx.terms, expected)}`, preferred: true, kind: 'change', edits: [replaceCode(ctx.terms, e, expected)] });
      let message: string;
      if (documented === 'not stated') {
        const source = imageField ? 'Image control is not stated' : 'the note has no Image control line';
        message = `${title(ctx.terms, e.code)} names an imaging method, but ${source}: where the method is not stated, the fourth character is .9 (${expected}).`;
        if (codeMethod) fixes.push(setMethod(codeMethod));
      } else if (codeMethod === 'not stated') {
        message =
          `Image control is ${documented}, so the unspecified code ${e.code} should name it` +
          (expected ? `: ${title(ctx.terms, expected)}.` : `. No ${documented} code is in the bundled table: choose it from the classification.`);
      } else {
        message =
          `${title(ctx.terms, e.code)} is the code for ${codeMethod}, but Image control is ${documented}` +
          (expected ? `: ${title(ctx.terms, expected)}.` : `. No ${documented} code is in the bundled table: choose it from the classification.`);
      }
      out.push({ range: e.entry.codeRange, message, fixes });
    }
    return out;
  },
  doc: {
    file: 'pack/image-control-method',
    fill: (f) => {
      const notStated = f.engine.terms.imageNotStatedCode;
      return {
        'image-code': f.imageCode(),
        example: f.note({ episode: '2026-000406', procedure: f.imaged, opcs: f.opcs(f.imaged).map((c) => (c === f.imageCode() ? notStated : c)) }),
        corrected: f.note({ episode: '2026-000406', procedure: f.imaged }),
      };
    },
  },
};
