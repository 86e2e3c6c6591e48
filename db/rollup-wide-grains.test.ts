// Migration 2026-12-14-a-rollup-wide-grains (decision 043a): its backfill of the grains M,
// E, I and C from existing agreements gives the rows rebuildRollups gives, and its `down`
// takes them away. On SQLite, and on PostgreSQL with TEST_PG_URL.
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { rebuildRollups } from '../app/modules/reports/rollups.server';
import { agreementValues } from '../tests/support/agreement-values';
import { freshDatabaseUrl } from '../tests/support/server';
import { createTempDatabase, insertEvent, insertOrg, insertUser, rollupRowsInKeyOrder } from '../tests/support/temp-db';
import { migrateToLatest, migratorOf } from './migrate';
import type { Database } from './schema';

const BEFORE = '2026-12-13-d-needs-wanted-by-id';
const WIDE = ['C', 'E', 'I', 'M'];

const rows = (db: Kysely<Database>) =>
  rollupRowsInKeyOrder(db).then((r) =>
    r.map((x) => ({
      ...x,
      signed_amount: Number(x.signed_amount),
      approved_amount: Number(x.approved_amount),
      disbursed_amount: Number(x.disbursed_amount),
      terminated_amount: Number(x.terminated_amount),
    })),
  );

async function fixture(db: Kysely<Database>) {
  const bank = await insertOrg(db, { kind: 'bank', region: '410400' });
  const ent = await insertOrg(db, { kind: 'enterprise', region: '410481' });
  const user = await insertUser(db, { role: 'organizer', regionCode: '410400' });
  const now = '2026-03-01T00:00:00.000Z';
  await insertEvent(db, { id: 'wg-event-1', region: '410400', createdBy: user });
  // two cities, three districts, with and without a session, industry and category; one terminated,
  // one with a loan approved and paid, one not confirmed (counts nowhere)
  const cases = [
    { region: '410481', month: '2026-01', event: 'wg-event-1', industry: 'C', category: 'working_capital', amount: 3_000_000 },
    {
      region: '410482',
      month: '2026-01',
      event: 'wg-event-1',
      industry: 'C',
      category: null,
      amount: 5_000_000,
      status: 'terminated' as const,
    },
    {
      region: '410482',
      month: '2026-02',
      event: null,
      industry: null,
      category: 'working_capital',
      amount: 7_000_000,
      approved: 6_000_000,
      disbursed: 2_000_000,
    },
    { region: '410102', month: '2026-02', event: null, industry: 'A', category: null, amount: 11_000_000 },
    { region: '410102', month: '2026-02', event: 'wg-event-1', industry: 'A', category: null, amount: 13_000_000, confirmed: false },
  ];
  let i = 0;
  for (const c of cases) {
    await db
      .insertInto('agreements')
      .values(
        agreementValues({
          id: `wg-agr-${++i}`,
          bank_org_id: bank,
          enterprise_org_id: ent,
          region_code: c.region,
          amount: c.amount,
          signed_on: `${c.month}-05`,
          proposed_by_org_id: bank,
          proposed_by_user_id: user,
          event_id: c.event,
          industry: c.industry,
          product_category: c.category,
          status: c.status ?? 'signed',
          confirmed_at: c.confirmed === false ? null : now,
          approved_amount: c.approved ?? null,
          disbursed_amount: c.disbursed ?? 0,
          created_at: now,
          updated_at: now,
        }),
      )
      .execute();
  }
}

function suite(name: string, open: () => Promise<{ db: Kysely<Database>; close: () => Promise<void> }>) {
  describe(name, () => {
    it('backfills the wide grains from the agreements as a rebuild does, and down removes them', async () => {
      const { db, close } = await open();
      try {
        await fixture(db);
        await rebuildRollups(db);
        const rebuilt = await rows(db);
        expect(new Set(rebuilt.map((r) => r.grain))).toEqual(new Set(['B', 'C', 'E', 'I', 'M', 'b', 'c', 'd', 'f', 'i', 'm']));
        // the city grains hold cities: 410481 and 410482 in one row of 4104 per month
        expect(rebuilt.filter((r) => r.grain === 'I' && r.industry === 'C').map((r) => [r.region_code, r.signed_count])).toEqual([
          ['410400', 2],
        ]);
        expect(rebuilt.filter((r) => r.grain === 'M').map((r) => [r.region_code, r.signed_month, r.signed_amount])).toEqual([
          ['410102', '2026-02', 11_000_000],
          ['410481', '2026-01', 3_000_000],
          ['410482', '2026-01', 5_000_000],
          ['410482', '2026-02', 7_000_000],
        ]);

        const m = migratorOf(db);
        const down = await m.migrateTo(BEFORE);
        expect(down.error).toBeUndefined();
        expect(down.results?.map((r) => r.migrationName)).toContain('2026-12-14-a-rollup-wide-grains');
        const without = await rows(db);
        expect(without.some((r) => WIDE.includes(r.grain))).toBe(false);
        expect(without).toEqual(rebuilt.filter((r) => !WIDE.includes(r.grain)));

        await migrateToLatest(db);
        expect(await rows(db)).toEqual(rebuilt);
      } finally {
        await close();
      }
    });
  });
}

suite('wide rollup grains on SQLite', async () => {
  const h = await createTempDatabase();
  return { db: h.db, close: h.cleanup };
});

describe.runIf(!!process.env.TEST_PG_URL)('on PostgreSQL', () => {
  suite('wide rollup grains on PostgreSQL', async () => {
    const fresh = await freshDatabaseUrl('widegrains');
    const h = await createTempDatabase(fresh.url);
    return {
      db: h.db,
      close: async () => {
        await h.db.destroy();
        await fresh.drop();
      },
    };
  });
});
