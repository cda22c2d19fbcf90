// The fixture runner: every `.codingnote` under test/fixtures (and the shared
// examples when they are present) gives exactly the diagnostics its `# expect:`
// comments announce, and fix-all turns it into its `.fixed.codingnote`.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Engine, CheckSettings } from '../server/src/core/engine';
import { FIX_KINDS } from '../server/src/core/types';
import { listNotes, readExpectations, fixtureSettings } from './helpers/fixtures';

const engine = new Engine();
const ALL_KINDS = { kinds: FIX_KINDS };

/** Every code the note had (as the rules read it, per list) is still there after a default fix-all. */
function assertKeepsCodes(before: string, after: string, settings: CheckSettings, name: string): void {
  const codes = (text: string) => {
    const out = new Set<string>();
    for (const n of engine.check(text, settings).notes) {
      for (const c of n.opcs4) out.add(`${n.episode}|OPCS-4|${c}`);
      for (const c of n.icd10) out.add(`${n.episode}|ICD-10|${c}`);
    }
    return out;
  };
  const kept = codes(after);
  const lost = [...codes(before)].filter((c) => !kept.has(c));
  assert.deepEqual(lost, [], `${name}: the default fix-all removed or replaced codes`);
}
const OWN = resolve('test/fixtures');
const SHARED = resolve('..', 'shared', 'examples');
/** Examples of the amended contract, in the shared examples' conventions. */
const SHARED_NEXT = resolve('..', 'shared', 'design', 'examples-next');

function runFolder(root: string) {
  for (const file of listNotes(root)) {
    const name = relative(root, file);
    test(name, () => {
      const text = readFileSync(file, 'utf8');
      const settings = fixtureSettings(file, root, engine.ruleIds);
      const { findings } = engine.check(text, settings);
      const { expectations, silent } = readExpectations(text);

      // Each expectation's rules, as a multiset, equal what starts on its lines.
      const claimed = new Set<number>();
      for (const exp of expectations) {
        const got = findings
          .filter((f, i) => f.range.start.line >= exp.from && f.range.start.line <= exp.to && (claimed.add(i), true))
          .map((f) => f.rule)
          .sort();
        assert.deepEqual(got, [...exp.rules].sort(), `${name}:${exp.line + 1}: expected ${exp.rules.join(' ')}; got ${got.join(' ') || 'nothing'}`);
      }
      const stray = findings.filter((_, i) => !claimed.has(i));
      assert.deepEqual(
        stray.map((f) => `${f.range.start.line + 1}: ${f.rule}`),
        [],
        `${name}: diagnostics that no expect comment announces`,
      );
      for (const s of silent) {
        for (const rule of s.rules) {
          assert.ok(engine.ruleIds.has(rule), `${name}:${s.line + 1}: '# silent: ${rule}' names an unknown rule`);
          const hit = findings.find((f) => f.rule === rule && f.range.start.line >= s.from && f.range.start.line <= s.to);
          assert.ok(!hit, `${name}:${s.line + 1}: ${rule} must stay silent in this note`);
        }
      }

      // Fix-all as configured by default (no `change` fix) never takes a code away.
      assertKeepsCodes(text, engine.fixAll(text, settings).text, settings, name);

      // The .fixed files hold every preferred fix of every kind (`--fix --fix-type all`).
      const fixedPath = file.replace(/\.codingnote$/, '.fixed.codingnote');
      const fixed = engine.fixAll(text, settings, ALL_KINDS).text;
      if (existsSync(fixedPath)) {
        const want = readFileSync(fixedPath, 'utf8');
        assert.equal(fixed, want, `${name}: fix-all must produce ${relative(root, fixedPath)}`);
        const after = engine.check(want, settings).findings;
        const blocking = after.filter((f) => f.fixes.some((x) => x.preferred));
        assert.deepEqual(
          blocking.map((f) => f.rule),
          [],
          `${name}: the fixed text still has fixable problems`,
        );
        if (root === SHARED || root === SHARED_NEXT)
          assert.deepEqual(
            after.map((f) => f.rule),
            [],
            `${name}: the fixed text must be clean`,
          );
        assert.equal(engine.fixAll(want, settings, ALL_KINDS).text, want, `${name}: fix-all is idempotent`);
      } else {
        assert.equal(fixed, text, `${name}: fix-all changes this file, so it needs a .fixed.codingnote`);
      }
    });
  }
}

describe('own fixtures', () => runFolder(OWN));

describe('shared examples', () => {
  if (!existsSync(SHARED)) {
    test('shared examples', { skip: `no ${SHARED} on this machine` }, () => {});
    return;
  }
  runFolder(SHARED);
});

describe('shared examples of the amended contract', () => {
  if (!existsSync(SHARED_NEXT)) {
    test('shared examples-next', { skip: `no ${SHARED_NEXT} on this machine` }, () => {});
    return;
  }
  runFolder(SHARED_NEXT);
});

test('every rule has a fixture where it fires and one where it stays silent', () => {
  const fires = new Set<string>();
  const silent = new Set<string>();
  for (const file of listNotes(OWN)) {
    const { expectations, silent: s } = readExpectations(readFileSync(file, 'utf8'));
    expectations.forEach((e) => e.rules.forEach((r) => fires.add(r)));
    s.forEach((x) => x.rules.forEach((r) => silent.add(r)));
  }
  const missing = [...engine.ruleIds].filter((id) => !fires.has(id) || !silent.has(id));
  assert.deepEqual(missing, [], 'rules without a firing and a silent fixture under test/fixtures');
});
