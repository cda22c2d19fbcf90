// The command line as a coding team's CI uses it (issue 15), run as users run
// it (`node dist/cli.js …`) on temporary folders: options checked per command,
// glob patterns, .codingnotesignore, --output-file, --print-config, patterns
// that match nothing, JSONC configuration with errors at their line and column,
// suppressions in the open (JSON, SARIF, unused ones, --no-inline-config,
// requireSuppressionReason) and CSV. Build first (`node scripts/build.mjs`).

import { test, describe } from 'node:test';
import { execFileSync } from 'node:child_process';
import { cleanNote } from './helpers/notes';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertTidyStderr, runCli, runJson, tempFolder } from './helpers/cli';
import type { Run } from './helpers/cli';
import { assertValidSarif } from './helpers/sarif';
import { Engine } from '../server/src/core/engine';
import { CONFIG_KEYS } from '../server/src/core/config';
import { IncrementalDocument } from '../server/src/core/incremental';

const cli = (cwd: string, ...args: string[]): Run => runCli(cwd, args);

const CLEAN = cleanNote('CONV-0001');
/** Y13.2 missing: an error (ipg369/cryotherapy-code) on line 6. */
const MISSING_METHOD = CLEAN.replace('J12.8, Y13.2, Y53.2', 'J12.8, Y53.2');
/** C78.7 twice: a warning (code/duplicate) on line 7. */
const DUPLICATE = CLEAN.replace('ICD-10: C78.7', 'ICD-10: C78.7, C78.7');

const paths = (report: any) => report.files.map((f: any) => f.path);

describe('arguments, per command', () => {
  test('an option before the command is checked against that command', () => {
    const dir = tempFolder({ 'x.codingnote': MISSING_METHOD });
    const sarifForReport = cli(dir, '--format', 'sarif', 'report', 'x.codingnote');
    assert.equal(sarifForReport.status, 2);
    assert.equal(sarifForReport.stdout, '');
    assert.match(sarifForReport.stderr, /^coding-notes: unknown format 'sarif' \(use html, markdown, json or csv\)\. Run 'coding-notes --help' for usage\.\n$/);

    const jsonForCheck = cli(dir, '--format', 'json', 'check', 'x.codingnote');
    assert.equal(jsonForCheck.status, 1);
    assert.deepEqual(
      JSON.parse(jsonForCheck.stdout).files[0].diagnostics.map((d: any) => d.rule),
      ['ipg369/cryotherapy-code'],
    );

    const quietForReport = cli(dir, '--quiet', 'report', 'x.codingnote');
    assert.equal(quietForReport.status, 2);
    assert.match(quietForReport.stderr, /option --quiet is not for report/);

    const markdown = cli(dir, '--format=markdown', 'report', 'x.codingnote');
    assert.equal(markdown.status, 0, markdown.stderr);
    assert.doesNotMatch(markdown.stdout, /<html/i);
  });

  for (const [what, args, words] of [
    ['an option of check for classifications', ['classifications', '--fix'], /option --fix is not for classifications/],
    ['--print-config with --fix', ['check', '--print-config', 'x.codingnote', '--fix'], /--print-config checks nothing/],
    ['an empty --output-file', ['check', '--output-file=', 'x.codingnote'], /--output-file needs a file name/],
    [
      'an --output-file that is a note',
      ['check', '--format', 'csv', '--output-file', 'x.codingnote', 'x.codingnote'],
      /--output-file x\.codingnote names a note: a report written there would replace it/,
    ],
    ['a value for --no-inline-config', ['check', '--no-inline-config=yes', 'x.codingnote'], /--no-inline-config takes no value/],
  ] as const) {
    test(`2 for ${what}, in one line`, () => {
      const r = cli(tempFolder({ 'x.codingnote': CLEAN }), ...args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
      assert.match(r.stderr, words);
      assertTidyStderr(r.stderr);
    });
  }
});

describe('glob patterns, quoted so that the CLI expands them', () => {
  const files = {
    'notes/a.codingnote': MISSING_METHOD,
    'notes/ward-1/b.codingnote': DUPLICATE,
    'notes/ward-1/deep/c.codingnote': CLEAN,
    'notes/readme.txt': 'not a note',
    'notes/.hidden/h.codingnote': MISSING_METHOD,
    'notes/node_modules/n.codingnote': MISSING_METHOD,
    'other/o.codingnote': MISSING_METHOD,
    'top.codingnote': CLEAN,
  };

  test('** matches at any depth under the fixed part, skipping dot-folders and node_modules', () => {
    const { run, report } = runJson(tempFolder(files), ['notes/**/*.codingnote']);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(paths(report), [join('notes', 'a.codingnote'), join('notes', 'ward-1', 'b.codingnote'), join('notes', 'ward-1', 'deep', 'c.codingnote')]);
  });

  test('* matches one level; braces and several patterns; a note matched twice is checked once', () => {
    const dir = tempFolder(files);
    assert.deepEqual(paths(runJson(dir, ['*.codingnote']).report), ['top.codingnote']);
    assert.deepEqual(paths(runJson(dir, ['notes/*/*.codingnote']).report), [join('notes', 'ward-1', 'b.codingnote')]);
    assert.deepEqual(paths(runJson(dir, ['{notes,other}/*.codingnote']).report), [join('notes', 'a.codingnote'), join('other', 'o.codingnote')]);
    assert.deepEqual(paths(runJson(dir, ['notes/a.codingnote', 'notes/*.codingnote']).report), [join('notes', 'a.codingnote')]);
  });

  test('a file whose name looks like a pattern is that file', () => {
    const dir = tempFolder({ 'list[1].codingnote': MISSING_METHOD, 'list1.codingnote': CLEAN });
    assert.deepEqual(paths(runJson(dir, ['list[1].codingnote']).report), ['list[1].codingnote']);
  });

  test('the report command takes patterns too', () => {
    const r = cli(tempFolder(files), 'report', '--format', 'json', 'notes/**/*.codingnote');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).summary.files, 3);
  });
});

