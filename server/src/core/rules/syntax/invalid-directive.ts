// `syntax/invalid-directive`: a suppression comment that names no rule, or a rule that does not exist;
// words of a reason read as rule ids; `disable next line` written apart; and a comment that was meant
// as a directive but whose keyword is misspelt.

import type { Rule, RawFinding, RuleContext } from '../rule';
import type { CommentLine, Directive } from '../../parse';
import { closestName, closestRuleId } from '../../fields';
import { lineRange } from '../../types';
import type { Range } from '../../types';

const KEYWORDS = ['coding-notes-disable', 'coding-notes-disable-next-line'];
/** Dashes a reason may have been meant to follow: hyphen, hyphen (U+2010), en dash, em dash, minus. */
const LONE_DASH = /^[-\u2010\u2013\u2014\u2212]$/;

export const invalidDirective: Rule = {
  id: 'syntax/invalid-directive',
  defaultSeverity: 'warning',
  summary: 'A `# coding-notes-disable…` comment that names no rule, or a rule that does not exist.',
  doc: { file: 'syntax/invalid-directive' },
  check(note, ctx) {
    const out: RawFinding[] = [];
    for (const c of note.note.comments) {
      if (c.directive) directiveProblems(c.directive, ctx, out);
      else {
        const misspelt = misspeltKeyword(c, ctx);
        if (misspelt) out.push(misspelt);
      }
    }
    return out;
  },
};

function directiveProblems(d: Directive, ctx: RuleContext, out: RawFinding[]): void {
  let rules = d.rules;
  // `coding-notes-disable next line RULE`: the rest of the note, not the next line, and `next`, `line` are no rules.
  const apart = d.kind === 'disable' ? nextLineWords(rules) : 0;
  if (apart) {
    out.push({
      range: span(rules[0].range, rules[apart - 1].range),
      message:
        '`coding-notes-disable` switches the rules after it off for the rest of the note, and `next line` is not part of it: did you mean `coding-notes-disable-next-line`?',
      fixes: [],
    });
    rules = rules.slice(apart);
  }
  if (!rules.length || LONE_DASH.test(rules[0].id)) {
    if (apart) return;
    out.push({
      range: d.range,
      message: `\`coding-notes-${d.kind}\` must name the rules it switches off, e.g. \`# coding-notes-${d.kind} code/title-mismatch -- reason\`.`,
      fixes: [],
    });
    return;
  }
  for (const [i, r] of rules.entries()) {
    if (ctx.knownRuleIds.has(r.id)) continue;
    // Rule ids hold a `/`: after the first, a word without one begins a reason written without ` -- `.
    if (i > 0 && (LONE_DASH.test(r.id) || !r.id.includes('/'))) {
      out.push({
        range: span(r.range, rules[rules.length - 1].range),
        message: `A reason goes after \` -- \` (two hyphens, a space each side): the words from \`${r.id}\` on are read as rule ids, which switch nothing off.`,
        fixes: [],
      });
      return;
    }
    const near = closestRuleId(r.id, ctx.knownRuleIds);
    const hint = near ? ` Did you mean \`${near}\`?` : '';
    out.push({ range: r.range, message: `Unknown rule \`${r.id}\`: the directive switches nothing off for it.${hint}`, fixes: [] });
  }
}

/** How many of the first rule words say "next line" (`next line`, `next-line`, `nextline`): 0, 1 or 2. */
function nextLineWords(rules: Directive['rules']): number {
  const first = rules[0]?.id.toLowerCase();
  if (first === 'next-line' || first === 'nextline' || first === 'next_line') return 1;
  return first === 'next' && rules[1]?.id.toLowerCase() === 'line' ? 2 : 0;
}

function span(from: Range, to: Range): Range {
  return { start: from.start, end: to.end };
}

/**
 * A comment meant as a directive whose keyword is misspelt (`coding-notes-disable-nextline`,
 * `Coding-Notes-Disable`, `coding-notes disable`, `coding-notes-disable-line`), which reads as a
 * plain comment and switches nothing off. Only a comment that also names a rule id is taken for
 * one, so prose about coding notes is left alone.
 */
function misspeltKeyword(c: CommentLine, ctx: RuleContext): RawFinding | null {
  const words = /^#\s*(\S+)(?:[ \t]+(\S+))?/.exec(c.text);
  if (!words) return null;
  if (!c.text.split(/[\s,]+/).some((w) => w.includes('/') && (ctx.knownRuleIds.has(w) || closestRuleId(w, ctx.knownRuleIds)))) return null;
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

/** `coding-notes-disable-line`, `coding-notes-disable-next`: the keyword with something added, as other linters spell theirs. */
function lengthened(written: string): string | null {
  const lower = written.toLowerCase();
  if (!lower.startsWith('coding-notes-disable') || KEYWORDS.includes(lower)) return null;
  return /line|next/.test(lower.slice('coding-notes-disable'.length)) ? 'coding-notes-disable-next-line' : 'coding-notes-disable';
}
