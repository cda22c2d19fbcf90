// The editor features as pure core functions: outline symbols, folding,
// formatting, inlay titles, document links and note templates.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Engine } from '../server/src/core/engine';
import { parse } from '../server/src/core/parse';
import { applyEdits, splitLines } from '../server/src/core/text';
import { documentSymbols } from '../server/src/core/features/symbols';
import { foldingRanges } from '../server/src/core/features/folding';
import { formatDocument, formatRange, formatText } from '../server/src/core/features/format';
import { inlayHints } from '../server/src/core/features/inlay';
import { documentLinks } from '../server/src/core/features/links';
import { noteTemplates, templateSnippet, templateText } from '../server/src/core/features/templates';
import { complete } from '../server/src/core/features/completion';
import type { GuidancePack } from '../server/src/core/guidance/pack';
import type { Range } from '../server/src/core/types';

const engine = new Engine();
const EXAMPLE = readFileSync('examples/liver-list.codingnote', 'utf8');
const PACK = engine.pack('IPG369')!;

function textAt(text: string, r: Range): string {
  const { lines } = splitLines(text);
  assert.equal(r.start.line, r.end.line, 'a one-line range');
  return lines[r.start.line].slice(r.start.character, r.end.character);
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

// ---- Document symbols ------------------------------------------------------

describe('document symbols', () => {
  test('one symbol per note, named by its Episode, with its fields as children', () => {
    const symbols = documentSymbols(EXAMPLE);
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['LIV-0471', 'LIV-0472', 'LIV-0473', 'LIV-0474', 'LIV-0475'],
    );
    const first = symbols[0];
    assert.equal(first.detail, 'Percutaneous cryoablation of two colorectal liver metastases');
    assert.deepEqual(
      first.children!.map((c) => c.name),
      ['Episode', 'Guidance', 'Procedure', 'Approach', 'Image control', 'Diagnosis', 'OPCS-4', 'ICD-10', 'Comment'],
    );
    const opcs = first.children!.find((c) => c.name === 'OPCS-4')!;
    assert.deepEqual(
      opcs.children!.map((c) => c.name),
      ['J12.8', 'Y13.2', 'Y53.2'],
    );
    // The selection is the Episode's value; every range nests in its parent's.
    assert.equal(textAt(EXAMPLE, first.selectionRange), 'LIV-0471');
    for (const s of symbols) {
      assert.ok(contains(s.range, s.selectionRange));
      for (const c of s.children ?? []) {
        assert.ok(contains(s.range, c.range), `${c.name} inside ${s.name}`);
        assert.ok(contains(c.range, c.selectionRange));
        for (const g of c.children ?? []) assert.ok(contains(c.range, g.range));
      }
    }
  });

  test('an item list is a field whose children are its items, and the note range covers them', () => {
    const second = documentSymbols(EXAMPLE)[1];
    const opcs = second.children!.find((c) => c.name === 'OPCS-4')!;
    assert.deepEqual(
      opcs.children!.map((c) => [c.name, c.detail]),
      [
        ['J03.2', 'Destruction of lesion of liver NEC'],
        ['Y13.2', 'Cryotherapy to lesion of organ NOC'],
      ],
    );
    assert.equal(opcs.range.end.line - opcs.range.start.line, 2);
  });

  test('"Note N" without an Episode; empty notes have no symbol; names keep a misspelt field as written', () => {
    const text = ['# only a comment', '---', 'Aproach: open', 'image CONTROL: none', '---', '', '---', 'Episode: E-9'].join('\n');
    const symbols = documentSymbols(text);
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['Note 2', 'E-9'],
    );
    assert.deepEqual(
      symbols[0].children!.map((c) => c.name),
      ['Aproach', 'Image control'],
    );
    assert.equal(symbols[0].range.start.line, 2);
    assert.equal(symbols[0].range.end.line, 3);
  });

  test('the outline of a 10,000-note file: every note, in order, with its fields', () => {
    const count = 10_000;
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      parts.push(
        [
          `Episode: E-${i}`,
          'Guidance: IPG369',
          'Procedure: Percutaneous cryotherapy to liver metastases',
          'Approach: percutaneous',
          'OPCS-4: J12.8, Y13.2, Y53.9',
          'ICD-10: C78.7',
        ].join('\n'),
      );
    }
    const text = parts.join('\n---\n') + '\n';
    const symbols = documentSymbols(text);
    assert.equal(symbols.length, count);
    for (let i = 0; i < count; i++) {
      const s = symbols[i];
      assert.equal(s.name, `E-${i}`);
      assert.equal(s.range.start.line, i * 7);
      assert.equal(s.range.end.line, i * 7 + 5);
      assert.equal(s.children!.length, 6);
      assert.equal(s.children![4].children!.length, 3);
    }
  });
});

