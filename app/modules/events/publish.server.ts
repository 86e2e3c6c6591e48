/**
 * Publishing the meeting schedule (issue 16, decision record 036a).
 *
 * - The grid the scheduler makes is a draft only the organizer sees. `publishSchedule`
 *   makes it the participants' schedule: every attending organization is notified
 *   (in-app and the outbound channels, `event.scheduled`, in the same transaction),
 *   and each meeting is written to `published_meetings` as the participants were told
 *   of it (start, table).
 * - After that, every change to the grid (a re-run, a hand move or swap, a desk change,
 *   a declined or withdrawn meeting, unavailability, a new date or time of the session)
 *   calls `syncPublishedSchedule` in its own transaction: the meetings whose start or
 *   table differ from what was published, the new ones and the removed ones are
 *   "affected"; only their two organizations hear of it (`event.scheduleChanged`), and
 *   the published rows are brought up to date.
 * - Participants see their agenda (page, PDF, .ics) only once the schedule is published.
 */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { EventsTable } from '#db/schema';
import { activeUsersOf, notifyUsers } from '~/modules/notifications/notifications.server';
import type { DB } from '~/utils/db.server';
import { nowIso } from '~/utils/ids';
import { slotTime } from './agenda';

type EventRow = Selectable<EventsTable>;

export const agendaPath = (eventId: string) => `/events/${eventId}/agenda`;

/** A representative's personal agenda link: 144 random bits (issue 16). */
export function agendaToken(): string {
  return randomBytes(18).toString('base64url');
}

export const personalAgendaPath = (token: string) => `/agenda/${token}`;

type TimedEvent = Pick<EventRow, 'event_date' | 'first_slot_time' | 'slot_minutes'>;

/** `YYYY-MM-DD HH:MM` (China time) of a slot's start. */
export function slotStartsAt(event: TimedEvent, slot: number): string {
  return `${event.event_date} ${slotTime(event.first_slot_time, event.slot_minutes, slot).start}`;
}

interface CurrentMeeting {
  requestId: string;
  enterpriseId: string;
  bankId: string;
  startsAt: string;
  table: number;
}

/** The meetings of the grid as it stands (accepted requests with a cell). */
export async function currentMeetings(db: DB, event: EventRow): Promise<CurrentMeeting[]> {
  const rows = await db
    .selectFrom('meeting_placements as p')
    .innerJoin('meeting_requests as r', 'r.id', 'p.request_id')
    .select(['p.request_id', 'p.slot', 'p.table_no', 'r.enterprise_org_id', 'r.bank_org_id'])
    .where('p.event_id', '=', event.id)
    .where('r.status', '=', 'accepted')
    .orderBy('p.slot')
    .orderBy('p.table_no')
    .execute();
  return rows.map((m) => ({
    requestId: m.request_id,
    enterpriseId: m.enterprise_org_id,
    bankId: m.bank_org_id,
    startsAt: slotStartsAt(event, m.slot),
    table: m.table_no,
  }));
}

/** Records the meetings as the participants are told of them. */
export async function writePublished(trx: DB, eventId: string, meetings: readonly CurrentMeeting[]): Promise<void> {
  const values = meetings.map((m) => ({
    event_id: eventId,
    request_id: m.requestId,
    enterprise_org_id: m.enterpriseId,
    bank_org_id: m.bankId,
    starts_at: m.startsAt,
    table_no: m.table,
  }));
  for (let i = 0; i < values.length; i += 200)
    await trx
      .insertInto('published_meetings')
      .values(values.slice(i, i + 200))
      .execute();
}

export interface ScheduleChange {
  requestId: string;
  kind: 'moved' | 'added' | 'removed';
}

/** What changed between the published meetings and the current grid (pure). */
export function scheduleChanges(
  published: readonly { requestId: string; startsAt: string; table: number }[],
  current: readonly { requestId: string; startsAt: string; table: number }[],
): ScheduleChange[] {
  const before = new Map(published.map((p) => [p.requestId, p]));
  const out: ScheduleChange[] = [];
  for (const c of current) {
    const p = before.get(c.requestId);
    if (!p) out.push({ requestId: c.requestId, kind: 'added' });
    else if (p.startsAt !== c.startsAt || p.table !== c.table) out.push({ requestId: c.requestId, kind: 'moved' });
    before.delete(c.requestId);
  }
  for (const p of before.values()) out.push({ requestId: p.requestId, kind: 'removed' });
  return out;
}

/**
 * After a change to a published schedule (the caller's transaction, event locked):
 * notifies the organizations of the meetings that moved, appeared or went away, once
 * each with how many of their meetings changed, and records the grid as published.
 * Does nothing before the schedule is published. Returns the organizations notified.
 */
export async function syncPublishedSchedule(trx: DB, eventId: string, now = nowIso()): Promise<number> {
  const event = await trx.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!event || event.schedule_published_at === null) return 0;
  const [current, publishedRows] = await Promise.all([
    currentMeetings(trx, event),
    trx.selectFrom('published_meetings').selectAll().where('event_id', '=', eventId).execute(),
  ]);
  const published = publishedRows.map((p) => ({
    requestId: p.request_id,
    enterpriseId: p.enterprise_org_id,
    bankId: p.bank_org_id,
    startsAt: p.starts_at,
    table: p.table_no,
  }));
  const changes = scheduleChanges(published, current);
  if (changes.length === 0) return 0;
  const sides = new Map<string, CurrentMeeting>();
  for (const m of [...published, ...current]) sides.set(m.requestId, m);
  const perOrg = new Map<string, number>();
  for (const c of changes) {
    const m = sides.get(c.requestId)!;
    for (const org of [m.enterpriseId, m.bankId]) perOrg.set(org, (perOrg.get(org) ?? 0) + 1);
  }
  const ids = changes.map((c) => c.requestId);
  for (let i = 0; i < ids.length; i += 200)
    await trx
      .deleteFrom('published_meetings')
      .where('event_id', '=', eventId)
      .where('request_id', 'in', ids.slice(i, i + 200))
      .execute();
  const changed = new Set(ids);
  await writePublished(
    trx,
    eventId,
    current.filter((m) => changed.has(m.requestId)),
  );
  for (const [orgId, n] of perOrg)
    await notifyUsers(
      trx,
      await activeUsersOf(trx, [orgId]),
      'event.scheduleChanged',
      { title: event.title, date: event.event_date, n },
      agendaPath(eventId),
      now,
    );
  return perOrg.size;
}
