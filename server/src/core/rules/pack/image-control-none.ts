// `<pack>/image-control-none` (warning): a percutaneous approach with `Image control: none`.
// On for a pack with `imageControl`.

import { NO_FINDINGS } from '../rule';
import type { PackCheck } from './check';
import { applied } from './shared';

export const imageControlNone: PackCheck = {
  fixedName: 'image-control-none',
  name: (pack) => (pack.imageControl ? 'image-control-none' : null),
  defaultSeverity: 'warning',
  summary: () => 'A percutaneous approach with `Image control: none`.',
  check: (pack) => (note, ctx) => {
    if (!applied(ctx, pack) || note.approach.state !== 'known' || note.approach.value !== 'percutaneous') return NO_FINDINGS;
    if (note.imageControl.state !== 'known' || note.imageControl.value !== 'none') return NO_FINDINGS;
    return [
      {
        range: note.imageControl.field.field.valueRange,
        message: `Percutaneous ${pack.procedure} is done under image control, but Image control says none. Check the record and state the method (or \`not stated\`).`,
        fixes: [],
      },
    ];
  },
  doc: {
    file: 'pack/image-control-none',
    fill: (f) => ({
      'image-code': f.imageCode(),
      example: f.note({ episode: '2026-000407', procedure: 'percutaneous', imageControl: 'none', opcs: f.opcs(f.imaged).filter((c) => c !== f.imageCode()) }),
      corrected: f.note({ episode: '2026-000407', procedure: 'percutaneous' }),
    }),
  },
};
