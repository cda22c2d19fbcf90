// A hostile workspace against the command line (issue 16): a cloned folder of
// notes that someone else wrote can hold links anywhere, FIFOs, devices and a
// configuration naming any file. Each case runs the bundled CLI with a timeout,
// so a hang fails the test instead of stalling the run: the worst it may cause
// is an error that names the path and says why, never a hang, a flood of
// memory, a write outside the folder given, or a line of a file that is not a
// note the user asked to check.

import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine } from '../server/src/core/engine';

const CLI = resolve(process.cwd(), 'dist', 'cli.js');
const engine = new Engine();
/** Generous: each run takes well under a second; only a hang comes near it. */
const TIMEOUT_MS = 20_000;

const folders: string[] = [];
after(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coding-notes-hostile-cli-'));
  folders.push(dir);
  return dir;
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...options.env },
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  assert.notEqual(r.signal, 'SIGKILL', `coding-notes ${args.join(' ')} did not finish within ${TIMEOUT_MS / 1000} s (a hang)`);
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path], { timeout: 5_000 });
  assert.equal(r.status, 0, `mkfifo ${path}: ${r.stderr}`);
}

const hasMkfifo = spawnSync('mkfifo', ['--version'], { timeout: 5_000 }).status === 0;
const posix = process.platform !== 'win32';

/** A note with slips that --fix corrects. */
const FIXABLE = [
  'Episode: H-1',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases',
  'Aproach: percutaneous',
  'Image control: ultrasound',
  'OPCS-4: j128',
  'ICD-10: C787',
  '',
].join('\n');
const FIXED = engine.fixAll(FIXABLE).text;

/** What must never be printed: the content of a file that is not a note the user asked to check. */
const SECRET = 'root:$6$TOPSECRET-hash-4f2a9c:19000:0:99999:7:::';

