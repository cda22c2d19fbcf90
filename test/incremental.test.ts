// The incremental checker gives what a full check gives, after every edit of
// many random edit sequences: a correctness test, with no timing in it.
// INCREMENTAL_RUNS sets the number of sequences (default 300).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { realNoteTexts } from './helpers/fixtures';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../server/src/core/engine';
import type { CheckSettings } from '../server/src/core/engine';
import { NoteDocument, shiftCompletions, shiftRange } from '../server/src/lsp/line-document';
import { IncrementalDocument, LineChange } from '../server/src/core/incremental';
import { complete } from '../server/src/core/features/completion';
import { hover } from '../server/src/core/features/hover';
import type { Range } from '../server/src/core/types';
import { splitLines } from '../server/src/core/text';
import { shiftFinding } from '../server/src/core/incremental-shift';

const engine = new Engine();
const RUNS = Number(process.env.INCREMENTAL_RUNS ?? process.env.PROPERTY_RUNS ?? 10_000);
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
const ALL_ON: CheckSettings = { rules: Object.fromEntries([...engine.ruleIds].map((id) => [id, 'warning' as const])) };
const SETTINGS: CheckSettings[] = [{}, ALL_ON, { rules: { 'syntax/duplicate-field': 'off' }, guidance: ['IPG369'] }];

// Real notes (fixtures, examples), split at their separators, and note-language lines.
const realNotes = realNoteTexts().flatMap((text) => text.split(/\r?\n---\r?\n/));

const duplicates = [
  'Episode: D-1\nGuidance: IPG369\nProcedure: Percutaneous cryotherapy to liver metastases\nApproach: percutaneous\nApproach: open\nOPCS-4: J12.8, Y13.2, J12.8\nOPCS-4: Y53.2\nICD-10: C78.7, C78.7',
  'Episode: D-2\nImage control: ultrasound\nImage control: ultrasound\nOPCS-4:\n  J12.8\n  Y13.2\n  J12.8\nICD-10: C20',
];
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...realNotes) },
  { weight: 3, arbitrary: fc.constantFrom(...duplicates) },
  { weight: 1, arbitrary: fc.constantFrom('', '# only a comment', '\n\n', 'free text', '  J12.8') },
);
const documentText = fc
  .tuple(
    fc.array(piece, { minLength: 1, maxLength: 12 }),
    fc.constantFrom('\n', '\r\n', '\r\n', '\r', 'mixed'),
    fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 5 }),
    fc.constantFrom('---', '----', '---  '),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([pieces, eol, mix, sep, bom, finalEol]) => {
    // 'mixed': the line endings cycle through `mix`, so a file's dominant ending can be either.
    let n = 0;
    const ending = () => (eol === 'mixed' ? mix[n++ % mix.length] : eol);
    return (bom ? '\uFEFF' : '') + pieces.join(`\n${sep}\n`).replace(/\r?\n/g, ending) + (finalEol ? ending() : '');
  });

// Edits as an editor sends them: ranges anywhere (even past the end), text that
// types, deletes, breaks lines, adds or removes separators, repeats fields.
const insertText = fc.constantFrom(
  '',
  'x',
  '1',
  '.',
  ',',
  ' ',
  ':',
  '-',
  '#',
  '\n',
  '\r\n',
  '\r',
  '\n---\n',
  '---',
  '\uFEFF',
  'Y53.2, ',
  'J12.8',
  '\nOPCS-4: J12.8',
  '\nApproach: open\n',
  '\n  Y13.2',
  'Episode: N-9\nOPCS-4: J03.2\n---\n',
  '# coding-notes-disable-next-line code/duplicate\n',
);
const position = fc.record({ line: fc.integer({ min: -1, max: 90 }), character: fc.integer({ min: 0, max: 60 }) });
const edit = fc.record({
  start: position,
  // Mostly short ranges near the start; sometimes anywhere.
  span: fc.oneof(fc.constant(null), fc.record({ lines: fc.integer({ min: 0, max: 3 }), character: fc.integer({ min: 0, max: 60 }) }), position),
  text: insertText,
  settings: fc.integer({ min: 0, max: 20 }),
});

