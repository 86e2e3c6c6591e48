/**
 * Reminders of a matchmaking session (issue 16, decision record 036a), sent by the
 * `events.reminders` job every minute — nobody has to open a page:
 *
 * - response: an invited organization that has not answered, from 3 days before the
 *   answer deadline (registration_deadline) to the deadline itself;
 * - dayBefore: every attending organization the day before the session, from 09:00
 *   China time, with its meetings (time, table, counterpart) once the schedule is
 *   published; and each of its named representatives by SMS to the number they
 *   registered with, with the same meetings and their personal agenda link (a
 *   representative need not have an account);
 * - meetingSoon: both sides of a meeting of a published schedule in the 15 minutes
 *   before it starts.
 *
 * Each is sent once: the notification (in-app and the outbound channels) is written in
 * the same transaction as an `event_reminders` row whose primary key (kind, event,
 * target) makes a second claim do nothing, whether it comes from the next sweep or
 * from another process sweeping at the same moment. A claim rolled back with a failed
 * notification is claimed again by the next sweep.
 */
import { makeTranslator } from '~/i18n/translate';
import { addDays, chinaDate } from '~/modules/calendar/working-days';
import { defineJob } from '~/modules/jobs/jobs.server';
import { activeUsersOf, notifyUsers } from '~/modules/notifications/notifications.server';
import { appUrl } from '~/modules/notifications/outbound.server';
import { queueSms } from '~/modules/outbox/outbox.server';
import type { EventReminderKind } from '#db/schema';
import { type DB, inTransaction } from '~/utils/db.server';
import { agendaOf, chinaInstant, slotTime } from './agenda';
import { placedMeetings } from './meetings.server';
import { agendaPath, personalAgendaPath } from './publish.server';

export const RESPONSE_REMINDER_DAYS = 3;
export const DAY_BEFORE_HOUR = 9;
export const MEETING_SOON_MINUTES = 15;

const ATTENDING = ['accepted', 'registered'] as const;