describe('symbolic links', { skip: !posix && 'symbolic links as on POSIX' }, () => {
  test('check --fix repo follows no link out of repo (a folder outside, /, a note outside), ends loops, and writes only inside repo', () => {
    const base = tempFolder();
    const repo = join(base, 'repo');
    const outside = join(base, 'outside');
    mkdirSync(join(repo, 'sub'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    writeFileSync(join(repo, 'sub', 'b.codingnote'), FIXABLE);
    writeFileSync(join(outside, 'o.codingnote'), FIXABLE);
    symlinkSync(outside, join(repo, 'out'));
    symlinkSync('/', join(repo, 'root'));
    symlinkSync('..', join(repo, 'sub', 'up')); // a loop
    symlinkSync('/proc', join(repo, 'proc'));
    symlinkSync(join(outside, 'o.codingnote'), join(repo, 'sub', 'elsewhere.codingnote'));
    symlinkSync('b.codingnote', join(repo, 'sub', 'alias.codingnote')); // inside: the same note, checked once

    const r = cli(base, ['check', '--fix', 'repo']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, / in 2 files, 2 notes; fixed 2 files/);
    assert.equal(readFileSync(join(repo, 'a.codingnote'), 'utf8'), FIXED);
    assert.equal(readFileSync(join(repo, 'sub', 'b.codingnote'), 'utf8'), FIXED);
    assert.equal(readFileSync(join(outside, 'o.codingnote'), 'utf8'), FIXABLE, 'the note outside repo is not written');
    for (const link of ['repo/out', 'repo/root', 'repo/sub/elsewhere.codingnote']) {
      assert.ok(r.stderr.includes(`coding-notes: not followed: ${link} is a symbolic link out of the folder given (--follow-symlinks follows it)\n`), r.stderr);
    }
    assert.ok(r.stderr.includes('coding-notes: not followed: repo/proc is a link into /proc, which holds no notes\n'), r.stderr);
  });

  test('--follow-symlinks follows links out of the folder, still ends loops, and never enters /proc, /sys or /dev', () => {
    const base = tempFolder();
    const repo = join(base, 'repo');
    const outside = join(base, 'outside');
    mkdirSync(join(repo, 'sub'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    writeFileSync(join(outside, 'o.codingnote'), FIXABLE);
    symlinkSync(outside, join(repo, 'out'));
    symlinkSync(repo, join(outside, 'back')); // out/back → repo: a loop through the outside
    symlinkSync('..', join(repo, 'sub', 'up'));
    for (const system of ['/proc', '/sys', '/dev']) symlinkSync(system, join(repo, system.slice(1)));

    const r = cli(base, ['check', '--follow-symlinks', '--fix-dry-run', '--format', 'json', 'repo']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout).files.map((f: any) => f.path),
      ['repo/a.codingnote', 'repo/out/o.codingnote'],
    );
    for (const system of ['/proc', '/sys', '/dev']) {
      assert.ok(r.stderr.includes(`coding-notes: not followed: repo/${system.slice(1)} is a link into ${system}, which holds no notes\n`), r.stderr);
    }
  });

  test('a folder given under /proc is not searched', { skip: process.platform !== 'linux' && '/proc is Linux' }, () => {
    const r = cli(tempFolder(), ['check', '/proc/self']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^coding-notes: cannot search \/proc\/self: it is in \/proc, a folder of the system that holds no notes$/m);
  });

  test('the audit report walks the same way: no hang on a link to / or a loop', () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    symlinkSync('/', join(repo, 'root'));
    symlinkSync('.', join(repo, 'here'));
    const r = cli(repo, ['report', '--format', 'json', '.']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /not followed: root is a symbolic link out of the folder given/);
  });
});

describe('files that are not regular files', { skip: (!posix || !hasMkfifo) && 'needs mkfifo' }, () => {
  test('a FIFO named like a note, in a folder or given by name, is reported and never opened', () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    mkfifo(join(repo, 'pipe.codingnote'));
    const walked = cli(repo, ['check', '--fix', '.']);
    assert.equal(walked.status, 2, walked.stdout + walked.stderr);
    assert.match(walked.stderr, /^coding-notes: cannot read pipe\.codingnote: it is a FIFO \(named pipe\), not a regular file$/m);
    assert.equal(readFileSync(join(repo, 'a.codingnote'), 'utf8'), FIXED, 'the other notes are still fixed');
    const named = cli(repo, ['check', 'pipe.codingnote']);
    assert.equal(named.status, 2);
    assert.match(named.stderr, /^coding-notes: cannot read pipe\.codingnote: it is a FIFO \(named pipe\), not a regular file$/m);
  });

  test('a device given as a note is refused', { skip: process.platform !== 'linux' && '/dev/zero' }, () => {
    const r = cli(tempFolder(), ['check', '/dev/zero']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^coding-notes: cannot read \/dev\/zero: it is a device, not a regular file$/m);
  });

  const configCases: [string, (path: string) => void, RegExp][] = [
    ['a link to /dev/zero', (p) => symlinkSync('/dev/zero', p), /it is a device, not a regular file/],
    ['a FIFO', (p) => mkfifo(p), /it is a FIFO \(named pipe\), not a regular file/],
    ['a dangling link', (p) => symlinkSync('no-such-file.json', p), /it is a dangling symbolic link/],
    ['a link to itself', (p) => symlinkSync('.codingnotes.json', p), /it is a loop of symbolic links/],
    ['a folder', (p) => mkdirSync(p), /it is a folder/],
  ];
  for (const [what, make, reason] of configCases) {
    test(`.codingnotes.json that is ${what} is an error on the configuration, not the defaults`, () => {
      const repo = tempFolder();
      writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
      make(join(repo, '.codingnotes.json'));
      for (const args of [
        ['check', '.'],
        ['check', '--config', '.codingnotes.json', '.'],
        ['report', '.'],
      ]) {
        const r = cli(repo, args);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /^coding-notes: invalid configuration \.codingnotes\.json: cannot read the configuration file \(/m);
        assert.match(r.stderr, reason);
      }
    });
  }

  test('a pack or release file that is a FIFO or a device is an error, quickly', { skip: process.platform !== 'linux' && '/dev/zero' }, () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    mkfifo(join(repo, 'pack.json'));
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ packs: ['pack.json'] }));
    const pack = cli(repo, ['check', '.']);
    assert.equal(pack.status, 2);
    assert.match(pack.stderr, /\.codingnotes\.json:1:11: cannot load guidance pack pack\.json \(it is a FIFO \(named pipe\), not a regular file\)/);
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ packs: ['/dev/zero'], classifications: { opcs4: '/dev/urandom', icd10: 'pack.json' } }));
    const zero = cli(repo, ['check', '--format', 'json', '.']);
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /\.codingnotes\.json:1:11: cannot load guidance pack \/dev\/zero \(it is a device, not a regular file\) \(and 2 more problems\)/);
  });
});

