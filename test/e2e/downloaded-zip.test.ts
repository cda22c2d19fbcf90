// End to end: a coder points `.codingnotes.json` at the release zip they downloaded
// and hovers a code from it in VS Code (code-server + Chromium, the packaged .vsix).
// The release is SYNTHETIC (test/helpers/synthetic-releases.ts): its titles say so.
// `npm run screenshots` keeps the hover as docs/images/hover-release.png. (Named so that the
// `release` test filter, for the unit and LSP suites, does not start an editor.)

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { BrowserSession, Editor, openBrowser, packageVsix, requirePrerequisites, sleep, startEditor, until } from './harness';
import { cursorBox, editorLines, goTo, hoverText, openFile, openWorkbench } from './workbench';
import { opcs4Rows, opcs4Txt, releaseZip, windows1252 } from '../helpers/synthetic-releases';

const SHOTS = process.env.CODING_NOTES_SCREENSHOTS;
const STEP = { timeout: 180_000 };

const NOTE = [
  '# Codes from the configured release (a synthetic one)',
  'Episode: REL-1001',
  'Procedure: synthetic procedure',
  'OPCS-4: J12.8, Q01.4',
  'ICD-10: C78.7',
  '',
].join('\n');

// Run by `npm run screenshots` (and with CODING_NOTES_RELEASE_E2E=1): under load its hover
// sometimes never came within a minute, so it stays out of `npm test` until that is understood.
// test/release-lsp.test.ts checks the same hover over stdio on every run.
const RUN = !!SHOTS || process.env.CODING_NOTES_RELEASE_E2E === '1';

describe('a release zip in VS Code (code-server + Chromium)', { skip: RUN ? false : 'run with npm run screenshots or CODING_NOTES_RELEASE_E2E=1' }, () => {
  let tmp: string;
  let editor: Editor | undefined;
  let session: BrowserSession | undefined;
  let page: Page;

  before(async () => {
    requirePrerequisites({ codeServer: true, chromium: true });
    tmp = mkdtempSync(join(tmpdir(), 'coding-notes-e2e-release-'));
    const folder = join(tmp, 'coding-department');
    mkdirSync(join(folder, 'releases'), { recursive: true });
    mkdirSync(join(folder, '.vscode'));
    writeFileSync(
      join(folder, 'releases', 'OPCS-4.11 data files.zip'),
      releaseZip({ 'Content/OPCS411 CodesAndTitles.txt': windows1252(opcs4Txt(opcs4Rows(300))) }),
    );
    writeFileSync(join(folder, '.codingnotes.json'), '{\n  "classifications": { "opcs4": "releases/OPCS-4.11 data files.zip" }\n}\n');
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'editor.inlayHints.enabled': 'offUnlessPressed' }, null, 2));
    writeFileSync(join(folder, 'release.codingnote'), NOTE);
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

  test('hovering a code from the release shows its title under the release version', STEP, async () => {
    await openFile(page, 'release.codingnote');
    await until('the note on screen', async () => ((await editorLines(page))[3] === 'OPCS-4: J12.8, Q01.4' ? true : null));
    await goTo(page, 4, 'OPCS-4: J12.8, Q'.length + 1);
    const box = await cursorBox(page);
    let seen = '';
    const text = await until(
      'the hover over Q01.4',
      async () => {
        await page.mouse.move(0, 0);
        await page.mouse.move(box.x + 4, box.y + box.height / 2);
        const t = await until('a hover', () => hoverText(page), 4000).catch(() => '');
        seen = t || seen;
        return t.includes('Synthetic procedure Q01.4') ? t : null;
      },
      60_000,
    ).catch((e) => {
      throw new Error(`${e.message}; the last hover read: ${seen || 'none'}`);
    });
    assert.match(text, /OPCS-4\.11: procedure code/);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await sleep(400);
      await page.screenshot({ path: join(SHOTS, 'hover-release.png') });
    }
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });
});
