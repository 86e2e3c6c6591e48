// Frozen in time: takes Kysely<any> and never imports app code.
// Letters of intent (合作意向书), their tranches and the audit trail.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_no', 'text', (c) => c.unique())
    .addColumn('event_id', 'text', (c) => c.references('events.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('need_id', 'text')
    .addColumn('product_id', 'text')
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('industry', 'text')
    .addColumn('product_category', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('term_months', 'integer')
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('signed_month', 'text', (c) => c.notNull())
    .addColumn('bank_signatory', 'text', (c) => c.notNull())
    .addColumn('enterprise_signatory', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_by_org_id', 'text', (c) => c.notNull())
    .addColumn('proposed_by_user_id', 'text', (c) => c.notNull())
    .addColumn('confirmed_by_user_id', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('approved_amount', 'bigint')
    .addColumn('approved_on', 'text')
    .addColumn('disbursed_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_disbursed_on', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('terminated_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agreements_event_status').on('agreements').columns(['event_id', 'status']).execute();
  await db.schema.createIndex('agreements_bank_month').on('agreements').columns(['bank_org_id', 'signed_month']).execute();
  await db.schema.createIndex('agreements_enterprise').on('agreements').columns(['enterprise_org_id', 'signed_on']).execute();
  await db.schema.createIndex('agreements_region_month').on('agreements').columns(['region_code', 'signed_month']).execute();
  await db.schema.createIndex('agreements_status_signed').on('agreements').columns(['status', 'signed_on']).execute();

  await db.schema
    .createTable('agreement_tranches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('disbursed_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agreement_tranches_agreement').on('agreement_tranches').columns(['agreement_id', 'disbursed_on']).execute();

  await db.schema
    .createTable('agreement_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agreement_audit_agreement').on('agreement_audit').columns(['agreement_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['agreement_audit', 'agreement_tranches', 'agreements']) await db.schema.dropTable(t).execute();
}
