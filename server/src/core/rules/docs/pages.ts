// The page file of each rule (the `.md` beside its module; a pack check's is a template),
// by its `RuleDocSource.file`. Only the page renderer imports it (docs/index.ts: `npm run docs`,
// the CLI's SARIF rule help), so the language server, which links to the generated pages and
// never renders one, does not bundle the text. test/docs.test.ts checks that every rule has its
// page here and every page file is listed.

import codeAsteriskWithoutDagger from '../code/asterisk-without-dagger.md';
import codeDuplicate from '../code/duplicate.md';
import codeIncomplete from '../code/incomplete.md';
import codeMalformed from '../code/malformed.md';
import codeSequence from '../code/sequence.md';
import codeTitleMismatch from '../code/title-mismatch.md';
import codeUnknown from '../code/unknown.md';
import codeWrongClassification from '../code/wrong-classification.md';
import guidanceAmbiguous from '../guidance/ambiguous.md';
import packApproachMissing from '../pack/approach-missing.md';
import packApproachUnsupported from '../pack/approach-unsupported.md';
import packDiagnosisCode from '../pack/diagnosis-code.md';
import packGuidanceNotDeclared from '../pack/guidance-not-declared.md';
import packImageControlCode from '../pack/image-control-code.md';
import packImageControlMethod from '../pack/image-control-method.md';
import packImageControlNone from '../pack/image-control-none.md';
import packMethodCode from '../pack/method-code.md';
import packPrimaryCode from '../pack/primary-code.md';
import packProcedureCode from '../pack/procedure-code.md';
import privacyNhsNumber from '../privacy/nhs-number.md';
import snomedInvalidId from '../snomed/invalid-id.md';
import syntaxDuplicateField from '../syntax/duplicate-field.md';
import syntaxInvalidDirective from '../syntax/invalid-directive.md';
import syntaxInvalidLine from '../syntax/invalid-line.md';
import syntaxInvalidValue from '../syntax/invalid-value.md';
import syntaxUnknownField from '../syntax/unknown-field.md';

export const RULE_PAGES: ReadonlyMap<string, string> = new Map([
  ['code/asterisk-without-dagger', codeAsteriskWithoutDagger],
  ['code/duplicate', codeDuplicate],
  ['code/incomplete', codeIncomplete],
  ['code/malformed', codeMalformed],
  ['code/sequence', codeSequence],
  ['code/title-mismatch', codeTitleMismatch],
  ['code/unknown', codeUnknown],
  ['code/wrong-classification', codeWrongClassification],
  ['guidance/ambiguous', guidanceAmbiguous],
  ['pack/approach-missing', packApproachMissing],
  ['pack/approach-unsupported', packApproachUnsupported],
  ['pack/diagnosis-code', packDiagnosisCode],
  ['pack/guidance-not-declared', packGuidanceNotDeclared],
  ['pack/image-control-code', packImageControlCode],
  ['pack/image-control-method', packImageControlMethod],
  ['pack/image-control-none', packImageControlNone],
  ['pack/method-code', packMethodCode],
  ['pack/primary-code', packPrimaryCode],
  ['pack/procedure-code', packProcedureCode],
  ['privacy/nhs-number', privacyNhsNumber],
  ['snomed/invalid-id', snomedInvalidId],
  ['syntax/duplicate-field', syntaxDuplicateField],
  ['syntax/invalid-directive', syntaxInvalidDirective],
  ['syntax/invalid-line', syntaxInvalidLine],
  ['syntax/invalid-value', syntaxInvalidValue],
  ['syntax/unknown-field', syntaxUnknownField],
]);