// ---- Folding ---------------------------------------------------------------

describe('folding ranges', () => {
  test('each note, each item list and each comment block of two or more lines', () => {
    const ranges = foldingRanges(EXAMPLE);
    const notes = ranges.filter((r) => r.kind === 'region').map((r) => [r.startLine, r.endLine]);
    assert.deepEqual(notes, [
      [0, 12],
      [14, 21],
      [23, 30],
      [32, 39],
      [41, 46],
    ]);
    // The item list of LIV-0472: OPCS-4 and its two items.
    assert.ok(ranges.some((r) => r.startLine === 18 && r.endLine === 20 && r.kind === undefined));
    // The three-line comment at the top starts the first note, so only the note folds there.
    assert.equal(ranges.filter((r) => r.startLine === 0).length, 1);
  });

  test('a comment block inside a note folds as a comment; a one-line note does not fold', () => {
    const text = ['Episode: E-1', '# first', '# second', 'OPCS-4: J12.8', '---', 'Episode: E-2'].join('\n');
    const ranges = foldingRanges(text);
    assert.deepEqual(ranges, [
      { startLine: 0, endLine: 3, kind: 'region' },
      { startLine: 1, endLine: 2, kind: 'comment' },
    ]);
  });
});

// ---- Formatting ------------------------------------------------------------

