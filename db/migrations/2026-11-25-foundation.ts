// Frozen in time: takes Kysely<any> and never imports app code.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_by', 'text')
    .addColumn('status_changed_at', 'text')
    .addColumn('credit_code', 'text', (c) => c.unique())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('industry', 'text')
    .addColumn('size', 'text')
    .addColumn('founded_year', 'integer')
    .addColumn('registered_capital', 'bigint')
    .addColumn('employees', 'integer')
    .addColumn('annual_revenue', 'bigint')
    .addColumn('bank_type', 'text')
    .addColumn('branch_level', 'text')
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text')
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organizations_kind_status_region').on('organizations').columns(['kind', 'status', 'region_code']).execute();
  await db.schema.createIndex('organizations_region').on('organizations').column('region_code').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('restrict'))
    .addColumn('region_code', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_organization').on('users').column('organization_id').execute();

  await db.schema
    .createTable('bank_regions')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bank_regions_pk', ['organization_id', 'region_code'])
    .execute();

  await db.schema
    .createTable('auth_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('auth_sessions_user').on('auth_sessions').column('user_id').execute();

  await db.schema
    .createTable('login_failures')
    .addColumn('throttle_key', 'text', (c) => c.notNull())
    .addColumn('failed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_key_time').on('login_failures').columns(['throttle_key', 'failed_at']).execute();
  void sql;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['login_failures', 'auth_sessions', 'bank_regions', 'users', 'organizations']) {
    await db.schema.dropTable(t).execute();
  }
}