/** The result, or the kind of error: where the engine throws on a note, the incremental checker throws the same. */
function outcome<T>(run: () => T): { value: T } | { error: string } {
  try {
    return { value: run() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** A change with its positions clamped into the text, as the server gives it to the incremental document. */
function clamp(doc: TextDocument, range: Range): Range {
  return { start: doc.positionAt(doc.offsetAt(range.start)), end: doc.positionAt(doc.offsetAt(range.end)) };
}

function changeOf(e: {
  start: { line: number; character: number };
  span: null | { lines: number; character: number } | { line: number; character: number };
  text: string;
}): LineChange {
  const end = e.span === null ? e.start : 'lines' in e.span ? { line: e.start.line + e.span.lines, character: e.span.character } : e.span;
  return { range: { start: e.start, end }, text: e.text };
}

test('after every edit, the incremental result (per note, shifted) equals engine.check', () => {
  fc.assert(
    fc.property(documentText, fc.array(edit, { minLength: 1, maxLength: 25 }), (text, edits) => {
      let doc = TextDocument.create('file:///t.codingnote', 'coding-note', 1, text);
      const inc = new IncrementalDocument(text);
      let settings = SETTINGS[0];
      assert.deepEqual(
        outcome(() => inc.check(engine, settings)),
        outcome(() => engine.check(text, settings)),
      );
      for (const e of edits) {
        if (e.settings < SETTINGS.length) settings = SETTINGS[e.settings];
        const change = changeOf(e);
        const clamped = { range: clamp(doc, change.range), text: change.text };
        inc.apply(clamped);
        doc = TextDocument.update(doc, [clamped], doc.version + 1);
        assert.equal(inc.text(), doc.getText());
        // TextDocument counts a lone CR joined by an inserted LF as two line
        // breaks; the server then makes the document afresh, as here.
        if (inc.lineCount !== doc.lineCount) doc = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
        assert.equal(inc.lineCount, doc.lineCount);
        assert.deepEqual(
          outcome(() => inc.check(engine, settings)),
          outcome(() => engine.check(doc.getText(), settings)),
        );
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('a note checked alone gives, relative to its first line, what a full check gives it', () => {
  // The notes above change where the note stands, never what it says: no message names a line.
  fc.assert(
    fc.property(documentText, fc.integer({ min: 0, max: 200 }), fc.constantFrom(...SETTINGS), (text, pick, settings) => {
      const full = engine.check(text, settings);
      const table = splitLines(text);
      const seps = table.lines.flatMap((l, i) => (/^-{3,}\s*$/.test(i === 0 ? l.replace(/^\uFEFF/, '') : l) ? [i] : []));
      const k = pick % (seps.length + 1);
      const start = k === 0 ? 0 : seps[k - 1] + 1;
      const end = k < seps.length ? seps[k] - 1 : table.lines.length - 1;
      const alone = engine.checkNote({ lines: table.lines, start, end, bom: text.charCodeAt(0) === 0xfeff ? 1 : 0, eol: table.eol }, settings);
      assert.deepEqual({ ...alone.summary, line: alone.summary.line + start }, full.notes[k]);
      const inNote = full.findings.filter((f) => f.range.start.line >= start && f.range.start.line <= Math.max(start, end));
      assert.deepEqual(
        alone.findings.map((f) => shiftFinding(f, start)),
        inNote,
      );
    }),
    { numRuns: Math.max(100, Math.floor(RUNS / 4)), seed: SEED },
  );
});

test('a repeated field or code points to the first one through related information, not a line number', () => {
  const note = duplicates[0];
  for (const above of ['', 'Episode: A-1\nOPCS-4: J03.2\n---\n', '\n\n\nEpisode: A-2\n---\n']) {
    const text = above + note;
    const offset = above.split('\n').length - 1;
    const findings = engine.check(text).findings.filter((f) => f.rule === 'syntax/duplicate-field' || f.rule === 'code/duplicate');
    assert.deepEqual(
      findings.map((f) => [
        f.rule,
        f.range.start.line - offset,
        f.related?.map((r) => [r.range.start.line - offset, r.range.start.character, r.message]),
        f.message,
      ]),
      [
        [
          'syntax/duplicate-field',
          4,
          [[3, 0, '`Approach` first given here, with another value']],
          '`Approach` is given twice with different values (here and earlier in this note); the note must say one.',
        ],
        ['code/duplicate', 5, [[5, 8, 'J12.8 first listed here']], 'J12.8 is already listed earlier; each code is coded once.'],
        [
          'syntax/duplicate-field',
          6,
          [[5, 0, '`OPCS-4` first given here']],
          '`OPCS-4` is already given earlier in this note; a note has each field once. Merge the two lists.',
        ],
        ['code/duplicate', 7, [[7, 8, 'C78.7 first listed here']], 'C78.7 is already listed earlier; each code is coded once.'],
      ],
    );
  }
});

test('a one-character edit re-checks only the note it is in', () => {
  const notes = Array.from(
    { length: 200 },
    (_, i) => `Episode: E-${i}\nProcedure: Open cryotherapy to liver metastases\nApproach: open\nOPCS-4: J03.2, Y13.2\nICD-10: C78.7`,
  );
  const text = notes.join('\n---\n') + '\n';
  const inc = new IncrementalDocument(text);
  inc.check(engine);
  assert.equal(inc.checkedNotes, 200);
  // Type a character in note 150's OPCS-4 line, then delete it.
  const line = 150 * 6 + 3;
  inc.apply({ range: { start: { line, character: 8 }, end: { line, character: 8 } }, text: 'x' });
  const typed = inc.check(engine);
  assert.equal(inc.checkedNotes, 201);
  assert.ok(typed.findings.some((f) => f.range.start.line === line));
  inc.apply({ range: { start: { line, character: 8 }, end: { line, character: 9 } }, text: '' });
  assert.deepEqual(inc.check(engine), engine.check(text));
  // The note's earlier text came back: its result came from the cache.
  assert.equal(inc.checkedNotes, 201);
  // A new line moves every later note without checking it again.
  inc.apply({ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '# a comment\n' });
  const moved = inc.check(engine);
  assert.equal(inc.checkedNotes, 202);
  assert.deepEqual(moved, engine.check(inc.text()));
});

test('completion and hover on the lines of one note (notesSpan), moved to their place, answer as on the whole text', () => {
  const position = fc.record({ line: fc.nat({ max: 80 }), character: fc.nat({ max: 50 }) });
  fc.assert(
    fc.property(documentText, position, (text, pos) => {
      const doc = NoteDocument.create('file:///n.codingnote', 'coding-note', 1, text);
      const line = Math.min(pos.line, doc.lineCount - 1);
      const p = { line, character: pos.character };
      const note = doc.noteAt(line);
      const at = { line: line - note.first, character: pos.character };
      assert.deepEqual(shiftCompletions(complete(engine, note.text, at, {}, { eol: doc.lines.eol() }), note.first), complete(engine, text, p));
      const answer = hover(engine, note.text, at);
      if (answer?.range) answer.range = shiftRange(answer.range, note.first);
      assert.deepEqual(answer, hover(engine, text, p));
    }),
    { numRuns: Math.max(50, Math.floor(RUNS / 2)), seed: SEED },
  );
});
