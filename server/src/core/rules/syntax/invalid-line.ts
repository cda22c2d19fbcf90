// `syntax/invalid-line`: a line that is no field, item, comment, separator or blank; and a field line with one slip, read as the field.

import type { Rule, RawFinding } from '../rule';

export const invalidLine: Rule = {
  id: 'syntax/invalid-line',
  defaultSeverity: 'error',
  summary: 'A line that is not a field, an item of a code list, a comment, a separator or blank.',
  doc: { file: 'syntax/invalid-line' },
  check(note) {
    const out: RawFinding[] = note.note.invalidLines.map((l) => {
      // Characters that look like others are the usual reason a line that looks right is not read.
      const odd = oddCharacters(note.lines[l.line].trim());
      return {
        range: l.range,
        message:
          'This line is not a field (`Name: value`), an indented code under OPCS-4 or ICD-10, a `#` comment or a `---` separator.' +
          (odd ? ` It is written with ${odd}, which a field name and its colon do not take.` : ''),
        fixes: [],
      };
    });
    // A field line with one slip: read as the field (the other rules see it so), repaired by the preferred fix.
    for (const f of note.fields) {
      const repair = f.field.repair;
      if (!repair) continue;
      const name = f.spec?.name ?? f.field.name;
      const said = {
        colon: [`\`${repair.written}\` has no colon after the field name: it reads as \`${name}:\`.`, `Insert ':' after '${f.field.name}'`],
        indent: [`\`${name}:\` is a field, so it starts at the beginning of the line; indented, it would be read as a code.`, `Outdent the '${name}' line`],
        name: [
          `The field name \`${repair.written.slice(0, repair.written.indexOf(':'))}\` is written with ${oddCharacters(repair.written.slice(0, repair.written.indexOf(':')))}: it reads as \`${f.field.name}\`.`,
          `Write '${f.field.name}'`,
        ],
      }[repair.kind];
      out.push({ range: f.field.nameRange, message: said[0], fixes: [{ title: said[1], preferred: true, kind: 'reading', edits: repair.edits }] });
    }
    for (const item of note.note.orphanItems) {
      out.push({ range: item.range, message: 'An indented line must follow a code-list field (OPCS-4, ICD-10 or SNOMED CT).', fixes: [] });
    }
    for (const f of note.fields) {
      // Items belong to code lists; an unknown field without a reading is reported once, by its name.
      if (!f.spec || f.spec.kind === 'codes' || f.spec.kind === 'snomed') continue;
      for (const item of f.field.items) {
        out.push({
          range: item.range,
          message: `\`${f.spec.name}\` is not a list, so it takes no indented lines. Put the text on the field's line, or in a \`# comment\`.`,
          fixes: [],
        });
      }
    }
    return out;
  },
};

/** What makes a field name odd, in words: `a tab`, `a non-breaking space`, `U+2011 (a dash that is not a hyphen)`. */
function oddCharacters(name: string): string {
  const said: string[] = [];
  for (const ch of new Set(name.match(/[\t\u00a0\u2010-\u2015\u2212]/g) ?? [])) {
    if (ch === '\t') said.push('a tab');
    else if (ch === '\u00a0') said.push('a non-breaking space');
    else said.push(`U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (a dash that is not a hyphen)`);
  }
  return said.join(' and ');
}
