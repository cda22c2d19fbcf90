// `code/unknown`: a well-formed code that a complete table does not have.

import type { Rule, RawFinding } from '../rule';
import { CLASSIFICATION_NAMES } from '../../terminology';
import { categoryOf } from '../../codes';
import { replaceCode } from '../../edits';
import { listing } from '../words';

export const unknown: Rule = {
  id: 'code/unknown',
  defaultSeverity: 'warning',
  summary: 'A well-formed code that a complete table (bundled category or official release file) does not have.',
  doc: {
    file: 'code/unknown',
    // The categories the bundled tables list completely: the page says where the rule can speak.
    fill: (engine) => {
      const complete = (cls: 'opcs4' | 'icd10') =>
        listing([...new Set(engine.terms.all(cls).map((c) => c.category))].filter((c) => engine.terms.coversCompletely(cls, c)).sort());
      return { 'icd-complete': complete('icd10'), 'opcs-complete': complete('opcs4') };
    },
  },
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      if (!e.code || !e.unknown) continue;
      const category = categoryOf(e.code);
      // A category with no subdivisions is itself the code (C20); otherwise offer its codes, nearest first.
      const subs = ctx.terms.subdivisions(e.readAs, category);
      const self = ctx.terms.lookup(e.readAs, category);
      const codes = self ? [self] : subs;
      // Every code of the category in the message; the fixes nearest first (a complete category has ten at most).
      const near = codes
        .slice()
        .sort((a, b) => Math.abs(digit(a.code) - digit(e.code!)) - Math.abs(digit(b.code) - digit(e.code!)) || a.code.localeCompare(b.code));
      out.push({
        range: e.entry.codeRange,
        message:
          `${e.code} is not an ${CLASSIFICATION_NAMES[e.readAs]} code${ctx.terms.hasRelease(e.readAs) ? ' in the configured release file' : ''}.` +
          (codes.length ? ` The codes of ${category}: ${codes.map((n) => n.code).join(', ')}.` : ''),
        fixes: near.map((n) => ({
          title: `Change to ${n.code} ${n.insertTitle}`,
          preferred: false,
          kind: 'change',
          edits: [replaceCode(ctx.terms, e, n.code)],
        })),
      });
    }
    return out;
  },
};

function digit(code: string): number {
  return code.length > 4 ? Number(code[4]) : -1;
}
