// `code/title-mismatch`: a written title that is not the code's title in the classification.

import type { Rule, RawFinding } from '../rule';
import { fold } from '../../text';
import { editDistance } from '../../fields';
import { CODE_IN_TEXT } from '../../codes';

export const titleMismatch: Rule = {
  id: 'code/title-mismatch',
  defaultSeverity: 'warning',
  summary: "A written title that is not the code's title in the classification.",
  doc: { file: 'code/title-mismatch' },
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      if (!e.entry.title || !e.entry.titleRange || !e.code || e.shape.kind === 'incomplete') continue;
      const info = ctx.terms.lookup(e.readAs, e.code);
      if (!info || ctx.terms.titleMatches(info, e.entry.title)) continue;
      // Replacing is the slip's repair only where the written title is the official one mistyped or
      // cut short; other words there (a remark, a staging, a second code) are the coder's, kept until they choose.
      const slip = !CODE_IN_TEXT.test(e.entry.title) && isTitleSlip(e.entry.title, [info.title, info.insertTitle, ...info.alsoWritten]);
      out.push({
        range: e.entry.titleRange,
        message:
          `The title of ${e.code} is "${info.insertTitle}", not "${e.entry.title}".` +
          (slip
            ? ''
            : CODE_IN_TEXT.test(e.entry.title)
              ? ' The text after the code holds another code: is a comma missing?'
              : ' If the text is a remark, it belongs in a Comment field; it is kept until you choose.'),
        fixes: [
          { title: `Replace with "${info.insertTitle}"`, preferred: slip, kind: 'layout', edits: [{ range: e.entry.titleRange, newText: info.insertTitle }] },
        ],
      });
    }
    return out;
  },
};

/**
 * Whether a written title is the official one with a slip: within a few edits
 * of it (`ultrasound control` for `ultrasonic control`), or cut short, each word
 * the start of the official title's words in order (`cryo`, `Approach to organ`).
 */
export function isTitleSlip(written: string, officials: readonly string[]): boolean {
  const w = fold(written);
  return officials.some((official) => {
    const o = fold(official);
    const limit = Math.max(2, Math.floor(o.length / 10));
    if (editDistance(w, o, limit) <= limit) return true;
    const words = w.split(' ');
    const theirs = o.split(' ');
    let j = 0;
    for (const word of words) {
      while (j < theirs.length && !theirs[j].startsWith(word)) j++;
      if (j === theirs.length) return false;
      j++;
    }
    return words.length > 0 && w.length >= 3;
  });
}