describe('sizes', () => {
  test('a note over --max-file-size is named, not read; 0 means no limit', () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'big.codingnote'), FIXABLE + `Comment: ${'x'.repeat(4096)}\n`);
    writeFileSync(join(repo, 'small.codingnote'), FIXABLE);
    const r = cli(repo, ['check', '--max-file-size', '2KB', '.']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^coding-notes: cannot read big\.codingnote: it is 4\.\d KB, over the limit of 2 KB for notes$/m);
    assert.match(r.stdout, / in 1 file, 1 note/);
    assert.equal(cli(repo, ['check', '--max-file-size', '0', '.']).status, 1, 'both read: only their problems remain');
    const stdin = cli(repo, ['check', '--stdin', '--max-file-size', '1KB'], { input: Buffer.alloc(4096, 0x20) });
    assert.equal(stdin.status, 2);
    assert.match(stdin.stderr, /cannot read <stdin>: it is over the limit of 1 KB for notes/);
    const bad = cli(repo, ['check', '--max-file-size', 'lots', '.']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /option --max-file-size needs a size such as 512MB, 2GB or 0 for no limit, not 'lots'/);
  });

  test('a pack over 1 MB, a release file over 64 MB and a configuration over 1 MB are refused without being read', () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    writeFileSync(join(repo, 'pack.json'), '');
    truncateSync(join(repo, 'pack.json'), 2 * 1024 * 1024); // sparse: no time, no disk
    writeFileSync(join(repo, 'opcs.txt'), '');
    truncateSync(join(repo, 'opcs.txt'), 65 * 1024 * 1024);
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ packs: ['pack.json'], classifications: { opcs4: 'opcs.txt' } }));
    const r = cli(repo, ['check', '--format', 'sarif', '.']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot load guidance pack pack\.json \(it is 2 MB, over the limit of 1 MB for a guidance pack\) \(and 1 more problem\)/);
    const notifications = JSON.stringify(JSON.parse(r.stdout).runs[0].invocations);
    assert.ok(notifications.includes('over the limit of 1 MB'), notifications);

    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ classifications: { opcs4: 'opcs.txt' } }));
    const release = cli(repo, ['check', '.']);
    assert.match(release.stderr, /OPCS-4 release file opcs\.txt\b.*\(it is 65 MB, over the limit of 64 MB for a release file\)/);

    truncateSync(join(repo, '.codingnotes.json'), 2 * 1024 * 1024);
    const config = cli(repo, ['check', '.']);
    assert.equal(config.status, 2);
    assert.match(config.stderr, /cannot read the configuration file \(it is 2 MB, over the limit of 1 MB for a configuration file\)/);
  });
});

