// The audit report as a record (issue 15): when it was made and by which
// version, the configuration files in force with a SHA-256 of each, the rules
// they change, the pack files, every suppressed finding with its reason, every
// path not checked with why, the findings by episode, and `report --format csv`.
// At the CLI level on temporary folders, and at the LSP level for the editor's
// *Open Audit Report*. Build first (`node scripts/build.mjs`).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Audit } from '../server/src/report';
import { LspClient } from './helpers/lsp-client';
import { runCliEnv, tempFolder as sharedTempFolder } from './helpers/cli';
import { LOCAL_PACK } from './helpers/packs';
import { icd10Claml, icd10Rows, opcs4Rows, opcs4Txt, releaseZip, windows1252 } from './helpers/synthetic-releases';

const VERSION: string = JSON.parse(readFileSync(resolve(process.cwd(), 'package.json'), 'utf8')).version;
const posix = process.platform !== 'win32';
const hasMkfifo = posix && spawnSync('mkfifo', ['--version'], { timeout: 5_000 }).status === 0;

/** 2026-11-18T11:06:40Z, as SOURCE_DATE_EPOCH (seconds). */
const PINNED = '1795000000';

function cli(cwd: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  return runCliEnv(cwd, args, env);
}

function tempFolder(files: Record<string, string>): string {
  return sharedTempFolder(files, 'coding-notes-record-');
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path], { timeout: 5_000 });
  assert.equal(r.status, 0, `mkfifo ${path}: ${r.stderr}`);
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

const CONFIG = [
  '{',
  '  // Agreed at the coding audit: titles are checked by the PAS.',
  '  "rules": { "privacy/nhs-number": "warning", "code/title-mismatch": "off" },',
  '  "packs": ["./packs/local.json"],',
  '  "requireSuppressionReason": true,',
  '}',
  '',
].join('\n');

/** Y13.2 missing (ipg369/cryotherapy-code), switched off with a reason; C78.7 twice (code/duplicate), switched off without one. */
const SUPPRESSED = [
  'Episode: S-1',
  'Guidance: IPG369',
  'Approach: open',
  '# coding-notes-disable-next-line ipg369/cryotherapy-code -- Y13.2 added by the theatre system',
  'OPCS-4: J03.2',
  '# coding-notes-disable-next-line code/duplicate',
  'ICD-10: C78.7, C78.7',
].join('\n');

const BROKEN = ['Episode: B-1', 'Guidance: IPG369', 'Approach: percutaneous', 'Image control: ultrasound', 'OPCS-4: J12.8', 'ICD-10: C78.7, C78.7'].join('\n');
/** An Episode a spreadsheet would run as a formula, and a message with commas and quotes. */
const AWKWARD = ['Episode: =SUM(1,2) "x"', 'Guidance: IPG369', 'Approach: open', 'OPCS-4: J03.2', 'ICD-10: C78.7'].join('\n');

function notesFolder(): string {
  return tempFolder({
    '.codingnotes.json': CONFIG,
    'packs/local.json': JSON.stringify(LOCAL_PACK, null, 2),
    'notes/suppressed.codingnote': SUPPRESSED,
    'notes/broken.codingnote': ['# list', BROKEN, '---', AWKWARD, ''].join('\n'),
  });
}

function report(
  dir: string,
  args: string[],
  env: Record<string, string> = { SOURCE_DATE_EPOCH: PINNED },
): { status: number | null; audit: Audit; stderr: string } {
  const r = cli(dir, ['report', '--format', 'json', ...args], env);
  return { status: r.status, audit: JSON.parse(r.stdout), stderr: r.stderr };
}

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes (doubled) and line breaks; rows end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      assert.notEqual(c, '\n', 'a bare LF ends no row in RFC 4180');
      field += c;
      i++;
    }
  }
  assert.equal(field, '', 'the last row ends with CRLF');
  assert.equal(row.length, 0);
  return rows;
}

