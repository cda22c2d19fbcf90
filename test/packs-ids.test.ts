// Pack ids (issue 16): a workspace pack never replaces a built-in pack, and
// the rules of a pack live only under its own id.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_PACKS, CORE_RULE_FAMILIES, GuidancePack, mergePacks, packIdProblems } from '../server/src/core/guidance/pack';
import { PACK_CHECK_MODULES, PACK_CHECK_NAMES } from '../server/src/core/rules/pack';
import { Engine } from '../server/src/core/engine';
import { loadWorkspace } from '../server/src/node/workspace';
import ipg369 from '../server/src/core/guidance/ipg369.json';
import { LOCAL_PACK as LOCAL } from './helpers/packs';

const COPY = { ...(ipg369 as GuidancePack), source: { title: 'Our own rules (test)', url: 'https://example.invalid/ours' } };
const NOTE = 'Episode: 1\nGuidance: IPG369\nProcedure: Open cryotherapy of liver metastases\nApproach: open\nOPCS-4: J12.8\nICD-10: C78.7';

test('a workspace pack with a built-in id, in any case, is refused and the built-in pack stays', () => {
  for (const id of ['IPG369', 'ipg369', 'Ipg369']) {
    const engine = new Engine({ packs: [{ ...COPY, id }] });
    assert.deepEqual(
      engine.refusedPacks.map((r) => [r.index, r.problems]),
      [[0, ['pack id IPG369 is built in; give your pack its own id']]],
    );
    assert.equal(engine.pack('ipg369'), BUILT_IN_PACKS[0], 'the built-in pack, not the copy');
    assert.equal(engine.packs.length, BUILT_IN_PACKS.length);
    assert.equal(engine.rules.filter((r) => r.id === 'ipg369/procedure-code').length, 1);
    // Its messages still cite NICE, as the built-in pack's do.
    const finding = engine.check(NOTE).findings.find((f) => f.rule === 'ipg369/procedure-code');
    assert.ok(finding, 'the built-in check runs');
    assert.doesNotMatch(JSON.stringify(engine.packs), /Our own rules/);
  }
});

test('a pack cannot add a rule to a family of the other rules: no second code/malformed', () => {
  for (const family of CORE_RULE_FAMILIES) {
    const pack = { ...LOCAL, id: family, methodCode: { check: 'malformed', name: 'cryotherapy' } };
    const engine = new Engine({ packs: [pack] });
    assert.deepEqual(engine.refusedPacks[0]?.problems, [
      `pack id ${family.toUpperCase()} is the family of the built-in rules ${family}/…; give your pack its own id`,
    ]);
    assert.equal(engine.rules.filter((r) => r.id.startsWith(`${family}/`) && r.pack).length, 0);
  }
  assert.equal(
    new Engine({ packs: [{ ...LOCAL, id: 'CODE', methodCode: { check: 'malformed', name: 'x' } }] }).rules.filter((r) => r.id === 'code/malformed').length,
    1,
  );
});

test("a pack's own checks are single words, distinct, and not a check that packs have already", () => {
  const cases: [GuidancePack, string][] = [
    [
      { ...LOCAL, methodCode: { check: 'x/malformed', name: 'n' } },
      'check id "x/malformed" is not a check id (lower-case letters, digits and hyphens, no "/")',
    ],
    [
      { ...LOCAL, methodCode: { check: 'procedure-code', name: 'n' } },
      'check id "procedure-code" is a check that packs have already; give the check its own id',
    ],
    [
      { ...LOCAL, diagnosis: { code: 'C78.7', primary: { categories: ['C18'], check: 'method-code', name: 'colon primary' } } },
      'check id "method-code" is given twice; give each check its own id',
    ],
    [{ ...LOCAL, id: 'code/x' }, 'pack id "code/x" is not a pack id (a letter, then letters, digits and hyphens)'],
  ];
  for (const [pack, problem] of cases) {
    assert.deepEqual(packIdProblems(pack, BUILT_IN_PACKS, PACK_CHECK_NAMES), [problem]);
    const engine = new Engine({ packs: [pack] });
    assert.deepEqual(
      engine.refusedPacks.map((r) => r.problems),
      [[problem]],
    );
    assert.ok(!engine.rules.some((r) => r.pack === pack));
  }
});

