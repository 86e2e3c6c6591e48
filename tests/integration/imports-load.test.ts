/**
 * One large import must not freeze everyone (issue 13, point 7): while an organizer
 * checks and commits a 15 MB CSV (100,000 enterprises), /healthz and another
 * user's page keep answering within 200 ms. The file is read and checked on a
 * worker thread; the commit stays one transaction, which yields the event loop
 * between its statements, and on SQLite other requests read through a second
 * connection meanwhile (decision record 031a) while the transaction's statements —
 * its COMMIT above all — run on a writer thread (decision record 035c). Runs on
 * SQLite, or on PostgreSQL with TEST_PG_URL.
 *
 * The 200 ms target is asserted when the machine is quiet: the load average before
 * the run under half a runnable thread per core, and the idle server's slowest answer
 * in the same run (the baseline) under 50 ms. On a busy machine (CI runs the SQLite
 * and PostgreSQL suites side by side on 2 cores) no time can be promised: the test
 * then asserts that the server keeps answering (slowest answer under a third of the
 * phase; a blocked server's is most of it).
 */
import os from 'node:os';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { benchCreditCode } from '../../scripts/bench/import-enterprises';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

const PAGE = '/organizer/imports';
const DATA = `${PAGE}?_data=${encodeURIComponent('routes/organizer.imports')}`;
const HEADER = [
  '*企业名称',
  '*统一社会信用代码',
  '*所在地区代码',
  '*行业门类',
  '*企业规模',
  '成立年份',
  '注册资本（万元）',
  '年营业收入（万元）',
  '从业人数',
  '*联系人',
  '*联系电话',
  '联系邮箱',
  '企业简介',
];
const ROWS = 100_000;
const LIMIT_MS = 200;
/** Runnable threads per core (1-minute load average) below which the machine counts as quiet. */
const QUIET_LOAD_PER_CORE = 0.5;
/** The idle server's slowest answer below which the machine counts as quiet. */
const QUIET_BASELINE_MS = 50;

let server: TestServer;
let db: Kysely<Database>;

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

function enterpriseCsv(rows: number, offset: number): Uint8Array {
  const lines = [HEADER.join(',')];
  for (let i = 0; i < rows; i++) {
    lines.push(
      [
        `负载测试第${offset + i}号企业有限公司`,
        benchCreditCode(offset + i),
        '410425',
        '制造业',
        '小型',
        '2016',
        '500',
        '1200.5',
        '35',
        '张伟',
        '0375-2345678',
        `load${i}@example.com`,
        '负载测试',
      ].join(','),
    );
  }
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

async function dryRun(client: HttpClient, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('intent', 'check');
  form.append('kind', 'enterprises');
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  const res = await client.request('POST', DATA, { body: form });
  return {
    status: res.status,
    data: (await res.json()) as { stage: string; report: { ok: boolean; token?: string; totals: { create: number } } },
  };
}

/** Polls a URL one request at a time until stopped; the latency of every answer. */
function poll(fetchOnce: () => Promise<Response>) {
  const latencies: number[] = [];
  const statuses = new Set<number>();
  let running = true;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await fetchOnce();
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      statuses.add(res.status);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      const max = Math.max(...latencies);
      const sorted = [...latencies].sort((a, b) => a - b);
      return { n: latencies.length, max, median: sorted[Math.floor(sorted.length / 2)], statuses: [...statuses] };
    },
  };
}

