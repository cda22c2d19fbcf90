// `code/duplicate`: a code listed twice in one field.

import type { Rule } from '../rule';
import { fold } from '../../text';
import { removeEntry } from '../../edits';

export const duplicate: Rule = {
  id: 'code/duplicate',
  defaultSeverity: 'warning',
  summary: 'A code listed twice in one field.',
  doc: { file: 'code/duplicate' },
  check(note, ctx) {
    return note.codeEntries
      .filter((e) => e.repeats)
      .map((e) => {
        // An exact repeat goes; a repeat with words of its own (`Y13.2 second lesion`) keeps them until the coder chooses.
        const title = e.entry.title;
        const info = e.code ? ctx.terms.lookup(e.readAs, e.code) : undefined;
        const exact = !title || fold(title) === fold(e.repeats!.entry.title ?? '') || (!!info && ctx.terms.titleMatches(info, title));
        return {
          range: e.entry.range,
          // Where the first listing is goes in `related`, not in the message: the message stays true wherever the note moves.
          message:
            `${e.code} is already listed earlier; each code is coded once.` +
            (exact ? '' : ` This one has words of its own ("${title}"): move them to a Comment field if they matter, then remove the repeat.`),
          fixes: [{ title: `Remove the repeated ${e.code}`, preferred: exact, kind: 'layout', edits: [removeEntry(e.entry)] }],
          related: [{ range: e.repeats!.entry.range, message: `${e.code} first listed here` }],
        };
      });
  },
};
