// How a release file writes a code, read as the classification writes it:
// `A011` and `A01.1` are A01.1; `I10X` is I10 (the X filler of an undivided
// ICD-10 category); `A170-D`/`A170D` is A17.0 marked dagger, `G01X-A` G01
// marked asterisk (NHS Data Model and Dictionary, ICD-10 CODE); `A17.0†` and
// `G01*` as ICD-10 prints them.

import type { CodeUsage } from '../terminology';

export type ReadCode =
  | { kind: 'code'; code: string; usage?: CodeUsage }
  /** A well-formed code with a fifth character (ICD-10 modifiers): not a code the notes use. */
  | { kind: 'fifth' }
  | { kind: 'none' };

const PLAIN = /^([A-Z]\d{2})(?:\.?(\d|X))?-?([DA\u2020*])?$/;
const FIFTH = /^[A-Z]\d{2}\.?\d\d[-DA\u2020*]*$/;

export function readReleaseCode(raw: string): ReadCode {
  const s = raw.trim().toUpperCase().replace(/\s+/g, '');
  const m = PLAIN.exec(s);
  if (m) {
    const [, category, fourth, mark] = m;
    const code = !fourth || fourth === 'X' ? category : `${category}.${fourth}`;
    const usage: CodeUsage | undefined = mark === 'D' || mark === '\u2020' ? 'dagger' : mark === 'A' || mark === '*' ? 'asterisk' : undefined;
    return usage ? { kind: 'code', code, usage } : { kind: 'code', code };
  }
  if (FIFTH.test(s)) return { kind: 'fifth' };
  return { kind: 'none' };
}

/** A release's usage value (`DAGGER`, `ASTERISK`, `aster`, `†`, `*`) as a mark; undefined for any other (`DEFAULT`). */
export function readUsage(value: string | undefined): CodeUsage | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'dagger' || v === '\u2020' || v === 'd') return 'dagger';
  if (v === 'aster' || v === 'asterisk' || v === '*' || v === 'a') return 'asterisk';
  return undefined;
}
