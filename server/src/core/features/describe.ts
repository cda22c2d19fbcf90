// Markdown about codes, fields, rules and guidance packs, shared by hover and
// completion documentation. Every fact comes from the tables and packs.

import type { Engine, CheckSettings } from '../engine';
import type { Terminology, Classification, CodeInfo } from '../terminology';
import { CLASSIFICATION_NAMES } from '../terminology';
import type { GuidancePack } from '../guidance/pack';
import { methodCodeFor } from '../guidance/pack';
import type { FieldSpec } from '../fields';
import { APPROACHES, IMAGE_CONTROLS } from '../fields';
import type { Approach } from '../fields';
import { categoryOf, isSupplementary } from '../codes';
import type { CodeRole } from './roles';
import { md, code as inline } from './locate';

const KIND_OF: Record<Classification, string> = { opcs4: 'procedure', icd10: 'diagnosis' };

export function codeTitle(terms: Terminology, cls: Classification, code: string): string | null {
  return terms.lookup(cls, code)?.title ?? null;
}

function sourceLine(sources: readonly string[]): string {
  return sources.length ? `Source: ${sources.map(md).join('; ')}` : '';
}

/** Bullet lines for a code's roles in the note's guidance. */
export function roleLines(roles: readonly CodeRole[]): string[] {
  if (!roles.length) return [];
  return [
    '',
    "**In this note's guidance**",
    '',
    ...roles.map((r) => `- ${r.pack.id}: ${r.text}${r.caveat ? ` (${r.caveat})` : ''} ([source](${r.pack.source.url}))`),
  ];
}

/** A known code: title, classification, written forms, sources. */
export function knownCodeLines(info: CodeInfo): string[] {
  const name = CLASSIFICATION_NAMES[info.classification];
  const out = [`**${info.code}${usageMark(info)}** ${md(info.title)}`, ''];
  const what = info.isCategoryCode
    ? `${name} category with no subdivisions`
    : info.classification === 'opcs4' && isSupplementary(info.code)
      ? `${name} supplementary code (chapters Y and Z: method, approach, site), written after the code it qualifies`
      : `${name} ${KIND_OF[info.classification]} code`;
  // With a release loaded, its version says where the code is: `OPCS-4.11: OPCS-4 procedure code`.
  out.push(info.release ? `${md(info.release)}: ${what.startsWith(`${name} `) ? what.slice(name.length + 1) : what}` : what);
  if (info.usage) out.push('', usageText(info));
  if (info.insertTitle !== info.title) out.push('', `Written in full: ${md(info.insertTitle)}`);
  // Other accepted spellings, less the stem forms that only vary the full title.
  const seen = new Set([info.title, info.insertTitle].map((t) => t.toLowerCase()));
  const others = info.alsoWritten.filter((t) => !t.includes(':') && !seen.has(t.toLowerCase()));
  if (others.length) out.push('', `Also accepted: ${others.map(md).join('; ')}`);
  const src = sourceLine(info.source);
  if (src) out.push('', src);
  return out;
}

/** The mark ICD-10 prints after a dagger or asterisk code, as the loaded release marks it. */
export function usageMark(info: CodeInfo): string {
  return info.usage === 'dagger' ? '\u2020' : info.usage === 'asterisk' ? '\\*' : '';
}

function usageText(info: CodeInfo): string {
  return info.usage === 'dagger'
    ? 'Dagger code (\u2020) in the release: the underlying disease. An asterisk code (\\*) for its manifestation may be listed with it.'
    : 'Asterisk code (\\*) in the release: a manifestation. ICD-10 never uses an asterisk code alone: list the dagger code (\u2020) of the underlying disease with it.';
}

/** A well-formed code that the loaded tables do not hold. */
export function unknownCodeLines(terms: Terminology, cls: Classification, code: string): string[] {
  const name = CLASSIFICATION_NAMES[cls];
  const category = categoryOf(code);
  const cat = terms.category(cls, category);
  const out = [`**${code}** · ${name}`, ''];
  if (terms.coversCompletely(cls, category)) {
    const release = terms.release(cls);
    const where = release ? `${md(release.label)}, the configured release,` : 'the bundled table';
    out.push(`Not a code of ${name}: ${where} holds every code of category ${category}, and this is not one.`);
    const subs = terms.subdivisions(cls, category);
    if (subs.length) out.push('', `Codes of ${category}:`, '', ...subs.map((s) => `- ${s.code} ${md(s.title)}`));
    return out;
  }
  out.push(`Its title is not in the bundled ${name} table, which holds only codes with a sourced title.`);
  out.push('', `To check every code, configure an official ${name} release file (\`classifications\` in \`.codingnotes.json\`).`);
  if (cat?.title) out.push('', `Category ${category}: ${md(cat.title)}`);
  return out;
}

/** A category written with its fourth character open (`Y53.-`). */
export function openCategoryLines(terms: Terminology, cls: Classification, category: string): string[] {
  const name = CLASSIFICATION_NAMES[cls];
  const cat = terms.category(cls, category);
  const out = [
    `**${category}** ${cat?.title ? md(cat.title) : ''}`.trimEnd(),
    '',
    `${name} category: the fourth character is left open. Write one of its codes.`,
  ];
  const subs = terms.subdivisions(cls, category);
  if (subs.length) {
    out.push('', terms.coversCompletely(cls, category) ? 'Its codes:' : 'Its codes with a title in the bundled table:', '');
    out.push(...subs.map((s) => `- ${s.code} ${md(s.title)}`));
  } else {
    out.push('', 'None of its codes is in the bundled table.');
  }
  const src = sourceLine(cat?.source ?? []);
  if (src) out.push('', src);
  return out;
}

