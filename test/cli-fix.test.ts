// `coding-notes check` options for fixing and for editors and CI (cli.md):
// --fix-type, --fix-dry-run, the `applied` record, --max-warnings, --stdin and
// --stdin-filename. Run as users run it: `node dist/cli.js` on temporary
// folders. Build first (`node scripts/build.mjs`).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runJson, tempFolder } from './helpers/cli';
import { cleanNote } from './helpers/notes';

const cli = runCli;
const json = runJson;
const folder = (files: Record<string, string | Buffer> = {}) => tempFolder(files, 'coding-notes-cli-fix-');

const lines = (...l: string[]) => l.join('\n') + '\n';

// An open cryotherapy coded with the percutaneous main code: ipg369/procedure-code,
// whose preferred fix (replace J12.8 with J03.2) is of the kind `change`.
const OPEN = lines(
  'Episode: 1',
  'Guidance: IPG369',
  'Procedure: Open cryotherapy to liver metastases',
  'Approach: open',
  'OPCS-4: J12.8, Y13.2',
  'ICD-10: C78.7',
);
const OPEN_CHANGED = OPEN.replace('J12.8, Y13.2', 'J03.2, Y13.2');
// A complete percutaneous note, then the same with a slip (`reading`) and Y13.2 missing (`insert`).
const CLEAN = cleanNote('2');
const SLIPS = CLEAN.replace('J12.8, Y13.2, Y53.2', 'j128, Y53.2');
// One warning (a code listed twice), no error.
const ONE_WARNING = CLEAN.replace('ICD-10: C78.7', 'ICD-10: C78.7, C78.7');
// Both the preferred fix of the kind `reading` (j128) and of `insert` (Y13.2), and a `change`.
const MIXED = OPEN.replace('J12.8, Y13.2', 'j128');

const CHANGE_RECORD = {
  rule: 'ipg369/procedure-code',
  kind: 'change',
  // 1-based, as the text output counts lines (OPCS-4 is the note's fifth line).
  line: 5,
  episode: '1',
  title: 'Replace J12.8 with J03.2 Destruction of lesion of liver NEC',
  before: 'OPCS-4: J12.8, Y13.2',
  after: 'OPCS-4: J03.2, Y13.2',
};

const rules = (file: any) => file.diagnostics.map((d: any) => d.rule);

describe('--fix-type', () => {
  test('--fix alone leaves a change fix undone: it is offered, with its kind, and the error remains', () => {
    const dir = folder({ 'open.codingnote': OPEN });
    const { run, report } = json(dir, ['--fix', 'open.codingnote']);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(readFileSync(join(dir, 'open.codingnote'), 'utf8'), OPEN);
    const [file] = report.files;
    assert.deepEqual(rules(file), ['ipg369/procedure-code']);
    const preferred = file.diagnostics[0].fixes.find((f: any) => f.preferred);
    assert.equal(preferred.kind, 'change');
    assert.match(preferred.title, /J03\.2/);
    assert.deepEqual(file.applied, []);
  });

  for (const kinds of ['change', 'all', 'reading,change', 'reading, change']) {
    test(`--fix --fix-type ${kinds} applies the change fix`, () => {
      const dir = folder({ 'open.codingnote': OPEN });
      const { run, report } = json(dir, ['--fix', '--fix-type', kinds, 'open.codingnote']);
      assert.equal(run.status, 0, run.stderr + run.stdout);
      assert.equal(readFileSync(join(dir, 'open.codingnote'), 'utf8'), OPEN_CHANGED);
      assert.deepEqual(report.files[0].diagnostics, []);
      assert.deepEqual(report.files[0].applied, [CHANGE_RECORD]);
      assert.deepEqual(report.files[0].notes[0].opcs4, ['J03.2', 'Y13.2']);
    });
  }

  test('applies only the kinds asked for, and --fix-type may be repeated or written with =', () => {
    const kindsApplied = (...args: string[]) => {
      const dir = folder({ 'mixed.codingnote': MIXED });
      const { run, report } = json(dir, [...args, 'mixed.codingnote']);
      assert.ok(run.status === 0 || run.status === 1, run.stderr);
      return [...new Set(report.files[0].applied.map((a: any) => a.kind))].sort();
    };
    assert.deepEqual(kindsApplied('--fix'), ['insert', 'reading']);
    assert.deepEqual(kindsApplied('--fix', '--fix-type', 'reading'), ['reading']);
    assert.deepEqual(kindsApplied('--fix', '--fix-type=insert'), ['insert']);
    assert.deepEqual(kindsApplied('--fix', '--fix-type', 'reading', '--fix-type', 'change'), ['change', 'reading']);
    assert.deepEqual(kindsApplied('--fix', '--fix-type', 'all'), ['change', 'insert', 'reading']);
    // The option may come before --fix, too.
    assert.deepEqual(kindsApplied('--fix-type', 'layout', '--fix'), []);
  });
});

