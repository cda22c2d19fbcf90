// The benchmark writes its figures into README.md between two markers: the
// block carries every figure of the run, and nothing outside the markers moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { figuresMarkdown, writeIntoReadme, START, END } from '../bench/markdown';
import type { BenchResults } from '../bench/markdown';

const stats = (p50: number) => ({ n: 240, p50, p95: p50 * 2, p99: p50 * 3, max: p50 * 4 });
const server = (p50: number, rss: number) => ({
  openMs: 900,
  diagnosticsOnOpen: 4097,
  edit: stats(p50),
  warmUpEdits: 20,
  completion: stats(1),
  hover: stats(0.5),
  rssIdleMB: 50,
  rssOpenMB: rss,
  rssAfterEditsMB: rss + 1,
  rssAfterFeaturesMB: rss + 2,
});

const results: BenchResults = {
  machine: { cpu: 'Test CPU', cores: 2, memoryGB: 8, platform: 'linux test', loadAverage: { start: 0.5, end: 1.25 } },
  node: 'v20.0.0',
  date: '2026-11-29T10:00:00.000Z',
  core: [{ notes: 10000, bytes: 2789969, findings: 4097, checkMs: 120.5, MBps: 23.2, floorMs: 40, floorMBps: 69.7, ratioToFloor: 3 }],
  cli: { ms: 700, MBps: 4, bytes: 2789969 },
  cliLarge: {
    notes: 100000,
    files: 4,
    bytes: 28e6,
    runs: [
      { format: 'text', concurrency: 'auto', ms: 2000, MBps: 14, failure: null },
      { format: 'json', concurrency: 'auto', ms: 0, MBps: null, failure: 'Invalid string length' },
    ],
  },
  incrementalInProcess10k: stats(0.4),
  releaseFileLoad: { opcs4: { rows: 13500, ms: stats(60) }, icd10: { rows: 12000, ms: stats(30) }, workspaceWithBothMs: 150, completionMs: stats(0.5) },
  lsp: {
    1000: { ours: server(3, 70), oursOldDelay: server(155, 70), yaml: server(400, 180) },
    10000: { ours: server(9.5, 96), oursOldDelay: server(160, 99), yaml: server(2833, 560) },
  },
  coldStart: stats(240),
  bundles: { 'server.js': 480 * 1024, 'cli.js': 400 * 1024 },
  targets: [
    { target: 'edit p99 ≤ 16 ms', value: '28.5 ms', met: false },
    { target: 'server bundle ≤ 500 KB', value: '480 KB', met: true },
  ],
};

test('the block names the machine, the date and the load, and carries each figure of the run', () => {
  const md = figuresMarkdown(results);
  assert.ok(md.startsWith(START) && md.endsWith(END));
  assert.match(md, /2026-11-29, Test CPU, 2 cores, 8 GB, linux test, Node v20\.0\.0; one-minute load average 0\.5 at the start and 1\.25 at the end/);
  // 10,000 notes first, then 1,000; the peer's figures and the ratio at p50 and p99.
  assert.ok(md.indexOf('| 10,000 notes |') < md.indexOf('| 1,000 notes |'));
  assert.match(md, /\| edit → diagnostics p50 \/ p95 \/ p99 \| 9\.5 \/ 19 \/ 28\.5 ms \(240 \+ 20 warm-up\) \|.*\| 2,833 \/ 5,666 \/ 8,499 ms/);
  assert.match(md, /\| ours \/ theirs, p50 and p99 \| 0\.0034 and 0\.0034 \|/);
  assert.match(md, /\| RSS idle \/ after open \/ after edits \| 50 \/ 96 \/ 97 MB \|/);
  assert.match(md, /\| 10,000 \| 2,789,969 \| 4,097 \| 120\.5 ms \| 23\.2 \| 40 ms \| 69\.7 \| 3× \|/);
  assert.match(md, /\| json \| auto \| 0 ms \| failed: Invalid string length \|/);
  assert.match(md, /\| edit p99 ≤ 16 ms \| 28\.5 ms \| \*\*no\*\* \|/);
  assert.match(md, /\| server bundle ≤ 500 KB \| 480 KB \| yes \|/);
});

test('writing into a README replaces the block between the markers and nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-md-'));
  const file = join(dir, 'README.md');
  writeFileSync(file, `# Title\n\nbefore\n\n${START}\nold figures\n${END}\n\nafter\n`);
  assert.equal(writeIntoReadme(file, figuresMarkdown(results)), true);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.startsWith('# Title\n\nbefore\n\n' + START));
  assert.ok(text.endsWith(END + '\n\nafter\n'));
  assert.doesNotMatch(text, /old figures/);
  writeFileSync(file, '# No markers\n');
  assert.equal(writeIntoReadme(file, figuresMarkdown(results)), false);
  assert.equal(readFileSync(file, 'utf8'), '# No markers\n');
});

test("the project's README holds the markers once, in order", () => {
  const readme = readFileSync(resolve('README.md'), 'utf8');
  assert.equal(readme.split(START).length, 2);
  assert.equal(readme.split(END).length, 2);
  assert.ok(readme.indexOf(START) < readme.indexOf(END));
});

test('a run that measured the pulled session shows it first, as the VS Code figure, beside the pushed one', () => {
  const withPulled: BenchResults = {
    ...results,
    lsp: { ...results.lsp, 10000: { ...results.lsp[10000], oursPulled: { ...server(4.5, 95), completion: undefined, hover: undefined } } },
  };
  const md = figuresMarkdown(withPulled);
  assert.match(
    md,
    /\| 10,000 notes \| ours, pulled in parts, as VS Code \| ours, pushed \(Neovim, Emacs…\) \| ours, old 150 ms delay \| yaml-language-server 1\.25\.0, schema applied, 200 ms delay \|\n\| --- \| --- \| --- \| --- \| --- \|/,
  );
  assert.match(
    md,
    /\| edit → diagnostics p50 \/ p95 \/ p99 \| 4\.5 \/ 9 \/ 13\.5 ms \(240 \+ 20 warm-up\) \| 9\.5 \/ 19 \/ 28\.5 ms \(240 \+ 20 warm-up\) \| 160 \//,
  );
  assert.match(md, /\| ours \/ theirs, p50 and p99 \| 0\.0016 and 0\.0016 \| 0\.0034 and 0\.0034 \| 0\.0565 and 0\.0565 \|  \|/);
  // Every row of the table has the same number of cells.
  const table = md.slice(md.indexOf('| 10,000 notes |'), md.indexOf('| 1,000 notes |')).trim().split('\n');
  assert.deepEqual(new Set(table.map((line) => line.split(' | ').length)).size, 1);
  // The 1,000-note table of this run has no pulled session: its columns stay as they were.
  assert.match(md, /\| 1,000 notes \| ours as shipped \| ours, old 150 ms delay \|/);
});
