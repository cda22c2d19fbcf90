// Hover: what a code, field, value, guidance id or rule id means, and the part a
// code plays in the note's guidance. Markdown, with the range of what it explains.

import type { Hover } from 'vscode-languageserver-types';
import type { Engine, CheckSettings } from '../engine';
import type { Position, Range } from '../types';
import { lineRange } from '../types';
import type { FieldLine } from '../parse';
import type { FieldSpec } from '../fields';
import { closestRuleId, readEnumValue, readFieldName } from '../fields';
import type { CodeEntry } from '../interpret';
import { CLASSIFICATION_NAMES } from '../terminology';
import { codeRoles } from './roles';
import {
  approachValueLines,
  fieldLines,
  imageControlValueText,
  knownCodeLines,
  openCategoryLines,
  packLines,
  roleLines,
  ruleLines,
  unknownCodeLines,
} from './describe';
import type { Located } from './locate';
import { code as inline, contains, fieldAbove, fieldOnLine, locate, markdown, md, specOf } from './locate';

export interface HoverOptions {
  /** The documentation page of a rule, linked from its hover. */
  docsUrl?: (ruleId: string) => string;
}

function result(lines: string[], range: Range): Hover {
  return { contents: markdown(lines), range };
}

export function hover(engine: Engine, text: string, position: Position, settings: CheckSettings = {}, options: HoverOptions = {}): Hover | null {
  const loc = locate(engine, text, position, settings);
  if (!loc.note || position.line !== loc.position.line || position.character !== loc.position.character) return null;
  const line = loc.position.line;
  const pos = loc.position;
  const body = loc.lineText.slice(loc.contentStart);
  const trimmed = body.trim();
  if (!trimmed) return null;
  if (trimmed.startsWith('#')) return directiveHover(engine, loc, settings, options);

  const field = fieldOnLine(loc, line);
  if (field) {
    if (contains(field.nameRange, pos)) return fieldHover(engine, loc, field);
    const spec = specOf(loc, field);
    if (!spec || pos.character <= field.nameRange.end.character) return null;
    switch (spec.kind) {
      case 'codes':
        return codeHover(engine, loc);
      case 'guidance':
        return guidanceHover(engine, loc, field);
      case 'enum':
        return field.value && contains(field.valueRange, pos) ? valueHover(engine, loc, field, spec) : null;
      default:
        return null;
    }
  }
  if (body.length - body.trimStart().length === 0) return null;
  const above = fieldAbove(loc, line);
  if (above && specOf(loc, above)?.kind === 'codes') return codeHover(engine, loc);
  return null;
}

// ---- Codes -----------------------------------------------------------------

function codeHover(engine: Engine, loc: Located): Hover | null {
  const pos = loc.position;
  const ce = loc.reading?.codeEntries.find((e) => e.entry.line === pos.line && contains(e.entry.range, pos));
  if (!ce) return null;
  const range = contains(ce.entry.codeRange, pos) ? ce.entry.codeRange : ce.entry.range;
  return result(codeEntryLines(engine, loc, ce), range);
}

function codeEntryLines(engine: Engine, loc: Located, ce: CodeEntry): string[] {
  const terms = engine.terms;
  // A code the tables know only in the other classification is described there, read where it is or not.
  const cls = ce.perhapsOther ?? ce.readAs;
  const name = CLASSIFICATION_NAMES[cls];
  const written = ce.entry.codeText;
  const packs = loc.packs.map((p) => p.pack);
  const notes: string[] = [];
  if (ce.shape.kind === 'malformed' && ce.shape.reading) notes.push(`${inline(written)} reads as **${ce.shape.reading}**.`);
  if (ce.wrongClassification) {
    notes.push(`${capitalized(article(name))} ${name} code, written under ${CLASSIFICATION_NAMES[ce.writtenIn]}: it belongs in the ${name} list.`);
  } else if (ce.perhapsOther) {
    const own = CLASSIFICATION_NAMES[ce.writtenIn];
    notes.push(
      `${capitalized(article(name))} ${name} code, written under ${own}. The loaded ${own} tables do not list its category in full, so it may be ${article(own)} ${own} code too.`,
    );
  }
  if (ce.selected) {
    notes.push(`${inline(written)} leaves the fourth character open; this note's Image control selects **${ce.selected}**.`);
  }
  const withNotes = (lines: string[]) => (notes.length ? [...notes.flatMap((n) => [n, '']), ...lines] : lines);

  if (ce.openCategory) {
    return withNotes([...openCategoryLines(terms, cls, ce.openCategory), ...roleLines(codeRoles(terms, packs, loc.reading, cls, ce.openCategory))]);
  }
  if (ce.code) {
    const info = terms.lookup(cls, ce.code);
    const lines = info ? knownCodeLines(info) : unknownCodeLines(terms, cls, ce.code);
    lines.push(...roleLines(codeRoles(terms, packs, loc.reading, cls, ce.code)));
    if (info && ce.entry.title && !terms.titleMatches(info, ce.entry.title)) {
      lines.push('', `The written title is not this code's title.`);
    }
    if (ce.selected) {
      const others = terms.subdivisions(cls, ce.selected.slice(0, 3)).filter((s) => s.code !== ce.selected);
      if (others.length) lines.push('', `Other codes of ${ce.selected.slice(0, 3)}:`, '', ...others.map((s) => `- ${s.code} ${md(s.title)}`));
    }
    return withNotes(lines);
  }
  const shapeHelp =
    cls === 'opcs4'
      ? 'OPCS-4 codes are written as a letter, two digits, a dot and a digit (`A99.9`).'
      : 'ICD-10 codes are written as a letter, two digits, a dot and a digit (`A99.9`), or `A99` for a category with no subdivisions.';
  return withNotes([`${inline(written)} is not a well-formed ${name} code.`, '', shapeHelp]);
}

