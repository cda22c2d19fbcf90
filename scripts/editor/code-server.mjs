// Starts code-server (VS Code in the browser) on 127.0.0.1 with the extension installed from a
// .vsix, the way a user installs it, in a throw-away profile. Used by `npm start`, the editor
// tests and `npm run screenshots`.
//
//   node scripts/editor/code-server.mjs [--port 8080] [--vsix FILE] [--state DIR] [--open FILE] [FOLDER]
//
// Prints `READY <url>` once the editor answers, then runs until Ctrl+C / SIGTERM, when it
// stops code-server. Nothing here (or in the editor it starts) talks to anything but 127.0.0.1:
// telemetry, update checks, the extension gallery and recommendations are all switched off.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';

export function codeServerPath() {
  const cache = process.env.CODING_NOTES_EDITOR_CACHE || join(homedir(), '.cache', 'clinical-coding-notes');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

/** The user settings of every profile this script makes. */
export const EDITOR_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
  'editor.fontSize': 15,
  'window.commandCenter': true,
};

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
}

async function main() {
  const port = option('--port', '8080');
  const vsix = option('--vsix', undefined);
  const givenState = option('--state', undefined);
  // A file to show in an editor when the page opens (the workbench's `payload` parameter, openFile).
  const openFile = option('--open', undefined);
  const folder = resolve(args[0] ?? 'examples');
  const bin = codeServerPath();
  if (!existsSync(bin)) {
    console.error(`code-server ${CODE_SERVER_VERSION} is not installed (looked for ${bin}).\nRun: scripts/editor/setup.sh`);
    process.exit(3);
  }
  const state = givenState ? resolve(givenState) : mkdtempSync(join(tmpdir(), 'coding-notes-editor-'));
  const dirs = { ext: join(state, 'extensions'), data: join(state, 'user-data'), xdg: join(state, 'xdg-config') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.data, 'User'), { recursive: true });
  writeFileSync(join(dirs.data, 'User', 'settings.json'), JSON.stringify(EDITOR_SETTINGS, null, 2));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.xdg,
    // No extension gallery: the editor must not look anything up on the internet.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '', itemUrl: '', resourceUrlTemplate: '' }),
  };
  const common = ['--extensions-dir', dirs.ext, '--user-data-dir', dirs.data];
  if (vsix) {
    const r = spawnSync(bin, [...common, '--install-extension', resolve(vsix), '--force'], { env, encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(`installing ${vsix} failed:\n${r.stdout}${r.stderr}`);
      process.exit(1);
    }
    console.log(`installed ${vsix}`);
  }
  const child = spawn(
    bin,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...common,
      folder,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stopping = false;
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      if (!givenState) rmSync(state, { recursive: true, force: true });
      process.exit(code);
    }, 500);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('SIGHUP', () => stop(0));
  let log = '';
  let announced = false;
  const onOutput = async (chunk) => {
    log += chunk.toString();
    if (process.env.CODING_NOTES_EDITOR_LOG) process.stderr.write(chunk);
    const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(log);
    if (m && !announced) {
      announced = true;
      const base = m[1];
      for (let i = 0; i < 100; i++) {
        try {
          const res = await fetch(`${base}/healthz`);
          if (res.ok) break;
        } catch {}
        await new Promise((r) => setTimeout(r, 100));
      }
      const open = openFile
        ? `&payload=${encodeURIComponent(JSON.stringify([['openFile', `vscode-remote://${new URL(base).host}${encodeURI(resolve(openFile))}`]]))}`
        : '';
      console.log(`READY ${base}/?folder=${encodeURI(folder)}${open}`);
      console.log(`STATE ${state}`);
    }
  };
  child.stdout.on('data', (chunk) => void onOutput(chunk));
  child.stderr.on('data', (chunk) => void onOutput(chunk));
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`code-server exited (${code}):\n${log}`);
      stop(1);
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
