// `npm test`: type-check, lint, bundle the tests, then run them with node's test runner.
//   node scripts/run-tests.mjs [--no-typecheck] [--no-lint] [name-filter ...]
// --no-typecheck skips the lint and the format check too; a type, lint or format error fails the run.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

const args = process.argv.slice(2);
const typecheck = !args.includes('--no-typecheck');
const lint = typecheck && !args.includes('--no-lint');
const filter = args.filter((a) => !a.startsWith('--'));

if (typecheck && run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']) !== 0) process.exit(1);
// The layers of ARCHITECTURE.md are lint rules (eslint.config.mjs): crossing one fails here.
if (lint && run(process.execPath, ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.']) !== 0) process.exit(1);
// Formatting that drifts from Prettier's fails too (`npm run format` mends it).
if (lint && run(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.']) !== 0) process.exit(1);
// Each run bundles its tests into its own folder, so parallel runs don't clash.
const outdir = join('out', `test-${process.pid}`);
if (run(process.execPath, ['scripts/build.mjs', '--tests', outdir]) !== 0) process.exit(1);

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
};
walk(outdir);
files.sort();
const selected = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
const status = run(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', ...selected]);
rmSync(outdir, { recursive: true, force: true });
process.exit(status);
