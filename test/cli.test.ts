// The command line, run as users run it: `node dist/cli.js check …` on files in
// temporary folders. Build first (`node scripts/build.mjs`).

import { test, describe } from 'node:test';
import { cleanNote } from './helpers/notes';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readExpectations } from './helpers/fixtures';
import { assertTidyStderr, runCli, runJson, tempFolder } from './helpers/cli';
import type { Run } from './helpers/cli';
import { replaceFile } from '../server/src/cli/write';
import { firstInvalidUtf8 } from '../server/src/node/textfile';
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';

const SHARED = resolve(process.cwd(), '..', 'shared', 'examples');
const VERSION: string = JSON.parse(readFileSync(resolve(process.cwd(), 'package.json'), 'utf8')).version;

function cli(cwd: string, ...args: string[]): Run {
  return runCli(cwd, args);
}

function json(cwd: string, ...args: string[]): { run: Run; report: any } {
  return runJson(cwd, args);
}

const folder = (files: Record<string, string | Buffer> = {}) => tempFolder(files);

// Notes written for these tests. A complete percutaneous cryotherapy note…
const CLEAN = cleanNote('CLI-0001');
// …the same without the cryotherapy method code (an error with a preferred fix)…
const MISSING_METHOD = CLEAN.replace('J12.8, Y13.2, Y53.2', 'J12.8, Y53.2');
const MISSING_METHOD_FIXED = CLEAN;
// …a code listed twice (a warning only)…
const DUPLICATE = CLEAN.replace('ICD-10: C78.7', 'ICD-10: C78.7, C78.7');
// …and both at once.
const ERROR_AND_WARNING = MISSING_METHOD.replace('ICD-10: C78.7', 'ICD-10: C78.7, C78.7');

