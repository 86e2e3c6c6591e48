// Frozen in time: takes Kysely<any> and never imports app code.
//
// 问题诉求台账 (issue 18): an enterprise's difficulty, assigned (交办) to a bank or
// a department with a deadline in working days, answered, rated, reopened or
// closed (销号); overdue items are escalated (督办) to the region's organizers once
// per deadline.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('problems')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // the enterprise's district
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    // financing | hiring | policy | other
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    // open | assigned | replied | closed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('handler_org_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('due_working_days', 'integer')
    // the day the current clock started (交办, or the last reopening) and its deadline
    .addColumn('clock_started_on', 'text')
    .addColumn('due_on', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply', 'text')
    .addColumn('replied_at', 'text')
    // satisfied | basically | dissatisfied (the last rating)
    .addColumn('rating', 'text')
    .addColumn('closed_at', 'text')
    // set by the overdue sweep for the current clock; cleared when the clock restarts
    .addColumn('escalated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problems_region').on('problems').columns(['region_code', 'status']).execute();
  await db.schema.createIndex('problems_handler').on('problems').columns(['handler_org_id', 'status']).execute();
  await db.schema.createIndex('problems_due').on('problems').columns(['status', 'due_on']).execute();

  await db.schema
    .createTable('problem_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('problems.id'))
    // recorded | assigned | replied | rated | reopened | closed | escalated
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('problem_events_problem').on('problem_events').columns(['problem_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('problem_events').execute();
  await db.schema.dropTable('problems').execute();
}
