// The language server's note document (lsp/line-document.ts), kept as lines
// and updated change by change, reads as vscode-languageserver-textdocument's
// TextDocument does after every change of random change sequences: text,
// ranges, positions, offsets, line count; and the note at a line is the
// note's own lines. A correctness test, with no timing in it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { realNoteTexts } from './helpers/fixtures';
import { Engine } from '../server/src/core/engine';
import { complete } from '../server/src/core/features/completion';
import { hover } from '../server/src/core/features/hover';
import { inlayHints } from '../server/src/core/features/inlay';
import { NoteDocument, shiftCompletions, shiftRange, textLength } from '../server/src/lsp/line-document';
import { codeActions } from '../server/src/lsp/actions';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2_000);
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;

// Pieces that make line breaks of every kind (a lone CR next to an LF included), separators, BOMs and surrogates.
const piece = fc.constantFrom('', 'a', 'Episode: A-1', '---', '\n', '\r\n', '\r', '\n---\n', '\uFEFF', '😀', 'OPCS-4: J12.8', '  ', '\r\r\n');
const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
// Positions may fall outside the text (past a line's end, past the last line, negative): both read them clamped.
const position = fc.record({ line: fc.integer({ min: -1, max: 14 }), character: fc.integer({ min: -1, max: 20 }) });
const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

function sameReading(ours: NoteDocument, theirs: TextDocument, probes: { line: number; character: number }[]): void {
  assert.equal(ours.getText(), theirs.getText());
  assert.equal(ours.lineCount, theirs.lineCount);
  assert.equal(ours.length, theirs.getText().length);
  assert.equal(textLength(ours), theirs.getText().length);
  for (const p of probes) {
    assert.equal(ours.offsetAt(p), theirs.offsetAt(p), `offsetAt ${JSON.stringify(p)}`);
    const offset = p.line * 7 + p.character;
    assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `positionAt ${offset}`);
  }
  for (let i = 0; i + 1 < probes.length; i += 2) {
    const range = { start: probes[i], end: probes[i + 1] };
    assert.equal(ours.getText(range), theirs.getText(range), `getText ${JSON.stringify(range)}`);
  }
}

