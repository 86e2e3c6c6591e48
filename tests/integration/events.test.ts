/**
 * Matchmaking sessions over HTTP against the real server: the organizer creates
 * and edits a session (validation, version check, region boundary), moves it
 * through its life cycle, invites banks and enterprises (suggestions,
 * eligibility, notifications), opens registration; participants answer,
 * register and name representatives (phones stay private to their
 * organization, one phone once per session, capacity holds under concurrent
 * requests (the rest wait in order), the deadline is enforced). Runs on SQLite and, with TEST_PG_URL,
 * on PostgreSQL.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
let seq = 0;

const DAY_MS = 86_400_000;
/** China-local date `days` from today. */
const inDays = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;

const DEMO_BANK = 'demobank00000001';
const DEMO_ENTERPRISE = 'demoent000000001';
/** 平顶山市鹰城尼龙新材料有限公司 (410411, verified) and its login */
const ENT2 = { org: 'demoent000000002', email: 'ent2@demo.finmatch.cn' };
/** 平顶山市卫东区云智软件科技有限公司 (410403, pending verification) */
const ENT11 = { org: 'demoent000000011', email: 'ent11@demo.finmatch.cn' };

async function client(email: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

async function createUser(role: 'organizer', region: string) {
  const id = fid('evtusr');
  const email = `${id}@events.finmatch.test`;
  const now = new Date().toISOString();
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: `对接会测试${seq}`,
      phone: '13800000007',
      password_hash: passwordHash,
      role,
      organization_id: null,
      region_code: region,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, email };
}

function sessionForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: '对接会集成测试（科技企业专场）',
    theme: '科技企业专场',
    eventDate: inDays(20),
    startTime: '09:00',
    venue: '平顶山市会展中心',
    regionCode: '410400',
    capacity: '50',
    registrationDeadline: inDays(10),
    slotCount: '6',
    slotMinutes: '20',
    tableCount: '10',
    firstSlotTime: '10:00',
    description: '集成测试',
    'agenda[0].startsAt': '09:30',
    'agenda[0].title': '银行产品推介',
    'agenda[1].startsAt': '09:00',
    'agenda[1].title': '领导致辞',
    'agenda[1].speaker': '市金融局',
    intent: 'create',
    ...over,
  };
}

async function createSession(org: HttpClient, over: Record<string, string> = {}): Promise<string> {
  const res = await org.post('/organizer/events/new', sessionForm(over));
  expect(res.status, await res.clone().text()).toBe(302);
  const id = res.headers.get('location')!.split('/').pop()!;
  expect(id).toMatch(/^[a-z0-9]{16}$/);
  return id;
}

async function eventRow(id: string) {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function participant(eventId: string, orgId: string) {
  return db
    .selectFrom('event_participants')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
}

async function reps(eventId: string) {
  return db.selectFrom('event_representatives').selectAll().where('event_id', '=', eventId).execute();
}

/** A session through the HTTP API: created, the demo bank and enterprise invited, opened. */
async function openSessionWithInvites(org: HttpClient, over: Record<string, string> = {}): Promise<string> {
  const id = await createSession(org, over);
  expect((await org.post(`/organizer/events/${id}/invitations`, { intent: 'invite', orgIds: [DEMO_BANK, DEMO_ENTERPRISE] })).status).toBe(
    302,
  );
  expect(
    (await org.post(`/organizer/events/${id}`, { intent: 'status', to: 'open', version: String((await eventRow(id)).version) })).status,
  ).toBe(302);
  return id;
}

let organizer: HttpClient;
let otherOrganizer: HttpClient;
let bank: HttpClient;
let enterprise: HttpClient;

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow())
    .password_hash;
  const other = await createUser('organizer', '410100');
  [organizer, otherOrganizer, bank, enterprise] = await Promise.all([
    client(DEMO.organizer),
    client(other.email),
    client(DEMO.bank),
    client(DEMO.enterprise),
  ]);
});
afterAll(async () => {
  await server?.stop();
});

