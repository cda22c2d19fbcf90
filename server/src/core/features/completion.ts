// Completion, driven by data: field names from the format, values from the
// enumerations, guidance ids from the packs, codes from the terminology tables
// ranked by what the note's guidance calls for, rule ids from the registry.

import type { Command, CompletionItem, CompletionItemKind, CompletionList } from 'vscode-languageserver-types';
import type { Engine, CheckSettings } from '../engine';
import type { Position, Range } from '../types';
import { lineRange } from '../types';
import type { FieldLine } from '../parse';
import type { FieldName, FieldSpec } from '../fields';
import { FIELDS, FIELD_ALIASES, readEnumValue } from '../fields';
import type { Classification, CodeInfo } from '../terminology';
import { CLASSIFICATION_NAMES } from '../terminology';
import { slipReading } from '../codes';
import { codeRoles, recommendedCodes } from './roles';
import { approachValueLines, fieldLines, imageControlValueText, knownCodeLines, packLines, roleLines, ruleLines } from './describe';
import type { Located } from './locate';
import { fieldAbove, fieldOnLine, locate, markdown, specOf } from './locate';
import { templateCompletionItems } from './templates';

const Kind = {
  Property: 10,
  Value: 12,
  Keyword: 14,
  Reference: 18,
  EnumMember: 20,
  Constant: 21,
} as const satisfies Record<string, CompletionItemKind>;

/** Asks the editor to suggest again, e.g. values right after a field name is inserted. */
const SUGGEST_AGAIN: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** A generous cap: the bundled tables are small, a full release file is not. */
const MAX_CODE_ITEMS = 200;

const DIRECTIVES = [
  { keyword: 'coding-notes-disable-next-line', doc: 'Switches the named rules off for the next line that is not a comment (and, for a field, its item lines).' },
  { keyword: 'coding-notes-disable', doc: 'Switches the named rules off for the rest of the note.' },
];

function empty(): CompletionList {
  return { isIncomplete: false, items: [] };
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}

export interface CompletionOptions {
  /**
   * The client takes snippets (`completionItem.snippetSupport`); default true.
   * Without it, the note templates are plain text with every placeholder at its default.
   */
  snippets?: boolean;
}

export function complete(engine: Engine, text: string, position: Position, settings: CheckSettings = {}, options: CompletionOptions = {}): CompletionList {
  const loc = locate(engine, text, position, settings);
  // A position the editor cannot send (before a byte order mark, past the line's end) gets nothing.
  if (!loc.note || position.line !== loc.position.line || position.character !== loc.position.character) return empty();
  const { lineText, contentStart } = loc;
  const { line, character: ch } = loc.position;
  const body = lineText.slice(contentStart);
  const col = ch - contentStart;
  const indent = body.length - body.trimStart().length;
  const trimmed = body.trim();

  if (trimmed.startsWith('#')) return directiveCompletion(engine, loc, text, settings);

  if (trimmed === '' || indent > 0) {
    // At column 0 of a blank line a field starts; indented, an item of the field above.
    if (trimmed === '' && col === 0) return fieldNameCompletion(engine, loc, options);
    if (trimmed !== '' && col < indent) return empty();
    const field = fieldAbove(loc, line);
    const spec = field && specOf(loc, field);
    if (!field || spec?.kind !== 'codes') return empty();
    return codeCompletion(engine, loc, spec.classification!, 'item', trimmed === '' ? ch : contentStart + indent);
  }

  const colon = body.indexOf(':');
  if (colon < 0 || col <= colon) {
    if (!/^(?:[A-Za-z][A-Za-z0-9 _-]*)?$/.test(body.slice(0, col))) return empty();
    return fieldNameCompletion(engine, loc, options);
  }
  const field = fieldOnLine(loc, line);
  const spec = field && specOf(loc, field);
  if (!field || !spec) return empty();
  switch (spec.kind) {
    case 'enum':
      return valueCompletion(engine, loc, field, spec);
    case 'guidance':
      return guidanceCompletion(engine, loc, field);
    case 'codes':
      return codeCompletion(engine, loc, spec.classification!, 'inline', contentStart + colon + 1);
    default:
      return empty();
  }
}

