// Release files through the bundled language server (stdio) and the bundled
// CLI: a coder points `.codingnotes.json` at the zip they downloaded and gets
// code/unknown, hover and completion from it, and the release's version in the
// status and the audit report. SYNTHETIC releases (test/helpers/synthetic-releases.ts).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp-client';
import { runCli } from './helpers/cli';
import { icd10Claml, icd10Rows, opcs4Rows, opcs4Txt, releaseZip, windows1252 } from './helpers/synthetic-releases';

/** The three lines of configuration the README shows. */
const CONFIG = '{\n  "classifications": {\n    "opcs4": "releases/nhs_opcs4df_11.zip",\n    "icd10": "releases/icd10_claml.xml"\n  }\n}\n';

function releaseFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'ccn-release-lsp-'));
  mkdirSync(join(folder, 'releases'));
  writeFileSync(join(folder, 'releases', 'nhs_opcs4df_11.zip'), releaseZip({ 'Content/OPCS411 CodesAndTitles.txt': windows1252(opcs4Txt(opcs4Rows(300))) }));
  writeFileSync(join(folder, 'releases', 'icd10_claml.xml'), icd10Claml(icd10Rows(300), '5th Edition'));
  writeFileSync(join(folder, '.codingnotes.json'), CONFIG);
  return folder;
}

const NOTE = ['Episode: L-1', 'Procedure: synthetic procedure', 'OPCS-4: Q01.1, Q01.9', 'ICD-10: G01', ''].join('\n');

