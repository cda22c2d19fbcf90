// `npm run package`: builds the bundles, then makes the .vsix with @vscode/vsce.
//   node scripts/editor/package.mjs [--no-build] [--out FILE]
// What goes in is decided by .vscodeignore (bundles, grammar, schema, docs, icon, README,
// licence). Nothing is fetched: no dependency detection (the client is bundled), and
// README links stay relative (they resolve inside the package, where docs/ ships too).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outAt = args.indexOf('--out');
const out = resolve(outAt >= 0 ? args[outAt + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`));

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`[package] failed: ${cmd} ${argv.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

if (!args.includes('--no-build')) run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
const vsce = createRequire(join(root, 'package.json')).resolve('@vscode/vsce/vsce');
mkdirSync(dirname(out), { recursive: true });
run(process.execPath, [
  vsce,
  'package',
  '--no-dependencies',
  '--no-rewrite-relative-links',
  '--allow-missing-repository',
  '--no-update-package-json',
  '--out',
  out,
]);
console.log(`[package] ${out} (${Math.round(statSync(out).size / 1024)} KB)`);
