/**
 * Server CPU per request of a few URLs, one request at a time, on the production
 * server (build/start.js as `npm start` runs it, NODE_ENV=production, one process, no background
 * jobs) over the demo data set in a fresh SQLite file: the cost every request
 * pays (`/ping`, a small signed-in page), without the benchmark data set of
 * `bench:http --realistic`. CPU time is read from /proc (user + system, all threads).
 *
 *   npx tsx scripts/bench/request-cost.ts [--requests 500] [--cpu-prof dir] [--paths /ping,/notifications]
 *                                         [--catalog] [--as organizer|bank|enterprise|admin]
 *
 * --catalog adds the benchmark data set of `bench:http` (scripts/bench/generate-catalog.ts) to
 * the demo data, so the directory, agreements and roster pages cost what they do there;
 * --as picks the demo account whose session asks (default: the organizer).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { seedDemo } from '../../db/seed';
import { buildDirectory } from './build-dir';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const N = Number(option('requests') || 500);
const CPU_PROF = option('cpu-prof');
const PATHS = (option('paths') || '/ping,/healthz,/,/notifications,/account/sessions').split(',');
const CATALOG = process.argv.includes('--catalog');
const AS = option('as') || 'organizer';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const TICKS = 100;
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-request-cost-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  const { db } = await createDatabase(url);
  await migrateToLatest(db);
  await seedDemo(db);
  if (CATALOG) {
    const { generateCatalog } = await import('./generate-catalog');
    await generateCatalog(db);
    await sql`pragma optimize`.execute(db);
  }
  const { createSession, generateSessionToken } = await import('../../app/modules/auth/auth-session.server');
  const asker = await db.selectFrom('users').select('id').where('email', '=', `${AS}@demo.finmatch.cn`).executeTakeFirstOrThrow();
  const token = generateSessionToken();
  await createSession(db, token, asker.id);
  await db.destroy();
  const cookie = `finmatch_session=${token}`;

  const port = await freePort();
  const logFile = path.join(dir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  // the compiled start script with plain node, as `npm start` runs it (`npm run build` first)
  const nodeArgs: string[] = [];
  if (CPU_PROF) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`);
  const buildDir = buildDirectory();
  const child = spawn(process.execPath, [...nodeArgs, path.join(buildDir, 'start.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: 'request-cost-secret-not-for-production',
      COOKIE_SECURE: 'false',
      DEMO_SEED: 'off',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      LOG_LEVEL: process.env.LOG_LEVEL || 'info',
      WEB_CONCURRENCY: '1',
      JOBS_WORKER: 'off',
    },
    stdio: ['ignore', out, out],
  });
  const spawned = performance.now();
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (i > 400) throw new Error(`server did not start; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const pid = child.pid!;
  const idle0 = cpuMs(pid);
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`idle: ${((cpuMs(pid) - idle0) / 2).toFixed(2)} ms CPU per second`);
  for (const p of PATHS) {
    const get = async () => {
      const res = await fetch(base + p, { headers: { Cookie: cookie } });
      return { status: res.status, body: await res.text() };
    };
    for (let i = 0; i < 100; i++) await get();
    const { status, body } = await get();
    // the page's size and the part of it that is the serialized loader data
    const context = /window\.__remixContext = (.*?);<\/script>/s.exec(body)?.[1] ?? '';
    if (process.env.DUMP_DIR) fs.writeFileSync(path.join(process.env.DUMP_DIR, `${p.replace(/\W+/g, '_')}.html`), body);
    const kb = (s: string) => (Buffer.byteLength(s) / 1024).toFixed(1);
    console.log(`${p}: measured from ${((performance.now() - spawned) / 1000).toFixed(1)} s after the spawn (profile-summary --skip-s)`);
    const c0 = cpuMs(pid);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await get();
    const c1 = cpuMs(pid);
    const wall = (performance.now() - t0) / N;
    console.log(
      `${p.padEnd(22)} ${status}  ${((c1 - c0) / N).toFixed(3)} ms CPU  ${wall.toFixed(3)} ms wall  ${kb(body)} KB (loader data ${kb(context)} KB)`,
    );
  }
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
