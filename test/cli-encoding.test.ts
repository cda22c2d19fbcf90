// Notes in the encodings Windows tools save: `--encoding utf-8|windows-1252|
// utf-16le|utf-16be` for check and report, byte order marks that name their
// own encoding, and `--fix` writing a note back in the encoding (and with the
// BOM) it was read in. The CLI runs as users run it, on temporary folders.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertTidyStderr, runCli, runJson, tempFolder } from './helpers/cli';
import { decodeNote, encodeNote } from '../server/src/node/textfile';

const folder = (files: Record<string, string | Buffer> = {}) => tempFolder(files, 'coding-notes-cli-encoding-');
const lines = (...l: string[]) => l.join('\n') + '\n';

// A percutaneous cryotherapy with a slip (`j128`, a reading fix) and Y13.2 missing (an insert fix),
// with characters outside ASCII before and after the codes: é, £, the em dash and the euro sign
// (the last two are where Windows-1252 differs from Latin-1).
const NOTE = lines(
  'Episode: 7',
  'Guidance: IPG369',
  'Procedure: Percutaneous cryotherapy to liver metastases (café, £40 — €)',
  'Approach: percutaneous',
  'Image control: ultrasound',
  'OPCS-4: j128, Y53.2',
  'ICD-10: C78.7',
  'Comment: seen by Dr Müller — £ paid',
);
const FIXED = NOTE.replace('OPCS-4: j128, Y53.2', 'OPCS-4: J12.8, Y13.2, Y53.2');

/** Windows-1252 bytes of text written with ASCII, Latin-1 letters, the em dash and the euro sign (the test's own table). */
function cp1252(text: string): Buffer {
  const high: Record<string, number> = { '—': 0x97, '€': 0x80 };
  return Buffer.from([...text].map((c) => high[c] ?? (c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : assert.fail(`no Windows-1252 byte for ${c}`))));
}
const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => {
  const b = Buffer.from(text, 'utf16le');
  for (let i = 0; i < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1], b[i]];
  return b;
};
const BOM = { utf8: Buffer.from([0xef, 0xbb, 0xbf]), le: Buffer.from([0xff, 0xfe]), be: Buffer.from([0xfe, 0xff]) };

/** The JSON report of a file, without its path: what was found, to compare with the same note in UTF-8. */
function findings(dir: string, name: string, args: string[] = []) {
  const { run, report } = runJson(dir, [...args, name]);
  assertTidyStderr(run.stderr);
  assert.equal(run.stderr, '', run.stderr);
  const { path: _path, ...rest } = report.files[0];
  return { status: run.status, file: rest };
}

const EXPECTED = (() => {
  const dir = folder({ 'n.codingnote': NOTE });
  return findings(dir, 'n.codingnote', ['--fix-dry-run']);
})();

