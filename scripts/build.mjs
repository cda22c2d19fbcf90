// Bundles the extension client, the language server and the CLI with esbuild,
// and (with --tests) every test file, so tests run against the same code paths.
import { build } from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';

const testsAt = process.argv.indexOf('--tests');
const withTests = testsAt >= 0;
const testOutdir = (withTests && process.argv[testsAt + 1]) || 'out/test';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // A rule's documentation is the Markdown file beside its module, bundled as text (the SARIF output carries it).
  loader: { '.md': 'text' },
};
const shebang = { js: '#!/usr/bin/env node' };

// The product never uses the network: Node's network modules resolve to a stub
// that throws, in every bundle (test/no-network.test.ts scans the output).
const NETWORK_MODULES = /^(node:)?(net|http|https|http2|dns|tls|dgram)$/;
const noNetwork = {
  name: 'no-network',
  setup(b) {
    b.onResolve({ filter: NETWORK_MODULES }, () => ({ path: resolvePath('server/src/node/no-network.ts') }));
  },
};
// jsonc-parser's main build is UMD, whose inner require() calls esbuild cannot follow: bundle its ES module build.
const product = { ...common, plugins: [noNetwork], minify: true, keepNames: true, alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' } };

await Promise.all([
  build({ ...product, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The server and the CLI without keepNames: it wraps every function made at run time (the closures a check makes
  // per note) in a call that sets its name, some 7 % of a large check's time in a profile, and nothing in either reads
  // a function's name.
  build({ ...product, keepNames: false, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: shebang }),
  build({ ...product, keepNames: false, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: shebang }),
]);

if (withTests) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) files.push(p);
    }
  };
  walk('test');
  rmSync(testOutdir, { recursive: true, force: true });
  await build({ ...common, entryPoints: files, outdir: testOutdir, outbase: 'test', packages: 'external' });
}
