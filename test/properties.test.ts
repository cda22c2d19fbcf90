// Properties that hold for every input: the parser and the rules never throw,
// ranges stay inside the document, fix-all reaches a fixpoint and keeps every
// comment and free-text field byte for byte, and the CLI's JSON stays valid.
// Inputs: notes built from the language's pieces, mutated real notes, raw strings,
// long runs of one character anywhere in a line, and a field repeated hundreds of times.
// PROPERTY_RUNS sets the runs per property (10,000 in `npm test`; `npm run fuzz` runs 10^6).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { realNoteTexts } from './helpers/fixtures';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../server/src/core/engine';
import { parse, fieldName as readFieldLineName } from '../server/src/core/parse';
import { splitLines } from '../server/src/core/text';
import type { Range } from '../server/src/core/types';
import { DEFAULT_FIX_KINDS, FIX_KINDS } from '../server/src/core/types';
import { runCheck } from '../server/src/cli/check';
import { parseArgs } from '../server/src/cli/args';

const engine = new Engine();
const RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
const params = { numRuns: RUNS, seed: SEED };
// Every rule on, and IPG369 applied to every note as a workspace's `guidance` would.
const ALL_ON = { rules: Object.fromEntries([...engine.ruleIds].map((id) => [id, 'warning' as const])), guidance: ['IPG369'] };