describe('the applied record', () => {
  test('after --fix: every fix in order, with rule, kind, line, episode, title, and the lines before and after', () => {
    const dir = folder({ 'slips.codingnote': SLIPS, 'clean.codingnote': CLEAN });
    const { run, report } = json(dir, ['--fix', 'slips.codingnote', 'clean.codingnote']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(join(dir, 'slips.codingnote'), 'utf8'), CLEAN);
    const [slips, clean] = report.files;
    assert.deepEqual(Object.keys(slips), ['path', 'notes', 'diagnostics', 'applied']);
    assert.ok(slips.applied.length >= 2, JSON.stringify(slips.applied));
    for (const a of slips.applied) {
      assert.deepEqual(Object.keys(a), ['rule', 'kind', 'line', 'episode', 'title', 'before', 'after']);
      assert.equal(a.line, 6, 'the 1-based line of OPCS-4');
      assert.equal(a.episode, '2');
      assert.notEqual(a.before, a.after);
    }
    const malformed = slips.applied.find((a: any) => a.rule === 'code/malformed');
    assert.equal(malformed.kind, 'reading');
    assert.match(malformed.before, /j128/);
    assert.match(malformed.after, /J12\.8/);
    const cryo = slips.applied.find((a: any) => a.rule === 'ipg369/cryotherapy-code');
    assert.equal(cryo.kind, 'insert');
    assert.doesNotMatch(cryo.before, /Y13\.2/);
    assert.match(cryo.after, /Y13\.2/);
    // Chained in order: the first fix starts from the file as written, the last ends at the file as fixed.
    assert.equal(slips.applied[0].before, 'OPCS-4: j128, Y53.2');
    assert.equal(slips.applied[slips.applied.length - 1].after, 'OPCS-4: J12.8, Y13.2, Y53.2');
    // A file with nothing to fix has an empty record.
    assert.deepEqual(clean.applied, []);
  });

  test('is absent without --fix or --fix-dry-run', () => {
    const dir = folder({ 'slips.codingnote': SLIPS });
    const { report } = json(dir, ['slips.codingnote']);
    assert.deepEqual(Object.keys(report.files[0]), ['path', 'notes', 'diagnostics']);
  });

  test('text: a change fix that waits is counted, with the option that applies it', () => {
    const dir = folder({ 'open.codingnote': OPEN });
    const r = cli(dir, ['check', '--fix', 'open.codingnote']);
    assert.equal(r.status, 1);
    assert.equal(readFileSync(join(dir, 'open.codingnote'), 'utf8'), OPEN);
    assert.ok(r.stdout.includes('applied 0 fixes to 0 files; 1 change fix waits for a person (--fix-type change applies it)'), r.stdout);
  });

  test('text: a line counting the fixes by kind, before the summary line', () => {
    const dir = folder({ 'slips.codingnote': SLIPS, 'clean.codingnote': CLEAN });
    const r = cli(dir, ['check', '--fix', '.']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'applied 2 fixes (1 reading, 1 insert) to 1 file',
      '0 errors, 0 warnings, 0 information, 0 hints in 2 files, 2 notes; fixed 1 file',
    ]);
    const again = cli(dir, ['check', '--fix', '.']);
    assert.deepEqual(again.stdout.trimEnd().split('\n'), [
      'applied 0 fixes to 0 files',
      '0 errors, 0 warnings, 0 information, 0 hints in 2 files, 2 notes; fixed 0 files',
    ]);
  });
});