test('a note document reads as TextDocument does after every change', () => {
  fc.assert(
    fc.property(text, fc.array(fc.tuple(change, fc.array(position, { maxLength: 6 })), { maxLength: 10 }), (initial, steps) => {
      let ours = NoteDocument.create('file:///a.codingnote', 'coding-note', 1, initial);
      let theirs = TextDocument.create('file:///a.codingnote', 'coding-note', 1, initial);
      sameReading(ours, theirs, []);
      let version = 1;
      for (const [c, probes] of steps) {
        version++;
        // Both given the change as the client sent it (TextDocuments passes the same object to both).
        ours = ours.update([c], version);
        // TextDocument's kept line offsets go wrong for a position past the text (it keeps the line as
        // given) and count a lone CR joined by an inserted LF as two line breaks: it gets the change
        // with its positions clamped, as the server gave it before, and is made afresh from its text.
        const fresh = TextDocument.create(theirs.uri, theirs.languageId, version - 1, theirs.getText());
        const clamp = (p: { line: number; character: number }) => fresh.positionAt(fresh.offsetAt(p));
        const given = 'range' in c ? { range: { start: clamp(c.range.start), end: clamp(c.range.end) }, text: c.text } : c;
        theirs = TextDocument.update(fresh, [given], version);
        theirs = TextDocument.create(theirs.uri, theirs.languageId, version, theirs.getText());
        assert.equal(ours.version, version);
        sameReading(ours, theirs, probes);
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('several changes in one notification apply in order', () => {
  const start = 'Episode: A-1\nOPCS-4: J12.8\n---\nEpisode: A-2\n';
  let ours = NoteDocument.create('file:///a.codingnote', 'coding-note', 1, start);
  let theirs = TextDocument.create('file:///a.codingnote', 'coding-note', 1, start);
  const changes: TextDocumentContentChangeEvent[] = [
    { range: { start: { line: 1, character: 8 }, end: { line: 1, character: 13 } }, text: 'Y13.2' },
    { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'Procedure: x\r\n' },
    { range: { start: { line: 0, character: 0 }, end: { line: 2, character: 3 } }, text: '' },
  ];
  ours = ours.update(changes, 2);
  theirs = TextDocument.update(theirs, changes, 2);
  assert.equal(ours.getText(), '\nProcedure: x\r\nEpisode: A-2\n');
  assert.equal(ours.getText(), theirs.getText());
  assert.equal(ours.lineCount, theirs.lineCount);
});

test('the note at a line is its lines from its opening separator to its closing one', () => {
  const doc = NoteDocument.create(
    'file:///a.codingnote',
    'coding-note',
    1,
    'Episode: A-1\r\nOPCS-4: J12.8\r\n---\r\nEpisode: A-2\nICD-10: C20\n---\nEpisode: A-3',
  );
  assert.deepEqual(doc.noteAt(0), { text: 'Episode: A-1\r\nOPCS-4: J12.8\r\n---', first: 0 });
  assert.deepEqual(doc.noteAt(1), { text: 'Episode: A-1\r\nOPCS-4: J12.8\r\n---', first: 0 });
  // A separator line goes with the note below it.
  assert.deepEqual(doc.noteAt(2), { text: '---\r\nEpisode: A-2\nICD-10: C20\n---', first: 2 });
  assert.deepEqual(doc.noteAt(4), { text: '---\r\nEpisode: A-2\nICD-10: C20\n---', first: 2 });
  assert.deepEqual(doc.noteAt(6), { text: '---\nEpisode: A-3', first: 5 });
});

test('a version read after a newer one arrived answers with its own text where that text was made, and says so where it was not', () => {
  const first = NoteDocument.create('file:///a.codingnote', 'coding-note', 1, 'Episode: A-1\n');
  const second = first.update([{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 12 } }, text: 'B-2' }], 2);
  // The opened text is kept with its version.
  assert.equal(first.getText(), 'Episode: A-1\n');
  assert.equal(second.getText(), 'Episode: B-2\n');
  const third = second.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'x' }], 3);
  assert.equal(second.getText(), 'Episode: B-2\n'); // made before the change
  const fourth = third.update([{ text: 'Episode: C-3' }], 4);
  assert.throws(() => third.getText(), /version 3 of file:\/\/\/a.codingnote was read after a newer version replaced it/);
  assert.equal(fourth.getText(), 'Episode: C-3');
});

test('completion, hover and inlay hints on the notes at a position, moved to their place, answer as on the whole text', () => {
  const engine = new Engine();
  const files = realNoteTexts();
  // Each file alone, and files one after another in one document (notes far from the first line).
  const texts = [...files.slice(0, 12), files.slice(0, 20).join('\n---\n'), files.slice(20, 40).join('\r\n---\r\n')];
  let compared = 0;
  for (const text of texts) {
    const doc = NoteDocument.create('file:///a.codingnote', 'coding-note', 1, text);
    for (let line = 0; line < doc.lineCount; line++) {
      const length = doc.lines.lineAt(line).length;
      for (const character of new Set([0, Math.floor(length / 2), Math.max(0, length - 1), length])) {
        const position = { line, character };
        const note = doc.noteAt(line);
        const at = { line: line - note.first, character };
        assert.deepEqual(shiftCompletions(complete(engine, note.text, at), note.first), complete(engine, text, position), `completion at ${line}:${character}`);
        // Inlay hints of a range from this line on: the notes it covers, read alone and moved back.
        const range = { start: position, end: { line: Math.min(doc.lineCount - 1, line + 9), character: 0 } };
        const notes = doc.notesAt(range.start.line, range.end.line);
        const shifted = { start: { line: range.start.line - notes.first, character }, end: { line: range.end.line - notes.first, character: 0 } };
        const hints = inlayHints(engine, notes.text, {}, shifted).map((x) => ({
          ...x,
          position: { line: x.position.line + notes.first, character: x.position.character },
        }));
        assert.deepEqual(hints, inlayHints(engine, text, {}, range), `inlay hints from ${line}`);
        const h = hover(engine, note.text, at);
        if (h?.range) h.range = shiftRange(h.range, note.first);
        assert.deepEqual(h, hover(engine, text, position), `hover at ${line}:${character}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 200);
});

test('"Disable … for this line" is ended like the line it goes above, in a note document and in a plain TextDocument alike', () => {
  const engine = new Engine();
  // Mostly CRLF, but the OPCS-4 line of the second note ends with LF.
  const text = 'Episode: A\r\nOPCS-4: J12.8\r\n---\r\nEpisode: B\r\nGuidance: IPG369\r\nApproach: open\r\nOPCS-4: J12.8, Y13.2\nICD-10: C78.7\r\n';
  const uri = 'file:///d.codingnote';
  const edits = [NoteDocument.create(uri, 'coding-note', 1, text), TextDocument.create(uri, 'coding-note', 1, text)].map((document) => {
    const diagnostics = engine
      .check(text)
      .findings.filter((f) => f.range.start.line === 6)
      .map((f) => ({ range: f.range, message: f.message, code: f.rule, source: 'coding-notes' }));
    assert.ok(diagnostics.length > 0, 'the test needs a finding on line 6');
    const actions = codeActions(engine, {}, document, {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics: diagnostics.slice(0, 1) },
    });
    const disable = actions.find((a) => a.title.startsWith('Disable '))!;
    return disable.edit!.changes![uri];
  });
  assert.deepEqual(edits[0], edits[1]);
  assert.match(edits[0][0].newText, /^# coding-notes-disable-next-line \S+\n$/);
});

test('no "Disable … for this line" on a directive\'s own warning: it sits on a comment, which a directive above would not cover', () => {
  const engine = new Engine();
  const text = 'Episode: A\n# coding-notes-disable-nextline code/duplicate\nICD-10: C78.7, C78.7\n';
  const uri = 'file:///w.codingnote';
  const diagnostics = engine
    .check(text)
    .findings.filter((f) => f.rule === 'syntax/invalid-directive')
    .map((f) => ({ range: f.range, message: f.message, code: f.rule, source: 'coding-notes' }));
  assert.equal(diagnostics.length, 1);
  const actions = codeActions(engine, {}, NoteDocument.create(uri, 'coding-note', 1, text), {
    textDocument: { uri },
    range: diagnostics[0].range,
    context: { diagnostics },
  });
  assert.deepEqual(actions, []);
});
