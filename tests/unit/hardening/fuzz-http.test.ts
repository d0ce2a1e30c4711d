// API fuzz over HTTP: 1,000+ malformed calls (fixed seed) against web mode. Every one must get a 4xx with a JSON
// error and no stack trace, quickly; the corpus must be unchanged afterwards and the server still answer.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { API_ERROR_CODES, API_METHOD_NAMES } from '../../../src/shared/api';
import { createServices, type Services } from '../../../src/main/services';
import { openCorpus } from '../../../src/main/store/corpus';
import { MAX_BODY_BYTES, startWebServer, type WebServer } from '../../../src/main/web/server';
import { pick, prng, randomBytes, randomInt, type Random } from '../../helpers/random';
import { SEEDS_DIR, tempDir } from '../../helpers/tmp';

/** A request that takes longer than this is a hang. */
const REQUEST_TIMEOUT_MS = 15_000;
const CONCURRENCY = 8;
/** An id no page has: a malformed call that validation let through by mistake must still change nothing. */
const NO_SUCH_PAGE = 987_654;

const dir = tempDir('galley-fuzz-http-');
const corpus = openCorpus(join(dir, 'fuzz.galley'));
let services: Services;
let web: WebServer;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Call {
  category: string;
  verb: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

function send(call: Call): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Node's client frames a body of DELETE or OPTIONS only when told its length.
    const headers =
      call.body === undefined || 'Content-Length' in call.headers
        ? call.headers
        : { ...call.headers, 'Content-Length': String(Buffer.byteLength(call.body)) };
    const req = request({ host: '127.0.0.1', port, agent, method: call.verb, path: call.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(call.body);
  });
}

