// The rule pages: one per rule, identical to what the renderer makes of the
// registry and the `.md` file beside each rule's module now, with examples that the engine really reports (and really stops
// reporting once corrected), and no dead relative links.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { FIX_KINDS } from '../server/src/core/types';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Engine } from '../server/src/core/engine';
import {
  ruleDoc,
  ruleDocFile,
  rulePageText,
  renderRuleIndex,
  renderRulePage,
  rulePagePath,
  RULE_INDEX_PATH,
  DocFileError,
} from '../server/src/core/rules/docs';
import { RULE_PAGES } from '../server/src/core/rules/docs/pages';
import { fillTemplate, parseDoc, SHARED_SOURCES } from '../server/src/core/rules/docs/template';
import type { GuidancePack } from '../server/src/core/guidance/pack';

const engine = new Engine();
const RUN = 'run `npm run docs` to regenerate the rule pages';

function read(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? markdownFiles(p) : name.endsWith('.md') ? [p] : [];
  });
}

describe('rule pages on disk', () => {
  test('the registry has the built-in rules and the IPG369 checks', () => {
    // Guards the tests below against an empty registry passing vacuously.
    const ids = engine.rules.map((r) => r.id);
    for (const id of ['syntax/invalid-line', 'code/sequence', 'snomed/invalid-id', 'privacy/nhs-number', 'ipg369/cryotherapy-code', 'ipg369/diagnosis-code']) {
      assert.ok(ids.includes(id), `${id} is registered`);
    }
  });

  test('rulePagePath follows docs/rules/<id>.md', () => {
    assert.equal(rulePagePath('syntax/invalid-line'), 'docs/rules/syntax/invalid-line.md');
    assert.equal(rulePagePath('ipg369/procedure-code'), 'docs/rules/ipg369/procedure-code.md');
  });

  for (const rule of engine.rules) {
    test(`${rule.id} has a page equal to the rendered one`, () => {
      const path = rulePagePath(rule.id);
      const onDisk = read(path);
      assert.notEqual(onDisk, null, `${path} is missing: ${RUN}`);
      assert.equal(onDisk, renderRulePage(rule, engine), `${path} is out of date: ${RUN}`);
    });
  }

  test('the index is up to date and links every rule', () => {
    const onDisk = read(RULE_INDEX_PATH);
    assert.notEqual(onDisk, null, `${RULE_INDEX_PATH} is missing: ${RUN}`);
    assert.equal(onDisk, renderRuleIndex(engine), `${RULE_INDEX_PATH} is out of date: ${RUN}`);
    for (const rule of engine.rules) {
      assert.ok(onDisk!.includes(`](${rule.id}.md)`), `the index links ${rule.id}`);
      assert.ok(onDisk!.includes(`| ${rule.defaultSeverity} |`), `the index gives ${rule.id}'s severity`);
    }
  });

  test('no page is left over from a rule that no longer exists', () => {
    const expected = new Set([...engine.rules.map((r) => rulePagePath(r.id)), RULE_INDEX_PATH]);
    const stray = markdownFiles('docs/rules')
      .map((f) => relative('.', f).split('\\').join('/'))
      .filter((f) => !expected.has(f));
    assert.deepEqual(stray, [], RUN);
  });

  test('every relative link in the pages resolves to a file', () => {
    const files = markdownFiles('docs/rules');
    assert.ok(files.length > engine.rules.length, 'the pages exist');
    const dead: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
        const path = resolve(dirname(file), target.split('#')[0]);
        if (!existsSync(path)) dead.push(`${file}: ${target}`);
      }
    }
    assert.deepEqual(dead, []);
  });
});

