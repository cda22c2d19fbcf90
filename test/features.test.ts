// Completion and hover, tested on the core functions with notes that mark the
// cursor with `|`.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CompletionItem, CompletionList, MarkupContent } from 'vscode-languageserver-types';
import { Engine } from '../server/src/core/engine';
import { Terminology } from '../server/src/core/terminology';
import type { Position } from '../server/src/core/types';
import { applyEdits, splitLines } from '../server/src/core/text';
import { complete } from '../server/src/core/features/completion';
import { hover } from '../server/src/core/features/hover';

const engine = new Engine();

/** A note with a `|` cursor marker: the text without it, and the cursor's position. */
function at(marked: string): { text: string; position: Position } {
  const i = marked.indexOf('|');
  assert.ok(i >= 0, 'the note marks the cursor with |');
  assert.equal(marked.indexOf('|', i + 1), -1, 'one cursor marker');
  const text = marked.slice(0, i) + marked.slice(i + 1);
  const before = marked.slice(0, i).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1].length } };
}

function completeAt(marked: string, eng = engine): CompletionList {
  const { text, position } = at(marked);
  return complete(eng, text, position);
}

/** Items in the order the ranking gives them (sortText, as the editor sorts). */
function sorted(list: CompletionList): CompletionItem[] {
  return [...list.items].sort((a, b) => ((a.sortText ?? a.label) < (b.sortText ?? b.label) ? -1 : 1));
}

function labels(list: CompletionList): string[] {
  return sorted(list).map((i) => i.label);
}

function item(list: CompletionList, label: string): CompletionItem {
  const found = list.items.find((i) => i.label === label);
  assert.ok(found, `${label} is offered (offered: ${labels(list).join(', ')})`);
  return found;
}

/** The text after accepting an item. */
function accept(marked: string, it: CompletionItem): string {
  const { text } = at(marked);
  const edit = it.textEdit;
  assert.ok(edit && 'range' in edit, 'the item has a textEdit with a range');
  return applyEdits(text, [edit]);
}

function doc(it: CompletionItem): string {
  const d = it.documentation;
  assert.ok(d && typeof d !== 'string', `${it.label} has markdown documentation`);
  assert.equal(d.kind, 'markdown');
  return d.value;
}

function hoverAt(marked: string, eng = engine, docsUrl?: (id: string) => string) {
  const { text, position } = at(marked);
  return hover(eng, text, position, {}, { docsUrl });
}

function hoverText(marked: string, eng = engine, docsUrl?: (id: string) => string): string {
  const h = hoverAt(marked, eng, docsUrl);
  assert.ok(h, 'a hover is shown');
  const c = h.contents as MarkupContent;
  assert.equal(c.kind, 'markdown');
  return c.value;
}

const PERCUTANEOUS = `Episode: 2026-000123
Guidance: IPG369
Procedure: Percutaneous cryotherapy to liver metastases
Approach: percutaneous
Image control: ultrasound
`;

describe('completion: field names', () => {
  test('offers the fields the note lacks, in canonical order, at the start of a line', () => {
    const list = completeAt(`Episode: 1\nGuidance: IPG369\nProcedure: Cryotherapy\n|`);
    assert.deepEqual(labels(list), ['Approach', 'Image control', 'Diagnosis', 'OPCS-4', 'ICD-10', 'SNOMED CT', 'Comment']);
    const approach = item(list, 'Approach');
    assert.equal(
      accept(`Episode: 1\nGuidance: IPG369\nProcedure: Cryotherapy\n|`, approach),
      'Episode: 1\nGuidance: IPG369\nProcedure: Cryotherapy\nApproach: ',
    );
    assert.match(doc(approach), /percutaneous/);
  });

  test('a field written under an alias or with a slip counts as present', () => {
    const list = completeAt(`Aproach: open\nImaging: none\nOPCS: J03.2\n|`);
    const got = labels(list);
    for (const name of ['Approach', 'Image control', 'OPCS-4']) assert.ok(!got.includes(name), `${name} is not offered again`);
    assert.ok(got.includes('ICD-10'));
  });

  test('replaces the partial name typed and writes the canonical spelling', () => {
    const marked = `Episode: 1\nima|`;
    const list = completeAt(marked);
    assert.equal(accept(marked, item(list, 'Image control')), 'Episode: 1\nImage control: ');
    // Before an existing colon only the name is replaced.
    const withColon = `Episode: 1\nicd|: C78.7`;
    assert.equal(accept(withColon, item(completeAt(withColon), 'ICD-10')), 'Episode: 1\nICD-10: C78.7');
  });

  test('the field on the line being edited is offered again', () => {
    assert.ok(labels(completeAt(`Episode: 1\nAppro|ach: open`)).includes('Approach'));
  });

  test('in an empty document every field is offered (besides the note templates)', () => {
    const items = completeAt('|').items;
    assert.equal(items.filter((i) => i.insertTextFormat !== 2).length, 10);
    assert.ok(
      items.some((i) => i.insertTextFormat === 2),
      'note templates are offered too',
    );
  });
});

