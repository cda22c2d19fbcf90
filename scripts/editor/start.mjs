// `npm start`: builds, packages the .vsix, makes sure code-server is installed, and serves
// VS Code with the extension installed, examples/ open and its sample note in an editor, at http://127.0.0.1:8080 (PORT=...
// to change it). Ctrl+C stops it. Nothing is exposed beyond this machine (127.0.0.1, no auth).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerPath } from './code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = process.env.PORT || '8080';
const vsix = join(root, 'out', 'editor', 'clinical-coding-notes.vsix');

function step(what, cmd, args) {
  console.log(`\n> ${what}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`npm start: ${what} failed.`);
    process.exit(r.status ?? 1);
  }
}

step('build and package the extension', process.execPath, [join(root, 'scripts', 'editor', 'package.mjs'), '--out', vsix]);
if (!existsSync(codeServerPath())) {
  step('install code-server (first run only)', 'bash', [join(root, 'scripts', 'editor', 'setup.sh')]);
}
console.log(`\n> start code-server on 127.0.0.1:${port}`);
// The sample note opens in an editor, so a newcomer lands on it rather than on an empty window.
const examples = join(root, 'examples');
const sample = readdirSync(examples)
  .filter((name) => name.endsWith('.codingnote'))
  .sort()[0];
const open = sample ? ['--open', join(examples, sample)] : [];
const child = spawn(process.execPath, [join(root, 'scripts', 'editor', 'code-server.mjs'), '--port', port, '--vsix', vsix, ...open, examples], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
child.stdout.on('data', (chunk) => {
  for (const line of chunk.toString().split('\n')) {
    const ready = /^READY (\S+)/.exec(line);
    if (ready) {
      console.log(`\nClinical Coding Notes in VS Code: ${ready[1]}`);
      console.log(`(examples/ is open${sample ? `, with ${sample} in the editor,` : ''} and the extension installed. Ctrl+C stops the editor.)\n`);
    } else if (line.trim() && !line.startsWith('STATE ')) console.log(line);
  }
});
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));
