// `<pack>/procedure-code`: the main procedure code for the approach is missing, or another approach's main code is there.

import type { Fix } from '../../types';
import type { RawFinding } from '../rule';
import type { CodeEntry } from '../../interpret';
import { NO_FINDINGS } from '../rule';
import type { PackCheck } from './check';
import { packApproaches } from '../../guidance/pack';
import { insertCode, removeEntry, replaceCode } from '../../edits';
import { applied, approachState, missingCodeRange, presence, title } from './shared';

const NO_ENTRIES: readonly CodeEntry[] = [];

export const procedureCode: PackCheck = {
  fixedName: 'procedure-code',
  name: () => 'procedure-code',
  defaultSeverity: 'error',
  summary: () => `The main procedure code for the approach is missing, or the other approach's code is there.`,
  check: (pack) => {
    // Per approach, the other approaches' main codes: worked out once per pack, not per note.
    const othersOf = new Map(
      packApproaches(pack).map((approach) => [
        approach,
        packApproaches(pack)
          .filter((a) => a !== approach)
          .map((a) => ({ approach: a, code: pack.approaches[a]!.mainCode })),
      ]),
    );
    return (note, ctx) => {
      if (!applied(ctx, pack)) return NO_FINDINGS;
      const st = approachState(note, pack);
      if (st.kind !== 'supported') return NO_FINDINGS;
      const right = pack.approaches[st.approach]!.mainCode;
      const others = othersOf.get(st.approach)!;
      let wrong: CodeEntry[] | undefined;
      for (const e of note.opcs) if (others.some((o) => o.code === e.code)) (wrong ??= []).push(e);
      const has = presence(note, note.opcs, right);
      if (!wrong && has !== 'no') return NO_FINDINGS;
      const out: RawFinding[] = [];
      for (const w of wrong ?? NO_ENTRIES) {
        const other = others.find((o) => o.code === w.code)!;
        const fix: Fix =
          has === 'yes' || out.length
            ? { title: `Remove ${w.code}`, preferred: true, kind: 'change', edits: [removeEntry(w.entry)] }
            : { title: `Replace ${w.code} with ${title(ctx.terms, right)}`, preferred: true, kind: 'change', edits: [replaceCode(ctx.terms, w, right)] };
        out.push({
          range: w.entry.codeRange,
          message: `${w.code} is ${pack.id}'s main code for the ${other.approach} approach, but this note's approach is ${st.approach}: its main code is ${title(ctx.terms, right)}.`,
          fixes: [fix],
        });
      }
      if (has === 'no' && !wrong) {
        out.push({
          range: missingCodeRange(note, 'OPCS-4'),
          message: `The main procedure code is missing: ${pack.id} codes ${st.approach} ${pack.procedure} as ${title(ctx.terms, right)}, first in the OPCS-4 list.`,
          fixes: [{ title: `Insert ${right} first`, preferred: true, kind: 'insert', edits: insertCode(note, ctx.terms, 'opcs4', right, { first: true }) }],
        });
      }
      return out;
    };
  },
  doc: {
    file: 'pack/procedure-code',
    fill: (f) => {
      // The example writes another approach's main code where the pack has two approaches, else leaves it out.
      const a = f.first;
      const wrong = f.approaches.find((x) => x !== a);
      const opcs = f.opcs(a);
      return {
        'main-codes': f.approaches.map((x) => `${x}, ${f.title(f.mainCode(x))}`).join('; '),
        wrong: !!wrong,
        'wrong-main': wrong ? f.mainCode(wrong) : '',
        example: wrong
          ? f.note({ episode: '2026-000404', procedure: a, opcs: [f.mainCode(wrong), ...opcs.slice(1)] })
          : f.note({ episode: '2026-000404', procedure: a, opcs: opcs.slice(1) }),
        corrected: f.note({ episode: '2026-000404', procedure: a }),
      };
    },
  },
};
