// Reliability of `coding-notes check --fix` (issue 7), run as users run it:
// `node dist/cli.js` on temporary folders. A fix never leaves a half-written
// note, even when the process is killed; it keeps the file's mode; it never
// overwrites a file that changed while it ran, nor one it may not write; and a
// file it cannot read or write is named, with exit 2, while the others are
// still checked.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine } from '../server/src/core/engine';
import { TEMPORARY_NAME } from '../server/src/cli/write';

const CLI = resolve(process.cwd(), 'dist', 'cli.js');
const engine = new Engine();

const folders: string[] = [];
after(() => {
  for (const f of folders) {
    try {
      chmodSync(f, 0o755);
    } catch {
      // already gone
    }
    rmSync(f, { recursive: true, force: true });
  }
});

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coding-notes-robust-cli-'));
  folders.push(dir);
  return dir;
}

/** A note with slips that fix-all corrects: a misspelt field and value, codes to read and to add. */
function fixable(i: number): string {
  return [
    `# List ${i}`,
    `Episode: K-${String(i).padStart(5, '0')}`,
    'Guidance: IPG369',
    'Procedure: Percutaneous cryotherapy to liver metastases',
    'Aproach: percutaneous',
    'Image control: ultrasond',
    'OPCS-4: j128',
    'ICD-10: C787, C20',
    `Comment: file ${i}, kept as written`,
    '',
  ].join('\n');
}

const fixed = (text: string) => engine.fixAll(text).text;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, args: string[], asUser?: string): Run {
  const command = asUser ? 'runuser' : process.execPath;
  const argv = asUser ? ['-u', asUser, '--', process.execPath, CLI, ...args] : [CLI, ...args];
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noteName = (i: number) => `n${String(i).padStart(4, '0')}.codingnote`;
/** What a temporary file of write.ts looks like: hidden, short, and not ending in .codingnote. */
const TEMP_FILE = TEMPORARY_NAME;

/** As root, permission bits do not stop reads or writes: some checks run as `nobody`. */
const isRoot = process.getuid?.() === 0;
const canDropToNobody = isRoot && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, CLI, '--version']).status === 0;

