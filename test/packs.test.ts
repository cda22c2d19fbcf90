// Guidance packs as data: the schema, workspace packs, and release files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validatePackJson } from '../server/src/node/packs';
import { loadWorkspace } from '../server/src/node/workspace';
import { BUILT_IN_PACKS, GuidancePack } from '../server/src/core/guidance/pack';
import { Engine } from '../server/src/core/engine';
import { Terminology } from '../server/src/core/terminology';
import ipg369 from '../server/src/core/guidance/ipg369.json';
import { LOCAL_PACK } from './helpers/packs';

test('every built-in pack fits the schema', () => {
  assert.equal(BUILT_IN_PACKS.length, 4);
  for (const pack of BUILT_IN_PACKS) assert.deepEqual(validatePackJson(pack).problems, [], pack.id);
});

test('IPG369 keeps exactly the rule ids of the catalogue', () => {
  const ids = new Engine().rules.filter((r) => r.pack?.id === 'IPG369').map((r) => r.id);
  assert.deepEqual(ids.sort(), [
    'ipg369/approach-missing',
    'ipg369/approach-unsupported',
    'ipg369/cryotherapy-code',
    'ipg369/diagnosis-code',
    'ipg369/guidance-not-declared',
    'ipg369/image-control-code',
    'ipg369/image-control-method',
    'ipg369/image-control-none',
    'ipg369/procedure-code',
  ]);
});

