/**
 * `npm run bench:http`: the real server under load, logged in.
 *
 * Seeds the benchmark data set — the generated catalogue of
 * scripts/bench/generate-catalog.ts (20,000 enterprises, 300 banks, 5,000 loan
 * products, 50,000 financing and 8,000 hiring needs) plus the demo data of
 * db/seed.ts (accounts, the demo session demoevt000000001, agreements) — into a
 * fresh SQLite file (default) or a fresh PostgreSQL database (`--pg`), builds
 * if needed, starts the real server (app/server/start.ts, production mode), logs in
 * as the demo organizer and drives the main pages with autocannon, cycling
 * through them: /needs, /products, the demo session's roster and /dashboard
 * (a page that answers 404 — not built yet — is skipped with a note). Then the
 * same connections hit /ping, the empty route, for the baseline of the stack.
 *
 *   npm run bench:http -- [--duration 60] [--connections 100] [--pg] [--workers n]
 *                         [--baseline-duration 15] [--log-level info] [--cpu-prof dir] [--size small]
 *                         [--pages /needs,/products] [--sessions 10] [--writes-per-s 0] [--no-cache]
 *
 * Realism for the page cache (decision 023): the load comes from --sessions separate
 * logins (each connection keeps one), and a writer changes data through the app
 * --writes-per-s times a second while the pages are driven (each write invalidates
 * every stored page). --no-cache runs the server with PAGE_CACHE_TTL_MS=0. The
 * share of answers served from the cache is read from the server's request log.
 *
 * --workers sets WEB_CONCURRENCY for the server (default: one per CPU core);
 * --cpu-prof writes V8 CPU profiles of the server processes into dir.
 * Non-2xx answers and socket errors count as errors. Latencies are measured per
 * response (all statuses) from autocannon's response events; p95 is over them.
 *
 * Last line: bench:http rps=<n> p95_ms=<n> errors=<n> baseline_rps=<n>
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql, type Kysely } from 'kysely';
import { createDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/schema';
import { seedDemo } from '../../db/seed';
import { DEMO_PASSWORD } from '../../app/modules/auth/demo.server';
import { DEFAULT_SIZE, generateCatalog, type CatalogSize } from './generate-catalog';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ORGANIZER = 'organizer@demo.finmatch.cn';
const DEMO_EVENT = 'demoevt000000001';
const DEFAULT_PAGES = ['/needs', '/products', `/organizer/events/${DEMO_EVENT}/roster`, '/dashboard'];

/* ---------------------------------------------------------------- options */

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const next = process.argv[i + 1];
  return next && !next.startsWith('--') ? next : '';
}
const DURATION = Number(option('duration') || 60);
const CONNECTIONS = Number(option('connections') || 100);
const USE_PG = option('pg') !== undefined;
const WORKERS = option('workers') || process.env.WEB_CONCURRENCY || String(os.availableParallelism());
const BASELINE_DURATION = Number(option('baseline-duration') || Math.min(15, DURATION));
const LOG_LEVEL = option('log-level') || 'info';
const CPU_PROF = option('cpu-prof');
const SIZE: CatalogSize = option('size') === 'small' ? { enterprises: 2_000, banks: 60, products: 500, needs: 5_000, hiringNeeds: 800 } : DEFAULT_SIZE;
/** --pages /needs,/products: another set of pages (e.g. one page while profiling it) */
const PAGES = option('pages') ? option('pages')!.split(',').filter(Boolean) : DEFAULT_PAGES;
const SESSIONS = Math.max(1, Number(option('sessions') || 10));
const WRITES_PER_S = Number(option('writes-per-s') || 0);
const NO_CACHE = option('no-cache') !== undefined;
const PG_ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : NaN);

/* ---------------------------------------------------------------- database */

interface BenchDatabase {
  url: string;
  db: Kysely<Database>;
  cleanup: () => Promise<void>;
}

