// `npm run fuzz`: the property tests with 10^6 runs each (FUZZ_RUNS to change),
// split over the machine's cores with different seeds: parser, rules, fix-all,
// the CLI's JSON (test/properties.test.ts) and formatting (test/editor-features.test.ts).
// The incremental-equals-full property replays whole edit sequences, so it runs
// FUZZ_INCREMENTAL_RUNS sequences (20,000 by default). Prints each worker's
// result and seed, so a failure can be replayed with PROPERTY_SEED.
import { spawnSync, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const total = Number(process.env.FUZZ_RUNS ?? 1_000_000);
const workers = Math.max(1, Number(process.env.FUZZ_WORKERS ?? availableParallelism()));
const outdir = join('out', `fuzz-${process.pid}`);
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--tests', outdir], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const perWorker = Math.ceil(total / workers);
const baseSeed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`fuzzing: ${total.toLocaleString('en-GB')} runs per property over ${workers} workers (seeds ${baseSeed}…${baseSeed + workers - 1})`);
const started = Date.now();
const runs = Array.from(
  { length: workers },
  (_, i) =>
    new Promise((resolve) => {
      const files = ['properties.test.js', 'editor-features.test.js', 'incremental.test.js'].map((f) => join(outdir, f));
      const incremental = Math.ceil(Number(process.env.FUZZ_INCREMENTAL_RUNS ?? 20_000) / workers);
      const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
        env: { ...process.env, PROPERTY_RUNS: String(perWorker), INCREMENTAL_RUNS: String(incremental), PROPERTY_SEED: String(baseSeed + i) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ seed: baseSeed + i, code, out }));
    }),
);
const results = await Promise.all(runs);
rmSync(outdir, { recursive: true, force: true });
let failed = 0;
for (const r of results) {
  const summary = r.out.split('\n').filter((l) => /^ℹ (tests|pass|fail)|^✖|Counterexample|seed/.test(l));
  console.log(`worker seed ${r.seed}: exit ${r.code}\n  ${summary.join('\n  ')}`);
  if (r.code !== 0) failed++;
}
console.log(
  `${workers - failed} passed, ${failed} failed (workers; ${perWorker.toLocaleString('en-GB')} runs per property each, ${Math.round((Date.now() - started) / 1000)} s)`,
);
process.exit(failed ? 1 : 0);