describe('formatting', () => {
  const MESSY = [
    '# A comment   with  odd  spacing ',
    'episode :  E-1  with   spaces  ',
    'GUIDANCE:ipg369 , ipg445',
    'procedure:Percutaneous   cryotherapy,  liver',
    'APPROACH :PERCUTANEOUS',
    'image   control: Ultrasound',
    'opcs-4:j12.8,y13.2 ,  Y53.2',
    'ICD-10:',
    '\tc78.7   Secondary  malignant neoplasm of liver and intrahepatic bile duct',
    '    C18.7',
    '  # an indented comment',
    '     c20',
    'comment:   Segment   VI. ',
    '---',
    'Aproach:   open',
    'Foo  :  bar   baz',
  ].join('\n');

  const FORMATTED = [
    '# A comment   with  odd  spacing ',
    'Episode: E-1  with   spaces  ',
    'Guidance: IPG369, IPG445',
    'Procedure: Percutaneous   cryotherapy,  liver',
    'Approach: percutaneous',
    'Image control: ultrasound',
    'OPCS-4: J12.8, Y13.2, Y53.2',
    'ICD-10:',
    '\tC78.7 Secondary malignant neoplasm of liver and intrahepatic bile duct',
    '\tC18.7',
    '  # an indented comment',
    '\tC20',
    'Comment: Segment   VI. ',
    '---',
    'Aproach: open',
    'Foo: bar   baz',
  ].join('\n');

  test('canonical names and spacing, upper-case codes, ", " between entries, one indentation per list', () => {
    assert.equal(formatText(MESSY), FORMATTED);
  });

  test('formatting twice is formatting once, and formatted text has no edit', () => {
    assert.equal(formatText(FORMATTED), FORMATTED);
    assert.deepEqual(formatDocument(FORMATTED), []);
  });

  test('line ends and a byte order mark stay as they are', () => {
    const crlf = '\uFEFF' + MESSY.split('\n').join('\r\n') + '\r\n';
    assert.equal(formatText(crlf), '\uFEFF' + FORMATTED.split('\n').join('\r\n') + '\r\n');
  });

  test('a title comma that formatting would turn into a new entry leaves the list as written', () => {
    // Folding "A  12" to "A 12" would make a code-shaped entry after the comma.
    const text = 'ICD-10: c22.9 Malignant neoplasm of liver, A  12 words';
    assert.equal(formatText(text), 'ICD-10: c22.9 Malignant neoplasm of liver, A  12 words');
    const item = 'OPCS-4:\n  j  12.8';
    assert.equal(formatText(formatText(item)), formatText(item));
  });

  test('range formatting touches only the lines in the range', () => {
    const edits = formatRange(MESSY, { start: { line: 6, character: 3 }, end: { line: 9, character: 0 } });
    const lines = new Set(edits.map((e) => e.range.start.line));
    assert.deepEqual(
      [...lines].sort((a, b) => a - b),
      [6, 8],
    );
    const out = applyEdits(MESSY, edits).split('\n');
    const before = MESSY.split('\n');
    assert.equal(out[6], 'OPCS-4: J12.8, Y13.2, Y53.2');
    assert.equal(out[8], FORMATTED.split('\n')[8]);
    for (const i of [0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15]) assert.equal(out[i], before[i], `line ${i} untouched`);
  });

  // Random notes: every kind of line, written carelessly.
  const name = fc.constantFrom(
    'Episode',
    'episode',
    'GUIDANCE',
    'Procedure',
    'approach',
    'Image  control',
    'Diagnosis',
    'opcs-4',
    'ICD-10',
    'snomed ct',
    'Comment',
    'Aproach',
    'OPCS4',
    'Foo',
  );
  const gap = fc.constantFrom('', ' ', '  ', '\t');
  const value = fc.constantFrom(
    '',
    'E-1',
    'open',
    'PERCUTANEOUS',
    'ultrasound',
    'ct',
    'ipg369',
    'IPG369 , x',
    'j12.8,y13.2',
    'J12.8 , Y13.2  ,y53.-',
    'C78.7 Secondary  malignant neoplasm of liver, C18.7',
    'C22.9 Malignant neoplasm of liver, unspecified, c78.7',
    'free   text, with  commas ',
    'A  12 x, b 34',
    '1234567 |term, with comma|',
  );
  const field = fc.tuple(name, gap, gap, value, gap).map(([n, a, b, v, t]) => `${n}${a}:${b}${v}${t}`);
  const item = fc
    .tuple(
      fc.constantFrom(' ', '  ', '\t', '    '),
      fc.constantFrom('j128', 'J12.8 Title  here', 'y13.2  Cryotherapy  to lesion', 'c78.7', 'x', 'j  12.8', 'A 12, 3'),
      gap,
    )
    .map(([i, t, g]) => `${i}${t}${g}`);
  const comment = fc.constantFrom('# comment  kept ', '  #indented  comment', '# coding-notes-disable code/sequence -- why  not');
  const other = fc.constantFrom('', '   ', '---', '----  ', 'not a field', '\uD83D\uDE00 text');
  const line = fc.oneof(field, field, item, item, comment, other);
  const eol = fc.constantFrom('\n', '\r\n');
  const doc = fc.tuple(fc.array(line, { maxLength: 25 }), eol).map(([ls, e]) => ls.join(e));

  test('property: idempotent, keeps every line, every comment and every free-text value byte for byte', () => {
    fc.assert(
      fc.property(doc, (text) => {
        const once = formatText(text);
        assert.equal(formatText(once), once, 'formatting twice equals once');
        const before = parse(text);
        const after = parse(once);
        assert.equal(after.table.lines.length, before.table.lines.length, 'no line added or removed');
        assert.equal(after.notes.length, before.notes.length, 'notes kept, in order');
        for (let i = 0; i < before.notes.length; i++) {
          const b = before.notes[i];
          const a = after.notes[i];
          assert.deepEqual(
            a.comments.map((c) => before.table.lines[c.line]),
            b.comments.map((c) => before.table.lines[c.line]),
          );
          assert.deepEqual(
            a.comments.map((c) => after.table.lines[c.line]),
            b.comments.map((c) => before.table.lines[c.line]),
            'comment lines byte for byte',
          );
          assert.equal(a.fields.length, b.fields.length);
          b.fields.forEach((f, j) => {
            const g = a.fields[j];
            assert.equal(g.line, f.line, 'fields stay on their lines');
            if (f.value && /^(episode|procedure|diagnosis|comment|aproach|opcs4|foo)$/i.test(f.name.replace(/\s+/g, ' '))) {
              assert.equal(
                after.table.lines[g.line].slice(g.valueRange.start.character),
                before.table.lines[f.line].slice(f.valueRange.start.character),
                'free text byte for byte',
              );
            }
          });
        }
        // Lines that are no field or item are not touched at all.
        const touched = new Set(before.notes.flatMap((n) => n.fields.flatMap((f) => [f.line, ...f.items.map((it) => it.line)])));
        before.table.lines.forEach((l, i) => {
          if (!touched.has(i)) assert.equal(after.table.lines[i], l, `line ${i} untouched`);
        });
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 10_000), seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined },
    );
  });
});