async function freshDatabase(): Promise<BenchDatabase> {
  if (!USE_PG) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-bench-http-'));
    const url = `file:${path.join(dir, 'bench.db')}`;
    const { db } = await createDatabase(url);
    return { url, db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const pg = (await import('pg')).default;
  const name = `fm_bench_http_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const { db } = await createDatabase(url);
  return {
    url,
    db,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/* ---------------------------------------------------------------- build and server */

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(): void {
  const dir = process.env.FINMATCH_BUILD_DIR ? path.resolve(ROOT, process.env.FINMATCH_BUILD_DIR) : path.join(ROOT, 'build');
  const index = path.join(dir, 'index.js');
  const stale = !fs.existsSync(index) || fs.statSync(index).mtimeMs < newestMtime(path.join(ROOT, 'app'));
  if (!stale) return;
  console.log(`building (${path.relative(ROOT, dir)} is missing or older than app/) …`);
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

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

async function startServer(databaseUrl: string, logFile: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const out = fs.openSync(logFile, 'a');
  const nodeArgs = ['--import', 'tsx'];
  if (CPU_PROF) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`);
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'app/server/start.ts')], {
    cwd: ROOT,
    env: {
      ...process.env, NODE_ENV: 'production', SESSION_SECRET: 'bench-http-secret-not-for-production', COOKIE_SECURE: 'false', DEMO_SEED: 'off',
      PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL, WEB_CONCURRENCY: WORKERS,
      ...(NO_CACHE ? { PAGE_CACHE_TTL_MS: '0' } : {}),
    },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}); see ${logFile}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // with several workers, wait until each has answered (the first one up answers /healthz alone)
  const workers = Number(WORKERS) || 1;
  for (let i = 0; i < 50 && serverPids(child.pid).length < workers + (workers > 1 ? 1 : 0); i++) await new Promise((r) => setTimeout(r, 200));
  return { url, child };
}

/** The server process and its worker processes (Linux /proc). */
function serverPids(pid: number | undefined): number[] {
  if (!pid) return [];
  const out = [pid];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const kids = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const k of kids ? kids.split(/\s+/).map(Number) : []) out.push(...serverPids(k));
    }
  } catch {
    /* not Linux, or gone */
  }
  return out;
}

let ticks: number | null = null;
/** CPU time (ms) the server and its workers have used so far; null where /proc is missing. */
function serverCpuMs(pid: number | undefined): number | null {
  let total = 0;
  try {
    ticks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    for (const p of serverPids(pid)) {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += ((Number(f[11]) + Number(f[12])) * 1000) / ticks;
    }
    return total;
  } catch {
    return null;
  }
}

/** Waits (at most a minute) until the server uses less than a tenth of a core. */
async function waitIdle(pid: number | undefined): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = serverCpuMs(pid);
  while (last !== null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const now = serverCpuMs(pid);
    if (now === null || now - last < 50) return;
    last = now;
  }
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ email: ORGANIZER, password: DEMO_PASSWORD }),
    redirect: 'manual',
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('finmatch_session='));
  if (res.status !== 302 || !cookie) throw new Error(`login as ${ORGANIZER} failed: ${res.status}`);
  return cookie.split(';')[0];
}

/* ---------------------------------------------------------------- load */

interface LoadResult {
  requests: number;
  rps: number;
  latencies: number[];
  errors: number;
  non2xx: number;
  timeouts: number;
  byPage: Map<string, { latencies: number[]; errors: number }>;
  cpuMs: number | null;
}