describe('no content of a file that is not a note the user asked to check', () => {
  /** A secret file outside the folder of notes, not JSON, not a release file. */
  function secretFile(): string {
    const path = join(tempFolder(), 'shadow');
    writeFileSync(path, `${SECRET}\ndaemon:*:19000:0:99999:7:::\n`);
    return path;
  }

  function assertNoSecret(r: Run, secret = SECRET): void {
    for (const part of secret.split(':').filter((p) => p.length > 6)) {
      assert.ok(!r.stdout.includes(part) && !r.stderr.includes(part), `the secret (${part}) was printed:\n${r.stdout}\n${r.stderr}`);
    }
  }

  test('a configuration naming a secret file as a pack or a release file prints its path and why, never a line of it', () => {
    const shadow = secretFile();
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    const configs = [
      { packs: [shadow] },
      { classifications: { opcs4: shadow } },
      { classifications: { icd10: shadow } },
      { packs: [shadow], classifications: { opcs4: shadow, icd10: shadow } },
    ];
    for (const config of configs) {
      writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify(config));
      for (const format of ['text', 'json', 'sarif']) {
        for (const command of ['check', 'report']) {
          if (command === 'report' && format === 'sarif') continue;
          const r = cli(repo, [command, '--format', format === 'text' && command === 'report' ? 'markdown' : format, '.']);
          assert.equal(r.status, 2, `${JSON.stringify(config)} ${command} ${format}: ${r.stderr}`);
          assert.ok(r.stderr.includes(shadow), `the path is named: ${r.stderr}`);
          assertNoSecret(r);
        }
      }
      const forced = cli(repo, ['check', '--config', '.codingnotes.json', 'a.codingnote']);
      assert.equal(forced.status, 2);
      assertNoSecret(forced);
    }
  });

  test('a .codingnotes.json that is a link to a secret file, or names one with --config, prints nothing of it', () => {
    const shadow = secretFile();
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    symlinkSync(shadow, join(repo, '.codingnotes.json'));
    const r = cli(repo, ['check', '.']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /invalid configuration \.codingnotes\.json:1:1: not valid JSON: expected a value /);
    assertNoSecret(r);
    const forced = cli(repo, ['check', '--config', shadow, 'a.codingnote']);
    assert.equal(forced.status, 2);
    assertNoSecret(forced);
  });

  test('a real typo in the configuration is still placed: line and column, and what was expected', () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    // A comma after the last entry is allowed (the file is JSONC); one missing between two entries is not.
    writeFileSync(join(repo, '.codingnotes.json'), '{\n  "rules": {\n    "code/duplicate": "off"\n    "code/sequence": "off",\n  },\n}\n');
    const r = cli(repo, ['check', '.']);
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /^coding-notes: invalid configuration \.codingnotes\.json:4:5: not valid JSON: expected ',' between two entries \(its notes were not checked\)$/m,
    );
  });

  test('a release file that is a note: its lines are named by number, not quoted', () => {
    const repo = tempFolder();
    const distinctive = 'Procedure: Zebra-Quartz-Patient cryotherapy to liver metastases';
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE.replace(/^Procedure: .*$/m, distinctive));
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ classifications: { opcs4: 'a.codingnote' } }));
    const r = cli(repo, ['check', '--format', 'sarif', '.']);
    // The release is not loaded (exit 2), and the notes are still checked with the bundled table.
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /\.codingnotes\.json:1:\d+: the OPCS-4 release file a\.codingnote\b.*no line has a tab: expected tab-separated columns.*\(its notes were checked\)$/m,
    );
    assert.ok(JSON.parse(r.stdout).runs[0].results.length > 0, 'the note was checked');
    assert.ok(!r.stderr.includes('Zebra-Quartz') && !r.stdout.includes('Zebra-Quartz'), r.stderr);
  });

  test('/proc/self/environ named as a pack is refused, and the environment never printed', { skip: process.platform !== 'linux' && '/proc is Linux' }, () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ packs: ['/proc/self/environ'], classifications: { opcs4: '/proc/self/environ' } }));
    const env = { CODING_NOTES_TEST_SECRET: 'env-secret-7c1d0e' };
    const r = cli(repo, ['check', '.'], { env });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot load guidance pack \/proc\/self\/environ \(it is in \/proc, a folder of the system, not a file of yours\)/);
    assert.ok(!r.stderr.includes('env-secret') && !r.stdout.includes('env-secret'));
  });

  test('UTF-16 release files: read with their byte order mark; without one, one message with no NUL bytes', () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    const rows = 'CODE\tTITLE\nJ128\tOther specified destruction of lesion of liver\nY132\tCryotherapy to organ NOC\n';
    writeFileSync(join(repo, 'bom.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rows, 'utf16le')]));
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ classifications: { opcs4: 'bom.txt' } }));
    const ok = cli(repo, ['check', '.']);
    assert.ok(ok.status === 0 || ok.status === 1, ok.stderr);
    assert.doesNotMatch(ok.stderr, /invalid configuration/);

    writeFileSync(join(repo, 'bare.txt'), Buffer.from(rows, 'utf16le'));
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ classifications: { opcs4: 'bare.txt' } }));
    const bare = cli(repo, ['check', '.']);
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /OPCS-4 release file bare\.txt\b.*NUL bytes/);
    assert.ok(!bare.stderr.includes('\0'), 'no NUL byte in the message');
  });
});

