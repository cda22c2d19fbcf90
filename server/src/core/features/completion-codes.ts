// Completion of codes in an OPCS-4 or ICD-10 list (inline or as item lines):
// by code or by words of the title, the codes the note's guidance recommends
// for its approach first.

import type { CompletionItem, CompletionList } from 'vscode-languageserver-types';
import type { Engine } from '../engine';
import { lineRange } from '../types';
import type { Classification, CodeInfo } from '../terminology';
import { slipReading } from '../codes';
import { withoutAccents } from '../terminology/search';
import { codeRoles, recommendedCodes } from './roles';
import { knownCodeLines, roleLines } from './describe';
import type { Located } from './locate';
import { markdown } from './locate';
import { Kind, empty, pad, leadingSpace } from './completion-items';

/** A generous cap: the bundled tables are small, a full release file is not. */
const MAX_CODE_ITEMS = 200;

/** A code-shaped start: a letter and a digit, perhaps with a space between. */
const CODE_START = /^[A-Za-z]\s?\d/;
/** The code part of an entry: `J 12.8` keeps its space, else up to white space or a comma. */
const CODE_TOKEN = /^(?:[A-Za-z] \d[^\s,]*|[^\s,]+)/;

function normalizedCode(token: string): string | null {
  if (/^[A-Z]\d{2}(?:\.\d)?$/.test(token)) return token;
  const r = slipReading(token);
  return r && /^[A-Z]\d{2}(?:\.\d)?$/.test(r) ? r : null;
}

export function codeCompletion(
  engine: Engine,
  loc: Located,
  cls: Classification,
  mode: 'inline' | 'item',
  floor: number,
  eol = loc.file.table.eol,
): CompletionList {
  const { lineText } = loc;
  const { line, character: ch } = loc.position;

  // The entry being typed: inline, from the last comma (or the colon); on an item line, the item.
  let segStart = floor;
  if (mode === 'inline') {
    const comma = lineText.lastIndexOf(',', ch - 1);
    if (comma >= floor) segStart = comma + 1;
  }
  while (segStart < ch && /\s/.test(lineText[segStart])) segStart++;
  let segEnd = lineText.length;
  if (mode === 'inline') {
    const comma = lineText.indexOf(',', ch);
    if (comma >= 0) segEnd = comma;
  }
  const segText = lineText.slice(segStart, segEnd);
  const token = CODE_TOKEN.exec(segText)?.[0] ?? '';

  let wordEnd: number;
  let titleWritten = false;
  // Nothing typed yet, before a written code (at it, or in the white space before it):
  // the new code goes in front of it, and the written one stays.
  const beforeCode = ch === segStart && segText.trim() !== '';
  if (beforeCode) {
    wordEnd = ch;
  } else if (ch <= segStart + token.length) {
    wordEnd = segStart + token.length;
    titleWritten = segText.slice(token.length).trim() !== '';
  } else if (CODE_START.test(token)) {
    return empty(); // typing the title after a code
  } else {
    wordEnd = ch;
    while (wordEnd < segEnd && /[^\s,]/.test(lineText[wordEnd])) wordEnd++;
  }
  const query = lineText.slice(segStart, ch);
  const range = lineRange(line, segStart, wordEnd);
  const lead = mode === 'inline' && segStart === wordEnd ? leadingSpace(lineText, segStart) : '';

  // Codes already in the list (but not the one being typed) go last.
  const present = new Set<string>();
  for (const ce of loc.reading?.codeEntries ?? []) {
    if (ce.readAs === cls && ce.entry.line !== line && ce.code) present.add(ce.code);
  }
  if (mode === 'inline') {
    const valueStart = floor;
    let at = valueStart;
    for (const piece of lineText.slice(valueStart).split(',')) {
      const start = at + (piece.length - piece.trimStart().length);
      at += piece.length + 1;
      if (!beforeCode && start <= wordEnd && start + piece.trim().length >= segStart) continue;
      const c = normalizedCode(CODE_TOKEN.exec(piece.trim())?.[0] ?? '');
      if (c) present.add(c);
    }
  }

  const packs = loc.packs.map((p) => p.pack);
  const recommended = recommendedCodes(engine.terms, packs, loc.reading, cls);
  // The index finds the codes (in code order); only the ones shown are turned into items.
  const tiers: { info: CodeInfo; tier: number; rec: number }[][] = [[], [], [], []];
  for (const { info, match } of engine.terms.search(cls, query)) {
    const rec = recommended.indexOf(info.code);
    const tier = present.has(info.code) ? 3 : rec >= 0 ? 0 : match === 'code' ? 1 : 2;
    // Matches come in code order: past the cap, a tier in code order takes no more.
    if ((tier === 1 || tier === 2) && tiers[tier].length >= MAX_CODE_ITEMS) continue;
    tiers[tier].push({ info, tier, rec });
  }
  tiers[0].sort((a, b) => a.rec - b.rec || (a.info.code < b.info.code ? -1 : 1));
  const shown = tiers.flat().slice(0, MAX_CODE_ITEMS);
  const items = shown.map(({ info, tier, rec }): CompletionItem => {
    const isPresent = tier === 3;
    const sort = `${tier}${pad(Math.max(rec, 0))}${info.code}`;
    const roles = codeRoles(engine.terms, packs, loc.reading, cls, info.code);
    const recommendedBy = roles.filter((r) => r.recommended && r.kind !== 'primary-site').map((r) => r.pack.id);
    // The editor filters by this text as the coder types: the titles go in as written and without their accents.
    const titles = [info.title, info.insertTitle === info.title ? '' : info.insertTitle].filter(Boolean);
    const plain = titles.map(withoutAccents).filter((t, i) => t !== titles[i]);
    const filterText = [info.code, info.code.replace('.', ''), info.code.length > 3 ? `${info.category}.-` : '', ...titles, ...plain].filter(Boolean).join(' ');
    let newText = mode === 'item' && !titleWritten ? `${info.code} ${info.insertTitle}` : info.code;
    // Before a written code: `, ` after the new one inline; on an item line, a new item line above it.
    if (beforeCode) newText += mode === 'inline' ? ', ' : `${eol}${lineText.slice(0, segStart)}`;
    return {
      label: info.code,
      kind: Kind.Value,
      labelDetails: {
        detail: isPresent ? ' (listed)' : tier === 0 && recommendedBy.length ? ` ${[...new Set(recommendedBy)].join(', ')}` : undefined,
        description: info.title,
      },
      detail: info.release ? `${info.title} (${info.release})` : info.title,
      documentation: markdown([...knownCodeLines(info), ...roleLines(roles)]),
      sortText: sort,
      filterText,
      textEdit: { range, newText: lead + newText },
    };
  });
  if (items.length && shown[0].tier === 0) items[0].preselect = true;
  return { isIncomplete: true, items };
}
