// Frozen in time: takes Kysely<any> and never imports app code.
//
// Sign-up verifies the mobile number (issue 14): the code is sent before the
// account exists, so an SMS code may belong to no user yet (purpose 'signup',
// user_id null; the sign-up marks it used in the transaction that writes the
// account). PostgreSQL drops the NOT NULL; SQLite cannot, so the table is built
// again with the same columns and indexes and its rows copied over.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

async function build(db: Kysely<any>, name: string, userNotNull: boolean): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => {
      const col = c.references('users.id').onDelete('cascade');
      return userNotNull ? col.notNull() : col;
    })
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

async function rebuildSqlite(db: Kysely<any>, userNotNull: boolean): Promise<void> {
  await build(db, 'sms_codes_next', userNotNull);
  const copy = userNotNull ? sql`where user_id is not null` : sql``;
  await sql`insert into sms_codes_next (id, purpose, phone, user_id, code_hash, attempts, expires_at, used_at, created_at)
    select id, purpose, phone, user_id, code_hash, attempts, expires_at, used_at, created_at from sms_codes ${copy}`.execute(db);
  await db.schema.dropTable('sms_codes').execute();
  await db.schema.alterTable('sms_codes_next').renameTo('sms_codes').execute();
  await db.schema.createIndex('sms_codes_phone').on('sms_codes').columns(['phone', 'purpose']).execute();
  await db.schema.createIndex('sms_codes_user').on('sms_codes').column('user_id').execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table sms_codes alter column user_id drop not null`.execute(db);
    return;
  }
  await rebuildSqlite(db, false);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`delete from sms_codes where user_id is null`.execute(db);
    await sql`alter table sms_codes alter column user_id set not null`.execute(db);
    return;
  }
  await rebuildSqlite(db, true);
}
