// Official release files (issue 14), from SYNTHETIC files in each real shape
// written here (test/helpers/synthetic-releases.ts): OPCS-4 Codes and Titles TXT
// and its XML twin, ICD-10 Codes and Titles and Metadata TXT and its XML twin,
// ClaML with a dagger/asterisk pair; each as a file, in its release folder and
// zipped; Windows-1252 titles; a header-only file; a truncated zip. Each turns
// on code/unknown for an absent code and gives its titles to hover and completion.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Engine } from '../server/src/core/engine';
import { hover } from '../server/src/core/features/hover';
import { complete } from '../server/src/core/features/completion';
import { Terminology } from '../server/src/core/terminology';
import { detectFormat, readReleaseText, versionFromName } from '../server/src/core/release';
import { decodeRelease } from '../server/src/core/release/decode';
import { readReleaseCode } from '../server/src/core/release/code';
import { loadWorkspace } from '../server/src/node/workspace';
import { clearReleaseCache, loadRelease, rank } from '../server/src/node/releases';
import { runCli, runJson } from './helpers/cli';
import {
  icd10Claml,
  icd10Rows,
  icd10Txt,
  icd10Xml,
  opcs4Rows,
  opcs4Txt,
  opcs4Xml,
  releaseZip,
  utf8,
  windows1252,
  SYNTHETIC,
} from './helpers/synthetic-releases';

const folders: string[] = [];
after(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** A folder with these files (paths with `/` make folders) and a `.codingnotes.json` naming the releases. */
function workspace(files: Record<string, Uint8Array | string>, classifications: { opcs4?: string; icd10?: string }): string {
  const root = mkdtempSync(join(tmpdir(), 'ccn-release-'));
  folders.push(root);
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), data);
  }
  writeFileSync(join(root, '.codingnotes.json'), JSON.stringify({ classifications }, null, 2));
  return join(root, '.codingnotes.json');
}

/** The position of the first `needle` on the line starting with `linePrefix`, plus `offset`. */
function at(text: string, linePrefix: string, needle: string, offset = 0): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith(linePrefix));
  return { line, character: lines[line].indexOf(needle) + offset };
}

function hoverText(engine: Engine, text: string, pos: { line: number; character: number }): string {
  const h = hover(engine, text, pos);
  return h ? (h.contents as { value: string }).value : '';
}

const OPCS_NOTE = ['Episode: R-1', 'Procedure: synthetic procedure', 'OPCS-4: Q01.1, Q01.9', 'ICD-10: C78.7', ''].join('\n');
const ICD_NOTE = ['Episode: R-2', 'ICD-10: A17.0, G01, V01.9, I10', ''].join('\n');

const OPCS = opcs4Rows(300);
const ICD = icd10Rows(300);

interface Shape {
  name: string;
  cls: 'opcs4' | 'icd10';
  files: Record<string, Uint8Array | string>;
  /** What `classifications` names (a file, the folder, the zip). */
  path: string;
  version: string | null;
  format: RegExp;
}

