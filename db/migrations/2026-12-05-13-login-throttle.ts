// Frozen in time: takes Kysely<any> and never imports app code.
//
// Login throttling by counters that are read and changed in one statement
// (issue 13, points 2 and 3): one row per key — `ip:<address>`,
// `account-ip:<email>|<address>` and `account:<email>` (the last one only to tell
// the owner about an attack, never to refuse them). `attempts` counts the attempts
// let through in the current round, before their password is checked; `level`
// counts the blocks so far, for growing delays. See decision 026a.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('throttle_key', 'text', (c) => c.primaryKey())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('round_started_at', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocked_until', 'text')
    .addColumn('last_failure_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').execute();
}
