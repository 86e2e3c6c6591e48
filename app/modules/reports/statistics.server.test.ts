/**
 * Planner statistics upkeep (docs/decisions/022-planner-statistics.md): a handle opened
 * on an empty database, then bulk writes — the statistics must follow the data after
 * rebuildRollups and after an import's commit, without anyone running ANALYZE by hand.
 * SQLite here (the statistics live in sqlite_stat1); with TEST_PG_URL also PostgreSQL
 * (pg_stat_user_tables.last_analyze).
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, refreshStatistics } from '#db/connection';
import { migrateToLatest } from '#db/migrate';
import type { Database } from '#db/schema';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase } from '../../../tests/support/temp-db';
import { enterpriseSheet } from '../../../scripts/bench/import-enterprises';
import { runImport } from '~/modules/imports/import.server';
import { rebuildRollups } from './rollups.server';

const NOW = '2026-11-25T08:00:00.000Z';

/** Rows the planner believes an index of `table` has (SQLite: sqlite_stat1; 0 = no statistics). */
async function sqliteStatRows(db: Kysely<Database>, table: string): Promise<number> {
  const exists = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db);
  if (!exists.rows[0].n) return 0;
  const { rows } = await sql<{ stat: string }>`select stat from sqlite_stat1 where tbl = ${table} and idx is not null`.execute(db);
  return rows.length ? Math.max(...rows.map((r) => Number(r.stat.split(' ')[0]))) : 0;
}

async function seedAgreements(db: Kysely<Database>, n: number) {
  const org = (id: string, kind: 'bank' | 'enterprise') => ({
    id,
    kind,
    name: id,
    status: 'verified' as const,
    status_reason: null,
    status_changed_by: null,
    status_changed_at: null,
    credit_code: null,
    region_code: '410481',
    industry: 'C',
    size: 'small',
    founded_year: null,
    registered_capital: null,
    employees: null,
    annual_revenue: null,
    bank_type: kind === 'bank' ? 'city' : null,
    branch_level: null,
    contact_name: '联系人',
    contact_phone: '13800000000',
    contact_email: null,
    description: null,
    created_at: NOW,
    updated_at: NOW,
  });
  await db
    .insertInto('users')
    .values({
      id: 'statuser00000001',
      email: 's@test.finmatch.cn',
      name: '统计',
      phone: '13800000000',
      password_hash: 'x',
      role: 'organizer',
      organization_id: null,
      region_code: '410400',
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  await db
    .insertInto('organizations')
    .values([org('statbank00000001', 'bank'), org('statent000000001', 'enterprise')])
    .execute();
  const rows = Array.from({ length: n }, (_, i) => ({
    id: `statagr${String(i).padStart(9, '0')}`,
    document_no: null,
    event_id: null,
    bank_org_id: 'statbank00000001',
    enterprise_org_id: 'statent000000001',
    need_id: null,
    product_id: null,
    region_code: '410481',
    industry: 'C',
    product_category: null,
    amount: 1_000_000,
    term_months: 12,
    signed_on: '2026-10-15',
    signed_month: '2026-10',
    bank_signatory: '甲',
    enterprise_signatory: '乙',
    status: 'signed' as const,
    proposed_by_org_id: 'statbank00000001',
    proposed_by_user_id: 'statuser00000001',
    confirmed_by_user_id: 'statuser00000001',
    confirmed_at: NOW,
    approved_amount: null,
    approved_on: null,
    disbursed_amount: 0,
    last_disbursed_on: null,
    status_reason: null,
    terminated_at: null,
    version: 1,
    created_at: NOW,
    updated_at: NOW,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('agreements')
      .values(rows.slice(i, i + 500) as never)
      .execute();
}

describe('planner statistics upkeep on SQLite', () => {
  let temp: Awaited<ReturnType<typeof createTempDatabase>>;
  beforeAll(async () => {
    temp = await createTempDatabase();
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  it('rebuildRollups leaves statistics for the agreements and the rollups it wrote', async () => {
    const db = temp.db;
    await seedAgreements(db, 1200);
    // written around the hook: nothing has analysed them yet
    expect(await sqliteStatRows(db, 'agreements')).toBe(0);
    await rebuildRollups(db);
    expect(await sqliteStatRows(db, 'agreements')).toBe(1200);
    expect(await sqliteStatRows(db, 'report_rollups')).toBeGreaterThan(0);
  });

  it('an import commit leaves statistics for the organizations it created', async () => {
    const db = temp.db;
    const before = await sqliteStatRows(db, 'organizations');
    const report = await runImport(
      db,
      { id: 'statuser00000001', regionCode: '410400', organizationId: null },
      { kind: 'enterprises', fileName: 'e.xlsx', bytes: await enterpriseSheet(300) },
      { dryRun: false },
    );
    expect(report.committed).toBe(true);
    expect(before).toBeLessThan(30); // two organizations when the rollups were rebuilt
    expect(await sqliteStatRows(db, 'organizations')).toBe(302);
  });

  it('is refused inside a transaction (the caller runs it after its commit)', async () => {
    await expect(temp.db.transaction().execute((trx) => refreshStatistics(trx))).rejects.toThrow(/after the transaction/);
  });
});

describe.runIf(!!process.env.TEST_PG_URL)('planner statistics upkeep on PostgreSQL', () => {
  let db: Kysely<Database>;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const { register } = await import('tsx/esm/api');
    register();
    const fresh = await freshDatabaseUrl('stats');
    drop = fresh.drop;
    db = (await createDatabase(fresh.url)).db;
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('rebuildRollups analyses the agreements and the rollups', async () => {
    await seedAgreements(db, 300);
    const analysed = async () =>
      (
        await sql<{
          relname: string;
        }>`select relname from pg_stat_user_tables where last_analyze is not null and relname in ('agreements', 'report_rollups')`.execute(
          db,
        )
      ).rows
        .map((r) => r.relname)
        .sort();
    expect(await analysed()).toEqual([]);
    await rebuildRollups(db);
    expect(await analysed()).toEqual(['agreements', 'report_rollups']);
  });
});
