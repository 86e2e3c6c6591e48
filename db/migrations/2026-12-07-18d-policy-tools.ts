// Frozen in time: takes Kysely<any> and never imports app code.
//
// Policy tools (issue 18): loan products and letters of intent tagged with the
// policies they use (政府风险补偿, 政府性融资担保, 贴息, 无还本续贷, 首贷, 信用贷), as a bit
// set over the code list (decision 006): 0 = none.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('loan_products')
    .addColumn('policy_mask', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('agreements')
    .addColumn('policy_mask', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('agreements').dropColumn('policy_mask').execute();
  await db.schema.alterTable('loan_products').dropColumn('policy_mask').execute();
}
