import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import type { ParticipantRole, ParticipantStatus } from '#db/schema';
import {
  checkIn,
  checkInAllOfToken,
  checkinCounts,
  CheckinFormSchema,
  searchRepresentatives,
  TokenCheckinFormSchema,
  undoCheckIn,
} from './checkin.server';
import { contentDisposition } from '~/utils/download';
import { exportFileName, loadOrganizerRoster, loadPublicRoster, meetingsByOrganization, slotLabel } from './roster.server';

let t: TempDatabase;
let organizer = '';
let n = 0;
const id = (p: string) => `${p}${String(++n).padStart(16 - p.length, '0')}`;
const now = () => new Date().toISOString();

async function event(): Promise<string> {
  const eid = id('evt');
  await t.db
    .insertInto('events')
    .values({
      id: eid,
      region_code: '410400',
      created_by: organizer,
      title: '签到测试',
      theme: '主题',
      event_date: '2026-12-18',
      start_time: '09:00',
      venue: '会场',
      capacity: 50,
      registration_deadline: '2026-12-10',
      open_registration: 0,
      slot_count: 4,
      slot_minutes: 15,
      table_count: 2,
      first_slot_time: '13:50',
      description: null,
      status: 'open',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return eid;
}

async function participant(eventId: string, name: string, role: ParticipantRole, status: ParticipantStatus, reps: [string, string][]) {
  const orgId = await insertOrg(t.db, { kind: role, name });
  const pid = id('par');
  const token = id('tok');
  await t.db
    .insertInto('event_participants')
    .values({
      id: pid,
      event_id: eventId,
      organization_id: orgId,
      role,
      status,
      invited_by: organizer,
      responded_by: null,
      responded_at: null,
      checkin_token: token,
      created_at: now(),
    })
    .execute();
  const repIds: string[] = [];
  for (const [repName, phone] of reps) {
    const rid = id('rep');
    await t.db
      .insertInto('event_representatives')
      .values({
        id: rid,
        event_id: eventId,
        participant_id: pid,
        organization_id: orgId,
        name: repName,
        title: '经理',
        phone,
        checked_in_at: null,
        checked_in_by: null,
        created_at: now(),
      })
      .execute();
    repIds.push(rid);
  }
  return { orgId, token, repIds };
}

let ev = '';
let other = '';
let bank: Awaited<ReturnType<typeof participant>>;
let ent: Awaited<ReturnType<typeof participant>>;
let declined: Awaited<ReturnType<typeof participant>>;
let otherEnt: Awaited<ReturnType<typeof participant>>;

beforeAll(async () => {
  t = await createTempDatabase();
  organizer = await insertUser(t.db, { role: 'organizer', regionCode: '410400' });
  ev = await event();
  other = await event();
  bank = await participant(ev, '中国银行平顶山分行', 'bank', 'accepted', [['王银行', '13900000001']]);
  ent = await participant(ev, '舞钢市100%纺织有限公司', 'enterprise', 'registered', [
    ['李红梅', '13900000002'],
    ['Alice Wang', '13900000003'],
  ]);
  await participant(ev, '平顶山市工信局', 'government', 'accepted', []);
  declined = await participant(ev, '婉拒企业', 'enterprise', 'declined', [['郑婉拒', '13900000004']]);
  otherEnt = await participant(other, '另一场的企业', 'enterprise', 'accepted', [['别场人', '13900000005']]);
});
afterAll(async () => {
  await t.cleanup();
});

describe('check-in', () => {
  it('counts registered and arrived representatives of attending organizations by group', async () => {
    const c = await checkinCounts(t.db, ev);
    expect(c.total).toEqual({ organizations: 3, representatives: 3, checkedIn: 0 });
    expect(c.bank).toEqual({ organizations: 1, representatives: 1, checkedIn: 0 });
    expect(c.enterprise).toEqual({ organizations: 1, representatives: 2, checkedIn: 0 });
    expect(c.government).toEqual({ organizations: 1, representatives: 0, checkedIn: 0 });
  });

  it('marks arrival once: a second tap keeps the first time; undo clears it', async () => {
    const rep = ent.repIds[0];
    const first = await checkIn(t.db, ev, rep, organizer, '2026-12-18T01:00:00.000Z');
    expect(first).toEqual({ changed: true, name: '李红梅', checkedInAt: '2026-12-18T01:00:00.000Z' });
    const again = await checkIn(t.db, ev, rep, organizer, '2026-12-18T01:30:00.000Z');
    expect(again).toEqual({ changed: false, name: '李红梅', checkedInAt: '2026-12-18T01:00:00.000Z' });
    expect((await checkinCounts(t.db, ev)).enterprise.checkedIn).toBe(1);
    expect(await undoCheckIn(t.db, ev, rep)).toMatchObject({ changed: true });
    expect(await undoCheckIn(t.db, ev, rep)).toMatchObject({ changed: false });
    expect((await checkinCounts(t.db, ev)).total.checkedIn).toBe(0);
  });

  it('refuses representatives of another event or of an organization that does not attend', async () => {
    await expect(checkIn(t.db, ev, otherEnt.repIds[0], organizer)).rejects.toMatchObject({ status: 404 });
    await expect(checkIn(t.db, ev, declined.repIds[0], organizer)).rejects.toMatchObject({ status: 404 });
    await expect(undoCheckIn(t.db, other, ent.repIds[0])).rejects.toMatchObject({ status: 404 });
    await expect(checkInAllOfToken(t.db, ev, otherEnt.token, organizer)).rejects.toMatchObject({ status: 404 });
    await expect(checkInAllOfToken(t.db, ev, declined.token, organizer)).rejects.toMatchObject({ status: 404 });
    const row = await t.db
      .selectFrom('event_representatives')
      .select('checked_in_at')
      .where('id', '=', declined.repIds[0])
      .executeTakeFirstOrThrow();
    expect(row.checked_in_at).toBeNull();
  });

  it('marks a whole organization at once, counting only those not yet arrived', async () => {
    await checkIn(t.db, ev, ent.repIds[1], organizer);
    expect(await checkInAllOfToken(t.db, ev, ent.token, organizer)).toEqual({ marked: 1 });
    expect(await checkInAllOfToken(t.db, ev, ent.token, organizer)).toEqual({ marked: 0 });
    expect((await checkinCounts(t.db, ev)).enterprise.checkedIn).toBe(2);
    for (const r of ent.repIds) await undoCheckIn(t.db, ev, r);
  });

  it('searches by name, phone and organization, case-insensitively, with LIKE wildcards taken literally', async () => {
    const names = async (q: string) => (await searchRepresentatives(t.db, ev, q)).rows.map((r) => r.name).sort();
    expect(await names('')).toEqual(['Alice Wang', '李红梅', '王银行']);
    expect(await names('红梅')).toEqual(['李红梅']);
    expect(await names('13900000001')).toEqual(['王银行']);
    expect(await names('纺织')).toEqual(['Alice Wang', '李红梅']);
    expect(await names('alice')).toEqual(['Alice Wang']);
    expect(await names('ＡＬＩＣＥ')).toEqual(['Alice Wang']);
    expect(await names('100%')).toEqual(['Alice Wang', '李红梅']);
    expect(await names('0%纺')).toEqual(['Alice Wang', '李红梅']);
    // a literal percent sign matches the one organization that has it; `_` is no wildcard either
    expect(await names('%')).toEqual(['Alice Wang', '李红梅']);
    expect(await names('1_0')).toEqual([]);
    expect(await names('_')).toEqual([]);
    expect(await names('郑婉拒')).toEqual([]);
    expect(await names('别场人')).toEqual([]);
    const limited = await searchRepresentatives(t.db, ev, '', 2);
    expect(limited.rows).toHaveLength(2);
    expect(limited.more).toBe(true);
  });

  it('validates the forms with message keys', () => {
    expect(CheckinFormSchema.safeParse({ intent: 'checkin', repId: 'abc' }).success).toBe(true);
    const missing = CheckinFormSchema.safeParse({ intent: 'checkin' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0].message).toBe('v.required');
    expect(CheckinFormSchema.safeParse({ intent: 'all', repId: 'abc' }).success).toBe(false);
    expect(TokenCheckinFormSchema.safeParse({ intent: 'all' }).success).toBe(true);
    expect(TokenCheckinFormSchema.safeParse({ intent: 'undo' }).success).toBe(false);
  });
});

describe('roster data', () => {
  it('gives participants names and titles of attending organizations only, and never a phone', async () => {
    const r = (await loadPublicRoster(t.db, ev))!;
    expect(r.organizations.map((o) => o.name)).toEqual(['中国银行平顶山分行', '舞钢市100%纺织有限公司', '平顶山市工信局']);
    const json = JSON.stringify(r);
    expect(json).not.toMatch(/139\d{8}/);
    expect(json).not.toContain('phone');
    expect(json).not.toContain(ent.token);
    expect(r.organizations[1].representatives[0]).toEqual({ id: ent.repIds[0], name: '李红梅', title: '经理' });
    expect(r.counts.total).toMatchObject({ organizations: 3, representatives: 3 });
  });

  it('gives the organizer phones, tokens and the schedule in slot order', async () => {
    const reqs = [
      { e: ent.orgId, slot: 2, table: 1 },
      { e: ent.orgId, slot: 0, table: 0 },
    ];
    const banks = [bank.orgId, await insertOrg(t.db, { kind: 'bank', name: '另一家银行' })];
    for (const [i, q] of reqs.entries()) {
      const rid = id('req');
      await t.db
        .insertInto('meeting_requests')
        .values({
          id: rid,
          event_id: ev,
          enterprise_org_id: q.e,
          bank_org_id: banks[i],
          requested_by_org_id: q.e,
          requested_by_user_id: organizer,
          message: null,
          reasons: '[]',
          status: 'accepted',
          responded_by: null,
          responded_at: null,
          created_at: now(),
        })
        .execute();
      await t.db
        .insertInto('meeting_placements')
        .values({ request_id: rid, event_id: ev, slot: q.slot, table_no: q.table, manual: 0, placed_at: now() })
        .execute();
    }
    const r = (await loadOrganizerRoster(t.db, ev))!;
    expect(r.organizations[0].representatives[0].phone).toBe('13900000001');
    expect(r.organizations[1].checkinToken).toBe(ent.token);
    expect(r.meetings.map((m) => [m.time, m.tableNo, m.bank.name])).toEqual([
      ['13:50–14:05', 1, '另一家银行'],
      ['14:20–14:35', 2, '中国银行平顶山分行'],
    ]);
    const perOrg = meetingsByOrganization(r.meetings);
    expect(perOrg.get(ent.orgId)!.map((m) => m.counterpart)).toEqual(['另一家银行', '中国银行平顶山分行']);
    expect(perOrg.get(bank.orgId)!.map((m) => m.counterpart)).toEqual(['舞钢市100%纺织有限公司']);
    expect(await loadOrganizerRoster(t.db, 'nosuchevent')).toBeUndefined();
  });

  it('names the files after the event, with an RFC 5987 Content-Disposition', () => {
    expect(slotLabel('23:50', 15, 1)).toBe('00:05–00:20');
    const name = exportFileName('2026年"政银企"对接会: 第1场/平顶山', '参会名册', 'pdf');
    expect(name).toBe('2026年 政银企 对接会 第1场 平顶山-参会名册.pdf');
    const header = contentDisposition(name, 'roster-2026-12-18.pdf');
    expect(header).toBe(`attachment; filename="roster-2026-12-18.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe(name);
    expect(contentDisposition("a'b(c).pdf", 'x"y.pdf')).toBe(`attachment; filename="x_y.pdf"; filename*=UTF-8''a%27b%28c%29.pdf`);
  });
});