describe('exit status', () => {
  test('0 for a clean note, with only the summary line', () => {
    const dir = folder({ 'clean.codingnote': CLEAN });
    const r = cli(dir, 'check', 'clean.codingnote');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 information, 0 hints in 1 file, 1 note\n');
    assert.equal(r.stderr, '', 'nothing on stderr, and no progress when stderr is not a terminal');
  });

  test('1 when an error remains; text lines are path:line:column: severity rule message', () => {
    const dir = folder({ 'sub/missing.codingnote': MISSING_METHOD });
    const r = cli(dir, 'check', 'sub/missing.codingnote');
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    // OPCS-4 is line 6; the finding starts at the field name (column 1).
    assert.match(lines[0], /^sub\/missing\.codingnote:6:1: error ipg369\/cryotherapy-code \S.*Y13\.2/);
    assert.equal(lines[1], '1 error, 0 warnings, 0 information, 0 hints in 1 file, 1 note');
  });

  test('0 when only warnings remain', () => {
    const dir = folder({ 'dup.codingnote': DUPLICATE });
    const r = cli(dir, 'check', 'dup.codingnote');
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^dup\.codingnote:7:\d+: warning code\/duplicate /m);
  });

  for (const [what, args, words] of [
    ['an unknown option', ['check', '--bogus', 'x.codingnote'], /--bogus/],
    ['an option without its value', ['check', 'x.codingnote', '--format'], /--format needs a value/],
    ['an unknown format', ['check', '--format', 'xml', 'x.codingnote'], /xml/],
    ['no path', ['check', '--fix'], /no file or folder/],
    ['no command', [], /no command/],
    ['an unknown command', ['lint', 'x.codingnote'], /unknown command 'lint'/],
    ['a value given to a flag', ['check', '--fix=yes', 'x.codingnote'], /--fix takes no value/],
    ['- as a path, suggesting --stdin', ['check', '-'], /--stdin/],
    ['--fix-type without --fix or --fix-dry-run', ['check', '--fix-type', 'all', 'x.codingnote'], /--fix-type needs --fix or --fix-dry-run/],
    ['an unknown fix type', ['check', '--fix', '--fix-type', 'reading,rewrite', 'x.codingnote'], /unknown fix type 'rewrite'/],
    ['an empty fix type', ['check', '--fix', '--fix-type=', 'x.codingnote'], /--fix-type needs a comma list/],
    ['--fix with --fix-dry-run', ['check', '--fix', '--fix-dry-run', 'x.codingnote'], /--fix and --fix-dry-run/],
    ['a negative --max-warnings', ['check', '--max-warnings', '-1', 'x.codingnote'], /--max-warnings needs a whole number/],
    ['a --max-warnings that is not a number', ['check', '--max-warnings', 'few', 'x.codingnote'], /--max-warnings needs a whole number/],
    ['a path with --stdin', ['check', '--stdin', 'x.codingnote'], /no file or folder with --stdin/],
    ['--stdin-filename without --stdin', ['check', '--stdin-filename', 'x.codingnote', 'x.codingnote'], /--stdin-filename needs --stdin/],
    ['--stdin for report', ['report', '--stdin'], /--stdin is not for report/],
  ] as const) {
    test(`2 for ${what}, with one line pointing to --help`, () => {
      const dir = folder({ 'x.codingnote': MISSING_METHOD });
      const r = cli(dir, ...args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
      assert.match(r.stderr, words);
      assert.match(r.stderr, /--help/);
      assertTidyStderr(r.stderr);
    });
  }

  test('2 for a missing file, naming it, while the other files are still checked', () => {
    const dir = folder({ 'here.codingnote': MISSING_METHOD });
    const { run, report } = json(dir, 'gone.codingnote', 'here.codingnote');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /gone\.codingnote/);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, 1);
    assertTidyStderr(run.stderr);
    assert.deepEqual(
      report.files.map((f: any) => f.path),
      ['here.codingnote'],
    );
    assert.deepEqual(
      report.files[0].diagnostics.map((d: any) => d.rule),
      ['ipg369/cryotherapy-code'],
    );
  });

  test('2 for a file that is not UTF-8, naming it, without checking it', () => {
    const dir = folder({
      'latin1.codingnote': Buffer.from('Episode: CLI-0002\nProcedure: Caf\xe9 cryo liver\n', 'latin1'),
      'clean.codingnote': CLEAN,
    });
    const { run, report } = json(dir, '.');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /latin1\.codingnote.*UTF-8/);
    assert.match(run.stderr, /line 2/);
    assertTidyStderr(run.stderr);
    assert.deepEqual(
      report.files.map((f: any) => f.path),
      ['clean.codingnote'],
    );
  });

  test('2 for an invalid .codingnotes.json, in one line naming the file and line', () => {
    const dir = folder({
      'team/.codingnotes.json': '{\n  "rules": {\n    "code/no-such-rule": "off"\n  }\n}\n',
      'team/note.codingnote': CLEAN,
      'other/note.codingnote': MISSING_METHOD,
    });
    const { run, report } = json(dir, '.');
    assert.equal(run.status, 2);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], /team[\\/]\.codingnotes\.json:3:5: .*code\/no-such-rule/);
    assertTidyStderr(run.stderr);
    // Notes under the broken configuration are not checked; the others are.
    assert.deepEqual(
      report.files.map((f: any) => f.path),
      [join('other', 'note.codingnote')],
    );
  });

  test('2 for a --config file that is not JSON or does not exist', () => {
    const dir = folder({ 'bad.json': '{ "rules": ', 'note.codingnote': CLEAN });
    for (const config of ['bad.json', 'absent.json']) {
      const r = cli(dir, 'check', '--config', config, 'note.codingnote');
      assert.equal(r.status, 2, config);
      // The summary still comes (a script reading the report gets one), every file not checked.
      assert.match(r.stdout, /in 0 files, 0 notes; 1 file not checked \(why is on stderr\)\n$/);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
      // A syntax error is placed at its line and column; a file that cannot be read is named alone.
      const place = config === 'bad.json' ? 'bad\\.json:1:\\d+: ' : 'absent\\.json: cannot read the configuration file \\(no such file\\)';
      assert.match(r.stderr, new RegExp(place));
      assertTidyStderr(r.stderr);
    }
  });
});

