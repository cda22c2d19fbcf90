// `coding-notes check` over many files (issue 13): the report written file by
// file, never as one string, and files checked in worker threads, with the same
// report, byte for byte, as one thread gives. Build first (`node scripts/build.mjs`).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { CLI, tempFolder, assertTidyStderr } from './helpers/cli';
import type { Run } from './helpers/cli';
import { assertValidSarif } from './helpers/sarif';
import { makeCorpus } from '../bench/corpus';
import { ArrayWriter, documentAround, emitJson, stringifyAt } from '../server/src/cli/json-stream';
import { csvReport, csvRows, csvText, CSV_HEADER } from '../server/src/report/csv';
import { Engine } from '../server/src/core/engine';

const FORMATS = ['text', 'json', 'sarif', 'csv'] as const;

/** A folder of notes of every kind: problems of many rules, a suppression, a second configuration, a file that cannot be read. */
function notesFolder(): string {
  return tempFolder({
    'big.codingnote': makeCorpus(400, 11).text,
    'ward/one.codingnote': makeCorpus(60, 12).text,
    'ward/two.codingnote': makeCorpus(5, 13).text,
    'other/.codingnotes.json': JSON.stringify({ rules: { 'code/title-mismatch': 'off', 'code/duplicate': 'error' } }),
    'other/three.codingnote': makeCorpus(80, 14).text,
    'suppressed.codingnote': [
      'Episode: S-1',
      'Guidance: IPG369',
      'Procedure: Percutaneous cryotherapy to liver metastases',
      'Approach: percutaneous',
      'Image control: ultrasound',
      '# coding-notes-disable-next-line ipg369/cryotherapy-code -- Y13.2 added by the theatre system',
      'OPCS-4: J12.8, Y53.2',
      'ICD-10: C78.7',
      '',
    ].join('\n'),
    'empty.codingnote': '',
    'latin.codingnote': Buffer.from('Episode: caf\xe9\n', 'latin1'),
  });
}

/** `check …`, with room for reports of many megabytes on stdout. */
function check(dir: string, args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd: dir, encoding: 'utf8', input: '', maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the same report from worker threads as from one thread', () => {
  for (const format of FORMATS) {
    test(`--format ${format}, files of several sizes and configurations, one unreadable`, () => {
      const dir = notesFolder();
      const one = check(dir, ['--format', format, '--concurrency', 'off', '.']);
      const many = check(dir, ['--format', format, '--concurrency', '3', '.']);
      assert.equal(one.status, 2, one.stderr); // latin.codingnote is not UTF-8
      assert.equal(many.status, one.status);
      assert.equal(many.stderr, one.stderr);
      assert.match(many.stderr, /^coding-notes: cannot read latin\.codingnote: not valid UTF-8 text/m);
      assertTidyStderr(many.stderr);
      assert.ok(many.stdout.length > 10_000, 'a report with problems in it');
      assert.equal(many.stdout, one.stdout);
      if (format === 'json') {
        const report = JSON.parse(many.stdout);
        assert.deepEqual(
          report.files.map((f: { path: string }) => f.path),
          ['big.codingnote', 'empty.codingnote', 'other/three.codingnote', 'suppressed.codingnote', 'ward/one.codingnote', 'ward/two.codingnote'],
        );
        assert.ok(report.files[3].suppressed.length >= 1, 'the suppressed finding is listed');
        assert.equal(
          report.summary.notes,
          report.files.reduce((n: number, f: { notes: unknown[] }) => n + f.notes.length, 0),
        );
      }
      if (format === 'sarif') {
        const log = JSON.parse(many.stdout);
        assertValidSarif(log);
        assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
        assert.match(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /^cannot read latin\.codingnote/);
        assert.ok(
          log.runs[0].results.some((r: { suppressions?: unknown[] }) => r.suppressions),
          'a suppressed result',
        );
      }
    });
  }

  test('--fix-dry-run and --quiet in JSON and text: the same from workers', () => {
    const dir = notesFolder();
    for (const args of [
      ['--format', 'json', '--fix-dry-run'],
      ['--fix-dry-run', '--fix-type', 'all'],
      ['--format', 'sarif', '--quiet'],
    ]) {
      const one = check(dir, [...args, '--concurrency', 'off', '.']);
      const many = check(dir, [...args, '--concurrency', '2', '.']);
      assert.equal(many.stdout, one.stdout, args.join(' '));
      assert.equal(many.stderr, one.stderr, args.join(' '));
      assert.equal(many.status, one.status, args.join(' '));
    }
  });

  test('--fix with workers writes the same files and reports the same as in one thread; no temporary file is left', () => {
    const a = notesFolder();
    const b = tempFolder();
    cpSync(a, b, { recursive: true });
    const one = check(a, ['--fix', '--format', 'json', '--concurrency', 'off', '.']);
    const many = check(b, ['--fix', '--format', 'json', '--concurrency', '2', '.']);
    assert.equal(many.stdout, one.stdout);
    assert.equal(many.status, one.status);
    const applied = JSON.parse(many.stdout).files.reduce((n: number, f: { applied: unknown[] }) => n + f.applied.length, 0);
    assert.ok(applied > 100, `fixes were applied (${applied})`);
    const list = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
    assert.deepEqual(list(b), list(a), 'the same files, and no temporary one');
    for (const name of list(a).filter((n) => n.endsWith('.codingnote'))) {
      assert.deepEqual(readFileSync(join(b, name)), readFileSync(join(a, name)), name);
    }
    assert.notEqual(readFileSync(join(b, 'big.codingnote'), 'utf8'), makeCorpus(400, 11).text, 'big.codingnote was fixed');
  });

  test('--output-file from workers holds what stdout gets in one thread, and no temporary file is left beside it', () => {
    const dir = notesFolder();
    const out = tempFolder();
    for (const format of ['json', 'sarif']) {
      const one = check(dir, ['--format', format, '--concurrency', 'off', '.']);
      const r = check(dir, ['--format', format, '--concurrency', '2', '--output-file', join(out, `report.${format}`), '.']);
      assert.equal(r.status, one.status, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(readFileSync(join(out, `report.${format}`), 'utf8'), one.stdout);
    }
    assert.deepEqual(readdirSync(out).sort(), ['report.json', 'report.sarif']);
  });
});