describe('completion: values', () => {
  test('Approach offers its values', () => {
    const marked = `Guidance: IPG369\nApproach: |`;
    const list = completeAt(marked);
    assert.deepEqual(labels(list), ['open', 'percutaneous', 'laparoscopic', 'endoscopic', 'not stated']);
    assert.equal(accept(marked, item(list, 'percutaneous')), 'Guidance: IPG369\nApproach: percutaneous');
    assert.match(doc(item(list, 'percutaneous')), /J12\.8/);
  });

  test('Image control offers its values, each with its bundled code', () => {
    const list = completeAt(`Image control: ul|`);
    assert.equal(list.items.length, 8);
    assert.match(item(list, 'ultrasound').detail ?? '', /Y53\.2/);
    assert.match(item(list, 'fluoroscopy').detail ?? '', /Y53\.4/);
    assert.match(item(list, 'CT').detail ?? '', /no bundled code/);
    assert.equal(accept(`Image control: ul|`, item(list, 'ultrasound')), 'Image control: ultrasound');
  });

  test('a value replaces the whole written value, spaces included', () => {
    const marked = `Approach: not st|`;
    assert.equal(accept(marked, item(completeAt(marked), 'not stated')), 'Approach: not stated');
  });

  test('a value right after the colon gets a space', () => {
    const marked = `Approach:|`;
    assert.equal(accept(marked, item(completeAt(marked), 'open')), 'Approach: open');
  });

  test('Guidance offers the known packs with their titles', () => {
    const list = completeAt(`Guidance: |`);
    const ipg = item(list, 'IPG369');
    assert.equal(ipg.detail, 'Cryotherapy for liver metastases');
    assert.match(doc(ipg), /nice\.org\.uk\/guidance\/ipg369/);
    // Already listed: not offered again.
    const rest = completeAt(`Guidance: IPG369, |`).items.map((i) => i.label);
    assert.ok(!rest.includes('IPG369'));
    assert.ok(rest.includes('IPG406'));
  });
});

