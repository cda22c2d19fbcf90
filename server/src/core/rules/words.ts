// Small wording helpers that rule messages and rule pages share.

import type { Terminology } from '../terminology';

/** `a`, `a and b`, `a, b and c`. */
export function listing(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `J12.8 Other specified …`: the code with its title from the loaded tables, else the code alone. */
export function codeAndTitle(terms: Terminology, code: string): string {
  const info = terms.lookup('opcs4', code) ?? terms.lookup('icd10', code);
  return info ? `${code} ${info.insertTitle}` : code;
}
