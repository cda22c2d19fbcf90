// Note templates: a whole note for each approach that a guidance pack gives a
// code set for, built from the pack's data (main code, method code, image-control
// categories, diagnosis) and the tables (image-control codes, primary-site codes).
// Offered as snippets by completion at the start of an empty note, with
// placeholders for the Episode, the Procedure text and the image control.

import type { CompletionItem, CompletionItemKind, InsertTextFormat } from 'vscode-languageserver-types';
import type { Engine } from '../engine';
import type { Range } from '../types';
import type { GuidancePack } from '../guidance/pack';
import { methodCodeFor, packApproaches } from '../guidance/pack';
import type { Approach } from '../fields';
import { IMAGE_CONTROLS } from '../fields';
import { categoryOf } from '../codes';
import { code as inline, markdown, md } from './locate';

const SNIPPET_KIND: CompletionItemKind = 15;
const SNIPPET_FORMAT: InsertTextFormat = 2;

/** A piece of a template line: text as is, a placeholder with its default, or a choice (the first is the default). */
export type Part = string | { tabstop: number; text: string } | { tabstop: number; choices: string[] };

export interface NoteTemplate {
  pack: GuidancePack;
  approach: Approach;
  label: string;
  lines: Part[][];
}

/** Every pack's templates, one per approach with a code set, in the packs' order. */
export function noteTemplates(engine: Engine): NoteTemplate[] {
  const out: NoteTemplate[] = [];
  for (const pack of engine.packs) {
    for (const approach of packApproaches(pack)) out.push(noteTemplate(engine, pack, approach));
  }
  return out;
}

export function noteTemplate(engine: Engine, pack: GuidancePack, approach: Approach): NoteTemplate {
  const terms = engine.terms;
  const set = pack.approaches[approach]!;
  let tabstop = 1;
  const next = () => tabstop++;
  const lines: Part[][] = [];
  lines.push(['Episode: ', { tabstop: next(), text: 'episode reference' }]);
  lines.push([`Guidance: ${pack.id}`]);
  const word = set.procedureWords?.[0] ?? approach;
  lines.push(['Procedure: ', { tabstop: next(), text: `${word.charAt(0).toUpperCase()}${word.slice(1)} ${pack.procedure}` }]);
  lines.push([`Approach: ${approach}`]);

  // Image control is used, by the note format's reading, when the approach is percutaneous.
  const opcs: Part[] = [set.mainCode];
  const method = methodCodeFor(pack, approach);
  if (method) opcs.push(method);
  if (approach === 'percutaneous' && pack.imageControl) {
    const categories = pack.imageControl.codeCategories;
    const coded = (m: string) => {
      const c = terms.imageControlCode(m);
      return c && categories.includes(categoryOf(c)) ? c : null;
    };
    // Methods with a code in the tables first, so that the defaults agree.
    const methods = IMAGE_CONTROLS.filter((m) => m !== 'none');
    const ordered = [...methods.filter((m) => coded(m)), ...methods.filter((m) => !coded(m))];
    lines.push(['Image control: ', { tabstop: next(), choices: ordered }]);
    const codes = [...new Set(ordered.map(coded).filter((c): c is string => c !== null))];
    if (codes.length) opcs.push({ tabstop: next(), choices: codes });
  }
  lines.push(['OPCS-4: ', ...joined(opcs)]);

  const icd: Part[] = [];
  if (pack.diagnosis) {
    icd.push(pack.diagnosis.code);
    const primary = pack.diagnosis.primary;
    if (primary) {
      const codes = primary.categories.flatMap((cat) => terms.subdivisions('icd10', cat).map((c) => c.code));
      if (codes.length) icd.push({ tabstop: next(), choices: codes });
    }
  }
  lines.push(icd.length ? ['ICD-10: ', ...joined(icd)] : ['ICD-10: ', { tabstop: next(), text: '' }]);
  return { pack, approach, label: `${pack.id} note: ${approach}`, lines };
}

function joined(parts: Part[]): Part[] {
  return parts.flatMap((p, i) => (i ? [', ', p] : [p]));
}

/** The note that the template gives when every placeholder keeps its default. */
export function templateText(template: NoteTemplate, eol = '\n'): string {
  return template.lines.map((line) => line.map((p) => (typeof p === 'string' ? p : 'text' in p ? p.text : p.choices[0])).join('')).join(eol);
}

/** The template as an LSP / TextMate snippet. */
export function templateSnippet(template: NoteTemplate, eol = '\n'): string {
  const escape = (s: string) => s.replace(/[$}\\]/g, (c) => `\\${c}`);
  const escapeChoice = (s: string) => s.replace(/[$}\\,|]/g, (c) => `\\${c}`);
  const part = (p: Part) => {
    if (typeof p === 'string') return escape(p);
    if ('text' in p) return p.text ? `\${${p.tabstop}:${escape(p.text)}}` : `$${p.tabstop}`;
    return `\${${p.tabstop}|${p.choices.map(escapeChoice).join(',')}|}`;
  };
  return template.lines.map((line) => line.map(part).join('')).join(eol) + '$0';
}

/** Completion items that insert each template over `range`. */
export function templateCompletionItems(engine: Engine, range: Range, eol = '\n'): CompletionItem[] {
  return noteTemplates(engine).map((t, i): CompletionItem => ({
    label: t.label,
    kind: SNIPPET_KIND,
    detail: t.pack.title,
    labelDetails: { description: t.pack.title },
    documentation: markdown([
      `A whole ${t.approach} note under ${inline(t.pack.id)}, with the codes its guidance gives.`,
      '',
      '```',
      templateText(t),
      '```',
      '',
      `Source: [${md(t.pack.source.title)}](${t.pack.source.url})`,
    ]),
    // Before the field names: at the start of an empty note, a whole note is the likelier want.
    sortText: `!${String(i).padStart(4, '0')}`,
    filterText: `${t.pack.id} note ${t.approach} ${t.pack.procedure}`,
    insertTextFormat: SNIPPET_FORMAT,
    textEdit: { range, newText: templateSnippet(t, eol) },
  }));
}