describe('completion: codes', () => {
  test('typing `cryo` offers Y13.2 and replaces the word', () => {
    const marked = `OPCS-4: J12.8, cryo|`;
    const list = completeAt(marked);
    assert.equal(list.isIncomplete, true);
    const y132 = item(list, 'Y13.2');
    assert.equal(y132.detail, 'Cryotherapy to lesion of organ NOC');
    assert.match(y132.filterText ?? '', /Y13\.2/);
    assert.match(y132.filterText ?? '', /Cryotherapy/);
    assert.equal(accept(marked, y132), 'OPCS-4: J12.8, Y13.2');
    assert.ok(!list.items.some((i) => i.label === 'J03.2'), 'codes whose title does not match are left out');
  });

  test('percutaneous IPG369 note: J12.8, Y13.2, then the ultrasound code come first', () => {
    const list = completeAt(`${PERCUTANEOUS}OPCS-4: |`);
    assert.deepEqual(labels(list).slice(0, 3), ['J12.8', 'Y13.2', 'Y53.2']);
    assert.equal(sorted(list)[0].preselect, true);
    assert.equal(list.items.filter((i) => i.preselect).length, 1);
    assert.match(doc(item(list, 'J12.8')), /IPG369: main procedure code for the percutaneous approach/);
    // Every bundled OPCS-4 code is offered.
    assert.equal(list.items.length, engine.terms.all('opcs4').length);
  });

  test('fluoroscopy selects Y53.4; no Image control line under percutaneous selects Y53.9', () => {
    const fluoro = completeAt(PERCUTANEOUS.replace('ultrasound', 'fluoroscopy') + 'OPCS-4: |');
    assert.deepEqual(labels(fluoro).slice(0, 3), ['J12.8', 'Y13.2', 'Y53.4']);
    const unstated = completeAt(PERCUTANEOUS.replace('Image control: ultrasound\n', '') + 'OPCS-4: |');
    assert.deepEqual(labels(unstated).slice(0, 3), ['J12.8', 'Y13.2', 'Y53.9']);
  });

  test('open approach: J03.2 then Y13.2, no image-control code', () => {
    const list = completeAt(`Guidance: IPG369\nApproach: open\nOPCS-4: |`);
    assert.deepEqual(labels(list).slice(0, 3), ['J03.2', 'Y13.2', 'J08.3']);
  });

  test('approach unknown: both main codes first', () => {
    const list = completeAt(`Guidance: IPG369\nOPCS-4: |`);
    assert.deepEqual(labels(list).slice(0, 3), ['J03.2', 'J12.8', 'Y13.2']);
  });

  test('with no guidance the codes come in code order, none preselected', () => {
    const list = completeAt(`Episode: 1\nOPCS-4: |`);
    assert.equal(labels(list)[0], 'J03.2');
    assert.ok(!list.items.some((i) => i.preselect));
  });

  test('the ICD-10 list starts with C78.7', () => {
    const list = completeAt(`${PERCUTANEOUS}ICD-10: |`);
    assert.equal(labels(list)[0], 'C78.7');
    assert.equal(item(list, 'C78.7').detail, 'Secondary malignant neoplasm of liver and intrahepatic bile duct');
    assert.match(doc(item(list, 'C18.7')), /primary-site/);
  });

  test('codes already listed go last, marked as listed', () => {
    const list = completeAt(`${PERCUTANEOUS}OPCS-4: J12.8, |`);
    assert.deepEqual(labels(list).slice(0, 2), ['Y13.2', 'Y53.2']);
    assert.equal(labels(list).at(-1), 'J12.8');
    assert.equal(item(list, 'J12.8').labelDetails?.detail, ' (listed)');
  });

  test('a code is found by its code, in any case and spelling', () => {
    const j12 = labels(completeAt(`OPCS-4: j12|`));
    assert.deepEqual(j12, ['J12.3', 'J12.4', 'J12.7', 'J12.8']);
    assert.deepEqual(labels(completeAt(`OPCS-4: y13|`)), ['Y13.2', 'Y13.7']);
    assert.deepEqual(labels(completeAt(`OPCS-4: j128|`)), ['J12.8']);
  });

  test('an open category is one word and offers its codes', () => {
    const marked = `${PERCUTANEOUS}OPCS-4: J12.8, Y13.2, y53.-|`;
    const list = completeAt(marked);
    assert.deepEqual(labels(list), ['Y53.2', 'Y53.4', 'Y53.9']);
    assert.match(item(list, 'Y53.2').filterText ?? '', /Y53\.-/);
    assert.equal(accept(marked, item(list, 'Y53.2')), `${PERCUTANEOUS}OPCS-4: J12.8, Y13.2, Y53.2`);
  });

  test('a code written with a space is one word', () => {
    const marked = `OPCS-4: J 12|`;
    const list = completeAt(marked);
    assert.equal(accept(marked, item(list, 'J12.8')), 'OPCS-4: J12.8');
  });

  test('the cursor inside a code replaces the whole code', () => {
    const marked = `OPCS-4: J1|2.8, Y13.2`;
    assert.equal(accept(marked, item(completeAt(marked), 'J12.4')), 'OPCS-4: J12.4, Y13.2');
  });

  test('only the word being typed is replaced: never the code after the cursor, never the comma before it', () => {
    const typing = `${PERCUTANEOUS}OPCS-4: J12.8, Y|, Y53.2`;
    const y = item(completeAt(typing), 'Y13.2');
    assert.deepEqual((y.textEdit as any).range, { start: { line: 5, character: 15 }, end: { line: 5, character: 16 } });
    assert.match(accept(typing, y), /^OPCS-4: J12\.8, Y13\.2, Y53\.2$/m);

    const afterComma = `${PERCUTANEOUS}OPCS-4: J12.8,|`;
    const c = item(completeAt(afterComma), 'Y13.2');
    assert.deepEqual((c.textEdit as any).range, { start: { line: 5, character: 14 }, end: { line: 5, character: 14 } });
    assert.match(accept(afterComma, c), /^OPCS-4: J12\.8, Y13\.2$/m);
  });

  test('right before a written code, with nothing typed, the new code goes in front and the written one stays', () => {
    const before = `${PERCUTANEOUS}OPCS-4: J12.8, |Y53.2`;
    const y = item(completeAt(before), 'Y13.2');
    assert.deepEqual((y.textEdit as any).range, { start: { line: 5, character: 15 }, end: { line: 5, character: 15 } });
    assert.match(accept(before, y), /^OPCS-4: J12\.8, Y13\.2, Y53\.2$/m);
    // Y53.2 is written, so it counts as listed.
    assert.match(String(item(completeAt(before), 'Y53.2').labelDetails?.detail), /listed/);
    assert.match(accept(`${PERCUTANEOUS}OPCS-4:|J12.8`, item(completeAt(`${PERCUTANEOUS}OPCS-4:|J12.8`), 'Y13.2')), /^OPCS-4: Y13\.2, J12\.8$/m);
    // On an item line: a new item line above the written one.
    const itemLine = `${PERCUTANEOUS}OPCS-4:\n  J12.8\n  |Y53.2`;
    assert.match(accept(itemLine, item(completeAt(itemLine), 'Y13.2')), /^  Y13\.2 Cryotherapy to lesion of organ NOC\n  Y53\.2$/m);
    // A guidance id likewise.
    const guidance = 'Guidance: |IPG369\n';
    const g = item(completeAt(guidance), 'IPG445');
    assert.equal(accept(guidance, g), 'Guidance: IPG445, IPG369\n');
    assert.ok(!completeAt(guidance).items.some((i) => i.label === 'IPG369'), 'IPG369 is listed already');
  });

  test('right after the colon or a comma a space is added', () => {
    assert.equal(accept(`OPCS-4:|`, item(completeAt(`OPCS-4:|`), 'J12.8')), 'OPCS-4: J12.8');
    assert.equal(accept(`OPCS-4: J12.8,|`, item(completeAt(`OPCS-4: J12.8,|`), 'Y13.2')), 'OPCS-4: J12.8, Y13.2');
  });

  test('on an item line the code and its title are inserted', () => {
    const marked = `OPCS-4:\n  cry|`;
    assert.equal(accept(marked, item(completeAt(marked), 'Y13.2')), 'OPCS-4:\n  Y13.2 Cryotherapy to lesion of organ NOC');
    const blank = `OPCS-4:\n  J12.8 Other specified other therapeutic percutaneous operations on liver\n  |`;
    assert.ok(completeAt(blank).items.length > 0, 'a blank indented line under a code list is an item');
  });

  test('on an item line with a title, only the code is replaced', () => {
    const marked = `OPCS-4:\n  Y1|3.2 Cryotherapy to lesion of organ NOC`;
    assert.equal(accept(marked, item(completeAt(marked), 'Y13.7')), 'OPCS-4:\n  Y13.7 Cryotherapy to lesion of organ NOC');
  });

  test('ICD-10 item lines write the full form of a site title', () => {
    const marked = `ICD-10:\n  C78.7 Secondary malignant neoplasm of liver and intrahepatic bile duct\n  caec|`;
    const list = completeAt(marked);
    assert.deepEqual(labels(list), ['C18.0']);
    assert.match(accept(marked, list.items[0]), /\n {2}C18\.0 Malignant neoplasm of caecum$/);
  });

  test('title words of several words match by prefix', () => {
    assert.deepEqual(labels(completeAt(`ICD-10:\n  secondary liv|`)), ['C78.7']);
  });

  test('CRLF line ends: the edit stays on the cursor line', () => {
    const marked = `Guidance: IPG369\r\nApproach: open\r\nOPCS-4:\r\n  |\r\nICD-10: C78.7\r\n`;
    const list = completeAt(marked);
    assert.equal(labels(list)[0], 'J03.2');
    assert.equal(
      accept(
        marked,
        list.items.find((i) => i.label === 'J03.2')!,
      ),
      `Guidance: IPG369\r\nApproach: open\r\nOPCS-4:\r\n  J03.2 Destruction of lesion of liver NEC\r\nICD-10: C78.7\r\n`,
    );
  });

  test("a code put before another on an item line takes the line ending it is given (the whole document's, for one note of it)", () => {
    const text = `OPCS-4:\n  J12.8\n`;
    const at = { line: 1, character: 2 };
    const y = (options?: { eol: '\n' | '\r\n' }) => complete(engine, text, at, {}, options).items.find((i) => i.label === 'Y13.2')!;
    assert.match((y().textEdit as { newText: string }).newText, /NOC\n {2}$/);
    assert.match((y({ eol: '\r\n' }).textEdit as { newText: string }).newText, /NOC\r\n {2}$/);
  });

  test('field aliases complete as the field they stand for', () => {
    assert.ok(completeAt(`OPCS: |`).items.some((i) => i.label === 'Y13.2'));
    assert.ok(completeAt(`icd 10: |`).items.some((i) => i.label === 'C78.7'));
  });

  test('after a written code, in its title, nothing is offered', () => {
    assert.equal(completeAt(`ICD-10: C78.7 Secondary|`).items.length, 0);
  });

  test('a configured release file adds its codes', () => {
    const terms = new Terminology({ opcs4: { name: 'test release', entries: [{ code: 'J12.5', title: 'A title from the test release' }] } });
    const list = completeAt(`OPCS-4: j12|`, new Engine({ terminology: terms }));
    assert.ok(labels(list).includes('J12.5'));
  });
});

