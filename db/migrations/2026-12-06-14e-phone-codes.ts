// Frozen in time: takes Kysely<any> and never imports app code.
//
// Mobile numbers (issue 14): a user's number counts for sign-in and password
// reset once it is verified by an SMS code (phone_verified_at); a verified number
// belongs to one account only (a partial unique index, SQLite and PostgreSQL).
// sms_codes: the codes sent by SMS — only a hash of the code is kept, with the
// number of tries; a code is used once (used_at) and dies at expires_at.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('phone_verified_at', 'text').execute();
  await db.schema
    .createIndex('users_verified_phone')
    .on('users')
    .column('phone')
    .unique()
    .where(sql.ref('phone_verified_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('sms_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** 'verify' (confirm a number of a signed-in user) | 'login' | 'reset' */
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** SHA-256 of `<id>:<code>`, hex */
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_codes_phone').on('sms_codes').columns(['phone', 'purpose']).execute();
  await db.schema.createIndex('sms_codes_user').on('sms_codes').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sms_codes').execute();
  await db.schema.dropIndex('users_verified_phone').execute();
  await db.schema.alterTable('users').dropColumn('phone_verified_at').execute();
}
