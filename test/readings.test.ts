// How slips are read and where diagnostics sit (rules.md "One slip, one
// diagnostic", "Where a diagnostic sits", "What fix-all may change"): checks
// that the fixture files cannot state, such as exact ranges, fix kinds, and a
// property over every single-character slip in a field name or its colon.
// PROPERTY_RUNS sets the runs of the property (10,000 in `npm test`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../server/src/core/engine';
import { FIX_KINDS } from '../server/src/core/types';
import { Terminology } from '../server/src/core/terminology';
import type { Finding } from '../server/src/core/types';
import { COMPLETE_PERCUTANEOUS } from './helpers/notes';

const engine = new Engine();
const RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;

const PERCUTANEOUS = COMPLETE_PERCUTANEOUS;

const OPEN_ITEMS = [
  'Episode: 2026-000124',
  'Guidance: IPG369',
  'Procedure: Open cryotherapy to liver metastases',
  'Approach: open',
  'OPCS-4:',
  '  J03.2 Destruction of lesion of liver NEC',
  '  Y13.2 Cryotherapy to lesion of organ NOC',
  'ICD-10: C78.7, C18.7',
  '',
].join('\n');

function at(findings: Finding[], rule: string): Finding {
  const f = findings.find((x) => x.rule === rule);
  assert.ok(f, `${rule} expected; got ${findings.map((x) => x.rule).join(', ') || 'nothing'}`);
  return f;
}

test('the two complete notes are clean', () => {
  assert.deepEqual(engine.check(PERCUTANEOUS).findings, []);
  assert.deepEqual(engine.check(OPEN_ITEMS).findings, []);
});

test('missing codes sit on the name Procedure while the note is typed, never on its free text', () => {
  const text = 'Episode: 1\nProcedure: Percutaneous cryotherapy to liver metastases\nApproach: percutaneous\n';
  const { findings } = engine.check(text);
  for (const rule of ['ipg369/procedure-code', 'ipg369/cryotherapy-code', 'ipg369/image-control-code', 'ipg369/diagnosis-code']) {
    assert.deepEqual(at(findings, rule).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } }, rule);
  }
});

test('missing codes sit on the name of their list when it is there', () => {
  const text = 'Guidance: IPG369\nProcedure: Open cryotherapy\nApproach: open\nOPCS-4: J03.2\nICD-10: C18.7\n';
  const { findings } = engine.check(text);
  assert.deepEqual(at(findings, 'ipg369/cryotherapy-code').range, { start: { line: 3, character: 0 }, end: { line: 3, character: 6 } });
  assert.deepEqual(at(findings, 'ipg369/diagnosis-code').range, { start: { line: 4, character: 0 }, end: { line: 4, character: 6 } });
});

test('a missing approach sits on the name Procedure, or on `not stated`', () => {
  const absent = engine.check('Guidance: IPG369\nProcedure: Cryotherapy to liver metastases\nOPCS-4: J12.8\n').findings;
  assert.deepEqual(at(absent, 'ipg369/approach-missing').range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
  const notStated = engine.check('Guidance: IPG369\nProcedure: Cryotherapy to liver metastases\nApproach: not stated\n').findings;
  assert.deepEqual(at(notStated, 'ipg369/approach-missing').range, { start: { line: 2, character: 10 }, end: { line: 2, character: 20 } });
});

test('a comma is never part of a code: `J12.8, Y` reports the Y alone', () => {
  const text = PERCUTANEOUS.replace('OPCS-4: J12.8, Y13.2, Y53.2', 'OPCS-4: J12.8, Y');
  const { findings } = engine.check(text);
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['code/malformed'],
  );
  assert.deepEqual(findings[0].range, { start: { line: 6, character: 15 }, end: { line: 6, character: 16 } });
});

