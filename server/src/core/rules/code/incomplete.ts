// `code/incomplete`: a subdivided category written without its fourth character.

import type { Rule, RawFinding } from '../rule';
import type { Fix } from '../../types';
import type { CodeEntry } from '../../interpret';
import type { Terminology } from '../../terminology';
import { replaceCode } from '../../edits';

function describe(terms: Terminology, e: CodeEntry, code: string): string {
  const info = terms.lookup(e.readAs, code);
  return info ? `${code} (${info.title})` : code;
}

export const incomplete: Rule = {
  id: 'code/incomplete',
  defaultSeverity: 'error',
  summary: 'A category written without its fourth character where the category is subdivided.',
  doc: { file: 'code/incomplete' },
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      const category = e.shape.kind === 'incomplete' ? e.shape.category : null;
      if (!category || e.repeats) continue;
      const subs = ctx.terms.subdivisions(e.readAs, category);
      const fixes: Fix[] = subs.map((s) => ({
        title: `Change to ${s.code} ${s.insertTitle}`,
        preferred: s.code === e.selected,
        // The subdivision the documentation selects is what the coder meant; any other is a choice.
        kind: s.code === e.selected ? 'reading' : 'change',
        edits: [replaceCode(ctx.terms, e, s.code)],
      }));
      fixes.sort((a, b) => Number(b.preferred) - Number(a.preferred));
      let message = `\`${e.entry.codeText}\` leaves the fourth character open: ${category} is subdivided, so pick the code that says what was done.`;
      if (e.selected) message += ` The note's Image control selects ${describe(ctx.terms, e, e.selected)}.`;
      else if (!subs.length) message += ' The bundled table holds none of its subdivisions; see the classification.';
      out.push({ range: e.entry.codeRange, message, fixes });
    }
    return out;
  },
};
