// Official classification release files, as a user holds them: one code a line,
// tab-separated code and title, with or without the dot, an optional header line.

import type { ReleaseEntry, Classification } from './terminology';

export interface ReleaseProblem {
  line: number;
  message: string;
}

const CODE = /^[A-Z]\d{2}(?:\.?\d)?$/;

export function parseReleaseFile(text: string, classification: Classification): { entries: ReleaseEntry[]; problems: ReleaseProblem[] } {
  const entries: ReleaseEntry[] = [];
  const problems: ReleaseProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    const [rawCode, ...rest] = raw.split('\t');
    const code = rawCode.trim().toUpperCase();
    const title = rest.join(' ').trim();
    if (!CODE.test(code) || !title) {
      if (entries.length === 0 && problems.length === 0 && i === lines.findIndex((l) => l.trim())) return; // a header line
      if (problems.length < 5) problems.push({ line: i, message: `expected a code, a tab and a title, found "${raw.slice(0, 60)}"` });
      return;
    }
    const dotted = code.length === 4 && !code.includes('.') ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
    if (classification === 'opcs4' && dotted.length === 3) return; // OPCS-4 category headings are not codes
    entries.push({ code: dotted, title });
  });
  return { entries, problems };
}
