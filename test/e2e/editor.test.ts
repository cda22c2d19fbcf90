// End to end in a real VS Code: code-server 4.100.3 (VS Code 1.100) with the extension
// installed from the packaged .vsix, driven through Debian's Chromium by playwright-core the
// way a coder drives it: keyboard shortcuts, what is drawn on screen, what lands on disk.
// Prerequisites: scripts/editor/setup.sh. `npm run screenshots` runs this file with
// CODING_NOTES_SCREENSHOTS=docs/images and keeps a PNG of each step a coder sees.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Engine } from '../../server/src/core/engine';
import { BrowserSession, Editor, openBrowser, packageVsix, requirePrerequisites, sleep, startEditor, until } from './harness';
import { editorNotes } from '../helpers/editor-notes';
import { actionRows, cursorBox, editorLines, goTo, hoverText, openFile, openWorkbench, problemRows, squiggles, suggestionRows } from './workbench';

const engine = new Engine();
const SHOTS = process.env.CODING_NOTES_SCREENSHOTS;
const STEP = { timeout: 180_000 };

const NOTES = editorNotes((step) => `LIV-100${step}`);
const SAVE_SETTINGS = {
  '[coding-note]': { 'editor.codeActionsOnSave': { 'source.fixAll.coding-notes': 'explicit' } },
  // Inlay titles would be read as part of the line text; the tests read the text itself.
  'editor.inlayHints.enabled': 'offUnlessPressed',
};

function rulesOf(text: string): string[] {
  return engine.check(text).findings.map((f) => f.rule);
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await sleep(400); // let animations settle
  await page.screenshot({ path: join(SHOTS, name) });
}