test('every fix has a kind, and each kind is the one the catalogue gives', () => {
  const kindOf = (text: string, rule: string) =>
    at(engine.check(text).findings, rule)
      .fixes.filter((x) => x.preferred)
      .map((x) => x.kind);
  assert.deepEqual(kindOf(PERCUTANEOUS.replace('J12.8, Y13.2', 'j128, Y13.2'), 'code/malformed'), ['reading']);
  assert.deepEqual(kindOf(PERCUTANEOUS.replace('Image control:', 'Image control'), 'syntax/invalid-line'), ['reading']);
  assert.deepEqual(kindOf(PERCUTANEOUS.replace(', Y13.2', ''), 'ipg369/cryotherapy-code'), ['insert']);
  assert.deepEqual(kindOf(PERCUTANEOUS.replace('Y53.2', 'Y53.2, Y53.2'), 'code/duplicate'), ['layout']);
  assert.deepEqual(kindOf(PERCUTANEOUS.replace('ultrasound', 'fluoroscopy'), 'ipg369/image-control-method'), ['change']);
  assert.deepEqual(kindOf(OPEN_ITEMS.replace('J03.2 Destruction of lesion of liver NEC', 'J12.8'), 'ipg369/procedure-code'), ['change']);
  for (const text of [PERCUTANEOUS, OPEN_ITEMS]) {
    for (const f of engine.check(text.replace('C78.7', 'C22.5').replace('Approach', 'Aproach')).findings) {
      for (const x of f.fixes) assert.ok(FIX_KINDS.includes(x.kind), `${f.rule}: ${x.title} has kind ${x.kind}`);
    }
  }
});

test('default fix-all leaves a change fix for a click; --fix-type all applies it', () => {
  const text = PERCUTANEOUS.replace('ultrasound', 'fluoroscopy');
  const byDefault = engine.fixAll(text);
  assert.equal(byDefault.text, text);
  assert.deepEqual(byDefault.records, []);
  const all = engine.fixAll(text, {}, { kinds: FIX_KINDS });
  assert.ok(all.text.includes('OPCS-4: J12.8, Y13.2, Y53.4'));
  assert.deepEqual(
    all.records.map((r) => [r.rule, r.kind, r.line, r.episode, r.before, r.after]),
    [['ipg369/image-control-method', 'change', 6, '2026-000123', 'OPCS-4: J12.8, Y13.2, Y53.2', 'OPCS-4: J12.8, Y13.2, Y53.4']],
  );
});

test('the record of a fix that adds a line shows the lines around it', () => {
  const text = OPEN_ITEMS.replace('  Y13.2 Cryotherapy to lesion of organ NOC\n', '');
  const { records } = engine.fixAll(text);
  // The new item line goes in at the start of the line after J03.2, which the record shows as its context.
  assert.deepEqual(
    records.map((r) => [r.rule, r.kind, r.line]),
    [['ipg369/cryotherapy-code', 'insert', 6]],
  );
  assert.equal(records[0].before, 'ICD-10: C78.7, C18.7');
  assert.equal(records[0].after, '  Y13.2 Cryotherapy to lesion of organ NOC\nICD-10: C78.7, C18.7');
});

// One character changed in a field name or its colon: dropped, doubled, replaced by a
// look-alike (tab, non-breaking space, a Unicode dash), or the line indented.
const LOOK_ALIKES = ['\t', '\u00a0', '\u2010', '\u2011', '\u2013', '\u2014', '\u2212', ' ', '-', 'x', ':', ';', '.'];
const slip = fc.record({
  note: fc.constantFrom(PERCUTANEOUS, OPEN_ITEMS),
  line: fc.nat(),
  at: fc.nat(),
  how: fc.constantFrom('drop', 'double', 'replace', 'insert', 'indent'),
  ch: fc.constantFrom(...LOOK_ALIKES),
});

function applySlip(s: { note: string; line: number; at: number; how: string; ch: string }): string {
  const lines = s.note.split('\n');
  const fieldLines = lines.map((l, i) => (/^[A-Za-z]/.test(l) ? i : -1)).filter((i) => i >= 0);
  const n = fieldLines[s.line % fieldLines.length];
  const text = lines[n];
  const nameAndColon = text.indexOf(':') + 1;
  const i = s.at % nameAndColon;
  switch (s.how) {
    case 'drop':
      lines[n] = text.slice(0, i) + text.slice(i + 1);
      break;
    case 'double':
      lines[n] = text.slice(0, i) + text[i] + text.slice(i);
      break;
    case 'replace':
      lines[n] = text.slice(0, i) + s.ch + text.slice(i + 1);
      break;
    case 'insert':
      lines[n] = text.slice(0, i) + s.ch + text.slice(i);
      break;
    default:
      lines[n] = '  ' + text;
  }
  return lines.join('\n');
}

