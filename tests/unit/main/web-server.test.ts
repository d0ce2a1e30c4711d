import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createServices } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { MAX_BODY_BYTES, startWebServer, type WebServer } from '../../../src/main/web/server';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

const dir = tempDir();
let web: WebServer;
let port: number;
const corpus = openCorpus(join(dir, 'web.galley'));

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function api(method: string, args: unknown, headers: Record<string, string> = {}) {
  return raw({
    method: 'POST',
    path: `/api/${method}`,
    headers: { Authorization: `Bearer ${web.token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });
}

beforeAll(async () => {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Galley</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  web = await startWebServer({ methods: services.methods, rendererDir, host: '127.0.0.1', port: 0 });
  port = Number(new URL(web.url).port);
});

afterAll(async () => {
  await web.close();
  corpus.close();
});

describe('web mode server', () => {
  it('prints an URL on loopback with the token in the fragment', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(web.openUrl).toBe(`${web.url}#token=${web.token}`);
    expect(web.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers API calls that carry the token', async () => {
    const res = await api('pages.list', { limit: 10 });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(true);
    expect(body.value.total).toBe(2);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('rejects calls without or with a wrong token (401)', async () => {
    const none = await raw({ method: 'POST', path: '/api/corpus.info', body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.code).toBe('UNAUTHORIZED');
    const wrong = await api('corpus.info', {}, { Authorization: 'Bearer ' + 'f'.repeat(64) });
    expect(wrong.status).toBe(401);
  });

  it('rejects malformed arguments with 400 and a message naming the argument', async () => {
    const res = await api('pages.get', { id: 'one' });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body);
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.message).toMatch(/id/);
    expect(body.error.message).not.toMatch(/at .*\.ts/);
    const extra = await api('pages.list', { limit: 5, dropTables: true });
    expect(extra.status).toBe(400);
    const notJson = await raw({
      method: 'POST',
      path: '/api/pages.list',
      headers: { Authorization: `Bearer ${web.token}` },
      body: '{"limit": ',
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toMatch(/JSON/);
  });

  it('answers unknown methods with 404 and missing pages with 404', async () => {
    expect((await api('pages.drop', {})).status).toBe(404);
    expect((await api('pages.get', { id: 999999 })).status).toBe(404);
  });

  it('refuses oversized bodies with 413 and stays up', async () => {
    const res = await raw({
      method: 'POST',
      path: '/api/pages.list',
      headers: { Authorization: `Bearer ${web.token}`, 'Content-Length': String(MAX_BODY_BYTES + 1) },
    }).catch(() => ({ status: 413, headers: {}, body: '' }));
    expect(res.status).toBe(413);
    expect((await api('corpus.info', {})).status).toBe(200);
  });

  it('refuses foreign Host headers (DNS rebinding) and cross-origin requests', async () => {
    const rebinding = await api('corpus.info', {}, { Host: `evil.example:${port}` });
    expect(rebinding.status).toBe(403);
    const crossOrigin = await api('corpus.info', {}, { Origin: 'http://evil.example' });
    expect(crossOrigin.status).toBe(403);
    const sameOrigin = await api('corpus.info', {}, { Origin: `http://127.0.0.1:${port}` });
    expect(sameOrigin.status).toBe(200);
    const localhost = await api('corpus.info', {}, { Host: `localhost:${port}` });
    expect(localhost.status).toBe(200);
  });

  it('serves the renderer but nothing outside it', async () => {
    const index = await raw({ path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect((await raw({ path: '/assets/app.js' })).status).toBe(200);
    const traversal = await raw({ path: '/../secret.txt' });
    expect(traversal.body).not.toContain('outside the renderer');
    const dotted = await raw({ path: '/%2e%2e/secret.txt' });
    expect(dotted.body).not.toContain('outside the renderer');
    const encodedSlash = await raw({ path: '/..%2fsecret.txt' });
    expect(encodedSlash.status).toBe(403);
    expect(encodedSlash.body).not.toContain('outside the renderer');
    expect((await raw({ method: 'GET', path: '/api/corpus.info' })).status).toBe(405);
  });

  it('stays up after a burst of bad calls', async () => {
    const bad = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0 ? api('pages.list', { limit: -i }) : api(`no.such.${i}`, { x: i }),
      ),
    );
    for (const res of bad) expect(res.status).toBeGreaterThanOrEqual(400);
    for (const res of bad) expect(res.status).toBeLessThan(500);
    expect((await api('corpus.info', {})).status).toBe(200);
  });
});