describe('paths that match no note', () => {
  for (const [what, given, words] of [
    ['a pattern', '*.note', /^coding-notes: no \.codingnote file matches the pattern '\*\.note' \(--no-error-on-unmatched-pattern allows it\)$/m],
    ['a pattern under a missing folder', 'gone/**/*.codingnote', /no \.codingnote file matches the pattern 'gone\/\*\*\/\*\.codingnote'/],
    ['a folder with no note', 'empty', /^coding-notes: no \.codingnote files in empty \(--no-error-on-unmatched-pattern allows it\)$/m],
  ] as const) {
    test(`${what}: exit 2 with a message; --no-error-on-unmatched-pattern allows it`, () => {
      const dir = tempFolder({ 'empty/readme.txt': 'nothing here', 'clean.codingnote': CLEAN });
      const r = cli(dir, 'check', given, 'clean.codingnote');
      assert.equal(r.status, 2, r.stdout);
      assert.match(r.stderr, words);
      assertTidyStderr(r.stderr);
      assert.match(r.stdout, /in 1 file, 1 note/, 'the other paths are still checked');

      const allowed = cli(dir, 'check', '--no-error-on-unmatched-pattern', given, 'clean.codingnote');
      assert.equal(allowed.status, 0, allowed.stderr);
      assertTidyStderr(allowed.stderr);
      const alone = cli(dir, 'check', '--no-error-on-unmatched-pattern', given);
      assert.equal(alone.status, 0, alone.stderr);
      assert.match(alone.stdout, /in 0 files, 0 notes/);
    });
  }
});

describe('.codingnotesignore', () => {
  const IGNORE = ['# gitignore syntax', 'archive/', 'draft-*.codingnote', '!draft-keep.codingnote', ''].join('\n');

  test('in the working folder: leaves out folders and files it names, with negation', () => {
    const dir = tempFolder({
      '.codingnotesignore': IGNORE,
      'notes/a.codingnote': CLEAN,
      'notes/archive/old.codingnote': MISSING_METHOD,
      'notes/draft-1.codingnote': MISSING_METHOD,
      'notes/draft-keep.codingnote': CLEAN,
      'archive/x.codingnote': MISSING_METHOD,
    });
    const { run, report } = runJson(dir, ['.']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(paths(report), [join('notes', 'a.codingnote'), join('notes', 'draft-keep.codingnote')]);
    // Patterns go through the same rules.
    assert.deepEqual(paths(runJson(dir, ['**/*.codingnote']).report), [join('notes', 'a.codingnote'), join('notes', 'draft-keep.codingnote')]);
  });

  test('a file named on the command line that it leaves out is not checked, and said so', () => {
    const dir = tempFolder({ '.codingnotesignore': IGNORE, 'draft-2.codingnote': MISSING_METHOD, 'ok.codingnote': CLEAN });
    const r = cli(dir, 'check', 'draft-2.codingnote', 'ok.codingnote');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stderr, 'coding-notes: draft-2.codingnote is not checked: .codingnotesignore leaves it out\n');
    assert.match(r.stdout, /in 1 file, 1 note/);
  });

  test('in a folder given: applies under it; a folder whose notes are all left out matches nothing', () => {
    const dir = tempFolder({
      'ward/.codingnotesignore': 'skip/\n',
      'ward/a.codingnote': CLEAN,
      'ward/skip/b.codingnote': MISSING_METHOD,
      'only-ignored/.codingnotesignore': '*.codingnote\n',
      'only-ignored/c.codingnote': MISSING_METHOD,
    });
    const { run, report } = runJson(dir, ['ward']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(paths(report), [join('ward', 'a.codingnote')]);
    const all = cli(dir, 'check', 'only-ignored');
    assert.equal(all.status, 2);
    assert.match(all.stderr, /no \.codingnote files in only-ignored that \.codingnotesignore does not leave out \(it leaves out 1\)/);
  });

  test('one that is not a regular file is an error, not read', { skip: process.platform === 'win32' && 'POSIX links' }, () => {
    const dir = tempFolder({ 'a.codingnote': CLEAN });
    mkdirSync(join(dir, '.codingnotesignore'));
    const r = cli(dir, 'check', '.');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read .*\.codingnotesignore: it is a folder/);
  });
});

