// A new user's first minutes in web mode: the sample corpus is there, a page opens, the API is guarded.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { tempDir } from '../helpers/tmp';
import { browserSkipReason, screenshotPath, useWebApp } from './harness';

const skip = browserSkipReason();
const home = tempDir('galley-e2e-');

describe.skipIf(skip !== null)('web mode in Chromium', () => {
  const app = useWebApp(home);

  it('shows the sample corpus on first start', async () => {
    await app.page.goto(app.serve.openUrl);
    const rows = app.page.getByTestId('library-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    expect(app.page.url()).not.toContain('token=');
    await expect.poll(() => app.page.getByTestId('library-table').innerText()).toContain('000_f1346f968acf4f03.txt');
    await app.page.screenshot({ path: screenshotPath('web-library') });
  });

  it('opens a page and shows its text', async () => {
    await app.page.getByTestId('library-row').filter({ hasText: '000_f1346f968acf4f03.txt' }).dblclick();
    await expect.poll(() => app.page.getByTestId('page-text').innerText(), { timeout: 10_000 }).toContain('倪岳峰');
    await app.page.screenshot({ path: screenshotPath('web-page') });
    await app.page.getByTestId('back-to-library').click();
    await expect.poll(() => app.page.getByTestId('library-row').count()).toBe(2);
  });

  it('shows page text as text, never as HTML', async () => {
    const folder = join(home, 'xss');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'xss.txt'), '标题\n\n<img src=x onerror="alert(1)"><script>alert(2)</script>正文。\n');
    const response = await fetch(new URL('/api/import.start', app.serve.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.serve.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ paths: [folder] }),
    });
    expect(response.status).toBe(200);
    await app.page.reload();
    await expect.poll(() => app.page.getByTestId('library-row').count(), { timeout: 20_000 }).toBe(3);
    await app.page.getByTestId('library-row').filter({ hasText: 'xss.txt' }).dblclick();
    const text = app.page.getByTestId('page-text');
    await expect.poll(() => text.innerText()).toContain('<img src=x onerror="alert(1)">');
    expect(await text.locator('img, script').count()).toBe(0);
  });

  it('guards the API: 401 without the token, 400 on a wrong argument type, and stays up', async () => {
    const call = (method: string, body: unknown, token?: string) =>
      fetch(new URL(`/api/${method}`, app.serve.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    expect((await call('corpus.info', {})).status).toBe(401);
    const bad = await call('pages.get', { id: 'abc' }, app.serve.token);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/id/);
    const info = await call('corpus.info', {}, app.serve.token);
    expect(info.status).toBe(200);
    expect(((await info.json()) as { value: { pages: number } }).value.pages).toBe(3);
  });
});
