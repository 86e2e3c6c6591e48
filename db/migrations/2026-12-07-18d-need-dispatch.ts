// Frozen in time: takes Kysely<any> and never imports app code.
//
// 派单 (issue 18): a published need nobody answered within the region's working
// days is assigned to the best-matching eligible banks, who must answer it like an
// interest; further silence is escalated to the organizers. One claim row per
// need makes the sweep dispatch each need once, also with several processes.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('need_dispatch_claims')
    .addColumn('need_kind', 'text', (c) => c.notNull())
    .addColumn('need_id', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    // how many banks it went to (0: no eligible bank)
    .addColumn('banks', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('need_dispatch_claims_pk', ['need_kind', 'need_id'])
    .execute();

  await db.schema
    .createTable('need_dispatches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('need_kind', 'text', (c) => c.notNull())
    .addColumn('need_id', 'text', (c) => c.notNull())
    // the need's region (the organizer's tracking, the calendar)
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    // the bank's best product score for the need, and its place among the chosen banks (1 = best)
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('dispatched_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('dispatched_at', 'text', (c) => c.notNull())
    // null until answered: interest | declined
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('decline_reason', 'text')
    // set once by the silence sweep
    .addColumn('escalated_at', 'text')
    .execute();
  await db.schema
    .createIndex('need_dispatches_need_bank')
    .on('need_dispatches')
    .columns(['need_kind', 'need_id', 'bank_org_id'])
    .unique()
    .execute();
  await db.schema.createIndex('need_dispatches_bank').on('need_dispatches').columns(['bank_org_id', 'answer']).execute();
  await db.schema.createIndex('need_dispatches_region').on('need_dispatches').columns(['region_code', 'dispatched_on']).execute();
  await db.schema.createIndex('need_dispatches_due').on('need_dispatches').columns(['due_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('need_dispatches').execute();
  await db.schema.dropTable('need_dispatch_claims').execute();
}
