// A rule's page as data: the `.md` file beside the rule's module. This module
// fills its placeholders and reads its parts; docs/index.ts renders the page.
//
// The file: a front matter, then the sections of the page.
//
//   ---
//   corrected-by: fix-all | click | hand
//   also-triggers: code/title-mismatch, …   (optional: other rules the example gets)
//   example-severity: warning              (optional: for a rule that is off by default)
//   ---
//   ## Why it matters     paragraphs
//   ## Example            one ```codingnote block
//   ## Corrected          one ```codingnote block, then one paragraph on what changed
//   ## Fixes              paragraphs
//   ## Sources            a list (`- item`)
//
// Placeholders, filled before the file is read: `{{name}}` (a value the rule's
// module gives), `{{#if name}}…{{else}}…{{/if}}`, `{{link RULE-ID}}` (a link to
// that rule's page), `{{title CODE}}` (the code and its title from the engine's
// tables; CODE may be a value's name) and `{{source KEY}}` (docs/sources.md).
// A paragraph or block that fills to nothing is left out. Pure: no file system.

import type { SeveritySetting } from '../../types';
import type { DocValues } from '../rule';
import sourcesMarkdown from './sources.md';

export type CorrectedBy = 'fix-all' | 'click' | 'hand';

/** What a page file says, its placeholders filled. Markdown in every string. */
export interface DocParts {
  correctedBy: CorrectedBy;
  alsoTriggers: string[];
  /** The severity the examples are checked with, for a rule that is off by default. */
  exampleSeverity: SeveritySetting | null;
  why: string[];
  example: string;
  corrected: string;
  correction: string;
  fixes: string[];
  sources: string[];
}

export interface TemplateHelpers {
  link(ruleId: string): string;
  title(code: string): string;
}

/** A page file that cannot be read, said with its path (and line, where it has one). */
export class DocFileError extends Error {
  constructor(file: string, problem: string, line?: number) {
    super(`server/src/core/rules/${file}.md${line ? `:${line}` : ''}: ${problem}`);
    this.name = 'DocFileError';
  }
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];
const CORRECTED_BY: readonly string[] = ['fix-all', 'click', 'hand'];

/** The shared sources, `{{source KEY}}`: each `## KEY` heading of docs/sources.md and its paragraph. */
export const SHARED_SOURCES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const m of sourcesMarkdown.matchAll(/^## (\S+)\n+([^\n]+(?:\n[^\n#][^\n]*)*)/gm)) map.set(m[1], m[2].split('\n').join(' ').trim());
  return map;
})();

function truthy(v: string | boolean): boolean {
  return v !== false && v !== '';
}

/** The file's text with every placeholder filled. */
export function fillTemplate(file: string, text: string, values: DocValues, helpers: TemplateHelpers): string {
  const value = (name: string): string | boolean => {
    if (!Object.prototype.hasOwnProperty.call(values, name)) throw new DocFileError(file, `no value for {{${name}}}: the rule's module gives ${Object.keys(values).join(', ') || 'none'}`);
    return values[name];
  };
  // Innermost first: a body holds no `{{#if`, so an outer conditional waits until its inner ones are filled.
  const conditional = /\{\{#if ([\w.-]+)\}\}((?:(?!\{\{#if )[\s\S])*?)(?:\{\{else\}\}((?:(?!\{\{#if )[\s\S])*?))?\{\{\/if\}\}/g;
  let out = text;
  for (let before = ''; before !== out; ) {
    before = out;
    out = out.replace(conditional, (_m, name: string, then: string, otherwise: string | undefined) => (truthy(value(name)) ? then : (otherwise ?? '')));
  }
  out = out.replace(/\{\{([\w.-]+)(?: ([^{}\s]+))?\}\}/g, (m, word: string, arg: string | undefined) => {
    if (arg === undefined) {
      const v = value(word);
      if (typeof v !== 'string') throw new DocFileError(file, `{{${word}}} is a flag: use it in {{#if ${word}}}`);
      return v;
    }
    if (word === 'link') return helpers.link(arg);
    if (word === 'title') {
      const code = Object.prototype.hasOwnProperty.call(values, arg) ? String(values[arg]) : arg;
      return helpers.title(code);
    }
    if (word === 'source') {
      const source = SHARED_SOURCES.get(arg);
      if (source === undefined) throw new DocFileError(file, `{{source ${arg}}}: docs/sources.md has no '## ${arg}'`);
      return source;
    }
    throw new DocFileError(file, `unknown placeholder ${m}: the helpers are link, title and source`);
  });
  const left = out.search(/\{\{|\}\}/);
  if (left >= 0) throw new DocFileError(file, `a placeholder is not closed or not known: ${out.slice(left, left + 40).split('\n')[0]}`);
  return out;
}

type Block = { kind: 'paragraph'; text: string } | { kind: 'fence'; lang: string; text: string } | { kind: 'list'; items: string[] };

/** A section's blocks: fenced code, list items, paragraphs (their lines joined by spaces). */
function blocks(file: string, lines: readonly string[]): Block[] {
  const out: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (!para.length) return;
    if (para[0].startsWith('- ')) {
      const items: string[] = [];
      for (const l of para) {
        if (l.startsWith('- ')) items.push(l.slice(2).trim());
        else items[items.length - 1] += ' ' + l.trim();
      }
      out.push({ kind: 'list', items });
    } else out.push({ kind: 'paragraph', text: para.map((l) => l.trim()).join(' ') });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) {
      flush();
      const end = lines.indexOf('```', i + 1);
      if (end < 0) throw new DocFileError(file, `a \`\`\` block is not closed`);
      const body = lines.slice(i + 1, end).join('\n').replace(/\n+$/, '');
      if (body.trim()) out.push({ kind: 'fence', lang: line.slice(3).trim(), text: body + '\n' });
      i = end;
    } else if (!line.trim()) flush();
    else para.push(line);
  }
  flush();
  return out;
}