test('files are reported in input order, whichever worker finishes first', () => {
  // The first file is by far the largest, so the workers finish the others first.
  const files: Record<string, string> = { 'z-large.codingnote': makeCorpus(3_000, 21).text };
  for (let i = 0; i < 8; i++) files[`a-${i}.codingnote`] = makeCorpus(3 + i, 30 + i).text;
  const dir = tempFolder(files);
  const order = Object.keys(files);
  const one = check(dir, ['--format', 'json', '--concurrency', 'off', ...order]);
  const many = check(dir, ['--format', 'json', '--concurrency', '4', ...order]);
  assert.equal(many.stdout, one.stdout);
  assert.deepEqual(
    JSON.parse(many.stdout).files.map((f: { path: string }) => f.path),
    order,
  );
  const text = check(dir, ['--concurrency', '4', ...order]);
  const seen = [...new Set(text.stdout.split('\n').flatMap((l) => /^(\S+\.codingnote):\d+:\d+: /.exec(l)?.[1] ?? []))];
  assert.deepEqual(
    seen,
    order.filter((name) => text.stdout.includes(`${name}:`)),
  );
  assert.equal(seen[0], 'z-large.codingnote');
});

test('a large run, 3 files of 20,000 notes, in JSON: it completes and parses', { timeout: 600_000 }, () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3; i++) files[`large-${i}.codingnote`] = makeCorpus(20_000, 0x5eed + i).text;
  const dir = tempFolder(files);
  const r = check(dir, ['--format', 'json', '.']);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
  const report = JSON.parse(r.stdout);
  assert.equal(report.files.length, 3);
  assert.equal(report.summary.notes, 60_000);
  assert.ok(report.summary.error > 1_000, `errors found: ${report.summary.error}`);
});

describe('pieces of JSON', () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { maxDepth: 4 },
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value')),
      fc.dictionary(fc.string(), fc.oneof(tie('value'), fc.constant(undefined))),
    ),
  })).value;

  test('emitJson writes what JSON.stringify(value, null, 2) writes, at any depth and split', () => {
    fc.assert(
      fc.property(json, fc.nat(3), fc.nat(4), (value, depth, split) => {
        let text = '';
        emitJson(value, depth, split, (piece) => (text += piece));
        assert.equal(text, stringifyAt(value, depth));
      }),
      { numRuns: 500 },
    );
  });

  test('documentAround and ArrayWriter rebuild the whole document from its members, however they are grouped', () => {
    fc.assert(
      fc.property(fc.array(fc.array(json, { maxLength: 3 }), { maxLength: 5 }), fc.string(), (groups, note) => {
        const members = groups.flat().map((m) => (m === undefined ? null : m));
        const whole = JSON.stringify({ head: note, runs: [{ tool: 'x', results: members }] }, null, 2);
        const { opening, closing } = documentAround({ head: note, runs: [{ tool: 'x', results: [] }] }, 'results');
        const writer = new ArrayWriter(4);
        let text = opening;
        for (const group of groups) {
          text += writer.before(group.length);
          text += group.map((m) => stringifyAt(m === undefined ? null : m, 4)).join(',\n' + '  '.repeat(4));
        }
        assert.equal(text + writer.end() + closing, whole);
      }),
      { numRuns: 300 },
    );
  });

  test('CSV rows file by file are the one-string CSV', () => {
    const engine = new Engine();
    const files = [makeCorpus(50, 1).text, makeCorpus(3, 2).text, ''].map((text, i) => ({ display: `f${i}.codingnote`, ...engine.check(text) }));
    assert.equal(csvText([[...CSV_HEADER]]) + files.map((f) => csvText(csvRows(f))).join(''), csvReport(files));
    assert.ok(csvRows(files[0]).length > 10);
  });
});

test('a worker that cannot read its file says so as the one thread would, in order', () => {
  const dir = tempFolder({ 'a.codingnote': makeCorpus(20, 3).text, 'b.codingnote': makeCorpus(20, 4).text, 'c.codingnote': makeCorpus(20, 5).text });
  writeFileSync(join(dir, 'b.codingnote'), makeCorpus(2_000, 4).text);
  const one = check(dir, ['--max-file-size', '100KB', '--concurrency', 'off', '.']);
  const many = check(dir, ['--max-file-size', '100KB', '--concurrency', '3', '.']);
  assert.equal(many.status, 2);
  assert.equal(many.stderr, one.stderr);
  assert.equal(many.stdout, one.stdout);
  assert.match(many.stderr, /^coding-notes: cannot read b\.codingnote: /m);
  assertTidyStderr(many.stderr);
});