describe('--fix-dry-run', () => {
  test('writes nothing, and reports the notes as they would be, with what would change', () => {
    const dir = folder({ 'open.codingnote': OPEN, 'slips.codingnote': SLIPS });
    const { run, report } = json(dir, ['--fix-dry-run', '--fix-type', 'all', '.']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(readFileSync(join(dir, 'open.codingnote')), Buffer.from(OPEN));
    assert.deepEqual(readFileSync(join(dir, 'slips.codingnote')), Buffer.from(SLIPS));
    assert.deepEqual(readdirSync(dir).sort(), ['open.codingnote', 'slips.codingnote']);
    const [open, slips] = report.files;
    assert.deepEqual(open.applied, [CHANGE_RECORD]);
    assert.deepEqual(open.diagnostics, []);
    assert.deepEqual(open.notes[0].opcs4, ['J03.2', 'Y13.2']);
    assert.deepEqual([...new Set(slips.applied.map((a: any) => a.kind))].sort(), ['insert', 'reading']);
    assert.deepEqual(slips.diagnostics, []);
  });

  test('without --fix-type, the default kinds; the exit status is that of the notes as they would be', () => {
    const dir = folder({ 'open.codingnote': OPEN });
    const { run, report } = json(dir, ['--fix-dry-run', 'open.codingnote']);
    assert.equal(run.status, 1);
    assert.deepEqual(report.files[0].applied, []);
    assert.deepEqual(rules(report.files[0]), ['ipg369/procedure-code']);

    const slips = folder({ 'slips.codingnote': SLIPS });
    assert.equal(cli(slips, ['check', 'slips.codingnote']).status, 1);
    const dry = cli(slips, ['check', '--fix-dry-run', 'slips.codingnote']);
    assert.equal(dry.status, 0, dry.stdout);
    assert.deepEqual(dry.stdout.trimEnd().split('\n'), [
      'would apply 2 fixes (1 reading, 1 insert) to 1 file',
      '0 errors, 0 warnings, 0 information, 0 hints in 1 file, 1 note; would fix 1 file',
    ]);
    assert.deepEqual(readFileSync(join(slips, 'slips.codingnote')), Buffer.from(SLIPS));
  });

  test('SARIF: every fix carries its kind, as a valid fix object', () => {
    const dir = folder({ 'open.codingnote': OPEN, 'slips.codingnote': SLIPS });
    const run = cli(dir, ['check', '--format', 'sarif', '.']);
    const [sarifRun] = JSON.parse(run.stdout).runs;
    const fixes = sarifRun.results.flatMap((r: any) => r.fixes ?? []);
    assert.ok(fixes.length >= 3);
    for (const fix of fixes) {
      assert.ok(['reading', 'layout', 'insert', 'change'].includes(fix.properties.kind), JSON.stringify(fix));
      assert.equal(typeof fix.properties.preferred, 'boolean');
      assert.equal(typeof fix.description.text, 'string');
      assert.ok(fix.artifactChanges.length >= 1 && fix.artifactChanges[0].replacements.length >= 1);
      for (const r of fix.artifactChanges[0].replacements) assert.ok(r.deletedRegion.startLine >= 1 && r.deletedRegion.startColumn >= 1);
    }
    const change = sarifRun.results.find((r: any) => r.ruleId === 'ipg369/procedure-code').fixes[0];
    assert.equal(change.properties.kind, 'change');
    assert.equal(change.artifactChanges[0].artifactLocation.uri, 'open.codingnote');
    assert.deepEqual(change.artifactChanges[0].replacements, [
      { deletedRegion: { startLine: 5, startColumn: 9, endLine: 5, endColumn: 14 }, insertedContent: { text: 'J03.2' } },
    ]);
  });
});

describe('--max-warnings', () => {
  test('exit 1 when more warnings than allowed remain, 0 otherwise (as ESLint)', () => {
    const dir = folder({ 'dup.codingnote': ONE_WARNING });
    assert.equal(cli(dir, ['check', 'dup.codingnote']).status, 0);
    const strict = cli(dir, ['check', '--max-warnings', '0', 'dup.codingnote']);
    assert.equal(strict.status, 1);
    assert.match(strict.stdout, /warning code\/duplicate/);
    assert.equal(strict.stderr.split('\n').filter(Boolean).length, 1);
    assert.match(strict.stderr, /^coding-notes: too many warnings: 1, more than the 0/);
    for (const n of ['1', '5']) {
      const r = cli(dir, ['check', '--max-warnings', n, 'dup.codingnote']);
      assert.equal(r.status, 0, n);
      assert.equal(r.stderr, '');
    }
    assert.equal(json(dir, ['--max-warnings=0', 'dup.codingnote']).run.status, 1);
  });

  test('counts the warnings that remain after --fix, and none with --quiet', () => {
    const dir = folder({ 'dup.codingnote': ONE_WARNING, 'other.codingnote': ONE_WARNING });
    assert.equal(cli(dir, ['check', '--max-warnings', '1', '.']).status, 1);
    assert.equal(cli(dir, ['check', '--quiet', '--max-warnings', '0', '.']).status, 0);
    // The repeated code is removed by a `layout` fix: no warning remains.
    assert.equal(cli(dir, ['check', '--fix-dry-run', '--max-warnings', '0', '.']).status, 0);
  });

  test('errors still give exit 1 whatever the limit', () => {
    const dir = folder({ 'open.codingnote': OPEN });
    assert.equal(cli(dir, ['check', '--max-warnings', '5', 'open.codingnote']).status, 1);
  });
});

describe('--stdin', () => {
  test('checks the text on standard input; its path is <stdin>, with the configuration of the current folder', () => {
    const dir = folder({ '.codingnotes.json': '{ "rules": { "ipg369/procedure-code": "warning" } }\n' });
    const { run, report } = json(dir, ['--stdin'], OPEN);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      report.files.map((f: any) => f.path),
      ['<stdin>'],
    );
    assert.deepEqual(
      report.files[0].diagnostics.map((d: any) => `${d.rule} ${d.severity}`),
      ['ipg369/procedure-code warning'],
    );
    assert.deepEqual(readdirSync(dir), ['.codingnotes.json']);

    const text = cli(folder(), ['check', '--stdin'], OPEN);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /^<stdin>:5:9: error ipg369\/procedure-code /m);
    assert.match(text.stdout, /in 1 file, 1 note\n$/);
  });

  test('--stdin-filename: the path reported as given, and the configuration its folder would get', () => {
    const dir = folder({
      'ward/.codingnotes.json': '{ "rules": { "ipg369/procedure-code": "off" } }\n',
      'other/keep.txt': '',
    });
    // The file need not exist; its folder's nearest .codingnotes.json applies.
    const relaxed = json(dir, ['--stdin', '--stdin-filename', 'ward/sub/new.codingnote'], OPEN);
    assert.equal(relaxed.run.status, 0, relaxed.run.stderr);
    assert.deepEqual(
      relaxed.report.files.map((f: any) => f.path),
      ['ward/sub/new.codingnote'],
    );
    assert.deepEqual(relaxed.report.files[0].diagnostics, []);

    const strict = json(dir, ['--stdin', '--stdin-filename=other/new.codingnote'], OPEN);
    assert.equal(strict.run.status, 1);
    assert.deepEqual(
      strict.report.files.map((f: any) => f.path),
      ['other/new.codingnote'],
    );
    assert.deepEqual(rules(strict.report.files[0]), ['ipg369/procedure-code']);

    // --config wins over the filename's folder.
    writeFileSync(join(dir, 'lenient.json'), '{ "rules": { "ipg369/procedure-code": "hint" } }\n');
    const forced = json(dir, ['--stdin', '--stdin-filename', 'other/new.codingnote', '--config', 'lenient.json'], OPEN);
    assert.equal(forced.run.status, 0);
    assert.deepEqual(
      forced.report.files[0].diagnostics.map((d: any) => d.severity),
      ['hint'],
    );

    const sarif = JSON.parse(cli(dir, ['check', '--format', 'sarif', '--stdin', '--stdin-filename', 'other/new.codingnote'], OPEN).stdout);
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'other/new.codingnote');
  });

  test('with --fix, nothing is written (not even to --stdin-filename); the report is of the fixed text', () => {
    const dir = folder({ 'open.codingnote': OPEN });
    const { run, report } = json(dir, ['--stdin', '--stdin-filename', 'open.codingnote', '--fix', '--fix-type', 'change'], OPEN);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readFileSync(join(dir, 'open.codingnote')), Buffer.from(OPEN));
    assert.deepEqual(readdirSync(dir), ['open.codingnote']);
    assert.deepEqual(report.files[0].applied, [CHANGE_RECORD]);
    assert.deepEqual(report.files[0].diagnostics, []);

    const text = cli(dir, ['check', '--stdin', '--fix'], SLIPS);
    assert.equal(text.status, 0);
    assert.deepEqual(text.stdout.trimEnd().split('\n'), [
      'would apply 2 fixes (1 reading, 1 insert) to 1 file',
      '0 errors, 0 warnings, 0 information, 0 hints in 1 file, 1 note; would fix 1 file',
    ]);
  });

  test('a byte order mark and CRLF line ends on standard input are read as from a file', () => {
    const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(OPEN.replace(/\n/g, '\r\n'))]);
    const { run, report } = json(folder(), ['--stdin'], crlf);
    assert.equal(run.status, 1);
    assert.deepEqual(report.files[0].diagnostics[0].range, { start: { line: 4, character: 8 }, end: { line: 4, character: 13 } });
  });

  test('text that is not UTF-8 is exit 2, in one line naming <stdin> or the filename', () => {
    const latin1 = Buffer.from('Episode: 3\nProcedure: Caf\xe9\n', 'latin1');
    for (const [args, name] of [
      [['--stdin'], '<stdin>'],
      [['--stdin', '--stdin-filename', 'x.codingnote'], 'x.codingnote'],
    ] as const) {
      const r = cli(folder(), ['check', ...args], latin1);
      assert.equal(r.status, 2);
      const errs = r.stderr.split('\n').filter(Boolean);
      assert.equal(errs.length, 1, r.stderr);
      assert.ok(errs[0].startsWith(`coding-notes: cannot read ${name}: not valid UTF-8`), errs[0]);
    }
  });

  test('empty standard input is an empty note, clean', () => {
    const r = cli(folder(), ['check', '--stdin'], '');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^0 errors, 0 warnings, 0 information, 0 hints in 1 file, \d+ notes?\n$/);
  });
});
