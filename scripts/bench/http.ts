/**
 * `npm run bench:http`: the real server under load, logged in.
 *
 * Seeds the benchmark data set — the generated catalogue of
 * scripts/bench/generate-catalog.ts (20,000 enterprises, 300 banks, 5,000 loan
 * products, 50,000 financing and 8,000 hiring needs) plus the demo data of
 * db/seed.ts (accounts, the demo session demoevt000000001, agreements) — into a
 * fresh SQLite file (default) or a fresh PostgreSQL database (`--pg`), builds
 * if needed, starts the real server (build/start.js, as `npm start` does; production mode), logs in
 * as the demo organizer and drives the main pages with autocannon, cycling
 * through them: /needs, /products, the demo session's roster and /dashboard
 * (a page that answers 404 — not built yet — is skipped with a note). Then the
 * same connections hit /ping, the empty route, for the baseline of the stack.
 *
 *   npm run bench:http -- [--duration 60] [--connections 100] [--pg] [--workers n]
 *                         [--baseline-duration 15] [--log-level info] [--cpu-prof dir] [--size small]
 *                         [--pages /needs,/products] [--sessions 10] [--writes-per-s 0] [--no-cache] [--jobs]
 *
 * Realism for the page cache (decision 023): the load comes from --sessions separate
 * logins (each connection keeps one), and a writer changes data through the app
 * --writes-per-s times a second while the pages are driven (each write invalidates
 * every stored page). --no-cache runs the server with PAGE_CACHE_TTL_MS=0. The
 * share of answers served from the cache is read from the server's request log.
 *
 * --workers sets WEB_CONCURRENCY for the server (default: one per CPU core);
 * the server runs no background jobs (JOBS_WORKER=off) unless --jobs is given, so that
 * its CPU time per request is the pages' own;
 * --cpu-prof writes V8 CPU profiles of the server processes into dir.
 * --cpu-only (with --realistic) stops after the server CPU per page: the four target pages and
 * the dashboard, then each of the 16 page kinds (--cpu-requests n per URL, default 60, in
 * --cpu-batches batches, default 5: the median batch is the figure; --show-batches prints
 * every batch of the target pages, which shows how far the shared machine moves one page);
 * --compare-build DIR (with --cpu-only) then measures each page kind on a second server
 * built into DIR (FINMATCH_BUILD_DIR) and on this one in turn, twice, on the same data —
 * before/after figures that the shared machine's load affects alike.
 * Non-2xx answers and socket errors count as errors. Latencies are measured per
 * response (all statuses) from autocannon's response events; p95 is over them.
 *
 * Last line: bench:http rps=<n> p95_ms=<n> errors=<n> baseline_rps=<n>
 *
 * `--realistic` (issue 19): real traffic instead of one user on four pages —
 * 600 distinct signed-in users of all four roles (sessions made in the database),
 * each request a random user on a random page kind of their role (then a random URL
 * of that kind) out of 16 page kinds
 * (homes, directories with varying filters, sorts and deep pages, need, product and
 * agreement details, session (对接会) pages, roster, dashboard, notifications), 5 writes
 * a second through the app, page cache off, production mode, one worker per core.
 * First the server CPU per page (one request at a time, warm), then (a) a fixed
 * arrival rate of 250 requests/s, open loop (each request leaves when it is due and
 * its latency counts from then) and (b) 100 connections as fast as they go, then
 * /ping alone on the same server. Runs --duration seconds each (default 60).
 * --capacity-only runs (b) alone, after (b1) the same mix one request at a time (--b1-duration s,
 * default 20; 0 skips it), with the server CPU per page kind as the mix asks for it (each page kind's
 * many URLs and users, not one URL as one user) and the load generator's own CPU per request; with
 * --compare-build DIR, on a server built into DIR and on this one in turn, twice.
 * --connections n sets (b)'s connections there. --seeded-copy DIR (SQLite) keeps the seeded file
 * and its users in DIR and copies them from there on later runs (seeding takes minutes).
 * Ends with three lines:
 *   bench:http-cpu ping_cpu_ms=… max_page_cpu_ms=… dashboard_cpu_ms=…
 *   bench:http-rate rate=250 p95_ms=… errors=…
 *   bench:http-capacity rps=… p95_ms=… errors=… ping_rps=…
 *
 *   npm run bench:http -- --realistic [--duration 15] [--pg [postgres://…]] [--rate 250]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
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
import { closeJobQueue } from '../../app/modules/jobs/jobs.server';
import { DEMO_PASSWORD } from '../../app/modules/auth/demo.server';
import { buildDirectory } from './build-dir';
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
const DURATION_GIVEN = option('duration') !== undefined;
const CONNECTIONS = Number(option('connections') || 100);
const USE_PG = option('pg') !== undefined;
/** --realistic: many users of all roles over many page kinds, with writes (see realisticMain) */
const REALISTIC = option('realistic') !== undefined;
const WORKERS = option('workers') || process.env.WEB_CONCURRENCY || String(os.availableParallelism());
const BASELINE_DURATION = Number(option('baseline-duration') || Math.min(15, DURATION));
const LOG_LEVEL = option('log-level') || 'info';
const CPU_PROF = option('cpu-prof');
const SIZE: CatalogSize =
  option('size') === 'small' ? { enterprises: 2_000, banks: 60, products: 500, needs: 5_000, hiringNeeds: 800 } : DEFAULT_SIZE;
