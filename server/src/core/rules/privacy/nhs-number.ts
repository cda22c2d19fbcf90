// `privacy/nhs-number` (off by default): a ten-digit number that passes the NHS number check.

import type { Rule, RawFinding } from '../rule';
import { lineRange } from '../../types';

export const nhsNumber: Rule = {
  id: 'privacy/nhs-number',
  defaultSeverity: 'off',
  summary: 'A 10-digit number that passes the NHS number check, anywhere in the note.',
  doc: { file: 'privacy/nhs-number' },
  check(note) {
    const out: RawFinding[] = [];
    const re = /(?<![\d])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])/g;
    for (let line = note.note.startLine; line <= note.note.endLine; line++) {
      const text = note.lines[line] ?? '';
      let m: RegExpExecArray | null;
      re.lastIndex = 0;
      while ((m = re.exec(text))) {
        if (!isNhsNumber(m[0].replace(/[ -]/g, ''))) continue;
        out.push({
          range: lineRange(line, m.index, m.index + m[0].length),
          message: 'This looks like an NHS number. A coding note must not hold patient identifiers: use the episode reference instead.',
          fixes: [],
        });
      }
    }
    return out;
  },
};

export function isNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === Number(digits[9]);
}
