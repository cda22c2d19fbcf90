// The editor-test harness: code-server (VS Code 1.100 in the browser) with the extension
// installed from a freshly packaged .vsix, and Debian's Chromium driven by playwright-core.
// Everything listens on and talks to 127.0.0.1 only. Prerequisites come from
// scripts/editor/setup.sh; without them the editor tests fail and say so.

import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const ROOT = process.cwd();
export const CODE_SERVER_VERSION = '4.100.3';
export const SETUP_HINT = 'Run the editor set-up first: scripts/editor/setup.sh (as root, or with sudo for its apt packages).';

export function codeServerPath(): string {
  const cache = process.env.CODING_NOTES_EDITOR_CACHE || join(homedir(), '.cache', 'clinical-coding-notes');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Throws, naming what is missing and how to get it, unless the editor prerequisites are here. */
export function requirePrerequisites(what: { codeServer?: boolean; chromium?: boolean; nvim?: boolean }): void {
  const missing: string[] = [];
  if (what.codeServer && !existsSync(codeServerPath())) missing.push(`code-server ${CODE_SERVER_VERSION} (expected at ${codeServerPath()})`);
  if (what.chromium && !existsSync(chromiumPath())) missing.push(`Chromium (expected at ${chromiumPath()}; set CHROMIUM_PATH to use another)`);
  if (what.nvim && spawnSync('nvim', ['--version']).status !== 0) missing.push('Neovim 0.7 or later (nvim on PATH)');
  if (missing.length) throw new Error(`Editor test prerequisites missing: ${missing.join('; ')}.\n${SETUP_HINT}`);
}

/** Packages the extension as a user would get it (dist/ is already built by `npm test`). */
export function packageVsix(dir: string): string {
  const out = join(dir, 'clinical-coding-notes.vsix');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'editor', 'package.mjs'), '--no-build', '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`packaging the .vsix failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

export interface Editor {
  /** `http://127.0.0.1:PORT` */
  base: string;
  /** The URL that opens the folder. */
  url: string;
  state: string;
  stop(): Promise<void>;
}

/** Starts code-server on a free port with the .vsix installed, through scripts/editor/code-server.mjs. */
export async function startEditor(options: { folder: string; vsix?: string; extraArgs?: string[] }): Promise<Editor> {
  requirePrerequisites({ codeServer: true });
  const state = mkdtempSync(join(tmpdir(), 'coding-notes-editor-state-'));
  const args = [join(ROOT, 'scripts', 'editor', 'code-server.mjs'), '--port', '0', '--state', state];
  if (options.vsix) args.push('--vsix', options.vsix);
  args.push(...(options.extraArgs ?? []), options.folder);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /READY (\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the code-server launcher exited (${code}):\n${output}`));
    });
  });
  const base = new URL(url).origin;
  return {
    base,
    url,
    state,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      rmSync(state, { recursive: true, force: true });
    },
  };
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL the browser asked for that is not on 127.0.0.1 / localhost (these are blocked too). */
  outside: string[];
  close(): Promise<void>;
}

export function isLocal(url: string): boolean {
  if (/^(data|blob|about|chrome|chrome-extension|devtools):/.test(url)) return true;
  try {
    const host = new URL(url).hostname;
    // vscode-cdn webview hosts are resolved by code-server's service worker, never fetched.
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

export async function openBrowser(): Promise<BrowserSession> {
  requirePrerequisites({ chromium: true });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ], // launch() gives the browser a fresh temporary profile of its own
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    if (!isLocal(req.url()) && !outside.includes(req.url())) outside.push(req.url());
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return {
    browser,
    context,
    page,
    outside,
    close: async () => {
      await browser.close();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value, or throws with `what` and the last value seen. */
export async function until<T>(what: string, probe: () => Promise<T>, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < end) {
    try {
      last = await probe();
      if (last) return last as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}${lastError ? `; error: ${lastError}` : ''}`);
}