describe('JSON report', () => {
  test('has exactly the contract’s shape, field by field', () => {
    const titled = MISSING_METHOD.replace('ICD-10: C78.7', 'ICD-10: C78.7 Liver secondaries, C18.7');
    const twoNotes = titled + '---\n# nothing here yet\n';
    const dir = folder({ 'list.codingnote': twoNotes, 'clean.codingnote': CLEAN });
    const { run, report } = json(dir, 'list.codingnote', 'clean.codingnote');
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');

    assert.deepEqual(Object.keys(report), ['version', 'files', 'summary']);
    assert.equal(report.version, 1);
    assert.ok(Array.isArray(report.files));
    assert.deepEqual(
      report.files.map((f: any) => f.path),
      ['list.codingnote', 'clean.codingnote'],
    );

    for (const file of report.files) {
      // `applied` only with --fix or --fix-dry-run.
      assert.deepEqual(Object.keys(file), ['path', 'notes', 'diagnostics']);
      assert.equal(typeof file.path, 'string');
      for (const note of file.notes) {
        assert.deepEqual(Object.keys(note), ['line', 'episode', 'guidance', 'approach', 'imageControl', 'opcs4', 'icd10']);
        assert.ok(Number.isInteger(note.line) && note.line >= 0);
        for (const key of ['episode', 'approach', 'imageControl']) {
          assert.ok(note[key] === null || typeof note[key] === 'string', `${key}: ${note[key]}`);
        }
        for (const key of ['guidance', 'opcs4', 'icd10']) {
          assert.ok(Array.isArray(note[key]) && note[key].every((x: unknown) => typeof x === 'string'), key);
        }
      }
      for (const d of file.diagnostics) {
        assert.deepEqual(Object.keys(d), ['rule', 'severity', 'message', 'range', 'fixes']);
        assert.equal(typeof d.rule, 'string');
        assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity));
        assert.equal(typeof d.message, 'string');
        assert.deepEqual(Object.keys(d.range), ['start', 'end']);
        for (const end of [d.range.start, d.range.end]) {
          assert.deepEqual(Object.keys(end), ['line', 'character']);
          assert.ok(Number.isInteger(end.line) && Number.isInteger(end.character));
        }
        for (const fix of d.fixes) {
          assert.deepEqual(Object.keys(fix), ['title', 'preferred', 'kind']);
          assert.equal(typeof fix.title, 'string');
          assert.equal(typeof fix.preferred, 'boolean');
          assert.ok(['reading', 'layout', 'insert', 'change'].includes(fix.kind), fix.kind);
        }
      }
    }

    const [list, clean] = report.files;
    // Every note in order, the empty one included; ranges 0-based.
    assert.deepEqual(list.notes, [
      {
        line: 0,
        episode: 'CLI-0001',
        guidance: ['IPG369'],
        approach: 'percutaneous',
        imageControl: 'ultrasound',
        opcs4: ['J12.8', 'Y53.2'],
        icd10: ['C78.7', 'C18.7'],
      },
      { line: 8, episode: null, guidance: [], approach: null, imageControl: null, opcs4: [], icd10: [] },
    ]);
    assert.deepEqual(
      list.diagnostics.map((d: any) => [d.rule, d.severity, d.range.start.line]),
      [
        ['ipg369/cryotherapy-code', 'error', 5],
        ['code/title-mismatch', 'warning', 6],
      ],
    );
    assert.ok(list.diagnostics[0].fixes.some((f: any) => f.preferred && f.kind === 'insert' && /Y13\.2/.test(f.title)));
    assert.deepEqual(clean.diagnostics, []);

    assert.deepEqual(report.summary, { files: 2, notes: 3, error: 1, warning: 1, information: 0, hint: 0 });
  });

  test('paths of walked files are the given folder joined with the path inside it', () => {
    const dir = folder({ 'notes/a/one.codingnote': CLEAN });
    const { report } = json(dir, 'notes');
    assert.deepEqual(
      report.files.map((f: any) => f.path),
      [join('notes', 'a', 'one.codingnote')],
    );
  });
});

