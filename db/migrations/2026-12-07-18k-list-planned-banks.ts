// Frozen in time: takes Kysely<any> and never imports app code.
//
// 推荐清单 imported from a spreadsheet (issue 18): the banks a file names for a
// list are kept as the banks to push to while the list is a draft; the list's
// page ticks them in its push form. Pushing stays the organizer's own step.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recommended_list_planned_banks')
    .addColumn('list_id', 'text', (c) => c.notNull().references('recommended_lists.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recommended_list_planned_banks_pk', ['list_id', 'bank_org_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recommended_list_planned_banks').execute();
}