describe('what stays the same', () => {
  test('a hidden leftover of a run, a dangling link and links inside the folder change nothing', () => {
    const repo = tempFolder();
    mkdirSync(join(repo, 'notes'));
    writeFileSync(join(repo, 'notes', 'a.codingnote'), FIXABLE);
    symlinkSync('notes', join(repo, 'current'));
    symlinkSync('nowhere', join(repo, '.#a.codingnote')); // an editor's lock file
    const r = cli(repo, ['check', '--format', 'json', '.']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(
      JSON.parse(r.stdout).files.map((f: any) => f.path),
      ['current/a.codingnote'],
    );
    assert.deepEqual(readdirSync(join(repo, 'notes')), ['a.codingnote']);
  });
});

describe('crafted release files, packs and ignore files', () => {
  /** A zip whose one entry declares 1,000 bytes but inflates to 100 MB, listed `copies` times in the directory. */
  function crafted(copies: number): Buffer {
    const data = deflateRawSync(Buffer.alloc(100 * 1024 * 1024, 0x41), { level: 9 });
    const name = Buffer.from('Content/CodesAndTitles.txt');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(1000, 22); // declared size
    local.writeUInt16LE(name.length, 26);
    const head = Buffer.concat([local, name, data]);
    const entries: Buffer[] = [];
    for (let i = 0; i < copies; i++) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(8, 10);
      c.writeUInt32LE(data.length, 20);
      c.writeUInt32LE(1000, 24);
      c.writeUInt16LE(name.length, 28);
      entries.push(c, name); // every entry at offset 0
    }
    const directory = Buffer.concat(entries);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(copies, 8);
    end.writeUInt16LE(copies, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(head.length, 16);
    return Buffer.concat([head, directory, end]);
  }

  for (const copies of [1, 20]) {
    test(`a zip entry that inflates far past what it declares is refused quickly (${copies} directory entr${copies === 1 ? 'y' : 'ies'})`, () => {
      const repo = tempFolder();
      writeFileSync(join(repo, 'rel.zip'), crafted(copies));
      writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
      writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ classifications: { opcs4: 'rel.zip' } }));
      const r = cli(repo, ['check', 'a.codingnote']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, copies === 1 ? /unzips to more than the 1000 bytes it declares/ : /not a readable \.zip archive/);
      assert.match(r.stdout, /in 1 file/, 'the note is still checked');
    });
  }

  test('a release folder of links to itself is not searched without end', { skip: !posix && 'symbolic links as on POSIX' }, () => {
    const repo = tempFolder();
    mkdirSync(join(repo, 'rel'));
    for (let i = 0; i < 30; i++) symlinkSync('.', join(repo, 'rel', `l${i}`));
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ classifications: { opcs4: 'rel' } }));
    const r = cli(repo, ['check', 'a.codingnote']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /the folder holds no release file/);
  });

  test('a pack named 60,000 times, or the same pack twice, or nested deep: one line each, quickly', () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    writeFileSync(join(repo, 'deep.json'), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ packs: Array(60_000).fill('deep.json') }));
    const many = cli(repo, ['check', 'a.codingnote']);
    assert.equal(many.status, 2);
    assert.match(many.stderr, /"packs" names 60,000 packs; at most 64 are read/);
    writeFileSync(join(repo, '.codingnotes.json'), JSON.stringify({ packs: ['deep.json', './deep.json'] }));
    const twice = cli(repo, ['check', 'a.codingnote']);
    assert.match(twice.stderr, /deep\.json:1:\d+: cannot load guidance pack \(not valid JSON: objects and lists nested more than 64 levels deep/);
    assert.match(twice.stderr, /and 1 more problem/);
    assert.doesNotMatch(twice.stderr, /internal error|call stack/);
  });

  test('an ignore file of 40,000 patterns is refused, not applied to every note', () => {
    const repo = tempFolder();
    writeFileSync(join(repo, 'a.codingnote'), FIXABLE);
    writeFileSync(join(repo, '.codingnotesignore'), Array.from({ length: 40_000 }, (_, i) => `zz${i}/**/q*[a-c]?w*`).join('\n'));
    const r = cli(repo, ['check', '.']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /\.codingnotesignore holds 40,000 patterns; at most 1,000 are read/);
  });
});
