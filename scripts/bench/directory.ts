/**
 * `npm run bench:directory`: directory pages over HTTP on a generated catalogue
 * (scripts/bench/generate-catalog.ts: 5,000 loan products, 50,000 financing
 * needs, 8,000 hiring needs) in a temporary SQLite database.
 *
 * Starts the real server (app/server/start.ts, production mode, the current build/)
 * and measures sequential GETs of /products with several filter combinations
 * and text searches (1-, 2-, 3+-character and very common terms), and of /needs
 * for a signed-in verified bank. Each URL is requested BENCH_ROUNDS times after
 * a warm-up; p50 / p95 per URL and over all requests of a directory.
 *
 * Also reported: the server process's CPU time per request (Linux /proc), which
 * on a shared machine says more than wall-clock latency, and the load average.
 *
 * The last line is machine-readable:
 *   bench:directory products=5000 needs=50000 products_p95_ms=<n> needs_p95_ms=<n> max_cpu_per_req_ms=<n> load=<n> p95_ms=<n>
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../../app/modules/auth/password.server';
import { createCatalogDatabase, DEFAULT_SIZE } from './generate-catalog';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIZE = { ...DEFAULT_SIZE, needs: Number(process.env.BENCH_NEEDS || 50_000), products: Number(process.env.BENCH_PRODUCTS || 5_000) };
const ROUNDS = Number(process.env.BENCH_ROUNDS || 30);
const PASSWORD = 'Bench-directory-2026';

const PRODUCT_URLS = [
  '/products',
  '/products?page=40',
  '/products?amount=300',
  '/products?amount=300&term=12&guarantee=credit',
  '/products?region=410481',
  '/products?region=410100&sort=rate',
  '/products?region=410000&category=tech&sort=amount',
  '/products?bank_type=city&industry=C&sort=rate',
  '/products?q=贷',
  '/products?q=科技',
  '/products?q=郑州',
  '/products?q=稳岗贷',
  '/products?q=知识产权质押',
  '/products?q=中国工商银行',
  '/products?q=银行',
  '/products?q=普惠&region=410100&amount=100&sort=rate',
  '/products?q=不存在的产品名称',
];

const NEED_URLS = [
  '/needs',
  '/needs?page=50',
  '/needs?amount_min=100&amount_max=1000',
  '/needs?region=410100&guarantee=credit',
  '/needs?region=410481&sort=amount',
  '/needs?q=纺织',
  '/needs?q=有限公司',
  '/needs?q=经营周转资金',
  '/needs?q=郑州华龙',
  '/needs?q=纺织&region=410100&amount_min=50',
  '/needs?kind=hiring',
  '/needs?kind=hiring&q=科技',
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
const fmt = (x: number) => x.toFixed(1);

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

async function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'app/server/start.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-directory-secret',
      COOKIE_SECURE: 'false',
      DEMO_SEED: 'off',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function login(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ email, password: PASSWORD }),
    redirect: 'manual',
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('finmatch_session='));
  if (res.status !== 302 || !cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(';')[0];
}

/**
 * CPU time (user + system, ms) the server process has used so far, from /proc
 * (Linux); null elsewhere. On a shared machine wall-clock latency mostly measures
 * waiting for a core; the server's CPU per request does not depend on that.
 */
let ticksPerSecond: number | null = null;
function serverCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

let serverPid: number | undefined;
const cpuPerRequest: number[] = [];

