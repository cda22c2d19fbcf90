// The audit report: its data from checked notes, its HTML and Markdown, and the
// `coding-notes report` command, whose counts must be those of `check --format json`.
// Build first (`node scripts/build.mjs`).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Engine } from '../server/src/core/engine';
import { auditFile, buildAudit, renderHtml, renderMarkdown, renderReport, REPORT_CSP } from '../server/src/report';
import type { Audit } from '../server/src/report';
import { runCliEnv, tempFolder as sharedTempFolder } from './helpers/cli';

const engine = new Engine();
const PACKS = engine.packs.map((p) => ({ id: p.id, title: p.title, url: p.source.url }));
const PACK_URLS = new Set(PACKS.map((p) => p.url));

/** The time the committed examples were made at (SOURCE_DATE_EPOCH, seconds). */
const EXAMPLE_TIME = '1795000000';

function cli(cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return cliWith({}, cwd, ...args);
}

function cliWith(env: Record<string, string>, cwd: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return runCliEnv(cwd, args, env);
}

function tempFolder(files: Record<string, string>): string {
  return sharedTempFolder(files, 'coding-notes-report-');
}

/** Every web address or outside reference in an HTML page. */
function externalReferences(html: string): string[] {
  const found = [...html.matchAll(/(?:https?:|ftp:|data:|\/\/)[^\s"'<>)]*/g)].map((m) => m[0]);
  return found;
}

const CLEAN = ['Episode: C-1', 'Guidance: IPG369', 'Approach: open', 'OPCS-4: J03.2, Y13.2', 'ICD-10: C78.7'].join('\n');
const BROKEN = ['Episode: B-1', 'Guidance: IPG369', 'Approach: percutaneous', 'Image control: ultrasound', 'OPCS-4: J12.8', 'ICD-10: C78.7, C78.7'].join('\n');
const NO_PACK = ['Episode: N-1', 'Procedure: Appendicectomy', 'ICD-10: c787'].join('\n');

describe('audit data', () => {
  const text = ['# list', '', '---', CLEAN, '---', BROKEN, '---', NO_PACK, ''].join('\n');
  const audit = buildAudit({ files: [auditFile(engine, {}, 'list.codingnote', text)], packs: PACKS });

  test('summary: every note and problem, as the checks count them; empty notes are not "checked"', () => {
    const checked = engine.check(text);
    assert.equal(audit.summary.files, 1);
    assert.equal(audit.summary.notes, checked.notes.length);
    assert.equal(audit.summary.notes, 4);
    assert.equal(audit.summary.notesChecked, 3);
    for (const sev of ['error', 'warning', 'information', 'hint'] as const) {
      assert.equal(audit.summary[sev], checked.findings.filter((f) => f.severity === sev).length, sev);
    }
    assert.equal(audit.summary.notesWithoutError, 1);
  });

  test('per pack: notes checked, share with no error, problems per rule; then notes under no pack', () => {
    assert.deepEqual(
      audit.packs.map((p) => [p.id, p.notes, p.notesWithoutError, p.shareWithoutError]),
      [
        ['IPG369', 2, 1, 0.5],
        [null, 1, 0, 0],
      ],
    );
    const ipg = audit.packs[0];
    assert.equal(ipg.url, engine.pack('IPG369')!.source.url);
    assert.deepEqual(
      ipg.problems.map((r) => [r.rule, r.count]),
      [
        ['code/duplicate', 1],
        ['ipg369/cryotherapy-code', 1],
        ['ipg369/image-control-code', 1],
      ],
    );
    assert.deepEqual(
      ipg.attention.map((n) => [n.episode, n.line, n.errors, n.warnings]),
      [['B-1', 9, 2, 1]],
    );
    assert.deepEqual(
      audit.packs[1].attention.map((n) => [n.episode, n.rules]),
      [['N-1', ['code/malformed']]],
    );
  });
});

describe('HTML report', () => {
  const text = readFileSync('examples/liver-list.codingnote', 'utf8');
  const audit = buildAudit({ files: [auditFile(engine, {}, 'examples/liver-list.codingnote', text)], packs: PACKS });
  const html = renderHtml(audit);

  test('one self-contained page: no script, no outside resource, a CSP that loads nothing', () => {
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`));
    assert.match(REPORT_CSP, /default-src 'none'/);
    assert.doesNotMatch(html, /<script|<link|<iframe|<img|<object|<embed|\ssrc=|url\(|@import/i);
    const external = externalReferences(html);
    assert.ok(external.length > 0, 'the guidance is linked');
    for (const ref of external) assert.ok(PACK_URLS.has(ref), `${ref} is a guidance page`);
  });

  test('the problems per rule are an inline SVG chart, one bar per rule', () => {
    const charts = html.match(/<svg role="img" aria-label="Problems per rule[^"]*"[\s\S]*?<\/svg>/g) ?? [];
    // One chart per pack; with a single pack, no separate all-notes chart.
    assert.equal(audit.packs.length, 1);
    assert.equal(charts.length, 1);
    const packChart = charts[0];
    assert.equal((packChart.match(/<rect /g) ?? []).length, audit.packs[0].problems.length);
    for (const r of audit.packs[0].problems) assert.ok(packChart.includes(`>${r.rule}</text>`), r.rule);
  });

  test('each episode that needs attention links to its note', () => {
    for (const n of audit.packs[0].attention) {
      assert.ok(html.includes(`<a href="examples/liver-list.codingnote#L${n.line + 1}">${n.episode}</a>`), String(n.episode));
    }
    assert.equal(audit.packs[0].attention.length, 3);
  });

  test('with several groups, an all-notes chart first', () => {
    const two = ['Episode: N-1', 'ICD-10: c787', '---', 'Episode: B-1', 'Guidance: IPG369', 'Approach: open', 'OPCS-4: J03.2'].join('\n');
    const many = buildAudit({ files: [auditFile(engine, {}, 'two.codingnote', two)], packs: PACKS });
    assert.equal(many.packs.length, 2);
    const charts = renderHtml(many).match(/<svg role="img" aria-label="Problems per rule[^"]*"/g) ?? [];
    assert.deepEqual(charts, [
      '<svg role="img" aria-label="Problems per rule, all notes"',
      '<svg role="img" aria-label="Problems per rule, IPG369"',
      '<svg role="img" aria-label="Problems per rule, no guidance pack"',
    ]);
  });

  test('what a note says is escaped', () => {
    const hostile = ['Episode: <script>alert(1)</script>', 'Guidance: IPG369', 'Approach: open', 'OPCS-4: J03.2'].join('\n');
    const page = renderHtml(buildAudit({ files: [auditFile(engine, {}, 'a"b<.codingnote', hostile)], packs: PACKS }));
    assert.doesNotMatch(page, /<script/);
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(page.includes('a&quot;b&lt;.codingnote'));
  });

  test('Markdown has the same sections and links', () => {
    const md = renderMarkdown(audit);
    assert.match(md, /^# Coding audit/);
    assert.match(md, /^## IPG369: Cryotherapy for liver metastases$/m);
    assert.ok(md.includes(`(${engine.pack('IPG369')!.source.url})`));
    for (const n of audit.packs[0].attention) assert.ok(md.includes(`[${n.episode}](examples/liver-list.codingnote#L${n.line + 1})`));
    assert.equal(renderReport(audit, 'markdown'), md);
    assert.deepEqual(JSON.parse(renderReport(audit, 'json')), audit);
  });
});

describe('coding-notes report', () => {
  const cwd = process.cwd();
  for (const paths of [['examples'], ['test/fixtures'], ['examples', 'test/fixtures']]) {
    test(`its counts equal check --format json on ${paths.join(' ')}`, () => {
      const checked = cli(cwd, 'check', '--format', 'json', ...paths);
      const check = JSON.parse(checked.stdout);
      const reported = cli(cwd, 'report', '--format', 'json', ...paths);
      assert.equal(reported.status, 0, reported.stderr);
      const audit: Audit = JSON.parse(reported.stdout);
      for (const key of ['files', 'notes', 'error', 'warning', 'information', 'hint'] as const) {
        assert.equal(audit.summary[key], check.summary[key], key);
      }
      // Problems per rule over all notes.
      const perRule = new Map<string, number>();
      for (const f of check.files) for (const d of f.diagnostics) perRule.set(d.rule, (perRule.get(d.rule) ?? 0) + 1);
      assert.deepEqual(new Map(audit.rules.map((r) => [r.rule, r.count])), perRule);
      // The episodes that need attention: the notes with an error or a warning.
      let attention = 0;
      for (const f of check.files) {
        const starts = f.notes.map((n: any) => n.line);
        const flagged = new Set<number>();
        for (const d of f.diagnostics) {
          if (d.severity !== 'error' && d.severity !== 'warning') continue;
          flagged.add(starts.filter((s: number) => s <= d.range.start.line).pop());
        }
        attention += flagged.size;
      }
      assert.equal(audit.attention.length, attention);
      // Per pack: the notes the CLI says the pack checked.
      for (const pack of audit.packs.filter((p) => p.id)) {
        const notes = check.files.flatMap((f: any) => f.notes).filter((n: any) => n.guidance.includes(pack.id)).length;
        assert.equal(pack.notes, notes, pack.id!);
      }
    });
  }

  test('HTML by default, with no outside reference but the guidance pages', () => {
    const r = cli(cwd, 'report', 'examples');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^<!DOCTYPE html>/);
    for (const ref of externalReferences(r.stdout)) assert.ok(PACK_URLS.has(ref), ref);
  });

  test('the committed example output is what the CLI writes for examples/', () => {
    const docs = resolve(cwd, 'docs');
    const pinned = { SOURCE_DATE_EPOCH: EXAMPLE_TIME };
    assert.equal(
      readFileSync(join(docs, 'report-example.html'), 'utf8'),
      cliWith(pinned, docs, 'report', '../examples').stdout,
      `regenerate: cd docs && SOURCE_DATE_EPOCH=${EXAMPLE_TIME} node ../dist/cli.js report ../examples > report-example.html`,
    );
    assert.equal(
      readFileSync(join(docs, 'report-example.md'), 'utf8'),
      cliWith(pinned, docs, 'report', '--format', 'markdown', '../examples').stdout,
      `regenerate: cd docs && SOURCE_DATE_EPOCH=${EXAMPLE_TIME} node ../dist/cli.js report --format markdown ../examples > report-example.md`,
    );
  });

  for (const [what, args, words] of [
    ['a check format', ['report', '--format', 'sarif', 'x.codingnote'], /unknown format 'sarif' \(use html, markdown, json or csv\)/],
    ['--fix', ['report', '--fix', 'x.codingnote'], /--fix is not for report/],
    ['no path', ['report'], /no file or folder/],
  ] as const) {
    test(`exit 2 for ${what}`, () => {
      const dir = tempFolder({ 'x.codingnote': CLEAN });
      const r = cli(dir, ...args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, words);
    });
  }

  test('check keeps its formats: html is not one of them', () => {
    const dir = tempFolder({ 'x.codingnote': CLEAN });
    const r = cli(dir, 'check', '--format', 'html', 'x.codingnote');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown format 'html' \(use text, json, sarif or csv\)/);
  });

  test('an unreadable path is reported and the rest still makes the report (exit 2)', () => {
    const dir = tempFolder({ 'x.codingnote': BROKEN });
    const r = cli(dir, 'report', '--format', 'json', 'x.codingnote', 'missing.codingnote');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read missing\.codingnote/);
    assert.equal(JSON.parse(r.stdout).summary.files, 1);
  });
});