describe('configuration', () => {
  test('a .codingnotes.json that turns a rule off changes the result', () => {
    const dir = folder({
      'strict/note.codingnote': MISSING_METHOD,
      'relaxed/.codingnotes.json': '{ "rules": { "ipg369/cryotherapy-code": "off" } }\n',
      'relaxed/deeper/note.codingnote': MISSING_METHOD,
    });
    const strict = json(dir, 'strict');
    assert.equal(strict.run.status, 1);
    assert.deepEqual(
      strict.report.files[0].diagnostics.map((d: any) => d.rule),
      ['ipg369/cryotherapy-code'],
    );

    const relaxed = json(dir, 'relaxed');
    assert.equal(relaxed.run.status, 0, relaxed.run.stderr);
    assert.deepEqual(relaxed.report.files[0].diagnostics, []);
  });

  test('--config applies one file to every note, instead of the nearest', () => {
    const dir = folder({
      'settings/lenient.json': '{ "rules": { "ipg369/cryotherapy-code": "warning" } }\n',
      'notes/.codingnotes.json': '{ "rules": { "code/duplicate": "error" } }\n',
      'notes/note.codingnote': ERROR_AND_WARNING,
    });
    const nearest = json(dir, 'notes');
    assert.equal(nearest.run.status, 1);
    assert.deepEqual(
      nearest.report.files[0].diagnostics.map((d: any) => `${d.rule} ${d.severity}`),
      ['ipg369/cryotherapy-code error', 'code/duplicate error'],
    );

    const given = json(dir, '--config', join('settings', 'lenient.json'), 'notes');
    assert.equal(given.run.status, 0, given.run.stderr);
    assert.deepEqual(
      given.report.files[0].diagnostics.map((d: any) => `${d.rule} ${d.severity}`),
      ['ipg369/cryotherapy-code warning', 'code/duplicate warning'],
    );
  });
});

describe('--quiet', () => {
  test('reports errors only, in text and JSON', () => {
    const dir = folder({ 'note.codingnote': ERROR_AND_WARNING });
    const loud = cli(dir, 'check', 'note.codingnote');
    assert.match(loud.stdout, /warning code\/duplicate/);

    const text = cli(dir, 'check', '--quiet', 'note.codingnote');
    assert.equal(text.status, 1);
    assert.doesNotMatch(text.stdout, /warning code\/duplicate/);
    assert.match(text.stdout, /error ipg369\/cryotherapy-code/);

    const { report } = json(dir, '--quiet', 'note.codingnote');
    assert.deepEqual(
      report.files[0].diagnostics.map((d: any) => d.severity),
      ['error'],
    );
    assert.equal(report.summary.warning, 0);

    const warningsOnly = folder({ 'dup.codingnote': DUPLICATE });
    const quiet = cli(warningsOnly, 'check', '--quiet', '--format', 'sarif', 'dup.codingnote');
    assert.deepEqual(JSON.parse(quiet.stdout).runs[0].results, []);
  });
});