describe('--output-file', () => {
  test('writes the report to the file, atomically, and nothing to stdout; the exit status is the check’s', () => {
    const dir = tempFolder({ 'notes/x.codingnote': MISSING_METHOD, 'out/keep.txt': '' });
    for (const format of ['json', 'sarif', 'csv', 'text']) {
      const r = cli(dir, 'check', '--format', format, '--output-file', `out/report.${format}`, 'notes');
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, '');
      const written = readFileSync(join(dir, 'out', `report.${format}`), 'utf8');
      assert.equal(written, cli(dir, 'check', '--format', format, 'notes').stdout);
    }
    assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['keep.txt', 'report.csv', 'report.json', 'report.sarif', 'report.text'], 'no temporary file left');

    const report = cli(dir, 'report', '--output-file', 'out/audit.html', 'notes');
    assert.equal(report.status, 0, report.stderr);
    assert.match(readFileSync(join(dir, 'out', 'audit.html'), 'utf8'), /^<!DOCTYPE html>/);
  });

  test('a path it cannot write is one line and exit 2', () => {
    const dir = tempFolder({ 'x.codingnote': CLEAN, 'folder/keep.txt': '' });
    for (const target of ['folder', join('missing', 'report.json')]) {
      const r = cli(dir, 'check', '--format', 'json', '--output-file', target, 'x.codingnote');
      assert.equal(r.status, 2, target);
      assert.match(r.stderr, new RegExp(`^coding-notes: cannot write the report to ${target.replace(/[\\.]/g, '\\$&')}: `));
      assertTidyStderr(r.stderr);
    }
    assert.ok(!existsSync(join(dir, 'missing')));
  });
});

describe('--print-config', () => {
  test('prints the configuration a file gets: every rule with its severity, merged with the defaults', () => {
    const dir = tempFolder({
      'team/.codingnotes.json':
        '{\n  // the team\'s choices\n  "rules": { "code/duplicate": "error", "privacy/nhs-number": "warning" },\n  "guidance": ["ipg369"],\n  "requireSuppressionReason": true,\n}\n',
      'team/x.codingnote': CLEAN,
    });
    const r = cli(dir, 'check', '--print-config', 'team/x.codingnote');
    assert.equal(r.status, 0, r.stderr);
    const printed = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(printed), ['configFile', 'rules', 'guidance', 'packs', 'classifications', 'requireSuppressionReason']);
    assert.equal(printed.configFile, join('team', '.codingnotes.json'));
    assert.equal(printed.rules['code/duplicate'], 'error');
    assert.equal(printed.rules['privacy/nhs-number'], 'warning');
    assert.equal(printed.rules['code/sequence'], 'warning', 'a default');
    assert.equal(printed.rules['ipg369/cryotherapy-code'], 'error');
    assert.deepEqual(printed.guidance, ['IPG369']);
    assert.equal(printed.requireSuppressionReason, true);

    // A file elsewhere gets the defaults; the path need not exist; --output-file takes it too.
    const outside = JSON.parse(cli(dir, '--print-config', 'elsewhere/new.codingnote').stdout);
    assert.equal(outside.configFile, null);
    assert.equal(outside.rules['code/duplicate'], 'warning');
    assert.equal(outside.requireSuppressionReason, false);
    assert.equal(cli(dir, 'check', '--print-config', 'team/x.codingnote', '--output-file', 'printed.json').stdout, '');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'printed.json'), 'utf8')), printed);
  });

  test('with --config, and exit 2 for an invalid configuration', () => {
    const dir = tempFolder({ 'strict.json': '{ "rules": { "code/sequence": "error" } }', 'bad/.codingnotes.json': '{ "rules": { "nope/nope": "off" } }' });
    assert.equal(JSON.parse(cli(dir, 'check', '--config', 'strict.json', '--print-config', 'any.codingnote').stdout).rules['code/sequence'], 'error');
    const bad = cli(dir, 'check', '--print-config', 'bad/x.codingnote');
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^coding-notes: invalid configuration bad[\\/]\.codingnotes\.json:1:14: unknown rule "nope\/nope" in "rules"/);
  });
});