describe('--fix killed part way', () => {
  test('every file is exactly its old text or its fixed text, never partial; leftovers are not notes', { timeout: 180_000 }, async (t) => {
    const COUNT = 2000;
    const originals = Array.from({ length: COUNT }, (_, i) => fixable(i));
    const expected = originals.map(fixed);
    for (let i = 0; i < COUNT; i++) assert.notEqual(expected[i], originals[i]);
    const mixes: string[] = [];
    // Killed after a time, or as soon as a given file has been fixed (so the kill lands mid-run on a slow machine too).
    const kills: ({ afterMs: number } | { afterFile: number })[] = [{ afterMs: 400 }, { afterFile: 50 }, { afterFile: 600 }];
    for (const kill of kills) {
      const delay = 'afterMs' in kill ? `${kill.afterMs} ms` : `file ${kill.afterFile} fixed`;
      const dir = tempFolder();
      for (let i = 0; i < COUNT; i++) {
        writeFileSync(join(dir, noteName(i)), originals[i]);
        chmodSync(join(dir, noteName(i)), 0o640);
      }
      const child = spawn(process.execPath, [CLI, 'check', '--fix', '.'], { cwd: dir, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
      let timer: NodeJS.Timeout;
      if ('afterMs' in kill) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
      else {
        const watched = join(dir, noteName(kill.afterFile));
        const poll = () => {
          if (readFileSync(watched, 'utf8') === expected[kill.afterFile]) child.kill('SIGKILL');
          else timer = setTimeout(poll, 2);
        };
        timer = setTimeout(poll, 2);
      }
      const signal = await exited;
      clearTimeout(timer!);

      let news = 0;
      const leftovers: string[] = [];
      for (const name of readdirSync(dir)) {
        if (TEMP_FILE.test(name)) {
          leftovers.push(name);
          continue;
        }
        const i = Number(/^n(\d{4})\.codingnote$/.exec(name)?.[1] ?? NaN);
        assert.ok(Number.isInteger(i) && i < COUNT, `unexpected file after the kill: ${name}`);
        const text = readFileSync(join(dir, name), 'utf8');
        if (text === expected[i]) news++;
        else assert.equal(text, originals[i], `${name} (killed at ${delay}) is neither its old nor its fixed text`);
        assert.equal(statSync(join(dir, name)).mode & 0o777, 0o640, `${name} kept its mode`);
      }
      assert.ok(leftovers.length <= 1, `at most the one temporary file being written: ${leftovers.join(', ')}`);
      mixes.push(`${delay}: ${signal ?? 'finished'}, ${news} fixed, ${leftovers.length} temporary`);
      if (leftovers.length) {
        // A temporary file left by the kill is not taken for a note.
        const after = cli(dir, ['check', '.']);
        assert.match(after.stdout, new RegExp(` in ${COUNT} files, ${COUNT} notes`), after.stderr);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    t.diagnostic(mixes.join('; '));
    // The kill must have landed in the middle of the work at least once, or this proves nothing.
    assert.ok(
      mixes.some((m) => /SIGKILL, ([1-9]\d*) fixed/.test(m) && !/ 2000 fixed/.test(m)),
      `no kill landed while files were being fixed:\n${mixes.join('\n')}`,
    );
  });
});

describe('temporary files', () => {
  test('a temporary file left by a killed run is not taken for a note, by check or --fix', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, noteName(1)), fixable(1));
    const leftover = '.coding-notes-12345-0badf00d.tmp';
    assert.match(leftover, TEMP_FILE);
    writeFileSync(join(dir, leftover), fixable(1).slice(0, 40));
    const r = cli(dir, ['check', '--fix', '.']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, / in 1 file, 1 note; fixed 1 file/);
    assert.equal(readFileSync(join(dir, leftover), 'utf8'), fixable(1).slice(0, 40));
  });
});

describe('files changed while --fix runs', () => {
  test('an edit made during the run is never overwritten with a fix of the old text', { timeout: 120_000 }, async () => {
    const COUNT = 1500;
    const dir = tempFolder();
    const originals = Array.from({ length: COUNT }, (_, i) => fixable(i));
    for (let i = 0; i < COUNT; i++) writeFileSync(join(dir, noteName(i)), originals[i]);
    const child = spawn(process.execPath, [CLI, 'check', '--fix', '.'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Edit every 15th file while the run goes through them, as an editor saves: a new file renamed into place.
    const edited = new Map<number, string>();
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 7; i < COUNT; i += 15) {
      const text = originals[i].replace('Comment: file', 'Comment: edited meanwhile, file');
      const temp = join(dir, `.edit-${i}.tmp`);
      writeFileSync(temp, text);
      renameSync(temp, join(dir, noteName(i)));
      edited.set(i, text);
      await new Promise((r) => setTimeout(r, 3));
    }
    const status = await exited;
    for (const [i, text] of edited) {
      const now = readFileSync(join(dir, noteName(i)), 'utf8');
      assert.ok(now === text || now === fixed(text), `${noteName(i)} lost its edit:\n${now}`);
    }
    if (/changed on disk while it was being fixed/.test(stderr)) {
      assert.equal(status, 2, 'a file left alone is trouble: exit 2');
      assert.match(stderr, /coding-notes: n\d{4}\.codingnote changed on disk while it was being fixed; it was left as it is/);
    }
  });
});

describe('files that cannot be read or written', () => {
  test(
    'a read-only file is named, left as it is with exit 2, and the other files are fixed',
    { skip: isRoot && !canDropToNobody && 'as root, only runuser -u nobody makes a file read-only' },
    () => {
      const dir = tempFolder();
      for (const name of ['a', 'b', 'c']) {
        writeFileSync(join(dir, `${name}.codingnote`), fixable(1));
        if (isRoot) chownSync(join(dir, `${name}.codingnote`), 65534, 65534);
      }
      chmodSync(join(dir, 'b.codingnote'), 0o444);
      // The folder is writable, so only the CLI's own check stops the rename replacing the file.
      chmodSync(dir, 0o777);
      const r = cli(dir, ['check', '--fix', '.'], isRoot ? 'nobody' : undefined);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /^coding-notes: cannot write the fixes to b\.codingnote: the file is read-only$/m);
      assert.equal(readFileSync(join(dir, 'a.codingnote'), 'utf8'), fixed(fixable(1)));
      assert.equal(readFileSync(join(dir, 'b.codingnote'), 'utf8'), fixable(1));
      assert.equal(readFileSync(join(dir, 'c.codingnote'), 'utf8'), fixed(fixable(1)));
      assert.equal(statSync(join(dir, 'b.codingnote')).mode & 0o777, 0o444);
      assert.match(r.stdout, /fixed 2 files/);
      assert.deepEqual(readdirSync(dir).sort(), ['a.codingnote', 'b.codingnote', 'c.codingnote']);
    },
  );

  test('a file that cannot be read is named with exit 2, and the other files are still checked', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'a.codingnote'), fixable(1));
    writeFileSync(join(dir, 'c.codingnote'), fixable(3));
    symlinkSync(join(dir, 'nowhere.codingnote'), join(dir, 'gone.codingnote'));
    const r = cli(dir, ['check', '--format', 'json', 'a.codingnote', 'gone.codingnote', 'c.codingnote']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^coding-notes: cannot read gone\.codingnote: no such file or folder$/m);
    assert.deepEqual(
      JSON.parse(r.stdout).files.map((f: any) => f.path),
      ['a.codingnote', 'c.codingnote'],
    );
  });

  test(
    'permissions, as a user they apply to: an unreadable file, a read-only folder, a file owned by someone else',
    { skip: !isRoot ? 'needs root to create the files and run the CLI as nobody' : !canDropToNobody && 'runuser -u nobody cannot run the CLI here' },
    () => {
      const dir = tempFolder();
      chmodSync(dir, 0o777);
      const names = ['a', 'secret', 'theirs', 'z'].map((n) => `${n}.codingnote`);
      for (const name of names) writeFileSync(join(dir, name), fixable(2));
      for (const name of ['a.codingnote', 'z.codingnote']) {
        chownSync(join(dir, name), 65534, 65534);
        chmodSync(join(dir, name), 0o644);
      }
      chmodSync(join(dir, 'secret.codingnote'), 0o000);
      chmodSync(join(dir, 'theirs.codingnote'), 0o644); // root's: nobody may read it, not write it
      const r = cli(dir, ['check', '--fix', '.'], 'nobody');
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /^coding-notes: cannot read secret\.codingnote: permission denied$/m);
      assert.match(r.stderr, /^coding-notes: cannot write the fixes to theirs\.codingnote: the file is read-only$/m);
      // The rename would have replaced root's file (the folder is writable): it must not.
      assert.equal(readFileSync(join(dir, 'theirs.codingnote'), 'utf8'), fixable(2));
      assert.equal(statSync(join(dir, 'theirs.codingnote')).uid, 0);
      for (const name of ['a.codingnote', 'z.codingnote']) assert.equal(readFileSync(join(dir, name), 'utf8'), fixed(fixable(2)), name);
      assert.deepEqual(readdirSync(dir).sort(), names);

      // A folder nobody may write in: no temporary file can be made, so nothing is fixed.
      const locked = tempFolder();
      writeFileSync(join(locked, 'note.codingnote'), fixable(4));
      chmodSync(join(locked, 'note.codingnote'), 0o666);
      chmodSync(locked, 0o555);
      const l = cli(locked, ['check', '--fix', '.'], 'nobody');
      assert.equal(l.status, 2, l.stdout + l.stderr);
      assert.match(l.stderr, /^coding-notes: cannot write the fixes to note\.codingnote: permission denied$/m);
      assert.equal(readFileSync(join(locked, 'note.codingnote'), 'utf8'), fixable(4));
      assert.deepEqual(readdirSync(locked), ['note.codingnote']);
    },
  );
});