// ---- Inlay hints -----------------------------------------------------------

describe('inlay hints', () => {
  test('the title after every code written without one, at the end of the code', () => {
    const text = [
      'Approach: percutaneous',
      'Image control: ultrasound',
      'OPCS-4: J12.8, Y13.2 Cryotherapy to lesion of organ NOC, Y53.2',
      'ICD-10: C78.7',
    ].join('\n');
    const hints = inlayHints(engine, text);
    assert.deepEqual(
      hints.map((h) => [h.position.line, h.position.character, h.label]),
      [
        [2, 13, engine.terms.lookup('opcs4', 'J12.8')!.insertTitle],
        [2, 62, engine.terms.lookup('opcs4', 'Y53.2')!.insertTitle],
        [3, 13, engine.terms.lookup('icd10', 'C78.7')!.insertTitle],
      ],
    );
    assert.ok(hints.every((h) => h.paddingLeft === true));
  });

  test('no title for a slip, an open category or a code the tables lack', () => {
    const text = ['Approach: percutaneous', 'OPCS-4: j128, Y53.-, J99.9', 'ICD-10: C787'].join('\n');
    assert.deepEqual(inlayHints(engine, text), []);
  });

  test('only hints inside the asked range', () => {
    const hints = inlayHints(engine, EXAMPLE, {}, { start: { line: 29, character: 0 }, end: { line: 30, character: 0 } });
    assert.ok(hints.length > 0);
    assert.ok(hints.every((h) => h.position.line >= 29 && h.position.line <= 30));
    assert.ok(inlayHints(engine, EXAMPLE).length > hints.length);
  });
});

// ---- Document links --------------------------------------------------------

describe('document links', () => {
  const docsUrl = (id: string) => `file:///docs/rules/${id}.md`;

  test('a guidance id links to its guidance page, a rule id in a directive to its docs page', () => {
    const text = ['Guidance: ipg369, IPG999', '# coding-notes-disable-next-line code/sequence, no/such-rule -- audit', 'OPCS-4: Y13.2, J12.8'].join('\n');
    const links = documentLinks(engine, text, { docsUrl });
    assert.deepEqual(
      links.map((l) => [textAt(text, l.range), l.target]),
      [
        ['ipg369', PACK.source.url],
        ['code/sequence', 'file:///docs/rules/code/sequence.md'],
      ],
    );
  });

  test('without a docs location, only guidance links', () => {
    const text = '# coding-notes-disable code/sequence\nGuidance: IPG369';
    assert.deepEqual(
      documentLinks(engine, text).map((l) => l.target),
      [PACK.source.url],
    );
  });
});

// ---- Note templates --------------------------------------------------------

