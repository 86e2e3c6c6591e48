// Frozen in time: takes Kysely<any> and never imports app code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('financing_needs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('term_months', 'integer', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('guarantee_mask', 'integer', (c) => c.notNull())
    .addColumn('max_rate_bp', 'integer')
    .addColumn('wanted_by', 'text')
    .addColumn('description', 'text')
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('published_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('financing_needs_org').on('financing_needs').columns(['organization_id', 'status']).execute();
  await db.schema.createIndex('financing_needs_status_region').on('financing_needs').columns(['status', 'region_code']).execute();
  await db.schema.createIndex('financing_needs_status_published').on('financing_needs').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('financing_needs_status_amount').on('financing_needs').columns(['status', 'amount']).execute();

  await db.schema
    .createTable('hiring_needs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('training_support', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_headcount', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wanted_by', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('published_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hiring_needs_org').on('hiring_needs').columns(['organization_id', 'status']).execute();
  await db.schema.createIndex('hiring_needs_status_region').on('hiring_needs').columns(['status', 'region_code']).execute();

  await db.schema
    .createTable('hiring_positions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hiring_need_id', 'text', (c) => c.notNull().references('hiring_needs.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('headcount', 'integer', (c) => c.notNull())
    .addColumn('wage_min', 'bigint', (c) => c.notNull())
    .addColumn('wage_max', 'bigint', (c) => c.notNull())
    .addColumn('skills', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('hiring_positions_need').on('hiring_positions').column('hiring_need_id').execute();

  await db.schema
    .createTable('need_edits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('need_kind', 'text', (c) => c.notNull())
    .addColumn('need_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('need_edits_need').on('need_edits').columns(['need_kind', 'need_id']).execute();

  await db.schema
    .createTable('loan_products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('amount_min', 'bigint', (c) => c.notNull())
    .addColumn('amount_max', 'bigint', (c) => c.notNull())
    .addColumn('term_min_months', 'integer', (c) => c.notNull())
    .addColumn('term_max_months', 'integer', (c) => c.notNull())
    .addColumn('rate_type', 'text', (c) => c.notNull().defaultTo('fixed'))
    .addColumn('rate_min_bp', 'integer', (c) => c.notNull())
    .addColumn('rate_max_bp', 'integer', (c) => c.notNull())
    .addColumn('guarantee_mask', 'integer', (c) => c.notNull())
    .addColumn('industry_mask', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('size_mask', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('min_years', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('employment_linked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('min_new_hires', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('materials', 'text')
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('published_at', 'text')
    .addColumn('retired_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('loan_products_org').on('loan_products').columns(['organization_id', 'status']).execute();
  await db.schema.createIndex('loan_products_status_category').on('loan_products').columns(['status', 'category']).execute();
  await db.schema.createIndex('loan_products_status_amount').on('loan_products').columns(['status', 'amount_min', 'amount_max']).execute();

  await db.schema
    .createTable('product_regions')
    .addColumn('product_id', 'text', (c) => c.notNull().references('loan_products.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_regions_pk', ['product_id', 'region_code'])
    .execute();
  await db.schema.createIndex('product_regions_region').on('product_regions').column('region_code').execute();

  await db.schema
    .createTable('need_interests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('need_kind', 'text', (c) => c.notNull())
    .addColumn('need_id', 'text', (c) => c.notNull())
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('bank_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('product_id', 'text', (c) => c.references('loan_products.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('response_message', 'text')
    .addColumn('responded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .execute();
  await db.schema
    .createIndex('need_interests_need_bank')
    .on('need_interests')
    .columns(['need_kind', 'need_id', 'bank_org_id'])
    .unique()
    .execute();
  await db.schema.createIndex('need_interests_bank').on('need_interests').columns(['bank_org_id', 'status']).execute();
  await db.schema.createIndex('need_interests_enterprise').on('need_interests').columns(['enterprise_org_id', 'status']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('link', 'text')
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'settings',
    'notifications',
    'need_interests',
    'product_regions',
    'loan_products',
    'need_edits',
    'hiring_positions',
    'hiring_needs',
    'financing_needs',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
