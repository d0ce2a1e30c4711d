// A child process for tests/unit/hardening/crash-import.test.ts, killed with SIGKILL at a random moment.
// It drives the BUILT app (out/main/cli.js), as a user's `galley` command would.
//
//   node crash-child.mjs import CLI FOLDER DB
//       prints "started", runs `galley import FOLDER --db DB --json`, prints "result <json>".
//   node crash-child.mjs meta CLI DB ACKLOG SEED
//       opens DB through the services and the direct client, prints "ready", then loops: appends
//       {"seq","method","args"} to ACKLOG before each pages.setStatus / pages.updateMeta call and {"seq","ack":true}
//       after it returned. Every line is written with a synchronous write, so an ack on disk means the call returned.
//       Stops by itself after STOP_AFTER_MS in case nobody kills it.
import { closeSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prng } from '../../scripts/generate-pages.mjs';

const STOP_AFTER_MS = 20_000;
const STATUSES = ['new', 'repaired', 'annotated', 'reviewed'];

const [mode, cliPath, ...rest] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const cli = require(cliPath);
const say = (line) => writeSync(1, `${line}\n`);

async function runImport(folder, db) {
  let out = '';
  let err = '';
  const io = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), interactive: false };
  say('started');
  const code = await cli.runCli(['import', folder, '--db', db, '--json'], io);
  say(`result ${JSON.stringify({ code, report: out.trim() ? JSON.parse(out) : null, stderr: err })}`);
}

async function runMeta(db, ackLog, seed) {
  const corpus = cli.openCorpus(db, { create: false });
  const services = cli.createServices({ corpus, seedsDir: '/nonexistent' });
  const client = cli.createDirectClient(services.methods);
  const ids = corpus.db.prepare('SELECT id FROM pages ORDER BY id').pluck().all();
  const log = openSync(ackLog, 'a');
  const random = prng(seed);
  const deadline = Date.now() + STOP_AFTER_MS;
  say(`ready ${ids.length}`);
  for (let seq = 1; Date.now() < deadline; seq++) {
    const id = ids[Math.floor(random() * ids.length)];
    const call =
      random() < 0.5
        ? { method: 'pages.setStatus', args: { id, status: STATUSES[Math.floor(random() * STATUSES.length)] } }
        : {
            method: 'pages.updateMeta',
            args: {
              id,
              newspaper: `报纸${seq}`,
              date: new Date(Date.UTC(1950, 0, 1) + seq * 86_400_000).toISOString().slice(0, 10),
              pageNo: String(seq),
            },
          };
    writeSync(log, `${JSON.stringify({ seq, ...call })}\n`);
    await client.call(call.method, call.args);
    writeSync(log, `${JSON.stringify({ seq, ack: true })}\n`);
  }
  closeSync(log);
  corpus.close();
}

if (mode === 'import') await runImport(rest[0], rest[1]);
else if (mode === 'meta') await runMeta(rest[0], rest[1], Number(rest[2]));
else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exitCode = 2;
}
