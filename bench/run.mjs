// `npm run bench [-- --quick]`: builds the bundles, bundles the benchmark, runs it.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
await build({
  entryPoints: ['bench/main.ts'],
  outfile: 'out/bench/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // As in scripts/build.mjs: jsonc-parser's UMD build hides its requires from esbuild; bundle its ES module build.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // The rule pages beside the rules are bundled as text.
  loader: { '.md': 'text' },
});
const run = spawnSync(process.execPath, ['--enable-source-maps', 'out/bench/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