describe('SARIF', () => {
  test('is a SARIF 2.1.0 log whose rules and regions match the findings', () => {
    const dir = folder({ 'ward/list.codingnote': ERROR_AND_WARNING, 'ward/clean.codingnote': CLEAN });
    const run = cli(dir, 'check', '--format', 'sarif', 'ward');
    assert.equal(run.status, 1, run.stderr);
    const log = JSON.parse(run.stdout);
    const { report } = json(dir, 'ward');

    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    const [sarifRun] = log.runs;
    const driver = sarifRun.tool.driver;
    assert.equal(driver.name, 'coding-notes');
    assert.equal(driver.version, VERSION);

    const ids = driver.rules.map((r: any) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'each rule listed once');
    for (const rule of driver.rules) {
      assert.equal(typeof rule.name, 'string');
      assert.doesNotMatch(rule.name, /\//);
      assert.ok(rule.shortDescription.text.length > 0, rule.id);
      assert.ok(['error', 'warning', 'note', 'none'].includes(rule.defaultConfiguration.level), rule.id);
      // Help is the rule's page, carried in the log: no address of the machine that ran it, nor a web address.
      assert.equal(rule.helpUri, undefined, rule.id);
      assert.ok(rule.help.text.startsWith(rule.shortDescription.text.replace(/`/g, '')), rule.id);
      assert.doesNotMatch(rule.help.text, /`|\]\(/, `plain text: ${rule.id}`);
      const page = resolve(process.cwd(), 'docs', 'rules', ...rule.id.split('/')) + '.md';
      if (existsSync(page)) {
        const unlinked = readFileSync(page, 'utf8')
          .replace(/^<!--.*-->\n+/, '')
          .replace(/\[([^\]]+)\]\((?![a-z][a-z0-9+.-]*:)[^)]*\)/gi, '$1')
          .trimEnd();
        assert.equal(rule.help.markdown, unlinked, `help.markdown is docs/rules/${rule.id}.md`);
      }
      assert.doesNotMatch(JSON.stringify(rule), /file:/, rule.id);
    }
    assert.ok(ids.includes('ipg369/cryotherapy-code') && ids.includes('syntax/invalid-line'));

    const diagnostics = report.files.flatMap((f: any) => f.diagnostics);
    assert.equal(sarifRun.results.length, diagnostics.length);
    assert.ok(sarifRun.results.length > 0);
    sarifRun.results.forEach((result: any, i: number) => {
      const d = diagnostics[i];
      assert.equal(result.ruleId, d.rule);
      assert.ok(ids.includes(result.ruleId), `rules include ${result.ruleId}`);
      assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
      assert.equal(result.level, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[d.severity as string]);
      // Each related place is linked from the message to its relatedLocations entry, as code-scanning viewers need.
      const links = (d.related ?? []).map((x: any, k: number) => `[line ${x.range.start.line + 1}: ${x.message}](${k})`);
      assert.equal(result.message.text, links.length ? `${d.message} (${links.join('; ')})` : d.message);
      assert.equal(result.relatedLocations?.length ?? 0, links.length);
      assert.equal(result.locations.length, 1);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.equal(artifactLocation.uri, 'ward/list.codingnote');
      assert.deepEqual(region, {
        startLine: d.range.start.line + 1,
        startColumn: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      });
      assert.ok(region.startLine >= 1 && region.startColumn >= 1);
    });
  });
});

describe('--fix', () => {
  test('fixes in place, reports what remains, and a second run changes nothing', () => {
    const dir = folder({ 'note.codingnote': ERROR_AND_WARNING, 'clean.codingnote': CLEAN });
    const first = json(dir, '--fix', '.');
    assert.equal(first.run.status, 0, first.run.stderr);
    assert.equal(readFileSync(join(dir, 'note.codingnote'), 'utf8'), MISSING_METHOD_FIXED);
    assert.equal(readFileSync(join(dir, 'clean.codingnote'), 'utf8'), CLEAN);
    // The report describes the files after fixing.
    assert.deepEqual(
      first.report.files.map((f: any) => f.diagnostics),
      [[], []],
    );
    assert.deepEqual(first.report.files[1].notes[0].opcs4, ['J12.8', 'Y13.2', 'Y53.2']);

    const second = cli(dir, 'check', '--fix', '.');
    assert.equal(second.status, 0);
    assert.match(second.stdout, /fixed 0 files/);
    assert.equal(readFileSync(join(dir, 'note.codingnote'), 'utf8'), MISSING_METHOD_FIXED);
  });

  test('reports the errors that no fix removes', () => {
    const unfixable = CLEAN.replace('Episode: CLI-0001', 'Episode: CLI-0001\nWard round notes');
    const dir = folder({ 'note.codingnote': unfixable });
    const r = cli(dir, 'check', '--fix', 'note.codingnote');
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^note\.codingnote:2:1: error syntax\/invalid-line /m);
    assert.equal(readFileSync(join(dir, 'note.codingnote'), 'utf8'), unfixable);
  });

  test('writes atomically: no temporary file left, the mode kept', { skip: process.platform === 'win32' && 'modes are POSIX' }, () => {
    const dir = folder({ 'note.codingnote': MISSING_METHOD });
    const path = join(dir, 'note.codingnote');
    chmodSync(path, 0o640);
    const r = cli(dir, 'check', '--fix', 'note.codingnote');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(path, 'utf8'), MISSING_METHOD_FIXED);
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['note.codingnote']);
  });

  test('keeps CRLF line ends and the byte order mark', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const dir = folder({
      'crlf.codingnote': crlf(MISSING_METHOD),
      'bom.codingnote': Buffer.concat([bom, Buffer.from(MISSING_METHOD)]),
      'both.codingnote': Buffer.concat([bom, Buffer.from(crlf(ERROR_AND_WARNING))]),
    });
    // Before fixing, the BOM does not shift columns.
    const before = json(dir, '.');
    const columns = before.report.files.map((f: any) => f.diagnostics[0].range.start.character);
    assert.deepEqual(columns, [0, 0, 0]);

    const r = cli(dir, 'check', '--fix', '.');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(readFileSync(join(dir, 'crlf.codingnote')), Buffer.from(crlf(MISSING_METHOD_FIXED)));
    assert.deepEqual(readFileSync(join(dir, 'bom.codingnote')), Buffer.concat([bom, Buffer.from(MISSING_METHOD_FIXED)]));
    assert.deepEqual(readFileSync(join(dir, 'both.codingnote')), Buffer.concat([bom, Buffer.from(crlf(MISSING_METHOD_FIXED))]));
    assert.deepEqual(readdirSync(dir).sort(), ['bom.codingnote', 'both.codingnote', 'crlf.codingnote']);
  });

  test('leaves a file alone when it changed on disk after it was read', () => {
    const dir = folder({ 'note.codingnote': 'edited meanwhile\n' });
    const path = join(dir, 'note.codingnote');
    const asRead = Buffer.from(MISSING_METHOD);
    const result = replaceFile(path, asRead, Buffer.from(MISSING_METHOD_FIXED));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.changedOnDisk);
    assert.equal(readFileSync(path, 'utf8'), 'edited meanwhile\n');
    assert.deepEqual(readdirSync(dir), ['note.codingnote']);

    const same = replaceFile(path, Buffer.from('edited meanwhile\n'), Buffer.from(CLEAN));
    assert.ok(same.ok);
    assert.equal(readFileSync(path, 'utf8'), CLEAN);
    assert.deepEqual(readdirSync(dir), ['note.codingnote']);
  });
});

