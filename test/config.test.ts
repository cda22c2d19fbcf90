import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../server/src/core/config';
import { Engine } from '../server/src/core/engine';
import { findConfig, loadWorkspace } from '../server/src/node/workspace';
import { decodeRelease } from '../server/src/core/release/decode';
import { parseReleaseFile } from '../server/src/core/release';

const ids = new Engine().ruleIds;

test('a valid configuration is read', () => {
  const { config, problems } = parseConfig(
    '{ "rules": { "code/title-mismatch": "off" }, "guidance": ["ipg369"], "classifications": { "opcs4": "a.txt" } }',
    ids,
  );
  assert.deepEqual(problems, []);
  assert.equal(config.rules['code/title-mismatch'], 'off');
  assert.deepEqual(config.guidance, ['IPG369']);
  assert.equal(config.classifications.opcs4, 'a.txt');
});

test('problems name the line and keep the defaults', () => {
  const bad = parseConfig('{\n  "rules": {\n    "code/nope": "error",\n    "code/duplicate": "loud"\n  }\n}', ids);
  assert.deepEqual(
    bad.problems.map((p) => p.line),
    [2, 3],
  );
  assert.match(bad.problems[0].message, /unknown rule "code\/nope"/);
  assert.match(bad.problems[1].message, /severity must be one of/);
  assert.deepEqual(bad.config.rules, {});
  const notJson = parseConfig('{\n  "rules": {,\n}', ids);
  assert.equal(notJson.problems.length, 1);
  assert.match(notJson.problems[0].message, /not valid JSON/);
  assert.equal(notJson.problems[0].line, 1);
  assert.match(parseConfig('[]', ids).problems[0].message, /JSON object/);
  assert.match(parseConfig('{"colour": 1}', ids).problems[0].message, /unknown setting "colour"/);
});

