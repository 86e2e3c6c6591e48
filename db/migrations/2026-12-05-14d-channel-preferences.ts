// Frozen in time: takes Kysely<any> and never imports app code.
//
// Outbound channels (docs/decisions/033a):
// - notification_preferences: a user's choice of channels per kind of message
//   (站内 is always on; a row exists only once the user saved a choice);
// - outbox_messages.params / provider: an SMS's template parameters (JSON) and
//   who delivered the message (smtp, aliyun, demo);
// - need_overdue_notices: a need whose answer deadline passed is announced once.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('email', 'integer', (c) => c.notNull())
    .addColumn('sms', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_preferences_pk', ['user_id', 'kind'])
    .execute();

  await db.schema.alterTable('outbox_messages').addColumn('params', 'text').execute();
  await db.schema.alterTable('outbox_messages').addColumn('provider', 'text').execute();

  await db.schema
    .createTable('need_overdue_notices')
    .addColumn('need_kind', 'text', (c) => c.notNull())
    .addColumn('need_id', 'text', (c) => c.notNull())
    .addColumn('notified_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('need_overdue_notices_pk', ['need_kind', 'need_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('need_overdue_notices').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('provider').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('params').execute();
  await db.schema.dropTable('notification_preferences').execute();
}