async function load(base: string, paths: string[], cookies: string[], duration: number, pid: number | undefined): Promise<LoadResult> {
  const latencies: number[] = [];
  const byPage = new Map(paths.map((p) => [p, { latencies: [] as number[], errors: 0 }]));
  let lastPath = paths[0];
  let nextSession = 0;
  const cpu0 = serverCpuMs(pid);
  const instance = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration,
    timeout: 30,
    headers: { Cookie: cookies[0], 'Accept-Language': 'zh-CN' },
    // each connection cycles through the pages as one of the logged-in sessions;
    // onResponse runs just before the response event
    requests: paths.map((p) => ({
      method: 'GET' as const,
      path: p,
      setupRequest: (req: autocannon.Request, context: { cookie?: string }) => {
        context.cookie ??= cookies[nextSession++ % cookies.length];
        req.headers = { ...req.headers, Cookie: context.cookie };
        return req;
      },
      onResponse: (status: number) => {
        lastPath = p;
        if (status < 200 || status >= 300) byPage.get(p)!.errors++;
      },
    })),
  });
  // the returned instance is an event emitter and a promise of the result at once
  (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    byPage.get(lastPath)!.latencies.push(ms);
  });
  const result = await instance;
  const cpu1 = serverCpuMs(pid);
  latencies.sort((a, b) => a - b);
  for (const v of byPage.values()) v.latencies.sort((a, b) => a - b);
  const non2xx = result.non2xx;
  const requests = result.requests.total;
  return {
    requests,
    rps: requests / duration,
    latencies,
    errors: non2xx + result.errors + result.timeouts,
    non2xx,
    timeouts: result.timeouts,
    byPage,
    cpuMs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null,
  };
}

function report(label: string, r: LoadResult): void {
  const cpu = r.cpuMs !== null && r.requests ? fmt(r.cpuMs / r.requests) : 'n/a';
  console.log(`${label}: ${r.requests} requests, ${fmt(r.rps)} req/s, p50 ${fmt(quantile(r.latencies, 0.5))} ms, p95 ${fmt(quantile(r.latencies, 0.95))} ms, p99 ${fmt(quantile(r.latencies, 0.99))} ms, errors ${r.errors} (non-2xx ${r.non2xx}, timeouts ${r.timeouts}, socket errors ${r.errors - r.non2xx - r.timeouts}), server CPU ${cpu} ms/request`);
  if (r.byPage.size > 1) {
    for (const [p, v] of r.byPage) {
      console.log(`  ${p.padEnd(48)} ${String(v.latencies.length).padStart(7)} req  p50 ${fmt(quantile(v.latencies, 0.5)).padStart(7)} ms  p95 ${fmt(quantile(v.latencies, 0.95)).padStart(7)} ms  errors ${v.errors}`);
    }
  }
}

/**
 * Changes data through the app while the load runs: the organizer saves the
 * late-days setting (alternating values), a real committed write that
 * invalidates every stored page. Returns a stop function with the count.
 */
function startWriter(base: string, cookie: string): () => Promise<{ writes: number; failed: number }> {
  if (WRITES_PER_S <= 0) return async () => ({ writes: 0, failed: 0 });
  let writes = 0;
  let failed = 0;
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        const res = await fetch(`${base}/organizer/settings`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, Cookie: cookie },
          body: new URLSearchParams({ intent: 'agreementLateDays', lateDays: String(20 + (writes % 2)) }),
          redirect: 'manual',
        });
        await res.arrayBuffer();
        if (res.status === 302) writes++;
        else failed++;
      } catch {
        failed++;
      }
    });
  }, 1000 / WRITES_PER_S);
  return async () => {
    clearInterval(timer);
    await running;
    return { writes, failed };
  };
}

/** Answers served from the page cache, from the server's request log since `offset`. */
function cacheShare(logFile: string, offset: number): { hits: number; misses: number } {
  const text = fs.readFileSync(logFile, 'utf8').slice(offset);
  // 'shared': answered with the page another request was computing at the same moment
  const count = (how: string) => text.split(`"cache":"${how}"`).length - 1;
  return { hits: count('hit') + count('shared'), misses: count('miss') };
}

/* ---------------------------------------------------------------- main */

