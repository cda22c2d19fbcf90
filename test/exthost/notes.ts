// The workspace the extension-host specs run in: these notes, written into a fresh folder.
const head = (episode: string) => [
  '# Interventional radiology list, week 47',
  `Episode: ${episode}`,
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
];

export const EXTHOST_NOTES: Record<string, string> = {
  'problems.codingnote': [...head('EH-1'), 'OPCS-4: J12.8', 'ICD-10: C20', ''].join('\n'),
  'complete.codingnote': [...head('EH-2'), 'OPCS-4: J12.8, ', 'ICD-10: C78.7', ''].join('\n'),
  'hover.codingnote': [...head('EH-3'), 'OPCS-4: J12.8, Y13.2, Y53.2', 'ICD-10: C78.7', ''].join('\n'),
  'quickfix.codingnote': [...head('EH-4'), 'OPCS-4: J12.8, Y13.2, Y53.2', 'ICD-10: C787', ''].join('\n'),
  'save.codingnote': [
    '# Typed in a hurry; this comment stays as it is',
    'Episode: EH-5',
    'Guidance: IPG369',
    'Procedure: Percutaneous cryotherapy to liver metastases',
    'Aproach: percutaneous',
    'Image control: ultrasond',
    'OPCS-4: j128, Y13.2',
    'ICD-10: C787',
    '',
  ].join('\n'),
};
