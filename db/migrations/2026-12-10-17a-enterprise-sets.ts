// Frozen in time: takes Kysely<any> and never imports app code.
// Exact distinct-enterprise counts over any period (issue 17, decision 038a).
// - report_enterprise_numbers: a dense number per enterprise that ever had a
//   confirmed agreement (assigned once, never reused);
// - report_enterprise_sets: per (bank, district, signing month) the set of
//   enterprises with a confirmed agreement there, as a list of numbers or a bitmap
//   (bank '' = all banks). A count over a scope and period is the size of the union
//   of its cells' sets.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('report_enterprise_numbers')
    // SQLite: an alias of the rowid (max + 1 on insert); PostgreSQL: an identity column
    .addColumn('no', 'integer', (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createTable('report_enterprise_sets')
    .addColumn('bank_org_id', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('signed_month', 'text', (c) => c.notNull())
    .addColumn('members', pg ? sql`bytea` : 'blob', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_enterprise_sets_pk', ['bank_org_id', 'region_code', 'signed_month'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_enterprise_sets').execute();
  await db.schema.dropTable('report_enterprise_numbers').execute();
}
