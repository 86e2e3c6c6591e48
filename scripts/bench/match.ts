/**
 * `npm run bench:match`: matching on a generated catalogue (scripts/bench/generate-catalog.ts)
 * of 50,000 financing needs and 5,000 loan products in a temporary SQLite database.
 *
 * 1. top 20 products for one need, end to end through topProductsForNeed
 *    (need, LPR and prefiltered products from SQL, then the ranking and explanations),
 *    p50 / p95 over 400 random published needs;
 * 2. ranking of every published need on one thread: load products and needs once,
 *    rank each need against all products; all_needs_s = loading + ranking;
 * 3. for comparison, the same on a warm pool of BENCH_WORKERS (default 2) worker threads,
 *    each opening the database and loading the products and its id range of the needs.
 *
 * The last line is machine-readable:
 *   bench:match needs=50000 products=5000 top20_p95_ms=<n> all_needs_s=<n>
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createProductIndex, rankProductsForNeed } from '../../app/modules/matching';
import { loadMatchContext, loadPublishedNeeds, loadPublishedProducts, topProductsForNeed } from '../../app/modules/matching/queries.server';
import { createCatalogDatabase, DEFAULT_SIZE, rng } from './generate-catalog';
import type { MatchJob, MatchJobResult } from './match-worker';

// every product and need published: the figures are for 5,000 products and 50,000 needs
const SIZE = {
  ...DEFAULT_SIZE,
  needs: Number(process.env.BENCH_NEEDS || 50_000),
  products: Number(process.env.BENCH_PRODUCTS || 5_000),
  publishedShare: 1,
};
const SAMPLES = Number(process.env.BENCH_SAMPLES || 400);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const LIMIT = 20;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const ms = (x: number) => x.toFixed(2);

/** Starts `n` workers and resolves once each has loaded the matching module. */
async function startWorkers(n: number): Promise<Worker[]> {
  // a worker does not inherit tsx's loader: it starts as plain JS and imports the TypeScript through tsx
  const entry = new URL('./match-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Worker>((resolve, reject) => {
          const worker = new Worker(code, { eval: true });
          worker.once('message', () => resolve(worker));
          worker.once('error', reject);
        }),
    ),
  );
}

/** Each worker loads and ranks one id range of the needs. */
function rankOnWorkers(workers: Worker[], job: Omit<MatchJob, 'idFrom' | 'idTo'>, splits: string[]): Promise<MatchJobResult[]> {
  return Promise.all(
    workers.map(
      (worker, w) =>
        new Promise<MatchJobResult>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.postMessage({ ...job, idFrom: w > 0 ? splits[w - 1] : undefined, idTo: w < splits.length ? splits[w] : undefined });
        }),
    ),
  );
}

async function main() {
  console.log(
    `bench:match on ${os.cpus().length} cpu(s), node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  let pool: Promise<Worker[]> = Promise.resolve([]);
  let t = performance.now();
  const { db, url, cleanup } = await createCatalogDatabase(SIZE);
  console.log(
    `generated ${SIZE.enterprises} enterprises, ${SIZE.banks} banks, ${SIZE.products} products, ${SIZE.needs} financing needs, ${SIZE.hiringNeeds} hiring needs in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  try {
    await db
      .insertInto('settings')
      .values({ key: 'lpr_1y_bp', value: '300', updated_at: new Date().toISOString(), updated_by: null })
      .execute();

    // 1. one need, end to end
    const ids = (await db.selectFrom('financing_needs').select('id').where('status', '=', 'published').orderBy('id').execute()).map(
      (r) => r.id,
    );
    const r = rng(7);
    const sample = Array.from({ length: SAMPLES }, () => ids[Math.floor(r() * ids.length)]);
    for (const id of sample.slice(0, 20)) await topProductsForNeed(db, id, { limit: LIMIT }); // warm-up
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let found = 0;
    for (const id of sample) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await topProductsForNeed(db, id, { limit: LIMIT });
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);
      found += res?.matches.length ?? 0;
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    const p50 = quantile(times, 0.5);
    const p95 = quantile(times, 0.95);
    console.log(
      `top ${LIMIT} for one need (topProductsForNeed, ${SAMPLES} needs): wall p50 ${ms(p50)} ms, p95 ${ms(p95)} ms, max ${ms(times[times.length - 1])} ms; CPU p50 ${ms(quantile(cpuTimes, 0.5))} ms, p95 ${ms(quantile(cpuTimes, 0.95))} ms; avg ${(found / SAMPLES).toFixed(1)} matches`,
    );

    // 2. every need on this thread: load products and needs once, rank each need against all products
    t = performance.now();
    const ctx = await loadMatchContext(db);
    const products = await loadPublishedProducts(db);
    const needs = await loadPublishedNeeds(db);
    const loadMs = performance.now() - t;
    let t1 = performance.now();
    const index = createProductIndex(products, ctx);
    let matched = 0;
    let results = 0;
    for (const need of needs) {
      const top = rankProductsForNeed(need, index, ctx, { limit: LIMIT, explain: false });
      if (top.length) matched++;
      results += top.length;
    }
    const rankMs = performance.now() - t1;
    const allNeedsS = (loadMs + rankMs) / 1000;
    console.log(
      `all needs, 1 thread: loaded ${products.length} published products and ${needs.length} published needs in ${ms(loadMs)} ms, ranked them in ${ms(rankMs)} ms (scores only); ${matched} needs with at least one product, ${(results / needs.length).toFixed(1)} results per need`,
    );
    t1 = performance.now();
    const explained = needs.slice(0, 5_000);
    for (const need of explained) rankProductsForNeed(need, index, ctx, { limit: LIMIT });
    console.log(
      `explanations: ranked ${explained.length} needs with the criteria of their top ${LIMIT} in ${ms(performance.now() - t1)} ms`,
    );

    // 3. the same on a warm pool of worker threads, for comparison: each opens the database,
    // loads the products and its id range of the needs, and ranks them
    if (WORKERS > 0) {
      const poolStart = performance.now();
      pool = startWorkers(WORKERS);
      const workers = await pool;
      console.log(`${WORKERS} worker threads started in ${ms(performance.now() - poolStart)} ms (not counted)`);
      t = performance.now();
      const cpu0 = process.cpuUsage();
      const publishedIds = await db.selectFrom('financing_needs').select('id').where('status', '=', 'published').orderBy('id').execute();
      const splits = Array.from({ length: WORKERS - 1 }, (_, w) => publishedIds[Math.floor(((w + 1) * publishedIds.length) / WORKERS)].id);
      const parts = await rankOnWorkers(workers, { url, today: ctx.today, limit: LIMIT }, splits);
      const allMs = performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      console.log(
        `all needs, ${WORKERS} worker threads: ${ms(allMs)} ms, loading included (${parts.map((p) => `${p.needs} needs: load ${ms(p.loadMs)} + rank ${ms(p.rankMs)} ms`).join('; ')}); CPU time of every thread ${ms((cpu.user + cpu.system) / 1000)} ms`,
      );
    }

    console.log(
      `bench:match needs=${SIZE.needs} products=${SIZE.products} top20_p95_ms=${p95.toFixed(1)} all_needs_s=${allNeedsS.toFixed(2)}`,
    );
  } finally {
    await pool.then(
      (ws) => Promise.all(ws.map((w) => w.terminate())),
      () => {},
    );
    await cleanup();
  }
}

await main();