describe('--encoding for check and report', () => {
  test('the UTF-8 note the others are compared with has the two fixes and non-ASCII text', () => {
    assert.equal(EXPECTED.status, 0);
    assert.deepEqual(
      EXPECTED.file.applied.map((a: { rule: string }) => a.rule),
      ['ipg369/cryotherapy-code', 'code/malformed'],
    );
  });

  test('a Windows-1252 note without --encoding: exit 2, one line that names --encoding', () => {
    const dir = folder({ 'n.codingnote': cp1252(NOTE) });
    for (const command of ['check', 'report']) {
      const r = runCli(dir, [command, 'n.codingnote']);
      assert.equal(r.status, 2, `${command}: ${r.stderr}`);
      assertTidyStderr(r.stderr);
      const errs = r.stderr.split('\n').filter(Boolean);
      assert.equal(errs.length, 1, r.stderr);
      assert.match(
        errs[0],
        /^coding-notes: cannot read n\.codingnote: not valid UTF-8 text \(line 3, byte \d+\); .*--encoding \(windows-1252, utf-16le or utf-16be\)$/,
      );
    }
  });

  test('--encoding windows-1252 reads é, £, — and € as written: the same findings and fixes as in UTF-8', () => {
    const dir = folder({ 'n.codingnote': cp1252(NOTE) });
    assert.deepEqual(findings(dir, 'n.codingnote', ['--encoding', 'windows-1252', '--fix-dry-run']), EXPECTED);
    // The option's value is read without regard to case.
    assert.deepEqual(findings(dir, 'n.codingnote', ['--encoding', 'Windows-1252', '--fix-dry-run']), EXPECTED);
  });

  test('report --encoding windows-1252 reports on the note; without it, the note is not checked', () => {
    const dir = folder({ 'n.codingnote': cp1252(NOTE) });
    const r = runCli(dir, ['report', '--format', 'json', '--encoding', 'windows-1252', 'n.codingnote']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const withIt = JSON.parse(r.stdout);
    const without = JSON.parse(runCli(dir, ['report', '--format', 'json', 'n.codingnote']).stdout);
    assert.notDeepEqual(withIt, without);
    assert.match(r.stdout, /"7"/, 'the episode of the note is in the report');
  });

  test('UTF-16LE and UTF-16BE with a byte order mark are read with no option', () => {
    for (const bytes of [Buffer.concat([BOM.le, utf16le(NOTE)]), Buffer.concat([BOM.be, utf16be(NOTE)])]) {
      const dir = folder({ 'n.codingnote': bytes });
      assert.deepEqual(findings(dir, 'n.codingnote', ['--fix-dry-run']), EXPECTED);
    }
  });

  test('a byte order mark wins over --encoding', () => {
    const files = { 'le.codingnote': Buffer.concat([BOM.le, utf16le(NOTE)]), 'u8.codingnote': Buffer.concat([BOM.utf8, Buffer.from(NOTE)]) };
    const d = folder(files);
    assert.deepEqual(findings(d, 'le.codingnote', ['--encoding', 'windows-1252', '--fix-dry-run']), EXPECTED);
    assert.deepEqual(findings(d, 'u8.codingnote', ['--encoding', 'utf-16be', '--fix-dry-run']), EXPECTED);
  });

  test('UTF-16 without a byte order mark: refused by name without --encoding, read with it', () => {
    for (const [name, bytes] of [
      ['utf-16le', utf16le(NOTE)],
      ['utf-16be', utf16be(NOTE)],
    ] as const) {
      const dir = folder({ 'n.codingnote': bytes });
      const r = runCli(dir, ['check', 'n.codingnote']);
      assert.equal(r.status, 2, r.stderr);
      assertTidyStderr(r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `^coding-notes: cannot read n\\.codingnote: has a NUL byte beside each character, as ${name.toUpperCase()} without a byte order mark would; .*--encoding`,
        ),
      );
      assert.deepEqual(findings(dir, 'n.codingnote', ['--encoding', name, '--fix-dry-run']), EXPECTED);
    }
  });

  test('UTF-16 without a byte order mark beside a Windows-1252 note: refused by name with --encoding windows-1252, never read as garbage', () => {
    const dir = folder({ 'wide.codingnote': utf16le(NOTE), 'cp.codingnote': cp1252(NOTE) });
    const r = runCli(dir, ['check', '--encoding', 'windows-1252', 'wide.codingnote', 'cp.codingnote']);
    assert.equal(r.status, 2, r.stderr);
    assertTidyStderr(r.stderr);
    assert.match(r.stderr, /^coding-notes: cannot read wide\.codingnote: has a NUL byte beside each character, as UTF-16LE without a byte order mark would/m);
    assert.doesNotMatch(r.stdout, /wide\.codingnote/, 'nothing is reported from a garbled reading');
    assert.match(r.stdout, /in 1 file/);
  });

  test("VS Code's names for the encodings are accepted: utf8, utf16le, utf16be, windows1252", () => {
    assert.deepEqual(findings(folder({ 'n.codingnote': cp1252(NOTE) }), 'n.codingnote', ['--encoding', 'windows1252', '--fix-dry-run']), EXPECTED);
    assert.deepEqual(findings(folder({ 'n.codingnote': utf16le(NOTE) }), 'n.codingnote', ['--encoding', 'utf16le', '--fix-dry-run']), EXPECTED);
    assert.deepEqual(findings(folder({ 'n.codingnote': utf16be(NOTE) }), 'n.codingnote', ['--encoding', 'utf16be', '--fix-dry-run']), EXPECTED);
    assert.deepEqual(findings(folder({ 'n.codingnote': NOTE }), 'n.codingnote', ['--encoding', 'utf8', '--fix-dry-run']), EXPECTED);
  });

  test('--encoding utf-16le on bytes that are not UTF-16 (an odd count): exit 2 with the place', () => {
    const dir = folder({ 'n.codingnote': Buffer.concat([utf16le(NOTE), Buffer.from([0x41])]) });
    const r = runCli(dir, ['check', '--encoding', 'utf-16le', 'n.codingnote']);
    assert.equal(r.status, 2);
    assertTidyStderr(r.stderr);
    assert.match(r.stderr, /cannot read n\.codingnote: not valid UTF-16LE text \(an odd number of bytes at byte \d+\)/);
  });

  test('standard input is read in the encoding given', () => {
    const { run, report } = runJson(folder(), ['--stdin', '--encoding', 'windows-1252', '--fix-dry-run'], cp1252(NOTE));
    assert.equal(run.status, 0, run.stderr);
    const { path: _path, ...rest } = report.files[0];
    assert.deepEqual(rest, EXPECTED.file);
  });

  test('a wrong --encoding value, or none: exit 2 with a message naming the four', () => {
    const dir = folder({ 'n.codingnote': NOTE });
    for (const args of [
      ['check', '--encoding', 'latin1', 'n.codingnote'],
      ['report', '--encoding=utf16', 'n.codingnote'],
      ['--encoding', 'ascii', 'check', 'n.codingnote'],
    ]) {
      const r = runCli(dir, args);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assertTidyStderr(r.stderr);
      assert.match(r.stderr, /unknown encoding '[^']+' for --encoding \(use utf-8, windows-1252, utf-16le or utf-16be\)/);
    }
    const none = runCli(dir, ['check', 'n.codingnote', '--encoding']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /option --encoding needs a value/);
    const classifications = runCli(dir, ['classifications', '--encoding', 'utf-8']);
    assert.equal(classifications.status, 2);
    assert.match(classifications.stderr, /option --encoding is not for classifications/);
  });
});

