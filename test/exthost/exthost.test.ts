// Runs the extension-host mocha specs (test/exthost/suite) inside code-server's extension host,
// through the payload URL (`extensionDevelopmentPath` + `extensionTestsPath`) opened in
// Chromium, and reports each spec as a test here. The specs write their outcome to a result
// file, since code-server does not hand it back. Prerequisites: scripts/editor/setup.sh.
// Where VS Code itself can be downloaded, `npm run test:exthost:electron` runs the same
// specs under @vscode/test-electron.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BrowserSession, Editor, ROOT, openBrowser, requirePrerequisites, sleep, startEditor } from '../e2e/harness';
import { EXTHOST_NOTES } from './notes';
import type { ExthostResult } from './suite/index';

let ws: string;
let bundleDir: string;
let editor: Editor | undefined;
let session: BrowserSession | undefined;

before(async () => {
  requirePrerequisites({ codeServer: true, chromium: true });
  ws = mkdtempSync(join(tmpdir(), 'coding-notes-exthost-'));
  for (const [name, text] of Object.entries(EXTHOST_NOTES)) writeFileSync(join(ws, name), text);
  // Inside the repository, so that `require('mocha')` finds node_modules.
  bundleDir = join(ROOT, 'out', `exthost-${process.pid}`);
  mkdirSync(bundleDir, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'test', 'exthost', 'suite', 'index.ts')],
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
  editor = await startEditor({ folder: ws });
});

after(async () => {
  await session?.close();
  await editor?.stop();
  if (ws) rmSync(ws, { recursive: true, force: true });
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

test('extension-host specs (mocha, vscode API) in code-server', { timeout: 240_000 }, async (t) => {
  const host = new URL(editor!.base).host;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${host}${ROOT}`],
    ['extensionTestsPath', `vscode-remote://${host}${join(bundleDir, 'index.js')}`],
  ];
  const url = `${editor!.base}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  session = await openBrowser();
  await session.page.goto(url);
  const resultFile = join(ws, '.exthost-result.json');
  const end = Date.now() + 200_000;
  let result: ExthostResult | undefined;
  while (Date.now() < end) {
    if (existsSync(resultFile)) {
      try {
        result = JSON.parse(readFileSync(resultFile, 'utf8'));
        if (result?.done) break;
      } catch {
        // being written
      }
    }
    await sleep(250);
  }
  assert.ok(result?.done, `the extension-host specs reported no result in ${resultFile} (did the extension host start them?)`);
  assert.ok(result!.tests.length >= 7, `expected the 7 specs, got ${result!.tests.length}`);
  for (const spec of result!.tests) {
    await t.test(spec.title, () => {
      if (spec.state === 'failed') assert.fail(spec.error);
      assert.equal(spec.state, 'passed');
    });
  }
  assert.equal(result!.failed, 0);
  assert.deepEqual(session.outside, [], 'no request outside 127.0.0.1');
});
