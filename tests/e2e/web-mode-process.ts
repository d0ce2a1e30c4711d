// Web mode as a separate process and Chromium to drive it: shared by the end-to-end tests and the bench
// (no test-runner imports here, so plain scripts can use it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..');

const CHROMIUM_CANDIDATES = [process.env.GALLEY_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | undefined {
  return CHROMIUM_CANDIDATES.find((p): p is string => !!p && existsSync(p));
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface ServeHandle {
  process: ChildProcess;
  url: string;
  openUrl: string;
  token: string;
  corpus: string;
  stop(): Promise<void>;
}

/** Runs `galley serve --port 0 --json` with its own data folder and waits for the printed URL. */
export function startServe(home: string, extraArgs: string[] = []): Promise<ServeHandle> {
  mkdirSync(home, { recursive: true });
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'galley.cjs'), ...extraArgs, 'serve', '--port', '0', '--json'],
    {
      cwd: ROOT,
      env: { ...process.env, GALLEY_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`galley serve did not start: ${err}`)), 60_000);
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const info = JSON.parse(line) as { url: string; openUrl: string; token: string; corpus: string };
      resolve({
        process: child,
        ...info,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`galley serve exited with ${code}: ${err}`)));
  });
}

/** Calls the web-mode API with the launch token; a `{ ok: false }` answer throws with the method and error. */
export async function callApi<T>(serve: Pick<ServeHandle, 'url' | 'token'>, method: string, args: unknown): Promise<T> {
  const response = await fetch(new URL(`/api/${method}`, serve.url), {
    method: 'POST',
    headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value;
}