describe('--fix writes a note back as it was read', () => {
  const cases: [string, Buffer, Buffer, string[]][] = [
    ['Windows-1252', cp1252(NOTE), cp1252(FIXED), ['--encoding', 'windows-1252']],
    ['UTF-16LE with BOM', Buffer.concat([BOM.le, utf16le(NOTE)]), Buffer.concat([BOM.le, utf16le(FIXED)]), []],
    ['UTF-16BE with BOM', Buffer.concat([BOM.be, utf16be(NOTE)]), Buffer.concat([BOM.be, utf16be(FIXED)]), []],
    ['UTF-16LE without BOM', utf16le(NOTE), utf16le(FIXED), ['--encoding', 'utf-16le']],
    ['UTF-16BE without BOM', utf16be(NOTE), utf16be(FIXED), ['--encoding', 'utf-16be']],
    ['UTF-8 with BOM', Buffer.concat([BOM.utf8, Buffer.from(NOTE)]), Buffer.concat([BOM.utf8, Buffer.from(FIXED)]), []],
    ['Windows-1252 with CRLF', cp1252(NOTE.replace(/\n/g, '\r\n')), cp1252(FIXED.replace(/\n/g, '\r\n')), ['--encoding', 'windows-1252']],
  ];
  for (const [label, before, after, args] of cases) {
    test(`${label}: the fixed file has the same encoding and byte order mark`, () => {
      const dir = folder({ 'n.codingnote': before });
      const r = runCli(dir, ['check', '--fix', ...args, 'n.codingnote']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.deepEqual(readFileSync(join(dir, 'n.codingnote')), after);
      // And it reads back clean.
      const again = runCli(dir, ['check', ...args, 'n.codingnote']);
      assert.equal(again.status, 0, again.stderr);
    });
  }
});

describe('node/textfile encodings', () => {
  test('every Windows-1252 byte reads as one character and writes back as itself', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const read = decodeNote(all, { encoding: 'windows-1252' });
    assert.ok(read.ok);
    assert.equal(read.note.text.length, 256);
    assert.equal(read.note.text[0x80], '€');
    assert.equal(read.note.text[0x97], '—');
    assert.equal(read.note.text[0xa3], '£');
    const back = encodeNote(read.note.text, read.note);
    assert.ok(back.ok);
    assert.deepEqual(back.bytes, all);
  });

  test('a character Windows-1252 cannot hold is an error with its line, never a substitute', () => {
    const back = encodeNote('Episode: 1\nComment: ≥ 3 lesions\n', { encoding: 'windows-1252', bom: false });
    assert.equal(back.ok, false);
    assert.match(!back.ok ? back.reason : '', /Windows-1252 cannot hold \(U\+2265 on line 2\)/);
  });

  test('UTF-16 with a lone surrogate is refused with its byte', () => {
    const bytes = Buffer.concat([BOM.le, Buffer.from([0x41, 0x00, 0x00, 0xd8, 0x41, 0x00])]);
    const read = decodeNote(bytes);
    assert.equal(read.ok, false);
    assert.match(!read.ok ? read.reason : '', /not valid UTF-16LE text \(a lone surrogate at byte 5\)/);
  });

  test('characters beyond the BMP survive UTF-16BE both ways', () => {
    const text = 'Comment: 𝄞 ok\n';
    const bytes = Buffer.concat([BOM.be, utf16be(text)]);
    const read = decodeNote(bytes);
    assert.ok(read.ok);
    assert.equal(read.note.text, text);
    assert.equal(read.note.encoding, 'utf-16be');
    const back = encodeNote(read.note.text, read.note);
    assert.ok(back.ok);
    assert.deepEqual(back.bytes, bytes);
  });
});
