// `syntax/invalid-directive`: a suppression comment that names no rule, or a rule that does not exist;
// a comment that was meant as one but is misspelt; a reason given after a single dash.

import type { Rule, RawFinding } from '../rule';
import type { CommentLine } from '../../parse';
import { closestName } from '../../fields';
import { lineRange } from '../../types';

const KEYWORDS = ['coding-notes-disable', 'coding-notes-disable-next-line'];
/** Dashes a reason may have been meant to follow: a hyphen, an en dash, an em dash. */
const LONE_DASH = /^[-\u2013\u2014]$/;

export const invalidDirective: Rule = {
  id: 'syntax/invalid-directive',
  defaultSeverity: 'warning',
  summary: 'A `# coding-notes-disable…` comment that names no rule, or a rule that does not exist.',
  doc: { file: 'syntax/invalid-directive' },
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const c of note.note.comments) {
      const d = c.directive;
      if (!d) {
        const misspelt = misspeltKeyword(c);
        if (misspelt) out.push(misspelt);
        continue;
      }
      if (!d.rules.length) {
        out.push({
          range: d.range,
          message: `\`coding-notes-${d.kind}\` must name the rules it switches off, e.g. \`# coding-notes-${d.kind} code/title-mismatch -- reason\`.`,
          fixes: [],
        });
        continue;
      }
      for (const [i, r] of d.rules.entries()) {
        if (LONE_DASH.test(r.id) && i > 0) {
          // `RULE - reason`: the words after the dash are a reason, not rule ids. One message, not one per word.
          const last = d.rules[d.rules.length - 1].range.end;
          out.push({
            range: { start: r.range.start, end: last },
            message: `A reason goes after \` -- \` (two hyphens with a space each side); after a single \`${r.id}\` its words are read as rule ids, which switch nothing off.`,
            fixes: [],
          });
          break;
        }
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

/**
 * A comment whose first word is a misspelt suppression keyword (`coding-notes-disable-nextline`,
 * `Coding-Notes-Disable`, `coding-notes disable`): it reads as a plain comment and switches
 * nothing off, which the coder would not otherwise learn.
 */
function misspeltKeyword(c: CommentLine): RawFinding | null {
  const words = /^#\s*(\S+)(?:[ \t]+(\S+))?/.exec(c.text);
  if (!words) return null;
  const first = words[1];
  const candidates = [first];
  if (words[2] && closestName(first, ['coding-notes'], 2)) candidates.push(`${first}-${words[2]}`);
  for (const written of candidates.reverse()) {
    const meant = closestName(written, KEYWORDS, written.length < 20 ? 2 : 3) ?? lengthened(written);
    if (!meant) continue;
    const at = c.range.start.character + c.text.indexOf(first);
    const shown = written === first ? first : `${first} ${words[2]}`;
    return {
      range: lineRange(c.line, at, at + shown.length),
      message: `\`${shown}\` is not a suppression comment, so it switches nothing off: did you mean \`${meant}\`?`,
      fixes: [],
    };
  }
  return null;
}

/** `coding-notes-disable-line`, `coding-notes-disable-all`: the keyword with something added, as other linters spell theirs. */
function lengthened(written: string): string | null {
  const lower = written.toLowerCase();
  if (!lower.startsWith('coding-notes-disable') || KEYWORDS.includes(lower)) return null;
  return lower.includes('line') ? 'coding-notes-disable-next-line' : 'coding-notes-disable';
}