describe('rule page examples are real', () => {
  for (const rule of engine.rules) {
    test(rule.id, () => {
      const doc = ruleDoc(rule, engine);
      const before = engine.check(doc.example, doc.settings).findings;
      assert.ok(
        before.some((f) => f.rule === rule.id),
        `the example must get ${rule.id}; got ${before.map((f) => f.rule).join(', ') || 'nothing'}`,
      );
      // The page names every other rule the example gets, and only those.
      const others = [...new Set(before.map((f) => f.rule).filter((r) => r !== rule.id))].sort();
      assert.deepEqual(others, [...doc.alsoTriggers].sort(), 'the other rules the example gets');

      const after = engine.check(doc.corrected, doc.settings).findings;
      assert.ok(!after.some((f) => f.rule === rule.id), `the corrected example must not get ${rule.id}`);
      assert.deepEqual(
        after.map((f) => `${f.range.start.line + 1}: ${f.rule}`),
        [],
        'the corrected example is clean',
      );

      if (doc.correctedBy === 'fix-all') {
        assert.equal(engine.fixAll(doc.example, doc.settings).text, doc.corrected, 'fix-all turns the example into the corrected note');
      } else if (doc.correctedBy === 'click') {
        // A change waits for a click: default fix-all leaves it, every kind applies it.
        assert.notEqual(engine.fixAll(doc.example, doc.settings).text, doc.corrected, 'fix-all leaves the change for a click');
        assert.equal(
          engine.fixAll(doc.example, doc.settings, { kinds: FIX_KINDS }).text,
          doc.corrected,
          'the preferred fixes of every kind turn the example into the corrected note',
        );
      } else {
        assert.notEqual(doc.example, doc.corrected);
      }
    });
  }

  test('privacy/nhs-number is off by default, so its example needs the setting', () => {
    const rule = engine.rule('privacy/nhs-number')!;
    const doc = ruleDoc(rule, engine);
    assert.ok(!engine.check(doc.example).findings.some((f) => f.rule === rule.id));
    assert.match(renderRulePage(rule, engine), /"privacy\/nhs-number": "warning"/);
  });

  test('pages show the diagnostic the engine gives on the example', () => {
    for (const rule of engine.rules) {
      const doc = ruleDoc(rule, engine);
      const page = renderRulePage(rule, engine);
      for (const f of engine.check(doc.example, doc.settings).findings.filter((x) => x.rule === rule.id)) {
        assert.ok(page.includes(f.message), `${rule.id}: the page quotes "${f.message}"`);
      }
    }
  });
});

describe('pack checks are documented from the pack data', () => {
  // A second pack, made by renaming IPG369: its pages come for free and say its own id.
  const base = engine.pack('IPG369')!;
  const other: GuidancePack = {
    ...base,
    id: 'XPG001',
    title: 'Cryotherapy for liver metastases (local copy)',
    source: { title: 'Local agreement XPG001', url: 'https://example.org/xpg001' },
  };
  const twoPacks = new Engine({ packs: [other] });

  test('every check of a new pack has a page naming the pack and its source', () => {
    const rules = twoPacks.rules.filter((r) => r.pack?.id === 'XPG001');
    assert.ok(rules.length >= 8, 'the new pack has its checks');
    for (const rule of rules) {
      const page = renderRulePage(rule, twoPacks);
      assert.ok(page.startsWith(`<!--`) && page.includes(`# \`${rule.id}\``), rule.id);
      assert.ok(page.includes('https://example.org/xpg001'), `${rule.id} cites the pack's source`);
      assert.ok(page.includes('XPG001'), `${rule.id} names its pack`);
      assert.ok(!page.includes('ipg369/'), `${rule.id} does not link or name IPG369's rules`);
    }
  });

  test('the procedure-code page lists the code of each approach', () => {
    const page = renderRulePage(engine.rule('ipg369/procedure-code')!, engine);
    for (const a of Object.values(base.approaches)) assert.ok(page.includes(a!.mainCode), a!.mainCode);
    assert.ok(page.includes(base.source.url));
  });
});