test('a pack that does not fit is reported with JSON paths and what was expected', () => {
  const bad = {
    id: 'LOCAL 1',
    title: 'x',
    procedure: 'y',
    source: { url: 'ftp://nowhere' },
    trigger: { allOf: [] },
    approaches: { open: { mainCode: 'J128' }, sideways: { mainCode: 'J03.2' } },
    diagnosis: { code: 'C78.7', extra: true },
    colour: 'red',
  };
  const { pack, problems } = validatePackJson(bad);
  assert.equal(pack, null);
  const has = (re: RegExp) =>
    assert.ok(
      problems.some((p) => re.test(p)),
      `${re} in:\n${problems.join('\n')}`,
    );
  has(/^\$\.id: .*expected the guidance id/);
  has(/^\$\.source\.title: missing; expected the source's title/);
  has(/^\$\.source\.url: .*expected the source's address/);
  has(/^\$\.trigger\.allOf: .*expected a list of word groups/);
  has(/^\$\.approaches\.open\.mainCode: .*expected an OPCS-4 code such as J12\.8/);
  has(/^\$\.approaches\.sideways/);
  has(/^\$\.diagnosis\.extra: unknown property/);
  has(/^\$\.colour: unknown property/);
  // The whole list, in order, as the schema compiled at run time worded it before the validator was generated ahead of time.
  assert.deepEqual(problems, [
    '$.colour: unknown property (not part of a guidance pack)',
    `$.id: must match pattern "^[A-Za-z][A-Za-z0-9-]*$"; expected the guidance id that a note's Guidance line names, e.g. "IPG369" (letters and digits; rule ids become <id in lower case>/<check>)`,
    "$.source.title: missing; expected the source's title",
    `$.source.url: must match pattern "^https?://"; expected the source's address (shown as a link, never fetched)`,
    '$.trigger.allOf: must NOT have fewer than 1 items; expected a list of word groups, e.g. [["cryo*"], ["liver", "hepatic"]]; a trailing * matches the start of a word',
    '$.approaches.sideways: not an approach with a code set (open, percutaneous, laparoscopic, endoscopic)',
    '$.approaches: property name must be valid',
    '$.approaches.open.mainCode: must match pattern "^[A-Z][0-9]{2}\\.[0-9]$"; expected an OPCS-4 code such as J12.8',
    '$.diagnosis.extra: unknown property (not part of a guidance pack)',
  ]);
});

test('the generated pack validator is up to date with the schema (npm run gen:pack-validator)', () => {
  const r = spawnSync(process.execPath, ['scripts/gen-pack-validator.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'ccn-packs-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(root, name), body);
  return root;
}

test('a workspace pack is loaded, checked, and adds its own sentences to messages', () => {
  const pack: GuidancePack = {
    ...LOCAL_PACK,
    messages: { 'method-code': 'Local policy 7 asks for the method code on every open case.' },
  };
  const root = workspace({ 'local7.json': JSON.stringify(pack), '.codingnotes.json': JSON.stringify({ packs: ['local7.json'] }) });
  const ws = loadWorkspace(join(root, '.codingnotes.json'));
  assert.deepEqual(ws.problems, []);
  const note = 'Episode: 1\nGuidance: LOCAL7\nProcedure: Open frosting of liver lesion\nApproach: open\nOPCS-4: J03.2\nICD-10: C78.7';
  const findings = ws.engine.check(note, ws.settings).findings;
  const method = findings.find((f) => f.rule === 'local7/method-code');
  assert.ok(method, findings.map((f) => f.rule).join());
  assert.match(method.message, /Local policy 7 asks/);
  assert.equal(ws.engine.fixAll(note, ws.settings).text, note.replace('OPCS-4: J03.2', 'OPCS-4: J03.2, Y13.2'));
});

test('an invalid workspace pack is reported on its file with the JSON path', () => {
  const root = workspace({
    'bad.json': JSON.stringify({ ...ipg369, id: 'BAD1', approaches: { open: { mainCode: 'J3.2' } } }),
    '.codingnotes.json': JSON.stringify({ packs: ['bad.json'] }),
  });
  const ws = loadWorkspace(join(root, '.codingnotes.json'));
  assert.equal(ws.problems.length, 1);
  assert.equal(ws.problems[0].file, join(root, 'bad.json'));
  assert.match(ws.problems[0].message, /invalid guidance pack: \$\.approaches\.open\.mainCode: .*OPCS-4 code/);
  assert.ok(!ws.engine.pack('BAD1'));
});

// Synthetic release files, made up for these tests: they are not official files.
function syntheticOpcs4(rows: number): string {
  const lines = ['Code\tTitle'];
  // A release holds the pack's codes (J12.8, Y13.2): with a release loaded, a code it lacks is unknown.
  lines.push('J128\tSynthetic title for J12.8', 'Y132\tSynthetic title for Y13.2');
  lines.push(
    'Y532\tApproach to organ under ultrasonic control',
    'Y533\tApproach to organ under computed tomography control (synthetic)',
    'Y537\tApproach to organ under magnetic resonance control (synthetic)',
  );
  for (let i = 0; lines.length <= rows; i++) {
    const letter = String.fromCharCode(65 + (i % 20));
    const n = String(Math.floor(i / 200) % 100).padStart(2, '0');
    lines.push(`${letter}${n}${Math.floor(i / 20) % 10}\tSynthetic procedure ${i}`);
  }
  return lines.slice(0, rows + 1).join('\r\n');
}

test('a release file turns on full code/unknown checking and maps CT and MRI by title words', () => {
  const root = workspace({ 'opcs.txt': syntheticOpcs4(10_000), '.codingnotes.json': JSON.stringify({ classifications: { opcs4: 'opcs.txt' } }) });
  const ws = loadWorkspace(join(root, '.codingnotes.json'));
  assert.deepEqual(ws.problems, []);
  assert.ok(ws.engine.terms.all('opcs4').length >= 9_000, `${ws.engine.terms.all('opcs4').length} codes`);
  assert.equal(ws.engine.terms.imageControlCode('CT'), 'Y53.3');
  assert.equal(ws.engine.terms.imageControlCode('MRI'), 'Y53.7');
  assert.equal(new Terminology().imageControlCode('CT'), null, 'no CT code without a release file');

  const withUnknown =
    'Episode: 1\nGuidance: IPG369\nProcedure: Percutaneous cryotherapy to liver metastases\nApproach: percutaneous\nImage control: CT\nOPCS-4: J12.8, Y13.2, Z99.8\nICD-10: C78.7';
  // Z99.8 has no reading, so it might be the image-control code: code/unknown alone.
  const unknown = ws.engine.check(withUnknown, ws.settings).findings;
  assert.deepEqual(
    unknown.map((f) => f.rule),
    ['code/unknown'],
  );
  assert.equal(unknown[0].message, 'Z99.8 is not an OPCS-4 code in the configured release file.');
  const note = withUnknown.replace(', Z99.8', ', A00.0');
  const findings = ws.engine.check(note, ws.settings).findings;
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['ipg369/image-control-code'],
  );
  const fixed = ws.engine.fixAll(note, ws.settings).text;
  assert.match(fixed, /OPCS-4: J12\.8, Y13\.2, Y53\.3, A00\.0/);
  // The bundled sourced title wins over the release file's for a bundled code; others take the file's.
  assert.equal(ws.engine.terms.lookup('opcs4', 'Y53.3')?.title, 'Approach to organ under computed tomography control (synthetic)');
});

test('a pack applied to every note leaves a note with no field alone', () => {
  const engine = new Engine();
  const r = engine.check('just a line\n---\nsecond', { guidance: ['IPG369'] });
  assert.deepEqual(
    r.findings.map((f) => f.rule),
    ['syntax/invalid-line', 'syntax/invalid-line'],
  );
  assert.deepEqual(
    r.notes.map((n) => n.guidance),
    [[], []],
  );
});

test('a guidance id a letter or two off, or with a space, is named with the one it is close to, and the packs are listed', () => {
  const ids = new Engine().packs.map((p) => p.id);
  const messageFor = (id: string) => {
    const dir = workspace({ '.codingnotes.json': JSON.stringify({ guidance: [id] }) });
    return loadWorkspace(join(dir, '.codingnotes.json')).problems.map((p) => p.message);
  };
  const list = `the packs are ${ids.join(', ')}`;
  assert.deepEqual(messageFor('IPG396'), [`"guidance" names IPG396, which is not a known guidance pack (did you mean "IPG369"? ${list})`]);
  assert.deepEqual(messageFor('IPG 369'), [`"guidance" names IPG 369, which is not a known guidance pack (did you mean "IPG369"? ${list})`]);
  assert.deepEqual(messageFor('NG999999'), [`"guidance" names NG999999, which is not a known guidance pack (${list})`]);
  // Other digits are other guidance, however close: IPG345 is not taken for IPG445.
  assert.deepEqual(messageFor('IPG345'), [`"guidance" names IPG345, which is not a known guidance pack (${list})`]);
});