/** Sends a body of `bytes` in 1 MB chunks without a Content-Length (chunked), as a streaming client would. */
function sendStreamed(path: string, bytes: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path, headers: { Authorization: `Bearer ${web.token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          answered = true;
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString(),
          });
        });
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    // Once the answer is in, the server closing the connection under the rest of the upload is expected.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !req.destroyed) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function checksum(): { pages: number; sha256: string } {
  const rows = corpus.db.prepare('SELECT * FROM pages ORDER BY id').all();
  return { pages: rows.length, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
}

// ---- the malformed calls -------------------------------------------------------------------------------------

const auth = () => ({ Authorization: `Bearer ${web.token}`, 'Content-Type': 'application/json' });
const apiCall = (
  category: string,
  method: string,
  body: string | Buffer | undefined,
  headers: Record<string, string> = auth(),
): Call => ({
  category,
  verb: 'POST',
  path: `/api/${encodeURIComponent(method).replace(/%2E/gi, '.')}`,
  headers,
  body,
});

/** Values of the wrong type or out of range for each argument, with valid fillers for the other arguments. */
const BAD_VALUES: Record<string, { fill: Record<string, unknown>; fields: Record<string, unknown[]> }> = {
  'pages.get': { fill: { id: NO_SUCH_PAGE }, fields: { id: ['1', 1.5, 0, -1, true, null, {}, [], 'NaN', -(2 ** 31)] } },
  'pages.list': {
    fill: { limit: 10 },
    fields: {
      offset: [-1, 1.5, '10', true, {}, [], null, 2 ** 53],
      limit: [0, -5, 1001, 1.5, '10', false, {}, null],
      sort: [123, 'bogus', '', null, true, ['fileName'], 'id; DROP TABLE pages'],
      direction: ['up', 1, null, {}, 'ASC'],
      text: [123, true, {}, [], 'x'.repeat(201)],
      status: ['deleted', 1, '', ['new'], null],
      newspaper: [42, {}, [], 'x'.repeat(201), false],
    },
  },
  'pages.updateMeta': {
    fill: { id: NO_SUCH_PAGE },
    fields: {
      id: [-1, 0, 'one', 2.5, null, {}],
      newspaper: [123, {}, [], 'x'.repeat(201), true],
      date: ['2020-1-1', '20200101', 'yesterday', 20200101, true, {}, '2020-01-01T00:00:00Z'],
      pageNo: ['x'.repeat(21), 5, {}, [], false],
    },
  },
  'pages.setStatus': {
    fill: { id: NO_SUCH_PAGE, status: 'reviewed' },
    fields: { id: [-7, 0, '3', 1.25, null, []], status: ['done', '', 3, null, {}, ['new'], 'NEW'] },
  },
  'import.start': {
    fill: {},
    fields: { paths: [[], 'path', [''], [1], ['x'.repeat(4097)], {}, null, [null], Array(10_001).fill('a')] },
  },
  'import.upload': {
    fill: {},
    fields: {
      files: [
        [],
        [{ name: 'a.txt' }],
        [{ dataBase64: 'YQ==' }],
        [{ name: '', dataBase64: 'YQ==' }],
        [{ name: 1, dataBase64: 'YQ==' }],
        [{ name: 'a.txt', dataBase64: 5 }],
        [{ name: 'x'.repeat(1025), dataBase64: 'YQ==' }],
        'file',
        null,
      ],
    },
  },
  'import.status': { fill: {}, fields: { jobId: [123, 'x'.repeat(65), null, {}, [], true] } },
  'import.cancel': { fill: {}, fields: { jobId: [123, 'x'.repeat(65), null, {}, [], false] } },
};
const NEEDS_ARGS = Object.keys(BAD_VALUES).filter((m) => m !== 'pages.list');
/** Methods this file knows the arguments of; a method added later gets only the generic malformed calls. */
const KNOWN_METHODS = ['corpus.info', 'pages.newspapers', 'import.sample', ...Object.keys(BAD_VALUES)].filter((m) =>
  (API_METHOD_NAMES as readonly string[]).includes(m),
);
/** Real, valid calls (some of them writes): sent without the right credentials they must do nothing. */
const VALID_CALLS: [string, unknown][] = [
  ['corpus.info', {}],
  ['pages.list', { limit: 5 }],
  ['pages.get', { id: 1 }],
  ['pages.setStatus', { id: 1, status: 'reviewed' }],
  ['pages.updateMeta', { id: 2, newspaper: '被改了' }],
  ['import.sample', {}],
];

function nested(depth: number, open: string, close: string, inner: string): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

function wrongType(random: Random): Call {
  const method = pick(random, Object.keys(BAD_VALUES));
  const spec = BAD_VALUES[method]!;
  const field = pick(random, Object.keys(spec.fields));
  const args = { ...spec.fill, [field]: pick(random, spec.fields[field]!) };
  return apiCall('wrong type or range', method, JSON.stringify(args));
}

function missingField(random: Random): Call {
  const cases: [string, unknown][] = [
    ['pages.get', {}],
    ['pages.setStatus', { id: NO_SUCH_PAGE }],
    ['pages.setStatus', { status: 'new' }],
    ['pages.updateMeta', { newspaper: '人民日报' }],
    ['import.start', {}],
    ['import.upload', {}],
    ['import.status', {}],
    ['import.cancel', {}],
  ];
  const [method, args] = pick(random, cases);
  return apiCall('missing field', method, JSON.stringify(args));
}

function extraField(random: Random): Call {
  const method = pick(random, KNOWN_METHODS);
  const base = method in BAD_VALUES ? { ...BAD_VALUES[method]!.fill } : {};
  const key = pick(random, ['evil', 'dropTables', 'toString', 'constructor', '__proto__', '', 'id ', '$where', 'sql']);
  const value = JSON.stringify(pick(random, [1, true, 'x', { polluted: true }, [], null]));
  const json = JSON.stringify(base);
  const body =
    json === '{}' ? `{${JSON.stringify(key)}:${value}}` : `${json.slice(0, -1)},${JSON.stringify(key)}:${value}}`;
  return apiCall('extra field', method, body);
}

function unknownMethod(random: Random): Call {
  const names = [
    'pages.drop',
    'pages',
    'corpus',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'corpus.info.',
    '.corpus.info',
    'CORPUS.INFO',
    'pages.get\u0000',
    'pages/get',
    '页面.列表',
    'x'.repeat(1 + randomInt(random, 5000)),
    `import.${randomBytes(random, 8).toString('hex')}`,
  ];
  return apiCall('unknown method', pick(random, names), '{}');
}

function hugeNumber(random: Random): Call {
  const cases: [string, string][] = [
    ['pages.get', '{"id":1e308}'],
    ['pages.get', '{"id":1e999}'],
    ['pages.get', '{"id":9007199254740993}'],
    ['pages.get', '{"id":123456789012345678901234567890}'],
    ['pages.list', '{"limit":1e308}'],
    ['pages.list', '{"offset":1e999}'],
    ['pages.list', '{"offset":18446744073709551616}'],
    ['pages.setStatus', '{"id":1e400,"status":"new"}'],
    ['pages.updateMeta', '{"id":9.9e307,"pageNo":"1"}'],
  ];
  const [method, body] = pick(random, cases);
  return apiCall('huge number', method, body);
}

function negativeId(random: Random): Call {
  const method = pick(random, ['pages.get', 'pages.setStatus', 'pages.updateMeta']);
  const id = pick(random, [-1, -0.5, -(2 ** 53), -123456, -0]);
  return apiCall('negative id', method, JSON.stringify({ ...BAD_VALUES[method]!.fill, id }));
}

function deeplyNested(random: Random): Call {
  const depth = pick(random, [100, 1000, 10_000, 100_000]);
  const bodies = [
    nested(depth, '[', ']', '1'),
    nested(depth, '{"a":', '}', '1'),
    `{"id":${nested(depth, '[', ']', '')}}`,
    `{"limit":5,"evil":${nested(depth, '{"a":', '}', 'null')}}`,
    `{"paths":${nested(depth, '[', ']', '"x"')}}`,
  ];
  const method = pick(random, ['pages.get', 'pages.list', 'import.start', 'corpus.info']);
  return apiCall('deeply nested JSON', method, pick(random, bodies));
}

function nonJson(random: Random): Call {
  const bodies: (string | Buffer)[] = [
    'id=1',
    '<call><id>1</id></call>',
    '{"id":1',
    "{'id':1}",
    'undefined',
    'NaN',
    '\ufeff{"limit":5}',
    '{"limit":5}}',
    '{"limit":5} trailing',
    '\u0000',
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
    randomBytes(random, 1 + randomInt(random, 2000)),
    '{"limit":5,}',
    '--boundary\r\nContent-Disposition: form-data; name="id"\r\n\r\n1\r\n--boundary--',
  ];
  const method = pick(random, API_METHOD_NAMES);
  return apiCall('non-JSON body', method, pick(random, bodies));
}

function notAnObject(random: Random): Call {
  // Every method takes an object of arguments, whatever its fields.
  const body = pick(random, ['[]', '[{}]', '[{"id":1}]', '42', '-1', '"corpus"', 'true', '1e999']);
  return apiCall('arguments not an object', pick(random, API_METHOD_NAMES), body);
}

function emptyBody(random: Random): Call {
  const method = pick(random, NEEDS_ARGS);
  return apiCall('empty or null body', method, pick(random, ['', 'null', '{}', '[]', '""', '0', 'false']));
}

function wrongVerb(random: Random): Call {
  const [method, args] = pick(random, VALID_CALLS);
  // CONNECT is left out: Node's HTTP server closes such connections outright (there is no 'connect' handler).
  const verb = pick(random, ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'HEAD', 'PROPFIND']);
  return {
    ...apiCall(
      'wrong HTTP verb',
      method,
      verb === 'GET' || verb === 'HEAD' || verb === 'TRACE' ? undefined : JSON.stringify(args),
    ),
    verb,
  };
}

function badCredentials(random: Random): Call {
  const [method, args] = pick(random, VALID_CALLS);
  const token = web.token;
  const headers = pick<Record<string, string>>(random, [
    { 'Content-Type': 'application/json' },
    { Authorization: '' },
    { Authorization: 'Bearer' },
    { Authorization: 'Bearer ' },
    { Authorization: `Basic ${Buffer.from(`galley:${token}`).toString('base64')}` },
    { Authorization: `bearer${token}` },
    { Authorization: `Bearer ${token.slice(0, -1)}` },
    { Authorization: `Bearer ${token}0` },
    { Authorization: `Bearer ${token.toUpperCase()}` },
    { Authorization: `Bearer ${'0'.repeat(64)}` },
    { Authorization: `Bearer ${randomBytes(random, 32).toString('hex')}` },
    { 'X-Galley-Token': token.slice(1) },
    { 'X-Galley-Token': '' },
    { Authorization: `Bearer ${'x'.repeat(10_000)}` },
  ]);
  return apiCall(
    headers.Authorization === undefined && !headers['X-Galley-Token'] ? 'no token' : 'wrong token',
    method,
    JSON.stringify(args),
    headers,
  );
}

function foreignHostOrOrigin(random: Random): Call {
  const [method, args] = pick(random, VALID_CALLS);
  const headers = pick<Record<string, string>>(random, [
    { Host: `evil.example:${port}` },
    { Host: 'localhost' },
    { Host: `127.0.0.1:${port + 1}` },
    { Origin: 'http://evil.example' },
    { Origin: 'null' },
    { Origin: `http://127.0.0.1:${port}.evil.example` },
    { Origin: `https://127.0.0.1:${port}` },
  ]);
  return apiCall('foreign Host or Origin', method, JSON.stringify(args), { ...auth(), ...headers });
}

