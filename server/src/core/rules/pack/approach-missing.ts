// `<pack>/approach-missing`: no Approach (or `not stated`), where the pack codes each approach differently.

import { NO_FINDINGS } from '../rule';
import type { Fix } from '../../types';
import type { PackCheck } from './check';
import { hasWord, methodCodeFor, packApproaches } from '../../guidance/pack';
import { APPROACHES, Approach } from '../../fields';
import { addField } from '../../edits';
import { applied, approachState, fieldNameRange } from './shared';

export const approachMissing: PackCheck = {
  fixedName: 'approach-missing',
  name: () => 'approach-missing',
  defaultSeverity: 'error',
  summary: (pack) => `No Approach (or \`not stated\`): ${pack.id} codes each approach differently.`,
  check: (pack) => {
    const approachesWithCodes = packApproaches(pack);
    const codeSets = approachesWithCodes
      .map((a) => {
        const method = methodCodeFor(pack, a);
        return `${a}: ${pack.approaches[a]!.mainCode}${method ? ` + ${method}` : ''}`;
      })
      .join('; ');
    return (note, ctx) => {
      if (!applied(ctx, pack) || approachState(note, pack).kind !== 'missing') return NO_FINDINGS;
      const field = note.approach.state === 'known' ? note.approach.field : null;
      // What the record decides: the main code written, and the approach words in the Procedure text.
      const byCode = new Set<Approach>();
      for (const a of approachesWithCodes) if (note.opcs.some((e) => e.code === pack.approaches[a]!.mainCode)) byCode.add(a);
      const procedure = note.byName.get('Procedure')?.[0]?.field.value ?? '';
      const byWords = new Set<Approach>();
      for (const a of approachesWithCodes) if ((pack.approaches[a]!.procedureWords ?? []).some((w) => hasWord(procedure, w))) byWords.add(a);
      const votes = new Set([...byCode, ...byWords]);
      const decided = votes.size === 1 ? [...votes][0] : null;
      const choices = [...approachesWithCodes, ...APPROACHES.filter((a) => a !== 'not stated' && !approachesWithCodes.includes(a))];
      const fixes: Fix[] = choices.map((a) => ({
        title: field ? `Change Approach to '${a}'` : `Add 'Approach: ${a}'`,
        preferred: a === decided,
        // Adding the line the record decides is an insert; overwriting `not stated` replaces what the coder wrote.
        kind: field ? 'change' : 'insert',
        edits: [field ? { range: field.field.valueRange, newText: a } : addField(note, 'Approach', a)],
      }));
      fixes.sort((x, y) => Number(y.preferred) - Number(x.preferred));
      return [
        {
          range: field ? field.field.valueRange : (fieldNameRange(note, 'Procedure') ?? note.fields[0].field.nameRange),
          message:
            (approachesWithCodes.length > 1
              ? `${pack.id} codes each approach differently (${codeSets}), so the note must state the approach.`
              : `${pack.id} gives a code set for the ${approachesWithCodes[0]} approach only (${codeSets.slice(codeSets.indexOf(':') + 2)}), so the note must state the approach.`) +
            (decided ? ` The record reads as ${decided}.` : ''),
          fixes,
        },
      ];
    };
  },
  doc: {
    file: 'pack/approach-missing',
    fill: (f) => ({
      example: f.note({ episode: '2026-000402', procedure: f.first, approach: null }),
      corrected: f.note({ episode: '2026-000402', procedure: f.first }),
      'approach-words': f.approaches.map((a) => `\`${a}\``).join(' or '),
    }),
  },
};
