// Frozen in time: takes Kysely<any> and never imports app code.
//
// One-time links that set a password: the first administrator's set-password
// link (24 h) and the password-reset link (30 min). Only the SHA-256 of the
// token is stored; a row is used once (used_at) and dies at expires_at.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('password_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** 'set' (first password, admin:create) | 'reset' (forgotten password) */
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_tokens_user').on('password_tokens').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_tokens').execute();
}
