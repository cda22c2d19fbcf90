// Completion, driven by data: field names from the format, values from the
// enumerations, guidance ids from the packs, codes from the terminology tables
// ranked by what the note's guidance calls for (completion-codes.ts), rule ids
// from the registry (completion-directives.ts).

import type { CompletionItem, CompletionList } from 'vscode-languageserver-types';
import type { Engine, CheckSettings } from '../engine';
import type { Position, Range } from '../types';
import { lineRange } from '../types';
import type { FieldLine } from '../parse';
import type { FieldName, FieldSpec } from '../fields';
import { FIELDS, FIELD_ALIASES, readEnumValue } from '../fields';
import { CLASSIFICATION_NAMES } from '../terminology';
import { approachValueLines, fieldLines, imageControlValueText, packLines } from './describe';
import type { Located } from './locate';
import { fieldAbove, fieldOnLine, locate, markdown, specOf } from './locate';
import { templateCompletionItems } from './templates';
import { Kind, SUGGEST_AGAIN, empty, pad, wordAt, leadingSpace } from './completion-items';
import { codeCompletion } from './completion-codes';
import { directiveCompletion } from './completion-directives';

export interface CompletionOptions {
  /**
   * The client takes snippets (`completionItem.snippetSupport`); default true.
   * Without it, the note templates are plain text with every placeholder at its default.
   */
  snippets?: boolean;
  /**
   * The line ending of the whole document, when `text` is one note of it: a template, or a
   * code written before another on its own line, takes the document's ending, which the note
   * alone may not show.
   */
  eol?: '\n' | '\r\n';
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
    return codeCompletion(engine, loc, spec.classification!, 'item', trimmed === '' ? ch : contentStart + indent, options.eol);
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
      return codeCompletion(engine, loc, spec.classification!, 'inline', contentStart + colon + 1, options.eol);
    default:
      return empty();
  }
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
  if (!hasColon && isEmptyApartFrom(loc, line)) items.push(...templateItems(engine, range, options.eol ?? loc.file.table.eol, options.snippets !== false));
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