describe('note templates', () => {
  test('IPG369 has an open and a percutaneous template whose defaults check clean', () => {
    const ipg = noteTemplates(engine).filter((t) => t.pack.id === 'IPG369');
    assert.deepEqual(
      ipg.map((t) => t.approach),
      ['open', 'percutaneous'],
    );
    for (const t of noteTemplates(engine)) {
      const text = templateText(t);
      assert.deepEqual(
        engine.check(text).findings.map((f) => f.rule),
        [],
        `${t.label}:\n${text}`,
      );
    }
  });

  test('the codes come from the pack data, the image-control codes from the tables', () => {
    const [open, perc] = noteTemplates(engine).filter((t) => t.pack.id === 'IPG369');
    assert.match(templateText(open), new RegExp(`^OPCS-4: ${PACK.approaches.open!.mainCode}, Y13\\.2$`, 'm'));
    assert.doesNotMatch(templateText(open), /Image control/);
    const snippet = templateSnippet(perc);
    assert.match(snippet, /^Episode: \$\{1:[^}]+\}$/m);
    assert.match(snippet, /^Image control: \$\{3\|ultrasound,fluoroscopy,not stated,CT,MRI,x-ray,other\|\}$/m);
    assert.match(snippet, /^OPCS-4: J12\.8, Y13\.2, \$\{4\|Y53\.2,Y53\.4,Y53\.9\|\}$/m);
    assert.match(snippet, /^ICD-10: C78\.7\$0$/m);

    // A pack of another shape gives other notes: nothing is written into the templates.
    const other: GuidancePack = {
      id: 'TEST1',
      title: 'Test pack',
      procedure: 'thermal ablation',
      source: { title: 'A test source', url: 'https://example.org/test1' },
      trigger: { allOf: [['thermal']] },
      approaches: { open: { mainCode: 'J03.2', procedureWords: ['open'] } },
      methodCode: { code: 'Y13.7', check: 'method-code', name: 'method' },
    };
    const custom = noteTemplates(new Engine({ packs: [other] })).find((t) => t.pack.id === 'TEST1')!;
    assert.equal(
      templateText(custom),
      ['Episode: episode reference', 'Guidance: TEST1', 'Procedure: Open thermal ablation', 'Approach: open', 'OPCS-4: J03.2, Y13.7', 'ICD-10: '].join('\n'),
    );
  });

  test('completion at the start of an empty note offers the templates as snippets, and not in a note with fields', () => {
    const text = '# list\nEpisode: E-1\n---\n# new note\n\n';
    const list = complete(engine, text, { line: 4, character: 0 });
    const snippets = list.items.filter((i) => i.insertTextFormat === 2);
    assert.ok(snippets.some((i) => i.label === 'IPG369 note: percutaneous'));
    assert.ok(snippets.some((i) => i.label === 'IPG369 note: open'));
    const perc = snippets.find((i) => i.label === 'IPG369 note: percutaneous')!;
    assert.equal((perc.textEdit as any).newText, templateSnippet(noteTemplates(engine).find((t) => t.label === perc.label)!));
    // Field names are still offered, after the templates.
    assert.ok(list.items.some((i) => i.label === 'Episode'));
    assert.ok(perc.sortText! < list.items.find((i) => i.label === 'Episode')!.sortText!);

    const inNote = complete(engine, 'Episode: E-1\n\n', { line: 1, character: 0 });
    assert.equal(inNote.items.filter((i) => i.insertTextFormat === 2).length, 0);
  });

  test('for a client without snippets there are no templates, and nothing is a snippet', () => {
    const text = '# list\nEpisode: E-1\n---\n# new note\n\n';
    const list = complete(engine, text, { line: 4, character: 0 }, {}, { snippets: false });
    assert.deepEqual(
      list.items.filter((i) => i.label.startsWith('IPG369 note: ')).map((i) => i.label),
      [],
    );
    assert.ok(list.items.length > 0, 'field names are still offered');
    for (const item of list.items) {
      assert.notEqual(item.insertTextFormat, 2, `${item.label} is no snippet`);
      const newText = (item.textEdit as any)?.newText ?? item.insertText ?? item.label;
      assert.doesNotMatch(newText, /\$(?:\d|\{)/, `${item.label} has no placeholder`);
    }
  });

  test('typing a word at the start of an empty note still offers them', () => {
    const list = complete(engine, 'ipg', { line: 0, character: 3 });
    const perc = list.items.find((i) => i.label === 'IPG369 note: percutaneous');
    assert.ok(perc);
    assert.deepEqual((perc.textEdit as any).range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
  });
});
