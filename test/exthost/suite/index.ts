// Extension-host test entry (extensionTestsPath): runs the mocha specs inside VS Code's
// extension host, with the real `vscode` API, and writes the outcome to a JSON result file,
// because neither code-server nor a browser hands pass/fail back to whoever started them.
// The same bundle runs under @vscode/test-electron (scripts/editor/exthost-electron.mjs)
// and in code-server through the payload URL (test/exthost/exthost.test.ts).
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Mocha = require('mocha');

export interface ExthostResult {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; error?: string }[];
  done: boolean;
}

function resultPath(): string {
  if (process.env.CODING_NOTES_EXTHOST_RESULT) return process.env.CODING_NOTES_EXTHOST_RESULT;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  return path.join(folder, '.exthost-result.json');
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'extension.spec', mocha);
  // Bundled by esbuild: evaluated here, after mocha's globals exist.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./extension.spec');
  const out: ExthostResult = { passed: 0, failed: 0, tests: [], done: false };
  const file = resultPath();
  const write = () => fs.writeFileSync(file, JSON.stringify(out, null, 2));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        out.done = true;
        write();
        if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
        else resolve();
      });
      runner.on('pass', (t) => {
        out.passed++;
        out.tests.push({ title: t.fullTitle(), state: 'passed' });
      });
      runner.on('fail', (t, err) => {
        out.failed++;
        out.tests.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) });
      });
      runner.on('pending', (t) => out.tests.push({ title: t.fullTitle(), state: 'pending' }));
    } catch (e) {
      out.done = true;
      out.failed++;
      out.tests.push({ title: 'loading the suite', state: 'failed', error: String((e as Error)?.stack ?? e) });
      write();
      reject(e);
    }
  });
}
