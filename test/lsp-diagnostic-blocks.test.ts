// The language server's diagnostics kept per block of notes (lsp/checked.ts):
// after every change of random change sequences (characters typed and removed,
// lines and separators added and removed, so notes move, join and split and the
// number of blocks changes), the published pieces joined are the JSON of the
// whole document's diagnostics from a full check, the items and the counts
// agree with it, and an unchanged document gives the same list again. A
// correctness test, with no timing in it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../server/src/core/engine';
import type { Severity } from '../server/src/core/types';
import { CheckedDocuments } from '../server/src/lsp/checked';
import { NoteDocument } from '../server/src/lsp/line-document';
import { toDiagnostic, sameDiagnostics } from '../server/src/lsp/diagnostics';
import type { DiagnosticList } from '../server/src/lsp/diagnostics';
import { makeCorpus } from '../bench/corpus';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);
const SEED = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined;
const URI = 'file:///blocks.codingnote';

/** The list's pieces as one JSON array text. */
function joined(list: DiagnosticList): string {
  return '[' + list.json.map((piece) => Buffer.from(piece).toString('utf8')).join(',') + ']';
}

// An edit at a line picked by a fraction of the line count: a character typed or removed, a line or separator added, lines removed.
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  column: fc.nat({ max: 12 }),
  kind: fc.constantFrom('type', 'remove', 'line', 'separator', 'join', 'drop-lines'),
  span: fc.integer({ min: 1, max: 40 }),
  text: fc.constantFrom('x', '9', ',', ' ', 'J12.8'),
});

test('diagnostics kept per block of notes equal a full check after random edits', () => {
  const engine = new Engine();
  // 120 notes: several blocks, findings of many rules.
  const base = makeCorpus(120).text;
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
      const checked = new CheckedDocuments();
      let document = NoteDocument.create(URI, 'coding-note', 1, base);
      let version = 1;
      let previous: DiagnosticList | null = null;
      for (const e of edits) {
        const line = Math.floor(e.at * document.lineCount);
        const lineText = document.lines.lineAt(line);
        const character = Math.min(e.column, lineText.length);
        const start = { line, character };
        let change: { range: { start: typeof start; end: typeof start }; text: string };
        if (e.kind === 'type') change = { range: { start, end: start }, text: e.text };
        else if (e.kind === 'remove') change = { range: { start, end: { line, character: Math.min(lineText.length, character + 1) } }, text: '' };
        else if (e.kind === 'line') change = { range: { start, end: start }, text: '\n' };
        else if (e.kind === 'separator') change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '---\n' };
        else if (e.kind === 'join')
          change = { range: { start: { line, character: 0 }, end: { line: Math.min(document.lineCount - 1, line + 1), character: 0 } }, text: '' };
        else change = { range: { start: { line, character: 0 }, end: { line: Math.min(document.lineCount - 1, line + e.span), character: 0 } }, text: '' };
        document = document.update([change], ++version);

        const got = checked.diagnose(document, engine, {}, URI);
        const full = engine.check(document.getText(), {}).findings;
        const expected = full.map((f) => toDiagnostic(f, URI));
        assert.equal(joined(got.list), JSON.stringify(expected));
        assert.equal(got.list.count, expected.length);
        assert.equal(JSON.stringify(got.list.items), JSON.stringify(expected));
        const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
        for (const f of full) counts[f.severity]++;
        assert.deepEqual(got.counts, counts);
        assert.equal(got.notes, document.lines.noteCount);
        // Asked again with no change: the same list, so a publication compares nothing.
        assert.equal(checked.diagnose(document, engine, {}, URI).list, got.list);
        // Lists said to be the same say the same bytes.
        if (previous && sameDiagnostics(previous, got.list)) assert.equal(joined(previous), joined(got.list));
        previous = got.list;
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
});

test('an edit inside one note encodes only its block again: the other pieces are the same buffers', () => {
  const engine = new Engine();
  const corpus = makeCorpus(200);
  const checked = new CheckedDocuments();
  let document = NoteDocument.create(URI, 'coding-note', 1, corpus.text);
  const before = checked.diagnose(document, engine, {}, URI).list;
  // A character typed in the middle of a line of the last note: no line moves.
  const line = document.lineCount - 2;
  document = document.update([{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }], 2);
  const after = checked.diagnose(document, engine, {}, URI).list;
  assert.ok(before.json.length > 3, 'the corpus has findings in several blocks');
  let shared = 0;
  for (const piece of after.json) if (before.json.includes(piece)) shared++;
  assert.ok(shared >= after.json.length - 1, `${shared} of ${after.json.length} pieces reused`);
  assert.equal(joined(after), JSON.stringify(engine.check(document.getText(), {}).findings.map((f) => toDiagnostic(f, URI))));
});
