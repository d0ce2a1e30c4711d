// Web mode: serves the built renderer and the API over loopback HTTP, guarded by a per-launch token and
// Host/Origin checks, so the same UI runs in a browser against the same services.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

import type { ApiErrorCode, ApiResponse } from '../../shared/api';
import { dispatch } from '../api/dispatch';
import type { ServiceMethods } from '../services';
import { CONTENT_SECURITY_POLICY } from '../csp';
import { CONTENT_TYPES } from '../content-types';

/** import.upload carries whole files as base64; everything else is small. */
export const MAX_BODY_BYTES = 96 * 1024 * 1024;

const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_METHOD: 404,
  CONFLICT: 409,
  CORPUS_REFUSED: 409,
  TOO_LARGE: 413,
  INTERNAL: 500,
};

export interface WebServerOptions {
  methods: ServiceMethods;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  host: string;
  port: number;
  /** Defaults to 32 random bytes, hex. */
  token?: string;
}

export interface WebServer {
  server: Server;
  token: string;
  url: string;
  /** The URL to open, carrying the token in the fragment (never sent to the server or in Referer). */
  openUrl: string;
  close(): Promise<void>;
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: ServerResponse, status: number, body: ApiResponse<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, code: ApiErrorCode, message: string): void {
  sendJson(res, STATUS_BY_CODE[code], { ok: false, error: { code, message } });
}

class BodyTooLarge extends Error {}

/**
 * Reads the body up to `limit` bytes. Past the limit it rejects and keeps discarding what still arrives rather
 * than destroying the socket, so the client reads the 413 answer (sent with `Connection: close`) instead of a
 * connection reset.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolveBody(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const alt = req.headers['x-galley-token'];
  return typeof alt === 'string' ? alt : undefined;
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const rendererRoot = resolve(options.rendererDir);
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    let relativePath: string;
    try {
      relativePath = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400).end('Bad path');
      return;
    }
    if (relativePath === '/' || relativePath === '') relativePath = '/index.html';
    const file = normalize(join(rendererRoot, relativePath));
    if (file !== rendererRoot && !file.startsWith(rendererRoot + sep)) {
      res.writeHead(403).end('Forbidden');
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': body.length,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host header.
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(host)) {
      sendError(res, 'FORBIDDEN', 'This server only answers requests addressed to its own host and port.');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
      sendError(res, 'FORBIDDEN', 'Cross-origin requests are not allowed.');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendJson(res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: 'API calls use POST.' } });
        return;
      }
      if (!tokenMatches(token, bearer(req))) {
        sendError(res, 'UNAUTHORIZED', 'Missing or wrong access token. Open the URL that `galley serve` printed.');
        return;
      }
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      let body: Buffer;
      try {
        body = await readBody(req, MAX_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          res.setHeader('Connection', 'close');
          sendError(res, 'TOO_LARGE', `Request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
        } else {
          sendError(res, 'BAD_REQUEST', 'The request body could not be read.');
        }
        return;
      }
      let args: unknown = {};
      if (body.length > 0) {
        try {
          args = JSON.parse(body.toString('utf8'));
        } catch {
          sendError(res, 'BAD_REQUEST', 'The request body is not valid JSON.');
          return;
        }
      }
      const method = url.pathname.slice('/api/'.length);
      const dispatched = performance.now();
      const response = await dispatch(options.methods, method, args);
      // How long the server took (reading and parsing the body, then the call) and the process's CPU time for it:
      // the browser's resource timing shows them beside the request's duration (`npm run bench` reports them).
      const done = performance.now();
      const cpu = process.cpuUsage(cpuBefore);
      res.setHeader(
        'Server-Timing',
        `read;dur=${(dispatched - started).toFixed(2)}, call;dur=${(done - dispatched).toFixed(2)}, ` +
          `cpu;dur=${((cpu.user + cpu.system) / 1000).toFixed(2)}`,
      );
      sendJson(res, response.ok ? 200 : STATUS_BY_CODE[response.error.code], response);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end('Method not allowed');
      return;
    }
    await serveStatic(req, res, url.pathname);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[galley] web request failed:', error);
      if (!res.headersSent) sendError(res, 'INTERNAL', 'Internal error.');
      else res.end();
    });
  });
  server.requestTimeout = 5 * 60_000;
  server.headersTimeout = 30_000;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const hostNames = isLoopbackHost(options.host) ? ['127.0.0.1', 'localhost', '[::1]', hostInUrl] : [hostInUrl];
  allowedHosts = new Set(hostNames.map((h) => `${h}:${port}`.toLowerCase()));
  allowedOrigins = new Set(hostNames.map((h) => `http://${h}:${port}`.toLowerCase()));
  const url = `http://${hostInUrl}:${port}/`;
  return {
    server,
    token,
    url,
    openUrl: `${url}#token=${token}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