describe('completion: suppression comments', () => {
  const NOTE = `${PERCUTANEOUS}# coding-notes-disable-next-line |\nOPCS-4: J12.8, Y13.2, Y53.2\n`;

  test('offers rule ids with their summaries', () => {
    const list = completeAt(NOTE);
    const rule = item(list, 'ipg369/image-control-method');
    assert.equal(rule.detail, engine.rule('ipg369/image-control-method')!.summary);
    assert.equal(list.items.length, engine.rules.length);
    const marked = `# coding-notes-disable code/ti|`;
    assert.equal(accept(marked, item(completeAt(marked), 'code/title-mismatch')), '# coding-notes-disable code/title-mismatch');
  });

  test('rules reported on the covered line come first', () => {
    const marked = `${PERCUTANEOUS}# coding-notes-disable-next-line |\nOPCS-4: J12.8, Y53.2\n`;
    const list = completeAt(marked);
    assert.equal(labels(list)[0], 'ipg369/cryotherapy-code');
    assert.equal(sorted(list)[0].preselect, true);
  });

  test('rule ids already named are not offered again; the reason gets nothing', () => {
    const list = completeAt(`# coding-notes-disable code/sequence, |`);
    assert.ok(!labels(list).includes('code/sequence'));
    assert.equal(completeAt(`# coding-notes-disable code/sequence -- local |`).items.length, 0);
  });

  test('the directive itself completes from its first letters', () => {
    const marked = `# coding-n|`;
    const list = completeAt(marked);
    assert.deepEqual(labels(list), ['coding-notes-disable-next-line', 'coding-notes-disable']);
    assert.equal(accept(marked, list.items[1]), '# coding-notes-disable ');
  });
});

