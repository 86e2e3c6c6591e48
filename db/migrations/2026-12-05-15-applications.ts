// Frozen in time: takes Kysely<any> and never imports app code.
//
// Applications made from a match (一键申请): an enterprise applies for a bank's
// product with one of its financing needs; the bank answers within the
// working-day deadline; an approval becomes a letter of intent (agreement_id).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('loan_products.id'))
    .addColumn('need_id', 'text', (c) => c.notNull().references('financing_needs.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // the enterprise's district, for the organizer's tracking and the deadline's region
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    // submitted | accepted | more_info | declined | approved | withdrawn
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('agreement_id', 'text', (c) => c.references('agreements.id'))
    // the bank's first answer (受理, a request for material, a decline or an approval): stops the clock
    .addColumn('responded_at', 'text')
    .addColumn('responded_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('applications_bank').on('applications').columns(['bank_org_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('applications_enterprise').on('applications').columns(['enterprise_org_id', 'created_at']).execute();
  await db.schema.createIndex('applications_region').on('applications').columns(['region_code', 'status']).execute();
  // one open application per need and product
  await db.schema.createIndex('applications_need_product').on('applications').columns(['need_id', 'product_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('applications').execute();
}