describe('a 15 MB import', () => {
  it('keeps /healthz and another user’s page answering while a 15 MB CSV (100,000 enterprises) is checked and committed (issue 13, point 7)', async () => {
    const loadPerCore = os.loadavg()[0] / os.availableParallelism();
    const organizer = new HttpClient(server.url);
    await organizer.login(DEMO.organizer, DEMO.password);
    const bank = new HttpClient(server.url);
    await bank.login(DEMO.bank, DEMO.password);
    // warm: the routes, the worker, the page
    const warm = await dryRun(organizer, enterpriseCsv(3, 30_000_000), 'warm.csv');
    expect(warm.data.report.ok).toBe(true);
    expect((await bank.get('/notifications')).status).toBe(200);

    const bytes = enterpriseCsv(ROWS, 20_000_000);
    expect(bytes.length).toBeGreaterThan(15 * 1024 * 1024);
    expect(bytes.length).toBeLessThan(17 * 1024 * 1024);
    const before = Number(
      (
        await db
          .selectFrom('organizations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    const phases: Record<
      string,
      {
        ms: number;
        healthz: Awaited<ReturnType<ReturnType<typeof poll>['stop']>>;
        page: Awaited<ReturnType<ReturnType<typeof poll>['stop']>>;
      }
    > = {};
    const measure = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
      const healthz = poll(() => fetch(`${server.url}/healthz`));
      const page = poll(() => bank.get('/notifications'));
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        const ms = performance.now() - t0;
        phases[phase] = { ms, healthz: await healthz.stop(), page: await page.stop() };
      }
    };

    // the baseline: the same polling of the idle server
    await measure('idle', () => new Promise((resolve) => setTimeout(resolve, 3_000)));
    const baseline = phases.idle;
    delete phases.idle;
    const quiet = loadPerCore < QUIET_LOAD_PER_CORE && Math.max(baseline.healthz.max, baseline.page.max) < QUIET_BASELINE_MS;
    console.info(
      `${process.env.TEST_PG_URL ? 'PostgreSQL' : 'SQLite'} baseline (idle server, ${loadPerCore.toFixed(2)} runnable threads per core): /healthz max ${baseline.healthz.max.toFixed(0)} ms, /notifications max ${baseline.page.max.toFixed(0)} ms — ${quiet ? `quiet machine: the ${LIMIT_MS} ms target is asserted` : 'busy machine: the server keeps answering is asserted'}`,
    );

    const checked = await measure('dry run', () => dryRun(organizer, bytes, 'load.csv'));
    expect(checked.status).toBe(200);
    expect(checked.data.report.ok).toBe(true);
    expect(checked.data.report.totals.create).toBe(ROWS);
    const committed = await measure('commit', () => organizer.post(PAGE, { intent: 'commit', token: checked.data.report.token! }));
    expect(committed.status).toBe(302);

    const after = Number(
      (
        await db
          .selectFrom('organizations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after - before).toBe(ROWS);
    for (const [phase, p] of Object.entries(phases)) {
      console.info(
        `${process.env.TEST_PG_URL ? 'PostgreSQL' : 'SQLite'} ${phase} of ${(bytes.length / 1048576).toFixed(1)} MB (${ROWS} rows): ${(p.ms / 1000).toFixed(1)} s; /healthz ${p.healthz.n} answers, median ${p.healthz.median.toFixed(0)} ms, max ${p.healthz.max.toFixed(0)} ms; /notifications ${p.page.n} answers, median ${p.page.median.toFixed(0)} ms, max ${p.page.max.toFixed(0)} ms`,
      );
    }
    // On any machine: the server keeps answering during the import. A blocked server's
    // slowest answer waits for most of the phase (before the fix: 7.6 s of a dry run, 14 s
    // of a commit); one that keeps answering stays far below that. On a quiet machine: the
    // 200 ms target.
    for (const [phase, p] of Object.entries(phases)) {
      const limit = quiet ? LIMIT_MS : p.ms / 3;
      if (p.healthz.max > LIMIT_MS || p.page.max > LIMIT_MS)
        console.warn(
          `${phase}: slowest answers ${p.healthz.max.toFixed(0)} / ${p.page.max.toFixed(0)} ms, above the ${LIMIT_MS} ms target`,
        );
      expect(p.healthz.statuses, phase).toEqual([200]);
      expect(p.page.statuses, phase).toEqual([200]);
      expect(p.healthz.n, phase).toBeGreaterThanOrEqual(5);
      expect(p.healthz.max, `${phase}: /healthz`).toBeLessThan(limit);
      expect(p.page.max, `${phase}: /notifications`).toBeLessThan(limit);
    }
  }, 600_000);
});