/** The run of characters of a class around a position, on one line. */
function wordAt(text: string, at: number, isWordChar: (c: string) => boolean, floor = 0): { start: number; end: number } {
  let start = at;
  while (start > floor && isWordChar(text[start - 1])) start--;
  let end = at;
  while (end < text.length && isWordChar(text[end])) end++;
  return { start, end };
}

/** A space to put between a `:` or `,` and the inserted text, when none is there. */
function leadingSpace(lineText: string, at: number): string {
  return /[:,]/.test(lineText[at - 1] ?? '') ? ' ' : '';
}

// ---- Field names -----------------------------------------------------------

function fieldDetail(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'codes':
      return `${CLASSIFICATION_NAMES[spec.classification!]} code list`;
    case 'enum':
      return `one of: ${spec.values!.join(', ')}`;
    case 'guidance':
      return 'guidance ids';
    case 'snomed':
      return 'SNOMED CT concept ids';
    default:
      return 'free text';
  }
}

function fieldNameCompletion(engine: Engine, loc: Located, options: CompletionOptions): CompletionList {
  const { lineText, contentStart } = loc;
  const { line, character: ch } = loc.position;
  const body = lineText.slice(contentStart);
  const colon = body.indexOf(':');
  const hasColon = colon >= 0;
  let end: number;
  if (hasColon) {
    end = Math.max(ch, contentStart + body.slice(0, colon).trimEnd().length);
  } else {
    end = ch;
    while (end < lineText.length && /[A-Za-z0-9_-]/.test(lineText[end])) end++;
  }
  const range = lineRange(line, contentStart, end);

  // Fields the note already has, read as the rules read them; the line being typed does not count.
  const present = new Set<FieldName>();
  for (const read of loc.reading?.fields ?? []) {
    if (read.field.line === line) continue;
    const spec = read.spec ?? (read.name.kind !== 'unknown' ? read.name.spec : null);
    if (spec) present.add(spec.name);
  }
  const items: CompletionItem[] = [];
  FIELDS.forEach((spec, i) => {
    if (present.has(spec.name)) return;
    const suggestValues = !hasColon && (spec.kind === 'enum' || spec.kind === 'guidance' || spec.kind === 'codes');
    items.push({
      label: spec.name,
      kind: Kind.Property,
      detail: fieldDetail(spec),
      documentation: markdown(fieldLines(engine.terms, spec, engine.packs)),
      sortText: pad(i),
      filterText: [spec.name, ...Object.keys(FIELD_ALIASES).filter((a) => FIELD_ALIASES[a] === spec.name)].join(' '),
      textEdit: { range, newText: hasColon ? spec.name : `${spec.name}: ` },
      ...(suggestValues ? { command: SUGGEST_AGAIN } : {}),
    });
  });
  // At the start of an empty note: whole-note templates from the guidance packs.
  if (!hasColon && isEmptyApartFrom(loc, line)) items.push(...templateItems(engine, range, loc.file.table.eol, options.snippets !== false));
  return { isIncomplete: false, items };
}

/**
 * The note templates, for a client that takes snippets. Without snippets there
 * are none: their placeholders' defaults (an episode reference, `ultrasound`)
 * would go into the note as if the record said them, and a multi-line plain
 * insertion is not something every client can take (Vim's complete() joins it into one line).
 */
function templateItems(engine: Engine, range: Range, eol: string, snippets: boolean): CompletionItem[] {
  return snippets ? templateCompletionItems(engine, range, eol) : [];
}

/** A note with no field, item or other line than the one being typed (blank lines and comments aside). */
function isEmptyApartFrom(loc: Located, line: number): boolean {
  const note = loc.note;
  if (!note || note.fields.length || note.orphanItems.length) return false;
  return note.invalidLines.every((l) => l.line === line);
}

// ---- Enumerated values -----------------------------------------------------

function valueRange(loc: Located, field: FieldLine): { range: Range; lead: string } {
  const { line, character: ch } = loc.position;
  const vr = field.valueRange;
  if (field.value) {
    return { range: lineRange(line, Math.min(vr.start.character, ch), Math.max(vr.end.character, ch)), lead: '' };
  }
  return { range: lineRange(line, ch, ch), lead: leadingSpace(loc.lineText, ch) };
}

