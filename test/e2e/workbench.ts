// Small page-object helpers for VS Code's workbench as a user drives it: keyboard shortcuts,
// and reading what is on screen (editor lines, squiggles, the Problems panel, hovers, lists).

import type { Page } from 'playwright-core';
import { until, sleep } from './harness';

// Only used inside page.evaluate callbacks, which run in the browser; the project has no DOM lib.
declare const document: any;
type HTMLElement = any;

export const EDITOR = '.editor-group-container.active .monaco-editor[data-uri]';

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
}

/** Ctrl+P, the file name, Enter: the way a user opens a file. */
export async function openFile(page: Page, name: string): Promise<void> {
  await until(
    `"${name}" open in the editor`,
    async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(name);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      const active = page.locator(`.tab.active[data-resource-name="${name}"]`);
      try {
        await active.waitFor({ timeout: 5000 });
      } catch (e) {
        // Already open in a tab that Quick Open did not bring forward (seen under load): click the tab, as a user would.
        const tab = page.locator(`.tab[data-resource-name="${name}"]`).first();
        if (!(await tab.count())) throw e;
        await page.keyboard.press('Escape');
        await tab.click();
        await active.waitFor({ timeout: 5000 });
      }
      return true;
    },
    60_000,
  );
  await page.locator(`${EDITOR} .view-lines`).waitFor();
  await page.locator(`${EDITOR} textarea`).focus();
}

/** Ctrl+G, `line:column` (1-based, as the status bar shows them), Enter. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  const status = page.locator('.statusbar-item[id="status.editor.selection"]');
  await until(
    `the cursor at ${line}:${column}`,
    async () => {
      await page.keyboard.press('Escape');
      await page.locator(`${EDITOR} textarea`).focus();
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await page.keyboard.type(`${line}:${column}`);
      // Wait for the picker to read the position before pressing Enter.
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`\\b${line}\\b.*\\b${column}\\b`) })
        .first()
        .waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      await sleep(200);
      return (await status.innerText()).includes(`Ln ${line}, Col ${column}`);
    },
    60_000,
  );
}

/** Where the cursor is drawn, so that the mouse can point at the character after it. */
export async function cursorBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator(`${EDITOR} .cursors-layer .cursor`).first().boundingBox();
  if (!box) throw new Error('no cursor on screen');
  return box;
}

/** The visible lines of the active editor, top to bottom. */
export async function editorLines(page: Page): Promise<string[]> {
  return page.evaluate((sel) => {
    const lines = [...document.querySelectorAll(`${sel} .view-lines .view-line`)] as HTMLElement[];
    lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return lines.map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
  }, EDITOR);
}

/** Squiggles drawn in the active editor, by kind (error, warning, info, hint). */
export async function squiggles(page: Page): Promise<Record<string, number>> {
  return page.evaluate((sel) => {
    const out: Record<string, number> = {};
    for (const kind of ['error', 'warning', 'info', 'hint']) {
      out[kind] = document.querySelectorAll(`${sel} .squiggly-${kind}`).length;
    }
    return out;
  }, EDITOR);
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns its rows' text. */
export async function problemRows(page: Page): Promise<string[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible' });
  }
  return page.evaluate(() =>
    ([...document.querySelectorAll('.markers-panel .monaco-list-row')] as HTMLElement[]).map((r) => r.innerText.replace(/\s+/g, ' ').trim()),
  );
}

export async function hoverText(page: Page): Promise<string> {
  return page.evaluate(() =>
    ([...document.querySelectorAll('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .rendered-markdown')] as HTMLElement[])
      .map((e) => e.innerText)
      .join('\n'),
  );
}

/** The rows of the suggest widget, top first, as `label | description`. */
export async function suggestionRows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('.editor-widget.suggest-widget.visible .monaco-list-row')] as HTMLElement[];
    rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
    return rows.map((r) => {
      const label = r.querySelector('.monaco-icon-label .label-name')?.textContent ?? '';
      const desc = r.querySelector('.details-label, .label-description')?.textContent ?? '';
      return `${label.trim()} | ${desc.trim()}`;
    });
  });
}

/** The rows of the quick-fix (Ctrl+.) menu. */
export async function actionRows(page: Page): Promise<string[]> {
  return page.evaluate(() => ([...document.querySelectorAll('.action-widget .monaco-list-row.action')] as HTMLElement[]).map((r) => r.innerText.trim()));
}
