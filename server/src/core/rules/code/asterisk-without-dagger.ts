// `code/asterisk-without-dagger`: an ICD-10 asterisk code listed without any dagger code.

import type { Rule, RawFinding } from '../rule';
import { NO_FINDINGS } from '../rule';
import type { CodeEntry } from '../../interpret';

/** The mark the coder wrote after a code: `A17.0†`, `G01*`, or the NHS data-set letter (`A170D`, `G01XA`). */
function writtenMark(e: CodeEntry): '\u2020' | '*' | null {
  const text = e.shape.kind === 'malformed' && e.shape.reading ? e.shape.reading : e.entry.codeText;
  return text.endsWith('\u2020') ? '\u2020' : text.endsWith('*') ? '*' : null;
}

export const asteriskWithoutDagger: Rule = {
  id: 'code/asterisk-without-dagger',
  defaultSeverity: 'warning',
  summary: 'An ICD-10 asterisk code (a manifestation) listed without any dagger code: marked * in the note, or an asterisk code in the loaded release.',
  doc: { file: 'code/asterisk-without-dagger' },
  check(note, ctx) {
    const usage = (e: CodeEntry) => ctx.terms.lookup('icd10', e.code!)?.usage;
    const release = ctx.terms.release('icd10');
    // One pass first, building nothing: most notes list a dagger code, or no asterisk code.
    let asterisk = false;
    for (const e of note.codeEntries) {
      if (e.readAs !== 'icd10' || !e.code) continue;
      const mark = writtenMark(e);
      const use = usage(e);
      if (mark === '\u2020' || use === 'dagger') return NO_FINDINGS;
      if (mark === '*' || (use === 'asterisk' && release !== null)) asterisk = true;
    }
    if (!asterisk) return NO_FINDINGS;
    const icd = note.codeEntries.filter((e) => e.readAs === 'icd10' && e.code);
    const out: RawFinding[] = [];
    for (const e of icd) {
      if (e.repeats) continue;
      const byRelease = usage(e) === 'asterisk' && release !== null;
      if (!byRelease && writtenMark(e) !== '*') continue;
      out.push({
        range: e.entry.codeRange,
        message:
          `${e.code} is ${byRelease ? `an asterisk code in ${release?.label ?? 'the release'}` : `written as an asterisk code (${e.code}*)`}: a manifestation, which ICD-10 never lists alone. ` +
          'List the dagger code (\u2020) of the underlying disease with it (write \u2020 after a code that the release does not mark).',
        fixes: [],
      });
    }
    return out;
  },
};