function declaredTooLarge(random: Random): Call {
  const [method] = pick(random, VALID_CALLS);
  return {
    ...apiCall('declared body over the limit', method, undefined),
    headers: { ...auth(), 'Content-Length': String(MAX_BODY_BYTES + 1 + randomInt(random, 1000)) },
  };
}

const GENERATORS: [generator: (random: Random) => Call, count: number][] = [
  [wrongType, 200],
  [missingField, 60],
  [extraField, 100],
  [unknownMethod, 80],
  [hugeNumber, 60],
  [negativeId, 50],
  [deeplyNested, 40],
  [nonJson, 100],
  [notAnObject, 60],
  [emptyBody, 60],
  [wrongVerb, 80],
  [badCredentials, 120],
  [foreignHostOrOrigin, 50],
  [declaredTooLarge, 10],
];

// ---- the test ------------------------------------------------------------------------------------------------

beforeAll(async () => {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Galley</title>');
  services = createServices({ corpus, seedsDir: SEEDS_DIR });
  await services.ensureSample();
  web = await startWebServer({ methods: services.methods, rendererDir, host: '127.0.0.1', port: 0 });
  port = Number(new URL(web.url).port);
});

afterAll(async () => {
  agent.destroy();
  await web.close();
  corpus.close();
});

function checkAnswer(call: Call, answer: Answer, problems: string[]): void {
  const label = `${call.category}: ${call.verb} ${call.path.slice(0, 60)}`;
  if (answer.status < 400 || answer.status > 499)
    problems.push(`${label} → ${answer.status} ${answer.body.slice(0, 120)}`);
  if (!answer.contentType.startsWith('application/json'))
    problems.push(`${label} → content type ${answer.contentType}`);
  if (call.verb === 'HEAD') return; // a HEAD answer has no body
  let body: { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(answer.body);
  } catch {
    problems.push(`${label} → not JSON: ${answer.body.slice(0, 120)}`);
    return;
  }
  const message = body.error?.message;
  if (body.ok !== false || !(API_ERROR_CODES as readonly unknown[]).includes(body.error?.code)) {
    problems.push(`${label} → ${answer.body.slice(0, 120)}`);
  }
  if (typeof message !== 'string' || message.length === 0) problems.push(`${label} → no message`);
  else if (/^\s+at /m.test(message) || /\.(ts|js):\d+/.test(message))
    problems.push(`${label} → stack trace: ${message}`);
}

