// `code/malformed`: an entry that is not a well-formed code of its list's classification (and a missing comma between codes).

import type { Rule, RawFinding } from '../rule';
import { CLASSIFICATION_NAMES } from '../../terminology';
import { nhsReading } from '../../codes';

/** The text before `end` back to the nearest white space or comma (a scan, not a split: a line may hold 100,000 codes). */
function wordBefore(line: string, end: number): string {
  let from = end;
  while (from > 0 && !/[\s,]/.test(line[from - 1])) from--;
  return line.slice(from, end);
}

export const malformed: Rule = {
  id: 'code/malformed',
  defaultSeverity: 'error',
  summary: "An entry that is not a well-formed code of its field's classification.",
  doc: { file: 'code/malformed' },
  check(note) {
    const out: RawFinding[] = [];
    for (const e of note.codeEntries) {
      const gap = e.entry.missingComma;
      if (gap) {
        // One slip, one diagnostic: the missing comma, with the code's own slip repaired in the same fix.
        const reading = e.shape.kind === 'malformed' ? e.shape.reading : null;
        const edits = [{ range: gap, newText: ', ' }];
        if (reading) edits.push({ range: e.entry.codeRange, newText: reading });
        const prev = wordBefore(note.lines[gap.start.line], gap.start.character);
        out.push({
          range: e.entry.codeRange,
          message: `A comma is missing between \`${prev}\` and \`${e.entry.codeText}\`: they are read as two codes${reading ? `, the second as ${reading}` : ''}.`,
          fixes: [
            { title: reading ? `Insert ', ' and change to ${reading}` : `Insert ', ' before ${e.entry.codeText}`, preferred: true, kind: 'reading', edits },
          ],
        });
        continue;
      }
      if (e.shape.kind !== 'malformed') continue;
      const cls = CLASSIFICATION_NAMES[e.readAs];
      const reading = e.shape.reading;
      const shapeHelp =
        e.readAs === 'opcs4'
          ? 'An OPCS-4 code is a letter, two digits, a dot and a digit (J12.8).'
          : 'An ICD-10 code is a letter and two digits, with a dot and a digit where the category is subdivided (C78.7, C20).';
      // The NHS data-set form is no mistake of the coder's: it is how extracts write the code.
      const nhsForm = reading !== null && e.readAs === 'icd10' && nhsReading(e.entry.codeText) === reading;
      // A fifth character (`S72.00`): a release may hold such codes, but notes and checks read ICD-10 to four characters.
      const fifth = e.readAs === 'icd10' && !reading ? /^([A-Za-z]\d\d\.\d)\d$/.exec(e.entry.codeText) : null;
      out.push({
        range: e.entry.codeRange,
        message: nhsForm
          ? `\`${e.entry.codeText}\` is how NHS data sets write ${reading} (no dot, a filler or a mark letter); a coding note writes the code as ICD-10 prints it: ${reading}.`
          : reading
            ? `\`${e.entry.codeText}\` is not a well-formed ${cls} code: did you mean ${reading}?`
            : fifth
              ? `\`${e.entry.codeText}\` has a fifth character: coding notes and their checks read ICD-10 codes to four characters (${fifth[1].toUpperCase()}), so the fifth is not checked. Write ${fifth[1].toUpperCase()} if that is the code meant.`
              : `\`${e.entry.codeText}\` is not a well-formed ${cls} code. ${shapeHelp}`,
        fixes: reading ? [{ title: `Change to ${reading}`, preferred: true, kind: 'reading', edits: [{ range: e.entry.codeRange, newText: reading }] }] : [],
      });
    }
    return out;
  },
};
