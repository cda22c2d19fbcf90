// Suppression comments: `# coding-notes-disable-next-line RULES -- reason`
// covers the next line that is not a comment (and a field's items; a blank line covers nothing); `# coding-notes-disable
// RULES` covers the rest of the note.

import type { Note } from './parse';
import type { TextEdit } from './types';
import { range } from './types';

export type Suppressed = (ruleId: string, line: number) => boolean;

export function suppressionsOf(note: Note, lines: readonly string[], knownRuleIds: ReadonlySet<string>): Suppressed {
  const spans: { rule: string; from: number; to: number }[] = [];
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
    for (const r of d.rules) if (knownRuleIds.has(r.id)) spans.push({ rule: r.id, from, to });
  }
  if (!spans.length) return () => false;
  return (rule, line) => spans.some((s) => s.rule === rule && line >= s.from && line <= s.to);
}

function isComment(line: string | undefined): boolean {
  return line !== undefined && line.trim().startsWith('#');
}

/** The edit of the quick fix "Disable RULE for this line": a directive above the line, indented like it. */
export function disableLineEdit(lines: readonly string[], eol: string, line: number, ruleId: string): TextEdit {
  const text = lines[line] ?? '';
  const indent = text.slice(0, text.length - text.replace(/^\uFEFF/, '').trimStart().length).replace(/^\uFEFF/, '');
  const at = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { range: range(line, at, line, at), newText: `${indent}# coding-notes-disable-next-line ${ruleId}${eol}` };
}
