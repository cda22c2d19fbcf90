// Column (or element) names of the NHS release files, and how a row of named
// values becomes a code: CODE (with the dot, or the X-filled form), ALT_CODE (no
// dot), DESCRIPTION (the title), USAGE (DAGGER, ASTERISK or DEFAULT).

import type { CodeUsage } from '../terminology';
import { readReleaseCode, readUsage } from './code';

/** A column name compared without case, spaces or punctuation: `ALT_CODE` → `ALTCODE`. */
export function columnKey(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const CODE_COLUMNS = ['CODE', 'OPCSCODE', 'OPCS4CODE', 'ICD10CODE', 'ICDCODE', 'CODEID'];
const ALT_COLUMNS = ['ALTCODE', 'ALTERNATIVECODE', 'CODEWITHOUTDOT', 'CODENODOT'];
const TITLE_COLUMNS = ['DESCRIPTION', 'TITLE', 'CODETITLE', 'OPCSTITLE', 'OPCS4TITLE', 'CODEDESCRIPTION', 'LONGDESCRIPTION', 'DESC', 'TERM', 'TREEDESCRIPTION'];
const USAGE_COLUMNS = ['USAGE'];
/** Where a file states its version. */
export const VERSION_KEYS = new Set(['VERSION', 'EDITION', 'RELEASEVERSION', 'CLASSIFICATIONVERSION']);

export interface Columns {
  code: string | null;
  alt: string | null;
  title: string | null;
  usage: string | null;
}

/** The columns that hold the code, its alternative spelling, the title and the usage, among these names (as keys). */
export function findColumns(keys: readonly string[]): Columns {
  const pick = (wanted: readonly string[]) => wanted.find((w) => keys.includes(w)) ?? null;
  return { code: pick(CODE_COLUMNS), alt: pick(ALT_COLUMNS), title: pick(TITLE_COLUMNS), usage: pick(USAGE_COLUMNS) };
}

export function usable(c: Columns): boolean {
  return (c.code !== null || c.alt !== null) && c.title !== null;
}

export type RowRead = { kind: 'code'; code: string; title: string; usage?: CodeUsage } | { kind: 'fifth' } | { kind: 'bad' };

/** One row, as named values (keys from columnKey). */
export function readRow(get: (key: string) => string | undefined, c: Columns): RowRead {
  let read = c.code ? readReleaseCode(get(c.code) ?? '') : { kind: 'none' as const };
  if (read.kind === 'none' && c.alt) read = readReleaseCode(get(c.alt) ?? '');
  if (read.kind === 'fifth') return { kind: 'fifth' };
  if (read.kind === 'none') return { kind: 'bad' };
  const title = cleanTitle(get(c.title!) ?? '');
  if (!title) return { kind: 'bad' };
  const usage = readUsage(c.usage ? get(c.usage) : undefined) ?? read.usage;
  return usage ? { kind: 'code', code: read.code, title, usage } : { kind: 'code', code: read.code, title };
}

/** A title as shown: white space folded, surrounding quotes of a quoted field removed. */
export function cleanTitle(raw: string): string {
  let t = raw.replace(/\s+/g, ' ').trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) t = t.slice(1, -1).replace(/""/g, '"').trim();
  return t;
}
