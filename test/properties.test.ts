// Properties that hold for every input: the parser and the rules never throw,
// ranges stay inside the document, fix-all reaches a fixpoint and keeps every
// comment and free-text field byte for byte.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../server/src/core/engine';
import { parse } from '../server/src/core/parse';
import { splitLines } from '../server/src/core/text';
import type { Range } from '../server/src/core/types';

const engine = new Engine();
const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);
const ALL_ON = { rules: Object.fromEntries([...engine.ruleIds].map((id) => [id, 'warning' as const])) };

// Lines built from the note language's own pieces reach the deep paths; raw strings the odd ones.
const fieldName = fc.constantFrom('Episode', 'Guidance', 'Procedure', 'Approach', 'Image control', 'Diagnosis', 'OPCS-4', 'ICD-10', 'SNOMED CT', 'Comment', 'Aproach', 'OPCS', 'icd', 'imaging', 'Surgeon', 'approach', 'image CONTROL');
const code = fc.constantFrom('J12.8', 'J03.2', 'Y13.2', 'Y53.2', 'Y53.4', 'Y53.9', 'Y53.-', 'Y53', 'Y68', 'Y68.1', 'C78.7', 'C787', 'j128', 'J 12.8', 'J12-8', 'C18', 'C18.7', 'C20', 'C22.5', 'X99.9', 'Z99.9', '94381002', '255580003', '', 'J1');
const title = fc.constantFrom('', ' Cryotherapy to lesion of organ NOC', ' Approach to organ under ultrasonic control', ' Secondary malignant neoplasm of liver', ' wrong title, with comma', ' |term|');
const value = fc.constantFrom('open', 'percutaneous', 'perc', 'laparoscopic', 'not stated', 'ultrasound', 'ultrasond', 'CT', 'none', 'IPG369', 'ipg369, IPG999', 'Percutaneous cryotherapy to liver metastases', 'Open cryo of hepatic mets', '943 476 5919', '', 'sideways');
const entry = fc.tuple(code, title).map(([c, t]) => c + t);
const line = fc.oneof(
  fc.tuple(fieldName, value).map(([n, v]) => `${n}: ${v}`),
  fc.tuple(fieldName, fc.array(entry, { maxLength: 4 })).map(([n, es]) => `${n}: ${es.join(', ')}`),
  fc.tuple(fc.constantFrom('  ', '\t', '    '), entry).map(([i, e]) => i + e),
  fc.constantFrom('# a comment', '# coding-notes-disable-next-line ipg369/image-control-method -- why', '# coding-notes-disable code/title-mismatch', '# coding-notes-disable', '---', '', '   ', 'free text line', '\uFEFFEpisode: x', 'Comment: keep me, J12.8'),
  fc.string({ maxLength: 30 }),
  fc.fullUnicodeString({ maxLength: 12 }),
);
const noteText = fc.tuple(fc.array(line, { maxLength: 24 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean()).map(
  ([lines, eol, finalEol]) => lines.join(eol) + (finalEol ? eol : ''),
);
const anyText = fc.oneof(noteText, fc.string({ maxLength: 200 }), fc.fullUnicodeString({ maxLength: 80 }));

function inside(text: string, r: Range): boolean {
  const { lines } = splitLines(text);
  const ok = (p: Range['start']) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  return ok(r.start) && ok(r.end) && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
}

/** Comment lines and Comment-field lines, in order: what fixes must never change. */
function protectedLines(text: string): string[] {
  const file = parse(text);
  const out: string[] = [];
  for (const note of file.notes) {
    const lines = [...note.comments.map((c) => ({ line: c.line, text: file.table.lines[c.line] }))];
    for (const f of note.fields) if (/^comment$/i.test(f.name.trim())) lines.push({ line: f.line, text: file.table.lines[f.line] });
    lines.sort((a, b) => a.line - b.line).forEach((l) => out.push(l.text.trim()));
  }
  return out;
}

test('the parser never throws and covers every line', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      const file = parse(text);
      assert.equal(file.table.lines.length, splitLines(text).lines.length);
      for (const n of file.notes) assert.ok(n.startLine <= n.endLine + 1);
    }),
    { numRuns: RUNS },
  );
});

test('checking never throws, and every diagnostic and edit lies inside the document', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      const { findings } = engine.check(text, ALL_ON);
      for (const f of findings) {
        assert.ok(inside(text, f.range), `${f.rule} range outside the document`);
        for (const fix of f.fixes) for (const e of fix.edits) assert.ok(inside(text, e.range), `${f.rule} fix edit outside the document`);
      }
    }),
    { numRuns: RUNS },
  );
});

test('fix-all is idempotent and keeps comments and Comment fields', () => {
  fc.assert(
    fc.property(noteText, (text) => {
      const once = engine.fixAll(text).text;
      assert.equal(engine.fixAll(once).text, once, 'fixing the fixed text changes it again');
      assert.deepEqual(protectedLines(once), protectedLines(text), 'a fix changed a comment or a Comment field');
    }),
    { numRuns: RUNS },
  );
});

test('a fixed text has no preferred fix left', () => {
  fc.assert(
    fc.property(noteText, (text) => {
      const fixed = engine.fixAll(text).text;
      const left = engine.check(fixed).findings.filter((f) => f.fixes.some((x) => x.preferred));
      assert.deepEqual(left.map((f) => f.rule), []);
    }),
    { numRuns: RUNS },
  );
});
