// Frozen in time: takes Kysely<any> and never imports app code.
//
// Publishing the meeting schedule and reminders (issue 16):
// - events.schedule_published_at: when the organizer published the grid to the
//   participants (null: a draft only the organizer sees);
// - published_meetings: each meeting as the participants were last told of it
//   (start and table), so a later change notifies only those whose meetings moved,
//   appeared or went away;
// - event_reminders: one row per reminder sent (kind, event, target), claimed with
//   an insert that does nothing on conflict, so each is sent once across sweeps and
//   processes.
// Sessions already scheduled count as published (their participants were told of the
// first grid when it was made), with their current grid as the published one.
import type { Kysely } from 'kysely';

function hhmm(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('schedule_published_at', 'text').execute();

  await db.schema
    .createTable('published_meetings')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('request_id', 'text', (c) => c.notNull().references('meeting_requests.id'))
    .addColumn('enterprise_org_id', 'text', (c) => c.notNull())
    .addColumn('bank_org_id', 'text', (c) => c.notNull())
    // YYYY-MM-DD HH:MM, China time, as the participants were told
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('table_no', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('published_meetings_pk', ['event_id', 'request_id'])
    .execute();

  await db.schema
    .createTable('event_reminders')
    // response | dayBefore | meetingSoon
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    // the participant organization (response, dayBefore) or the meeting request (meetingSoon)
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_reminders_pk', ['kind', 'event_id', 'target_id'])
    .execute();

  const scheduled = await db
    .selectFrom('events')
    .select(['id', 'event_date', 'first_slot_time', 'slot_minutes', 'scheduled_at'])
    .where('scheduled_at', 'is not', null)
    .where('status', 'in', ['scheduled', 'held', 'closed'])
    .execute();
  for (const e of scheduled) {
    await db.updateTable('events').set({ schedule_published_at: e.scheduled_at }).where('id', '=', e.id).execute();
    const rows = await db
      .selectFrom('meeting_placements as p')
      .innerJoin('meeting_requests as r', 'r.id', 'p.request_id')
      .select(['p.request_id', 'p.slot', 'p.table_no', 'r.enterprise_org_id', 'r.bank_org_id'])
      .where('p.event_id', '=', e.id)
      .where('r.status', '=', 'accepted')
      .execute();
    const [h, m] = String(e.first_slot_time).split(':').map(Number);
    const values = rows.map((r: any) => ({
      event_id: e.id,
      request_id: r.request_id,
      enterprise_org_id: r.enterprise_org_id,
      bank_org_id: r.bank_org_id,
      starts_at: `${e.event_date} ${hhmm(h * 60 + m + Number(r.slot) * Number(e.slot_minutes))}`,
      table_no: r.table_no,
    }));
    for (let i = 0; i < values.length; i += 200)
      await db
        .insertInto('published_meetings')
        .values(values.slice(i, i + 200))
        .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_reminders').execute();
  await db.schema.dropTable('published_meetings').execute();
  await db.schema.alterTable('events').dropColumn('schedule_published_at').execute();
}