describe('creating and editing a session', () => {
  it('creates a draft with its agenda sorted by time, and lists it with counts', async () => {
    const id = await createSession(organizer);
    const row = await eventRow(id);
    expect(row).toMatchObject({
      status: 'draft',
      region_code: '410400',
      capacity: 50,
      slot_count: 6,
      slot_minutes: 20,
      table_count: 10,
      first_slot_time: '10:00',
      version: 1,
      open_registration: 0,
    });
    const agenda = await db
      .selectFrom('event_agenda_items')
      .select(['starts_at', 'title', 'speaker', 'sort_order'])
      .where('event_id', '=', id)
      .orderBy('sort_order')
      .execute();
    expect(agenda).toEqual([
      { starts_at: '09:00', title: '领导致辞', speaker: '市金融局', sort_order: 0 },
      { starts_at: '09:30', title: '银行产品推介', speaker: null, sort_order: 1 },
    ]);
    const page = await organizer.get(`/organizer/events/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('领导致辞');
    expect(html).toContain('草稿');
    const list = await (await organizer.get('/organizer/events?status=draft')).text();
    expect(list).toContain(`/organizer/events/${id}`);
    expect(list).toContain('0 / 50');
  });

  it('refuses bad input with field errors in the user’s language and keeps what was typed', async () => {
    const before = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    const past = await organizer.post(
      '/organizer/events/new',
      sessionForm({ title: '日期已过的对接会', eventDate: inDays(-1), registrationDeadline: inDays(-2) }),
    );
    expect(past.status).toBe(400);
    const html = await past.text();
    expect(html).toContain('对接会日期不能早于今天');
    expect(html).toContain('value="日期已过的对接会"');
    const late = await organizer.post('/organizer/events/new', sessionForm({ registrationDeadline: inDays(21) }));
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('报名截止日不能晚于对接会日期');
    const long = await organizer.post('/organizer/events/new', sessionForm({ firstSlotTime: '20:00', slotCount: '20' }));
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('当天最多安排 12 个这样的时段');
    const outside = await organizer.post('/organizer/events/new', sessionForm({ regionCode: '410102' }));
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain('该区域不在您的管辖范围内');
    organizer.cookies.set('finmatch_lang', 'en');
    const en = await organizer.post('/organizer/events/new', sessionForm({ eventDate: inDays(-1), registrationDeadline: inDays(-2) }));
    organizer.cookies.delete('finmatch_lang');
    expect(await en.text()).toContain('The session’s date cannot be in the past');
    const after = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('adds an agenda row without JavaScript (conform intent) and keeps the typed values', async () => {
    const res = await organizer.post('/organizer/events/new', {
      ...sessionForm({ title: '无脚本添加议程' }),
      __intent__: JSON.stringify({ type: 'insert', payload: { name: 'agenda' } }),
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('value="无脚本添加议程"');
    expect(html.match(/data-testid="agenda-row"/g)).toHaveLength(3);
  });

  it('edits with a version check: a stale edit changes nothing and says so', async () => {
    const id = await createSession(organizer);
    const first = await organizer.post(
      `/organizer/events/${id}`,
      sessionForm({ intent: 'save', version: '1', venue: '新的会场', 'agenda[2].startsAt': '11:00', 'agenda[2].title': '签约仪式' }),
    );
    expect(first.status).toBe(302);
    expect(await eventRow(id)).toMatchObject({ venue: '新的会场', version: 2 });
    const stale = await organizer.post(`/organizer/events/${id}`, sessionForm({ intent: 'save', version: '1', venue: '过期的修改' }));
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('其他人刚刚修改了这场对接会');
    expect(await eventRow(id)).toMatchObject({ venue: '新的会场', version: 2 });
    expect(await db.selectFrom('event_agenda_items').select('title').where('event_id', '=', id).orderBy('sort_order').execute()).toEqual([
      { title: '领导致辞' },
      { title: '银行产品推介' },
      { title: '签约仪式' },
    ]);
  });

  it('hides a session from organizers of other regions and from banks and enterprises', async () => {
    const id = await createSession(organizer);
    expect((await otherOrganizer.get(`/organizer/events/${id}`)).status).toBe(404);
    expect((await otherOrganizer.get(`/organizer/events/${id}/invitations`)).status).toBe(404);
    expect(
      (await otherOrganizer.post(`/organizer/events/${id}`, sessionForm({ intent: 'save', version: '1', venue: '越权' }))).status,
    ).toBe(404);
    expect((await otherOrganizer.post(`/organizer/events/${id}`, { intent: 'status', to: 'open', version: '1' })).status).toBe(404);
    expect(await (await otherOrganizer.get('/organizer/events')).text()).not.toContain(id);
    expect((await bank.get(`/organizer/events/${id}`)).status).toBe(403);
    // a draft is invisible to participants even when they are invited
    expect((await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'invite', orgIds: [DEMO_ENTERPRISE] })).status).toBe(302);
    expect((await enterprise.get(`/events/${id}`)).status).toBe(404);
    expect(await eventRow(id)).toMatchObject({ venue: '平顶山市会展中心', status: 'draft' });
  });
});

describe('life cycle', () => {
  it('follows draft → open → scheduled → held → closed; other moves are a clear 400', async () => {
    const id = await createSession(organizer, { eventDate: inDays(3), registrationDeadline: inDays(1) });
    const move = async (to: string) =>
      organizer.post(`/organizer/events/${id}`, { intent: 'status', to, version: String((await eventRow(id)).version) });
    const skip = await move('scheduled');
    expect(skip.status).toBe(400);
    expect(await skip.text()).toContain('当前状态下不能进行这一步');
    expect((await move('open')).status).toBe(302);
    expect((await move('scheduled')).status).toBe(302);
    const early = await move('held');
    expect(early.status).toBe(400);
    expect(await early.text()).toContain('对接会日期未到');
    await db
      .updateTable('events')
      .set({ event_date: inDays(0), registration_deadline: inDays(0) })
      .where('id', '=', id)
      .execute();
    expect((await move('held')).status).toBe(302);
    expect((await move('closed')).status).toBe(302);
    expect((await eventRow(id)).status).toBe('closed');
    // closed: read-only
    const edit = await organizer.post(
      `/organizer/events/${id}`,
      sessionForm({ intent: 'save', version: String((await eventRow(id)).version), eventDate: inDays(0), registrationDeadline: inDays(0) }),
    );
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain('不能再修改');
    // a stale status change is refused
    const stale = await organizer.post(`/organizer/events/${id}`, { intent: 'status', to: 'closed', version: '1' });
    expect(stale.status).toBe(409);
  });

  it('notifies invitees when the session opens, not while it is a draft', async () => {
    const id = await createSession(organizer, { title: '开放时才通知的对接会' });
    const entUser = await db.selectFrom('users').select('id').where('email', '=', DEMO.enterprise).executeTakeFirstOrThrow();
    const notes = () =>
      db
        .selectFrom('notifications')
        .select(['kind', 'link'])
        .where('user_id', '=', entUser.id)
        .where('link', '=', `/events/${id}`)
        .execute();
    expect((await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'invite', orgIds: [DEMO_ENTERPRISE] })).status).toBe(302);
    expect(await notes()).toEqual([]);
    expect((await organizer.post(`/organizer/events/${id}`, { intent: 'status', to: 'open', version: '1' })).status).toBe(302);
    expect(await notes()).toEqual([{ kind: 'event.invited', link: `/events/${id}` }]);
    expect(await (await enterprise.get('/notifications')).text()).toContain('您受邀参加对接会“开放时才通知的对接会”');
  });
});

describe('invitations, answers and representatives', () => {
  it('suggests enterprises with needs, refuses ineligible organizations, invites the rest', async () => {
    const id = await createSession(organizer);
    const page = await (await organizer.get(`/organizer/events/${id}/invitations`)).text();
    // seeded enterprises of 平顶山市 with published needs, not yet invited
    const withNeeds = await db
      .selectFrom('financing_needs as n')
      .innerJoin('organizations as o', 'o.id', 'n.organization_id')
      .select('o.name')
      .where('n.status', '=', 'published')
      .where('o.status', '=', 'verified')
      .where('n.region_code', 'like', '4104%')
      .execute();
    expect(withNeeds.length).toBeGreaterThan(0);
    expect(withNeeds.some((n) => page.includes(n.name))).toBe(true);
    expect(page).toContain('产品匹配的金融机构');

    // a pending organization and one of another region are refused: nothing is written
    const otherRegion = await db
      .insertInto('organizations')
      .values({
        id: fid('evtorg'),
        kind: 'enterprise',
        name: '郑州测试企业',
        status: 'verified',
        status_reason: null,
        status_changed_by: null,
        status_changed_at: null,
        credit_code: null,
        region_code: '410102',
        industry: 'C',
        size: 'small',
        founded_year: 2015,
        registered_capital: null,
        employees: null,
        annual_revenue: null,
        bank_type: null,
        branch_level: null,
        contact_name: '测试',
        contact_phone: '13800000005',
        contact_email: null,
        description: null,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const bad of [ENT11.org, otherRegion.id]) {
      const res = await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'invite', orgIds: [DEMO_BANK, bad] });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('所选机构中有未认证或不属于本地区的机构');
    }
    expect(await db.selectFrom('event_participants').select('id').where('event_id', '=', id).execute()).toEqual([]);
    const empty = await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'invite' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('请至少选择一家机构');

    const ok = await organizer.post(`/organizer/events/${id}/invitations`, {
      intent: 'invite',
      orgIds: [DEMO_BANK, DEMO_ENTERPRISE, 'demogov000000001'],
    });
    expect(ok.status).toBe(302);
    expect((await participant(id, DEMO_BANK))!.status).toBe('invited');
    expect((await participant(id, DEMO_ENTERPRISE))!).toMatchObject({ status: 'invited', role: 'enterprise' });
    // the government department attends at once (the organizer speaks for it)
    expect((await participant(id, 'demogov000000001'))!).toMatchObject({ status: 'accepted', role: 'government' });
    // inviting again changes nothing
    expect((await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'invite', orgIds: [DEMO_BANK] })).status).toBe(302);
    expect(await db.selectFrom('event_participants').select('id').where('event_id', '=', id).execute()).toHaveLength(3);
    // an unanswered invitation may be withdrawn
    const p = await participant(id, DEMO_BANK);
    expect((await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'uninvite', participantId: p!.id })).status).toBe(302);
    expect(await participant(id, DEMO_BANK)).toBeUndefined();
  });

  it('lets the invitee accept and name representatives; phones stay with their organization', async () => {
    const id = await openSessionWithInvites(organizer, { title: '代表登记测试对接会' });
    const mine = await (await enterprise.get('/events')).text();
    expect(mine).toContain('代表登记测试对接会');
    expect(mine).toContain('待答复的邀请');

    // representatives only once attending
    const early = await enterprise.post(`/events/${id}`, { intent: 'addRep', name: '李红梅', title: '总经理', phone: '13912340001' });
    expect(early.status).toBe(403);

    expect((await enterprise.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
    expect((await participant(id, DEMO_ENTERPRISE))!.status).toBe('accepted');
    const again = await enterprise.post(`/events/${id}`, { intent: 'accept' });
    expect(again.status).toBe(409);
    const orgUser = await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow();
    expect(
      await db
        .selectFrom('notifications')
        .select('kind')
        .where('user_id', '=', orgUser.id)
        .where('link', '=', `/organizer/events/${id}/invitations`)
        .execute(),
    ).toEqual([{ kind: 'event.accepted' }]);

    expect(
      (await enterprise.post(`/events/${id}`, { intent: 'addRep', name: '李红梅', title: '总经理', phone: '139 1234 0001' })).status,
    ).toBe(302);
    const badPhone = await enterprise.post(`/events/${id}`, { intent: 'addRep', name: '王五', title: '出纳', phone: '12345' });
    expect(badPhone.status).toBe(400);
    expect(await badPhone.text()).toContain('请输入有效的 11 位手机号码');
    const twice = await enterprise.post(`/events/${id}`, { intent: 'addRep', name: '李红梅', title: '总经理', phone: '13912340001' });
    expect(twice.status).toBe(400);
    const twiceHtml = await twice.text();
    expect(twiceHtml).toContain('该手机号已登记为本场代表');
    expect(twiceHtml).toContain('value="李红梅"');

    expect((await bank.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
    expect((await bank.post(`/events/${id}`, { intent: 'addRep', name: '王建国', title: '行长', phone: '13812340002' })).status).toBe(302);
    // the same person cannot be registered by another organization either
    const cross = await bank.post(`/events/${id}`, { intent: 'addRep', name: '李红梅', title: '总经理', phone: '13912340001' });
    expect(cross.status).toBe(400);
    expect(await cross.text()).toContain('该手机号已登记为本场代表');
    expect(await reps(id)).toHaveLength(2);

    // each participant sees its own phones only; the organizer sees all
    const entPage = await (await enterprise.get(`/events/${id}`)).text();
    expect(entPage).toContain('13912340001');
    expect(entPage).not.toContain('13812340002');
    const bankPage = await (await bank.get(`/events/${id}`)).text();
    expect(bankPage).toContain('13812340002');
    expect(bankPage).not.toContain('13912340001');
    const orgPage = await (await organizer.get(`/organizer/events/${id}/invitations`)).text();
    expect(orgPage).toContain('13912340001');
    expect(orgPage).toContain('13812340002');

    // a participant cannot remove another organization's representative
    const bankRep = (await reps(id)).find((r) => r.organization_id === DEMO_BANK)!;
    expect((await enterprise.post(`/events/${id}`, { intent: 'removeRep', representativeId: bankRep.id })).status).toBe(404);
    expect(await reps(id)).toHaveLength(2);

    // the organizer adds one for the bank, and the overview counts
    expect(
      (
        await organizer.post(`/organizer/events/${id}/invitations`, {
          intent: 'addRep',
          participantId: (await participant(id, DEMO_BANK))!.id,
          name: '赵晓燕',
          title: '客户经理',
          phone: '13812340003',
        })
      ).status,
    ).toBe(302);
    const overview = await (await organizer.get(`/organizer/events/${id}`)).text();
    expect(overview).toContain('3 / 50');

    // withdrawing drops the organization's representatives
    expect((await bank.post(`/events/${id}`, { intent: 'decline' })).status).toBe(302);
    expect((await participant(id, DEMO_BANK))!.status).toBe('declined');
    expect((await reps(id)).map((r) => r.organization_id)).toEqual([DEMO_ENTERPRISE]);
    // the enterprise removes its own
    const own = (await reps(id))[0];
    expect((await enterprise.post(`/events/${id}`, { intent: 'removeRep', representativeId: own.id })).status).toBe(302);
    expect(await reps(id)).toEqual([]);
  });

  it('refuses answers and representative changes after the deadline, changing nothing', async () => {
    const id = await openSessionWithInvites(organizer);
    expect((await bank.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
    await db
      .updateTable('events')
      .set({ registration_deadline: inDays(-1) })
      .where('id', '=', id)
      .execute();
    const late = await enterprise.post(`/events/${id}`, { intent: 'accept' });
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('报名截止日已过');
    expect((await participant(id, DEMO_ENTERPRISE))!.status).toBe('invited');
    const rep = await bank.post(`/events/${id}`, { intent: 'addRep', name: '王建国', title: '行长', phone: '13812349999' });
    expect(rep.status).toBe(400);
    expect(await rep.text()).toContain('报名截止日已过');
    expect(await reps(id)).toEqual([]);
    // the organizer may still add on the participant's behalf
    const pid = (await participant(id, DEMO_BANK))!.id;
    expect(
      (
        await organizer.post(`/organizer/events/${id}/invitations`, {
          intent: 'addRep',
          participantId: pid,
          name: '王建国',
          title: '行长',
          phone: '13812349999',
        })
      ).status,
    ).toBe(302);
    expect(await reps(id)).toHaveLength(1);
  });

  it('opens registration to verified organizations of the region only', async () => {
    const id = await createSession(organizer, { title: '自主报名测试对接会' });
    expect((await organizer.post(`/organizer/events/${id}`, { intent: 'status', to: 'open', version: '1' })).status).toBe(302);
    const ent2 = await client(ENT2.email);
    const pending = await client(ENT11.email);
    // not open for registration yet: invisible
    expect((await ent2.get(`/events/${id}`)).status).toBe(404);
    expect((await ent2.post(`/events/${id}`, { intent: 'register' })).status).toBe(404);
    expect(
      (await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'openRegistration', open: '1', version: '2' })).status,
    ).toBe(302);
    expect(await (await ent2.get('/events')).text()).toContain('自主报名测试对接会');
    expect((await ent2.get(`/events/${id}`)).status).toBe(200);

    const refused = await pending.post(`/events/${id}`, { intent: 'register' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('贵机构通过认证后才能报名参加对接会');
    expect(await participant(id, ENT11.org)).toBeUndefined();

    expect((await ent2.post(`/events/${id}`, { intent: 'register' })).status).toBe(302);
    expect((await participant(id, ENT2.org))!).toMatchObject({ status: 'registered', role: 'enterprise', invited_by: null });
    const twice = await ent2.post(`/events/${id}`, { intent: 'register' });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('贵机构已报名本场对接会');
    // after the deadline nobody registers
    await db
      .updateTable('events')
      .set({ registration_deadline: inDays(-1) })
      .where('id', '=', id)
      .execute();
    const late = await bank.post(`/events/${id}`, { intent: 'register' });
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('报名截止日已过');
    expect(await participant(id, DEMO_BANK)).toBeUndefined();
  });
});

describe('capacity and the meeting grid', () => {
  it('never exceeds the capacity under concurrent requests', async () => {
    const id = await openSessionWithInvites(organizer, { capacity: '3' });
    expect((await enterprise.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
    expect((await bank.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
    const bankPid = (await participant(id, DEMO_BANK))!.id;
    const attempts = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) =>
        enterprise.post(`/events/${id}`, { intent: 'addRep', name: `企业代表${i}`, title: '经理', phone: `1391111000${i}` }),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        bank.post(`/events/${id}`, { intent: 'addRep', name: `银行代表${i}`, title: '经理', phone: `1382222000${i}` }),
      ),
      organizer.post(`/organizer/events/${id}/invitations`, {
        intent: 'addRep',
        participantId: bankPid,
        name: '主办方代登记',
        title: '经理',
        phone: '13733330000',
      }),
    ]);
    // nobody is refused: three take the places, the other five wait in order (候补, decision 036d)
    expect(attempts.map((r) => r.status)).toEqual(Array(8).fill(302));
    expect(await reps(id)).toHaveLength(3);
    const waiting = await db.selectFrom('event_waitlist').select('seq').where('event_id', '=', id).orderBy('seq').execute();
    expect(waiting.map((w) => w.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('registers one phone once even when the same request races', async () => {
    const id = await openSessionWithInvites(organizer);
    expect((await enterprise.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () =>
        enterprise.post(`/events/${id}`, { intent: 'addRep', name: '李红梅', title: '总经理', phone: '13955550000' }),
      ),
    );
    expect(attempts.filter((r) => r.status === 302)).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 400)).toHaveLength(4);
    expect(await reps(id)).toHaveLength(1);
  });

  it('refuses a capacity below the representatives named and a grid that would drop scheduled meetings', async () => {
    const id = await openSessionWithInvites(organizer);
    expect((await enterprise.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
    expect((await bank.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
    for (const phone of ['13966660001', '13966660002'])
      expect((await enterprise.post(`/events/${id}`, { intent: 'addRep', name: '代表', title: '经理', phone })).status).toBe(302);
    let version = (await eventRow(id)).version;
    const small = await organizer.post(`/organizer/events/${id}`, sessionForm({ intent: 'save', version: String(version), capacity: '1' }));
    expect(small.status).toBe(400);
    expect(await small.text()).toContain('已登记 2 名参会代表，名额不能少于此数');

    // a meeting placed at table 8 (0-based), slot 5
    const reqId = fid('evtreq');
    const now = new Date().toISOString();
    await db
      .insertInto('meeting_requests')
      .values({
        id: reqId,
        event_id: id,
        enterprise_org_id: DEMO_ENTERPRISE,
        bank_org_id: DEMO_BANK,
        requested_by_org_id: DEMO_ENTERPRISE,
        requested_by_user_id: 'x',
        message: null,
        reasons: '[]',
        status: 'accepted',
        responded_by: null,
        responded_at: now,
        created_at: now,
      })
      .execute();
    await db
      .insertInto('meeting_placements')
      .values({ request_id: reqId, event_id: id, slot: 5, table_no: 8, manual: 0, placed_at: now })
      .execute();
    const fewerTables = await organizer.post(
      `/organizer/events/${id}`,
      sessionForm({ intent: 'save', version: String(version), tableCount: '8' }),
    );
    expect(fewerTables.status).toBe(400);
    expect(await fewerTables.text()).toContain('有 1 场已排定的洽谈会落到新的网格之外');
    const fewerSlots = await organizer.post(
      `/organizer/events/${id}`,
      sessionForm({ intent: 'save', version: String(version), slotCount: '5' }),
    );
    expect(fewerSlots.status).toBe(400);
    expect(await eventRow(id)).toMatchObject({ table_count: 10, slot_count: 6, version });
    // a grid that still holds every placed meeting is fine (times may move)
    const ok = await organizer.post(
      `/organizer/events/${id}`,
      sessionForm({ intent: 'save', version: String(version), tableCount: '9', firstSlotTime: '10:30', slotMinutes: '15' }),
    );
    expect(ok.status).toBe(302);
    version += 1;
    expect(await eventRow(id)).toMatchObject({ table_count: 9, first_slot_time: '10:30', slot_minutes: 15, version });
  });
});
