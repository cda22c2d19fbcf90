// `npm run docs`: bundles server/src/tools/gen-docs.ts with esbuild into a
// temporary file and runs it from the repository root. Arguments are passed on
// (`npm run docs -- --check` fails when a page is out of date).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'coding-notes-docs-'));
const outfile = join(dir, 'gen-docs.js');
let status = 1;
try {
  await build({
    entryPoints: [join(root, 'server/src/tools/gen-docs.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    loader: { '.md': 'text' },
  });
  const r = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  status = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
