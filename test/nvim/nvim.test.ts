// A second real editor: headless Neovim (0.7+, Debian's) with a Lua LSP client
// (test/nvim/client.lua) starts the bundled language server over stdio and gets diagnostics,
// completion, hover and a code action from it. Prerequisite: nvim (scripts/editor/setup.sh).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requirePrerequisites } from '../e2e/harness';

const NOTE = [
  '# Typed in a hurry',
  'Episode: NV-0001',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
  'OPCS-4: J12.8, ',
  'ICD-10: C78.7',
  '---',
  'Episode: NV-0002',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Approach: percutaneous',
  'Image control: ultrasound',
  'Comment: main code mistyped, diagnosis not coded yet',
  'OPCS-4: j128, Y13.2, Y53.2',
  '',
].join('\n');

interface NvimResult {
  ok?: boolean;
  error?: string;
  steps: {
    diagnostics?: { waited: boolean; items: { lnum: number; code: string; source: string; message: string }[] };
    completion?: { err?: string; items: { label: string; detail?: string }[] };
    hover?: { err?: string; value?: string };
    codeAction?: { err?: string; titles: string[]; applied?: string; line: string };
    recheck?: { malformedGone: boolean };
  };
}

describe('Neovim (headless, Lua LSP client over stdio)', () => {
  let dir: string;
  let result: NvimResult;

  before(() => {
    requirePrerequisites({ nvim: true });
    dir = mkdtempSync(join(tmpdir(), 'coding-notes-nvim-'));
    writeFileSync(join(dir, 'list.codingnote'), NOTE);
    const resultFile = join(dir, 'result.json');
    // `timeout` and </dev/null: a headless nvim that hits trouble waits for input forever.
    const r = spawnSync(
      'timeout',
      ['-k', '5', '90', 'nvim', '--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${join(ROOT, 'test', 'nvim', 'client.lua')}`, 'list.codingnote'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
        env: {
          ...process.env,
          CN_NODE: process.execPath,
          CN_SERVER: join(ROOT, 'dist', 'server.js'),
          CN_RESULT: resultFile,
          HOME: dir,
          XDG_CONFIG_HOME: dir,
          XDG_STATE_HOME: dir,
          XDG_DATA_HOME: dir,
        },
      },
    );
    assert.ok(existsSync(resultFile), `nvim wrote no result (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    result = JSON.parse(readFileSync(resultFile, 'utf8'));
    assert.equal(result.error, undefined, `Lua error in the client:\n${result.error}`);
    assert.equal(result.ok, true);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('diagnostics arrive with rule ids and land on the right lines', () => {
    const d = result.steps.diagnostics!;
    assert.ok(d.waited, 'diagnostics were published');
    const at = (code: string, lnum: number) => d.items.find((x) => x.code === code && x.lnum === lnum);
    assert.ok(at('ipg369/diagnosis-code', 9) || d.items.some((x) => x.code === 'ipg369/diagnosis-code' && x.lnum >= 9), JSON.stringify(d.items));
    const malformed = at('code/malformed', 15);
    assert.ok(malformed, JSON.stringify(d.items));
    assert.equal(malformed.source, 'coding-notes');
    assert.match(malformed.message, /j128/);
  });

  test('completion after the main code puts Y13.2 first, with its title', () => {
    const c = result.steps.completion!;
    assert.equal(c.err, undefined);
    assert.equal(c.items[0]?.label, 'Y13.2', JSON.stringify(c.items));
    assert.equal(c.items[0]?.detail, 'Cryotherapy to lesion of organ NOC');
  });

  test('hover on a code gives its title', () => {
    const h = result.steps.hover!;
    assert.equal(h.err, undefined);
    assert.match(String(h.value), /C78\.7/);
    assert.match(String(h.value), /Secondary malignant neoplasm of liver and intrahepatic bile duct/);
  });

  test('a code action fixes the malformed code in the buffer, and the diagnostic goes', () => {
    const a = result.steps.codeAction!;
    assert.equal(a.err, undefined);
    assert.ok(a.applied, `an action to J12.8 among: ${a.titles.join(' / ')}`);
    assert.equal(a.line, 'OPCS-4: J12.8, Y13.2, Y53.2');
    assert.equal(result.steps.recheck!.malformedGone, true);
  });
});