describe('--fix stopped by Ctrl+C or SIGTERM (issue 16)', () => {
  // Stopped as soon as a given file has been fixed, so the signal lands mid-run on any machine.
  const stops: [NodeJS.Signals, number][] = [
    ['SIGINT', 5],
    ['SIGINT', 300],
    ['SIGINT', 800],
    ['SIGTERM', 100],
  ];
  for (const [signal, afterFile] of stops) {
    test(
      `${signal} after file ${afterFile}: the run stops between two files, no temporary file is left, and it ends by the signal`,
      { timeout: 120_000 },
      async () => {
        const COUNT = 1200;
        const dir = tempFolder();
        const originals = Array.from({ length: COUNT }, (_, i) => fixable(i));
        const expected = originals.map(fixed);
        for (let i = 0; i < COUNT; i++) writeFileSync(join(dir, noteName(i)), originals[i]);
        const child = spawn(process.execPath, [CLI, 'check', '--fix', '.'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
        const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
          child.on('exit', (code, sig) => done({ code, signal: sig })),
        );
        const watched = join(dir, noteName(afterFile));
        let timer: NodeJS.Timeout | undefined;
        const poll = () => {
          if (readFileSync(watched, 'utf8') === expected[afterFile]) child.kill(signal);
          else timer = setTimeout(poll, 1);
        };
        timer = setTimeout(poll, 1);
        // Only against a hang: a run that ignored the signal would be killed here, and the test fail.
        const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
        const { code, signal: ended } = await exited;
        clearTimeout(timer);
        clearTimeout(guard);

        assert.equal(ended, signal, `the process ends by ${signal} (it exited with ${code}); stderr: ${stderr}`);
        assert.match(
          stderr,
          new RegExp(`^coding-notes: stopped by ${signal} after \\d+ of ${COUNT} files; each file holds its old text or its fixed text$`, 'm'),
        );
        let news = 0;
        for (const name of readdirSync(dir)) {
          assert.ok(!TEMP_FILE.test(name) && !name.endsWith('.tmp'), `a temporary file was left: ${name}`);
          const i = Number(/^n(\d{4})\.codingnote$/.exec(name)?.[1] ?? NaN);
          assert.ok(Number.isInteger(i), `unexpected file: ${name}`);
          const text = readFileSync(join(dir, name), 'utf8');
          assert.ok(text === originals[i] || text === expected[i], `${name} is neither its old nor its fixed text`);
          if (text === expected[i]) news++;
        }
        assert.ok(news > afterFile && news < COUNT, `stopped part way: ${news} of ${COUNT} fixed`);
      },
    );
  }
});

describe('--fix keeps what a rename would lose (issue 16)', () => {
  test('a note with a second name (a hard link) is written in place: both names see the fix, on one inode, with its mode', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'a.codingnote'), fixable(1));
    chmodSync(join(dir, 'a.codingnote'), 0o640);
    linkSync(join(dir, 'a.codingnote'), join(dir, 'second-name.txt'));
    const inode = statSync(join(dir, 'a.codingnote')).ino;
    const r = cli(dir, ['check', '--fix', 'a.codingnote']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /fixed 1 file/);
    for (const name of ['a.codingnote', 'second-name.txt']) {
      assert.equal(readFileSync(join(dir, name), 'utf8'), fixed(fixable(1)), name);
      const st = statSync(join(dir, name));
      assert.equal(st.ino, inode, `${name} is the same file as before`);
      assert.equal(st.nlink, 2, `${name} still has two names`);
      assert.equal(st.mode & 0o777, 0o640);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['a.codingnote', 'second-name.txt'], 'the verified copy of the old text is removed');
  });

  test('two hard-linked notes in one folder: fixed once, both names see it', () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'a.codingnote'), fixable(2));
    linkSync(join(dir, 'a.codingnote'), join(dir, 'b.codingnote'));
    const r = cli(dir, ['check', '--fix', '.']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(dir, 'b.codingnote'), 'utf8'), fixed(fixable(2)));
    assert.equal(statSync(join(dir, 'b.codingnote')).nlink, 2);
    assert.deepEqual(readdirSync(dir).sort(), ['a.codingnote', 'b.codingnote']);
  });

  test('a note whose name is 250 bytes long is fixed (the temporary name is short)', () => {
    const dir = tempFolder();
    const name = `${'n'.repeat(250 - '.codingnote'.length)}.codingnote`;
    assert.equal(Buffer.byteLength(name), 250);
    writeFileSync(join(dir, name), fixable(3));
    const r = cli(dir, ['check', '--fix', '.']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(dir, name), 'utf8'), fixed(fixable(3)));
    assert.deepEqual(readdirSync(dir), [name]);
    // Names count in bytes: 120 two-byte é and the extension make 251 bytes.
    const wide = `${'\u00e9'.repeat(120)}.codingnote`;
    writeFileSync(join(dir, wide), fixable(4));
    const w = cli(dir, ['check', '--fix', wide]);
    assert.equal(w.status, 0, w.stdout + w.stderr);
    assert.equal(readFileSync(join(dir, wide), 'utf8'), fixed(fixable(4)));
  });
});