/**
 * The indefinite article before a classification name, as the name is read aloud:
 * OPCS-4 and ICD-10 are spelt out letter by letter from a vowel sound ("an ICD-10 code").
 */
export function article(name: string): 'a' | 'an' {
  return /^(?:OPCS|ICD)\b/.test(name) || /^[aeiou]/i.test(name) ? 'an' : 'a';
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// ---- Fields and values -----------------------------------------------------

function fieldHover(engine: Engine, loc: Located, field: FieldLine): Hover | null {
  const spec = specOf(loc, field);
  if (!spec) return null;
  const lines = fieldLines(engine.terms, spec, engine.packs);
  const reading = readFieldName(field.name);
  if (reading.kind === 'close') lines.unshift(`${inline(field.name)} reads as **${spec.name}**.`, '');
  return result(lines, field.nameRange);
}

function valueHover(engine: Engine, loc: Located, field: FieldLine, spec: FieldSpec): Hover | null {
  const read = readEnumValue(field.value, spec.values!);
  if (read.kind === 'unknown') {
    return result([`${inline(field.value)} is not a value of ${spec.name}.`, '', `Values: ${spec.values!.map(inline).join(', ')}`], field.valueRange);
  }
  const lines = [`**${read.value}** (${spec.name})`, ''];
  if (read.kind === 'close') lines.push(`${inline(field.value)} reads as **${read.value}**.`, '');
  if (spec.name === 'Image control') {
    lines.push(md(imageControlValueText(engine.terms, read.value)));
  } else {
    const packLines = approachValueLines(
      engine.terms,
      read.value,
      loc.packs.map((p) => p.pack),
    );
    lines.push(spec.description, ...(packLines.length ? ['', ...packLines.map((l) => `- ${l}`)] : []));
  }
  return result(lines, field.valueRange);
}

// ---- Guidance ids ----------------------------------------------------------

function guidanceHover(engine: Engine, loc: Located, field: FieldLine): Hover | null {
  const pos = loc.position;
  const afterColon = loc.lineText.indexOf(':', field.nameRange.end.character) + 1;
  const re = /[^,\s]+/g;
  const value = loc.lineText.slice(afterColon);
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) {
    const range = lineRange(pos.line, afterColon + m.index, afterColon + m.index + m[0].length);
    if (!contains(range, pos)) continue;
    const pack = engine.pack(m[0]);
    if (!pack) {
      const known = engine.packs.map((p) => inline(p.id)).join(', ');
      return result([`${inline(m[0])}: no guidance pack with this id is loaded.`, '', `Known guidance: ${known || 'none'}.`], range);
    }
    const lines = packLines(engine.terms, pack);
    const applied = loc.packs.find((a) => a.pack === pack);
    if (applied) lines.push('', `This note is checked against ${pack.id}.`);
    return result(lines, range);
  }
  return null;
}

// ---- Suppression comments --------------------------------------------------

function directiveHover(engine: Engine, loc: Located, settings: CheckSettings, options: HoverOptions): Hover | null {
  const pos = loc.position;
  const comment = loc.note?.comments.find((c) => c.line === pos.line);
  const directive = comment?.directive;
  if (!comment || !directive) return null;
  for (const r of directive.rules) {
    if (!contains(r.range, pos)) continue;
    const lines = ruleLines(engine, r.id, settings, options.docsUrl);
    if (lines.length) return result(lines, r.range);
    const near = closestRuleId(r.id, engine.ruleIds);
    const unknown = [`${inline(r.id)} is not a rule id, so this comment switches nothing off for it.`];
    if (near) unknown.push('', `Did you mean ${inline(near)}?`);
    return result(unknown, r.range);
  }
  const text = comment.text;
  const at = comment.range.start.character;
  const kw = /^#\s*(coding-notes-(?:disable-next-line|disable))/.exec(text);
  if (!kw) return null;
  const start = at + kw[0].length - kw[1].length;
  const range = lineRange(pos.line, start, start + kw[1].length);
  if (!contains(range, pos)) return null;
  const lines =
    directive.kind === 'disable-next-line'
      ? ['**coding-notes-disable-next-line**', '', 'Switches the named rules off for the next line that is not a comment (and, for a field, its item lines).']
      : ['**coding-notes-disable**', '', 'Switches the named rules off for the rest of the note.'];
  lines.push('', 'Rule ids are separated by commas or spaces; text after ` -- ` is the reason, kept for audits.');
  return result(lines, range);
}