describe('web mode under 1,000+ malformed calls', () => {
  it('answers each with a 4xx JSON error, changes nothing and stays up', async () => {
    const before = checksum();
    expect(before.pages).toBe(2);
    const random = prng(0x4774);
    const calls = GENERATORS.flatMap(([generate, count]) => Array.from({ length: count }, () => generate(random)));
    expect(calls.length).toBeGreaterThanOrEqual(1000);
    // Shuffle (seeded) so categories interleave on the shared connections.
    for (let i = calls.length - 1; i > 0; i--) {
      const j = randomInt(random, i + 1);
      [calls[i], calls[j]] = [calls[j]!, calls[i]!];
    }

    const problems: string[] = [];
    const byStatus = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const call = calls[next++]!;
        let answer: Answer;
        try {
          answer = await send(call);
        } catch (error) {
          problems.push(`${call.category}: ${call.verb} ${call.path.slice(0, 60)} → ${(error as Error).message}`);
          continue;
        }
        byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
        checkAnswer(call, answer, problems);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // Once, a body that really streams past the limit (no Content-Length).
    const streamed = await sendStreamed('/api/pages.list', MAX_BODY_BYTES + 64 * 1024);
    checkAnswer(
      { category: 'streamed body over the limit', verb: 'POST', path: '/api/pages.list', headers: {} },
      streamed,
      problems,
    );
    expect(streamed.status).toBe(413);

    const unknown = API_METHOD_NAMES.filter((m) => !KNOWN_METHODS.includes(m));
    if (unknown.length > 0) console.warn(`[fuzz-http] only generic malformed calls for: ${unknown.join(', ')}`);
    console.log(
      `[fuzz-http] ${calls.length + 1} calls; answers by status: ${[...byStatus]
        .sort()
        .map(([s, n]) => `${s} ×${n}`)
        .join(', ')}`,
    );
    expect(problems.slice(0, 20)).toEqual([]);
    expect(checksum()).toEqual(before);
    expect(services.jobs.running()).toBe(0);

    const good = await send({ category: 'good', verb: 'POST', path: '/api/corpus.info', headers: auth(), body: '{}' });
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body).value.pages).toBe(2);
  }, 120_000);
});