describe('completion: nowhere else', () => {
  for (const [where, marked] of [
    ['a comment', `# Liver list, theatre |3`],
    ['a Comment value', `Comment: two lesions |`],
    ['a Procedure value', `Procedure: Percutaneous cryo|`],
    ['an Episode value', `Episode: 2026|`],
    ['a Diagnosis value', `Diagnosis: Secondary |`],
    ['a separator', `Episode: 1\n--|-\nEpisode: 2`],
    ['an indented line under a free-text field', `Comment: first line\n  more |`],
    ['a SNOMED CT value', `SNOMED CT: 9438|`],
  ] as const) {
    test(`nothing in ${where}`, () => {
      assert.deepEqual(completeAt(marked).items, []);
    });
  }
});

describe('hover: codes', () => {
  const NOTE = `${PERCUTANEOUS}OPCS-4: J12.8, Y13.2, Y53.2\nICD-10: C78.7, C18.7\n`;
  const on = (code: string) => NOTE.replace(`${code}`, `${code.slice(0, 2)}|${code.slice(2)}`);

  test('J12.8: title, classification, source and its IPG369 role', () => {
    const h = hoverAt(on('J12.8'));
    assert.ok(h);
    const v = (h.contents as MarkupContent).value;
    assert.match(v, /Other specified other therapeutic percutaneous operations on liver/);
    assert.match(v, /OPCS-4/);
    assert.match(v, /Source: IPG369 coding recommendation/);
    assert.match(v, /IPG369: main procedure code for the percutaneous approach/);
    assert.deepEqual(h.range, { start: { line: 5, character: 8 }, end: { line: 5, character: 13 } });
  });

  test('method, image-control, diagnosis and primary-site roles', () => {
    assert.match(hoverText(on('Y13.2')), /IPG369: cryotherapy method code/);
    assert.match(hoverText(on('Y53.2')), /IPG369: image-control code for ultrasound/);
    assert.match(hoverText(on('C78.7')), /IPG369: diagnosis code/);
    assert.match(hoverText(on('C18.7')), /IPG369: primary-site code/);
  });

  test("another approach's main code says so", () => {
    const v = hoverText(`${PERCUTANEOUS}OPCS-4: J0|3.2`);
    assert.match(v, /main procedure code for the open approach \(this note's approach is percutaneous\)/);
  });

  test('an image-control code where the note records none says so', () => {
    assert.match(
      hoverText(`Guidance: IPG369\nApproach: open\nOPCS-4: J03.2, Y13.2, Y53|.2`),
      /image-control code for ultrasound \(this note records no image control\)/,
    );
    assert.match(hoverText(`Guidance: IPG369\nApproach: open\nImage control: none\nOPCS-4: J03.2, Y13.2, Y53|.2`), /\(this note's Image control is none\)/);
  });

  test('an unknown well-formed OPCS-4 code: its title is not bundled', () => {
    const v = hoverText(`OPCS-4: J12.|5`);
    assert.match(v, /J12\.5/);
    assert.match(v, /title is not in the bundled OPCS-4 table/);
    assert.match(v, /release file/);
  });

  test('with a release file configured, its title is shown', () => {
    const terms = new Terminology({ opcs4: { name: 'test release', entries: [{ code: 'J12.5', title: 'A title from the test release' }] } });
    const v = hoverText(`OPCS-4: J12.|5`, new Engine({ terminology: terms }));
    assert.match(v, /A title from the test release/);
    assert.match(v, /Source: test release/);
  });

  test('a code absent from a complete category is not a code', () => {
    const v = hoverText(`ICD-10: C22|.5`);
    assert.match(v, /Not a code of ICD-10/);
    assert.match(v, /C22\.9 Liver, unspecified/);
  });

  test('an open category lists its known codes', () => {
    // CT has no bundled code, so the category stays open.
    const v = hoverText(`Approach: open\nImage control: CT\nOPCS-4: J03.2, Y53|.-`);
    assert.match(v, /fourth character is left open/);
    assert.match(v, /Y53\.2 Approach to organ under ultrasonic control/);
    assert.match(v, /Y53\.4/);
    assert.match(v, /Y53\.9/);
  });

  test('an open category that the Image control selects names the code', () => {
    const v = hoverText(`${PERCUTANEOUS}OPCS-4: J12.8, Y13.2, Y53|.-`);
    assert.match(v, /selects \*\*Y53\.2\*\*/);
    assert.match(v, /Approach to organ under ultrasonic control/);
    assert.match(v, /IPG369: image-control code for ultrasound/);
    assert.match(v, /Other codes of Y53:[\s\S]*Y53\.4[\s\S]*Y53\.9/);
  });

  test('a slip shows its reading and title', () => {
    const v = hoverText(`OPCS-4: j1|28`);
    assert.match(v, /reads as \*\*J12\.8\*\*/);
    assert.match(v, /Other specified other therapeutic percutaneous operations on liver/);
  });

  test('a code under the wrong list is described in its own classification', () => {
    const v = hoverText(`OPCS-4: J12.8, C78|.7`);
    assert.match(v, /An ICD-10 code, written under OPCS-4/);
    assert.doesNotMatch(v, /\ba (?:ICD|OPCS)/i, 'the article before a classification name is "an"');
    assert.match(v, /Secondary malignant neoplasm of liver and intrahepatic bile duct/);
  });

  test('an item line, and a written title that is not the code title', () => {
    const v = hoverText(`OPCS-4:\n  Y53.|2 Approach to organ under ultrasound control`);
    assert.match(v, /Approach to organ under ultrasonic control/);
    assert.match(v, /written title is not this code's title/);
  });

  test('no guidance: no role section', () => {
    assert.doesNotMatch(hoverText(`OPCS-4: J1|2.8`), /guidance/i);
  });
});

describe('hover: fields, values, guidance, rules', () => {
  test('a field name: description and allowed values', () => {
    const h = hoverAt(`Ima|ge control: ultrasound`);
    assert.ok(h);
    const v = (h.contents as MarkupContent).value;
    assert.match(v, /Image control/);
    for (const value of ['ultrasound', 'CT', 'MRI', 'fluoroscopy', 'x-ray', 'other', 'not stated', 'none']) assert.ok(v.includes(`\`${value}\``), value);
    assert.deepEqual(h.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 13 } });
  });

  test('a field name written with a slip says what it reads as', () => {
    assert.match(hoverText(`Apro|ach: open`), /reads as \*\*Approach\*\*/);
  });

  test('an Approach value names the main code', () => {
    assert.match(hoverText(`Guidance: IPG369\nApproach: perc|`), /reads as \*\*percutaneous\*\*[\s\S]*J12\.8/);
  });

  test('a guidance id: title, code sets and source', () => {
    const v = hoverText(`Guidance: IP|G369`);
    assert.match(v, /Cryotherapy for liver metastases/);
    assert.match(v, /open: OPCS-4 J03\.2/);
    assert.match(v, /percutaneous: OPCS-4 J12\.8/);
    assert.match(v, /Y13\.2/);
    assert.match(v, /C78\.7/);
    assert.match(v, /https:\/\/www\.nice\.org\.uk\/guidance\/ipg369/);
    assert.match(hoverText(`Guidance: IPG9|99`), /no guidance pack/);
  });

  test('a rule id in a directive: summary, severity and documentation link', () => {
    const docsUrl = (id: string) => `https://example.test/rules/${id}`;
    const marked = `# coding-notes-disable-next-line ipg369/image-con|trol-method -- audit\nOPCS-4: J12.8`;
    const h = hoverAt(marked, engine, docsUrl);
    assert.ok(h);
    const v = (h.contents as MarkupContent).value;
    assert.match(v, new RegExp(engine.rule('ipg369/image-control-method')!.summary.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    assert.match(v, /Default severity: error/);
    assert.match(v, /\(https:\/\/example\.test\/rules\/ipg369\/image-control-method\)/);
    assert.deepEqual(h.range, { start: { line: 0, character: 33 }, end: { line: 0, character: 60 } });
  });

  test('a misspelt suppression keyword, or a reason after a single dash, is reported once; plain comments are not', () => {
    const messages = (comment: string) =>
      engine
        .check(`Episode: 1\n${comment}\nICD-10: C78.7, C78.7`)
        .findings.filter((f) => f.rule === 'syntax/invalid-directive')
        .map((f) => [f.range.start.character, f.range.end.character, f.message]);
    const meant = (written: string, keyword: string) => [
      [2, 2 + written.length, `\`${written}\` is not a suppression comment, so it switches nothing off: did you mean \`${keyword}\`?`],
    ];
    assert.deepEqual(messages('# coding-notes-disable-nextline code/duplicate'), meant('coding-notes-disable-nextline', 'coding-notes-disable-next-line'));
    assert.deepEqual(messages('# coding-notes-disabel code/duplicate'), meant('coding-notes-disabel', 'coding-notes-disable'));
    assert.deepEqual(messages('# coding-notes disable code/duplicate'), meant('coding-notes disable', 'coding-notes-disable'));
    assert.deepEqual(messages('# Coding-Notes-Disable code/duplicate'), meant('Coding-Notes-Disable', 'coding-notes-disable'));
    assert.deepEqual(messages('# coding-notes-disable-line code/duplicate'), meant('coding-notes-disable-line', 'coding-notes-disable-next-line'));
    for (const plain of [
      '# coding notes for the theatre list',
      '# coding-notes: see the ward list',
      '# disable later',
      '#',
      // Prose about the tool names no rule id: not taken for a directive.
      '# coding-notes: disable later',
      '# coding-notes disabled by Jane',
      '# coding-notes-disabled for this list -- see audit',
    ])
      assert.deepEqual(messages(plain), [], plain);
    assert.deepEqual(messages('# coding-notes-disable-next code/duplicate'), meant('coding-notes-disable-next', 'coding-notes-disable-next-line'));
    const dash = messages('# coding-notes-disable-next-line code/duplicate - agreed locally');
    assert.equal(dash.length, 1);
    assert.deepEqual(dash[0].slice(0, 2), [48, 64]);
    assert.match(String(dash[0][2]), /^A reason goes after ` -- `/);
    // A reason without any dash: one message from its first word, whatever the words.
    const words = messages('# coding-notes-disable-next-line code/duplicate because theatre list repeats it');
    assert.equal(words.length, 1);
    assert.match(String(words[0][2]), /the words from `because` on are read as rule ids/);
    // A dash and no rule: the directive names none.
    assert.deepEqual(
      messages('# coding-notes-disable-next-line - agreed locally').map((m) => m[2]),
      ['`coding-notes-disable-next-line` must name the rules it switches off, e.g. `# coding-notes-disable-next-line code/title-mismatch -- reason`.'],
    );
    // `disable next line` written apart switches the rules off for the rest of the note: said once, the rule id after it still read.
    const apart = engine.check(`Episode: 1\n# coding-notes-disable next line code/duplicate -- agreed\nICD-10: C78.7, C78.7`);
    assert.deepEqual(
      apart.findings.filter((f) => f.rule === 'syntax/invalid-directive').map((f) => [f.range.start.character, f.range.end.character]),
      [[23, 32]],
    );
    assert.match(apart.findings.find((f) => f.rule === 'syntax/invalid-directive')!.message, /did you mean `coding-notes-disable-next-line`\?$/);
  });

  test("a rule id is suggested within the family written: another guidance's check is another check", () => {
    const hint = (id: string) => {
      const f = engine.check(`Episode: 1\n# coding-notes-disable ${id} -- x\nOPCS-4: J03.2`).findings.find((x) => x.rule === 'syntax/invalid-directive');
      return /Did you mean `([^`]+)`/.exec(f?.message ?? '')?.[1] ?? null;
    };
    assert.equal(hint('ipg369/diagnosis-cod'), 'ipg369/diagnosis-code');
    assert.equal(hint('ipg406/diagnosis-code'), null, "IPG406 has no diagnosis check; IPG445's is not offered");
    assert.equal(hint('code/title'), 'code/title-mismatch');
    assert.equal(hint('duplicate'), 'code/duplicate');
  });

  test('an unknown rule id in a directive suggests the near one', () => {
    assert.match(hoverText(`# coding-notes-disable code/sequense|`), /Did you mean `code\/sequence`/);
    const messages = (text: string) =>
      engine
        .check(text)
        .findings.filter((f) => f.rule === 'syntax/invalid-directive')
        .map((f) => f.message);
    assert.deepEqual(messages(`# coding-notes-disable code/sequense -- local list\nEpisode: 1`), [
      'Unknown rule `code/sequense`: the directive switches nothing off for it. Did you mean `code/sequence`?',
    ]);
    assert.deepEqual(messages(`# coding-notes-disable code/nothing-like-it -- local list\nEpisode: 1`), [
      'Unknown rule `code/nothing-like-it`: the directive switches nothing off for it.',
    ]);
  });

  test('null on comments, free text, blank lines and separators', () => {
    assert.equal(hoverAt(`# Liver l|ist\nEpisode: 1`), null);
    assert.equal(hoverAt(`# coding-notes-disable code/sequence -- local li|st`), null);
    assert.equal(hoverAt(`Comment: J12|.8 was queried`), null);
    assert.equal(hoverAt(`Procedure: Percutaneous cry|otherapy`), null);
    assert.equal(hoverAt(`Episode: 1\n|\nEpisode: 2`), null);
    assert.equal(hoverAt(`Episode: 1\n-|--\nEpisode: 2`), null);
  });
});

describe('completion and hover at any position', () => {
  const piece = fc.constantFrom(
    'Episode: 1',
    'Guidance: IPG369',
    'Guidance: ',
    'Procedure: Percutaneous cryotherapy to liver metastases',
    'Approach: perc',
    'Approach: ',
    'Image control: ultrasound',
    'Imaging: CT',
    'OPCS-4: J12.8, Y13.2, Y53.-',
    'OPCS-4:',
    'OPCS: j128, C78.7 Secondary',
    'ICD-10: C787, C22.5',
    '  Y53.2 Approach to organ under ultrasound control',
    '  cryo',
    '\t',
    '  ',
    '',
    '# a comment',
    '# coding-notes-disable-next-line code/seq, nope -- why',
    '# coding-notes-disable',
    '# coding-n',
    '---',
    'Comment: J12.8',
    'free text',
    'Aproach: open',
    'SNOMED CT: 94381002 |term|',
    '\uFEFFEpisode: x',
  );
  const doc = fc
    .tuple(fc.array(fc.oneof(piece, fc.string({ maxLength: 12 })), { maxLength: 10 }), fc.constantFrom('\n', '\r\n'))
    .map(([ls, eol]) => ls.join(eol));

  test('never throw; edits stay on the cursor line around the cursor; hovers cover the cursor', () => {
    fc.assert(
      fc.property(doc, fc.nat(12), fc.nat(60), (text, lineSeed, charSeed) => {
        const { lines } = splitLines(text);
        const line = lineSeed % lines.length;
        const position = { line, character: charSeed % (lines[line].length + 1) };
        const list = complete(engine, text, position);
        for (const it of list.items) {
          const edit = it.textEdit;
          assert.ok(edit && 'range' in edit);
          const r = edit.range;
          assert.equal(r.start.line, line);
          assert.equal(r.end.line, line);
          assert.ok(r.start.character <= position.character && position.character <= r.end.character, JSON.stringify({ text, position, r }));
          assert.ok(r.end.character <= lines[line].length);
        }
        const h = hover(engine, text, position);
        if (h) {
          assert.ok(h.range);
          assert.equal(h.range.start.line, line);
          assert.ok(h.range.start.character <= position.character && position.character <= h.range.end.character);
        }
      }),
      { numRuns: 500 },
    );
  });
});
