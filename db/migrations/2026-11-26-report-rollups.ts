// Frozen in time: takes Kysely<any> and never imports app code.
// Pre-aggregated totals of letters of intent (合作意向书) for dashboards and exports
// (docs/decisions/018-report-rollups.md). One row per grain and key; dimensions a
// grain does not keep hold '' (never NULL, so the key stays unique on PostgreSQL too).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_rollups')
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('bank_org_id', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('signed_month', 'text', (c) => c.notNull())
    .addColumn('industry', 'text', (c) => c.notNull())
    .addColumn('product_category', 'text', (c) => c.notNull())
    .addColumn('signed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signed_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('approved_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('approved_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('disbursed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disbursed_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('terminated_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('terminated_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('report_rollups_pk', [
      'grain',
      'event_id',
      'bank_org_id',
      'region_code',
      'signed_month',
      'industry',
      'product_category',
    ])
    .execute();
  await db.schema.createIndex('report_rollups_region').on('report_rollups').columns(['grain', 'region_code', 'signed_month']).execute();
  await db.schema
    .createIndex('report_rollups_bank')
    .on('report_rollups')
    .columns(['grain', 'bank_org_id', 'region_code', 'signed_month'])
    .execute();
  // the dashboard's bank response rate: needs of a region published in a period, and the
  // banks' answers to them, read from covering indexes
  await db.schema
    .createIndex('financing_needs_region_published')
    .on('financing_needs')
    .columns(['region_code', 'published_at', 'id'])
    .execute();
  await db.schema
    .createIndex('need_interests_need_bank_status')
    .on('need_interests')
    .columns(['need_kind', 'need_id', 'bank_org_id', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('need_interests_need_bank_status').execute();
  await db.schema.dropIndex('financing_needs_region_published').execute();
  await db.schema.dropTable('report_rollups').execute();
}
