/**
 * Reminders of a session with a moved clock, on SQLite (and on PostgreSQL with
 * TEST_PG_URL): the unanswered invitation from 3 days before the deadline, the day
 * before from 09:00 with each organization's meetings, the meeting 15 minutes ahead.
 * Each is sent once — across later sweeps and when two sweeps race — in-app and in the
 * outbox, and nothing is sent outside its window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import type { ParticipantStatus } from '#db/schema';
import { closeJobQueue } from '~/modules/jobs/jobs.server';
import { sendDayBeforeReminders, sendEventReminders, sendMeetingSoonReminders, sendResponseReminders } from './reminders.server';

let t: TempDatabase;
let drop: () => Promise<void> = async () => {};
let seq = 0;
const id = (p: string) => `${p}${String(++seq).padStart(16 - p.length, '0')}`;
const now = () => new Date().toISOString();
/** An instant given in China time. */
const at = (day: string, hhmm = '09:00') => new Date(`${day}T${hhmm}:00+08:00`);

const fx = {} as {
  organizer: string;
  eventId: string;
  invited: string;
  invitedUser: string;
  ent: string;
  entUser: string;
  bank: string;
  bankUser: string;
};

async function participant(orgId: string, status: ParticipantStatus, role: 'enterprise' | 'bank' = 'enterprise') {
  const participantId = id('par');
  await t.db
    .insertInto('event_participants')
    .values({
      id: participantId,
      event_id: fx.eventId,
      organization_id: orgId,
      role,
      status,
      invited_by: fx.organizer,
      responded_by: null,
      responded_at: null,
      checkin_token: `${id('tok')}xxxxxxxxxx`,
      created_at: now(),
    })
    .execute();
  return participantId;
}

async function sent(kind: string) {
  return t.db.selectFrom('notifications').select(['user_id', 'payload', 'link']).where('kind', '=', kind).orderBy('created_at').execute();
}

