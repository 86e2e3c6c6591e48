// Frozen in time: takes Kysely<any> and never imports app code.
//
// A representative's personal agenda link (issue 16): representatives are named with
// a mobile number and usually have no account, so each gets an unguessable token that
// opens their own agenda (/agenda/:token) without signing in. Existing representatives
// get one here.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_representatives').addColumn('agenda_token', 'text').execute();
  const reps = await db.selectFrom('event_representatives').select('id').execute();
  for (const r of reps)
    await db
      .updateTable('event_representatives')
      .set({ agenda_token: randomBytes(18).toString('base64url') })
      .where('id', '=', r.id)
      .execute();
  await db.schema.createIndex('event_representatives_agenda_token').unique().on('event_representatives').column('agenda_token').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('event_representatives_agenda_token').execute();
  await db.schema.alterTable('event_representatives').dropColumn('agenda_token').execute();
}
