// `<pack>/<method check>` (the pack names it: `ipg369/cryotherapy-code`): the method code for the approach is missing.
// On for a pack with `methodCode`.

import { NO_FINDINGS } from '../rule';
import type { PackCheck } from './check';
import { methodCodeFor } from '../../guidance/pack';
import { insertCode } from '../../edits';
import { afterMain, applied, approachState, missingCodeRange, presence, title } from './shared';

export const methodCode: PackCheck = {
  fixedName: null,
  name: (pack) => pack.methodCode?.check ?? null,
  defaultSeverity: 'error',
  summary: (pack) => `The ${pack.methodCode!.name} method code for the approach is missing.`,
  check: (pack) => (note, ctx) => {
    if (!applied(ctx, pack)) return NO_FINDINGS;
    const st = approachState(note, pack);
    // OPCS-4 checks run unless the approach is one the pack gives no code set for.
    if (st.kind === 'unsupported') return NO_FINDINGS;
    // The method code depends on the approach unless every approach shares it.
    const code = methodCodeFor(pack, st.kind === 'supported' ? st.approach : null);
    if (!code || presence(note, note.opcs, code) !== 'no') return NO_FINDINGS;
    const { where, preferred } = afterMain(note, pack);
    return [
      {
        range: missingCodeRange(note, 'OPCS-4'),
        message: `${title(ctx.terms, code)} is missing: ${pack.id} codes the ${pack.methodCode!.name} with ${code} right after the main procedure code.`,
        fixes: [{ title: `Insert ${code} after the main code`, preferred, kind: 'insert', edits: insertCode(note, ctx.terms, 'opcs4', code, where) }],
      },
    ];
  },
  doc: {
    file: 'pack/method-code',
    fill: (f) => {
      const a = f.approaches.find((x) => methodCodeFor(f.pack, x)) ?? f.first;
      const code = methodCodeFor(f.pack, a)!;
      const without = f.approaches.filter((x) => !methodCodeFor(f.pack, x));
      return {
        'method-code': code,
        'method-name': f.pack.methodCode!.name,
        without: without.join(' and '),
        'without-several': without.length > 1,
        example: f.note({ episode: '2026-000409', procedure: a, opcs: f.opcs(a).filter((c) => c !== code) }),
        corrected: f.note({ episode: '2026-000409', procedure: a }),
      };
    },
  },
};
