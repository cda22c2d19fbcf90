// Writes one page per rule under docs/rules/, and docs/rules/README.md, from the
// rule registry and the page file beside each rule's module (server/src/core/
// rules/<family>/<rule>.md, pack/<check>.md; `npm run docs`). With `--check` it writes nothing and exits 1
// when a page is missing, stale or left over from a rule that no longer exists.
// Paths are relative to the working directory: run it from the repository root.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Engine } from '../core/engine';
import { renderRuleIndex, renderRulePage, rulePagePath, RULE_INDEX_PATH } from '../core/rules/docs';

/** Every page the registry calls for: repository path → markdown. */
export function expectedPages(engine: Engine = new Engine()): Map<string, string> {
  const pages = new Map<string, string>();
  for (const rule of engine.rules) pages.set(rulePagePath(rule.id), renderRulePage(rule, engine));
  pages.set(RULE_INDEX_PATH, renderRuleIndex(engine));
  return pages;
}

export const CONFIG_SCHEMA_PATH = 'schemas/codingnotes.schema.json';

/** The configuration schema with its list of rule ids (and their summaries) taken from the registry. */
export function expectedConfigSchema(current: string, engine: Engine = new Engine()): string {
  const schema = JSON.parse(current) as { properties: { rules: { properties: unknown } } };
  const properties: Record<string, unknown> = {};
  for (const rule of engine.rules) {
    properties[rule.id] = { $ref: '#/definitions/severity', description: `${rule.summary} Default: ${rule.defaultSeverity}.` };
  }
  schema.properties.rules.properties = properties;
  return JSON.stringify(schema, null, 2) + '\n';
}

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (name.endsWith('.md')) out.push(p);
  }
  return out;
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const root = process.cwd();
  const pages = expectedPages();
  const schemaFile = join(root, CONFIG_SCHEMA_PATH);
  pages.set(CONFIG_SCHEMA_PATH, expectedConfigSchema(readFileSync(schemaFile, 'utf8')));
  const problems: string[] = [];
  let written = 0;

  for (const [path, text] of pages) {
    const file = join(root, path);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (current === text) continue;
    if (check) {
      problems.push(`${path}: ${current === null ? 'missing' : 'out of date'}`);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written++;
  }

  // Pages of rules that are gone. Only generated pages live in docs/rules.
  let removed = 0;
  for (const file of markdownFiles(join(root, 'docs', 'rules'))) {
    const path = relative(root, file).split('\\').join('/');
    if (pages.has(path)) continue;
    if (check) problems.push(`${path}: no rule has this page`);
    else {
      rmSync(file);
      removed++;
    }
  }

  if (check) {
    if (problems.length) {
      console.error(`Rule docs are out of date; run \`npm run docs\`:\n  ${problems.join('\n  ')}`);
      return 1;
    }
    console.log(`Rule docs are up to date (${pages.size} pages).`);
    return 0;
  }
  console.log(`Rule docs: ${pages.size} pages, ${written} written, ${removed} removed.`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  // A page file that cannot be read (an unknown section, a broken placeholder) says where and what, in one line.
  process.stderr.write(`npm run docs: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
