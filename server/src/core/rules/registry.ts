// Every rule, in the order findings at the same place are listed. The docs pages
// and the SARIF rule list are generated from this list. A built-in rule is a
// module under its family's folder (syntax/, code/, snomed/, privacy/,
// guidance/) with its page beside it; a pack's rules come from pack/.

import type { Rule } from './rule';
import type { GuidancePack } from '../guidance/pack';
import { invalidLine } from './syntax/invalid-line';
import { unknownField } from './syntax/unknown-field';
import { duplicateField } from './syntax/duplicate-field';
import { invalidDirective } from './syntax/invalid-directive';
import { invalidValue } from './syntax/invalid-value';
import { malformed } from './code/malformed';
import { incomplete } from './code/incomplete';
import { unknown } from './code/unknown';
import { asteriskWithoutDagger } from './code/asterisk-without-dagger';
import { wrongClassification } from './code/wrong-classification';
import { titleMismatch } from './code/title-mismatch';
import { duplicate } from './code/duplicate';
import { sequence } from './code/sequence';
import { snomedInvalidId } from './snomed/invalid-id';
import { nhsNumber } from './privacy/nhs-number';
import { ambiguousGuidance } from './guidance/ambiguous';
import { packRules } from './pack';

/** The rules every engine has, whatever its packs. */
export const BUILT_IN_RULES: readonly Rule[] = [
  invalidLine,
  unknownField,
  duplicateField,
  invalidDirective,
  invalidValue,
  malformed,
  incomplete,
  unknown,
  asteriskWithoutDagger,
  wrongClassification,
  titleMismatch,
  duplicate,
  sequence,
  snomedInvalidId,
  nhsNumber,
  ambiguousGuidance,
];

export function buildRules(packs: readonly GuidancePack[]): Rule[] {
  return [...BUILT_IN_RULES, ...packs.flatMap(packRules)];
}