/** What a field holds and, for enumerated fields, its values. */
export function fieldLines(terms: Terminology, spec: FieldSpec, packs: readonly GuidancePack[]): string[] {
  const out = [`**${spec.name}**`, '', spec.description];
  if (spec.name === 'Image control') {
    out.push('', 'Values:', '', ...IMAGE_CONTROLS.map((v) => `- ${inline(v)}: ${imageControlValueText(terms, v)}`));
  } else if (spec.values) {
    out.push('', `Values: ${spec.values.map(inline).join(', ')}`);
  }
  if (spec.kind === 'guidance' && packs.length) {
    out.push('', 'Known guidance:', '', ...packs.map((p) => `- ${inline(p.id)} ${md(p.title)}`));
  }
  return out;
}

/** What an Image control value means for the Y53/Y68 code. */
export function imageControlValueText(terms: Terminology, value: string): string {
  const categories = terms.imageControlCategories.join('/');
  if (value === 'none') return `image control was not used: no ${categories} code`;
  const code = terms.imageControlCode(value);
  const title = code ? terms.lookup('opcs4', code)?.title : null;
  if (value === 'not stated') return code ? `used, method not recorded: ${code}${title ? ` ${md(title)}` : ''}` : 'used, method not recorded';
  if (code) return `${code}${title ? ` ${md(title)}` : ''}`;
  return `no bundled code: choose the ${categories} code from the classification, or configure an OPCS-4 release file`;
}

/** What an Approach value means for each pack. */
export function approachValueLines(terms: Terminology, value: string, packs: readonly GuidancePack[]): string[] {
  if (value === 'not stated') return ['The approach is not recorded. Guidance that codes approaches differently asks for it.'];
  const out: string[] = [];
  for (const pack of packs) {
    const set = pack.approaches[value as Approach];
    if (set) {
      const title = codeTitle(terms, 'opcs4', set.mainCode);
      out.push(`${pack.id}: main code ${set.mainCode}${title ? ` ${md(title)}` : ''}`);
    } else {
      out.push(`${pack.id} gives no code set for the ${value} approach`);
    }
  }
  return out;
}

/** A guidance pack: what it covers, its code sets, when it applies, its source. */
export function packLines(terms: Terminology, pack: GuidancePack): string[] {
  const entry = (cls: Classification, c: string) => {
    const t = codeTitle(terms, cls, c);
    return `${c}${t ? ` ${md(t)}` : ''}`;
  };
  const out = [`**${pack.id}** ${md(pack.title)}`, '', `Procedure: ${md(pack.procedure)}`, '', 'Codes:', ''];
  const withCodes = APPROACHES.filter((a) => pack.approaches[a]);
  for (const a of withCodes) {
    const codes = [entry('opcs4', pack.approaches[a]!.mainCode)];
    const method = methodCodeFor(pack, a);
    if (method) codes.push(entry('opcs4', method));
    out.push(`- ${a}: OPCS-4 ${codes.join(', then ')}`);
  }
  if (pack.imageControl) {
    const cats = pack.imageControl.codeCategories.join('/');
    const mapped = IMAGE_CONTROLS.map((v) => [v, terms.imageControlCode(v)] as const).filter(([, c]) => c);
    const list = mapped.map(([v, c]) => `${v} ${c}`).join(', ');
    out.push(`- where image control is used (always with a percutaneous approach): a ${cats} code after the method code${list ? ` (${list})` : ''}`);
  }
  const without = APPROACHES.filter((a) => a !== 'not stated' && !pack.approaches[a]);
  if (without.length) out.push(`- ${without.join(', ')}: no code set`);
  if (pack.diagnosis) out.push(`- ICD-10: ${entry('icd10', pack.diagnosis.code)}, first`);
  const trigger = pack.trigger.allOf.map((g) => g.map(inline).join(' or ')).join(' and ');
  out.push('', `Applies where a Guidance line names ${pack.id}, or where the Procedure text has ${trigger}.`);
  out.push('', `Source: [${md(pack.source.title)}](${pack.source.url})`);
  return out;
}

/** A rule: summary, default (and configured) severity, its guidance, its documentation. */
export function ruleLines(engine: Engine, id: string, settings: CheckSettings = {}, docsUrl?: (ruleId: string) => string): string[] {
  const rule = engine.rule(id);
  if (!rule) return [];
  const out = [`**${rule.id}**`, '', rule.summary, ''];
  const configured = settings.rules?.[rule.id];
  out.push(`Default severity: ${rule.defaultSeverity}` + (configured && configured !== rule.defaultSeverity ? ` (configured: ${configured})` : ''));
  if (rule.pack) out.push('', `Guidance: ${rule.pack.id} ${md(rule.pack.title)}`);
  if (docsUrl) out.push('', `[Documentation of ${rule.id}](${docsUrl(rule.id)})`);
  return out;
}