// Lines built from the note language's own pieces reach the deep paths; raw strings the odd ones.
const fieldName = fc.constantFrom(
  'Episode',
  'Guidance',
  'Procedure',
  'Approach',
  'Image control',
  'Diagnosis',
  'OPCS-4',
  'ICD-10',
  'SNOMED CT',
  'Comment',
  'Aproach',
  'OPCS',
  'icd',
  'imaging',
  'Surgeon',
  'approach',
  'image CONTROL',
  'Coment',
  'Procedur',
);
const code = fc.constantFrom(
  'J12.8',
  'J03.2',
  'J12.7',
  'J12.4',
  'J08.3',
  'Y13.2',
  'Y13.7',
  'Y12.3',
  'Y53.2',
  'Y53.4',
  'Y53.9',
  'Y53.-',
  'Y53',
  'Y68',
  'Y68.1',
  'C78.7',
  'C787',
  'j128',
  'J 12.8',
  'J12-8',
  'C18',
  'C18.7',
  'C20',
  'C22.5',
  'X99.9',
  'Z99.9',
  '94381002',
  '255580003',
  '',
  'J1',
  'Y532',
);
const title = fc.constantFrom(
  '',
  ' Cryotherapy to lesion of organ NOC',
  ' Approach to organ under ultrasonic control',
  ' Secondary malignant neoplasm of liver',
  ' wrong title, with comma',
  ' |term|',
);
const value = fc.constantFrom(
  'open',
  'percutaneous',
  'perc',
  'laparoscopic',
  'not stated',
  'ultrasound',
  'ultrasond',
  'CT',
  'none',
  'IPG369',
  'ipg369, IPG999',
  'IPG406',
  'Percutaneous cryotherapy to liver metastases',
  'Open cryo of hepatic mets',
  'microwave ablation of liver',
  'cryotherapy and microwave of liver',
  '943 476 5919',
  '',
  'sideways',
);
const entry = fc.tuple(code, title).map(([c, t]) => c + t);
const line = fc.oneof(
  fc.tuple(fieldName, value).map(([n, v]) => `${n}: ${v}`),
  fc.tuple(fieldName, fc.array(entry, { maxLength: 4 })).map(([n, es]) => `${n}: ${es.join(', ')}`),
  fc.tuple(fc.constantFrom('  ', '\t', '    '), entry).map(([i, e]) => i + e),
  fc.constantFrom(
    '# a comment',
    '  # indented comment',
    '# coding-notes-disable-next-line ipg369/image-control-method -- why',
    '# coding-notes-disable code/title-mismatch',
    '# coding-notes-disable',
    '---',
    '',
    '   ',
    'free text line',
    '\uFEFFEpisode: x',
    'Comment: keep me, J12.8',
  ),
  fc.string({ maxLength: 30 }),
  fc.fullUnicodeString({ maxLength: 12 }),
  fc.string16bits({ maxLength: 12 }),
);
const noteText = fc
  .tuple(fc.array(line, { maxLength: 24 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([lines, eol, finalEol]) => lines.join(eol) + (finalEol ? eol : ''));

// Real notes, mutated: characters inserted, deleted or replaced, lines duplicated or dropped.
const realNotes = realNoteTexts();
const mutation = fc.oneof(
  fc.tuple(fc.constant('insert' as const), fc.nat(), fc.string16bits({ minLength: 1, maxLength: 4 })),
  fc.tuple(fc.constant('delete' as const), fc.nat(), fc.integer({ min: 1, max: 6 })),
  fc.tuple(fc.constant('replace' as const), fc.nat(), fc.constantFrom(':', ',', '-', '.', ' ', '\n', '\r\n', '\t', '#', '|', '\0', '\uD800', 'Y', '5', 'x')),
  fc.tuple(fc.constant('dupline' as const), fc.nat(), fc.constant('')),
);
const mutatedNote = fc.tuple(fc.constantFrom(...realNotes), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([text, muts]) => {
  let t = text;
  for (const [kind, at, arg] of muts) {
    const i = t.length ? at % (t.length + 1) : 0;
    if (kind === 'insert') t = t.slice(0, i) + arg + t.slice(i);
    else if (kind === 'delete') t = t.slice(0, i) + t.slice(i + (arg as number));
    else if (kind === 'replace') t = t.slice(0, i) + arg + t.slice(i + 1);
    else {
      const lines = t.split('\n');
      const k = at % lines.length;
      lines.splice(k, 0, lines[k]);
      t = lines.join('\n');
    }
  }
  return t;
});
// Long runs of one character anywhere in a line (the shapes that made the parser quadratic), and
// one field line repeated many times (repeated fields were merged in quadratic time).
const runChar = fc.constantFrom(' ', '\t', ',', ':', '-', '.', '#', '|', '\u00a0', '\u2028', 'a', 'J', '1');
const withRun = fc.tuple(line, runChar, fc.integer({ min: 1, max: 3000 }), fc.nat()).map(([l, c, n, at]) => {
  const i = at % (l.length + 1);
  return l.slice(0, i) + c.repeat(n) + l.slice(i);
});
const repeatedFields = fc
  .tuple(fc.array(line, { maxLength: 4 }), line, fc.integer({ min: 2, max: 300 }), fc.array(line, { maxLength: 4 }))
  .map(([before, field, n, after]) => [...before, ...Array<string>(n).fill(field), ...after].join('\n'));
const longText = fc.oneof(
  fc.array(fc.oneof(line, withRun), { maxLength: 8 }).map((ls) => ls.join('\n')),
  repeatedFields,
);
const anyText = fc.oneof(
  noteText,
  mutatedNote,
  fc.string({ maxLength: 200 }),
  fc.fullUnicodeString({ maxLength: 80 }),
  fc.string16bits({ maxLength: 80 }),
  longText,
);
const fixableText = fc.oneof(noteText, mutatedNote, longText);

function inside(lines: readonly string[], r: Range): boolean {
  const ok = (p: Range['start']) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

/** Every comment line, exactly as written, in order. */
function commentLines(text: string): string[] {
  const file = parse(text);
  return file.notes.flatMap((n) => n.comments.map((c) => file.table.lines[c.line]));
}

/** The values of the free-text fields (Episode, Procedure, Diagnosis, Comment), as the rules read them, in order. */
function freeText(text: string): string[] {
  return engine
    .read(text)
    .notes.flatMap((n) => (n.reading ? n.reading.fields.filter((f) => f.spec?.freeText).map((f) => `${f.spec!.name}=${f.field.value}`) : []));
}

test('the parser never throws and covers every line', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      const file = parse(text);
      assert.equal(file.table.lines.length, splitLines(text).lines.length);
      for (const n of file.notes) assert.ok(n.startLine <= n.endLine + 1);
    }),
    params,
  );
});

test('the field-line reader reads exactly what the regular expression it replaced read', () => {
  const FIELD = /^([A-Za-z][A-Za-z0-9 _-]*?)[ \t]*:(.*)$/;
  const text = fc.oneof(
    fc.stringOf(fc.constantFrom('A', 'z', '0', ' ', '\t', '_', '-', ':', ',', '.', '\u00a0', '\u2028', '\u2029', '\u2011', '#'), { maxLength: 24 }),
    fc.string({ maxLength: 24 }),
    line,
  );
  fc.assert(
    fc.property(text, (t) => assert.equal(readFieldLineName(t), FIELD.exec(t)?.[1] ?? null)),
    params,
  );
});

