// Document links: a guidance id in a Guidance field links to the guidance's
// page (the pack's source URL), and a rule id in a suppression comment to the
// rule's documentation page (the adapter says where the pages are).

import type { DocumentLink } from 'vscode-languageserver-types';
import type { Engine } from '../engine';
import { lineRange } from '../types';
import { parse } from '../parse';
import { readFieldName } from '../fields';

export interface LinkOptions {
  /** The documentation page of a rule; without it, rule ids are not linked. */
  docsUrl?: (ruleId: string) => string;
}

export function documentLinks(engine: Engine, text: string, options: LinkOptions = {}): DocumentLink[] {
  const file = parse(text);
  const out: DocumentLink[] = [];
  for (const note of file.notes) {
    for (const field of note.fields) {
      const name = readFieldName(field.name);
      if (name.kind === 'unknown' || name.spec.kind !== 'guidance' || !field.value) continue;
      const re = /[^,\s]+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(field.value))) {
        const pack = engine.pack(m[0]);
        if (!pack) continue;
        const at = field.valueRange.start.character + m.index;
        out.push({ range: lineRange(field.line, at, at + m[0].length), target: pack.source.url, tooltip: `${pack.id}: ${pack.source.title}` });
      }
    }
    if (!options.docsUrl) continue;
    for (const comment of note.comments) {
      for (const rule of comment.directive?.rules ?? []) {
        const known = engine.rule(rule.id);
        if (!known) continue;
        out.push({ range: rule.range, target: options.docsUrl(rule.id), tooltip: `${rule.id}: ${known.summary}` });
      }
    }
  }
  return out;
}
