// Completion in suppression comments: the directive keywords, then rule ids,
// those reported on the lines the directive covers first.

import type { CompletionItem, CompletionList } from 'vscode-languageserver-types';
import type { Engine, CheckSettings } from '../engine';
import { lineRange } from '../types';
import { ruleLines } from './describe';
import type { Located } from './locate';
import { markdown } from './locate';
import { Kind, SUGGEST_AGAIN, empty, pad, wordAt } from './completion-items';

const DIRECTIVES = [
  {
    keyword: 'coding-notes-disable-next-line',
    doc: 'Switches the named rules off for the next line that is not a comment (and, for a field, its item lines).',
  },
  { keyword: 'coding-notes-disable', doc: 'Switches the named rules off for the rest of the note.' },
];

export function directiveCompletion(engine: Engine, loc: Located, text: string, settings: CheckSettings): CompletionList {
  const { lineText } = loc;
  const { line, character: ch } = loc.position;
  const hash = lineText.indexOf('#');
  if (ch <= hash) return empty();
  const afterHash = lineText.slice(hash + 1);
  const kwStart = hash + 1 + (afterHash.length - afterHash.trimStart().length);
  const keyword = /^coding-notes-(?:disable-next-line|disable)(?![\w-])/.exec(lineText.slice(kwStart));
  const isIdChar = (c: string) => /[^\s,]/.test(c);

  if (!keyword || ch <= kwStart + keyword[0].length) {
    // Typing the directive itself: the comment's first word, nothing after it yet.
    if (ch < kwStart) return empty();
    const word = wordAt(lineText, ch, isIdChar, kwStart);
    const typed = lineText.slice(kwStart, ch);
    if (word.start !== kwStart || !typed || !DIRECTIVES[0].keyword.startsWith(typed)) return empty();
    if (!keyword && lineText.slice(word.end).trim() !== '') return empty();
    const range = lineRange(line, word.start, word.end);
    return {
      isIncomplete: false,
      items: DIRECTIVES.map((d, i): CompletionItem => ({
        label: d.keyword,
        kind: Kind.Keyword,
        detail: d.doc,
        documentation: markdown([d.doc, '', 'Name the rules after it, then ` -- ` and the reason.']),
        sortText: pad(i),
        filterText: d.keyword,
        textEdit: { range, newText: keyword ? d.keyword : `${d.keyword} ` },
        ...(keyword ? {} : { command: SUGGEST_AGAIN }),
      })),
    };
  }

  const kwEnd = kwStart + keyword[0].length;
  const reasonAt = lineText.slice(kwEnd).search(/\s--(?:\s|$)/);
  if (reasonAt >= 0 && ch > kwEnd + reasonAt) return empty();
  const word = wordAt(lineText, ch, isIdChar, kwEnd);
  const directive = loc.note?.comments.find((c) => c.line === line)?.directive;
  const listed = new Set((directive?.rules ?? []).filter((r) => r.range.start.character !== word.start).map((r) => r.id));
  const reported = rulesReportedUnder(engine, loc, text, settings, keyword[0].endsWith('next-line'));
  const range = lineRange(line, word.start, word.end);

  const items: CompletionItem[] = [];
  engine.rules.forEach((rule, i) => {
    if (listed.has(rule.id)) return;
    const at = reported.indexOf(rule.id);
    items.push({
      label: rule.id,
      kind: Kind.Constant,
      labelDetails: { detail: at >= 0 ? ' (reported here)' : undefined, description: String(rule.defaultSeverity) },
      detail: rule.summary,
      documentation: markdown(ruleLines(engine, rule.id, settings)),
      sortText: at >= 0 ? `0${pad(at)}` : `1${pad(i)}`,
      filterText: rule.id,
      textEdit: { range, newText: rule.id },
    });
  });
  items.sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
  if (items[0]?.sortText?.startsWith('0')) items[0].preselect = true;
  return { isIncomplete: false, items };
}

/** Rules reported on the lines a directive covers, so the ones to switch off come first. */
function rulesReportedUnder(engine: Engine, loc: Located, text: string, settings: CheckSettings, nextLine: boolean): string[] {
  const note = loc.note!;
  const line = loc.position.line;
  let from = line + 1;
  let to = note.endLine;
  if (nextLine) {
    while (from <= note.endLine && /^\s*(?:#.*)?$/.test(loc.lines[from])) from++;
    to = note.fields.find((f) => f.line === from)?.lastLine ?? from;
  }
  const out: string[] = [];
  for (const f of engine.check(text, settings).findings) {
    const l = f.range.start.line;
    if (l >= from && l <= to && !out.includes(f.rule)) out.push(f.rule);
  }
  return out;
}
