// `syntax/unknown-field`: a field name the note format does not define, with its close field where there is one.

import type { Rule } from '../rule';
import type { Fix } from '../../types';
import { FIELDS } from '../../fields';

const fieldList = FIELDS.map((f) => f.name).join(', ');

export const unknownField: Rule = {
  id: 'syntax/unknown-field',
  defaultSeverity: 'error',
  summary: 'A field name that the note format does not define.',
  doc: { file: 'syntax/unknown-field' },
  check(note) {
    return note.fields
      .filter((f) => f.name.kind !== 'exact')
      .map((f) => {
        const fixes: Fix[] = [];
        let message = `Unknown field \`${f.field.name}\`. The fields are: ${fieldList}.`;
        if (f.spec) {
          message = `Unknown field \`${f.field.name}\`: did you mean \`${f.spec.name}\`?`;
          fixes.push({ title: `Rename to '${f.spec.name}'`, preferred: true, kind: 'reading', edits: [{ range: f.field.nameRange, newText: f.spec.name }] });
        } else if (f.name.kind === 'close') {
          message = `Unknown field \`${f.field.name}\`: it looks like \`${f.name.spec.name}\`, which this note already has.`;
        }
        return { range: f.field.nameRange, message, fixes };
      });
  },
};
