import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../server/src/core/parse';
import { fieldEntries } from '../server/src/core/entries';

test('fields, values and items carry their ranges', () => {
  const file = parse('Episode:  E-1  \nOPCS-4:\n\tJ12.8 Title here\n  Y13.2\n');
  const [note] = file.notes;
  assert.equal(note.fields.length, 2);
  const [ep, opcs] = note.fields;
  assert.equal(ep.value, 'E-1');
  assert.deepEqual(ep.valueRange, { start: { line: 0, character: 10 }, end: { line: 0, character: 13 } });
  assert.deepEqual(opcs.nameRange, { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } });
  assert.equal(opcs.items.length, 2);
  assert.equal(opcs.items[0].indent, '\t');
  assert.equal(opcs.lastLine, 3);
  const entries = fieldEntries(opcs, file.table.lines, 'codes');
  assert.deepEqual(
    entries.map((e) => [e.codeText, e.title]),
    [
      ['J12.8', 'Title here'],
      ['Y13.2', null],
    ],
  );
});

test('CRLF, a BOM and a lone CR are line ends; the BOM is outside every range', () => {
  const file = parse('\uFEFFEpisode: A\r\nApproach: open\rComment: x');
  assert.deepEqual(file.table.lines, ['\uFEFFEpisode: A', 'Approach: open', 'Comment: x']);
  assert.equal(file.bom, 1);
  assert.deepEqual(file.notes[0].fields[0].nameRange.start, { line: 0, character: 1 });
  assert.equal(file.notes[0].fields.map((f) => f.name).join(','), 'Episode,Approach,Comment');
});

test('separators split notes; empty notes stay notes', () => {
  const file = parse('# only a comment\n---\n\n----  \nEpisode: B\n---');
  assert.equal(file.notes.length, 4);
  assert.deepEqual(
    file.notes.map((n) => n.startLine),
    [0, 2, 4, 6],
  );
  assert.equal(file.notes[2].fields[0].value, 'B');
});

test('inline commas split only before something code-shaped', () => {
  const file = parse('ICD-10: C22.9 Liver, unspecified, C78.7,C 18.7 Sigmoid colon, C20');
  const entries = fieldEntries(file.notes[0].fields[0], file.table.lines, 'codes');
  assert.deepEqual(
    entries.map((e) => e.text),
    ['C22.9 Liver, unspecified', 'C78.7', 'C 18.7 Sigmoid colon', 'C20'],
  );
  assert.equal(entries[2].codeText, 'C 18.7');
  // Removing an entry takes its separator with it.
  const line = file.table.lines[0];
  const r = entries[1].removeRange;
  assert.equal(line.slice(0, r.start.character) + line.slice(r.end.character), 'ICD-10: C22.9 Liver, unspecified,C 18.7 Sigmoid colon, C20');
});

test('SNOMED CT terms keep their commas', () => {
  const file = parse('SNOMED CT: 94381002 |one, two|, 26782000');
  const entries = fieldEntries(file.notes[0].fields[0], file.table.lines, 'snomed');
  assert.deepEqual(
    entries.map((e) => [e.codeText, e.title]),
    [
      ['94381002', '|one, two|'],
      ['26782000', null],
    ],
  );
});

test('directives: kind, rule ids with ranges, reason', () => {
  const file = parse(
    '# coding-notes-disable-next-line code/title-mismatch, code/sequence -- audit 2026\nOPCS-4: J12.8\n# coding-notes-disable\n#coding-notes-disabled x',
  );
  const [a, b, c] = file.notes[0].comments.map((x) => x.directive);
  assert.equal(a?.kind, 'disable-next-line');
  assert.deepEqual(
    a?.rules.map((r) => r.id),
    ['code/title-mismatch', 'code/sequence'],
  );
  assert.deepEqual(a?.rules[0].range, { start: { line: 0, character: 33 }, end: { line: 0, character: 52 } });
  assert.equal(a?.reason, 'audit 2026');
  assert.equal(b?.kind, 'disable');
  assert.deepEqual(b?.rules, []);
  assert.equal(c, null, 'a longer word is not a directive');
});

test('lines that are no kind are invalid; indented lines before any field are orphans', () => {
  const file = parse('  J12.8\nnot a field\n: no name\nEpisode: x');
  const [note] = file.notes;
  assert.equal(note.orphanItems.length, 1);
  assert.deepEqual(
    note.invalidLines.map((l) => l.line),
    [1, 2],
  );
});

test('a trailing comma in an inline list ends the last entry (a list being typed is not malformed)', () => {
  const file = parse('OPCS-4: J12.8, ');
  const entries = fieldEntries(file.notes[0].fields[0], file.table.lines, 'codes');
  assert.deepEqual(
    entries.map((e) => e.text),
    ['J12.8'],
  );
});
