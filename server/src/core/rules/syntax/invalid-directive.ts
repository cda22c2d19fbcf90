// `syntax/invalid-directive`: a suppression comment that names no rule, or a rule that does not exist.

import type { Rule, RawFinding } from '../rule';
import { closestName } from '../../fields';

export const invalidDirective: Rule = {
  id: 'syntax/invalid-directive',
  defaultSeverity: 'warning',
  summary: 'A `# coding-notes-disable…` comment that names no rule, or a rule that does not exist.',
  doc: { file: 'syntax/invalid-directive' },
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const c of note.note.comments) {
      const d = c.directive;
      if (!d) continue;
      if (!d.rules.length) {
        out.push({
          range: d.range,
          message: `\`coding-notes-${d.kind}\` must name the rules it switches off, e.g. \`# coding-notes-${d.kind} code/title-mismatch -- reason\`.`,
          fixes: [],
        });
        continue;
      }
      for (const r of d.rules) {
        if (!ctx.knownRuleIds.has(r.id)) {
          const near = closestName(r.id, ctx.knownRuleIds);
          const hint = near ? ` Did you mean \`${near}\`?` : '';
          out.push({ range: r.range, message: `Unknown rule \`${r.id}\`: this directive switches nothing off.${hint}`, fixes: [] });
        }
      }
    }
    return out;
  },
};