describe('folders', () => {
  test('are walked in sorted order, skipping node_modules, dot-folders and other files', () => {
    const dir = folder({
      'root/b.codingnote': CLEAN,
      'root/a.codingnote': CLEAN,
      'root/B/inner.codingnote': CLEAN,
      'root/sub/deeper/c.codingnote': CLEAN,
      'root/node_modules/pkg/x.codingnote': MISSING_METHOD,
      'root/.git/y.codingnote': MISSING_METHOD,
      'root/sub/.cache/z.codingnote': MISSING_METHOD,
      'root/readme.txt': 'not a note',
      'root/a.codingnote.bak': MISSING_METHOD,
    });
    const { run, report } = json(dir, 'root');
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(
      report.files.map((f: any) => f.path),
      [join('root', 'B', 'inner.codingnote'), join('root', 'a.codingnote'), join('root', 'b.codingnote'), join('root', 'sub', 'deeper', 'c.codingnote')],
    );
  });

  test('a file given twice, or inside a given folder, is checked once', () => {
    const dir = folder({ 'n/a.codingnote': MISSING_METHOD });
    const { report } = json(dir, join('n', 'a.codingnote'), 'n');
    assert.equal(report.files.length, 1);
    assert.equal(report.summary.error, 1);
  });
});

describe('help and version', () => {
  test('--help describes check and its options', () => {
    const r = cli(process.cwd(), '--help');
    assert.equal(r.status, 0);
    for (const word of ['check', '--format', '--fix', '--fix-type', '--fix-dry-run', '--max-warnings', '--stdin', '--stdin-filename', '--config', '--quiet']) {
      assert.ok(r.stdout.includes(word), word);
    }
  });

  test('--version prints the package version', () => {
    const r = cli(process.cwd(), '--version');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${VERSION}\n`);
  });
});

test('UTF-8 validation finds the first bad byte', () => {
  const at = (...bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
  assert.equal(at(0x41, 0xc3, 0xa9), -1); // é
  assert.equal(at(0xf0, 0x9f, 0x98, 0x80), -1); // 😀
  assert.equal(at(0x41, 0xe9, 0x41), 1); // Latin-1 é
  assert.equal(at(0xc0, 0x80), 0); // overlong NUL
  assert.equal(at(0xed, 0xa0, 0x80), 0); // a surrogate
  assert.equal(at(0x41, 0xe2, 0x82), 1); // cut short
});

test("Node's isUtf8 (the fast path for a valid file) and the scan that says where a file breaks agree on every input", () => {
  // Random bytes biased to UTF-8's lead and continuation bytes, so both valid and broken sequences come up often.
  const bytes = fc.array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff })), {
    maxLength: 24,
  });
  fc.assert(
    fc.property(bytes, (list) => {
      const b = Uint8Array.from(list);
      assert.equal(isUtf8(b), firstInvalidUtf8(b) < 0);
    }),
    { numRuns: 20_000 },
  );
});

describe('shared examples', () => {
  if (!existsSync(SHARED)) {
    test('shared examples', { skip: `no shared examples at ${SHARED} on this machine` }, () => {});
    return;
  }
  const names = readdirSync(SHARED)
    .filter((n) => n.endsWith('.codingnote'))
    .sort();
  const copy = () => {
    const dir = folder();
    for (const n of names) copyFileSync(join(SHARED, n), join(dir, n));
    return dir;
  };

  test('check --format json reports exactly what the expect comments announce', () => {
    const dir = copy();
    const { run, report } = json(dir, '.');
    assert.equal(run.stderr, '');
    assert.deepEqual(
      report.files.map((f: any) => f.path),
      names,
    );
    for (const file of report.files) {
      const name: string = file.path;
      const diagnostics: any[] = file.diagnostics;
      if (name.endsWith('.fixed.codingnote')) {
        assert.deepEqual(
          diagnostics.map((d) => d.rule),
          [],
          `${name} must be clean`,
        );
        continue;
      }
      const { expectations } = readExpectations(readFileSync(join(dir, name), 'utf8'));
      const claimed = new Set<number>();
      for (const exp of expectations) {
        const got = diagnostics
          .map((d, i) => ({ d, i }))
          .filter(({ d }) => d.range.start.line >= exp.from && d.range.start.line <= exp.to)
          .map(({ d, i }) => (claimed.add(i), d.rule))
          .sort();
        assert.deepEqual(got, [...exp.rules].sort(), `${name}:${exp.line + 1}`);
      }
      const stray = diagnostics.filter((_, i) => !claimed.has(i)).map((d) => `${d.range.start.line + 1}: ${d.rule}`);
      assert.deepEqual(stray, [], `${name}: diagnostics no expect comment announces`);
    }
    const errors = report.files.flatMap((f: any) => f.diagnostics).filter((d: any) => d.severity === 'error');
    assert.equal(run.status, errors.length ? 1 : 0);
  });

  // The .fixed files show every preferred fix applied (rules.md): `--fix-type all`.
  test('check --fix --fix-type all turns each note into its .fixed.codingnote, byte for byte', () => {
    const dir = copy();
    const r = cli(dir, 'check', '--fix', '--fix-type', 'all', '.');
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assertTidyStderr(r.stderr);
    for (const n of names) {
      const fixed = n.replace(/\.codingnote$/, '.fixed.codingnote');
      const want = !n.endsWith('.fixed.codingnote') && names.includes(fixed) ? fixed : n;
      assert.deepEqual(readFileSync(join(dir, n)), readFileSync(join(SHARED, want)), `${n} after --fix must equal ${want}`);
    }
    assert.deepEqual(readdirSync(dir).sort(), names, 'no temporary file left behind');
  });
});