const opcsTxt = windows1252(opcs4Txt(OPCS));
const SHAPES: Shape[] = [
  {
    name: 'OPCS-4 TXT (Windows-1252)',
    cls: 'opcs4',
    files: { 'OPCS411 CodesAndTitles.txt': opcsTxt },
    path: 'OPCS411 CodesAndTitles.txt',
    version: 'OPCS-4.11',
    format: /no header/,
  },
  {
    name: 'OPCS-4 TXT, UTF-8 with BOM, named with no version',
    cls: 'opcs4',
    files: { 'codes.txt': new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(opcs4Txt(OPCS))]) },
    path: 'codes.txt',
    version: null,
    format: /no header/,
  },
  {
    name: 'OPCS-4 TXT in its release folder',
    cls: 'opcs4',
    files: { 'opcs/Content/OPCS410 CodesAndTitles.txt': opcsTxt, 'opcs/Content/OPCS410 Metadata.txt': 'not\tthis' },
    path: 'opcs',
    version: 'OPCS-4.10',
    format: /no header/,
  },
  {
    name: 'OPCS-4 TXT zipped',
    cls: 'opcs4',
    files: {
      'downloads/opcs.zip': releaseZip({ 'Content/OPCS411 CodesAndTitles Nov 2025.txt': opcsTxt, 'Content/OPCS411 Table of Coding Equivalences.txt': 'A\tB' }),
    },
    path: 'downloads/opcs.zip',
    version: 'OPCS-4.11',
    format: /no header/,
  },
  { name: 'OPCS-4 XML', cls: 'opcs4', files: { 'release.xml': opcs4Xml(OPCS) }, path: 'release.xml', version: 'OPCS-4.11', format: /XML \(CODE, TITLE/ },
  {
    name: 'OPCS-4 XML zipped',
    cls: 'opcs4',
    files: { 'opcs-xml.zip': releaseZip({ 'Content/CodesAndTitles.xml': opcs4Xml(OPCS, '4.10') }) },
    path: 'opcs-xml.zip',
    version: 'OPCS-4.10',
    format: /XML/,
  },
  {
    name: 'ICD-10 TXT',
    cls: 'icd10',
    files: { 'ICD10_Edition5_CodesAndTitlesAndMetadata_GB.txt': icd10Txt(ICD) },
    path: 'ICD10_Edition5_CodesAndTitlesAndMetadata_GB.txt',
    version: 'ICD-10 5th Edition',
    format: /header row \(CODE, ALT_CODE, USAGE, DESCRIPTION/,
  },
  {
    name: 'ICD-10 TXT zipped',
    cls: 'icd10',
    files: { 'icd.zip': releaseZip({ 'Content/ICD10_Edition5_CodesAndTitlesAndMetadata_GB_20160401.txt': windows1252(icd10Txt(ICD)) }) },
    path: 'icd.zip',
    version: 'ICD-10 5th Edition',
    format: /header row/,
  },
  {
    name: 'ICD-10 XML',
    cls: 'icd10',
    files: { 'icd/Content/ICD10_Edition5_XML.xml': icd10Xml(ICD) },
    path: 'icd',
    version: 'ICD-10 5th Edition',
    format: /XML \(CODE, ALT_CODE, DESCRIPTION, USAGE/,
  },
  {
    name: 'ICD-10 XML zipped',
    cls: 'icd10',
    files: { 'icdxml.zip': releaseZip({ 'Content/ICD-10 5th Edition.xml': icd10Xml(ICD) }) },
    path: 'icdxml.zip',
    version: 'ICD-10 5th Edition',
    format: /XML/,
  },
  { name: 'ClaML', cls: 'icd10', files: { 'icd10-claml.xml': icd10Claml(ICD) }, path: 'icd10-claml.xml', version: 'ICD-10 2019', format: /ClaML/ },
  {
    name: 'ClaML zipped',
    cls: 'icd10',
    files: { 'claml.zip': releaseZip({ 'Content/icd10_claml.xml': icd10Claml(ICD, '5th Edition') }) },
    path: 'claml.zip',
    version: 'ICD-10 5th Edition',
    format: /ClaML/,
  },
];

describe('each release shape loads, and turns on code/unknown, hover and completion', () => {
  for (const shape of SHAPES) {
    test(shape.name, () => {
      const config = workspace(shape.files, { [shape.cls]: shape.path });
      const ws = loadWorkspace(config);
      assert.deepEqual(ws.problems, []);
      const release = ws.engine.terms.release(shape.cls)!;
      assert.ok(release, 'a release is loaded');
      assert.equal(release.version, shape.version);
      assert.match(release.format ?? '', shape.format);
      assert.ok(release.codes >= 250, `${release.codes} codes`);
      assert.ok((release.file ?? '').startsWith(shape.path), release.file ?? '');

      if (shape.cls === 'opcs4') {
        const findings = ws.engine.check(OPCS_NOTE, ws.settings).findings;
        assert.deepEqual(
          findings.map((f) => [f.rule, f.range.start.line]),
          [['code/unknown', 2]],
          'Q01.9 is not in the release; Q01.1 is',
        );
        assert.match(findings[0].message, /Q01\.9 is not an OPCS-4 code in the configured release file\. (?:The c|C)odes of Q01: Q01\.\d/);
        const h = hoverText(ws.engine, OPCS_NOTE, at(OPCS_NOTE, 'OPCS-4', 'Q01.1', 1));
        assert.match(h, /\*\*Q01\.1\*\* Synthetic procedure Q01\.1 \(synthetic test title\)/);
        assert.match(h, new RegExp(`${(shape.version ?? 'OPCS-4 release (version not stated)').replace(/[.()]/g, '\\$&')}: procedure code`));
        const cafe = ws.engine.terms.lookup('opcs4', 'Q02.1')!;
        assert.equal(cafe.title, `Synthetic café procedure – Q02.1 ${SYNTHETIC}`, 'Windows-1252 and UTF-8 titles decode the same');
        const text = 'Episode: R-3\nOPCS-4: J12.8, caf';
        const items = complete(ws.engine, text, { line: 1, character: text.split('\n')[1].length }).items;
        assert.equal(items[0]?.label, 'Q02.1', 'found by a word of its title');
        assert.match(String(items[0].detail), /Synthetic café procedure/);
        assert.equal(ws.engine.terms.category('opcs4', 'Q01')?.title, `Synthetic category Q01 ${SYNTHETIC}`, 'a three-character line is a category heading');
        assert.equal(ws.engine.terms.lookup('opcs4', 'Q01'), undefined, 'OPCS-4 codes have four characters');
      } else {
        const findings = ws.engine.check(ICD_NOTE, ws.settings).findings;
        assert.deepEqual(
          findings.map((f) => f.rule),
          ['code/unknown'],
          'V01.9 is absent; A17.0, G01 and I10 are there',
        );
        assert.match(findings[0].message, /^V01\.9 is not an ICD-10 code in the configured release file/);
        const h = hoverText(ws.engine, ICD_NOTE, at(ICD_NOTE, 'ICD-10', 'A17.0', 1));
        assert.match(h, /\*\*A17\.0†\*\* Synthetic dagger code A17\.0 \(synthetic test title\)/);
        assert.match(h, /Dagger code \(†\) in the release/);
        assert.match(h, new RegExp(`${shape.version!}: diagnosis code`));
        const g = hoverText(ws.engine, ICD_NOTE, at(ICD_NOTE, 'ICD-10', 'G01', 1));
        assert.match(g, /\*\*G01\\\*\*\* Synthetic asterisk code G01/);
        assert.match(g, /Asterisk code \(\\\*\) in the release/);
        assert.equal(ws.engine.terms.lookup('icd10', 'I10')?.isCategoryCode, true, 'an undivided category is a code (I10X in ALT_CODE)');
        assert.equal(ws.engine.terms.lookup('icd10', 'V01'), undefined, 'a subdivided category is a heading, not a code');
        assert.equal(ws.engine.terms.lookup('icd10', 'V01.00'), undefined, 'fifth-character codes are left out');
        const text = 'Episode: R-4\nICD-10: synth dagg';
        const items = complete(ws.engine, text, { line: 1, character: text.split('\n')[1].length }).items;
        assert.deepEqual(
          items.map((i) => i.label),
          ['A17.0'],
        );
        // Titles from a release are not glued to the extra columns of a multi-column file.
        assert.equal(ws.engine.terms.lookup('icd10', 'V01.1')?.title, `Synthetic diagnosis V01.1 ${SYNTHETIC}`);
      }
    });
  }
});

describe('code/asterisk-without-dagger with a release that marks its codes', () => {
  const config = workspace({ 'claml.xml': icd10Claml(ICD) }, { icd10: 'claml.xml' });
  const ws = loadWorkspace(config);
  const rules = (icd: string) => ws.engine.check(`Episode: R-5\nICD-10: ${icd}\n`, ws.settings).findings.map((f) => f.rule);

  test('an asterisk code alone, or with codes that are not daggers, is reported', () => {
    assert.deepEqual(rules('G01'), ['code/asterisk-without-dagger']);
    assert.deepEqual(rules('V01.1, G01'), ['code/asterisk-without-dagger']);
    const f = ws.engine.check('Episode: R-5\nICD-10: G01\n', ws.settings).findings[0];
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^G01 is an asterisk code in ICD-10 2019: a manifestation, which ICD-10 never lists alone\./);
  });

  test('a dagger code in the list, marked by the release or by the coder, silences it', () => {
    assert.deepEqual(rules('A17.0, G01'), []);
    assert.deepEqual(rules('G01, A17.0'), []);
    assert.deepEqual(rules('V01.1†, G01'), [], 'the coder marks an underlying disease that the release does not mark');
    assert.deepEqual(rules('A17.1, V01.2'), [], 'no asterisk code');
  });

  test('an ICD-10 TXT without a USAGE column marks nothing, so only the written mark counts', () => {
    const plain = 'CODE\tALT_CODE\tDESCRIPTION\n' + ICD.map((r) => `${r.code}\t${r.code.replace('.', '')}\t${r.title}`).join('\n');
    const w = loadWorkspace(workspace({ 'icd.txt': plain }, { icd10: 'icd.txt' }));
    assert.deepEqual(w.problems, []);
    assert.deepEqual(
      w.engine.check('Episode: R-6\nICD-10: G01\n', w.settings).findings.map((f) => f.rule),
      [],
    );
    assert.deepEqual(
      w.engine.check('Episode: R-6\nICD-10: G01*\n', w.settings).findings.map((f) => f.rule),
      ['code/asterisk-without-dagger'],
    );
  });
});

describe('a bad release: one message naming the file and what was expected; the bundled tables stay; notes are still checked', () => {
  const NOTE = 'Episode: R-7\nOPCS-4: J12.8, Q01.9\nICD-10: C22.5\n';
  const cases: { name: string; files: Record<string, Uint8Array | string>; path: string; cls: 'opcs4' | 'icd10'; message: RegExp }[] = [
    {
      name: 'a header-only ICD-10 file',
      files: { 'header.txt': icd10Txt([], false) },
      path: 'header.txt',
      cls: 'icd10',
      message:
        /^the ICD-10 release file header\.txt was not loaded \(the bundled ICD-10 table stays in force\): it has a header row and no codes under it: expected a header row naming a code column/,
    },
    {
      name: 'a truncated zip',
      files: { 'cut.zip': releaseZip({ 'Content/OPCS411 CodesAndTitles.txt': opcs4Txt(OPCS) }).slice(0, 600) },
      path: 'cut.zip',
      cls: 'opcs4',
      message:
        /^the OPCS-4 release file cut\.zip was not loaded \(the bundled OPCS-4 table stays in force\): it is not a readable \.zip archive \(it may be cut short or damaged; download it again\)/,
    },
    {
      name: 'a zip with no release file in it',
      files: { 'docs.zip': releaseZip({}) },
      path: 'docs.zip',
      cls: 'opcs4',
      message: /the \.zip holds no release file \(looked for \.txt and \.xml files, such as Content\/…CodesAndTitles….txt\)/,
    },
    {
      name: 'a file with no tab (a note, say)',
      files: { 'a.txt': 'Episode: secret-episode-text\nProcedure: secret procedure text\n' },
      path: 'a.txt',
      cls: 'opcs4',
      message:
        /^the OPCS-4 release file a\.txt was not loaded \(the bundled OPCS-4 table stays in force\): no line has a tab: expected tab-separated columns: the OPCS-4 Codes and Titles TXT \(a code, a tab and its title on each line\), or the ICD-10 Codes and Titles and Metadata TXT/,
    },
    {
      // The same words for an ICD-10 entry: what each classification's TXT holds, not only OPCS-4's.
      name: 'a file with no tab, under the ICD-10 entry',
      files: { 'a.txt': 'hello\nworld\n' },
      path: 'a.txt',
      cls: 'icd10',
      message:
        /^the ICD-10 release file a\.txt was not loaded \(the bundled ICD-10 table stays in force\): no line has a tab: expected .*ICD-10 Codes and Titles and Metadata TXT \(a header row naming CODE and DESCRIPTION/,
    },
    {
      name: 'an XML file cut short',
      files: { 'cut.xml': opcs4Xml(OPCS).slice(0, 2000) },
      path: 'cut.xml',
      cls: 'opcs4',
      message: /it is not well-formed XML|the XML ends inside an element/,
    },
    {
      name: 'ClaML cut short',
      files: { 'cut-claml.xml': icd10Claml(ICD).slice(0, 3000) },
      path: 'cut-claml.xml',
      cls: 'icd10',
      message: /it is not well-formed ClaML \(a Class element is not closed, line \d+; is the file cut short\?\)/,
    },
    {
      name: 'an ICD-10 release named as the OPCS-4 one',
      files: { 'claml.xml': icd10Claml(ICD) },
      path: 'claml.xml',
      cls: 'opcs4',
      message: /it is an ICD-10 release \(its content says so\), and "opcs4" expects an OPCS-4 release/,
    },
    {
      name: 'a missing file',
      files: {},
      path: 'nope.zip',
      cls: 'opcs4',
      message: /^cannot read the OPCS-4 release file nope\.zip \(no such file\); the bundled OPCS-4 table stays in force$/,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const config = workspace(c.files, { [c.cls]: c.path });
      const ws = loadWorkspace(config);
      assert.equal(ws.problems.length, 1, ws.problems.map((p) => p.message).join('\n'));
      assert.equal(ws.problems[0].file, config, 'on the configuration file');
      assert.equal(ws.problems[0].line, 2, 'on the line that names the release');
      assert.match(ws.problems[0].message, c.message);
      assert.ok(!/secret|Synthetic/.test(ws.problems[0].message), 'no content of the file is quoted');
      assert.equal(ws.engine.terms.release(c.cls), null);
      // Bundled tables: C22.5 is still not a code (C22 is complete), Q01.9 is not known not to be one.
      assert.deepEqual(
        ws.engine.check(NOTE, ws.settings).findings.map((f) => f.rule),
        ['code/unknown'],
      );
    });
  }

  test('some unreadable lines: the rest is loaded, and one message says how many and where', () => {
    const text = opcs4Txt(OPCS.slice(0, 50)) + 'not a code line\r\nanother\r\n';
    const ws = loadWorkspace(workspace({ 'opcs.txt': text }, { opcs4: 'opcs.txt' }));
    assert.equal(ws.problems.length, 1);
    assert.match(
      ws.problems[0].message,
      /^the OPCS-4 release file opcs\.txt: 2 lines hold no readable code and title \(the first is line 51\); the other 50 lines \(codes and category headings\) are loaded/,
    );
    assert.ok(ws.engine.terms.release('opcs4'));
    assert.equal(ws.problems[0].release, 'partial');
    // On the command line that is a warning: the notes are checked against the release, and the exit status is theirs.
    const dir = dirname(workspace({ 'opcs.txt': text, 'a.codingnote': ['Episode: R-1', 'OPCS-4: W99.9', ''].join('\n') }, { opcs4: 'opcs.txt' }));
    const { run, report } = runJson(dir, ['a.codingnote']);
    assert.equal(run.status, 0, run.stderr); // code/unknown is a warning
    assert.match(run.stderr, /^coding-notes: warning: \.codingnotes\.json:\d+:\d+: the OPCS-4 release file opcs\.txt: 2 lines hold/m);
    assert.deepEqual(
      report.files[0].diagnostics.map((d: { rule: string }) => d.rule),
      ['code/unknown'],
    );
    const listed = runCli(dir, ['classifications']);
    assert.equal(listed.status, 0, 'a release loaded with a warning is in force');
  });
});

describe('a release under the wrong classification, or among other files', () => {
  test('ICD-10 codes under "opcs4" are refused by their dagger and asterisk marks, whatever the file is called', () => {
    const ws = loadWorkspace(workspace({ 'codes.txt': icd10Txt(ICD) }, { opcs4: 'codes.txt' }));
    assert.equal(ws.problems.length, 1);
    assert.equal(ws.problems[0].release, 'failed');
    assert.match(
      ws.problems[0].message,
      /it is an ICD-10 release \(2 codes are marked dagger or asterisk, as only ICD-10 marks them\), and "opcs4" expects an OPCS-4 release: the Codes and Titles file .*Is it meant for "icd10"\?/,
    );
    assert.equal(ws.engine.terms.release('opcs4'), null, 'the bundled table stays');
  });

  test('OPCS-4 codes under "icd10" are refused by the titles the bundled table knows', () => {
    const rows = [
      ...OPCS.slice(0, 40),
      { code: 'J12.8', title: 'Other specified other therapeutic percutaneous operations on liver' },
      { code: 'Y13.2', title: 'Cryotherapy to lesion of organ NOC' },
    ];
    const ws = loadWorkspace(workspace({ 'codes.txt': opcs4Txt(rows) }, { icd10: 'codes.txt' }));
    assert.equal(ws.problems.length, 1);
    assert.match(
      ws.problems[0].message,
      /it is an OPCS-4 release \(2 of its codes have the OPCS-4 title the bundled table gives\), and "icd10" expects an ICD-10 release.*Is it meant for "opcs4"\?/,
    );
    // The same file under "opcs4" loads.
    assert.deepEqual(loadWorkspace(workspace({ 'codes.txt': opcs4Txt(rows) }, { opcs4: 'codes.txt' })).problems, []);
  });

  test('a download folder: the zip is read past a readme, and one folder of both zips serves both classifications', () => {
    const opcsZip = releaseZip({ 'Content/OPCS411 CodesAndTitles.txt': opcsTxt });
    const icdZip = releaseZip({ 'Content/ICD10_Edition5_CodesAndTitlesAndMetadata_GB.txt': icd10Txt(ICD) });
    const one = loadWorkspace(workspace({ 'rel/nhs_opcs4df_11.0.0.zip': opcsZip, 'rel/readme.txt': 'Downloaded from TRUD.\r\n' }, { opcs4: 'rel' }));
    assert.deepEqual(one.problems, []);
    assert.ok(one.engine.terms.release('opcs4'));
    const both = loadWorkspace(workspace({ 'rel/nhs_opcs4df_11.0.0.zip': opcsZip, 'rel/nhs_icd10_5.0.0.zip': icdZip }, { opcs4: 'rel', icd10: 'rel' }));
    assert.deepEqual(both.problems, []);
    assert.equal(both.engine.terms.release('opcs4')?.label, 'OPCS-4.11');
    assert.ok(both.engine.terms.release('icd10'));
  });

  test('completion by title words ignores accents: meniere finds Ménière, sjogren finds Sjögren', () => {
    const rows = [
      ...ICD,
      { code: 'H81.0', title: 'Synthetic Ménière’s title (synthetic test title)' },
      { code: 'M35.0', title: 'Synthetic sicca title [Sjögren] (synthetic test title)' },
    ];
    const ws = loadWorkspace(workspace({ 'icd.txt': icd10Txt(rows) }, { icd10: 'icd.txt' }));
    for (const [typed, code] of [
      ['meniere', 'H81.0'],
      ['sjogren', 'M35.0'],
      ['Ménière', 'H81.0'],
    ] as const) {
      const text = `Episode: A-1\nICD-10: ${typed}`;
      const items = complete(ws.engine, text, { line: 1, character: text.split('\n')[1].length }).items;
      const item = items.find((i) => i.label === code);
      assert.ok(item, `${typed} finds ${code}`);
      assert.ok(item.filterText?.toLowerCase().includes(typed.toLowerCase()), `the editor's filter keeps ${code} for "${typed}"`);
    }
  });
});

describe('readers', () => {
  test('the format is told by the content, not the name', () => {
    assert.equal(detectFormat(icd10Claml(ICD)), 'claml');
    assert.equal(detectFormat('\uFEFF  ' + opcs4Xml(OPCS)), 'xml');
    assert.equal(detectFormat(opcs4Txt(OPCS)), 'txt');
    assert.equal(readReleaseText(icd10Txt(ICD)).format, 'txt-header');
    assert.equal(readReleaseText(opcs4Txt(OPCS)).format, 'txt');
    // A zip is told by its first bytes, whatever its name.
    const root = dirname(workspace({ 'release.txt': releaseZip({ 'Content/OPCS411 CodesAndTitles.txt': opcs4Txt(OPCS) }) }, {}));
    const outcome = loadRelease(join(root, 'release.txt'), 'opcs4', 'release.txt');
    assert.ok(outcome.ok && outcome.release.version === 'OPCS-4.11');
  });

  test('encodings: UTF-8 with and without BOM, Windows-1252, UTF-16 with BOM', () => {
    const title = 'Synthetic café – test';
    assert.equal(decodeRelease(windows1252(title)).text, title);
    assert.equal(decodeRelease(windows1252(title)).encoding, 'Windows-1252');
    assert.equal(decodeRelease(utf8(title)).text, title);
    assert.equal(decodeRelease(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(title)])).text, title);
    const le = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(title, 'utf16le'))]);
    assert.equal(decodeRelease(le).text, title);
  });

  test('codes as release files write them', () => {
    assert.deepEqual(readReleaseCode('J128'), { kind: 'code', code: 'J12.8' });
    assert.deepEqual(readReleaseCode('J12.8'), { kind: 'code', code: 'J12.8' });
    assert.deepEqual(readReleaseCode('I10X'), { kind: 'code', code: 'I10' });
    assert.deepEqual(readReleaseCode('A170-D'), { kind: 'code', code: 'A17.0', usage: 'dagger' });
    assert.deepEqual(readReleaseCode('G01XA'), { kind: 'code', code: 'G01', usage: 'asterisk' });
    assert.deepEqual(readReleaseCode('G01*'), { kind: 'code', code: 'G01', usage: 'asterisk' });
    assert.deepEqual(readReleaseCode('M00.00'), { kind: 'fifth' });
    assert.deepEqual(readReleaseCode('CODE'), { kind: 'none' });
  });

  test('versions from the names the NHS gives its files, and from what a file states', () => {
    assert.equal(versionFromName('OPCS410 CodesAndTitles Nov 2022 V1.0.txt', 'opcs4'), 'OPCS-4.10');
    assert.equal(versionFromName('OPCS-4.11 data files', 'opcs4'), 'OPCS-4.11');
    assert.equal(versionFromName('opcs4_9_codes.txt', 'opcs4'), 'OPCS-4.9');
    assert.equal(versionFromName('codes.txt', 'opcs4'), null);
    assert.equal(versionFromName('ICD10_Edition5_CodesAndTitlesAndMetadata_GB_20160401.txt', 'icd10'), 'ICD-10 5th Edition');
    assert.equal(versionFromName('ICD-10 4th Edition', 'icd10'), 'ICD-10 4th Edition');
    assert.equal(versionFromName('icd10_claml.xml', 'icd10'), null);
  });

  test('ClaML: the preferred rubric is the title, without its cross-references; chapters and blocks are not codes', () => {
    const read = readReleaseText(icd10Claml(ICD));
    assert.equal(read.error, null);
    const a170 = read.entries.find((e) => e.code === 'A17.0')!;
    assert.deepEqual(a170, { code: 'A17.0', title: `Synthetic dagger code A17.0 ${SYNTHETIC}`, usage: 'dagger' });
    assert.ok(!read.entries.some((e) => e.code === 'I' || e.code === 'A15-A19'));
    assert.equal(read.fifthCharacter, 1);
    assert.equal(read.states, 'icd10');
  });

  test('in a folder or zip, the Codes and Titles file is chosen over metadata, specifications and equivalence tables', () => {
    assert.deepEqual(
      rank(
        [
          'Content/OPCS411 Metadata.txt',
          'Docs/spec.pdf',
          'Content/OPCS411 CodesAndTitles.txt',
          'Content/OPCS411 Table of Coding Equivalences.txt',
          'Content/schema.xsd',
        ],
        'opcs4',
      ),
      ['Content/OPCS411 CodesAndTitles.txt', 'Content/OPCS411 Metadata.txt', 'Content/OPCS411 Table of Coding Equivalences.txt'],
    );
  });
});