describe('.codingnotes.json as JSONC', () => {
  test('the published schema has exactly the settings the loader reads, and allows comments and trailing commas', () => {
    const schema = JSON.parse(readFileSync(join(process.cwd(), 'schemas', 'codingnotes.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties), [...CONFIG_KEYS]);
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.allowComments, true);
    assert.equal(schema.allowTrailingCommas, true);
    assert.equal(schema.properties.requireSuppressionReason.type, 'boolean');
  });

  test('comments and trailing commas are read; $schema is allowed', () => {
    const dir = tempFolder({
      '.codingnotes.json': [
        '{',
        '  "$schema": "./node_modules/clinical-coding-notes/schemas/codingnotes.schema.json",',
        '  /* Agreed at the coding audit, 2026-11. */',
        '  "rules": {',
        '    // Y13.2 is added by the theatre system, not by the coder.',
        '    "ipg369/cryotherapy-code": "off",',
        '    "code/duplicate": "error", // repeats cost a re-submission',
        '  },',
        '}',
        '',
      ].join('\n'),
      'x.codingnote': MISSING_METHOD.replace('ICD-10: C78.7', 'ICD-10: C78.7, C78.7'),
    });
    const { run, report } = runJson(dir, ['x.codingnote']);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
    assert.deepEqual(
      report.files[0].diagnostics.map((d: any) => `${d.rule} ${d.severity}`),
      ['code/duplicate error'],
    );
  });

  for (const [what, text, place, words] of [
    [
      'a missing comma',
      '{\n  "rules": {\n    "code/duplicate": "off"\n    "code/sequence": "off"\n  }\n}\n',
      '4:5',
      "not valid JSON: expected ',' between two entries",
    ],
    ['a comment left open', '{\n  "rules": {} /* why\n}\n', '2:15', 'not valid JSON: a comment that is not closed'],
    ['an unknown rule', '{\n  // strict\n  "rules": {\n      "code/no-such-rule": "off"\n  }\n}\n', '4:7', 'unknown rule "code/no-such-rule" in "rules"'],
    ['a bad severity', '{ "rules": {\n  "code/duplicate": "loud" } }\n', '2:21', 'rule "code/duplicate": severity must be one of'],
    ['an unknown setting', '{\n\n    "colour": "red"\n}', '3:5', 'unknown setting "colour"'],
    ['requireSuppressionReason not a boolean', '{ "requireSuppressionReason": "yes" }', '1:31', '"requireSuppressionReason" must be true or false'],
  ] as const) {
    test(`${what}: an error at its line and column`, () => {
      const dir = tempFolder({ '.codingnotes.json': text, 'x.codingnote': CLEAN });
      const r = cli(dir, 'check', 'x.codingnote');
      assert.equal(r.status, 2);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
      assert.ok(r.stderr.startsWith(`coding-notes: invalid configuration .codingnotes.json:${place}: ${words}`), r.stderr);
      assertTidyStderr(r.stderr);
    });
  }

  test("several problems: the first in the file heads, and the others follow in the file's order, a close name suggested", () => {
    const text = '{\n  "guidance": 5,\n  "rules": { "code/duplicat": "off" },\n  "colour": 1,\n  "size": 2\n}\n';
    const dir = tempFolder({ '.codingnotes.json': text, 'x.codingnote': CLEAN });
    const r = cli(dir, 'check', 'x.codingnote');
    assert.equal(r.status, 2);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.match(lines[0], /^coding-notes: invalid configuration \.codingnotes\.json:2:15: "guidance" must be a list of strings \(and 3 more problems\)/);
    assert.deepEqual(
      lines.slice(1).map((l) => /\.codingnotes\.json:(\d+):\d+/.exec(l)?.[1]),
      ['3', '4', '5'],
    );
    assert.match(lines[1], /unknown rule "code\/duplicat" in "rules" \(did you mean "code\/duplicate"\?\)/);
    // SARIF: the summary line, then each problem as a notification placed in the file.
    const sarif = JSON.parse(cli(dir, 'check', '--format', 'sarif', 'x.codingnote').stdout);
    const notifications = sarif.runs[0].invocations[0].toolExecutionNotifications;
    assert.match(notifications[0].message.text, /^invalid configuration /);
    assert.deepEqual(
      notifications.slice(1).map((n: any) => [n.locations[0].physicalLocation.artifactLocation.uri, n.locations[0].physicalLocation.region.startLine]),
      [
        ['.codingnotes.json', 2],
        ['.codingnotes.json', 3],
        ['.codingnotes.json', 4],
        ['.codingnotes.json', 5],
      ],
    );
    assert.equal(sarif.runs[0].invocations[0].executionSuccessful, false);
    // The JSON report's reason counts the others too.
    const report = JSON.parse(cli(dir, 'check', '--format', 'json', 'x.codingnote').stdout);
    assert.match(report.notChecked[0].reason, /^its configuration \.codingnotes\.json is invalid \(\.codingnotes\.json:2:15: .* \(and 3 more problems\)\)$/);
  });

  test('a pack or release file that cannot be read is blamed on the entry that names it', () => {
    const config = [
      '{',
      '  "rules": {},',
      '  "packs": [',
      '    "./packs/local.json",',
      '    "./packs/nope.json"',
      '  ],',
      '  "classifications": { "opcs4": "releases/none.txt" }',
      '}',
      '',
    ].join('\n');
    const pack = JSON.parse(readFileSync(join(process.cwd(), 'server', 'src', 'core', 'guidance', 'ipg369.json'), 'utf8'));
    const dir = tempFolder({ '.codingnotes.json': config, 'packs/local.json': JSON.stringify({ ...pack, id: 'LOCAL9' }), 'x.codingnote': CLEAN });
    const r = cli(dir, 'check', 'x.codingnote');
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /^coding-notes: invalid configuration \.codingnotes\.json:5:5: cannot load guidance pack \.\/packs\/nope\.json \(no such file\) \(and 1 more problem\) \(its notes were not checked\)$/m,
    );
    // The same place for every command: report prints the same line.
    const report = cli(dir, 'report', '--format', 'json', 'x.codingnote');
    assert.match(
      report.stderr,
      /^coding-notes: invalid configuration \.codingnotes\.json:5:5: cannot load guidance pack \.\/packs\/nope\.json \(no such file\) \(and 1 more problem\)/m,
    );
    // The release file, at its entry.
    writeFileSync(join(dir, '.codingnotes.json'), config.replace('    "./packs/local.json",\n    "./packs/nope.json"\n', '    "./packs/local.json"\n'));
    // A release file that cannot be read leaves the configuration in force with the bundled
    // table: the note is checked, and the run still exits 2 so that CI notices.
    const release = cli(dir, 'check', '--format', 'json', 'x.codingnote');
    assert.equal(release.status, 2);
    assert.match(
      release.stderr,
      /^coding-notes: \.codingnotes\.json:6:33: cannot read the OPCS-4 release file releases\/none\.txt \(no such file\); the bundled OPCS-4 table stays in force \(its notes were checked\)$/m,
    );
    assert.equal(JSON.parse(release.stdout).files.length, 1);
  });

  test('a pack that does not fit is reported in the pack, at the line of the property', () => {
    const pack = JSON.parse(readFileSync(join(process.cwd(), 'server', 'src', 'core', 'guidance', 'ipg369.json'), 'utf8'));
    pack.id = 'LOCAL8';
    pack.approaches.open.mainCode = 'J3.2';
    const text = JSON.stringify(pack, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"J3.2"')) + 1;
    const dir = tempFolder({ '.codingnotes.json': '{ "packs": ["local.json"] }', 'local.json': text, 'x.codingnote': CLEAN });
    const r = cli(dir, 'check', 'x.codingnote');
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      new RegExp(`^coding-notes: invalid configuration local\\.json:${line}:\\d+: invalid guidance pack: \\$\\.approaches\\.open\\.mainCode: `, 'm'),
    );
  });
});

/** A note with two suppression comments: one with a reason, one without, one that suppresses nothing. */
const SUPPRESSED = [
  'Episode: CONV-0002',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
  '# coding-notes-disable-next-line ipg369/cryotherapy-code -- Y13.2 added by the theatre system',
  'OPCS-4: J12.8, Y53.2',
  '# coding-notes-disable-next-line code/duplicate, code/sequence',
  'ICD-10: C78.7, C78.7',
  '',
].join('\n');

describe('suppressions in the open', () => {
  test('JSON: each suppressed finding in the file’s suppressed list, with the comment’s line and reason', () => {
    const dir = tempFolder({ 'x.codingnote': SUPPRESSED, 'clean.codingnote': CLEAN });
    const { run, report } = runJson(dir, ['x.codingnote', 'clean.codingnote']);
    assert.equal(run.status, 0, run.stderr);
    const [file, clean] = report.files;
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual(Object.keys(file), ['path', 'notes', 'diagnostics', 'suppressed']);
    assert.deepEqual(Object.keys(clean), ['path', 'notes', 'diagnostics'], 'no suppressed list where nothing is suppressed');
    assert.deepEqual(
      file.suppressed.map((s: any) => [s.rule, s.severity, s.range.start.line, s.suppressed]),
      [
        ['ipg369/cryotherapy-code', 'error', 6, { line: 6, reason: 'Y13.2 added by the theatre system' }],
        ['code/duplicate', 'warning', 8, { line: 8, reason: null }],
      ],
    );
    // A repeated code points to its first listing (`related`).
    for (const s of file.suppressed) {
      assert.deepEqual(Object.keys(s), ['rule', 'severity', 'message', 'range', 'fixes', ...(s.rule === 'code/duplicate' ? ['related'] : []), 'suppressed']);
    }
    assert.deepEqual(report.summary, { files: 2, notes: 2, error: 0, warning: 0, information: 0, hint: 0 }, 'suppressed findings count for nothing');
    const text = cli(dir, 'check', 'x.codingnote');
    assert.equal(text.stdout, '0 errors, 0 warnings, 0 information, 0 hints in 1 file, 1 note; 2 problems suppressed by coding-notes-disable comments\n');
  });

  test('SARIF: suppressed results carry an inSource suppression with the reason; the log fits the SARIF 2.1.0 schema', () => {
    const dir = tempFolder({ 'x.codingnote': SUPPRESSED, 'y.codingnote': MISSING_METHOD });
    const r = cli(dir, 'check', '--format', 'sarif', '.');
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assertValidSarif(log);
    const results = log.runs[0].results;
    const suppressed = results.filter((x: any) => x.suppressions);
    assert.deepEqual(
      suppressed.map((x: any) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri, x.suppressions]),
      [
        [
          'ipg369/cryotherapy-code',
          'x.codingnote',
          [
            {
              kind: 'inSource',
              justification: 'Y13.2 added by the theatre system',
              location: { physicalLocation: { artifactLocation: { uri: 'x.codingnote', uriBaseId: 'SRCROOT' }, region: { startLine: 6 } } },
            },
          ],
        ],
        [
          'code/duplicate',
          'x.codingnote',
          [{ kind: 'inSource', location: { physicalLocation: { artifactLocation: { uri: 'x.codingnote', uriBaseId: 'SRCROOT' }, region: { startLine: 8 } } } }],
        ],
      ],
    );
    assert.deepEqual(
      results.filter((x: any) => !x.suppressions).map((x: any) => x.ruleId),
      ['ipg369/cryotherapy-code'],
    );
    // Every rule's help is in the log, as text and markdown; no machine-local address anywhere in the rules.
    for (const rule of log.runs[0].tool.driver.rules) {
      assert.ok(rule.help.text.length > 40 && rule.help.markdown.includes(`# \`${rule.id}\``), rule.id);
      assert.equal(rule.helpUri, undefined);
    }
    assert.doesNotMatch(JSON.stringify(log.runs[0].tool), /file:/);
  });

  test('--report-unused-disable-directives: a warning for each rule id that suppressed nothing', () => {
    const dir = tempFolder({ 'x.codingnote': SUPPRESSED });
    const quiet = runJson(dir, ['x.codingnote']);
    assert.equal(quiet.report.summary.warning, 0, 'not without the option');
    const { run, report } = runJson(dir, ['--report-unused-disable-directives', 'x.codingnote']);
    assert.equal(run.status, 0);
    assert.deepEqual(
      report.files[0].diagnostics.map((d: any) => [d.rule, d.severity, d.range.start.line, d.range.start.character]),
      [['syntax/invalid-directive', 'warning', 7, 49]],
    );
    assert.match(report.files[0].diagnostics[0].message, /`code\/sequence` reports nothing on the line/);
    const text = cli(dir, 'check', '--report-unused-disable-directives', '--max-warnings', '0', 'x.codingnote');
    assert.equal(text.status, 1, 'it counts as a warning');
    assert.match(text.stdout, /^x\.codingnote:8:50: warning syntax\/invalid-directive /m);
    // The audit report takes the option too, and counts the warning.
    const audit = (...args: string[]) => JSON.parse(cli(dir, 'report', '--format', 'json', ...args, 'x.codingnote').stdout);
    assert.equal(audit().summary.warning, 0);
    assert.equal(audit('--report-unused-disable-directives').summary.warning, 1);
  });

  test('--no-inline-config: the comments switch nothing off', () => {
    const dir = tempFolder({ 'x.codingnote': SUPPRESSED });
    const { run, report } = runJson(dir, ['--no-inline-config', 'x.codingnote']);
    assert.equal(run.status, 1);
    assert.deepEqual(
      report.files[0].diagnostics.map((d: any) => d.rule),
      ['ipg369/cryotherapy-code', 'code/duplicate'],
    );
    assert.equal(report.files[0].suppressed, undefined);
    const unused = runJson(dir, ['--no-inline-config', '--report-unused-disable-directives', 'x.codingnote']);
    assert.equal(unused.report.summary.warning, 1, 'only the duplicate: ignored comments are not reported as unused');
  });

  test('"requireSuppressionReason": true makes a comment without a reason a syntax/invalid-directive warning', () => {
    const dir = tempFolder({
      'x.codingnote': SUPPRESSED,
      'strict/.codingnotes.json': '{ "requireSuppressionReason": true }',
      'strict/x.codingnote': SUPPRESSED,
    });
    assert.deepEqual(runJson(dir, ['x.codingnote']).report.files[0].diagnostics, [], 'not without the setting');
    const { run, report } = runJson(dir, ['strict/x.codingnote']);
    assert.equal(run.status, 0);
    const [d] = report.files[0].diagnostics;
    assert.deepEqual([d.rule, d.severity, d.range.start.line, d.range.start.character], ['syntax/invalid-directive', 'warning', 7, 0]);
    assert.match(d.message, /gives no reason/);
    assert.equal(report.files[0].diagnostics.length, 1, 'the comment with a reason is fine');
    // The comment still switches its rules off.
    assert.deepEqual(
      report.files[0].suppressed.map((s: any) => s.rule),
      ['ipg369/cryotherapy-code', 'code/duplicate'],
    );
  });

  test('the engine leaves suppressed findings out unless asked, so the editor shows them as before', () => {
    const engine = new Engine();
    const plain = engine.check(SUPPRESSED);
    assert.deepEqual(plain.findings, []);
    assert.equal(plain.suppressed, undefined);
    const asked = engine.check(SUPPRESSED, {}, { suppressed: true });
    assert.deepEqual(asked.findings, plain.findings);
    assert.deepEqual(asked.notes, plain.notes);
    assert.deepEqual(
      asked.suppressed!.map((f) => [f.rule, f.suppressed]),
      [
        ['ipg369/cryotherapy-code', { line: 5, reason: 'Y13.2 added by the theatre system' }],
        ['code/duplicate', { line: 7, reason: null }],
      ],
    );
    // The language server's incremental checker gives the same findings, with the setting from the configuration too.
    const settings = { requireSuppressionReason: true };
    const incremental = new IncrementalDocument(SUPPRESSED).check(engine, settings);
    assert.deepEqual(incremental.findings, engine.check(SUPPRESSED, settings).findings);
    assert.deepEqual(
      incremental.findings.map((f) => f.rule),
      ['syntax/invalid-directive'],
    );
    assert.equal(incremental.suppressed, undefined);
  });
});