const SECTIONS = ['Why it matters', 'Example', 'Corrected', 'Fixes', 'Sources'] as const;
type Section = (typeof SECTIONS)[number];

/** The parts of a filled page file. */
export function parseDoc(file: string, text: string): DocParts {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0] !== '---') throw new DocFileError(file, 'the file starts with a front matter between two `---` lines', 1);
  const close = lines.indexOf('---', 1);
  if (close < 0) throw new DocFileError(file, 'the front matter has no closing `---` line', 1);
  const front = new Map<string, string>();
  for (let i = 1; i < close; i++) {
    const m = /^([a-z-]+):\s*(.*)$/.exec(lines[i]);
    if (!m || !['corrected-by', 'also-triggers', 'example-severity'].includes(m[1])) {
      throw new DocFileError(file, `the front matter takes corrected-by, also-triggers and example-severity, not \`${lines[i]}\``, i + 1);
    }
    front.set(m[1], m[2].trim());
  }
  const correctedBy = front.get('corrected-by') ?? '';
  if (!CORRECTED_BY.includes(correctedBy)) throw new DocFileError(file, `corrected-by is one of ${CORRECTED_BY.join(', ')}`);
  const severity = front.get('example-severity');
  if (severity !== undefined && !SEVERITIES.includes(severity)) throw new DocFileError(file, `example-severity is one of ${SEVERITIES.join(', ')}`);

  const sections = new Map<Section, string[]>();
  let current: string[] | null = null;
  for (let i = close + 1; i < lines.length; i++) {
    const heading = /^## (.*)$/.exec(lines[i]);
    if (heading) {
      const name = heading[1].trim() as Section;
      if (!SECTIONS.includes(name)) throw new DocFileError(file, `unknown section '## ${heading[1]}': the sections are ${SECTIONS.join(', ')}`, i + 1);
      if (sections.has(name)) throw new DocFileError(file, `'## ${name}' is given twice`, i + 1);
      sections.set(name, (current = []));
    } else if (current) current.push(lines[i]);
  }
  const section = (name: Section): Block[] => {
    const body = sections.get(name);
    if (!body) throw new DocFileError(file, `the section '## ${name}' is missing`);
    return blocks(file, body);
  };
  const paragraphs = (name: Section): string[] =>
    section(name).map((b) => {
      if (b.kind !== 'paragraph') throw new DocFileError(file, `'## ${name}' takes paragraphs only`);
      return b.text;
    });
  const note = (name: Section, body: Block[]): string => {
    const fence = body[0];
    if (fence?.kind !== 'fence' || fence.lang !== 'codingnote') throw new DocFileError(file, `'## ${name}' starts with a \`\`\`codingnote block`);
    return fence.text;
  };
  const example = section('Example');
  if (example.length !== 1) throw new DocFileError(file, "'## Example' holds the example note and nothing else");
  const corrected = section('Corrected');
  if (corrected.length !== 2 || corrected[1].kind !== 'paragraph') throw new DocFileError(file, "'## Corrected' holds the corrected note, then one paragraph on what changed");
  const sources = section('Sources');
  if (sources.length !== 1 || sources[0].kind !== 'list') throw new DocFileError(file, "'## Sources' is one list");

  return {
    correctedBy: correctedBy as CorrectedBy,
    alsoTriggers: (front.get('also-triggers') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    exampleSeverity: (severity as SeveritySetting | undefined) ?? null,
    why: paragraphs('Why it matters'),
    example: note('Example', example),
    corrected: note('Corrected', corrected),
    correction: corrected[1].text,
    fixes: paragraphs('Fixes'),
    sources: sources[0].items,
  };
}