describe('fast, and loaded once', () => {
  test('a 12,000-code zipped release loads well within budget and completion answers in a few milliseconds', () => {
    clearReleaseCache();
    const rows = opcs4Rows(13_500, 'ABCDEFGHJKLMNPQRSTVW');
    const config = workspace({ 'big.zip': releaseZip({ 'Content/OPCS411 CodesAndTitles.txt': windows1252(opcs4Txt(rows)) }) }, { opcs4: 'big.zip' });
    const t0 = performance.now();
    const ws = loadWorkspace(config);
    const loadMs = performance.now() - t0;
    assert.deepEqual(ws.problems, []);
    const release = ws.engine.terms.release('opcs4')!;
    assert.ok(release.codes >= 12_000, `${release.codes} codes`);
    // The target is 300 ms (npm run bench measures it); a test machine under load gets slack.
    assert.ok(loadMs < 3000, `loaded in ${loadMs} ms`);
    assert.ok((release.loadMs ?? Infinity) < 3000);

    const text = 'Episode: R-8\nOPCS-4: J12.8, synth proc';
    const pos = { line: 1, character: text.split('\n')[1].length };
    complete(ws.engine, text, pos); // builds the index once
    const times: number[] = [];
    for (const q of ['synth proc', 'Q01', 'k4', 'caf', 'synthetic procedure m5']) {
      const t = `Episode: R-8\nOPCS-4: J12.8, ${q}`;
      const started = performance.now();
      const list = complete(ws.engine, t, { line: 1, character: t.split('\n')[1].length });
      times.push(performance.now() - started);
      assert.ok(list.items.length > 0, q);
      assert.ok(list.items.length <= 200);
    }
    times.sort((a, b) => a - b);
    assert.ok(times[2] < 50, `completion p50 ${times[2]} ms`);

    // Loaded once: a second workspace load of the same unchanged file reuses the parse.
    const again = loadWorkspace(config);
    assert.equal(again.engine.terms.release('opcs4')!.loadMs, release.loadMs, 'the same parse, from the cache');
  });

  test('a Terminology built from a release keeps the bundled sourced titles', () => {
    const terms = new Terminology({
      icd10: { name: 'synthetic', entries: [{ code: 'C78.7', title: `Another title ${SYNTHETIC}`, usage: 'asterisk' }], version: 'ICD-10 5th Edition' },
    });
    const c787 = terms.lookup('icd10', 'C78.7')!;
    assert.equal(c787.title, 'Secondary malignant neoplasm of liver and intrahepatic bile duct');
    assert.equal(c787.release, 'ICD-10 5th Edition');
  });
});
