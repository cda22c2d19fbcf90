// `code/wrong-classification`: an ICD-10 code in the OPCS-4 list, or the reverse.

import type { Rule, RawFinding } from '../rule';
import { categoryOf } from '../../codes';
import { insertCode, removeEntry, LIST_FIELD } from '../../edits';

export const wrongClassification: Rule = {
  id: 'code/wrong-classification',
  defaultSeverity: 'error',
  summary: 'An ICD-10 code in the OPCS-4 list, or an OPCS-4 code in the ICD-10 list.',
  doc: { file: 'code/wrong-classification' },
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      const target = e.wrongClassification ? e.readAs : e.perhapsOther;
      if (!target) continue;
      const to = LIST_FIELD[target];
      const from = LIST_FIELD[e.writtenIn];
      const code = e.code ?? e.openCategory ?? e.entry.codeText;
      const info = ctx.terms.lookup(target, code);
      const described = info ? `${code} (${info.title})` : code;
      out.push({
        range: e.entry.codeRange,
        message: e.wrongClassification
          ? `${described} is an ${to} code, not ${from}: it belongs in the ${to} list.`
          : `${described} is an ${to} code. The loaded ${from} tables do not list category ${categoryOf(code)} in full, so ${code} may be an ${from} code too: if it was meant as ${to}, move it to the ${to} list.`,
        fixes: [
          {
            title: `Move ${code} to ${to}`,
            // Moving is the reading only where the tables prove the code is not in its own list.
            preferred: e.wrongClassification,
            kind: 'reading',
            edits: [removeEntry(e.entry), ...insertCode(note, ctx.terms, target, code, { end: true }, e.entry.text)],
          },
        ],
      });
    }
    return out;
  },
};
