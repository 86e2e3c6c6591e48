/**
 * Publishing the meeting schedule and the personal agenda over HTTP (issue 16): the
 * scheduler's grid is a draft until the organizer publishes it; publishing notifies
 * every attending organization in-app and by e-mail (outbox); each participant's agenda
 * page, its PDF (read back) and its .ics (parsed) show time, table and counterpart; a
 * later move notifies only the two organizations of the moved meeting; a letter of
 * intent proposed to an enterprise and confirmed by the organizer no longer asks it
 * to 确认或婉拒. Runs on SQLite and, with TEST_PG_URL, on PostgreSQL.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, ParticipantStatus } from '../../db/schema';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
let seq = 0;
const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;
const now = () => new Date().toISOString();
const inDays = (d: number) => new Date(Date.now() + 8 * 3_600_000 + d * 86_400_000).toISOString().slice(0, 10);

const NAMES = {
  ent1: '许昌日程测试食品有限公司',
  ent2: '许昌日程测试包装有限公司',
  ent3: '许昌日程测试机械有限公司（未答复）',
  bankA: '日程测试甲银行',
  bankB: '日程测试乙银行',
};
type Key = keyof typeof NAMES;
const org = {} as Record<Key, string>;
const user = {} as Record<Key | 'organizer', string>;
const as = {} as Record<Key | 'organizer', HttpClient>;
let eventId = '';
const EVENT_DATE = inDays(12);

async function createOrg(key: Key) {
  const kind = key.startsWith('bank') ? 'bank' : 'enterprise';
  const id = fid(kind === 'bank' ? 'agbank' : 'agent');
  await db
    .insertInto('organizations')
    .values({
      id,
      kind,
      name: NAMES[key],
      status: 'verified',
      status_reason: null,
      status_changed_by: null,
      status_changed_at: null,
      credit_code: null,
      region_code: kind === 'enterprise' ? '411002' : '411000',
      industry: kind === 'enterprise' ? 'C' : null,
      size: kind === 'enterprise' ? 'small' : null,
      founded_year: kind === 'enterprise' ? 2012 : null,
      registered_capital: null,
      employees: null,
      annual_revenue: null,
      bank_type: kind === 'bank' ? 'city' : null,
      branch_level: null,
      contact_name: `联系人${key}`,
      contact_phone: '13900001111',
      contact_email: null,
      description: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
}

async function createUser(role: 'enterprise' | 'bank' | 'organizer', orgId: string | null, region: string | null = null) {
  const id = fid('agusr');
  await db
    .insertInto('users')
    .values({
      id,
      email: `${id}@agenda.finmatch.test`,
      name: `日程测试${seq}`,
      phone: '13800001234',
      password_hash: passwordHash,
      role,
      organization_id: orgId,
      region_code: region,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
}

async function client(userId: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(`${userId}@agenda.finmatch.test`, DEMO.password);
  return c;
}

const schedulePage = () => `/organizer/events/${eventId}/schedule`;
const agendaPage = () => `/events/${eventId}/agenda`;

async function notes(kind: string) {
  return db.selectFrom('notifications').select(['user_id', 'payload', 'link']).where('kind', '=', kind).orderBy('created_at').execute();
}

async function placements() {
  return db
    .selectFrom('meeting_placements as p')
    .innerJoin('meeting_requests as r', 'r.id', 'p.request_id')
    .select(['p.request_id', 'p.slot', 'p.table_no', 'r.enterprise_org_id', 'r.bank_org_id'])
    .where('p.event_id', '=', eventId)
    .execute();
}

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  for (const k of Object.keys(NAMES) as Key[]) {
    org[k] = await createOrg(k);
    user[k] = await createUser(k.startsWith('bank') ? 'bank' : 'enterprise', org[k]);
  }
  user.organizer = await createUser('organizer', null, '411000');
  eventId = fid('agevt');
  await db
    .insertInto('events')
    .values({
      id: eventId,
      region_code: '411000',
      created_by: user.organizer,
      title: '许昌市日程发布测试对接会',
      theme: '食品产业专场',
      event_date: EVENT_DATE,
      start_time: '09:00',
      venue: '许昌市会展中心',
      capacity: 100,
      registration_deadline: inDays(8),
      open_registration: 0,
      slot_count: 3,
      slot_minutes: 20,
      table_count: 3,
      first_slot_time: '10:00',
      description: null,
      status: 'open',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      desk_mode: 'fixed',
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  const participants: [Key, ParticipantStatus][] = [
    ['ent1', 'accepted'],
    ['ent2', 'registered'],
    ['ent3', 'invited'],
    ['bankA', 'accepted'],
    ['bankB', 'accepted'],
  ];
  for (const [k, status] of participants) {
    const pid = fid('agpar');
    await db
      .insertInto('event_participants')
      .values({
        id: pid,
        event_id: eventId,
        organization_id: org[k],
        role: k.startsWith('bank') ? 'bank' : 'enterprise',
        status,
        invited_by: user.organizer,
        responded_by: null,
        responded_at: null,
        checkin_token: `${fid('agtok')}xxxxxxxxxx`,
        created_at: now(),
      })
      .execute();
    if (k === 'ent1')
      await db
        .insertInto('event_representatives')
        .values({
          id: fid('agrep'),
          event_id: eventId,
          participant_id: pid,
          organization_id: org[k],
          name: '王日程',
          title: '财务总监',
          phone: '13912340001',
          checked_in_at: null,
          checked_in_by: null,
          created_at: now(),
          agenda_token: 'wangAgendaToken-000000001',
        })
        .execute();
  }
  for (const [e, b] of [
    ['ent1', 'bankA'],
    ['ent2', 'bankA'],
    ['ent1', 'bankB'],
  ] as [Key, Key][]) {
    await db
      .insertInto('meeting_requests')
      .values({
        id: fid('agreq'),
        event_id: eventId,
        enterprise_org_id: org[e],
        bank_org_id: org[b],
        requested_by_org_id: org[e],
        requested_by_user_id: user[e],
        message: null,
        reasons: '[]',
        status: 'accepted',
        responded_by: user[b],
        responded_at: now(),
        created_at: now(),
      })
      .execute();
  }
  for (const k of [...(Object.keys(NAMES) as Key[]), 'organizer' as const]) as[k] = await client(user[k]);
});
afterAll(async () => {
  await server?.stop();
});

describe('publishing the schedule', () => {
  it('keeps the scheduler’s grid a draft: nobody is told, participants see no agenda and get no files', async () => {
    const res = await as.organizer.post(schedulePage(), { intent: 'run' });
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(302);
    expect(await placements()).toHaveLength(3);
    expect(await notes('event.scheduled')).toEqual([]);
    const page = await as.ent1.get(agendaPage());
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('政府部门尚未发布洽谈日程');
    expect(html).not.toContain(NAMES.bankA);
    const pdf = await as.ent1.get(`${agendaPage()}.pdf`);
    expect(pdf.status).toBe(409);
    expect(await pdf.text()).toContain('洽谈日程尚未发布');
    expect((await as.ent1.get(`${agendaPage()}.ics`)).status).toBe(409);
    expect(await (await as.ent1.get(`/events/${eventId}/meetings`)).text()).not.toContain('data-testid="my-agenda"');
    expect(await (await as.organizer.get(schedulePage())).text()).toContain('发布日程并通知参会机构');
  });

  it('refuses bad publishing: participants cannot, another region’s organizer gets a 404', async () => {
    expect((await as.bankA.post(schedulePage(), { intent: 'publish' })).status).toBe(403);
    const other = await client(await createUser('organizer', null, '410100'));
    expect((await other.post(schedulePage(), { intent: 'publish' })).status).toBe(404);
    const row = await db.selectFrom('events').select('schedule_published_at').where('id', '=', eventId).executeTakeFirstOrThrow();
    expect(row.schedule_published_at).toBeNull();
  });

  it('notifies every attending organization in-app and by e-mail, once', async () => {
    const res = await as.organizer.post(schedulePage(), { intent: 'publish' });
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(302);
    const sent = await notes('event.scheduled');
    expect(sent.map((n) => n.user_id).sort()).toEqual([user.ent1, user.ent2, user.bankA, user.bankB].sort());
    expect(sent.every((n) => n.link === agendaPage())).toBe(true);
    const mail = await db.selectFrom('outbox_messages').select(['user_id', 'body']).where('kind', '=', 'event.scheduled').execute();
    expect(mail.map((m) => m.user_id).sort()).toEqual([user.ent1, user.ent2, user.bankA, user.bankB].sort());
    expect(mail[0].body).toContain('许昌市日程发布测试对接会');
    expect(mail[0].body).toContain('洽谈日程已发布');
    expect(await db.selectFrom('published_meetings').select('request_id').where('event_id', '=', eventId).execute()).toHaveLength(3);
    const again = await as.organizer.post(schedulePage(), { intent: 'publish' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('日程已经发布');
    expect(await notes('event.scheduled')).toHaveLength(4);
    expect(await (await as.organizer.get(schedulePage())).text()).toContain('此后的调整、重新排期和换桌只通知洽谈有变动的机构');
  });

  it('shows each participant its own agenda with time, table and counterpart', async () => {
    const html = await (await as.ent1.get(agendaPage())).text();
    const items = [...html.matchAll(/data-testid="agenda-item">([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/<!-- -->/g, ''));
    expect(items).toHaveLength(2);
    const mine = (await placements()).filter((p) => p.enterprise_org_id === org.ent1).sort((a, b) => a.slot - b.slot);
    const times = ['10:00–10:20', '10:20–10:40', '10:40–11:00'];
    mine.forEach((p, i) => {
      expect(items[i]).toContain(times[p.slot]);
      expect(items[i]).toContain(`${p.table_no + 1} 号桌`);
      expect(items[i]).toContain(p.bank_org_id === org.bankA ? NAMES.bankA : NAMES.bankB);
    });
    expect(html).toContain('王日程');
    expect(html).not.toContain(NAMES.ent2);
    const bankB = await (await as.bankB.get(agendaPage())).text();
    expect(bankB).toContain(NAMES.ent1);
    expect(bankB).not.toContain(NAMES.ent2);
    // an organization that did not answer its invitation has no agenda
    expect((await as.ent3.get(agendaPage())).status).toBe(403);
  });

  it('gives the agenda as a PDF (read back) and an .ics (parsed) with the same meetings', async () => {
    const mine = (await placements()).filter((p) => p.enterprise_org_id === org.ent1).sort((a, b) => a.slot - b.slot);
    const pdf = await as.ent1.get(`${agendaPage()}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain('agenda-');
    const { extractText, getDocumentProxy } = await import('unpdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), { mergePages: true });
    for (const name of [NAMES.ent1, NAMES.bankA, NAMES.bankB, '王日程', '许昌市日程发布测试对接会']) expect(text).toContain(name);
    for (const p of mine) expect(text).toContain(`${p.table_no + 1}号桌`);
    expect(text).not.toContain(NAMES.ent2);

    const ics = await as.ent1.get(`${agendaPage()}.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const body = (await ics.text()).replace(/\r\n[ \t]/g, '');
    const events = body.split('BEGIN:VEVENT').slice(1);
    expect(events).toHaveLength(3);
    const field = (ev: string, name: string) => new RegExp(`^${name}(?:;[^:]*)?:(.*)$`, 'm').exec(ev)?.[1]?.replace(/\r$/, '') ?? '';
    const meetings = events.filter((e) => field(e, 'SUMMARY').startsWith('洽谈'));
    expect(meetings).toHaveLength(2);
    for (const p of mine) {
      const ev = meetings.find((e) => field(e, 'UID') === `${p.request_id}@finmatch`)!;
      expect(ev).toBeDefined();
      const start = new Date(`${EVENT_DATE}T10:00:00+08:00`).getTime() + p.slot * 20 * 60_000;
      const utc = (ms: number) => `${new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
      expect(field(ev, 'DTSTART')).toBe(utc(start));
      expect(field(ev, 'DTEND')).toBe(utc(start + 20 * 60_000));
      expect(field(ev, 'SUMMARY')).toContain(p.bank_org_id === org.bankA ? NAMES.bankA : NAMES.bankB);
      expect(field(ev, 'LOCATION')).toContain(`${p.table_no + 1}号桌`);
    }
  });

  it('a move after publishing notifies only the two organizations of the moved meeting', async () => {
    const before = await placements();
    const moved = before.find((p) => p.enterprise_org_id === org.ent2)!;
    const bankASlots = new Set(before.filter((p) => p.bank_org_id === org.bankA).map((p) => p.slot));
    const free = [0, 1, 2].find((s) => !bankASlots.has(s))!;
    const html = await (await as.organizer.get(schedulePage())).text();
    const stamp = /name="stamp" value="([^"]+)"/.exec(html)![1];
    const res = await as.organizer.post(schedulePage(), {
      intent: 'move',
      requestId: moved.request_id,
      slot: String(free + 1),
      table: '1',
      stamp,
    });
    expect(res.status, (await res.clone().text()).slice(0, 400)).toBe(302);
    const changed = await db
      .selectFrom('notifications')
      .select(['user_id', 'payload'])
      .where('kind', '=', 'event.scheduleChanged')
      .orderBy('created_at')
      .execute();
    expect(changed.map((n) => n.user_id).sort()).toEqual([user.ent2, user.bankA].sort());
    expect(JSON.parse(changed[0].payload)).toMatchObject({ n: 1, title: '许昌市日程发布测试对接会' });
    const mail = await db.selectFrom('outbox_messages').select('user_id').where('kind', '=', 'event.scheduleChanged').execute();
    expect(mail.map((m) => m.user_id).sort()).toEqual([user.ent2, user.bankA].sort());
    const row = await db.selectFrom('published_meetings').selectAll().where('request_id', '=', moved.request_id).executeTakeFirstOrThrow();
    expect(row.starts_at).toBe(`${EVENT_DATE} ${['10:00', '10:20', '10:40'][free]}`);
    // a re-run notifies exactly the organizations whose meetings it moved; run again on the same grid, nobody
    const pinned = await placements();
    expect((await as.organizer.post(schedulePage(), { intent: 'run' })).status).toBe(302);
    const rerun = await placements();
    const affected = new Set<string>();
    for (const p of rerun) {
      const was = pinned.find((x) => x.request_id === p.request_id);
      if (!was || was.slot !== p.slot || was.table_no !== p.table_no) affected.add(p.enterprise_org_id).add(p.bank_org_id);
    }
    const afterRerun = await notes('event.scheduleChanged');
    const usersOf = (orgs: Set<string>) => [...orgs].map((o) => user[(Object.keys(org) as Key[]).find((k) => org[k] === o)!]).sort();
    expect(
      afterRerun
        .slice(2)
        .map((n) => n.user_id)
        .sort(),
    ).toEqual(usersOf(affected));
    expect((await as.organizer.post(schedulePage(), { intent: 'run' })).status).toBe(302);
    expect(await notes('event.scheduleChanged')).toHaveLength(afterRerun.length);
    // the agenda shows the new time
    expect(await (await as.ent2.get(agendaPage())).text()).toContain(['10:00', '10:20', '10:40'][free]);
  });
});

describe('a representative’s personal link', () => {
  it('opens the representative’s own agenda, PDF and .ics without signing in; an unknown token is a 404', async () => {
    const rep = await db
      .selectFrom('event_representatives')
      .select(['agenda_token'])
      .where('event_id', '=', eventId)
      .where('name', '=', '王日程')
      .executeTakeFirstOrThrow();
    const token = rep.agenda_token!;
    // the organization's members see the link to pass on
    expect(await (await as.ent1.get(agendaPage())).text()).toContain(`/agenda/${token}`);
    const anonymous = new HttpClient(server.url);
    const res = await anonymous.get(`/agenda/${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('王日程的参会日程');
    expect(html).toContain(NAMES.bankA);
    expect(html).not.toContain(NAMES.ent2);
    const ics = await anonymous.get(`/agenda/${token}/agenda.ics`);
    expect(ics.status).toBe(200);
    expect((await ics.text()).split('BEGIN:VEVENT')).toHaveLength(4);
    const pdf = await anonymous.get(`/agenda/${token}/agenda.pdf`);
    expect(pdf.status).toBe(200);
    const { extractText, getDocumentProxy } = await import('unpdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), { mergePages: true });
    expect(text).toContain('王日程（财务总监）');
    expect(text).toContain(NAMES.bankB);
    expect((await anonymous.get('/agenda/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('is given to a representative named through the form', async () => {
    const part = await db
      .selectFrom('event_participants')
      .select('id')
      .where('event_id', '=', eventId)
      .where('organization_id', '=', org.bankA)
      .executeTakeFirstOrThrow();
    const res = await as.organizer.post(`/organizer/events/${eventId}/invitations`, {
      intent: 'addRep',
      participantId: part.id,
      name: '钱代表',
      title: '客户经理',
      phone: '13912340002',
    });
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBeLessThan(400);
    const rep = await db
      .selectFrom('event_representatives')
      .select('agenda_token')
      .where('event_id', '=', eventId)
      .where('name', '=', '钱代表')
      .executeTakeFirstOrThrow();
    expect(rep.agenda_token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const html = await (await new HttpClient(server.url).get(`/agenda/${rep.agenda_token}`)).text();
    expect(html).toContain('钱代表的参会日程');
    expect(html).toContain(NAMES.ent1);
  });
});

describe('a settled request to act', () => {
  it('no longer asks the enterprise to 确认或婉拒 once the organizer confirmed the letter', async () => {
    const res = await as.bankA.post('/agreements/new', {
      enterpriseId: org.ent1,
      eventId,
      amount: '800',
      termMonths: '12',
      signedOn: inDays(0),
      bankSignatory: '张行长',
      enterpriseSignatory: '李总',
    });
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(302);
    const id = res.headers.get('location')!.split('/').pop()!;
    const before = await (await as.ent1.get('/notifications')).text();
    expect(before).toContain(`${NAMES.bankA} 向贵机构发起合作意向书，签约金额 800万元，请确认或婉拒`);
    const version = String((await db.selectFrom('agreements').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
    const confirm = await as.organizer.post(`/agreements/${id}`, { intent: 'confirm', version });
    expect(confirm.status, (await confirm.clone().text()).slice(0, 300)).toBe(302);
    const after = await (await as.ent1.get('/notifications')).text();
    expect(after).not.toContain('请确认或婉拒');
    expect(after).toContain(`${NAMES.bankA} 发起的合作意向书（800万元）已确认签约，无需再处理`);
    expect(after).toContain('已处理');
    as.ent1.cookies.set('finmatch_lang', 'en');
    const en = await (await as.ent1.get('/notifications')).text();
    as.ent1.cookies.delete('finmatch_lang');
    expect(en).toContain('has been signed; nothing left to do');
  });
});
