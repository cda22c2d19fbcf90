// Running the bundled CLI as users run it (`node dist/cli.js …`) on temporary
// folders, for the CLI test files. Build first (`node scripts/build.mjs`).

import { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(process.cwd(), 'dist', 'cli.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; without input, standard input is an empty pipe, so no test waits on a terminal. */
export function runCli(cwd: string, args: readonly string[], input?: string | Buffer): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input: input ?? '' });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the CLI with this environment on top of the tests' own, `SOURCE_DATE_EPOCH` unset unless
 * given (so the report reads the clock), and room for a large report on stdout.
 */
export function runCliEnv(cwd: string, args: readonly string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SOURCE_DATE_EPOCH: '', ...env },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `check --format json …`, with its report parsed (the test fails where stdout is not JSON). */
export function runJson(cwd: string, args: readonly string[], input?: string | Buffer): { run: Run; report: any } {
  const run = runCli(cwd, ['check', '--format', 'json', ...args], input);
  let report: any;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    assert.fail(`stdout is not JSON (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, report };
}

const folders: string[] = [];
after(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** A temporary folder holding the given files (paths with `/`, content written as is), removed after the tests. */
export function tempFolder(files: Record<string, string | Buffer> = {}, prefix = 'coding-notes-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, ...name.split('/'));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** No stack traces, whatever happens: one `coding-notes:` line per problem. */
export function assertTidyStderr(stderr: string): void {
  assert.doesNotMatch(stderr, /^\s+at /m, `a stack trace on stderr:\n${stderr}`);
  for (const line of stderr.split('\n').filter(Boolean)) assert.match(line, /^coding-notes: /, `stray stderr line: ${line}`);
}
