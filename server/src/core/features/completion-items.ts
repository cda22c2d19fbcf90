// What the completion modules share: item kinds, the "suggest again" command,
// and where a word starts and ends on a line.

import type { Command, CompletionItemKind, CompletionList } from 'vscode-languageserver-types';

export const Kind = {
  Property: 10,
  Value: 12,
  Keyword: 14,
  Reference: 18,
  EnumMember: 20,
  Constant: 21,
} as const satisfies Record<string, CompletionItemKind>;

/** Asks the editor to suggest again, e.g. values right after a field name is inserted. */
export const SUGGEST_AGAIN: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export function empty(): CompletionList {
  return { isIncomplete: false, items: [] };
}

export function pad(n: number): string {
  return String(n).padStart(4, '0');
}

/** The run of characters of a class around a position, on one line. */
export function wordAt(text: string, at: number, isWordChar: (c: string) => boolean, floor = 0): { start: number; end: number } {
  let start = at;
  while (start > floor && isWordChar(text[start - 1])) start--;
  let end = at;
  while (end < text.length && isWordChar(text[end])) end++;
  return { start, end };
}

/** A space to put between a `:` or `,` and the inserted text, when none is there. */
export function leadingSpace(lineText: string, at: number): string {
  return /[:,]/.test(lineText[at - 1] ?? '') ? ' ' : '';
}
