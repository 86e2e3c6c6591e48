// Frozen in time: takes Kysely<any> and never imports app code.
//
// 推荐清单 with bank feedback (issue 18): an organizer compiles a list of
// enterprises of its region and pushes it to banks with a deadline in working
// days; each bank answers per enterprise (已走访 / 已授信 / 未授信).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recommended_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // the organizer's region: the list, its firms and its banks stay inside it
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    // working days the banks have from the first push
    .addColumn('due_working_days', 'integer', (c) => c.notNull())
    // set by the first push: the date (China) and the last working day to answer
    .addColumn('pushed_at', 'text')
    .addColumn('due_on', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recommended_lists_region').on('recommended_lists').columns(['region_code', 'created_at']).execute();

  await db.schema
    .createTable('recommended_list_firms')
    .addColumn('list_id', 'text', (c) => c.notNull().references('recommended_lists.id'))
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recommended_list_firms_pk', ['list_id', 'enterprise_org_id'])
    .execute();

  await db.schema
    .createTable('recommended_list_banks')
    .addColumn('list_id', 'text', (c) => c.notNull().references('recommended_lists.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('pushed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recommended_list_banks_pk', ['list_id', 'bank_org_id'])
    .execute();
  await db.schema.createIndex('recommended_list_banks_bank').on('recommended_list_banks').columns(['bank_org_id', 'pushed_at']).execute();

  // one current answer per list, firm and bank (a later answer replaces it)
  await db.schema
    .createTable('recommended_feedback')
    .addColumn('list_id', 'text', (c) => c.notNull().references('recommended_lists.id'))
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    // visited (已走访) | granted (已授信) | declined (未授信)
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('visited_on', 'text')
    .addColumn('officer', 'text')
    // 授信 amount, integer 元
    .addColumn('amount', 'bigint')
    // no_need | unqualified | no_guarantee | withdrew | other
    .addColumn('reason_code', 'text')
    .addColumn('reason_text', 'text')
    // 1 = answered after the list's due date (accepted, counted as late)
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recommended_feedback_pk', ['list_id', 'enterprise_org_id', 'bank_org_id'])
    .execute();
  await db.schema.createIndex('recommended_feedback_bank').on('recommended_feedback').columns(['bank_org_id', 'list_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recommended_feedback').execute();
  await db.schema.dropTable('recommended_list_banks').execute();
  await db.schema.dropTable('recommended_list_firms').execute();
  await db.schema.dropTable('recommended_lists').execute();
}