test('of two workspace packs with one id, the first is used and the second refused', () => {
  const second = { ...LOCAL, id: 'local7', title: 'Another' };
  const { packs, refused } = mergePacks([LOCAL, second]);
  assert.equal(packs[packs.length - 1], LOCAL);
  assert.deepEqual(
    refused.map((r) => [r.index, r.problems]),
    [[1, ['pack id LOCAL7 is already the id of another workspace pack; give each pack its own id']]],
  );
});

test('a pack with its own id is used, and every rule id is unique and under its family', () => {
  const engine = new Engine({ packs: [LOCAL] });
  assert.deepEqual(engine.refusedPacks, []);
  assert.equal(engine.pack('local7'), LOCAL);
  const ids = engine.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const rule of engine.rules) {
    const family = rule.id.slice(0, rule.id.indexOf('/'));
    if (rule.pack) assert.equal(family, rule.pack.id.toLowerCase(), rule.id);
    else assert.ok(CORE_RULE_FAMILIES.includes(family), `${rule.id}: its family is in CORE_RULE_FAMILIES`);
  }
});

test('PACK_CHECK_NAMES, from the modules of rules/pack/, are the checks that a pack does not name itself', () => {
  const fixed = new Set<string>();
  for (const pack of BUILT_IN_PACKS) {
    const own = [pack.methodCode?.check, pack.diagnosis?.primary?.check].filter(Boolean);
    const checks = new Engine().rules.filter((r) => r.pack === pack).map((r) => r.id.slice(pack.id.length + 1));
    for (const c of checks) if (!own.includes(c)) fixed.add(c);
    assert.deepEqual(packIdProblems(pack, []), [`pack id ${pack.id} is built in; give your pack its own id`]);
  }
  assert.deepEqual([...fixed].sort(), [...PACK_CHECK_NAMES].sort());
  // A module's fixed name is the name it gives every pack it applies to.
  for (const m of PACK_CHECK_MODULES) for (const pack of BUILT_IN_PACKS) if (m.fixedName) assert.ok([null, m.fixedName].includes(m.name(pack)), m.fixedName);
});

test('a workspace pack file with a built-in id: the built-in pack stays', () => {
  const root = mkdtempSync(join(tmpdir(), 'ccn-pack-ids-'));
  try {
    writeFileSync(join(root, 'mine.json'), JSON.stringify({ ...COPY, id: 'ipg369' }));
    writeFileSync(join(root, '.codingnotes.json'), JSON.stringify({ packs: ['mine.json'] }));
    const ws = loadWorkspace(join(root, '.codingnotes.json'));
    assert.equal(ws.engine.pack('IPG369'), BUILT_IN_PACKS[0]);
    assert.deepEqual(
      ws.engine.refusedPacks.map((r) => r.problems),
      [['pack id IPG369 is built in; give your pack its own id']],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a workspace pack file with a built-in id is reported on the pack file', () => {
  const root = mkdtempSync(join(tmpdir(), 'ccn-pack-ids-'));
  try {
    writeFileSync(join(root, 'mine.json'), JSON.stringify({ ...COPY, id: 'ipg369' }));
    writeFileSync(join(root, '.codingnotes.json'), JSON.stringify({ packs: ['mine.json'] }));
    const ws = loadWorkspace(join(root, '.codingnotes.json'));
    const problem = ws.problems.find((p) => p.file === join(root, 'mine.json'));
    assert.ok(problem, JSON.stringify(ws.problems));
    assert.match(problem.message, /pack id IPG369 is built in; give your pack its own id/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