function valueCompletion(engine: Engine, loc: Located, field: FieldLine, spec: FieldSpec): CompletionList {
  const { range, lead } = valueRange(loc, field);
  const packs = loc.packs.map((p) => p.pack);
  const current = field.value ? readEnumValue(field.value, spec.values!) : null;
  const items = spec.values!.map((value, i): CompletionItem => {
    let detail: string;
    let doc: string[];
    if (spec.name === 'Image control') {
      detail = imageControlValueText(engine.terms, value);
      doc = [`**${value}**`, '', detail];
    } else {
      const lines = approachValueLines(engine.terms, value, packs);
      detail = lines[0] ?? spec.name;
      doc = [`**${value}**`, '', spec.description, ...(lines.length ? ['', ...lines.map((l) => `- ${l}`)] : [])];
    }
    return {
      label: value,
      kind: Kind.EnumMember,
      detail,
      documentation: markdown(doc),
      sortText: pad(i),
      filterText: value,
      // The value already written, read as this one, stays on top.
      preselect: current?.kind !== 'unknown' && current?.value === value ? true : undefined,
      textEdit: { range, newText: lead + value },
    };
  });
  return { isIncomplete: false, items };
}

// ---- Guidance ids ----------------------------------------------------------

function guidanceCompletion(engine: Engine, loc: Located, field: FieldLine): CompletionList {
  const { lineText } = loc;
  const { line, character: ch } = loc.position;
  const afterColon = lineText.indexOf(':', field.nameRange.end.character) + 1;
  const found = wordAt(lineText, ch, (c) => /[A-Za-z0-9_.-]/.test(c), afterColon);
  // Nothing typed yet, right before a written id: the new id goes in front of it, which stays.
  const beforeId = found.start === ch && found.end > ch;
  const word = beforeId ? { start: ch, end: ch } : found;
  const listed = new Set<string>();
  const re = /[^,\s]+/g;
  let m: RegExpExecArray | null;
  const value = lineText.slice(afterColon);
  while ((m = re.exec(value))) {
    const at = afterColon + m.index;
    if (beforeId || at !== word.start) listed.add(m[0].toUpperCase());
  }
  const range = lineRange(line, word.start, word.end);
  const lead = leadingSpace(lineText, word.start);
  const items = engine.packs
    .filter((p) => !listed.has(p.id))
    .map((pack, i): CompletionItem => ({
      label: pack.id,
      kind: Kind.Reference,
      detail: pack.title,
      labelDetails: { description: pack.title },
      documentation: markdown(packLines(engine.terms, pack)),
      sortText: pad(i),
      filterText: pack.id,
      textEdit: { range, newText: lead + pack.id + (beforeId ? ', ' : '') },
    }));
  return { isIncomplete: false, items };
}

// ---- Codes -----------------------------------------------------------------

/** A code-shaped start: a letter and a digit, perhaps with a space between. */
const CODE_START = /^[A-Za-z]\s?\d/;
/** The code part of an entry: `J 12.8` keeps its space, else up to white space or a comma. */
const CODE_TOKEN = /^(?:[A-Za-z] \d[^\s,]*|[^\s,]+)/;

function normalizedCode(token: string): string | null {
  if (/^[A-Z]\d{2}(?:\.\d)?$/.test(token)) return token;
  const r = slipReading(token);
  return r && /^[A-Z]\d{2}(?:\.\d)?$/.test(r) ? r : null;
}

function codeCompletion(engine: Engine, loc: Located, cls: Classification, mode: 'inline' | 'item', floor: number): CompletionList {
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
    const filterText = [info.code, info.code.replace('.', ''), info.code.length > 3 ? `${info.category}.-` : '', info.title, info.insertTitle === info.title ? '' : info.insertTitle]
      .filter(Boolean)
      .join(' ');
    let newText = mode === 'item' && !titleWritten ? `${info.code} ${info.insertTitle}` : info.code;
    // Before a written code: `, ` after the new one inline; on an item line, a new item line above it.
    if (beforeCode) newText += mode === 'inline' ? ', ' : `${loc.file.table.eol}${lineText.slice(0, segStart)}`;
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

// ---- Suppression comments --------------------------------------------------

function directiveCompletion(engine: Engine, loc: Located, text: string, settings: CheckSettings): CompletionList {
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