describe('coding-notes report: the record', () => {
  test('when, by which version, the configuration and its digest, the rules it changes, the packs and their files', () => {
    const dir = notesFolder();
    const { status, audit, stderr } = report(dir, ['notes']);
    assert.equal(status, 0, stderr);
    assert.equal(audit.generatedAt, '2026-11-18T11:06:40.000Z');
    assert.equal(audit.toolVersion, VERSION);
    assert.equal(audit.configurations.length, 1);
    const [config] = audit.configurations;
    assert.equal(config.path, '.codingnotes.json');
    assert.equal(config.sha256, sha256(join(dir, '.codingnotes.json')));
    assert.equal(config.files, 2);
    assert.deepEqual(config.rules, [
      { rule: 'code/title-mismatch', default: 'warning', setting: 'off' },
      { rule: 'privacy/nhs-number', default: 'off', setting: 'warning' },
    ]);
    assert.equal(config.requireSuppressionReason, true);
    assert.deepEqual(config.namedFiles, [{ kind: 'pack', path: join('packs', 'local.json'), sha256: sha256(join(dir, 'packs', 'local.json')), loaded: true }]);
    const local = audit.guidance.find((p) => p.id === 'LOCAL7');
    assert.deepEqual(local, { id: 'LOCAL7', title: 'Local cryotherapy audit', url: 'https://example.invalid/policy7', file: join('packs', 'local.json') });
    assert.equal(audit.guidance.find((p) => p.id === 'IPG369')?.file, null, 'a built-in pack has no file');
    assert.deepEqual(audit.notChecked, []);

    const html = cli(dir, ['report', 'notes'], { SOURCE_DATE_EPOCH: PINNED });
    assert.equal(html.status, 0, html.stderr);
    assert.ok(html.stdout.includes(`Made 2026-11-18 11:06:40 UTC by coding-notes ${VERSION}.`));
    assert.ok(html.stdout.includes(`<code>${config.sha256}</code>`));
    assert.ok(html.stdout.includes('<code>code/title-mismatch</code> switched off (default warning)'));
    assert.ok(html.stdout.includes('Nothing: every note found was read and checked.'));
  });

  test('without SOURCE_DATE_EPOCH the time is the clock; a value that is not seconds is said, and the clock used', () => {
    const dir = notesFolder();
    const before = Date.now();
    const { audit } = report(dir, ['notes'], {});
    const made = Date.parse(audit.generatedAt!);
    assert.ok(made >= before - 1000 && made <= Date.now() + 1000, audit.generatedAt!);
    const bad = report(dir, ['notes'], { SOURCE_DATE_EPOCH: 'yesterday' });
    assert.equal(bad.status, 0);
    assert.match(bad.stderr, /SOURCE_DATE_EPOCH is 'yesterday', not a number of seconds since 1970/);
    assert.ok(!Number.isNaN(Date.parse(bad.audit.generatedAt!)));
  });

  test('the digest follows the configuration file: a changed comment changes it', () => {
    const dir = notesFolder();
    const first = report(dir, ['notes']).audit.configurations[0].sha256;
    writeFileSync(join(dir, '.codingnotes.json'), CONFIG.replace('by the PAS', 'by the PAS (2026-11)'));
    const second = report(dir, ['notes']).audit.configurations[0].sha256;
    assert.notEqual(second, first);
    assert.equal(second, sha256(join(dir, '.codingnotes.json')));
    // A changed pack file changes its own digest.
    writeFileSync(join(dir, 'packs', 'local.json'), JSON.stringify({ ...LOCAL_PACK, title: 'Local cryotherapy audit, v2' }));
    const named = report(dir, ['notes']).audit.configurations[0].namedFiles[0];
    assert.equal(named.sha256, sha256(join(dir, 'packs', 'local.json')));
  });

  test('release files: each with its digest and, in force, its version and code count (SYNTHETIC releases)', () => {
    const dir = tempFolder({
      '.codingnotes.json': '{ "classifications": { "opcs4": "releases/nhs_opcs4df_11.zip", "icd10": "releases/claml" } }',
      'a.codingnote': BROKEN,
    });
    mkdirSync(join(dir, 'releases', 'claml'), { recursive: true });
    writeFileSync(join(dir, 'releases', 'nhs_opcs4df_11.zip'), releaseZip({ 'Content/OPCS411 CodesAndTitles.txt': windows1252(opcs4Txt(opcs4Rows(300))) }));
    writeFileSync(join(dir, 'releases', 'claml', 'icd10_claml.xml'), icd10Claml(icd10Rows(300), '5th Edition'));
    const { status, audit, stderr } = report(dir, ['a.codingnote']);
    assert.equal(status, 0, stderr);
    assert.deepEqual(audit.configurations[0].namedFiles, [
      { kind: 'opcs4', path: join('releases', 'nhs_opcs4df_11.zip'), sha256: sha256(join(dir, 'releases', 'nhs_opcs4df_11.zip')), loaded: true },
      { kind: 'icd10', path: join('releases', 'claml'), sha256: null, note: 'it is a folder', loaded: true },
    ]);
    assert.deepEqual(
      audit.classifications.map((c) => [c.classification, c.label]),
      [
        ['opcs4', 'OPCS-4.11'],
        ['icd10', 'ICD-10 5th Edition'],
      ],
    );
  });

  test('notes under no configuration file: the defaults, with no digest', () => {
    const dir = tempFolder({ 'a.codingnote': BROKEN });
    // A configuration above the temporary folder would apply: skip if the machine has one.
    const { audit } = report(dir, ['a.codingnote']);
    if (audit.configurations[0].path !== null) return;
    assert.deepEqual(audit.configurations, [{ path: null, sha256: null, files: 1, rules: [], guidance: [], requireSuppressionReason: false, namedFiles: [] }]);
  });

  test('every suppressed finding, with the comment line and its reason (or none)', () => {
    const dir = notesFolder();
    const { audit } = report(dir, ['notes']);
    const path = join('notes', 'suppressed.codingnote');
    assert.deepEqual(
      audit.suppressions.map((s) => [s.path, s.episode, s.rule, s.directiveLine, s.reason]),
      [
        [path, 'S-1', 'ipg369/cryotherapy-code', 3, 'Y13.2 added by the theatre system'],
        [path, 'S-1', 'code/duplicate', 5, null],
      ],
    );
    // A suppressed finding counts for nothing: the directive without a reason is a warning of its own.
    const counted = audit.findings.filter((f) => f.path === path).map((f) => f.rule);
    assert.deepEqual(counted, ['syntax/invalid-directive']);
    const html = cli(dir, ['report', 'notes'], { SOURCE_DATE_EPOCH: PINNED }).stdout;
    assert.ok(html.includes('<td class="reason">Y13.2 added by the theatre system</td>'));
    assert.ok(html.includes('<em>no reason given</em>'));
    const md = cli(dir, ['report', '--format', 'markdown', 'notes'], { SOURCE_DATE_EPOCH: PINNED }).stdout;
    assert.match(
      md,
      /\| S-1 \| .*suppressed\.codingnote`:5\]\(.*\) \| `ipg369\/cryotherapy-code` \(error\) \| .* \| line 4 \| Y13\.2 added by the theatre system \|/,
    );
  });

  test('with --no-inline-config nothing is suppressed, so the record lists none', () => {
    const dir = notesFolder();
    const { audit } = report(dir, ['--no-inline-config', 'notes']);
    assert.deepEqual(audit.suppressions, []);
    assert.ok(audit.findings.some((f) => f.rule === 'ipg369/cryotherapy-code'));
  });

  test(
    'every path not checked, with why: a FIFO, a file over --max-file-size, a missing file, one the ignore file leaves out',
    { skip: !hasMkfifo && 'needs mkfifo' },
    () => {
      const dir = notesFolder();
      mkfifo(join(dir, 'notes', 'pipe.codingnote'));
      writeFileSync(join(dir, 'notes', 'big.codingnote'), BROKEN + '\n' + '# padding\n'.repeat(200));
      writeFileSync(join(dir, 'draft.codingnote'), BROKEN);
      writeFileSync(join(dir, '.codingnotesignore'), 'draft.codingnote\n');
      const r = report(dir, ['--max-file-size', '1KB', 'notes', 'missing.codingnote', 'draft.codingnote']);
      assert.equal(r.status, 2, 'a file that cannot be read is trouble');
      const reasons = new Map(r.audit.notChecked.map((n) => [n.path, n.reason]));
      const paths = r.audit.notChecked.map((n) => n.path);
      assert.deepEqual(paths, [...paths].sort(), 'in path order');
      assert.match(reasons.get(join('notes', 'pipe.codingnote')) ?? '', /FIFO/);
      assert.match(reasons.get(join('notes', 'big.codingnote')) ?? '', /larger than|more than|limit/i);
      assert.match(reasons.get('missing.codingnote') ?? '', /no such file/i);
      assert.equal(reasons.get('draft.codingnote'), '.codingnotesignore leaves it out');
      assert.equal(r.audit.summary.files, 2, 'the readable notes are still reported');
      // The page says so at the top and lists each one.
      const html = cli(dir, ['report', '--max-file-size', '1KB', 'notes', 'missing.codingnote', 'draft.codingnote'], { SOURCE_DATE_EPOCH: PINNED }).stdout;
      assert.ok(html.includes(`${r.audit.notChecked.length} paths not checked: see <a href="#not-checked">Not checked</a>.`));
      assert.ok(html.includes(`<tr><td><code>${join('notes', 'pipe.codingnote')}</code></td><td>`));
      // `check --format json` lists the same paths with the same reasons.
      const checked = cli(dir, ['check', '--format', 'json', '--max-file-size', '1KB', 'notes', 'missing.codingnote', 'draft.codingnote']);
      assert.equal(checked.status, 2);
      assert.deepEqual(JSON.parse(checked.stdout).notChecked, r.audit.notChecked);
    },
  );

  test('a symbolic link out of the folder is listed as not followed', { skip: !posix && 'needs symbolic links' }, () => {
    const dir = notesFolder();
    const outside = tempFolder({ 'far.codingnote': BROKEN });
    spawnSync('ln', ['-s', outside, join(dir, 'notes', 'out')]);
    const { audit } = report(dir, ['notes']);
    assert.deepEqual(audit.notChecked, [
      { path: join('notes', 'out'), reason: 'a symbolic link out of the folder given (not followed; --follow-symlinks follows it)' },
    ]);
  });

  test('notes under an invalid configuration are listed as not checked', () => {
    const dir = tempFolder({ 'ward/.codingnotes.json': '{ "rules": { "no/such-rule": "off" } }', 'ward/a.codingnote': BROKEN, 'b.codingnote': BROKEN });
    const r = report(dir, ['ward', 'b.codingnote']);
    assert.equal(r.status, 2);
    const config = join('ward', '.codingnotes.json');
    assert.deepEqual(r.audit.notChecked, [
      { path: join('ward', 'a.codingnote'), reason: `its configuration ${config} is invalid (${config}:1:14: unknown rule "no/such-rule" in "rules")` },
    ]);
  });

  test('an unusable --config still gives a record: every note in it not checked, and why', () => {
    const dir = tempFolder({ 'bad.json': '{ "rules": ', 'a.codingnote': BROKEN });
    for (const config of ['bad.json', 'absent.json']) {
      const r = report(dir, ['--config', config, 'a.codingnote']);
      assert.equal(r.status, 2, config);
      assert.equal(r.audit.summary.files, 0);
      assert.equal(r.audit.notChecked.length, 1);
      assert.equal(r.audit.notChecked[0].path, 'a.codingnote');
      assert.match(r.audit.notChecked[0].reason, new RegExp(`^its configuration ${config} is invalid \\(${config}`));
      const checked = cli(dir, ['check', '--format', 'json', '--config', config, 'a.codingnote']);
      assert.equal(checked.status, 2);
      assert.deepEqual(JSON.parse(checked.stdout).notChecked, r.audit.notChecked);
    }
  });

  test('the record says how it was asked for: the command, the ignore file with its digest, and ignored suppression comments', () => {
    const dir = tempFolder({ 'a.codingnote': BROKEN, '.codingnotesignore': 'drafts/\n' });
    const r = report(dir, ['--no-inline-config', 'a.codingnote']);
    const invocation = r.audit.invocation!;
    assert.deepEqual(invocation.arguments, ['report', '--format', 'json', '--no-inline-config', 'a.codingnote']);
    assert.equal(invocation.inlineConfig, false);
    assert.equal(invocation.ignoreFiles.length, 1);
    assert.equal(invocation.ignoreFiles[0].path, '.codingnotesignore');
    assert.match(invocation.ignoreFiles[0].sha256 ?? '', /^[0-9a-f]{64}$/);
    // A folder given reads its own ignore file too: the record names it, with its digest.
    const nested = tempFolder({
      'ward/a.codingnote': BROKEN,
      'ward/.codingnotesignore': 'old/\n',
      'ward/old/b.codingnote': BROKEN,
      '.codingnotesignore': 'x/\n',
    });
    const both = report(nested, ['ward']).audit.invocation!.ignoreFiles;
    assert.deepEqual(
      both.map((f) => f.path),
      ['.codingnotesignore', 'ward/.codingnotesignore'],
    );
    assert.notEqual(both[0].sha256, both[1].sha256);
    assert.equal(report(nested, ['ward/a.codingnote']).audit.invocation!.ignoreFiles.length, 1, 'a file given reads only the working folder’s');
    const html = cli(dir, ['report', '--no-inline-config', 'a.codingnote'], { SOURCE_DATE_EPOCH: PINNED }).stdout;
    assert.match(html, /<th scope="row">Command<\/th><td><code>coding-notes report --no-inline-config a\.codingnote<\/code>/);
    assert.match(html, /suppression comments were ignored \(<code>--no-inline-config<\/code>\)/);
  });

  test('findings by episode: each finding names the Episode of its note, in file and line order', () => {
    const dir = notesFolder();
    const { audit } = report(dir, ['notes']);
    const broken = audit.findings.filter((f) => f.path === join('notes', 'broken.codingnote'));
    assert.ok(broken.length >= 3);
    for (const f of broken) assert.equal(f.episode, f.line <= 6 ? 'B-1' : '=SUM(1,2) "x"', `${f.rule} at line ${f.line}`);
    const order = audit.findings.map((f) => [f.path, f.line]);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => (a[0] === b[0] ? (a[1] as number) - (b[1] as number) : a[0] < b[0] ? -1 : 1)),
    );
    const html = cli(dir, ['report', 'notes'], { SOURCE_DATE_EPOCH: PINNED }).stdout;
    assert.ok(html.includes('<h2>Findings by episode</h2>'));
    assert.ok(
      html.includes('<tr><td class="episode">B-1</td><td class="where"><a href="notes/broken.codingnote#L6"><code>notes/broken.codingnote</code>:6</a></td>'),
    );
  });

  test('--format csv: one row per finding, parsed back, the same rows as check --format csv', () => {
    const dir = notesFolder();
    const r = cli(dir, ['report', '--format', 'csv', 'notes']);
    assert.equal(r.status, 0, r.stderr);
    const rows = parseCsv(r.stdout);
    assert.deepEqual(rows[0], ['file', 'line', 'column', 'episode', 'rule', 'severity', 'message']);
    const { audit } = report(dir, ['notes']);
    assert.deepEqual(
      rows.slice(1),
      audit.findings.map((f) => [
        f.path,
        String(f.line + 1),
        String(f.column + 1),
        f.episode === '=SUM(1,2) "x"' ? `'=SUM(1,2) "x"` : (f.episode ?? ''),
        f.rule,
        f.severity,
        f.message,
      ]),
    );
    assert.ok(
      rows.some((row) => row[3] === `'=SUM(1,2) "x"`),
      'a formula-like Episode is kept as text',
    );
    assert.deepEqual(r.stdout, cli(dir, ['check', '--format', 'csv', 'notes']).stdout, 'check and report write the same CSV');
    // --output-file writes it too.
    const out = cli(dir, ['report', '--format', 'csv', '--output-file', 'audit.csv', 'notes']);
    assert.equal(out.status, 0, out.stderr);
    assert.equal(readFileSync(join(dir, 'audit.csv'), 'utf8'), r.stdout);
  });

  test('the page prints: light colours, no row split across pages, web addresses written out', () => {
    const dir = notesFolder();
    const html = cli(dir, ['report', 'notes']).stdout;
    const print = /@media print \{([\s\S]*?)\n\}/.exec(html)?.[1] ?? '';
    assert.match(print, /background: #fff !important/);
    assert.match(print, /tr, [^{]*\{ break-inside: avoid; page-break-inside: avoid; \}/);
    assert.match(print, /a\[href\^="http"\]::after \{ content: " \(" attr\(href\) "\)"/);
  });
});

describe("the editor's audit report (LSP)", () => {
  test('lists the files it could not read, with why, in the page and in the answer', { skip: !hasMkfifo && 'needs mkfifo' }, async () => {
    const dir = notesFolder();
    mkfifo(join(dir, 'notes', 'pipe.codingnote'));
    const client = new LspClient();
    try {
      await client.request('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        capabilities: {},
        initializationOptions: { trusted: true },
      });
      client.notify('initialized', {});
      const before = Date.now();
      const result = await client.request('codingNotes/auditReport', { folders: [pathToFileURL(dir).href] });
      assert.equal(result.files, 2);
      assert.deepEqual(result.notChecked, [{ path: join('notes', 'pipe.codingnote'), reason: 'it is a FIFO (named pipe), not a regular file' }]);
      assert.ok(
        result.html.includes(`<tr><td><code>${join('notes', 'pipe.codingnote')}</code></td><td>it is a FIFO (named pipe), not a regular file</td></tr>`),
      );
      assert.ok(result.html.includes('1 path not checked'));
      // The same record as the CLI's: the time, the version, the configuration and its digest, the suppressions.
      const made = /Made (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC by coding-notes ([^<]+)\./.exec(result.html);
      assert.ok(made, 'the time and version are on the page');
      assert.ok(Date.parse(made[1].replace(' ', 'T') + 'Z') >= Math.floor(before / 1000) * 1000 - 1000);
      assert.equal(made[2], VERSION);
      assert.ok(result.html.includes(`<code>${sha256(join(dir, '.codingnotes.json'))}</code>`));
      assert.ok(result.html.includes('<td class="reason">Y13.2 added by the theatre system</td>'));
      assert.ok(result.html.includes('workspace pack <code>packs/local.json</code>'));
    } finally {
      client.kill();
    }
  });

  test('in an untrusted workspace, the pack file the configuration names is listed as not loaded', async () => {
    const dir = notesFolder();
    const client = new LspClient();
    try {
      await client.request('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        capabilities: {},
        initializationOptions: { trusted: false },
      });
      client.notify('initialized', {});
      const result = await client.request('codingNotes/auditReport', { folders: [pathToFileURL(dir).href] });
      assert.equal(result.files, 2);
      assert.ok(result.html.includes('<code>packs/local.json</code> <strong>(not loaded: the checks did not use it)</strong>'));
      assert.ok(!result.html.includes('>LOCAL7</a>'), 'the pack is not among those in force');
    } finally {
      client.kill();
    }
  });
});