/** RFC 4180, read back: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  assert.ok(!quoted && field === '' && row.length === 0, 'the text ends with a complete row');
  return rows;
}

describe('--format csv', () => {
  test('one row per problem, parsed back to what the JSON report says', () => {
    const tricky = MISSING_METHOD.replace('Episode: CONV-0001', 'Episode: 2026-1, "ward B"').replace('ICD-10: C78.7', 'ICD-10: C78.7, C78.7');
    const dir = tempFolder({ 'notes/a.codingnote': tricky + '---\n' + DUPLICATE.replace('CONV-0001', '=HYPERLINK("x")'), 'notes/clean.codingnote': CLEAN });
    const r = cli(dir, 'check', '--format', 'csv', 'notes');
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stdout.endsWith('\r\n'));
    const rows = parseCsv(r.stdout);
    assert.deepEqual(rows[0], ['file', 'line', 'column', 'episode', 'rule', 'severity', 'message']);
    const { report } = runJson(dir, ['notes']);
    const expected = report.files.flatMap((f: any) =>
      f.diagnostics.map((d: any) => [
        f.path,
        String(d.range.start.line + 1),
        String(d.range.start.character + 1),
        d.range.start.line < 9 ? '2026-1, "ward B"' : `'=HYPERLINK("x")`,
        d.rule,
        d.severity,
        // The related places follow the message, as in the text report.
        d.message + (d.related ? ` (${d.related.map((x: any) => `line ${x.range.start.line + 1}: ${x.message}`).join('; ')})` : ''),
      ]),
    );
    assert.ok(expected.length >= 3);
    assert.ok(
      expected.some((row: string[]) => / \(line \d+: C78\.7 first listed here\)$/.test(row[6])),
      'a related place is in the CSV',
    );
    assert.deepEqual(rows.slice(1), expected);
  });
});

describe('--help', () => {
  test('names the options report and classifications take: each one listed is accepted, each other one refused', () => {
    const dir = tempFolder({ 'note.codingnote': CLEAN });
    const help = cli(dir, '--help').stdout;
    // The check options, with whether each takes a value (`--format text|json…` does, `--fix` does not).
    const options = [...help.matchAll(/^ {2}(--[a-z-]+)( \S+)?/gm)].map((m) => ({ name: m[1], value: m[2] !== undefined }));
    assert.ok(options.length > 15, help);
    for (const command of ['report', 'classifications']) {
      const listed = new RegExp(`^${command} takes ([^.]+)\\.`, 'm').exec(help)?.[1].replace(/\s+/g, ' ').split(', ');
      assert.ok(listed?.length, `${command}: ${help}`);
      for (const { name, value } of options) {
        if (name === '--help' || name === '--version') continue;
        const args = value
          ? [command, name, name === '--format' ? 'json' : name === '--encoding' ? 'utf-8' : name === '--max-file-size' ? '1MB' : 'x']
          : [command, name];
        const run = cli(dir, ...args, ...(command === 'report' ? ['note.codingnote'] : []));
        const refused = /is not for /.test(run.stderr);
        assert.equal(refused, !listed.includes(name), `${command} ${name}: ${run.stderr}`);
      }
    }
  });
});

describe('the text summary', () => {
  test('counts the files that were found but not checked, in one thread and in workers alike', () => {
    const dir = tempFolder({ 'a.codingnote': CLEAN, 'b.codingnote': '\uFFFD', 'c/.codingnotes.json': '{', 'c/a.codingnote': CLEAN });
    writeFileSync(join(dir, 'b.codingnote'), Buffer.from([0xff, 0xfe, 0x00]));
    for (const concurrency of ['off', '2']) {
      const r = cli(dir, 'check', '--concurrency', concurrency, 'a.codingnote', 'b.codingnote', 'c');
      assert.equal(r.status, 2);
      assert.match(r.stdout, /in 1 file, 1 note; 2 files not checked \(why is on stderr\)\n$/, concurrency);
      assert.match(r.stderr, /cannot read b\.codingnote/);
      assert.match(r.stderr, /invalid configuration c[\\/]\.codingnotes\.json/);
    }
    const clean = cli(dir, 'check', 'a.codingnote');
    assert.doesNotMatch(clean.stdout, /not checked/);
    // A note named that does not exist, and a FIFO found in a folder, are not checked either.
    mkfifoIn(join(dir, 'd'), 'pipe.codingnote');
    const missing = cli(dir, 'check', 'a.codingnote', 'gone.codingnote', 'd');
    assert.equal(missing.status, 2);
    assert.match(missing.stdout, /in 1 file, 1 note; 2 files not checked \(why is on stderr\)\n$/);
  });
});

describe('the places a message refers to', () => {
  // C78.7 twice on line 7 (1-based), and a second ICD-10 line (line 8): the repeats point to the first ones.
  const REPEATS = DUPLICATE + 'ICD-10: C20\n';

  test('JSON: a diagnostic has a related array (0-based ranges); SARIF: relatedLocations, and the log fits the schema', () => {
    const dir = tempFolder({ 'x.codingnote': REPEATS });
    const json = cli(dir, 'check', '--format', 'json', 'x.codingnote');
    assert.equal(json.status, 0, json.stderr);
    const diagnostics = JSON.parse(json.stdout).files[0].diagnostics;
    assert.deepEqual(
      diagnostics.map((d: any) => [d.rule, d.range.start.line, d.related]),
      [
        ['code/duplicate', 6, [{ message: 'C78.7 first listed here', range: { start: { line: 6, character: 8 }, end: { line: 6, character: 13 } } }]],
        ['syntax/duplicate-field', 7, [{ message: '`ICD-10` first given here', range: { start: { line: 6, character: 0 }, end: { line: 6, character: 6 } } }]],
      ],
    );
    assert.ok(
      diagnostics.every((d: any) => !/line \d/.test(d.message)),
      'no line number in a message',
    );

    const sarif = cli(dir, 'check', '--format', 'sarif', 'x.codingnote');
    const log = JSON.parse(sarif.stdout);
    assertValidSarif(log);
    assert.equal(log.runs[0].results[0].message.text, 'C78.7 is already listed earlier; each code is coded once. ([line 7: C78.7 first listed here](0))');
    assert.deepEqual(
      log.runs[0].results.map((x: any) => x.relatedLocations),
      [
        [
          {
            id: 0,
            physicalLocation: {
              artifactLocation: { uri: 'x.codingnote', uriBaseId: 'SRCROOT' },
              region: { startLine: 7, startColumn: 9, endLine: 7, endColumn: 14 },
            },
            message: { text: 'C78.7 first listed here' },
          },
        ],
        [
          {
            id: 0,
            physicalLocation: {
              artifactLocation: { uri: 'x.codingnote', uriBaseId: 'SRCROOT' },
              region: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 7 },
            },
            message: { text: '`ICD-10` first given here' },
          },
        ],
      ],
    );
  });

  test('text: the place follows the message on the same line, 1-based', () => {
    const dir = tempFolder({ 'x.codingnote': REPEATS });
    const r = cli(dir, 'check', 'x.codingnote');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('x.codingnote:'));
    assert.deepEqual(lines, [
      'x.codingnote:7:16: warning code/duplicate C78.7 is already listed earlier; each code is coded once. (line 7: C78.7 first listed here)',
      'x.codingnote:8:1: warning syntax/duplicate-field `ICD-10` is already given earlier in this note; a note has each field once. Merge the two lists. (line 7: `ICD-10` first given here)',
    ]);
  });
});

/** A FIFO named `name` in `folder` (made with mkfifo(1)). */
function mkfifoIn(folder: string, name: string): void {
  mkdirSync(folder, { recursive: true });
  execFileSync('mkfifo', [join(folder, name)]);
}