/** The well-formed codes written in a text, as a set. */
function writtenCodes(text: string): Set<string> {
  return new Set(text.match(/\b[A-Z]\d{2}\.\d\b/g) ?? []);
}

test('property: a one-character slip in a field name or its colon never makes default fix-all remove or replace a code', () => {
  fc.assert(
    fc.property(slip, (s) => {
      const slipped = applySlip(s);
      const fixed = engine.fixAll(slipped).text;
      const kept = writtenCodes(fixed);
      const lost = [...writtenCodes(slipped)].filter((c) => !kept.has(c));
      assert.deepEqual(lost, [], `codes lost from:\n${JSON.stringify(slipped)}\nfixed:\n${JSON.stringify(fixed)}`);
      for (const r of engine.fixAll(slipped).records) assert.notEqual(r.kind, 'change');
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('the record of a fix on a very long line is an excerpt around the edit', () => {
  const text = `Episode: 1\nOPCS-4: ${'J12.8, '.repeat(2000)}Y13.2\n`;
  const { records } = engine.fixAll(text);
  assert.ok(records.length >= 1999, `${records.length} records`);
  for (const r of records) {
    assert.equal(r.rule, 'code/duplicate');
    // The line is 14,000 characters at first; a record shows at most about 1,000 of it.
    assert.ok(r.before.length <= 1002 && r.after.length <= 1002, 'an excerpt, not the whole line');
    assert.ok(r.before.startsWith('…') || r.before.startsWith('OPCS-4:'));
    assert.equal(r.before.length - r.after.length, 'J12.8, '.length, 'the excerpt shows the repeat removed');
  }
  assert.ok(
    records.some((r) => r.before.startsWith('…') && r.before.length < 200),
    'the first records are excerpts',
  );
});

test('a code in the other list is moved by fix-all only where a table proves it is no code of its own list', () => {
  const note = 'Episode: 1\nOPCS-4: J12.8, C78.7\nICD-10: C18.7\n';
  // Bundled tables only: OPCS-4 lists no category in full, so C78.7 may be an OPCS-4 code. Offered, not applied.
  const bundled = engine.check(note).findings.find((f) => f.rule === 'code/wrong-classification');
  assert.ok(bundled);
  assert.deepEqual(
    bundled.fixes.map((x) => [x.title, x.preferred, x.kind]),
    [['Move C78.7 to ICD-10', false, 'reading']],
  );
  assert.equal(engine.fixAll(note, {}, { kinds: FIX_KINDS }).text, note);
  // With an OPCS-4 release (synthetic, made up for the test) every OPCS-4 category is known in full.
  const release = new Engine({
    terminology: new Terminology({ opcs4: { name: 'synthetic OPCS-4 release', entries: [{ code: 'J12.8', title: 'Synthetic title' }] } }),
  });
  const proven = release.check(note).findings.find((f) => f.rule === 'code/wrong-classification');
  assert.ok(proven?.fixes[0].preferred);
  assert.equal(release.fixAll(note).text, 'Episode: 1\nOPCS-4: J12.8\nICD-10: C18.7, C78.7\n');
});

test('the records of one pass chain: each shows its line with the fixes before it applied', () => {
  const text = 'Episode: 1\nOPCS-4: j128, y132\n';
  const { records, text: fixed } = engine.fixAll(text);
  assert.deepEqual(
    records.map((r) => [r.rule, r.before, r.after]),
    [
      ['code/malformed', 'OPCS-4: j128, y132', 'OPCS-4: J12.8, y132'],
      ['code/malformed', 'OPCS-4: J12.8, y132', 'OPCS-4: J12.8, Y13.2'],
    ],
  );
  // Replaying the records in order gives the fixed text.
  let replay = text;
  for (const r of records) replay = replay.replace(r.before, r.after);
  assert.equal(replay, fixed);
});

test('an ICD-10 code with a fifth character says so, and nothing changes it', () => {
  const engine = new Engine();
  const text = 'Episode: 1\nICD-10: S72.00';
  const findings = engine.check(text).findings.filter((f) => f.rule === 'code/malformed');
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /^`S72\.00` has a fifth character: coding notes and their checks read ICD-10 codes to four characters \(S72\.0\)/);
  assert.deepEqual(findings[0].fixes, []);
  assert.equal(engine.fixAll(text, {}, { kinds: [...FIX_KINDS] }).text, text);
});
