// The bundled code tables must equal the sourced terminology sheet: every code
// and title on the sheet is in the tables, and the tables hold nothing else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Terminology, Classification } from '../server/src/core/terminology';
import opcs4 from '../server/src/core/terminology/opcs4.json';
import icd10 from '../server/src/core/terminology/icd10.json';

const SHEET = resolve('..', 'shared', 'terminology', 'README.md');

interface SheetRow {
  code: string;
  title: string;
  kind: 'code' | 'category' | 'no-subdivisions';
  sources: string[];
}

/** Rows of the sheet's "| code | title | source |" table under a heading. */
function sheetRows(text: string, heading: string): SheetRow[] {
  const section = text.split(/^## /m).find((s) => s.startsWith(heading));
  assert.ok(section, `the sheet has a "${heading}" section`);
  const rows: SheetRow[] = [];
  for (const line of section.split('\n')) {
    const m = /^\|\s*([A-Z]\d{2}(?:\.\d)?)\s*\|\s*(.+?)\s*\|\s*(.+?)\s*\|$/.exec(line);
    if (!m) continue;
    let title = m[2];
    let kind: SheetRow['kind'] = 'code';
    if (title.endsWith(' (category)')) {
      kind = 'category';
      title = title.slice(0, -' (category)'.length);
    } else if (title.endsWith(' (no subdivisions)')) {
      kind = 'no-subdivisions';
      title = title.slice(0, -' (no subdivisions)'.length);
    }
    rows.push({ code: m[1], title, kind, sources: expandSources(m[3]) });
  }
  return rows;
}

/** "seed; NICE IPG406, IPG214" → the source names the tables use. */
function expandSources(cell: string): string[] {
  const out: string[] = [];
  for (const part of cell.split(';').map((s) => s.trim())) {
    if (part === 'seed') out.push('IPG369 coding recommendation');
    else if (part === 'WHO 2019') out.push('WHO ICD-10 2019');
    else if (part.startsWith('NICE '))
      part
        .slice(5)
        .split(',')
        .forEach((id) => out.push(`NICE ${id.trim()}`));
    else out.push(part);
  }
  return out;
}

const available = existsSync(SHEET);

for (const [heading, cls, data] of [
  ['OPCS-4', 'opcs4', opcs4],
  ['ICD-10', 'icd10', icd10],
] as const) {
  test(`${heading} table equals the terminology sheet`, { skip: available ? false : `no ${SHEET} on this machine` }, () => {
    const rows = sheetRows(readFileSync(SHEET, 'utf8'), heading);
    assert.ok(rows.length > 10, 'the sheet table was read');
    const terms = new Terminology();
    for (const row of rows) {
      if (row.kind === 'category') {
        const cat = (data.categories as { code: string; title?: string; source?: string[] }[]).find((c) => c.code === row.code);
        assert.ok(cat, `${row.code} is a bundled category`);
        assert.equal(cat.title, row.title, `${row.code} category title`);
        assert.deepEqual([...(cat.source ?? [])].sort(), [...row.sources].sort(), `${row.code} sources`);
        continue;
      }
      const info = terms.lookup(cls as Classification, row.code);
      assert.ok(info, `${row.code} is in the bundled ${heading} table`);
      assert.equal(info.title, row.title, `${row.code} title`);
      assert.deepEqual([...info.source].sort(), [...row.sources].sort(), `${row.code} sources`);
      assert.equal(info.isCategoryCode, row.kind === 'no-subdivisions', `${row.code} subdivisions`);
    }
    // Nothing invented: every bundled code and titled category is on the sheet.
    const onSheet = new Set(rows.map((r) => r.code));
    for (const c of terms.all(cls as Classification)) assert.ok(onSheet.has(c.code), `${c.code} is not on the sheet`);
    for (const c of data.categories as { code: string; title?: string }[]) {
      if (c.title) assert.ok(onSheet.has(c.code), `category ${c.code} has a title but is not on the sheet`);
    }
  });
}

test('image-control mapping equals the sheet', { skip: available ? false : `no ${SHEET} on this machine` }, () => {
  const text = readFileSync(SHEET, 'utf8');
  const m = /Image control value → code \(bundled\):([^\n]+(?:\n[^\n]+)?)/.exec(text);
  assert.ok(m, 'the sheet states the image-control mapping');
  const pairs = [...m[1].matchAll(/`([^`]+)`[^→`]*→\s*([A-Z]\d{2}\.\d)/g)].map((x) => [x[1], x[2]]);
  assert.ok(pairs.length >= 3);
  const terms = new Terminology();
  for (const [method, code] of pairs) assert.equal(terms.imageControlCode(method), code, method);
  for (const method of ['CT', 'MRI', 'x-ray', 'other']) assert.equal(terms.imageControlCode(method), null, `${method} has no bundled code`);
});

test('complete categories and subdivisions', () => {
  const terms = new Terminology();
  for (const cat of ['C18', 'C22', 'C78']) assert.equal(terms.coversCompletely('icd10', cat), true, cat);
  for (const cat of ['J03', 'J12', 'Y53', 'Y68', 'Y13']) assert.equal(terms.coversCompletely('opcs4', cat), false, cat);
  assert.equal(terms.hasSubdivisions('icd10', 'C20'), false);
  assert.equal(terms.hasSubdivisions('icd10', 'C78'), true);
  assert.deepEqual(
    terms.subdivisions('opcs4', 'Y53').map((c) => c.code),
    ['Y53.2', 'Y53.4', 'Y53.9'],
  );
  assert.deepEqual(terms.subdivisions('opcs4', 'Y68'), []);
  // WHO writes C18/C22 titles as a site; a fix writes the stem form.
  assert.equal(terms.lookup('icd10', 'C18.0')!.insertTitle, 'Malignant neoplasm of caecum');
  assert.equal(terms.lookup('icd10', 'C78.7')!.insertTitle, 'Secondary malignant neoplasm of liver and intrahepatic bile duct');
  assert.ok(terms.titleMatches(terms.lookup('icd10', 'C78.7')!, 'secondary  malignant neoplasm of LIVER'));
  assert.ok(!terms.titleMatches(terms.lookup('icd10', 'C78.7')!, 'Secondary malignant neoplasm of lung'));
});

test('inserted titles: a site in the stem form, a tumour type as the classification writes it', () => {
  const t = new Terminology();
  assert.equal(t.lookup('icd10', 'C18.0')?.insertTitle, 'Malignant neoplasm of caecum');
  assert.equal(t.lookup('icd10', 'C22.9')?.insertTitle, 'Malignant neoplasm of liver, unspecified');
  for (const [code, title] of [
    ['C22.0', 'Liver cell carcinoma'],
    ['C22.1', 'Intrahepatic bile duct carcinoma'],
    ['C22.2', 'Hepatoblastoma'],
    ['C22.3', 'Angiosarcoma of liver'],
    ['C22.4', 'Other sarcomas of liver'],
    ['C22.7', 'Other specified carcinomas of liver'],
  ]) {
    assert.equal(t.lookup('icd10', code)?.insertTitle, title, code);
  }
});