async function measure(base: string, urls: string[], cookie?: string): Promise<number[]> {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  const all: number[] = [];
  console.log(`${'url'.padEnd(56)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'cpu/req'.padStart(8)}  rows`);
  for (const u of urls) {
    for (let i = 0; i < 3; i++) await (await fetch(base + u, { headers })).text(); // warm-up
    const times: number[] = [];
    let status = 0;
    let rows = 0;
    const cpu0 = serverCpuMs(serverPid);
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const res = await fetch(base + u, { headers });
      const html = await res.text();
      times.push(performance.now() - t0);
      status = res.status;
      rows = (html.match(/data-(product|need)-id=/g) ?? []).length || (html.match(/<tr/g) ?? []).length;
    }
    const cpu1 = serverCpuMs(serverPid);
    const cpu = cpu0 !== null && cpu1 !== null ? (cpu1 - cpu0) / ROUNDS : null;
    if (cpu !== null) cpuPerRequest.push(cpu);
    if (status !== 200) throw new Error(`${u} answered ${status}`);
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(
      `${decodeURIComponent(u).padEnd(50)} ${fmt(quantile(times, 0.5)).padStart(7)} ${fmt(quantile(times, 0.95)).padStart(7)} ${(cpu === null ? 'n/a' : fmt(cpu)).padStart(8)}  ${rows}`,
    );
  }
  return all.sort((a, b) => a - b);
}

async function main() {
  console.log(`bench:directory on ${os.cpus().length} cpu(s), node ${process.version}`);
  let t = performance.now();
  const { db, url: databaseUrl, cleanup } = await createCatalogDatabase(SIZE);
  console.log(
    `generated ${SIZE.products} products, ${SIZE.needs} financing needs, ${SIZE.hiringNeeds} hiring needs in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  let child: ChildProcess | null = null;
  try {
    const now = new Date().toISOString();
    await db.insertInto('settings').values({ key: 'lpr_1y_bp', value: '300', updated_at: now, updated_by: null }).execute();
    // a signed-in verified bank for /needs
    const bank = await db
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'bank')
      .where('status', '=', 'verified')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const email = 'bench-bank@bench.finmatch.test';
    await db
      .insertInto('users')
      .values({
        id: 'benchbankuser000',
        email,
        name: '基准测试',
        phone: '13800000000',
        password_hash: await hashPassword(PASSWORD),
        role: 'bank',
        organization_id: bank.id,
        region_code: null,
        created_at: now,
        updated_at: now,
      })
      .execute();

    t = performance.now();
    const server = await startServer(databaseUrl);
    child = server.child;
    serverPid = server.child.pid;
    // interrupted: stop the server too, and remove the temporary database
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        server.child.kill('SIGKILL');
        void cleanup().finally(() => process.exit(130));
      });
    }
    console.log(`server up in ${((performance.now() - t) / 1000).toFixed(1)} s; ${ROUNDS} rounds per url\n`);

    const products = await measure(server.url, PRODUCT_URLS);
    console.log(`/products overall: p50 ${fmt(quantile(products, 0.5))} ms, p95 ${fmt(quantile(products, 0.95))} ms\n`);
    const cookie = await login(server.url, email);
    const needsPage = await fetch(`${server.url}/needs`, { headers: { Cookie: cookie }, redirect: 'manual' });
    let needs: number[] = [];
    if (needsPage.status === 200) {
      needs = await measure(server.url, NEED_URLS, cookie);
      console.log(`/needs overall: p50 ${fmt(quantile(needs, 0.5))} ms, p95 ${fmt(quantile(needs, 0.95))} ms\n`);
    } else {
      console.log(`/needs answered ${needsPage.status}: skipped\n`);
    }
    const all = [...products, ...needs].sort((a, b) => a - b);
    const load = os.loadavg()[0].toFixed(1);
    const cpuMax = cpuPerRequest.length ? fmt(Math.max(...cpuPerRequest)) : 'n/a';
    console.log(`load average ${load} on ${os.cpus().length} cpu(s); server CPU per request, worst URL: ${cpuMax} ms`);
    console.log(
      `bench:directory products=${SIZE.products} needs=${SIZE.needs} products_p95_ms=${fmt(quantile(products, 0.95))} needs_p95_ms=${needs.length ? fmt(quantile(needs, 0.95)) : 'n/a'} max_cpu_per_req_ms=${cpuMax} load=${load} p95_ms=${fmt(quantile(all, 0.95))}`,
    );
  } finally {
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child!.once('exit', () => resolve());
        child!.kill('SIGTERM');
        setTimeout(() => child!.kill('SIGKILL'), 5_000).unref();
      });
    }
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
