// `code/sequence`: a supplementary OPCS-4 code (chapter Y or Z) before the first main procedure code.

import type { Rule } from '../rule';
import { NO_FINDINGS } from '../rule';
import { isSupplementary } from '../../codes';
import { moveBefore } from '../../edits';

export const sequence: Rule = {
  id: 'code/sequence',
  defaultSeverity: 'warning',
  summary: 'A supplementary OPCS-4 code (chapter Y or Z) before the first main procedure code.',
  doc: { file: 'code/sequence' },
  check(note) {
    const list = note.opcs;
    const main = list.findIndex((e) => e.code && !isSupplementary(e.code));
    if (main <= 0) return NO_FINDINGS;
    const first = list.findIndex((e) => e.code && isSupplementary(e.code));
    if (first < 0 || first > main) return NO_FINDINGS;
    const m = list[main];
    const s = list[first];
    return [
      {
        range: s.entry.codeRange,
        message: `${s.code} is a supplementary code (chapters Y and Z qualify a procedure), so it cannot stand before the main procedure code ${m.code}. The first OPCS-4 code is the main procedure.`,
        fixes: [{ title: `Move ${m.code} to the front`, preferred: true, kind: 'layout', edits: moveBefore(note, m.entry, list[0].entry) }],
      },
    ];
  },
};
