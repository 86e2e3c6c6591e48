// The (region, China month bucket, publication) index of the published financing needs
// (migration 2026-12-15-a-needs-region-month, decision 044b). An expression index is used only
// while the query's expression is the index's, text for text: these tests fail when
// `chinaMonthBucket` and the migration drift apart (the dashboard would silently go back to
// computing and sorting every need's bucket), and check that the counts the dashboard reads
// through it are the needs' China months. SQLite; PostgreSQL with TEST_PG_URL.
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaMonthBucket } from '../app/modules/calendar/month-buckets.server';
import { chinaDate } from '../app/modules/calendar/working-days';
import { responseGrains } from '../app/modules/reports/dashboard.server';
import { inRegion } from '../app/modules/regions/regions.server';
import {
  createTempDatabase,
  createTempPostgresDatabase,
  insertFinancingNeed,
  insertOrg,
  type TempDatabase,
} from '../tests/support/temp-db';
import type { Database } from './schema';

// instants around the China month's turn (UTC+8: 16:00 UTC on the last day is the next month)
const INSTANTS = [
  '2026-01-31T15:59:59.000Z',
  '2026-01-31T16:00:00.000Z',
  '2026-02-28T16:30:00.000Z',
  '2026-02-28T15:00:00.000Z',
  '2026-03-15T08:00:00.000Z',
  '2026-03-29T17:00:00.000Z',
  '2026-12-31T23:00:00.000Z',
];
const REGIONS = ['410402', '410403', '410481', '410102'];
const PERIODS = [
  [undefined, undefined],
  ['2026-02', '2026-03'],
  ['2026-03', undefined],
] as const;

async function seed(db: Kysely<Database>) {
  let n = 0;
  const rows: { region: string; at: string | null }[] = [];
  for (const region of REGIONS) {
    const org = await insertOrg(db, { kind: 'enterprise', region });
    for (const at of [...INSTANTS, null]) {
      const id = `nrm${String(++n).padStart(13, '0')}`;
      rows.push({ region, at });
      await insertFinancingNeed(db, { id, organizationId: org, region, publishedAt: at });
    }
  }
  return rows;
}

/** The needs by (region, China month) within the city 410400, counted here from the rows. */
function expected(rows: { region: string; at: string | null }[], from?: string, to?: string) {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!r.at || !r.region.startsWith('4104')) continue;
    const month = chinaDate(r.at).slice(0, 7);
    if ((from && month < from) || (to && month > to)) continue;
    out.set(`${r.region} ${month}`, (out.get(`${r.region} ${month}`) ?? 0) + 1);
  }
  return out;
}

async function counted(db: Kysely<Database>, from?: string, to?: string) {
  const g = await responseGrains(db, { region: '410400', from, to });
  const out = new Map<string, number>();
  for (const n of g.needs) out.set(`${n.region} ${n.month}`, (out.get(`${n.region} ${n.month}`) ?? 0) + n.n);
  return out;
}

/** The dashboard's grouping of a region's needs by month bucket, as the app builds it. */
const byMonth = (db: Kysely<Database>) =>
  db
    .selectFrom('financing_needs as fn')
    .select(['fn.region_code', chinaMonthBucket('fn.published_at').as('bucket'), sql<number>`count(*)`.as('n')])
    .where('fn.published_at', 'is not', null)
    .where(inRegion('fn.region_code', '410400'))
    .groupBy(['fn.region_code', sql`2`]);

describe('the needs by region and China month (SQLite)', () => {
  let handle: TempDatabase;
  let rows: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    handle = await createTempDatabase();
    rows = await seed(handle.db);
  });
  afterAll(() => handle.cleanup());

  it('reads them grouped from the index: no bucket computed and sorted per need', async () => {
    for (const q of [byMonth(handle.db), byMonth(handle.db).where('fn.published_at', '>=', '2026-02-01T00:00:00.000Z')]) {
      const { sql: text, parameters } = q.compile();
      const plan = await handle.db.executeQuery(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
      const details = JSON.stringify(plan.rows);
      expect(details).toContain('financing_needs_region_month');
      expect(details).not.toContain('TEMP B-TREE');
    }
  });

  it('counts each need in its China month, over any period', async () => {
    for (const [from, to] of PERIODS) {
      expect(await counted(handle.db, from, to)).toEqual(expected(rows, from, to));
    }
  });
});

describe.skipIf(!process.env.TEST_PG_URL)('the needs by region and China month (PostgreSQL)', () => {
  let pgDb: Awaited<ReturnType<typeof createTempPostgresDatabase>>;
  let rows: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    pgDb = await createTempPostgresDatabase('needs_region_month');
    rows = await seed(pgDb.db);
  });
  afterAll(() => pgDb?.close());

  it('can read them through the index (the query’s expression is the index’s)', async () => {
    await pgDb.db.connection().execute(async (c) => {
      await sql`set enable_seqscan = off`.execute(c);
      const { sql: text, parameters } = byMonth(c).compile();
      const plan = await c.executeQuery(CompiledQuery.raw(`explain ${text}`, [...parameters]));
      expect(JSON.stringify(plan.rows)).toContain('financing_needs_region_month');
    });
  });

  it('counts each need in its China month, over any period', async () => {
    for (const [from, to] of PERIODS) {
      expect(await counted(pgDb.db, from, to)).toEqual(expected(rows, from, to));
    }
  });
});
