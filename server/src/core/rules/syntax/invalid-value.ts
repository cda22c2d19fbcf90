// `syntax/invalid-value`: an Approach or Image control value outside its list.

import type { Rule, RawFinding } from '../rule';
import { APPROACHES } from '../../fields';

export const invalidValue: Rule = {
  id: 'syntax/invalid-value',
  defaultSeverity: 'error',
  summary: 'An Approach or Image control value outside its list.',
  doc: { file: 'syntax/invalid-value', fill: () => ({ approaches: APPROACHES.map((a) => `\`${a}\``).join(', ') }) },
  check(note) {
    const out: RawFinding[] = [];
    for (const f of note.fields) {
      if (f.spec?.kind !== 'enum' || !f.value || f.value.kind === 'exact') continue;
      const allowed = f.spec.values!;
      const vr = f.field.valueRange;
      const list = allowed.map((v) => `\`${v}\``).join(', ');
      if (f.value.kind === 'close') {
        out.push({
          range: vr,
          message: `\`${f.field.value}\` is not an ${f.spec.name} value: did you mean \`${f.value.value}\`?`,
          fixes: [{ title: `Change to '${f.value.value}'`, preferred: true, kind: 'reading', edits: [{ range: vr, newText: f.value.value }] }],
        });
      } else {
        const empty = !f.field.value;
        out.push({
          range: empty ? f.field.nameRange : vr,
          message: empty ? `${f.spec.name} has no value. It is one of ${list}.` : `\`${f.field.value}\` is not an ${f.spec.name} value. It is one of ${list}.`,
          fixes: allowed.map((v) => ({
            title: `Change to '${v}'`,
            preferred: false,
            kind: empty ? 'insert' : 'change',
            edits: [
              empty
                ? { range: { start: vr.start, end: { line: vr.start.line, character: note.lines[vr.start.line].length } }, newText: ` ${v}` }
                : { range: vr, newText: v },
            ],
          })),
        });
      }
    }
    return out;
  },
};
