// The notes the real-editor suites (code-server end-to-end and extension host) open:
// one per coder step, each episode named by the suite.

const head = (episode: string) => [
  '# Interventional radiology list, week 47',
  `Episode: ${episode}`,
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
];

export function editorNotes(episode: (step: number) => string): Record<string, string> {
  return {
    // Stops after the main code and has the wrong diagnosis.
    'problems.codingnote': [...head(episode(1)), 'OPCS-4: J12.8', 'ICD-10: C20', ''].join('\n'),
    'hover.codingnote': [...head(episode(2)), 'OPCS-4: J12.8, Y13.2, Y53.2', 'ICD-10: C78.7', ''].join('\n'),
    // The main code is listed; the cursor goes after it.
    'complete.codingnote': [...head(episode(3)), 'OPCS-4: J12.8, ', 'ICD-10: C78.7', ''].join('\n'),
    'quickfix.codingnote': [...head(episode(4)), 'OPCS-4: J12.8, Y13.2, Y53.2', 'ICD-10: C787', ''].join('\n'),
    // An open cryotherapy coded with the percutaneous main code: the fix replaces a code, so it waits for a click.
    'change.codingnote': [
      `Episode: ${episode(6)}`,
      'Guidance: IPG369',
      'Procedure: Open cryotherapy to liver metastases',
      'Approach: open',
      'OPCS-4: J12.8, Y13.2',
      'ICD-10: C78.7',
      '',
    ].join('\n'),
    'save.codingnote': [
      '# Typed in a hurry; this comment stays as it is',
      `Episode: ${episode(5)}`,
      'Guidance: IPG369',
      'Procedure: Percutaneous cryotherapy to liver metastases',
      'Aproach: percutaneous',
      'Image control: ultrasond',
      'OPCS-4: j128, Y13.2',
      'ICD-10: C787',
      '',
    ].join('\n'),
  };
}