async function main() {
  console.log(`bench:http on ${os.cpus().length} cpu(s), node ${process.version}, ${USE_PG ? 'PostgreSQL' : 'SQLite'}, ${WORKERS} worker(s), ${CONNECTIONS} connections, ${DURATION} s; load average ${os.loadavg()[0].toFixed(1)}`);
  buildIfNeeded();
  let t = performance.now();
  const bench = await freshDatabase();
  let child: ChildProcess | null = null;
  const logFile = path.join(os.tmpdir(), `finmatch-bench-http-${process.pid}.log`);
  const stopAll = async () => {
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child!.once('exit', () => resolve());
        child!.kill('SIGTERM');
        setTimeout(() => child!.kill('SIGKILL'), 15_000).unref();
      });
    }
    await bench.cleanup();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  try {
    await migrateToLatest(bench.db);
    // the demo data first: its seeders pick from the organizations already present
    await seedDemo(bench.db);
    await generateCatalog(bench.db, SIZE);
    if (USE_PG) await sql`analyze`.execute(bench.db);
    else await sql`pragma optimize`.execute(bench.db);
    await bench.db.destroy();
    console.log(`seeded ${SIZE.needs} financing needs, ${SIZE.hiringNeeds} hiring needs, ${SIZE.products} products and the demo data in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    t = performance.now();
    const server = await startServer(bench.url, logFile);
    child = server.child;
    console.log(`server up in ${((performance.now() - t) / 1000).toFixed(1)} s (${serverPids(child.pid).length} process(es)); log: ${logFile}`);
    const cookie = await login(server.url);
    const cookies = [cookie];
    while (cookies.length < SESSIONS) cookies.push(await login(server.url));

    const pages: string[] = [];
    for (const p of PAGES) {
      const res = await fetch(server.url + p, { headers: { Cookie: cookie }, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status === 200) pages.push(p);
      else console.log(`note: ${p} answered ${res.status}${res.status === 404 ? ' (not built yet)' : ''}: skipped`);
    }
    if (!pages.length) throw new Error('none of the pages answered 200');

    // warm-up: JIT, caches, connection pools (then let the backlog drain)
    await load(server.url, pages, cookies, Math.min(10, DURATION), child.pid);
    await waitIdle(child.pid);
    // CPU per page, one request at a time, warm: does not depend on how busy the machine is
    const cpuLine: string[] = [];
    for (const p of [...pages, '/ping']) {
      const n = 20;
      const c0 = serverCpuMs(child.pid);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await (await fetch(server.url + p, { headers: { Cookie: cookie } })).arrayBuffer();
      const c1 = serverCpuMs(child.pid);
      cpuLine.push(`${p} ${c0 === null || c1 === null ? 'n/a' : fmt((c1 - c0) / n)} ms CPU, ${fmt((performance.now() - t0) / n)} ms wall`);
    }
    console.log(`one at a time (server CPU per request):\n  ${cpuLine.join('\n  ')}`);

    console.log(`load starts ${((performance.now() - t) / 1000).toFixed(1)} s after the server was spawned (profile-summary --skip-s)`);
    const logOffset = fs.readFileSync(logFile, 'utf8').length;
    const stopWriter = startWriter(server.url, cookie);
    const main = await load(server.url, pages, cookies, DURATION, child.pid);
    const written = await stopWriter();
    report(`pages (${pages.join(', ')})`, main);
    const share = cacheShare(logFile, logOffset);
    console.log(
      `${SESSIONS} session(s); ${written.writes} writes during the run (${written.failed} failed); page cache ${NO_CACHE ? 'off' : `hits ${share.hits}, misses ${share.misses} (${fmt((100 * share.hits) / Math.max(1, share.hits + share.misses))} % hits)`}` +
        (LOG_LEVEL === 'info' ? '' : ' (hit share needs --log-level info)'),
    );
    // requests still queued from the page run would count against the baseline: let the server drain first
    await waitIdle(child.pid);
    const baseline = await load(server.url, ['/ping'], cookies, BASELINE_DURATION, child.pid);
    report('baseline /ping', baseline);
    console.log(`load average after the run: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(`bench:http rps=${fmt(main.rps)} p95_ms=${fmt(quantile(main.latencies, 0.95))} errors=${main.errors} baseline_rps=${fmt(baseline.rps)}`);
  } finally {
    await stopAll();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
