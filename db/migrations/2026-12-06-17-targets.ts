// Frozen in time: takes Kysely<any> and never imports app code.
//
// Targets of an organizer region (decision 030d): a yearly or quarterly goal for
// the signed amount, the disbursed amount (元) or the enterprises served (a count),
// for the region itself, one of its districts, or one bank in the region.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // the organizer region that set it (its scope)
    .addColumn('region_code', 'text', (c) => c.notNull())
    // 'region' (unit_id = a region code within region_code) or 'bank' (unit_id = the bank's organization id)
    .addColumn('unit_kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    // '2026' (a year) or '2026-Q3' (a quarter)
    .addColumn('period', 'text', (c) => c.notNull())
    // 'signed' | 'disbursed' (元) | 'enterprises' (a count)
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_targets_unit')
    .unique()
    .on('report_targets')
    .columns(['region_code', 'unit_kind', 'unit_id', 'period', 'metric'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_targets').execute();
}
