// Frozen in time: takes Kysely<any> and never imports app code.
//
// The durable outbox (docs/decisions/027c): a message that leaves the app (e-mail,
// SMS) is written here in the transaction of the change that caused it, and a
// background job delivers it; the row keeps its state, attempts and last error.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** the addressee's account, when there is one */
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** email | sms */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    /** what the message is about, e.g. interest.new, password.reset */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    /** pending | sent | failed | held (no provider configured) */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_messages_status').on('outbox_messages').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox_messages').execute();
}