describe('the page files beside the rule modules', () => {
  const RULES_DIR = 'server/src/core/rules';

  test("each rule's page is made from the file beside its module, and the page says which", () => {
    for (const rule of engine.rules) {
      const file = ruleDocFile(rule);
      assert.equal(read(file), rulePageText(rule.doc.file), `${rule.id}: the bundled text is ${file}`);
      assert.ok(renderRulePage(rule, engine).startsWith(`<!-- Generated by \`npm run docs\` from ${file}. Edit that file`), rule.id);
      if (!rule.pack) assert.equal(rule.doc.file, rule.id, `${rule.id}: its page file is named after its id`);
    }
  });

  test("every .md file under rules/ is a rule's page or the shared sources", () => {
    const used = new Set([...engine.rules.map((r) => ruleDocFile(r)), `${RULES_DIR}/docs/sources.md`]);
    const stray = markdownFiles(RULES_DIR)
      .map((f) => relative('.', f).split('\\').join('/'))
      .filter((f) => !used.has(f));
    assert.deepEqual(stray, [], 'a page file no rule uses');
  });

  test('every page file is listed in docs/pages.ts (what the renderer reads), and an unlisted one is an error naming its file', () => {
    const listed = new Set([...RULE_PAGES.keys()].map((file) => `${RULES_DIR}/${file}.md`));
    const files = markdownFiles(RULES_DIR)
      .map((f) => relative('.', f).split('\\').join('/'))
      .filter((f) => f !== `${RULES_DIR}/docs/sources.md`);
    assert.deepEqual(
      files.filter((f) => !listed.has(f)),
      [],
      'page files missing from docs/pages.ts',
    );
    assert.throws(() => rulePageText('code/nothing'), /server\/src\/core\/rules\/code\/nothing\.md: not listed/);
  });

  test("a pack check's page has no pack's words written in: every code and id comes from the pack", () => {
    for (const rule of engine.rules.filter((r) => r.pack)) {
      assert.doesNotMatch(rulePageText(rule.doc.file), /IPG\d|\b[A-Z]\d\d\.\d\b/, `${rule.doc.file} names a pack or a code`);
    }
  });

  test('every shared source is cited', () => {
    assert.ok(SHARED_SOURCES.size >= 5, 'docs/sources.md is read');
    const all = engine.rules.map((r) => rulePageText(r.doc.file)).join('\n');
    for (const key of SHARED_SOURCES.keys()) assert.ok(all.includes(`{{source ${key}}}`), `${key} is cited`);
  });

  const page = (body: string) =>
    `---\ncorrected-by: hand\n---\n\n## Why it matters\n\n${body}\n\n## Example\n\n\`\`\`codingnote\nEpisode: 1\n\`\`\`\n\n## Corrected\n\n\`\`\`codingnote\nEpisode: 2\n\`\`\`\n\nChanged.\n\n## Fixes\n\nNone.\n\n## Sources\n\n- A source.\n`;
  const helpers = { link: (id: string) => `[${id}]`, title: (code: string) => `${code} Title` };

  test('placeholders: values, helpers, nested conditionals, and a paragraph that fills to nothing is left out', () => {
    const text = fillTemplate(
      'x/y',
      page('{{id}} and {{title dx}} and {{link code/unknown}}.\n\n{{#if many}}Several{{#if plural}}s{{/if}}.{{else}}One.{{/if}}\n\n{{#if none}}Gone.{{/if}}'),
      { id: 'P1', dx: 'C78.7', many: true, plural: false, none: '' },
      helpers,
    );
    const doc = parseDoc('x/y', text);
    assert.deepEqual(doc.why, ['P1 and C78.7 Title and [code/unknown].', 'Several.']);
    assert.equal(doc.example, 'Episode: 1\n');
    assert.equal(doc.correction, 'Changed.');
    assert.deepEqual(doc.sources, ['A source.']);
  });

  test('a page file that cannot be read is reported with its path and what is wrong', () => {
    const throwsAbout = (fn: () => unknown, pattern: RegExp) =>
      assert.throws(fn, (e: unknown) => e instanceof DocFileError && /^server\/src\/core\/rules\/x\/y\.md/.test(e.message) && pattern.test(e.message));
    throwsAbout(() => fillTemplate('x/y', page('{{missing}}'), {}, helpers), /no value for \{\{missing\}\}/);
    throwsAbout(() => fillTemplate('x/y', page('{{source nowhere}}'), {}, helpers), /sources\.md has no '## nowhere'/);
    throwsAbout(() => fillTemplate('x/y', page('{{bogus thing}}'), {}, helpers), /unknown placeholder/);
    throwsAbout(() => fillTemplate('x/y', page('{{#if a}}open'), { a: true }, helpers), /not closed/);
    throwsAbout(() => parseDoc('x/y', page('Fine.').replace('corrected-by: hand', 'corrected-by: magic')), /corrected-by is one of/);
    throwsAbout(() => parseDoc('x/y', page('Fine.').replace('## Fixes', '## Remedies')), /unknown section '## Remedies'/);
    throwsAbout(() => parseDoc('x/y', page('Fine.').replace('\n## Sources\n\n- A source.\n', '')), /'## Sources' is missing/);
    throwsAbout(() => parseDoc('x/y', page('Fine.').replace('Changed.', '')), /Corrected/);
  });

  test('a rule whose page file is wrong fails ruleDoc with the file, not a stack of template internals', () => {
    const base = engine.rule('code/duplicate')!;
    const broken = rulePageText(base.doc.file).replace('## Fixes', '## Fixes\n\n{{nothing}}');
    assert.throws(() => ruleDoc(base, engine, broken), /server\/src\/core\/rules\/code\/duplicate\.md: no value for \{\{nothing\}\}/);
  });
});