test('checking never throws, and every diagnostic and edit lies inside the document', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      const { findings } = engine.check(text, ALL_ON);
      const { lines } = splitLines(text);
      for (const f of findings) {
        assert.ok(inside(lines, f.range), `${f.rule} range outside the document`);
        for (const fix of f.fixes) for (const e of fix.edits) assert.ok(inside(lines, e.range), `${f.rule} fix edit outside the document`);
      }
    }),
    params,
  );
});

test('fix-all is idempotent and keeps comments and free-text fields byte for byte', () => {
  fc.assert(
    fc.property(fixableText, (text) => {
      // By default (no `change`) and with every kind, as `--fix-type all` applies them.
      for (const kinds of [DEFAULT_FIX_KINDS, FIX_KINDS]) {
        const once = engine.fixAll(text, ALL_ON, { kinds }).text;
        assert.equal(engine.fixAll(once, ALL_ON, { kinds }).text, once, 'fixing the fixed text changes it again');
        assert.deepEqual(commentLines(once), commentLines(text), 'a fix changed a comment');
        assert.deepEqual(freeText(once), freeText(text), 'a fix changed a free-text field');
        const left = engine.check(once, ALL_ON).findings.filter((f) => f.fixes.some((x) => x.preferred && kinds.includes(x.kind)));
        assert.deepEqual(
          left.map((f) => f.rule),
          [],
          `a preferred fix of the kinds ${kinds.join(', ')} is left after fix-all`,
        );
      }
    }),
    params,
  );
});

test("the CLI's JSON report stays valid and complete for any file", () => {
  const dir = mkdtempSync(join(tmpdir(), 'ccn-prop-'));
  const file = join(dir, 'n.codingnote');
  const options = parseArgs(['check', '--format', 'json', file]);
  assert.ok(options.kind === 'check', 'parsed as a check command');
  fc.assert(
    fc.property(anyText, (text) => {
      writeFileSync(file, text);
      let out = '';
      const status = runCheck(options.options, {
        cwd: dir,
        version: '0',
        docsFolder: dir,
        stdout: (t) => (out += typeof t === 'string' ? t : Buffer.from(t).toString('utf8')),
        stderr: () => {},
        stderrIsTerminal: false,
      });
      if (status === 2) return; // not UTF-8 after writing (lone surrogates): reported, not checked
      const report = JSON.parse(out);
      assert.equal(report.version, 1);
      assert.equal(report.files.length, 1);
      const expected = engine.check(text.replace(/^\uFEFF/, ''));
      assert.equal(report.files[0].diagnostics.length, expected.findings.length);
      assert.equal(report.files[0].notes.length, expected.notes.length);
      assert.equal(report.summary.notes, expected.notes.length);
    }),
    { ...params, numRuns: Math.min(RUNS, Number(process.env.CLI_PROPERTY_RUNS ?? RUNS)) },
  );
});

test('very large and odd inputs: a 1 MB line, 100,000 lines, NUL bytes, lone surrogates', () => {
  const inputs = [
    'Comment: ' + 'x'.repeat(1_000_000),
    'OPCS-4: ' + 'J12.8, '.repeat(150_000),
    Array.from({ length: 100_000 }, (_, i) => (i % 9 === 0 ? '---' : i % 3 === 0 ? 'OPCS-4: J12.8, Y13.2' : `Episode: ${i}`)).join('\n'),
    'Episode: a\0b\nOPCS-4: J12.8\0, \0Y13.2\n\0',
    'Procedure: \uD800 cryo liver \uDFFF\nOPCS-4: \uD83D\uDE00, J12.8 \uDC00',
  ];
  for (const text of inputs) {
    const { findings } = engine.check(text, ALL_ON);
    const { lines } = splitLines(text);
    for (const f of findings) assert.ok(inside(lines, f.range), f.rule);
    const fixed = engine.fixAll(text).text;
    assert.equal(engine.fixAll(fixed).text, fixed);
  }
});
