// Reads fixture notes: `# expect: RULE…` names the diagnostics that start on the
// next line that is not blank or a plain comment (a field with its item lines,
// a `coding-notes-disable…` directive, or any other line);
// `# silent: RULE…` marks its note as a deliberate near miss for those rules.

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { parse } from '../../server/src/core/parse';
import { parseConfig } from '../../server/src/core/config';
import type { CheckSettings } from '../../server/src/core/engine';

export interface Expectation {
  /** First and last line (0-based) the expectation covers. */
  from: number;
  to: number;
  rules: string[];
  /** Line of the expect comment, for messages. */
  line: number;
}

/** The fixture notes under `dir`, in name order, without the `.fixed.codingnote` files that show their fixes. */
export function listNotes(dir: string): string[] {
  return noteFiles([dir]).filter((p) => !p.endsWith('.fixed.codingnote'));
}

/** Every `.codingnote` file under the folders (their `.fixed.codingnote` too), in name order, folder by folder. */
export function noteFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.codingnote')) out.push(p);
    }
  };
  for (const dir of dirs) walk(dir);
  return out;
}

/** The text of every note file in the project's own fixtures and examples: real notes for property tests. */
export function realNoteTexts(): string[] {
  return noteFiles(['test/fixtures', 'examples']).map((p) => readFileSync(p, 'utf8'));
}

export function readExpectations(text: string): { expectations: Expectation[]; silent: Expectation[] } {
  const file = parse(text);
  const lines = file.table.lines;
  const expectations: Expectation[] = [];
  const silent: Expectation[] = [];
  for (const note of file.notes) {
    for (const c of note.comments) {
      const m = /^#\s*(expect|silent):(.*)$/.exec(c.text);
      if (!m) continue;
      const rules = m[2].trim().split(/\s+/).filter(Boolean);
      if (m[1] === 'silent') {
        silent.push({ from: note.startLine, to: note.endLine, rules, line: c.line });
        continue;
      }
      let target = c.line + 1;
      while (target < lines.length && skippable(lines[target])) target++;
      const field = note.fields.find((f) => f.line === target);
      expectations.push({ from: target, to: field ? field.lastLine : target, rules, line: c.line });
    }
  }
  return { expectations, silent };
}

/** Settings from the nearest `.codingnotes.json` between the fixture and `root`. */
export function fixtureSettings(file: string, root: string, knownRuleIds: ReadonlySet<string>): CheckSettings {
  let dir = dirname(file);
  const top = resolve(root);
  for (;;) {
    const p = join(dir, '.codingnotes.json');
    if (existsSync(p)) {
      const { config, problems } = parseConfig(readFileSync(p, 'utf8'), knownRuleIds);
      if (problems.length) throw new Error(`${p}: ${problems.map((x) => x.message).join('; ')}`);
      return { rules: config.rules, guidance: config.guidance };
    }
    if (resolve(dir) === top || dirname(dir) === dir) return {};
    dir = dirname(dir);
  }
}

function skippable(line: string): boolean {
  const t = line.trim();
  return t === '' || (t.startsWith('#') && !/^#\s*coding-notes-/.test(t));
}
