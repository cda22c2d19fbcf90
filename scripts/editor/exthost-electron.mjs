// `npm run test:exthost:electron`: the extension-host specs (test/exthost/suite) under
// @vscode/test-electron, i.e. in a desktop VS Code that it downloads (needs the internet;
// on this project's offline CI the same specs run in code-server: test/exthost/exthost.test.ts).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundleDir = join(root, 'out', `exthost-electron-${process.pid}`);
const ws = mkdtempSync(join(tmpdir(), 'coding-notes-exthost-'));
mkdirSync(bundleDir, { recursive: true });
let status = 1;
try {
  // The notes the specs expect, from the same module the code-server run uses.
  await build({
    entryPoints: [join(root, 'test', 'exthost', 'notes.ts')],
    outfile: join(bundleDir, 'notes.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  const { EXTHOST_NOTES } = await import(join(bundleDir, 'notes.js'));
  for (const [name, text] of Object.entries(EXTHOST_NOTES.default ?? EXTHOST_NOTES)) writeFileSync(join(ws, name), text);
  await build({
    entryPoints: [join(root, 'test', 'exthost', 'suite', 'index.ts')],
    outfile: join(bundleDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
    loader: { '.md': 'text' }, // the rule pages beside the rule modules
  });
  const result = join(ws, '.exthost-result.json');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(bundleDir, 'index.js'),
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { CODING_NOTES_EXTHOST_RESULT: result },
    });
  } catch (e) {
    console.error(`VS Code reported a failure: ${e?.message ?? e}`);
  }
  if (existsSync(result)) {
    const r = JSON.parse(readFileSync(result, 'utf8'));
    for (const t of r.tests)
      console.log(`${t.state === 'passed' ? 'ok    ' : t.state === 'failed' ? 'FAILED' : 'skip  '} ${t.title}${t.error ? `\n${t.error}` : ''}`);
    console.log(`${r.passed} passed, ${r.failed} failed`);
    status = r.done && r.failed === 0 ? 0 : 1;
  } else console.error('The specs wrote no result file.');
} finally {
  rmSync(bundleDir, { recursive: true, force: true });
  rmSync(ws, { recursive: true, force: true });
}
process.exit(status);