describe('a release zip in the editor (stdio)', () => {
  let client: LspClient;
  const folder = releaseFolder();
  const uri = pathToFileURL(join(folder, 'list.codingnote')).href;

  before(async () => {
    writeFileSync(join(folder, 'list.codingnote'), NOTE);
    client = new LspClient();
    client.onRequest('workspace/configuration', (params) => params.items.map(() => null));
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { trusted: true, status: true },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version: 1, text: NOTE } });
  });

  after(() => {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  test('code/unknown for a code the release lacks, and an asterisk code with no dagger', async () => {
    const published = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['code/unknown', 2],
        ['code/asterisk-without-dagger', 3],
      ],
    );
    assert.match(published.diagnostics[0].message, /Q01\.9 is not an OPCS-4 code in the configured release file/);
    assert.match(published.diagnostics[1].message, /G01 is an asterisk code in ICD-10 5th Edition/);
  });

  test('hover: the release title, under its version', async () => {
    const h = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
    assert.match(h.contents.value, /\*\*Q01\.1\*\* Synthetic procedure Q01\.1 \(synthetic test title\)/);
    assert.match(h.contents.value, /OPCS-4\.11: procedure code/);
    const g = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 9 } });
    assert.match(g.contents.value, /ICD-10 5th Edition: category with no subdivisions/);
    assert.match(g.contents.value, /Asterisk code/);
  });

  test('completion by a word of a release title', async () => {
    const text = NOTE.replace('OPCS-4: Q01.1, Q01.9', 'OPCS-4: Q01.1, caf');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const list = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 'OPCS-4: Q01.1, caf'.length } });
    const items = Array.isArray(list) ? list : list.items;
    assert.equal(items[0].label, 'Q02.1');
    assert.match(items[0].detail, /Synthetic café procedure – Q02\.1 \(synthetic test title\) \(OPCS-4\.11\)/);
  });

  test('the status names the releases in force', async () => {
    const status = await client.waitFor('codingNotes/status', (p: any) => p.uri === uri && p.releases?.length === 2);
    assert.deepEqual(
      status.releases.map((r: any) => [r.classification, r.label, r.file]),
      [
        ['opcs4', 'OPCS-4.11', 'releases/nhs_opcs4df_11.zip (Content/OPCS411 CodesAndTitles.txt)'],
        ['icd10', 'ICD-10 5th Edition', 'releases/icd10_claml.xml'],
      ],
    );
    assert.ok(status.releases[0].codes > 250);
  });

  test('the audit report names them too', async () => {
    const report = await client.request('codingNotes/auditReport', { folders: [pathToFileURL(folder).href] });
    assert.match(
      report.html,
      /Code tables: OPCS-4\.11 \([\d,]+ codes\) from <code>releases\/nhs_opcs4df_11\.zip \(Content\/OPCS411 CodesAndTitles\.txt\)<\/code>; ICD-10 5th Edition/,
    );
  });

  test('a broken release: one error on the configuration, the bundled tables, and the note still checked', async () => {
    const other = mkdtempSync(join(tmpdir(), 'ccn-release-lsp-bad-'));
    try {
      writeFileSync(join(other, 'cut.zip'), releaseZip({ 'Content/OPCS411 CodesAndTitles.txt': opcs4Txt(opcs4Rows(300)) }).slice(0, 500));
      writeFileSync(join(other, '.codingnotes.json'), '{\n  "classifications": { "opcs4": "cut.zip" }\n}\n');
      const noteUri = pathToFileURL(join(other, 'n.codingnote')).href;
      const text = 'Episode: L-2\nOPCS-4: Q01.9\nICD-10: C22.5\n';
      writeFileSync(join(other, 'n.codingnote'), text);
      client.notify('textDocument/didOpen', { textDocument: { uri: noteUri, languageId: 'coding-note', version: 1, text } });
      const note = await client.diagnostics(noteUri, (p) => p.diagnostics.length > 0);
      assert.deepEqual(
        note.diagnostics.map((d) => d.code),
        ['code/unknown'],
        'C22.5 from the bundled table; Q01.9 unknown to it',
      );
      const config = await client.diagnostics(pathToFileURL(join(other, '.codingnotes.json')).href, (p) => p.diagnostics.length > 0);
      assert.equal(config.diagnostics.length, 1);
      assert.equal(config.diagnostics[0].range.start.line, 1);
      assert.match(
        config.diagnostics[0].message,
        /the OPCS-4 release file cut\.zip was not loaded \(the bundled OPCS-4 table stays in force\): it is not a readable \.zip archive/,
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('coding-notes classifications, and the report', () => {
  const folder = releaseFolder();
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('what is loaded for a folder: file, format, version, code count, load time', () => {
    writeFileSync(join(folder, 'a.codingnote'), NOTE);
    const r = runCli(folder, ['classifications']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Configuration: \.codingnotes\.json$/m);
    assert.match(r.stdout, /^OPCS-4: OPCS-4\.11, [\d,]+ codes \(\d+ category headings\)$/m);
    assert.match(r.stdout, /^ {2}file: {4}releases\/nhs_opcs4df_11\.zip \(Content\/OPCS411 CodesAndTitles\.txt\)$/m);
    assert.match(r.stdout, /^ {2}format: {2}Codes and Titles TXT \(tab-separated, no header\)$/m);
    assert.match(r.stdout, /^ {2}loaded in [\d.]+ ms$/m);
    assert.match(r.stdout, /^ICD-10: ICD-10 5th Edition, [\d,]+ codes \(\d+ category headings, 1 dagger, 1 asterisk\)$/m);
    assert.match(r.stdout, /^ {2}format: {2}ClaML XML$/m);
    const json = JSON.parse(runCli(folder, ['classifications', '--format', 'json', '.']).stdout);
    // The configuration file as `check --print-config` shows it: relative to the working folder.
    assert.equal(json.configFile, '.codingnotes.json');
    assert.deepEqual(
      json.classifications.map((c: any) => [c.classification, c.source, c.release.version]),
      [
        ['opcs4', 'release', 'OPCS-4.11'],
        ['icd10', 'release', 'ICD-10 5th Edition'],
      ],
    );
  });

  test('without a configuration: the bundled subsets', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ccn-release-none-'));
    try {
      const r = runCli(empty, ['classifications', '--config', join(folder, 'missing.json')]);
      assert.equal(r.status, 2);
      const none = runCli(empty, ['classifications']);
      assert.match(none.stdout, /^OPCS-4: the bundled subset, \d+ codes with a sourced title \(no release file loaded\)$/m);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test('a bad release: exit 2 and one line naming the file', () => {
    const bad = mkdtempSync(join(tmpdir(), 'ccn-release-badcli-'));
    try {
      writeFileSync(join(bad, 'header.txt'), 'CODE\tALT_CODE\tDESCRIPTION\n');
      writeFileSync(join(bad, '.codingnotes.json'), JSON.stringify({ classifications: { icd10: 'header.txt' } }));
      const r = runCli(bad, ['classifications']);
      assert.equal(r.status, 2);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.match(
        r.stderr,
        /^coding-notes: \.codingnotes\.json:1: the ICD-10 release file header\.txt was not loaded \(the bundled ICD-10 table stays in force\): it has a header row and no codes under it/,
      );
      assert.match(r.stdout, /^ICD-10: the bundled subset/m);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  test('the audit report names the releases', () => {
    const r = runCli(folder, ['report', '--format', 'markdown', '.']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Code tables: OPCS-4\.11 \([\d,]+ codes\) from `releases\/nhs_opcs4df_11\.zip \(Content\/OPCS411 CodesAndTitles\.txt\)`; ICD-10 5th Edition \([\d,]+ codes\) from `releases\/icd10_claml\.xml`\.$/m,
    );
    const json = JSON.parse(runCli(folder, ['report', '--format', 'json', '.']).stdout);
    assert.deepEqual(
      json.classifications.map((c: any) => c.label),
      ['OPCS-4.11', 'ICD-10 5th Edition'],
    );
  });
});
