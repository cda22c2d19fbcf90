// `snomed/invalid-id`: a SNOMED CT id with a bad length, partition or Verhoeff check digit.

import type { Rule, RawFinding } from '../rule';

export const snomedInvalidId: Rule = {
  id: 'snomed/invalid-id',
  defaultSeverity: 'error',
  summary: 'A SNOMED CT id with a bad length, partition or check digit.',
  doc: { file: 'snomed/invalid-id' },
  check(note) {
    const out: RawFinding[] = [];
    for (const e of note.snomed) {
      const problem = snomedProblem(e.codeText);
      if (problem) out.push({ range: e.codeRange, message: `\`${e.codeText}\` is not a valid SNOMED CT id: ${problem}.`, fixes: [] });
    }
    return out;
  },
};

export function snomedProblem(id: string): string | null {
  if (!/^\d+$/.test(id)) return 'an id is digits only';
  if (id.length < 6 || id.length > 18) return `an id has 6 to 18 digits, this one has ${id.length}`;
  if (id[0] === '0') return 'an id does not start with 0';
  const partition = id.slice(-3, -1);
  if (!['00', '01', '02', '10', '11', '12'].includes(partition))
    return `its partition digits "${partition}" are not a concept, description or relationship partition`;
  if (!verhoeffValid(id)) return 'its check digit is wrong (Verhoeff)';
  return null;
}

const VD = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VP = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

export function verhoeffValid(digits: string): boolean {
  let c = 0;
  const rev = digits.split('').reverse();
  for (let i = 0; i < rev.length; i++) c = VD[c][VP[i % 8][Number(rev[i])]];
  return c === 0;
}
