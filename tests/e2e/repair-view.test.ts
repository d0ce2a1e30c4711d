// A researcher reads a page as the repair engine reads it, decides on its suggestions, and sees the
// decisions kept — through a reload and in Chinese.
import { describe, expect, it } from 'vitest';

import type { PageReading, Settings } from '../../src/shared/api';
import { repairReasons } from '../../src/shared/i18n/repair-reasons';
import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-repair-');
const SEED = '000_f1346f968acf4f03.txt';

describe.skipIf(skip !== null)('the repaired reading and its suggestions', () => {
  const app = useWebApp(home);
  let pageId: number;
  let acceptedId: string;
  let rejectedId: string;

  const api = app.api;

  const suggestion = (id: string) => app.page.locator(`[data-testid="suggestion"][data-suggestion-id="${id}"]`);
  const stateOf = (id: string) => suggestion(id).getAttribute('data-state');

  it('opens a page on its repaired reading, with the jump markers set aside', async () => {
    await app.page.goto(app.serve.openUrl);
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(2);
    await app.page.getByTestId('library-row').filter({ hasText: SEED }).dblclick();
    pageId = Number(await app.page.getByTestId('page-view').getAttribute('data-page-id'));

    await expect.poll(() => app.page.getByTestId('reading-article').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await app.page.getByTestId('tab-reading').getAttribute('aria-selected')).toBe('true');
    expect(await app.page.getByTestId('headline-stack').count()).toBeGreaterThan(0);
    expect(await app.page.getByTestId('page-text').isVisible()).toBe(false);

    const setAside = app.page.getByTestId('set-aside');
    await setAside.locator('summary').click();
    await expect.poll(() => setAside.innerText()).toContain('下转');
    expect(await setAside.locator('s').first().innerText()).toContain('下转');

    // The original OCR text is one click away, unchanged.
    await app.page.getByTestId('tab-original').click();
    await expect.poll(() => app.page.getByTestId('page-text').isVisible()).toBe(true);
    expect(await app.page.getByTestId('page-text').innerText()).toContain('# 倪岳峰主持召开');
    await app.page.getByTestId('tab-reading').click();
    await expect.poll(() => app.page.getByTestId('reading').isVisible()).toBe(true);
  });

  it('reads the page again when the auto-apply threshold changes', async () => {
    expect((await api<Settings>('settings.get', {})).repairThreshold).toBe(0.9);
    await expect.poll(() => app.page.getByTestId('suggestions-threshold').innerText()).toContain('90%');

    await app.page.getByTestId('settings-button').click();
    const field = app.page.getByTestId('settings-threshold');
    await expect.poll(() => field.inputValue()).toBe('90');
    await field.fill('80');
    await app.page.getByTestId('settings-save').click();
    await expect.poll(() => app.page.getByTestId('settings-panel').count()).toBe(0);
    expect((await api<Settings>('settings.get', {})).repairThreshold).toBe(0.8);

    await expect.poll(() => app.page.getByTestId('suggestions-threshold').innerText()).toContain('80%');
    const firstArticle = app.page.getByTestId('reading-article').first();
    await expect
      .poll(() => firstArticle.locator('[data-role="kicker"] .reading-block__text').first().innerText())
      .toMatch(/^倪岳峰主持召开/);
    expect(await firstArticle.locator('[data-role="headline"]').count()).toBeGreaterThan(0);
    expect(await app.page.getByTestId('reading-article').count()).toBeGreaterThanOrEqual(2);
    expect(await app.page.getByTestId('reading-article').nth(1).getAttribute('aria-label')).toBe('Article 2');

    // Selecting a suggestion that names its text highlights the block holding it.
    const reading = await api<PageReading>('repair.reading', { pageId });
    const located = reading.suggestions.find((s) => s.target.text !== undefined);
    expect(located).toBeDefined();
    await suggestion(located!.id).getByTestId('suggestion-reason').click();
    await expect.poll(() => app.page.locator('[data-testid="reading"] .is-highlighted').count()).toBeGreaterThan(0);

    await app.page.screenshot({ path: screenshotPath('repair-reading-en') });
  });

  it('accepts a pending suggestion and rejects an applied one, and keeps both decisions', async () => {
    const panel = app.page.getByTestId('suggestions-panel');
    const pending = panel.locator('[data-testid="suggestion"][data-state="pending"]').first();
    acceptedId = (await pending.getAttribute('data-suggestion-id'))!;
    await pending.getByTestId('suggestion-accept').click();
    await expect.poll(() => stateOf(acceptedId)).toBe('accepted');

    // The keyboard: select an automatically applied merge, then r rejects it.
    const applied = panel.locator('[data-testid="suggestion"][data-kind="merge"][data-state="auto"]').first();
    rejectedId = (await applied.getAttribute('data-suggestion-id'))!;
    await applied.getByTestId('suggestion-reason').click();
    await expect.poll(() => suggestion(rejectedId).getAttribute('aria-current')).toBe('true');
    await app.page.keyboard.press('r');
    await expect.poll(() => stateOf(rejectedId)).toBe('rejected');

    // a then u on the next pending one: accepted, then back to pending.
    const another = panel.locator('[data-testid="suggestion"][data-state="pending"]').first();
    const undoneId = (await another.getAttribute('data-suggestion-id'))!;
    await another.getByTestId('suggestion-reason').click();
    await app.page.keyboard.press('a');
    await expect.poll(() => stateOf(undoneId)).toBe('accepted');
    await app.page.keyboard.press('u');
    await expect.poll(() => stateOf(undoneId)).toBe('pending');

    const stored = await api<PageReading>('repair.reading', { pageId });
    const byId = (id: string) => stored.suggestions.find((s) => s.id === id)!;
    expect(byId(acceptedId)).toMatchObject({ decision: 'accepted', applied: true });
    expect(byId(rejectedId)).toMatchObject({ decision: 'rejected', applied: false });
    expect(byId(undoneId).decision).toBeNull();
    expect(stored.suggestions.filter((s) => s.decision !== null)).toHaveLength(2);

    await app.page.reload();
    await expect.poll(() => stateOf(acceptedId), { timeout: 10_000 }).toBe('accepted');
    expect(await stateOf(rejectedId)).toBe('rejected');
    await app.page.getByTestId('suggestion-filter-decided').click();
    await expect.poll(() => panel.getByTestId('suggestion').count()).toBe(2);
    expect(await app.page.getByTestId('suggestion-filter-decided').innerText()).toContain('2');
    await expect.poll(() => suggestion(rejectedId).getByTestId('suggestion-undo').isVisible()).toBe(true);
    await panel.screenshot({ path: screenshotPath('repair-suggestions-panel') });
  });

  it('explains the suggestions in Chinese', async () => {
    await app.page.getByTestId('suggestion-filter-all').click();
    await app.page.getByTestId('language-toggle').click();
    await expect.poll(() => app.page.locator('html').getAttribute('lang')).toBe('zh-CN');

    const reading = await api<PageReading>('repair.reading', { pageId });
    const rejected = reading.suggestions.find((s) => s.id === rejectedId)!;
    const expected = repairReasons['zh-CN'][rejected.reason.key]!.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
      String(rejected.reason.params[name]),
    );
    const item = suggestion(rejectedId);
    await expect.poll(() => item.getByTestId('suggestion-reason').innerText()).toBe(expected);
    expect(await item.getByTestId('suggestion-state').innerText()).toBe('已拒绝');
    expect(await app.page.getByTestId('suggestions-panel').innerText()).toContain('接受全部待定建议');
    expect(await app.page.getByTestId('reading-article').first().innerText()).toContain('引题');

    await app.page.locator('.page-text-panel').evaluate((el) => el.scrollTo({ top: 0 }));
    await app.page.screenshot({ path: screenshotPath('repair-reading-zh') });
  });
});
