// Test notes shared by the test suites.

/** A percutaneous IPG369 note that stops after the main code and has the wrong diagnosis: three errors. */
export const MISSING_CODES = [
  '# Liver list (test note)',
  'Episode: T-0001',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
  'OPCS-4: J12.8',
  'ICD-10: C20',
  '',
].join('\n');

/** The rules MISSING_CODES breaks. */
export const MISSING_RULES = ['ipg369/cryotherapy-code', 'ipg369/image-control-code', 'ipg369/diagnosis-code'];

/** A complete percutaneous IPG369 note with every field: no diagnostic. */
export const COMPLETE_PERCUTANEOUS = [
  'Episode: 2026-000123',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
  'Diagnosis: Secondary malignant neoplasm of liver',
  'OPCS-4: J12.8, Y13.2, Y53.2',
  'ICD-10: C78.7',
  'Comment: Two lesions.',
  '',
].join('\n');

/** A complete percutaneous IPG369 note with the given Episode (no Diagnosis or Comment line): no diagnostic. */
export function cleanNote(episode: string): string {
  return [
    `Episode: ${episode}`,
    'Guidance: IPG369',
    'Procedure: Percutaneous cryotherapy to liver metastases',
    'Approach: percutaneous',
    'Image control: ultrasound',
    'OPCS-4: J12.8, Y13.2, Y53.2',
    'ICD-10: C78.7',
    '',
  ].join('\n');
}
