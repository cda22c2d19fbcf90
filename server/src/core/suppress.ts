// Suppression comments: `# coding-notes-disable-next-line RULES -- reason`
// covers the next line that is not a comment (and a field's items; a blank line covers nothing); `# coding-notes-disable
// RULES` covers the rest of the note.
//
// A suppression is kept in the open: the engine can hand back what each
// directive switched off (with the directive's line and reason), report a rule
// id of a directive that switched nothing off, and, where the configuration
// asks for it, a directive that gives no reason.

import type { Directive, Note } from './parse';
import type { TextEdit } from './types';
import { range } from './types';
import type { RawFinding } from './rules/rule';

/** One rule id of one directive, and the lines it covers. */
export interface SuppressionSpan {
  rule: string;
  from: number;
  to: number;
  /** 0-based line of the directive comment. */
  line: number;
  directive: Directive;
  /** Index of the rule id in `directive.rules`. */
  entry: number;
  /** A finding was switched off by it. */
  used: boolean;
}

export interface Suppressions {
  /**
   * The directive that switches `rule` off at `line` (the nearest one above
   * when several do), or null. Every directive that covers it counts as used.
   */
  match(ruleId: string, line: number): SuppressionSpan | null;
  readonly spans: readonly SuppressionSpan[];
}

/** What `--no-inline-config` leaves: no directive switches anything off. */
export const NO_SUPPRESSIONS: Suppressions = { match: () => null, spans: [] };

export function suppressionsOf(note: Note, lines: readonly string[], knownRuleIds: ReadonlySet<string>): Suppressions {
  const spans: SuppressionSpan[] = [];
  for (const c of note.comments) {
    const d = c.directive;
    if (!d) continue;
    let from = c.line;
    let to = note.endLine;
    if (d.kind === 'disable-next-line') {
      let target = c.line + 1;
      // The next line that is not a comment: a blank line there covers nothing.
      while (target <= note.endLine && isComment(lines[target])) target++;
      from = to = target;
      const field = note.fields.find((f) => f.line === target);
      if (field) to = field.lastLine;
    }
    d.rules.forEach((r, entry) => {
      if (knownRuleIds.has(r.id)) spans.push({ rule: r.id, from, to, line: c.line, directive: d, entry, used: false });
    });
  }
  if (!spans.length) return NO_SUPPRESSIONS;
  return {
    spans,
    match(rule, line) {
      let best: SuppressionSpan | null = null;
      for (const s of spans) {
        if (s.rule !== rule || line < s.from || line > s.to) continue;
        s.used = true;
        if (!best || s.line > best.line) best = s;
      }
      return best;
    },
  };
}

function isComment(line: string | undefined): boolean {
  return line !== undefined && line.trim().startsWith('#');
}

/** Each directive of the note that names rules but gives no reason (` -- reason`). */
export function directivesWithoutReason(note: Note): RawFinding[] {
  const out: RawFinding[] = [];
  for (const c of note.comments) {
    const d = c.directive;
    if (!d || !d.rules.length || (d.reason ?? '').trim()) continue;
    out.push({
      range: d.range,
      message: `This \`coding-notes-${d.kind}\` gives no reason, and the configuration asks for one (\`requireSuppressionReason\`): add it after \` -- \`, e.g. \`# coding-notes-${d.kind} ${d.rules[0].id} -- agreed at audit 2026-11\`.`,
      fixes: [],
    });
  }
  return out;
}

/** Each rule id of a directive that switched nothing off, once every finding of the note has been matched. */
export function unusedSuppressions(suppressions: Suppressions): RawFinding[] {
  return suppressions.spans
    .filter((s) => !s.used)
    .map((s) => ({
      range: s.directive.rules[s.entry].range,
      message:
        s.directive.kind === 'disable-next-line'
          ? `\`${s.rule}\` reports nothing on the line this \`coding-notes-disable-next-line\` covers: the suppression is not needed.`
          : `\`${s.rule}\` reports nothing in the rest of the note that this \`coding-notes-disable\` covers: the suppression is not needed.`,
      fixes: [],
    }));
}

/** The edit of the quick fix "Disable RULE for this line": a directive above the line, indented like it. */
export function disableLineEdit(lines: readonly string[], eol: string, line: number, ruleId: string): TextEdit {
  const text = lines[line] ?? '';
  const indent = text.slice(0, text.length - text.replace(/^\uFEFF/, '').trimStart().length).replace(/^\uFEFF/, '');
  const at = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { range: range(line, at, line, at), newText: `${indent}# coding-notes-disable-next-line ${ruleId}${eol}` };
}