/** Claims one reminder; false when it was already sent (by this process or another). */
async function claim(trx: DB, kind: EventReminderKind, eventId: string, targetId: string, at: string): Promise<boolean> {
  const row = await trx
    .insertInto('event_reminders')
    .values({ kind, event_id: eventId, target_id: targetId, sent_at: at })
    .onConflict((oc) => oc.columns(['kind', 'event_id', 'target_id']).doNothing())
    .returning('target_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Claims and notifies in one transaction; returns whether this call sent it. */
async function remindOnce(
  db: DB,
  key: { kind: EventReminderKind; eventId: string; targetId: string },
  send: (trx: DB, at: string) => Promise<void>,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  return inTransaction(db, async (trx) => {
    if (!(await claim(trx, key.kind, key.eventId, key.targetId, at))) return false;
    await send(trx, at);
    return true;
  });
}

/** Invited organizations that have not answered, from RESPONSE_REMINDER_DAYS before the deadline. */
export async function sendResponseReminders(db: DB, now = new Date()): Promise<number> {
  const today = chinaDate(now);
  const rows = await db
    .selectFrom('event_participants as p')
    .innerJoin('events as e', 'e.id', 'p.event_id')
    .select(['p.event_id', 'p.organization_id', 'e.title', 'e.event_date', 'e.registration_deadline'])
    .where('p.status', '=', 'invited')
    .where('e.status', 'in', ['open', 'scheduled'])
    .where('e.registration_deadline', '>=', today)
    .where('e.registration_deadline', '<=', addDays(today, RESPONSE_REMINDER_DAYS))
    .orderBy('p.event_id')
    .orderBy('p.organization_id')
    .execute();
  let sent = 0;
  for (const r of rows) {
    const done = await remindOnce(
      db,
      { kind: 'response', eventId: r.event_id, targetId: r.organization_id },
      async (trx, at) => {
        await notifyUsers(
          trx,
          await activeUsersOf(trx, [r.organization_id]),
          'event.responseReminder',
          { title: r.title, date: r.event_date, deadline: r.registration_deadline },
          `/events/${r.event_id}`,
          at,
        );
      },
      now,
    );
    if (done) sent++;
  }
  return sent;
}

/** China-time hour of an instant. */
const chinaHour = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).getUTCHours();

/** Every attending organization the day before the session, with its meetings once published. */
export async function sendDayBeforeReminders(db: DB, now = new Date()): Promise<number> {
  if (chinaHour(now) < DAY_BEFORE_HOUR) return 0;
  const tomorrow = addDays(chinaDate(now), 1);
  const events = await db
    .selectFrom('events')
    .selectAll()
    .where('event_date', '=', tomorrow)
    .where('status', 'in', ['open', 'scheduled'])
    .orderBy('id')
    .execute();
  const t = makeTranslator('zh-CN');
  let sent = 0;
  for (const event of events) {
    const [participants, sentBefore] = await Promise.all([
      db
        .selectFrom('event_participants')
        .select('organization_id')
        .where('event_id', '=', event.id)
        .where('status', 'in', [...ATTENDING])
        .orderBy('organization_id')
        .execute(),
      db.selectFrom('event_reminders').select('target_id').where('kind', '=', 'dayBefore').where('event_id', '=', event.id).execute(),
    ]);
    const done = new Set(sentBefore.map((r) => r.target_id));
    const todo = participants.filter((p) => !done.has(p.organization_id));
    if (todo.length === 0) continue;
    const meetings = event.schedule_published_at !== null ? await placedMeetings(db, event.id) : [];
    for (const p of todo) {
      const items = agendaOf(p.organization_id, meetings, event);
      const agenda = items.length
        ? items.map((m) => t('agenda.summary.item', { time: m.start, table: m.tableNumber, name: m.counterpartName })).join('；')
        : t('agenda.summary.none');
      const ok = await remindOnce(
        db,
        { kind: 'dayBefore', eventId: event.id, targetId: p.organization_id },
        async (trx, at) => {
          await notifyUsers(
            trx,
            await activeUsersOf(trx, [p.organization_id]),
            'event.dayBefore',
            { title: event.title, date: event.event_date, time: event.start_time, venue: event.venue, agenda },
            event.schedule_published_at !== null ? agendaPath(event.id) : `/events/${event.id}`,
            at,
          );
          await textRepresentatives(trx, event, p.organization_id, agenda);
        },
        now,
      );
      if (ok) sent++;
    }
  }
  return sent;
}

/** The day-before SMS to each representative of an organization, with its meetings and the representative's own agenda link. */
async function textRepresentatives(
  trx: DB,
  event: { id: string; title: string; event_date: string; start_time: string; venue: string; schedule_published_at: string | null },
  organizationId: string,
  agenda: string,
): Promise<void> {
  const t = makeTranslator('zh-CN');
  const people = await trx
    .selectFrom('event_representatives')
    .select(['name', 'phone', 'agenda_token'])
    .where('event_id', '=', event.id)
    .where('organization_id', '=', organizationId)
    .orderBy('id')
    .execute();
  for (const person of people) {
    const link =
      person.agenda_token && event.schedule_published_at !== null ? personalAgendaPath(person.agenda_token) : `/events/${event.id}`;
    const params = {
      name: person.name,
      title: event.title,
      date: event.event_date,
      time: event.start_time,
      venue: event.venue,
      agenda,
      url: appUrl(link),
    };
    await queueSms(trx, { to: person.phone, kind: 'event.dayBefore.representative', text: t('agenda.sms.dayBefore', params), params });
  }
}

/** Both sides of every meeting of a published schedule that starts within MEETING_SOON_MINUTES. */
export async function sendMeetingSoonReminders(db: DB, now = new Date()): Promise<number> {
  const today = chinaDate(now);
  const events = await db
    .selectFrom('events')
    .selectAll()
    .where('event_date', '=', today)
    .where('status', 'in', ['scheduled', 'held'])
    .where('schedule_published_at', 'is not', null)
    .orderBy('id')
    .execute();
  let sent = 0;
  for (const event of events) {
    const soon = (await placedMeetings(db, event.id)).filter((m) => {
      const start = chinaInstant(event.event_date, slotTime(event.first_slot_time, event.slot_minutes, m.slot).start).getTime();
      return start > now.getTime() && start - now.getTime() <= MEETING_SOON_MINUTES * 60_000;
    });
    for (const m of soon) {
      const ok = await remindOnce(
        db,
        { kind: 'meetingSoon', eventId: event.id, targetId: m.requestId },
        async (trx, at) => {
          const time = slotTime(event.first_slot_time, event.slot_minutes, m.slot).start;
          for (const [orgId, counterpart] of [
            [m.enterpriseId, m.bankName],
            [m.bankId, m.enterpriseName],
          ])
            await notifyUsers(
              trx,
              await activeUsersOf(trx, [orgId]),
              'event.meetingSoon',
              { title: event.title, time, table: m.table + 1, counterpart },
              agendaPath(event.id),
              at,
            );
        },
        now,
      );
      if (ok) sent++;
    }
  }
  return sent;
}

/** One sweep of the three kinds; returns how many of each were sent. */
export async function sendEventReminders(db: DB, now = new Date()): Promise<{ response: number; dayBefore: number; meetingSoon: number }> {
  const response = await sendResponseReminders(db, now);
  const dayBefore = await sendDayBeforeReminders(db, now);
  const meetingSoon = await sendMeetingSoonReminders(db, now);
  return { response, dayBefore, meetingSoon };
}

export const eventRemindersJob = defineJob({
  name: 'events.reminders',
  // every minute: the 15-minute reminders need it; the other two are a date comparison on a small table
  cron: '* * * * *',
  retries: 2,
  run: async (_data, { db }) => {
    await sendEventReminders(db);
  },
});