test('a mistyped rule id or setting gets the one close name, and nothing when none or two are close', () => {
  const message = (text: string) => parseConfig(text, ids).problems[0].message;
  assert.match(message('{"rules": {"code/duplicat": "off"}}'), /unknown rule "code\/duplicat" in "rules" \(did you mean "code\/duplicate"\?\)/);
  assert.match(message('{"rules": {"Code/Sequense": "off"}}'), /did you mean "code\/sequence"\?/);
  assert.doesNotMatch(message('{"rules": {"code/nope": "off"}}'), /did you mean/);
  assert.match(message('{"rule": {}}'), /unknown setting "rule" \(did you mean "rules"\? the settings are/);
  assert.doesNotMatch(message('{"colour": 1}'), /did you mean/);
  // Severities: the aliases other linters use, a case or a letter or two off.
  for (const [written, meant] of [
    ['warn', 'warning'],
    ['Error', 'error'],
    ['eror', 'error'],
    ['of', 'off'],
    ['hnit', 'hint'],
    ['informaton', 'information'],
  ]) {
    assert.match(message(`{"rules": {"code/duplicate": "${written}"}}`), new RegExp(`severity must be one of .*\\(did you mean "${meant}"\\?\\)$`), written);
  }
  assert.doesNotMatch(message('{"rules": {"code/duplicate": "loud"}}'), /did you mean/);
  // `on` is a letter from `off` and means the opposite: no suggestion.
  assert.doesNotMatch(message('{"rules": {"code/duplicate": "on"}}'), /did you mean/);
  assert.match(message('{"rules": {"code/duplicate": "info "}}'), /did you mean "information"\?/);
});

test('the nearest .codingnotes.json wins', () => {
  const root = mkdtempSync(join(tmpdir(), 'ccn-config-'));
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  writeFileSync(join(root, '.codingnotes.json'), '{}');
  writeFileSync(join(root, 'a', '.codingnotes.json'), '{}');
  assert.equal(findConfig(join(root, 'a', 'b')), join(root, 'a', '.codingnotes.json'));
  assert.equal(findConfig(root), join(root, '.codingnotes.json'));
});

test('a workspace pack and a release file are loaded; missing files are reported on the config', () => {
  const root = mkdtempSync(join(tmpdir(), 'ccn-ws-'));
  const pack = {
    id: 'LOCAL1',
    title: 'A local test pack',
    procedure: 'test procedure',
    source: { title: 'Test source', url: 'https://example.invalid/local1' },
    trigger: { allOf: [['widget*']] },
    approaches: { open: { mainCode: 'J03.2' } },
    diagnosis: { code: 'C78.7' },
  };
  writeFileSync(join(root, 'pack.json'), JSON.stringify(pack));
  // A synthetic release file (made up for the test; not an official file): no dots, a header, Windows-1252.
  writeFileSync(
    join(root, 'icd.txt'),
    Buffer.from(
      'CODE\tTITLE\nC787\tSecondary malignant neoplasm of liver and intrahepatic bile duct\nC20X\tMalignant neoplasm of rectum\nC799\tTest caf\xe9 title\n',
      'latin1',
    ),
  );
  writeFileSync(
    join(root, '.codingnotes.json'),
    JSON.stringify({ packs: ['pack.json'], rules: { 'local1/diagnosis-code': 'warning' }, classifications: { icd10: 'icd.txt' } }),
  );
  const ws = loadWorkspace(findConfig(root), { trusted: true });
  assert.deepEqual(ws.problems, []);
  assert.ok(ws.engine.ruleIds.has('local1/procedure-code'));
  assert.equal(ws.engine.terms.lookup('icd10', 'C79.9')?.title, 'Test café title');
  const r = ws.engine.check('Episode: 1\nProcedure: widget repair\nApproach: open\nOPCS-4: J03.2\nICD-10: C79.9', ws.settings);
  assert.deepEqual(
    r.findings.map((f) => [f.rule, f.severity]),
    [
      ['local1/guidance-not-declared', 'hint'],
      ['local1/diagnosis-code', 'warning'],
    ],
  );
  // An unknown code may be the one the pack asks for: code/unknown alone, no missing-code warning on top.
  const unknown = ws.engine.check('Episode: 1\nProcedure: widget repair\nApproach: open\nOPCS-4: J03.2\nICD-10: C20, C99.1', ws.settings);
  assert.deepEqual(
    unknown.findings.map((f) => f.rule),
    ['local1/guidance-not-declared', 'code/unknown'],
    'with a release file every ICD-10 code is checked (C99.1; C20 is in the release)',
  );
  // The release decides which codes exist: C78.6 is in the bundled table, not in this release.
  const retired = ws.engine.check('Episode: 1\nProcedure: widget repair\nApproach: open\nOPCS-4: J03.2\nICD-10: C78.6', ws.settings);
  assert.deepEqual(
    retired.findings.map((f) => f.rule),
    ['local1/guidance-not-declared', 'code/unknown'],
    'a bundled code the release lacks is unknown',
  );

  const untrusted = loadWorkspace(findConfig(root), { trusted: false });
  assert.ok(!untrusted.engine.ruleIds.has('local1/procedure-code'), 'no workspace packs in an untrusted workspace');

  writeFileSync(join(root, '.codingnotes.json'), JSON.stringify({ packs: ['missing.json'], classifications: { opcs4: 'nope.txt' } }));
  const broken = loadWorkspace(join(root, '.codingnotes.json'));
  assert.equal(broken.problems.length, 2);
  assert.match(broken.problems[0].message, /cannot load guidance pack missing\.json \(no such file\)/);
  assert.match(broken.problems[1].message, /cannot read the OPCS-4 release file/);
});

test('release files: header, dots optional, bad rows reported', () => {
  const r = parseReleaseFile('code\ttitle\nJ128\tA\nJ12.7\tB\nJ12\tcategory heading\nrubbish\n', 'opcs4');
  assert.deepEqual(r.entries, [
    { code: 'J12.8', title: 'A' },
    { code: 'J12.7', title: 'B' },
  ]);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0].line, 4);
  assert.equal(decodeRelease(Buffer.from([0x63, 0x61, 0x66, 0xe9])).text, 'café');
});
