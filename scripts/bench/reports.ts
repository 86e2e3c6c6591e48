/**
 * `npm run bench:reports`: dashboards, the monthly ranking and the bulk import on
 * a large generated history (not a timed test; figures go to docs/benchmarks.md).
 *
 * Instance (fixed seed, fresh temporary SQLite file migrated with db/migrate.ts):
 * 30 districts (the county-level divisions of 郑州市, 洛阳市 and 平顶山市 — the
 * organizer is the province 410000, so "the whole area" spans all 30), 200 banks
 * (Zipf-like activity, serving the province or their city), 50,000 enterprises,
 * 400 sessions, 1,000,000 agreements over 36 months (2023-12 … 2026-11, growing
 * about 2.5-fold; 3 % proposed, 3 % declined — more in the last two months —, the
 * rest confirmed; of those about 70 % credit-approved, 3/4 of the approved disbursed
 * in 1–3 tranches, 4 % terminated; amounts log-normal around 300万元 with a tail to
 * 3亿元), their tranches, 20,000 financing needs (0.4 per enterprise in 3 years) and
 * about 26,000 bank interests; targets of the province, its cities and its ten busiest
 * banks for the year and quarter of today (decision 030d). Rows are written with prepared statements, one
 * transaction per table (per 50,000 agreements); the rollups are then built by
 * `rebuildRollups`, which refreshes the planner statistics afterwards as after any bulk
 * write (decision 022): the state a server is in after its normal upkeep. The generator
 * itself runs no ANALYZE.
 *
 * Measured (wall clock and the process's CPU time, one process, 2 shared cores):
 * - `loadDashboard` — the organizer dashboard's data function (totals, six
 *   breakdowns with names, response rates, filter options) for the whole area
 *   and typical filters, BENCH_RUNS (50) runs each after 3 warm-up runs; p50 / p95;
 *   also a bank's own dashboard and the SVG charts of a page;
 * - the rollup hook: 1,000 agreement edits, each a transaction with applyAgreementChange;
 * - `computeMonthlyRanking` (app/modules/reports/ranking.server.ts) for one month;
 * - `measureEnterpriseImport()` (scripts/bench/import-enterprises.ts).
 * A missing module prints n/a. Sizes: BENCH_AGREEMENTS, BENCH_RUNS, BENCH_IMPORT_ROWS;
 * BENCH_KEEP=<file> keeps the generated database and reuses it on the next run.
 *
 * Last line (machine-readable):
 *   bench:reports agreements=<n> dashboard_p95_ms=<n> ranking_ms=<n|n/a> import_rows_per_s=<n|n/a>
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { createDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import type { Database } from '../../db/schema';
import { dashboardCharts } from '../../app/modules/reports/charts.server';
import { loadDashboard, responseRates, type DashboardFilters, type DashboardViewer } from '../../app/modules/reports/dashboard.server';
import { applyAgreementChange, rebuildRollups } from '../../app/modules/reports/rollups.server';
import { getTotals } from '../../app/modules/reports/totals.server';
import { regionsWithin } from '../../app/modules/regions/regions.server';
import { int, pick, rng, weighted, type Random } from './generate-catalog';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const N_AGREEMENTS = Number(process.env.BENCH_AGREEMENTS || 1_000_000);
const N_BANKS = 200;
const N_ENTERPRISES = 50_000;
const N_EVENTS = 400;
const N_NEEDS = 20_000;
const RUNS = Number(process.env.BENCH_RUNS || 50);
const CITIES = ['410100', '410300', '410400'];
const TODAY = '2026-11-25';
const NOW = '2026-11-25T08:00:00.000Z';

const MONTHS: string[] = [];
for (let i = 0; i < 36; i++) {
  const m = 11 + i; // 2023-12 = month index 0
  MONTHS.push(`${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const minDate = (a: string, b: string) => (a < b ? a : b);
const ms = (n: number) => Math.round(n * 10) / 10;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Index drawn with weight 1/(rank+1)^s. */
function zipfSampler(r: Random, n: number, s: number): () => number {
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) cum.push((total += 1 / (i + 1) ** s));
  return () => {
    const x = r() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Log-normal amount in whole 万元, median `medianWan`, clamped. */
function amountWan(r: Random, medianWan: number, sigma: number, minWan: number, maxWan: number): number {
  const u = Math.max(1e-12, r());
  const v = r();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.min(maxWan, Math.max(minWan, Math.round(medianWan * Math.exp(sigma * z))));
}

const INDUSTRY_WEIGHTS = { C: 38, F: 18, A: 8, E: 6, I: 6, G: 5, M: 4, H: 4, L: 3, O: 2, R: 1, K: 1, D: 1, N: 1, P: 1, Q: 1 } as const;
const CATEGORY_WEIGHTS = {
  credit: 20,
  tax: 15,
  tech: 10,
  ip_pledge: 4,
  mortgage: 15,
  guarantee: 10,
  supply_chain: 8,
  renewal: 8,
  job_stable: 4,
  startup_guarantee: 3,
  other: 3,
} as const;
const BANK_BRANDS = [
  '中国工商银行',
  '中国农业银行',
  '中国银行',
  '中国建设银行',
  '交通银行',
  '中国邮政储蓄银行',
  '中原银行',
  '招商银行',
  '中信银行',
  '兴业银行',
  '浦发银行',
  '民生银行',
  '光大银行',
  '华夏银行',
  '平安银行',
  '广发银行',
  '郑州银行',
  '洛阳农商银行',
  '平顶山银行',
  '中国农业发展银行',
];

/** Writes the instance into the migrated SQLite file (its own connection, prepared statements). */
export async function generate(file: string, r: Random) {
  const conn = new BetterSqlite3(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = OFF');
  conn.pragma('foreign_keys = OFF');
  // a bulk load: keep the indexes' pages in memory (random-order index inserts thrash a small cache)
  conn.pragma('cache_size = -1000000');
  conn.pragma('temp_store = MEMORY');
  const counties = CITIES.flatMap((c) => regionsWithin(c).filter((x) => x.level === 3)).slice(0, 30);
  if (counties.length < 30) throw new Error(`only ${counties.length} districts`);
  const cityName = (c: string) => regionsWithin(c)[0].name;

  const orgInsert = conn.prepare(
    `insert into organizations (id, kind, name, status, region_code, industry, size, bank_type, contact_name, contact_phone, created_at, updated_at)
     values (?, ?, ?, 'verified', ?, ?, ?, ?, '联系人', '13800000000', '${NOW}', '${NOW}')`,
  );
  const bankRegionInsert = conn.prepare('insert into bank_regions (organization_id, region_code) values (?, ?)');
  const banks: string[] = [];
  const enterprises: { id: string; region: string; industry: string }[] = [];
  conn.transaction(() => {
    for (let i = 0; i < N_BANKS; i++) {
      const id = `bbank${pad(i, 11)}`;
      const city = CITIES[i % CITIES.length];
      orgInsert.run(
        id,
        'bank',
        `${BANK_BRANDS[i % BANK_BRANDS.length]}${cityName(city)}第${Math.floor(i / BANK_BRANDS.length) + 1}支行`,
        city,
        null,
        null,
        'city',
      );
      bankRegionInsert.run(id, i % 10 < 3 ? '410000' : city);
      banks.push(id);
    }
    // bigger districts host more enterprises
    const countyWeight = counties.map((c, k) => 1 / Math.sqrt(k + 1) + (c.name.endsWith('区') ? 0.3 : 0));
    const cw = Object.fromEntries(counties.map((c, k) => [c.code, countyWeight[k]]));
    for (let i = 0; i < N_ENTERPRISES; i++) {
      const id = `bent${pad(i, 12)}`;
      const region = weighted(r, cw);
      const industry = weighted(r, INDUSTRY_WEIGHTS);
      orgInsert.run(id, 'enterprise', `基准企业${i}`, region, industry, pick(r, ['micro', 'small', 'small', 'medium']), null);
      enterprises.push({ id, region, industry });
    }
    conn
      .prepare(
        `insert into users (id, email, name, phone, password_hash, role, region_code, created_at, updated_at) values ('bbenchorganizer1', 'o@bench.test', '基准', '13800000000', 'x', 'organizer', '410000', '${NOW}', '${NOW}')`,
      )
      .run();
  })();

  // sessions: spread over the months, in a city or a district
  const eventsByMonth = new Map<string, string[]>();
  const eventInsert = conn.prepare(
    `insert into events (id, region_code, created_by, title, theme, event_date, start_time, venue, capacity, registration_deadline, open_registration, slot_count, slot_minutes, table_count, first_slot_time, status, created_at, updated_at)
     values (?, ?, 'bbenchorganizer1', ?, '专场', ?, '09:00', '会展中心', 300, ?, 0, 6, 20, 30, '10:00', 'closed', '${NOW}', '${NOW}')`,
  );
  conn.transaction(() => {
    for (let i = 0; i < N_EVENTS; i++) {
      const month = MONTHS[Math.floor((i / N_EVENTS) * MONTHS.length)];
      const date = `${month}-${pad(int(r, 5, 25), 2)}`;
      const region = r() < 0.5 ? pick(r, CITIES) : pick(r, counties).code;
      const id = `bevt${pad(i, 12)}`;
      eventInsert.run(id, region, `基准对接会${i}`, date, addDays(date, -7));
      eventsByMonth.set(month, [...(eventsByMonth.get(month) ?? []), id]);
    }
  })();

  // agreements and tranches
  const agreementInsert = conn.prepare(
    `insert into agreements (id, document_no, event_id, bank_org_id, enterprise_org_id, need_id, product_id, region_code, industry, product_category, amount, term_months,
       signed_on, signed_month, bank_signatory, enterprise_signatory, status, proposed_by_org_id, proposed_by_user_id, confirmed_by_user_id, confirmed_at,
       approved_amount, approved_on, disbursed_amount, last_disbursed_on, status_reason, terminated_at, version, created_at, updated_at)
     values (?, null, ?, ?, ?, null, null, ?, ?, ?, ?, 12, ?, ?, '王', '李', ?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const trancheInsert = conn.prepare(
    `insert into agreement_tranches (id, agreement_id, amount, disbursed_on, created_by, created_at) values (?, ?, ?, ?, 'bench', ?)`,
  );
  const bankOf = zipfSampler(r, N_BANKS, 0.8);
  const monthWeights = MONTHS.map((_, i) => 1 + i / 24);
  const monthTotal = monthWeights.reduce((s, w) => s + w, 0);
  let tranches = 0;
  const BATCH = 50_000;
  for (let start = 0; start < N_AGREEMENTS; start += BATCH) {
    conn.transaction(() => {
      for (let i = start; i < Math.min(N_AGREEMENTS, start + BATCH); i++) {
        let x = r() * monthTotal;
        let mi = 0;
        while (mi < MONTHS.length - 1 && (x -= monthWeights[mi]) >= 0) mi++;
        const month = MONTHS[mi];
        const signedOn = minDate(`${month}-${pad(int(r, 1, 28), 2)}`, TODAY);
        const bank = banks[bankOf()];
        const ent = enterprises[int(r, 0, N_ENTERPRISES - 1)];
        const monthEvents = eventsByMonth.get(month);
        const event = monthEvents && r() < 0.3 ? pick(r, monthEvents) : null;
        const category = r() < 0.75 ? weighted(r, CATEGORY_WEIGHTS) : null;
        const amount = (r() < 0.05 ? amountWan(r, 3000, 0.8, 500, 30000) : amountWan(r, 300, 1.0, 10, 5000)) * 10_000;
        const recent = mi >= MONTHS.length - 2;
        const roll = r();
        let status: string;
        if (roll < (recent ? 0.2 : 0.03)) status = 'proposed';
        else if (roll < (recent ? 0.23 : 0.06)) status = 'declined';
        else status = 'signed';
        const confirmedAt = status === 'signed' ? `${signedOn}T06:00:00.000Z` : null;
        let approvedAmount: number | null = null;
        let approvedOn: string | null = null;
        let disbursed = 0;
        let lastDisbursed: string | null = null;
        const id = `bagr${pad(i, 12)}`;
        const trancheRows: [string, number, string][] = [];
        if (status === 'signed' && r() < (recent ? 0.3 : 0.72)) {
          approvedAmount = Math.max(10_000, Math.round((amount * (0.7 + 0.3 * r())) / 10_000) * 10_000);
          approvedOn = minDate(addDays(signedOn, int(r, 7, 60)), TODAY);
          status = 'approved';
          if (r() < 0.75) {
            const n = int(r, 1, 3);
            let left = approvedAmount;
            let day = approvedOn;
            for (let k = 0; k < n && left > 0; k++) {
              const part = k === n - 1 ? left : Math.max(10_000, Math.round((left * (0.3 + 0.5 * r())) / 10_000) * 10_000);
              const amt = Math.min(part, left);
              day = minDate(addDays(day, int(r, 0, 40)), TODAY);
              trancheRows.push([`${id}t${k}`, amt, day]);
              left -= amt;
              disbursed += amt;
              lastDisbursed = day;
            }
            status = 'disbursed';
          }
        }
        const terminated = confirmedAt && r() < 0.04;
        if (terminated) status = 'terminated';
        agreementInsert.run(
          id,
          event,
          bank,
          ent.id,
          ent.region,
          ent.industry,
          category,
          amount,
          signedOn,
          month,
          status,
          r() < 0.5 ? bank : ent.id,
          confirmedAt ? 'bench' : null,
          confirmedAt,
          approvedAmount,
          approvedOn,
          disbursed,
          lastDisbursed,
          terminated ? '企业放弃' : null,
          terminated ? NOW : null,
          `${signedOn}T05:00:00.000Z`,
          NOW,
        );
        for (const [tid, amt, day] of trancheRows) {
          trancheInsert.run(tid, id, amt, day, `${day}T08:00:00.000Z`);
          tranches++;
        }
      }
    })();
  }

  // financing needs and bank interests
  const needInsert = conn.prepare(
    `insert into financing_needs (id, organization_id, title, amount, term_months, purpose, guarantee_mask, attachments, status, region_code, search_text, published_at, created_at, updated_at)
     values (?, ?, '融资需求', ?, 12, 'working_capital', 1, '[]', ?, ?, '', ?, ?, ?)`,
  );
  const interestInsert = conn.prepare(
    `insert into need_interests (id, need_kind, need_id, enterprise_org_id, bank_org_id, product_id, user_id, message, status, created_at)
     values (?, 'financing', ?, ?, ?, null, 'bench', '', ?, ?)`,
  );
  let interests = 0;
  conn.transaction(() => {
    for (let i = 0; i < N_NEEDS; i++) {
      const ent = enterprises[int(r, 0, N_ENTERPRISES - 1)];
      const month = MONTHS[int(r, 0, MONTHS.length - 1)];
      const published = minDate(`${month}-${pad(int(r, 1, 28), 2)}`, TODAY);
      const at = `${published}T03:00:00.000Z`;
      const id = `bneed${pad(i, 11)}`;
      needInsert.run(
        id,
        ent.id,
        amountWan(r, 300, 1, 10, 5000) * 10_000,
        r() < 0.6 ? 'published' : r() < 0.7 ? 'matched' : 'closed',
        ent.region,
        at,
        at,
        at,
      );
      const n = r() < 0.35 ? 0 : int(r, 1, 3);
      const seen = new Set<string>();
      for (let k = 0; k < n; k++) {
        const bank = banks[bankOf()];
        if (seen.has(bank)) continue;
        seen.add(bank);
        interestInsert.run(`bint${pad(interests++, 12)}`, id, ent.id, bank, r() < 0.1 ? 'withdrawn' : 'pending', at);
      }
    }
  })();
  // no ANALYZE here: the statistics are whatever the app's own upkeep gathers
  // (rebuildRollups refreshes them after its bulk write; decision 022)
  conn.close();
  return { counties: counties.map((c) => c.code), banks, tranches, interests };
}

/** Wall-clock times of `runs` calls after 3 warm-up calls; `cpu` collects the process CPU time of each. */
async function timeRuns(runs: number, fn: () => Promise<unknown>, cpu: number[] = []): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return out;
}

/** Imports an optional module (another area's work); null when it is not there. */
async function optional<T>(file: string): Promise<T | null> {
  const full = path.resolve(HERE, file);
  if (!fs.existsSync(full)) return null;
  return (await import(pathToFileURL(full).href)) as T;
}

async function main() {
  const { register } = await import('tsx/esm/api');
  register(); // db/migrations/*.ts are loaded by Node's import()
  // BENCH_KEEP=<file>: keep the generated database there and reuse it on the next run
  // (generation and the rollup rebuild are skipped; for iterating on the queries)
  const keep = process.env.BENCH_KEEP ? path.resolve(process.env.BENCH_KEEP) : null;
  const reuse = !!keep && fs.existsSync(keep);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-bench-reports-'));
  const file = keep ?? path.join(dir, 'finmatch.db');
  const handle = await createDatabase(`file:${file}`);
  const db: Kysely<Database> = handle.db;
  try {
    await migrateToLatest(db);
    const r = rng(20261126);
    let t = performance.now();
    if (!reuse) {
      const gen = await generate(file, r);
      const generateS = (performance.now() - t) / 1000;
      const [{ confirmed }] = await sql<{ confirmed: number }>`select count(*) as confirmed from agreements where confirmed_at is not null`
        .execute(db)
        .then((x) => x.rows);
      console.log(
        `generated ${N_AGREEMENTS} agreements (${confirmed} confirmed), ${gen.tranches} tranches, ${N_NEEDS} needs, ${gen.interests} interests, ${N_BANKS} banks, ${N_ENTERPRISES} enterprises, ${gen.counties.length} districts, ${N_EVENTS} sessions in ${generateS.toFixed(1)} s`,
      );
      t = performance.now();
      await rebuildRollups(db);
    } else {
      console.log(`reusing ${keep}`);
    }
    const rebuildS = (performance.now() - t) / 1000;
    const grains = await db
      .selectFrom('report_rollups')
      .select(['grain', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('grain')
      .execute();
    console.log(
      `rebuildRollups (with the statistics refresh after it): ${rebuildS.toFixed(1)} s; rows per grain: ${grains.map((g) => `${g.grain}=${g.n}`).join(' ')}`,
    );

    // targets (decision 030d) as an organizer sets them, so the dashboard measures their progress:
    // the province, its three cities and its ten busiest banks, for the year and the quarter of
    // today (the dashboard shows the periods containing today), each of the three metrics
    if (!(await db.selectFrom('report_targets').select('id').limit(1).executeTakeFirst())) {
      const topBanks = await db
        .selectFrom('report_rollups')
        .select(['bank_org_id', (eb) => eb.fn.sum<number>('signed_amount').as('s')])
        .where('grain', '=', 'b')
        .groupBy('bank_org_id')
        .orderBy('s', 'desc')
        .limit(10)
        .execute();
      const year = new Date().toISOString().slice(0, 4);
      const quarter = `${year}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
      const units = [
        ...['410000', ...CITIES].map((id) => ({ kind: 'region' as const, id })),
        ...topBanks.map((b) => ({ kind: 'bank' as const, id: b.bank_org_id })),
      ];
      let k = 0;
      for (const u of units)
        for (const period of [year, quarter])
          for (const metric of ['signed', 'disbursed', 'enterprises'] as const)
            await db
              .insertInto('report_targets')
              .values({
                id: `btgt${String(k++).padStart(12, '0')}`,
                region_code: '410000',
                unit_kind: u.kind,
                unit_id: u.id,
                period,
                metric,
                value: metric === 'enterprises' ? 5_000 : 100_000_000_000,
                updated_by: null,
                updated_at: NOW,
              })
              .execute();
      console.log(`targets: ${k} (province, 3 cities, 10 banks × ${year} and ${quarter} × signed, disbursed, enterprises)`);
    }

    // sanity: the rollups equal the raw sums
    const raw = await sql<{ s: number }>`select sum(amount) as s from agreements where confirmed_at is not null`.execute(db);
    const rolled = await getTotals(db, { region: '410000' });
    if (Number(raw.rows[0].s) !== rolled.signedAmount) throw new Error(`rollups ${rolled.signedAmount} ≠ raw ${raw.rows[0].s}`);
    console.log(`check: whole-area signed total from rollups = raw SUM = ${rolled.signedAmount} 元 (${rolled.signedCount} agreements)`);

    // the hook: 1,000 edits through applyAgreementChange
    const sample = await db
      .selectFrom('agreements')
      .select('id')
      .where('confirmed_at', 'is not', null)
      .where('id', 'like', 'bagr%7')
      .limit(1000)
      .execute();
    const hookTimes: number[] = [];
    for (const { id } of sample) {
      const t0 = performance.now();
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await trx
          .updateTable('agreements')
          .set({ amount: before.amount + 10_000, version: before.version + 1 })
          .where('id', '=', id)
          .execute();
        const after = await trx.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await applyAgreementChange(trx, before, after);
      });
      hookTimes.push(performance.now() - t0);
    }
    const after = await getTotals(db, { region: '410000' });
    if (after.signedAmount !== rolled.signedAmount + sample.length * 10_000) throw new Error('hook: totals out of step');
    console.log(
      `agreement edit + hook (one transaction): p50 ${ms(percentile(hookTimes, 50))} ms, p95 ${ms(percentile(hookTimes, 95))} ms over ${hookTimes.length} edits`,
    );

    // dashboards
    const [bigDistrict] = await db
      .selectFrom('agreements')
      .select(['region_code', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('region_code')
      .orderBy('n', 'desc')
      .limit(1)
      .execute();
    const [bigEvent] = await db
      .selectFrom('agreements')
      .select(['event_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('event_id', 'is not', null)
      .groupBy('event_id')
      .orderBy('n', 'desc')
      .limit(1)
      .execute();
    const [bigBank] = await db
      .selectFrom('agreements')
      .select(['bank_org_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('bank_org_id')
      .orderBy('n', 'desc')
      .limit(1)
      .execute();
    const organizer: DashboardViewer = { kind: 'organizer', regionCode: '410000' };
    const scenarios: [string, DashboardFilters][] = [
      ['whole area, all 36 months', {}],
      ['whole area, 2025', { from: '2025-01', to: '2025-12' }],
      ['whole area, last quarter', { from: '2026-09', to: '2026-11' }],
      ['one city (410100), 2026', { district: '410100', from: '2026-01', to: '2026-12' }],
      [`largest district (${bigDistrict.region_code}), all months`, { district: bigDistrict.region_code }],
      [`largest district, 2025`, { district: bigDistrict.region_code, from: '2025-01', to: '2025-12' }],
      [`largest session (${bigEvent.n} agreements)`, { event: bigEvent.event_id! }],
    ];
    const all: number[] = [];
    const allCpu: number[] = [];
    console.log(`\nloadDashboard (organizer of 410000), ${RUNS} runs each after 3 warm-up runs (wall clock; CPU time of the process):`);
    for (const [label, filters] of scenarios) {
      const cpu: number[] = [];
      const times = await timeRuns(
        RUNS,
        async () => {
          await loadDashboard(db, organizer, filters, 'zh-CN');
        },
        cpu,
      );
      all.push(...times);
      allCpu.push(...cpu);
      console.log(
        `  ${label.padEnd(44)} p50 ${String(ms(percentile(times, 50))).padStart(6)} ms  p95 ${String(ms(percentile(times, 95))).padStart(6)} ms   cpu p50 ${String(ms(percentile(cpu, 50))).padStart(6)} ms  p95 ${String(ms(percentile(cpu, 95))).padStart(6)} ms`,
      );
    }
    const dashboardP95 = Math.round(percentile(all, 95));
    console.log(
      `  all organizer runs (${all.length}): p50 ${ms(percentile(all, 50))} ms, p95 ${ms(percentile(all, 95))} ms; cpu p50 ${ms(percentile(allCpu, 50))} ms, p95 ${ms(percentile(allCpu, 95))} ms`,
    );
    const rrCpu: number[] = [];
    const rr = await timeRuns(RUNS, () => responseRates(db, { region: '410000' }), rrCpu);
    console.log(
      `  of which the bank response rate alone (whole area, all months): p50 ${ms(percentile(rr, 50))} ms, p95 ${ms(percentile(rr, 95))} ms; cpu p50 ${ms(percentile(rrCpu, 50))} ms`,
    );
    console.log(
      `  load average while measuring: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores`,
    );

    const bankViewer: DashboardViewer = { kind: 'bank', bankId: bigBank.bank_org_id, bankName: '基准银行' };
    const bankCpu: number[] = [];
    const bankTimes = await timeRuns(RUNS, () => loadDashboard(db, bankViewer, {}, 'zh-CN'), bankCpu);
    console.log(
      `  largest bank's own dashboard (${bigBank.n} agreements): p50 ${ms(percentile(bankTimes, 50))} ms, p95 ${ms(percentile(bankTimes, 95))} ms; cpu p50 ${ms(percentile(bankCpu, 50))} ms`,
    );
    const whole = await loadDashboard(db, organizer, {}, 'zh-CN');
    const chartCpu: number[] = [];
    const chartTimes = await timeRuns(Math.min(RUNS, 20), async () => dashboardCharts(whole, 'zh-CN'), chartCpu);
    console.log(
      `  the page's 6 SVG charts (ECharts SSR): p50 ${ms(percentile(chartTimes, 50))} ms, p95 ${ms(percentile(chartTimes, 95))} ms; cpu p50 ${ms(percentile(chartCpu, 50))} ms`,
    );

    // the monthly ranking
    let rankingMs = 'n/a';
    const ranking = await optional<{
      computeMonthlyRanking: (db: Kysely<Database>, opts: { regionCode: string; month: string }) => Promise<unknown>;
    }>('../../app/modules/reports/ranking.server.ts');
    if (ranking?.computeMonthlyRanking) {
      const month = '2026-10';
      const t1 = performance.now();
      await ranking.computeMonthlyRanking(db, { regionCode: '410000', month });
      const cold = performance.now() - t1;
      const warm = await timeRuns(5, () => ranking.computeMonthlyRanking(db, { regionCode: '410000', month }));
      rankingMs = String(Math.round(percentile(warm, 50)));
      console.log(`\ncomputeMonthlyRanking(410000, ${month}): first call ${ms(cold)} ms, then median ${rankingMs} ms (5 runs)`);
    } else {
      console.log('\ncomputeMonthlyRanking: not available (app/modules/reports/ranking.server.ts) → n/a');
    }

    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });

    // the bulk import
    let importRate = 'n/a';
    const importer = await optional<{
      measureEnterpriseImport: (opts?: { rows?: number }) => Promise<{ rows: number; seconds: number; rowsPerSecond: number }>;
    }>('./import-enterprises.ts');
    if (importer?.measureEnterpriseImport) {
      const rows = process.env.BENCH_IMPORT_ROWS ? Number(process.env.BENCH_IMPORT_ROWS) : undefined;
      const res = await importer.measureEnterpriseImport(rows ? { rows } : {});
      importRate = String(res.rowsPerSecond);
      console.log(`measureEnterpriseImport: ${res.rows} rows in ${res.seconds} s → ${res.rowsPerSecond} rows/s`);
    } else {
      console.log('measureEnterpriseImport: not available (scripts/bench/import-enterprises.ts) → n/a');
    }

    console.log(
      `bench:reports agreements=${N_AGREEMENTS} dashboard_p95_ms=${dashboardP95} ranking_ms=${rankingMs} import_rows_per_s=${importRate}`,
    );
  } finally {
    await db.destroy().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
