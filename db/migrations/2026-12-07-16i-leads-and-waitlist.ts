// Frozen in time: takes Kysely<any> and never imports app code.
//
// Sessions as they are really run (issue 16, decision 036d):
// - lead signatories (主签约银行 / 主签约企业) the organizer marks for a session, in
//   order; any organization that signed at the session may lead, also one recorded
//   by the organizer without a participation row;
// - the waiting list (候补) of representatives when the session's capacity is full:
//   `seq` gives the order (1, 2, … per session, never reused), promoted in that order.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_lead_signatories')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    // bank | enterprise
    .addColumn('side', 'text', (c) => c.notNull())
    // 1 first
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_lead_signatories_pk', ['event_id', 'organization_id'])
    .addUniqueConstraint('event_lead_signatories_position', ['event_id', 'side', 'position'])
    .execute();

  await db.schema
    .createTable('event_waitlist')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('participant_id', 'text', (c) => c.notNull().references('event_participants.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('event_waitlist_seq', ['event_id', 'seq'])
    .addUniqueConstraint('event_waitlist_phone', ['event_id', 'phone'])
    .execute();
  await db.schema.createIndex('event_waitlist_participant').on('event_waitlist').columns(['participant_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_waitlist').execute();
  await db.schema.dropTable('event_lead_signatories').execute();
}
