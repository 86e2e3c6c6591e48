/**
 * `npm run bench:ranking`: the monthly ranking (app/modules/reports/ranking.server.ts)
 * on 1,000,000 generated agreements.
 *
 * Instance (fixed seed): 40 banks, 20,000 enterprises, BENCH_AGREEMENTS (default
 * 1,000,000) agreements over 36 months ending with the current month, 80 % of
 * them in 平顶山市 (410400, the organizer's region: the ranking reads them all for
 * the cumulative fulfilment) and 20 % in 郑州市; 93 % confirmed; 40 % with one or
 * two tranches up to 120 days after signing (none in the future); BENCH_NEEDS
 * (default 6,000) needs published over the last 120 days and twice as many responses.
 * Written into a fresh temporary SQLite file migrated with db/migrate.ts — or,
 * with BENCH_DATABASE_URL=postgres://…, into that (empty) PostgreSQL database, then
 * VACUUM ANALYZE as autovacuum would — and the pre-aggregated totals
 * (report_rollups) are rebuilt from them. BENCH_KEEP=<file> keeps (and reuses) the
 * SQLite file; a PostgreSQL database that already holds agreements is reused.
 *
 * Measured: computeMonthlyRanking for the city (410400) and the current month
 * (cold first run, then BENCH_ROUNDS more: p50 / max), the previous month, a
 * month two years back, and a county (410481). Last line, machine-readable:
 *   bench:ranking agreements=<n> db=<kind> first_ms=<n> p50_ms=<n> max_ms=<n> cpu_p50_ms=<n> load=<n>
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { createDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { computeMonthlyRanking } from '../../app/modules/reports/ranking.server';
import { rebuildRollups } from '../../app/modules/reports/rollups.server';
import { chinaMonth, previousMonth } from '../../app/modules/reports/ranking-month';

const N = Number(process.env.BENCH_AGREEMENTS || 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 10);
const BANKS = 40;
const ENTERPRISES = 20_000;
const NEEDS = Number(process.env.BENCH_NEEDS || 6_000);
const MONTHS = 36;

/** mulberry32: a small seeded generator, so every run builds the same instance */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CITY_COUNTIES = ['410402', '410403', '410404', '410411', '410421', '410422', '410423', '410425', '410481', '410482'];
const OTHER_COUNTIES = ['410102', '410103', '410104', '410105', '410122'];
const pad = (prefix: string, n: number) => `${prefix}${String(n).padStart(16 - prefix.length, '0')}`;
const addDaysIso = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function generate(db: Kysely<Database>, kind: 'sqlite' | 'postgres', months: string[]): Promise<void> {
  const rand = rng(20261126);
  const now = new Date().toISOString();
  const today = now.slice(0, 10);
  const t0 = performance.now();
  const orgRow = (id: string, kind: 'bank' | 'enterprise', name: string, region: string) => ({
    id,
    kind,
    name,
    status: 'verified' as const,
    status_reason: null,
    status_changed_by: null,
    status_changed_at: now,
    credit_code: null,
    region_code: region,
    industry: kind === 'enterprise' ? 'C' : null,
    size: null,
    founded_year: null,
    registered_capital: null,
    employees: null,
    annual_revenue: null,
    bank_type: kind === 'bank' ? 'city' : null,
    branch_level: null,
    contact_name: '测试',
    contact_phone: '13800000000',
    contact_email: null,
    description: null,
    created_at: now,
    updated_at: now,
  });
  const banks = Array.from({ length: BANKS }, (_, i) => pad('bkbank', i + 1));
  const ents = Array.from({ length: ENTERPRISES }, (_, i) => ({
    id: pad('bkent', i + 1),
    region:
      rand() < 0.8 ? CITY_COUNTIES[Math.floor(rand() * CITY_COUNTIES.length)] : OTHER_COUNTIES[Math.floor(rand() * OTHER_COUNTIES.length)],
  }));
  const user = pad('bkusr', 1);
  await db
    .insertInto('users')
    .values({
      id: user,
      email: 'bench@ranking.test',
      name: '基准',
      phone: '13800000000',
      password_hash: 'x',
      role: 'organizer',
      organization_id: null,
      region_code: '410400',
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (let i = 0; i < banks.length; i += 500)
    await db
      .insertInto('organizations')
      .values(banks.slice(i, i + 500).map((id, k) => orgRow(id, 'bank', `基准测试银行${i + k + 1}平顶山分行`, '410400')))
      .execute();
  await db
    .insertInto('bank_regions')
    .values(banks.map((id, i) => ({ organization_id: id, region_code: i < 30 ? '410400' : '410100' })))
    .execute();
  for (let i = 0; i < ents.length; i += 500)
    await db
      .insertInto('organizations')
      .values(ents.slice(i, i + 500).map((e, k) => orgRow(e.id, 'enterprise', `基准测试企业${i + k + 1}有限公司`, e.region)))
      .execute();

  // agreements and tranches
  const STATUSES = ['signed', 'signed', 'approved', 'disbursed', 'disbursed', 'terminated'] as const;
  const agreementCols = [
    'id',
    'bank_org_id',
    'enterprise_org_id',
    'region_code',
    'amount',
    'signed_on',
    'signed_month',
    'bank_signatory',
    'enterprise_signatory',
    'status',
    'proposed_by_org_id',
    'proposed_by_user_id',
    'confirmed_by_user_id',
    'confirmed_at',
    'disbursed_amount',
    'last_disbursed_on',
    'created_at',
    'updated_at',
  ];
  let aBatch: unknown[][] = [];
  let tBatch: unknown[][] = [];
  let tranches = 0;
  // tranches go in after their agreements (foreign key): both are written together
  const flush = async (force = false) => {
    if (!force && aBatch.length < 1500) return;
    if (aBatch.length) {
      await db
        .insertInto('agreements')
        .values(aBatch.map((r) => Object.fromEntries(agreementCols.map((c, i) => [c, r[i]])) as never))
        .execute();
      aBatch = [];
    }
    if (tBatch.length) {
      await db
        .insertInto('agreement_tranches')
        .values(
          tBatch.map(
            ([id, agreement_id, amount, disbursed_on]) =>
              ({ id, agreement_id, amount, disbursed_on, created_by: user, created_at: now }) as never,
          ),
        )
        .execute();
      tBatch = [];
    }
  };
  const inTransaction = kind === 'sqlite';
  if (inTransaction) await sql`begin`.execute(db);
  for (let i = 0; i < N; i++) {
    const ent = ents[Math.floor(rand() * ents.length)];
    const bank = banks[Math.floor(rand() ** 1.6 * banks.length)];
    const month = months[Math.floor(rand() * MONTHS)];
    const signedOn = `${month}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const amount = (50 + Math.floor(rand() * 5000)) * 10_000;
    const confirmed = rand() < 0.93;
    const status = confirmed ? STATUSES[Math.floor(rand() * STATUSES.length)] : rand() < 0.5 ? 'proposed' : 'declined';
    let disbursed = 0;
    let last: string | null = null;
    const id = pad('bkagr', i + 1);
    if (confirmed && rand() < 0.4) {
      const parts = rand() < 0.5 ? 1 : 2;
      for (let k = 0; k < parts; k++) {
        const date = addDaysIso(signedOn, 10 + Math.floor(rand() * 110));
        if (date > today) break; // no tranche in the future
        const part = Math.floor((amount * (0.3 + rand() * 0.2)) / 10_000) * 10_000;
        disbursed += part;
        if (!last || date > last) last = date;
        tBatch.push([pad('bktr', ++tranches), id, part, date]);
      }
    }
    aBatch.push([
      id,
      bank,
      ent.id,
      ent.region,
      amount,
      signedOn,
      month,
      '甲',
      '乙',
      status,
      bank,
      user,
      confirmed ? user : null,
      confirmed ? `${signedOn}T02:00:00.000Z` : null,
      disbursed,
      last,
      now,
      now,
    ]);
    await flush();
    if (inTransaction && i % 100_000 === 99_999) {
      await sql`commit`.execute(db);
      await sql`begin`.execute(db);
    }
  }
  await flush(true);

  // needs and responses over the last 4 months
  const needRows: { id: string; org: string; region: string; published: string }[] = [];
  for (let i = 0; i < NEEDS; i++) {
    const ent = ents[Math.floor(rand() * ents.length)];
    const published = new Date(Date.now() - Math.floor(rand() * 120 * 86_400_000)).toISOString();
    needRows.push({ id: pad('bkneed', i + 1), org: ent.id, region: ent.region, published });
  }
  for (let i = 0; i < needRows.length; i += 1000) {
    await db
      .insertInto('financing_needs')
      .values(
        needRows.slice(i, i + 1000).map((n) => ({
          id: n.id,
          organization_id: n.org,
          title: '基准需求',
          amount: 1_000_000,
          term_months: 12,
          purpose: 'working_capital',
          guarantee_mask: 1,
          max_rate_bp: null,
          wanted_by: null,
          description: null,
          attachments: '[]',
          status: 'published' as const,
          region_code: n.region,
          search_text: '基准需求',
          published_at: n.published,
          closed_at: null,
          status_reason: null,
          created_at: n.published,
          updated_at: n.published,
        })),
      )
      .execute();
  }
  const interests: {
    id: string;
    need_kind: 'financing';
    need_id: string;
    enterprise_org_id: string;
    bank_org_id: string;
    product_id: null;
    user_id: string;
    message: string;
    status: 'pending';
    response_message: null;
    responded_by: null;
    created_at: string;
    responded_at: null;
  }[] = [];
  const seen = new Set<string>();
  for (let i = 0; interests.length < NEEDS * 2 && i < NEEDS * 4; i++) {
    const n = needRows[Math.floor(rand() * needRows.length)];
    const bank = banks[Math.floor(rand() * banks.length)];
    if (seen.has(n.id + bank)) continue;
    seen.add(n.id + bank);
    const created = new Date(Date.parse(n.published) + Math.floor(rand() * 12 * 86_400_000)).toISOString();
    interests.push({
      id: pad('bkint', interests.length + 1),
      need_kind: 'financing',
      need_id: n.id,
      enterprise_org_id: n.org,
      bank_org_id: bank,
      product_id: null,
      user_id: user,
      message: '可以',
      status: 'pending',
      response_message: null,
      responded_by: null,
      created_at: created,
      responded_at: null,
    });
  }
  for (let i = 0; i < interests.length; i += 1000)
    await db
      .insertInto('need_interests')
      .values(interests.slice(i, i + 1000))
      .execute();
  if (inTransaction) await sql`commit`.execute(db);
  const r0 = performance.now();
  // the agreements were written directly: build the pre-aggregated totals the way a repair would
  await rebuildRollups(db);
  console.log(`rebuilt report_rollups in ${((performance.now() - r0) / 1000).toFixed(1)} s`);
  // rebuildRollups refreshed the planner statistics as the app does after a bulk write
  // (decision 022). PostgreSQL: autovacuum also sets the visibility map after bulk
  // inserts in steady state (index-only scans); do that now
  if (kind === 'postgres') await sql.raw('vacuum analyze').execute(db);
  console.log(
    `generated ${N} agreements (${tranches} tranches), ${NEEDS} needs, ${interests.length} responses on ${kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

async function main() {
  const pgUrl = process.env.BENCH_DATABASE_URL;
  // BENCH_KEEP=<file>: keep the generated SQLite file and reuse it on the next run;
  // a PostgreSQL database that already holds agreements is reused as it is
  const keep = process.env.BENCH_KEEP;
  let reuse = !pgUrl && !!keep && fs.existsSync(keep);
  const dir = pgUrl || keep ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-bench-ranking-'));
  const url = pgUrl ?? `file:${keep ?? path.join(dir!, 'bench.db')}`;
  const handle = await createDatabase(url);
  const db = handle.db;
  await migrateToLatest(db);
  const current = chinaMonth();
  const months: string[] = [current];
  while (months.length < MONTHS) months.push(previousMonth(months[months.length - 1]));
  if (pgUrl) reuse = !!(await db.selectFrom('agreements').select('id').limit(1).executeTakeFirst());
  if (!reuse) await generate(db, handle.kind, months);

  // wall-clock time, and this process's CPU time (SQLite runs in-process: on a shared
  // machine the CPU time says more than the wall clock; PostgreSQL's work is not in it)
  const time = async (label: string, regionCode: string, month: string) => {
    const s = performance.now();
    const c = process.cpuUsage();
    const r = await computeMonthlyRanking(db, { regionCode, month });
    const ms = performance.now() - s;
    const cpu = process.cpuUsage(c);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    console.log(
      `${label}: ${ms.toFixed(0)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (region ${regionCode}, ${month}: ${r.banks.length} banks, ${r.districts.length} districts, signed ${r.totals.signedCount} agreements, cumulative ${r.totals.cumulativeSigned} 元)`,
    );
    return ms;
  };
  const cpuMs: number[] = [];
  const first = await time('first run (cold)', '410400', current);
  const runs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await time(`run ${i + 1}`, '410400', current));
  await time('previous month', '410400', months[1]);
  await time('two years back', '410400', months[24]);
  await time('county 410481', '410481', current);
  runs.sort((a, b) => a - b);
  const p50 = runs[Math.floor((runs.length - 1) / 2)];
  const max = runs[runs.length - 1];
  const cpuRuns = cpuMs.slice(1, 1 + ROUNDS).sort((a, b) => a - b);
  const cpuP50 = cpuRuns[Math.floor((cpuRuns.length - 1) / 2)];
  await db.destroy();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `bench:ranking agreements=${N} db=${handle.kind} first_ms=${first.toFixed(0)} p50_ms=${p50.toFixed(0)} max_ms=${max.toFixed(0)} cpu_p50_ms=${cpuP50.toFixed(0)} load=${os.loadavg()[0].toFixed(2)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