beforeAll(async () => {
  const fresh = await freshDatabaseUrl('reminders');
  drop = fresh.drop;
  t = await createTempDatabase(process.env.TEST_PG_URL ? fresh.url : undefined);
  // the outbox queues its delivery jobs through pg-boss on PostgreSQL, which reads DATABASE_URL
  if (process.env.TEST_PG_URL) process.env.DATABASE_URL = fresh.url;
  fx.organizer = await insertUser(t.db, { role: 'organizer', regionCode: '410400' });
  fx.invited = await insertOrg(t.db, { kind: 'enterprise', name: '提醒测试未答复企业' });
  fx.invitedUser = await insertUser(t.db, { role: 'enterprise', organizationId: fx.invited });
  fx.ent = await insertOrg(t.db, { kind: 'enterprise', name: '提醒测试参会企业' });
  fx.entUser = await insertUser(t.db, { role: 'enterprise', organizationId: fx.ent });
  fx.bank = await insertOrg(t.db, { kind: 'bank', name: '提醒测试银行' });
  fx.bankUser = await insertUser(t.db, { role: 'bank', organizationId: fx.bank });
  fx.eventId = id('evt');
  await t.db
    .insertInto('events')
    .values({
      id: fx.eventId,
      region_code: '410400',
      created_by: fx.organizer,
      title: '提醒测试对接会',
      theme: '主题',
      event_date: '2026-10-20',
      start_time: '09:30',
      venue: '平顶山会议中心',
      capacity: 50,
      registration_deadline: '2026-10-15',
      open_registration: 0,
      slot_count: 3,
      slot_minutes: 20,
      table_count: 2,
      first_slot_time: '10:00',
      description: null,
      status: 'scheduled',
      schedule_placed: 1,
      schedule_bound: 1,
      scheduled_at: now(),
      schedule_published_at: now(),
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  await participant(fx.invited, 'invited');
  const entParticipant = await participant(fx.ent, 'accepted');
  await participant(fx.bank, 'accepted', 'bank');
  // the enterprise names two representatives; the bank none (its users are told in-app and by their channels)
  for (const [name, phone, token] of [
    ['周晓明', '13937500101', 'reminder-test-agenda-token-a'],
    ['吴芳', '13937500102', null],
  ] as const)
    await t.db
      .insertInto('event_representatives')
      .values({
        id: id('rep'),
        event_id: fx.eventId,
        participant_id: entParticipant,
        organization_id: fx.ent,
        name,
        title: '财务总监',
        phone,
        checked_in_at: null,
        checked_in_by: null,
        created_at: now(),
        agenda_token: token,
      })
      .execute();
  const requestId = id('req');
  await t.db
    .insertInto('meeting_requests')
    .values({
      id: requestId,
      event_id: fx.eventId,
      enterprise_org_id: fx.ent,
      bank_org_id: fx.bank,
      requested_by_org_id: fx.ent,
      requested_by_user_id: fx.entUser,
      message: null,
      reasons: '[]',
      status: 'accepted',
      responded_by: fx.bankUser,
      responded_at: now(),
      created_at: now(),
    })
    .execute();
  // the meeting: second slot (10:20), second table
  await t.db
    .insertInto('meeting_placements')
    .values({ request_id: requestId, event_id: fx.eventId, slot: 1, table_no: 1, manual: 0, placed_at: now() })
    .execute();
});
afterAll(async () => {
  await closeJobQueue();
  await t.cleanup();
  await drop();
  if (process.env.TEST_PG_URL) delete process.env.DATABASE_URL;
});

describe('reminders of a session (moved clock)', () => {
  it('reminds an unanswered invitee from 3 days before the deadline, once', async () => {
    expect(await sendResponseReminders(t.db, at('2026-10-11'))).toBe(0);
    expect(await sendResponseReminders(t.db, at('2026-10-12'))).toBe(1);
    expect(await sendResponseReminders(t.db, at('2026-10-12', '10:00'))).toBe(0);
    expect(await sendResponseReminders(t.db, at('2026-10-14'))).toBe(0);
    const notes = await sent('event.responseReminder');
    expect(notes.map((n) => n.user_id)).toEqual([fx.invitedUser]);
    expect(JSON.parse(notes[0].payload)).toEqual({ title: '提醒测试对接会', date: '2026-10-20', deadline: '2026-10-15' });
    const mail = await t.db
      .selectFrom('outbox_messages')
      .select(['user_id', 'body'])
      .where('kind', '=', 'event.responseReminder')
      .execute();
    expect(mail.map((m) => m.user_id)).toEqual([fx.invitedUser]);
    expect(mail[0].body).toContain('答复截止日期为 2026-10-15');

    // invited later, two sweeps at once: one reminder
    const late = await insertOrg(t.db, { kind: 'enterprise', name: '提醒测试晚到企业' });
    const lateUser = await insertUser(t.db, { role: 'enterprise', organizationId: late });
    await participant(late, 'invited');
    const [a, b] = await Promise.all([sendResponseReminders(t.db, at('2026-10-15')), sendResponseReminders(t.db, at('2026-10-15'))]);
    expect(a + b).toBe(1);
    expect((await sent('event.responseReminder')).map((n) => n.user_id)).toEqual([fx.invitedUser, lateUser]);
    // after the deadline nobody more is reminded
    const after = await insertOrg(t.db, { kind: 'enterprise' });
    await insertUser(t.db, { role: 'enterprise', organizationId: after });
    await participant(after, 'invited');
    expect(await sendResponseReminders(t.db, at('2026-10-16'))).toBe(0);
  });

  it('reminds every attending organization the day before from 09:00, with its meetings, once', async () => {
    expect(await sendDayBeforeReminders(t.db, at('2026-10-18', '12:00'))).toBe(0);
    expect(await sendDayBeforeReminders(t.db, at('2026-10-19', '08:59'))).toBe(0);
    const [a, b] = await Promise.all([
      sendDayBeforeReminders(t.db, at('2026-10-19', '09:01')),
      sendDayBeforeReminders(t.db, at('2026-10-19', '09:01')),
    ]);
    expect(a + b).toBe(2);
    expect(await sendDayBeforeReminders(t.db, at('2026-10-19', '18:00'))).toBe(0);
    const notes = await sent('event.dayBefore');
    expect(notes.map((n) => n.user_id).sort()).toEqual([fx.entUser, fx.bankUser].sort());
    const ent = JSON.parse(notes.find((n) => n.user_id === fx.entUser)!.payload);
    expect(ent).toEqual({
      title: '提醒测试对接会',
      date: '2026-10-20',
      time: '09:30',
      venue: '平顶山会议中心',
      agenda: '10:20 2号桌 提醒测试银行',
    });
    expect(JSON.parse(notes.find((n) => n.user_id === fx.bankUser)!.payload).agenda).toBe('10:20 2号桌 提醒测试参会企业');
    expect(notes.every((n) => n.link === `/events/${fx.eventId}/agenda`)).toBe(true);
    const mail = await t.db.selectFrom('outbox_messages').select('body').where('kind', '=', 'event.dayBefore').execute();
    expect(mail).toHaveLength(2);
    expect(mail.map((m) => m.body).join('\n')).toContain('贵机构的洽谈安排：10:20 2号桌 提醒测试银行');
    // each representative by SMS to the number registered, once, with the meetings and the own agenda link when there is one
    const texts = await t.db
      .selectFrom('outbox_messages')
      .select(['recipient', 'body', 'channel'])
      .where('kind', '=', 'event.dayBefore.representative')
      .orderBy('recipient')
      .execute();
    expect(texts.map((m) => [m.channel, m.recipient])).toEqual([
      ['sms', '13937500101'],
      ['sms', '13937500102'],
    ]);
    expect(texts[0].body).toContain('周晓明您好：明天（2026-10-20）09:30 举行对接会“提醒测试对接会”');
    expect(texts[0].body).toContain('您的洽谈安排：10:20 2号桌 提醒测试银行');
    expect(texts[0].body).toMatch(/个人日程：\S*\/agenda\/reminder-test-agenda-token-a$/);
    expect(texts[1].body).toMatch(new RegExp(`个人日程：\\S*/events/${fx.eventId}$`));
  });

  it('reminds both sides 15 minutes before their meeting, once', async () => {
    expect(await sendMeetingSoonReminders(t.db, at('2026-10-20', '10:04'))).toBe(0);
    const [a, b] = await Promise.all([
      sendMeetingSoonReminders(t.db, at('2026-10-20', '10:06')),
      sendMeetingSoonReminders(t.db, at('2026-10-20', '10:06')),
    ]);
    expect(a + b).toBe(1);
    expect(await sendMeetingSoonReminders(t.db, at('2026-10-20', '10:15'))).toBe(0);
    expect(await sendMeetingSoonReminders(t.db, at('2026-10-20', '10:25'))).toBe(0);
    const notes = await sent('event.meetingSoon');
    expect(notes.map((n) => n.user_id).sort()).toEqual([fx.entUser, fx.bankUser].sort());
    expect(JSON.parse(notes.find((n) => n.user_id === fx.entUser)!.payload)).toEqual({
      title: '提醒测试对接会',
      time: '10:20',
      table: 2,
      counterpart: '提醒测试银行',
    });
    expect(JSON.parse(notes.find((n) => n.user_id === fx.bankUser)!.payload).counterpart).toBe('提醒测试参会企业');
  });

  it('a whole sweep later sends nothing again', async () => {
    expect(await sendEventReminders(t.db, at('2026-10-20', '10:10'))).toEqual({ response: 0, dayBefore: 0, meetingSoon: 0 });
    const rows = await t.db.selectFrom('event_reminders').select(['kind']).execute();
    expect(rows.map((r) => r.kind).sort()).toEqual(['dayBefore', 'dayBefore', 'meetingSoon', 'response', 'response']);
  });
});