/** --pages /needs,/products: another set of pages (e.g. one page while profiling it) */
const PAGES = option('pages') ? option('pages')!.split(',').filter(Boolean) : DEFAULT_PAGES;
const SESSIONS = Math.max(1, Number(option('sessions') || 10));
const WRITES_PER_S = Number(option('writes-per-s') || 0);
const NO_CACHE = option('no-cache') !== undefined || REALISTIC;
/** --jobs: the server also runs its background jobs (off by default, see startServer) */
const JOBS = option('jobs') !== undefined;
/** --pg [url] or BENCH_PG_URL: the PostgreSQL server the benchmark database is created on */
const PG_ADMIN_URL = option('pg') || process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : NaN;

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
  benchDatabaseName = name;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  // the demo seed queues jobs (notifications): on PostgreSQL pg-boss takes the database from DATABASE_URL
  process.env.DATABASE_URL = url;
  const { db } = await createDatabase(url);
  return {
    url,
    db,
    cleanup: async () => {
      await closeJobQueue();
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
  const dir = buildDirectory();
  const index = path.join(dir, 'index.js');
  // the server runs start.js, compiled from app/server and db/ (the migrations too)
  const start = path.join(dir, 'start.js');
  const sources = Math.max(newestMtime(path.join(ROOT, 'app')), newestMtime(path.join(ROOT, 'db')));
  const stale = [index, start].some((f) => !fs.existsSync(f) || fs.statSync(f).mtimeMs < sources);
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

async function startServer(
  databaseUrl: string,
  logFile: string,
  extraEnv: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const out = fs.openSync(logFile, 'a');
  // the compiled start script with plain node, as `npm start` runs it (not through tsx, whose
  // loader and source maps production does not have)
  const nodeArgs: string[] = [];
  if (CPU_PROF) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`);
  const start = path.join(buildDirectory(extraEnv.FINMATCH_BUILD_DIR), 'start.js');
  const child = spawn(process.execPath, [...nodeArgs, start], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-http-secret-not-for-production',
      COOKIE_SECURE: 'false',
      DEMO_SEED: 'off',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL,
      WEB_CONCURRENCY: WORKERS,
      ...(NO_CACHE ? { PAGE_CACHE_TTL_MS: '0' } : {}),
      // No background jobs unless --jobs: the server's CPU time is charged to the pages
      // requested, and on the benchmark data set the overdue-needs sweep queues some
      // 140,000 e-mails whose delivery would run through every measurement.
      ...(JOBS ? {} : { JOBS_WORKER: 'off' }),
      ...extraEnv,
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
  for (let i = 0; i < 50 && serverPids(child.pid).length < workers + (workers > 1 ? 1 : 0); i++)
    await new Promise((r) => setTimeout(r, 200));
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
/** CPU time (ms, user + system) one process has used so far, from /proc; throws where it is missing. */
function processCpuMs(pid: number | string): number {
  return processStat(pid).cpuMs;
}

/** A process's CPU time (ms, user + system) and start time (clock ticks since boot), one read of /proc/PID/stat. */
function processStat(pid: number | string): { cpuMs: number; started: string } {
  ticks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the fields after the command name in parentheses, from the 3rd (state) on
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / ticks, started: f[19] };
}

/** CPU time (ms) the server and its workers have used so far; null where /proc is missing. */
function serverCpuMs(pid: number | undefined): number | null {
  let total = 0;
  try {
    for (const p of serverPids(pid)) total += processCpuMs(p);
    return total;
  } catch {
    return null;
  }
}

/** --pg: the benchmark database's name, whose backends databaseCpuMs reads */
let benchDatabaseName: string | null = null;

/**
 * --pg: CPU time (ms) the PostgreSQL backends serving the benchmark database have used so
 * far (Linux /proc, found by their command line `postgres: … <user> <database> …`): the
 * database's own share of a page, which the server's CPU does not include. A backend that
 * has ended (its pool closed an idle connection) keeps the CPU it had when last read, so the
 * sum never goes back (it did: −1.6 ms a page). Null on SQLite or where /proc is missing.
 */
const backendCpuMs = new Map<string, number>();
function databaseCpuMs(): number | null {
  if (!benchDatabaseName) return null;
  try {
    for (const p of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      let cmd: string;
      try {
        cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmd.startsWith('postgres: ') || !cmd.includes(` ${benchDatabaseName} `)) continue;
      try {
        // keyed by pid and start time: a later backend may get an ended one's pid
        const { cpuMs, started } = processStat(p);
        backendCpuMs.set(`${p}@${started}`, cpuMs);
      } catch {
        /* the backend ended: its last reading stays */
      }
    }
    let total = 0;
    for (const ms of backendCpuMs.values()) total += ms;
    return total;
  } catch {
    return null;
  }
}

const spent = (a: number | null, b: number | null) => (a !== null && b !== null ? b - a : null);

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
  console.log(
    `${label}: ${r.requests} requests, ${fmt(r.rps)} req/s, p50 ${fmt(quantile(r.latencies, 0.5))} ms, p95 ${fmt(quantile(r.latencies, 0.95))} ms, p99 ${fmt(quantile(r.latencies, 0.99))} ms, errors ${r.errors} (non-2xx ${r.non2xx}, timeouts ${r.timeouts}, socket errors ${r.errors - r.non2xx - r.timeouts}), server CPU ${cpu} ms/request`,
  );
  if (r.byPage.size > 1) {
    for (const [p, v] of r.byPage) {
      console.log(
        `  ${p.padEnd(48)} ${String(v.latencies.length).padStart(7)} req  p50 ${fmt(quantile(v.latencies, 0.5)).padStart(7)} ms  p95 ${fmt(quantile(v.latencies, 0.95)).padStart(7)} ms  errors ${v.errors}`,
      );
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
  console.log(
    `bench:http on ${os.cpus().length} cpu(s), node ${process.version}, ${USE_PG ? 'PostgreSQL' : 'SQLite'}, ${WORKERS} worker(s), ${CONNECTIONS} connections, ${DURATION} s; load average ${os.loadavg()[0].toFixed(1)}`,
  );
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
    // vacuum too: a production PostgreSQL's autovacuum has done it within a minute of a bulk
    // load (the visibility map lets counts read an index alone); a test server may run without it
    if (USE_PG) await sql`vacuum analyze`.execute(bench.db);
    else await sql`pragma optimize`.execute(bench.db);
    await bench.db.destroy();
    await closeJobQueue(); // the seed's queue connection (PostgreSQL) is not needed while the server runs
    console.log(
      `seeded ${SIZE.needs} financing needs, ${SIZE.hiringNeeds} hiring needs, ${SIZE.products} products and the demo data in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    t = performance.now();
    const server = await startServer(bench.url, logFile);
    child = server.child;
    console.log(
      `server up in ${((performance.now() - t) / 1000).toFixed(1)} s (${serverPids(child.pid).length} process(es)); log: ${logFile}`,
    );
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
    console.log(
      `load average after the run: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `bench:http rps=${fmt(main.rps)} p95_ms=${fmt(quantile(main.latencies, 0.95))} errors=${main.errors} baseline_rps=${fmt(baseline.rps)}`,
    );
  } finally {
    await stopAll();
  }
}

(REALISTIC ? realisticMain() : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});

/* ---------------------------------------------------------------- realistic traffic (--realistic) */

interface BenchUser {
  role: 'enterprise' | 'bank' | 'organizer' | 'admin';
  cookie: string;
}

const REALISTIC_USERS = { enterprise: 360, bank: 180, organizer: 50, admin: 10 } as const;

/** Users of all roles with sessions, made in the database (no 600 password hashings): verified organizations, one user each. */
async function makeUsers(url: string): Promise<BenchUser[]> {
  const { db } = await createDatabase(url);
  const { createSession, generateSessionToken } = await import('../../app/modules/auth/auth-session.server');
  const hash = (await db.selectFrom('users').select('password_hash').where('email', '=', ORGANIZER).executeTakeFirstOrThrow())
    .password_hash;
  const now = new Date().toISOString();
  const users: BenchUser[] = [];
  const orgs = async (kind: 'enterprise' | 'bank', n: number) =>
    db.selectFrom('organizations').select('id').where('kind', '=', kind).where('status', '=', 'verified').orderBy('id').limit(n).execute();
  const plan: { role: BenchUser['role']; org: string | null; region: string | null }[] = [
    ...(await orgs('enterprise', REALISTIC_USERS.enterprise)).map((o) => ({ role: 'enterprise' as const, org: o.id, region: null })),
    ...(await orgs('bank', REALISTIC_USERS.bank)).map((o) => ({ role: 'bank' as const, org: o.id, region: null })),
    ...Array.from({ length: REALISTIC_USERS.organizer }, () => ({ role: 'organizer' as const, org: null, region: '410400' })),
    ...Array.from({ length: REALISTIC_USERS.admin }, () => ({ role: 'admin' as const, org: null, region: null })),
  ];
  const rows = plan.map((p, i) => ({
    id: `benchusr${String(i).padStart(8, '0')}`,
    email: `bench-${p.role}-${i}@bench.finmatch.cn`,
    name: `压测用户${i}`,
    phone: '13800000000',
    password_hash: hash,
    role: p.role,
    organization_id: p.org,
    region_code: p.region,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('users')
      .values(rows.slice(i, i + 200))
      .execute();
  for (let i = 0; i < rows.length; i++) {
    const token = generateSessionToken();
    await createSession(db, token, rows[i].id);
    users.push({ role: plan[i].role, cookie: `finmatch_session=${token}` });
  }
  await db.destroy();
  return users;
}

type PageKind = { kind: string; roles: BenchUser['role'][]; paths: string[] };

/** The page kinds and the concrete URLs each is drawn from. */
async function pageKinds(url: string): Promise<PageKind[]> {
  const { db } = await createDatabase(url);
  const needs = (
    await db
      .selectFrom('financing_needs')
      .select('id')
      .where('status', '=', 'published')
      .where('region_code', 'like', '4104%')
      .orderBy('id')
      .limit(200)
      .execute()
  ).map((r) => r.id);
  const products = (
    await db.selectFrom('loan_products').select('id').where('status', '=', 'published').orderBy('id').limit(300).execute()
  ).map((r) => r.id);
  const agreements = (await db.selectFrom('agreements').select('id').orderBy('id').limit(50).execute()).map((r) => r.id);
  const events = (await db.selectFrom('events').select('id').where('region_code', '=', '410400').orderBy('id').execute()).map((r) => r.id);
  await db.destroy();
  const productFilters = [
    '',
    'sort=rate',
    'sort=amount',
    'category=credit',
    'region=410400',
    'region=410402',
    'amount=500',
    'term=12',
    'guarantee=credit',
    'bank_type=state',
    'q=贷',
    'industry=C',
  ];
  const needFilters = [
    '',
    'sort=amount',
    'sort=wanted_by',
    'region=410400',
    'purpose=working_capital',
    'amount_min=100',
    'kind=hiring',
    'q=设备',
    'industry=C',
    'size=small',
  ];
  const pages = [1, 1, 1, 2, 3, 5, 10, 40];
  const dir = (base: string, filters: string[]) =>
    filters.flatMap((f) => pages.map((p) => `${base}?${[f, p > 1 ? `page=${p}` : ''].filter(Boolean).join('&')}`));
  return [
    { kind: 'home', roles: ['enterprise', 'bank', 'organizer', 'admin'], paths: ['/'] },
    { kind: 'products', roles: ['enterprise', 'bank', 'organizer'], paths: dir('/products', productFilters) },
    { kind: 'product', roles: ['enterprise', 'bank', 'organizer'], paths: products.map((id) => `/products/${id}`) },
    { kind: 'needs', roles: ['bank', 'organizer'], paths: dir('/needs', needFilters) },
    { kind: 'need', roles: ['bank', 'organizer'], paths: needs.map((id) => `/needs/financing/${id}`) },
    { kind: 'own-needs', roles: ['enterprise'], paths: ['/enterprise/needs'] },
    { kind: 'bank-products', roles: ['bank'], paths: ['/bank/products'] },
    { kind: 'agreements', roles: ['organizer'], paths: ['/agreements', '/agreements?page=2', '/agreements?status=signed'] },
    { kind: 'agreement', roles: ['organizer'], paths: agreements.map((id) => `/agreements/${id}`) },
    { kind: 'events', roles: ['enterprise', 'bank'], paths: ['/events'] },
    { kind: 'organizer-events', roles: ['organizer'], paths: ['/organizer/events'] },
    { kind: 'event', roles: ['organizer'], paths: events.map((id) => `/organizer/events/${id}`) },
    { kind: 'roster', roles: ['organizer'], paths: events.map((id) => `/organizer/events/${id}/roster`) },
    // the dashboard's three pages (decision 044a), and the overview of a half year
    {
      kind: 'dashboard',
      roles: ['organizer'],
      paths: ['/dashboard', '/dashboard?view=work', '/dashboard?view=tables', '/dashboard?from=2026-01&to=2026-06'],
    },
    { kind: 'notifications', roles: ['enterprise', 'bank', 'organizer', 'admin'], paths: ['/notifications'] },
    { kind: 'admin', roles: ['admin'], paths: ['/admin/organizers'] },
  ];
}

/**
 * A page for a user of the role: first one of the role's page kinds, all equally likely,
 * then one of that kind's URLs — not one of all the role's URLs, where the thousands of
 * product and need details would drown the dashboard and the roster.
 */
function pickPage(mix: Mix, role: BenchUser['role'], random: () => number): { kind: string; path: string } {
  const kinds = mix.kindsByRole.get(role)!;
  const kind = kinds[Math.floor(random() * kinds.length)];
  return { kind: kind.kind, path: kind.paths[Math.floor(random() * kind.paths.length)] };
}

interface Mix {
  /** per role: the (kind, path) pairs that answered 200 for a user of that role */
  byRole: Map<BenchUser['role'], { kind: string; path: string }[]>;
  /** the same, grouped by page kind */
  kindsByRole: Map<BenchUser['role'], { kind: string; paths: string[] }[]>;
  users: BenchUser[];
}

/** Keeps the URLs that answer 200 for a user of each role (a page a role may not see is left out, with a note). */
async function checkMix(base: string, users: BenchUser[], kinds: PageKind[]): Promise<Mix> {
  const byRole: Mix['byRole'] = new Map();
  const dropped: string[] = [];
  for (const role of ['enterprise', 'bank', 'organizer', 'admin'] as const) {
    const sample = users.filter((u) => u.role === role);
    const ok: { kind: string; path: string }[] = [];
    for (const k of kinds.filter((x) => x.roles.includes(role))) {
      // a sample of each kind's URLs (spread over the list) stands for the kind
      const step = Math.max(1, Math.floor(k.paths.length / 4));
      let good = 0;
      for (let i = 0; i < k.paths.length; i += step) {
        const res = await fetch(base + k.paths[i], { headers: { Cookie: sample[i % sample.length].cookie }, redirect: 'manual' });
        await res.arrayBuffer();
        if (res.status === 200) good++;
        else dropped.push(`${role} ${k.paths[i]} ${res.status}`);
      }
      if (good > 0 && !dropped.some((d) => d.startsWith(`${role} `) && k.paths.includes(d.split(' ')[1])))
        ok.push(...k.paths.map((path) => ({ kind: k.kind, path })));
    }
    byRole.set(role, ok);
  }
  if (dropped.length) console.log(`left out (not 200 for the role): ${dropped.length} URL(s), e.g. ${dropped.slice(0, 6).join('; ')}`);
  const kindsUsed = new Set([...byRole.values()].flat().map((x) => x.kind));
  console.log(
    `${users.length} users (${Object.entries(REALISTIC_USERS)
      .map(([r, n]) => `${n} ${r}`)
      .join(', ')}), ${kindsUsed.size} page kinds: ${[...kindsUsed].join(', ')}; ${[...byRole.values()].flat().length} URLs`,
  );
  const kindsByRole = new Map(
    [...byRole].map(([role, pages]) => {
      const byKind = new Map<string, string[]>();
      for (const { kind, path } of pages) byKind.set(kind, [...(byKind.get(kind) ?? []), path]);
      return [role, [...byKind].map(([kind, paths]) => ({ kind, paths }))] as const;
    }),
  );
  return { byRole, kindsByRole, users };
}

interface MixResult {
  requests: number;
  rps: number;
  latencies: number[];
  errors: number;
  byKind: Map<string, { latencies: number[]; errors: number }>;
  cpuMs: number | null;
  /** --pg: CPU time of the benchmark database's backends over the run */
  dbCpuMs: number | null;
  /** CPU time of this process (the load generator) over the run */
  clientCpuMs: number;
}

/**
 * The realistic mix's HTTP client (runs (a) and (b)): random users on pages of their
 * role, over keep-alive sockets; each answer's latency counts from `due`, the moment
 * the request was meant to leave.
 */
function mixClient(base: string, mix: Mix, seed: number) {
  const target = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  const byKind = new Map<string, { latencies: number[]; errors: number }>();
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const send = (due: number) => {
    const user = mix.users[Math.floor(random() * mix.users.length)];
    const pick = pickPage(mix, user.role, random);
    if (!byKind.has(pick.kind)) byKind.set(pick.kind, { latencies: [], errors: 0 });
    const kind = byKind.get(pick.kind)!;
    return new Promise<string>((resolve) => {
      const fail = () => {
        errors++;
        kind.errors++;
        resolve(pick.kind);
      };
      const req = http.get(
        {
          agent,
          host: target.hostname,
          port: target.port,
          // node:http takes no raw non-ASCII in a path (the search 设备): percent-encode those characters only
          path: pick.path.replace(/[^\x00-\x7f]+/g, (m) => encodeURIComponent(m)),
          headers: { Cookie: user.cookie, 'Accept-Language': 'zh-CN' },
          timeout: 30_000,
        },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            const ms = performance.now() - due;
            if (res.statusCode! < 200 || res.statusCode! >= 300) fail();
            else {
              latencies.push(ms);
              kind.latencies.push(ms);
              resolve(pick.kind);
            }
          });
          res.on('error', fail);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', fail);
    });
  };
  const result = (requests: number, seconds: number, cpuMs: number | null, dbCpuMs: number | null): MixResult => {
    agent.destroy();
    const cpu = process.cpuUsage(cpu0);
    latencies.sort((a, b) => a - b);
    return {
      requests,
      rps: latencies.length / seconds,
      latencies,
      errors,
      byKind,
      cpuMs,
      dbCpuMs,
      clientCpuMs: (cpu.user + cpu.system) / 1000,
    };
  };
  return { send, result };
}

/**
 * (a) A fixed arrival rate, open loop: request i leaves at start + i / rate whatever the
 * answers before it do (autocannon's overallRate paces each connection after its last
 * answer, so a slow phase lowers the offered rate instead of queueing requests), and
 * its latency counts from the moment it was due, so a server that falls behind shows it.
 */
async function openLoopMix(base: string, mix: Mix, opts: { rate: number; duration: number; pid?: number }): Promise<MixResult> {
  const client = mixClient(base, mix, 54321);
  const inFlight = new Set<Promise<string>>();
  const cpu0 = serverCpuMs(opts.pid);
  const db0 = databaseCpuMs();
  const start = performance.now();
  const total = Math.round(opts.rate * opts.duration);
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    // every request that is due by now leaves now, with its own due time
    while (sent < total && start + (sent * 1000) / opts.rate <= now) {
      const done = client.send(start + (sent++ * 1000) / opts.rate);
      inFlight.add(done);
      void done.then(() => inFlight.delete(done));
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inFlight);
  const cpu1 = serverCpuMs(opts.pid);
  return client.result(sent, (performance.now() - start) / 1000, spent(cpu0, cpu1), spent(db0, databaseCpuMs()));
}

/**
 * (b) Capacity, closed loop: `connections` users, each sending its next request as soon
 * as the last one is answered, for `duration` seconds.
 */
async function closedLoopMix(base: string, mix: Mix, opts: { connections: number; duration: number; pid?: number }): Promise<MixResult> {
  const client = mixClient(base, mix, 98765);
  const cpuByKindSum = new Map<string, { ms: number; db: number; n: number }>();
  const cpu0 = serverCpuMs(opts.pid);
  const db0 = databaseCpuMs();
  const start = performance.now();
  const end = start + opts.duration * 1000;
  let sent = 0;
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < end) {
        sent++;
        // one at a time: each request's server CPU is its own (plus the writer's, which runs beside)
        const c0 = opts.connections === 1 ? serverCpuMs(opts.pid) : null;
        const d0 = opts.connections === 1 ? databaseCpuMs() : null;
        const kind = await client.send(performance.now());
        if (c0 !== null) {
          const c1 = serverCpuMs(opts.pid);
          if (c1 !== null) {
            const k = cpuByKindSum.get(kind) ?? { ms: 0, db: 0, n: 0 };
            k.ms += c1 - c0;
            k.db += spent(d0, databaseCpuMs()) ?? 0;
            k.n++;
            cpuByKindSum.set(kind, k);
          }
        }
      }
    }),
  );
  if (cpuByKindSum.size)
    console.log(
      `  server CPU ms/request by page kind (one at a time, ${1000 / (ticks ?? 100)} ms ticks): ${[...cpuByKindSum]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([k, v]) => `${k} ${fmt(v.ms / v.n)}${benchDatabaseName ? ` + db ${fmt(v.db / v.n)}` : ''} (${v.n})`)
        .join(', ')}`,
    );
  const cpu1 = serverCpuMs(opts.pid);
  return client.result(sent, (performance.now() - start) / 1000, spent(cpu0, cpu1), spent(db0, databaseCpuMs()));
}

/** 5 writes a second through the app, by different organizers: the late-days setting, alternating values. */
function startMixWriter(base: string, users: BenchUser[], perSecond: number): () => Promise<{ writes: number; failed: number }> {
  if (perSecond <= 0) return async () => ({ writes: 0, failed: 0 });
  const organizers = users.filter((u) => u.role === 'organizer');
  let writes = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const n = writes + failed;
    const p = (async () => {
      try {
        const res = await fetch(`${base}/organizer/settings`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, Cookie: organizers[n % organizers.length].cookie },
          body: new URLSearchParams({ intent: 'agreementLateDays', lateDays: String(20 + (n % 2)) }),
          redirect: 'manual',
        });
        await res.arrayBuffer();
        if (res.status === 302) writes++;
        else failed++;
      } catch {
        failed++;
      }
    })();
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }, 1000 / perSecond);
  return async () => {
    clearInterval(timer);
    await Promise.all(inFlight);
    return { writes, failed };
  };
}

/** --pg: the database's CPU per request of the URLs cpuPerRequest measured last, by path */
const databaseCpuByPath = new Map<string, number>();

/** How many batches of `n` requests cpuPerRequest measures: their median is the figure. */
const CPU_BATCHES = Number(option('cpu-batches') || 5);

/**
 * Server CPU per request of one URL: `n` requests one at a time, warm, from the processes' CPU
 * time — in CPU_BATCHES batches of `n`, the median batch's mean. One batch of 60 requests is
 * a quarter of a second of CPU: a stall of the host (other tenants; seen here as the same build
 * measuring 3.8 and 8.0 ms for one page in consecutive runs) moves it by half; the median of
 * five is moved only when most of them are.
 */
async function cpuPerRequest(base: string, path: string, cookie: string, pid: number | undefined, n: number): Promise<number> {
  // warm: 20 requests, then the server idle — a page's first views start its workers (the roster's
  // export worker renders a warm-up PDF, ~2 s of CPU once), which is not what a view costs
  for (let i = 0; i < 20; i++) await (await fetch(base + path, { headers: { Cookie: cookie } })).arrayBuffer();
  await waitIdle(pid);
  const d0 = databaseCpuMs();
  const batches: number[] = [];
  for (let b = 0; b < CPU_BATCHES; b++) {
    const c0 = serverCpuMs(pid);
    for (let i = 0; i < n; i++) {
      const res = await fetch(base + path, { headers: { Cookie: cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    }
    const c1 = serverCpuMs(pid);
    if (c0 === null || c1 === null) return NaN;
    batches.push((c1 - c0) / n);
  }
  const db = spent(d0, databaseCpuMs());
  if (db !== null) databaseCpuByPath.set(path, db / (n * CPU_BATCHES));
  if (process.argv.includes('--show-batches')) console.log(`    ${path}: batches ${batches.map((b) => b.toFixed(1)).join(' ')} ms`);
  return batches.sort((x, y) => x - y)[Math.floor(batches.length / 2)];
}

/** Server CPU per request of each page kind: its first URL, as the first user of a role that sees it. */
async function cpuByKind(base: string, pid: number | undefined, mix: Mix, n: number, quiet = false): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const log = quiet ? () => {} : console.log;
  for (const [role, kinds] of mix.kindsByRole) {
    const cookie = mix.users.find((u) => u.role === role)!.cookie;
    for (const { kind, paths } of kinds) {
      if (out.has(kind)) continue;
      out.set(kind, await cpuPerRequest(base, paths[0], cookie, pid, n));
      const db = databaseCpuByPath.get(paths[0]);
      log(
        `  ${kind.padEnd(17)} ${out.get(kind)!.toFixed(2).padStart(6)} ms${db !== undefined ? ` + db ${db.toFixed(2).padStart(6)} ms` : ''}  ${role.padEnd(10)} ${paths[0]}`,
      );
    }
  }
  const all = [...out.values()];
  log(`  mean over ${all.length} kinds: ${(all.reduce((a, b) => a + b, 0) / all.length).toFixed(2)} ms`);
  return out;
}

/** Each page kind's first URL on two servers in turn (a, b, a, b): CPU per request on each, and the change. */
async function compareBuilds(
  mix: Mix,
  n: number,
  a: { label: string; url: string; pid: number | undefined },
  b: { label: string; url: string; pid: number | undefined },
): Promise<void> {
  console.log(`server CPU per request, ms: ${a.label} → ${b.label} (each the mean of two turns)`);
  const sums = [0, 0];
  let kinds = 0;
  const seen = new Set<string>();
  for (const [role, list] of mix.kindsByRole) {
    const cookie = mix.users.find((u) => u.role === role)!.cookie;
    for (const { kind, paths } of list) {
      if (seen.has(kind)) continue;
      seen.add(kind);
      const x: number[] = [];
      const y: number[] = [];
      for (let turn = 0; turn < 2; turn++) {
        x.push(await cpuPerRequest(a.url, paths[0], cookie, a.pid, n));
        y.push(await cpuPerRequest(b.url, paths[0], cookie, b.pid, n));
      }
      const ma = (x[0] + x[1]) / 2;
      const mb = (y[0] + y[1]) / 2;
      sums[0] += ma;
      sums[1] += mb;
      kinds++;
      console.log(
        `  ${kind.padEnd(17)} ${ma.toFixed(2).padStart(6)} → ${mb.toFixed(2).padStart(6)}  (${(((mb - ma) / ma) * 100).toFixed(0).padStart(4)} %)  [${x.map((v) => v.toFixed(2)).join(' ')} | ${y.map((v) => v.toFixed(2)).join(' ')}]  ${paths[0]}`,
      );
    }
  }
  console.log(`  mean over ${kinds} kinds: ${(sums[0] / kinds).toFixed(2)} → ${(sums[1] / kinds).toFixed(2)} ms`);
}

function reportMix(label: string, r: MixResult): void {
  const cpu = r.cpuMs !== null && r.requests ? fmt(r.cpuMs / r.requests) : 'n/a';
  const client = r.requests ? fmt(r.clientCpuMs / r.requests) : 'n/a';
  console.log(
    `${label}: ${r.requests} requests, ${fmt(r.rps)} req/s, p50 ${fmt(quantile(r.latencies, 0.5))} ms, p95 ${fmt(quantile(r.latencies, 0.95))} ms, p99 ${fmt(quantile(r.latencies, 0.99))} ms, errors ${r.errors}, server CPU ${cpu} ms/request${r.dbCpuMs !== null && r.requests ? `, database CPU ${fmt(r.dbCpuMs / r.requests)} ms/request` : ''}, load generator CPU ${client} ms/request`,
  );
  const kinds = [...r.byKind.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  if (kinds.length) console.log(`  errors by page kind: ${kinds.map(([k, v]) => `${k} ${v.errors}`).join(', ')}`);
  const p95s = kinds
    .filter(([, v]) => v.latencies.length)
    .map(
      ([k, v]) =>
        `${k} ${fmt(
          quantile(
            v.latencies.sort((a, b) => a - b),
            0.95,
          ),
        )}`,
    );
  if (p95s.length) console.log(`  p95 ms by page kind: ${p95s.join(', ')}`);
}

async function realisticMain() {
  const duration = DURATION_GIVEN ? DURATION : 60;
  const rate = Number(option('rate') || 250);
  const writesPerS = Number(option('writes-per-s') || 5);
  console.log(
    `bench:http --realistic on ${os.cpus().length} cpu(s), node ${process.version}, ${USE_PG ? 'PostgreSQL' : 'SQLite'}, ${WORKERS} worker(s), page cache off, background jobs ${JOBS ? 'on' : 'off'}, ${duration} s per run; load average ${os.loadavg()[0].toFixed(1)}`,
  );
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
    // --seeded-copy DIR (SQLite): the seeded file and its users are kept in DIR and copied from there on later runs
    const seededCopy = !USE_PG && option('seeded-copy') ? path.resolve(option('seeded-copy')!) : null;
    const benchFile = bench.url.replace(/^file:/, '');
    let users: BenchUser[];
    if (seededCopy && fs.existsSync(path.join(seededCopy, 'users.json'))) {
      await bench.db.destroy();
      for (const suffix of ['-wal', '-shm']) fs.rmSync(benchFile + suffix, { force: true });
      fs.copyFileSync(path.join(seededCopy, 'bench.db'), benchFile);
      users = JSON.parse(fs.readFileSync(path.join(seededCopy, 'users.json'), 'utf8')) as BenchUser[];
    } else {
      await migrateToLatest(bench.db);
      await seedDemo(bench.db);
      await generateCatalog(bench.db, SIZE);
      await bench.db.destroy();
      await closeJobQueue(); // the seed's queue connection (PostgreSQL) is not needed while the server runs
      users = await makeUsers(bench.url);
      {
        const { db } = await createDatabase(bench.url);
        // vacuum too: a production PostgreSQL's autovacuum has done it within a minute of a bulk
        // load (the visibility map lets counts read an index alone); a test server may run without it
        if (USE_PG) await sql`vacuum analyze`.execute(db);
        else await sql`pragma optimize`.execute(db);
        if (seededCopy) await sql`pragma wal_checkpoint(truncate)`.execute(db);
        await db.destroy();
      }
      if (seededCopy) {
        fs.mkdirSync(seededCopy, { recursive: true });
        fs.copyFileSync(benchFile, path.join(seededCopy, 'bench.db'));
        fs.writeFileSync(path.join(seededCopy, 'users.json'), JSON.stringify(users));
      }
    }
    const kinds = await pageKinds(bench.url);
    console.log(
      `seeded the benchmark data set and ${users.length} users with sessions in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    t = performance.now();
    const server = await startServer(bench.url, logFile);
    child = server.child;
    const pid = child.pid;
    console.log(`server up in ${((performance.now() - t) / 1000).toFixed(1)} s (${serverPids(pid).length} process(es)); log: ${logFile}`);
    const mix = await checkMix(server.url, users, kinds);

    // warm-up, then the CPU per page, one request at a time
    await closedLoopMix(server.url, mix, { connections: 20, duration: Math.min(10, duration), pid });
    await waitIdle(pid);

    // --capacity-only: run (b) alone, after (b1) the same mix one request at a time (what the pages
    // cost without concurrency); with --compare-build DIR, on a second server built into DIR and on
    // this one in turn, twice, so that the shared machine's load hits both alike
    if (option('capacity-only') !== undefined) {
      const servers = [{ label: 'this build', url: server.url, pid }];
      const other = option('compare-build');
      let second: { url: string; child: ChildProcess } | null = null;
      try {
        if (other) {
          second = await startServer(bench.url, logFile, { FINMATCH_BUILD_DIR: other });
          await closedLoopMix(second.url, mix, { connections: 20, duration: Math.min(10, duration), pid: second.child.pid });
          servers.unshift({ label: other, url: second.url, pid: second.child.pid });
        }
        const oneDuration = Number(option('b1-duration') ?? Math.min(20, duration));
        const per = (r: MixResult) => (r.cpuMs !== null && r.requests ? fmt(r.cpuMs / r.requests) : 'n/a');
        const lines: string[] = [];
        for (let turn = 0; turn < (other ? 2 : 1); turn++)
          for (const s of servers) {
            let one: MixResult | null = null;
            if (oneDuration > 0) {
              await waitIdle(s.pid);
              const stop = startMixWriter(s.url, users, writesPerS);
              one = await closedLoopMix(s.url, mix, { connections: 1, duration: oneDuration, pid: s.pid });
              await stop();
              reportMix(`[${s.label}] (b1) the same mix, one request at a time, ${oneDuration} s`, one);
            }
            await waitIdle(s.pid);
            const stop = startMixWriter(s.url, users, writesPerS);
            const many = await closedLoopMix(s.url, mix, { connections: CONNECTIONS, duration, pid: s.pid });
            const w = await stop();
            reportMix(`[${s.label}] (b) ${CONNECTIONS} connections for ${duration} s`, many);
            console.log(`  writes ${w.writes} (${w.failed} failed)`);
            lines.push(
              `  ${s.label.padEnd(14)} turn ${turn + 1}: (b) ${fmt(many.rps)} req/s, p95 ${fmt(quantile(many.latencies, 0.95))} ms, server ${per(many)} ms/request${one ? ` (one at a time ${per(one)})` : ''}, load generator ${fmt(many.clientCpuMs / many.requests)} ms/request`,
            );
          }
        console.log('capacity, run (b):');
        for (const l of lines) console.log(l);
      } finally {
        if (second)
          await new Promise<void>((resolve) => {
            second!.child.once('exit', () => resolve());
            second!.child.kill('SIGTERM');
          });
      }
      console.log(
        `load average: ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
      );
      return;
    }
    const organizer = users.find((u) => u.role === 'organizer')!.cookie;
    const bank = users.find((u) => u.role === 'bank')!.cookie;
    const n = Number(option('cpu-requests') || 60);
    const cpuPages: [string, string, string][] = [
      ['/ping', '/ping', organizer],
      ['/products', '/products', bank],
      ['/needs', '/needs', bank],
      ['/agreements', '/agreements', organizer],
      ['roster', `/organizer/events/${DEMO_EVENT}/roster`, organizer],
      ['/dashboard', '/dashboard', organizer],
      ['/dashboard work', '/dashboard?view=work', organizer],
      ['/dashboard tables', '/dashboard?view=tables', organizer],
    ];
    const cpu = new Map<string, number>();
    for (const [label, p, cookie] of cpuPages)
      cpu.set(label, await cpuPerRequest(server.url, p, cookie, pid, label === '/ping' ? n * 5 : n));
    console.log('server CPU per request (one at a time, warm, page cache off):');
    for (const [label, ms] of cpu) {
      const p = cpuPages.find((c) => c[0] === label)![1];
      const db = databaseCpuByPath.get(p);
      console.log(`  ${label.padEnd(12)} ${fmt(ms)} ms${db !== undefined ? `  (database ${fmt(db)} ms)` : ''}`);
    }
    const maxPage = Math.max(...['/products', '/needs', '/agreements', 'roster'].map((k) => cpu.get(k)!));
    // the dashboard is three pages (decision 044a): the dearest of them
    const dashboardMax = Math.max(...['/dashboard', '/dashboard work', '/dashboard tables'].map((k) => cpu.get(k)!));
    const cpuLine = `bench:http-cpu ping_cpu_ms=${fmt(cpu.get('/ping')!)} max_page_cpu_ms=${fmt(maxPage)} dashboard_cpu_ms=${fmt(dashboardMax)}`;
    // --cpu-only: the per-page table alone (a minute instead of several), for working on one page
    if (option('cpu-only') !== undefined) {
      await cpuByKind(server.url, pid, mix, n);
      // --compare-build DIR: a second server on the same data, built into DIR (FINMATCH_BUILD_DIR);
      // each page kind measured on the two in turn, twice, so that the machine's load hits both alike
      const other = option('compare-build');
      if (other) {
        const second = await startServer(bench.url, logFile, { FINMATCH_BUILD_DIR: other });
        try {
          await closedLoopMix(second.url, mix, { connections: 20, duration: Math.min(10, duration), pid: second.child.pid });
          await waitIdle(second.child.pid);
          // the same requests the first server has answered by now (the six pages, then every kind),
          // so that neither is compared less warm: without it an A/A run showed the first 16 % cheaper
          for (const [label, p, cookie] of cpuPages)
            await cpuPerRequest(second.url, p, cookie, second.child.pid, label === '/ping' ? n * 5 : n);
          await cpuByKind(second.url, second.child.pid, mix, n, true);
          await compareBuilds(
            mix,
            n,
            { label: other, url: second.url, pid: second.child.pid },
            { label: 'this build', url: server.url, pid },
          );
        } finally {
          await new Promise<void>((resolve) => {
            second.child.once('exit', () => resolve());
            second.child.kill('SIGTERM');
          });
        }
      }
      console.log(
        `load average: ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
      );
      console.log(cpuLine);
      return;
    }

    // (a) fixed arrival rate
    await waitIdle(pid);
    let stopWriter = startMixWriter(server.url, users, writesPerS);
    const fixed = await openLoopMix(server.url, mix, { duration, rate, pid });
    let written = await stopWriter();
    reportMix(`(a) ${rate} req/s for ${duration} s`, fixed);
    console.log(`  writes ${written.writes} (${written.failed} failed)`);

    // (b) capacity: 100 connections as fast as they go
    await waitIdle(pid);
    stopWriter = startMixWriter(server.url, users, writesPerS);
    const capacity = await closedLoopMix(server.url, mix, { connections: 100, duration, pid });
    written = await stopWriter();
    reportMix(`(b) 100 connections for ${duration} s`, capacity);
    console.log(`  writes ${written.writes} (${written.failed} failed)`);
    await waitIdle(pid);
    const ping = await load(server.url, ['/ping'], [organizer], Math.min(15, duration), pid);
    report('/ping, 100 connections', ping);
    console.log(
      `load average after the run: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(cpuLine);
    console.log(`bench:http-rate rate=${rate} p95_ms=${fmt(quantile(fixed.latencies, 0.95))} errors=${fixed.errors}`);
    console.log(
      `bench:http-capacity rps=${fmt(capacity.rps)} p95_ms=${fmt(quantile(capacity.latencies, 0.95))} errors=${capacity.errors} ping_rps=${fmt(ping.rps)}`,
    );
  } finally {
    await stopAll();
  }
}