describe('the extension in VS Code (code-server + Chromium)', () => {
  let tmp: string;
  let folder: string;
  let editor: Editor | undefined;
  let session: BrowserSession | undefined;
  let page: Page;

  before(async () => {
    requirePrerequisites({ codeServer: true, chromium: true });
    tmp = mkdtempSync(join(tmpdir(), 'coding-notes-e2e-'));
    folder = join(tmp, 'liver-list');
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    for (const [name, text] of Object.entries(NOTES)) writeFileSync(join(folder, name), text);
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify(SAVE_SETTINGS, null, 2));
    const vsix = packageVsix(tmp);
    editor = await startEditor({ folder, vsix });
    session = await openBrowser();
    page = session.page;
    await openWorkbench(page, editor.url);
  });

  after(async () => {
    await session?.close();
    await editor?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('1. a note with problems: squiggles, and Problems-panel entries with the rule ids', STEP, async () => {
    const expected = rulesOf(NOTES['problems.codingnote']);
    assert.ok(expected.includes('ipg369/cryotherapy-code') && expected.includes('ipg369/diagnosis-code'), `engine: ${expected}`);
    await openFile(page, 'problems.codingnote');
    // One squiggle per line with errors at least (VS Code merges those that share a line).
    const lines = new Set(engine.check(NOTES['problems.codingnote']).findings.map((f) => f.range.start.line));
    const drawn = await until(
      'squiggles in the editor',
      async () => {
        const s = await squiggles(page);
        return s.error >= lines.size ? s : null;
      },
      60_000,
    );
    assert.ok(drawn.error >= 2, JSON.stringify(drawn));
    const rows = await until('every expected rule id in the Problems panel', async () => {
      const r = await problemRows(page);
      const text = r.join('\n');
      return expected.every((id) => text.includes(`coding-notes ${id}`)) ? r : null;
    });
    for (const id of expected)
      assert.ok(
        rows.some((r) => r.includes(id)),
        `${id} in ${rows.join(' / ')}`,
      );
    await shot(page, 'problems.png');
    await page.keyboard.press('Control+Shift+M'); // close the panel again
  });

  test('2. hovering a code shows its title', STEP, async () => {
    await openFile(page, 'hover.codingnote');
    const line = await until('the note on screen', async () => ((await editorLines(page))[7] === 'ICD-10: C78.7' ? true : null));
    assert.ok(line);
    // Point at C78.7 with the mouse, as a coder does: put the cursor before it to find it on screen.
    await goTo(page, 8, 'ICD-10: C'.length + 1);
    const box = await cursorBox(page);
    await until(
      'the hover over C78.7',
      async () => {
        await page.mouse.move(0, 0);
        await page.mouse.move(box.x + 4, box.y + box.height / 2);
        const text = await until('a hover', () => hoverText(page), 4000).catch(() => '');
        return text.includes('Secondary malignant neoplasm of liver') ? text : null;
      },
      60_000,
    );
    const text = await hoverText(page);
    assert.match(text, /C78\.7/);
    assert.match(text, /Secondary malignant neoplasm of liver and intrahepatic bile duct/);
    await shot(page, 'hover.png');
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });

  test('3. Ctrl+Space in the OPCS-4 list offers Y13.2 first, with its title', STEP, async () => {
    await openFile(page, 'complete.codingnote');
    await goTo(page, 7, 'OPCS-4: J12.8, '.length + 1);
    const rows = await until(
      'the completion list',
      async () => {
        await page.keyboard.press('Control+Space');
        const r = await until(
          'suggestions',
          async () => {
            const s = await suggestionRows(page);
            return s.length ? s : null;
          },
          5000,
        ).catch(() => null);
        return r;
      },
      60_000,
    );
    assert.match(rows[0], /^Y13\.2\b/, rows.join('\n'));
    assert.match(rows[0], /Cryotherapy to lesion of organ NOC/, rows.join('\n'));
    await shot(page, 'completion.png');
    // Typing narrows the list by code or by words of the title: `cryo` still puts Y13.2 first.
    await page.keyboard.type('cryo');
    const narrowed = await until('the list narrowed to "cryo"', async () => {
      const s = await suggestionRows(page);
      return s.length && s.every((r) => /cryo/i.test(r)) ? s : null;
    });
    assert.match(narrowed[0], /^Y13\.2\b/, narrowed.join('\n'));
    await page.keyboard.press('Enter');
    await until('Y13.2 inserted', async () => ((await editorLines(page))[6] === 'OPCS-4: J12.8, Y13.2' ? true : null));
  });

  test('4. Ctrl+. on a problem applies its quick fix', STEP, async () => {
    await openFile(page, 'quickfix.codingnote');
    await until('the malformed code squiggled', async () => ((await squiggles(page)).error >= 1 ? true : null), 60_000);
    assert.equal((await editorLines(page))[7], 'ICD-10: C787');
    await goTo(page, 8, 10);
    const rows = await until(
      'the quick-fix menu',
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
        const r = await until(
          'menu rows',
          async () => {
            const a = await actionRows(page);
            return a.length ? a : null;
          },
          5000,
        ).catch(() => null);
        return r;
      },
      60_000,
    );
    const fix = rows.findIndex((r) => r.includes('C78.7'));
    assert.ok(fix >= 0, `a fix to C78.7 among: ${rows.join(' / ')}`);
    await shot(page, 'quick-fix.png');
    for (let i = 0; i < fix; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await until('the text changed by the fix', async () => ((await editorLines(page))[7] === 'ICD-10: C78.7' ? true : null));
    await until('no squiggle left', async () => ((await squiggles(page)).error === 0 ? true : null));
  });

  test('5. saving with source.fixAll in editor.codeActionsOnSave writes the fixed note', STEP, async () => {
    await openFile(page, 'save.codingnote');
    await until('the slips squiggled', async () => ((await squiggles(page)).error >= 1 ? true : null), 60_000);
    // The coder adds a comment, then saves.
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Comment: Segment VI.');
    const typed = NOTES['save.codingnote'] + 'Comment: Segment VI.';
    const expected = engine.fixAll(typed).text;
    assert.notEqual(expected, typed);
    await page.keyboard.press('Control+S');
    const onDisk = await until('the fixed note on disk', async () => {
      const text = readFileSync(join(folder, 'save.codingnote'), 'utf8');
      return text !== NOTES['save.codingnote'] ? text : null;
    });
    assert.equal(onDisk, expected);
    assert.match(onDisk, /^Approach: percutaneous$/m);
    assert.match(onDisk, /^# Typed in a hurry; this comment stays as it is$/m);
  });

  test('6. switching a rule off in the settings takes its diagnostic away', STEP, async () => {
    await openFile(page, 'problems.codingnote');
    const before = await until('ipg369/diagnosis-code listed', async () => {
      const r = await problemRows(page);
      return r.some((x) => x.includes('coding-notes ipg369/diagnosis-code')) ? r : null;
    });
    assert.ok(before.some((x) => x.includes('ipg369/cryotherapy-code')));
    writeFileSync(
      join(folder, '.vscode', 'settings.json'),
      JSON.stringify({ ...SAVE_SETTINGS, 'codingNotes.rules': { 'ipg369/diagnosis-code': 'off' } }, null, 2),
    );
    const after = await until(
      'ipg369/diagnosis-code gone from the Problems panel',
      async () => {
        const r = await problemRows(page);
        return r.length && !r.some((x) => x.includes('ipg369/diagnosis-code')) && r.some((x) => x.includes('ipg369/cryotherapy-code')) ? r : null;
      },
      60_000,
    );
    assert.ok(
      after.some((x) => x.includes('ipg369/image-control-code')),
      after.join(' / '),
    );
  });

  test('the browser asked nothing of any host but 127.0.0.1', () => {
    assert.ok(session, 'the browser ran');
    assert.deepEqual(session!.outside, []);
  });
});
