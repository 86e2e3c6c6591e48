/**
 * Sessions as they are really run (issue 16) over HTTP against the real server,
 * on SQLite and, with TEST_PG_URL, on PostgreSQL:
 * - the projector screen: chrome-free (no navigation, no user name), the live
 *   figures and the news line, no phone numbers or officer names; the JSON it polls;
 * - the news line: lead signatories (主签约单位) marked by the organizer lead the
 *   sentence (up to three, in order, then 等N家), default the largest amounts; bad
 *   choices refused with the reason; the session page and the roster PDF cover show it;
 * - the waiting list (候补): a full session puts new representatives on a waiting
 *   list in order; a withdrawal, a declined invitation and an organizer's removal
 *   promote the first one, notified in-app and through the outbox in the same
 *   change; concurrent frees promote each person once and never past the capacity.
 */
import type { Kysely } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let seq = 0;
const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;
const WAN = 10_000;

const DEMO_BANK = 'demobank00000001'; // 中国银行平顶山分行
const DEMO_ENTERPRISE = 'demoent000000001'; // 舞钢市龙山纺织科技有限公司

let organizer: HttpClient;
let bank: HttpClient;
let enterprise: HttpClient;
let bankUser = '';
let entUsers: string[] = [];

async function client(email: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

async function orgId(name: string): Promise<string> {
  return (await db.selectFrom('organizations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

const eventRow = (id: string) => db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** A session of 平顶山市 created, opened and accepted by the demo bank and enterprise. */
async function openSession(capacity: number, title = '候补测试对接会'): Promise<string> {
  const res = await organizer.post('/organizer/events/new', {
    title,
    theme: '科技企业专场',
    eventDate: inDays(20),
    startTime: '09:00',
    venue: '平顶山市会展中心',
    regionCode: '410400',
    capacity: String(capacity),
    registrationDeadline: inDays(10),
    slotCount: '6',
    slotMinutes: '20',
    tableCount: '10',
    firstSlotTime: '10:00',
    deskMode: 'fixed',
    description: '',
    'agenda[0].startsAt': '09:00',
    'agenda[0].title': '领导致辞',
  });
  expect(res.status, await res.clone().text()).toBe(302);
  const id = res.headers.get('location')!.split('/').pop()!;
  expect(
    (await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'invite', orgIds: [DEMO_BANK, DEMO_ENTERPRISE] })).status,
  ).toBe(302);
  const open = await organizer.post(`/organizer/events/${id}`, {
    intent: 'status',
    to: 'open',
    version: String((await eventRow(id)).version),
  });
  expect(open.status).toBe(302);
  expect((await enterprise.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
  expect((await bank.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
  return id;
}

const reps = (id: string) =>
  db.selectFrom('event_representatives').select(['id', 'name', 'phone', 'organization_id']).where('event_id', '=', id).execute();
const waiting = (id: string) =>
  db.selectFrom('event_waitlist').select(['id', 'name', 'seq', 'organization_id']).where('event_id', '=', id).orderBy('seq').execute();
const addRep = (c: HttpClient, id: string, name: string, phone: string) =>
  c.post(`/events/${id}`, { intent: 'addRep', name, title: '经理', phone });
const promotedNotes = (name: string) =>
  db
    .selectFrom('notifications')
    .select(['user_id', 'payload', 'link'])
    .where('kind', '=', 'event.promoted')
    .where('payload', 'like', `%${name}%`)
    .execute();
const promotedMail = (name: string) =>
  db
    .selectFrom('outbox_messages')
    .select(['user_id', 'channel', 'body'])
    .where('kind', '=', 'event.promoted')
    .where('body', 'like', `%${name}%`)
    .execute();

async function insertAgreement(eventId: string, bankId: string, entId: string, wan: number, opts: { terminated?: boolean } = {}) {
  const t = new Date().toISOString();
  const signedOn = t.slice(0, 10);
  await db
    .insertInto('agreements')
    .values({
      id: fid('stageagr'),
      document_no: null,
      event_id: eventId,
      bank_org_id: bankId,
      enterprise_org_id: entId,
      need_id: null,
      product_id: null,
      region_code: '410481',
      industry: 'C',
      product_category: null,
      amount: wan * WAN,
      term_months: 12,
      signed_on: signedOn,
      signed_month: signedOn.slice(0, 7),
      bank_signatory: '王建国',
      enterprise_signatory: '李红梅',
      status: opts.terminated ? 'terminated' : 'signed',
      proposed_by_org_id: bankId,
      proposed_by_user_id: bankUser,
      confirmed_by_user_id: bankUser,
      confirmed_at: t,
      approved_amount: null,
      approved_on: null,
      last_disbursed_on: null,
      status_reason: opts.terminated ? '企业另行融资' : null,
      terminated_at: opts.terminated ? t : null,
      created_at: t,
      updated_at: t,
    })
    .execute();
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, '');
}

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  [organizer, bank, enterprise] = await Promise.all([client(DEMO.organizer), client(DEMO.bank), client(DEMO.enterprise)]);
  bankUser = (await db.selectFrom('users').select('id').where('email', '=', DEMO.bank).executeTakeFirstOrThrow()).id;
  entUsers = (
    await db.selectFrom('users').select('id').where('organization_id', '=', DEMO_ENTERPRISE).where('active', '=', 1).execute()
  ).map((u) => u.id);
});

afterAll(async () => {
  await server?.stop();
});

describe('waiting list (候补)', () => {
  it('puts representatives of a full session on a waiting list in order and promotes the first when one withdraws', async () => {
    const id = await openSession(2);
    expect((await addRep(enterprise, id, '甲一', '13971000001')).status).toBe(302);
    expect((await addRep(enterprise, id, '甲二', '13971000002')).status).toBe(302);
    // full: not refused, waiting first and second
    const third = await addRep(enterprise, id, '甲三', '13971000003');
    expect(third.status).toBe(302);
    const flash = await (await enterprise.get(`/events/${id}`)).text();
    expect(flash).toContain('代表名额已满，甲三 已列入候补第 1 位');
    expect((await addRep(bank, id, '乙一', '13871000001')).status).toBe(302);
    expect((await reps(id)).map((r) => r.name).sort()).toEqual(['甲一', '甲二']);
    expect((await waiting(id)).map((w) => [w.name, w.seq])).toEqual([
      ['甲三', 1],
      ['乙一', 2],
    ]);
    // the same phone twice, also across the list and the waiting list: a field error
    const twice = await addRep(bank, id, '乙一', '13971000003');
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain('该手机号已登记');

    // the organizer sees the list with positions; each organization its own entries with their place
    const page = await (await organizer.get(`/organizer/events/${id}/invitations`)).text();
    expect(page).toContain('候补名单');
    expect(page.indexOf('甲三')).toBeLessThan(page.indexOf('乙一'));
    expect(page).toMatch(/第 1 位[\s\S]*甲三[\s\S]*第 2 位[\s\S]*乙一/);
    const bankPage = await (await bank.get(`/events/${id}`)).text();
    expect(bankPage).toMatch(/第 2 位[\s\S]*乙一/);
    expect(bankPage).not.toContain('甲三');

    // the enterprise withdraws 甲一: 甲三 takes the place, notified in-app and by e-mail in the outbox
    const first = (await reps(id)).find((r) => r.name === '甲一')!;
    expect((await enterprise.post(`/events/${id}`, { intent: 'removeRep', representativeId: first.id })).status).toBe(302);
    expect((await reps(id)).map((r) => r.name).sort()).toEqual(['甲三', '甲二']);
    expect((await waiting(id)).map((w) => [w.name, w.seq])).toEqual([['乙一', 2]]);
    const notes = await promotedNotes('甲三');
    expect(notes.map((n) => n.user_id).sort()).toEqual([...entUsers].sort());
    expect(notes[0].link).toBe(`/events/${id}`);
    expect((await promotedMail('甲三')).length).toBeGreaterThan(0);
    expect(await (await bank.get(`/events/${id}`)).text()).toMatch(/第 1 位[\s\S]*乙一/);
  });

  it('promotes on a declined invitation and on the organizer’s removal, and lets an entry be taken off the list', async () => {
    const id = await openSession(2);
    expect((await addRep(bank, id, '银一', '13872000001')).status).toBe(302);
    expect((await addRep(enterprise, id, '企一', '13972000001')).status).toBe(302);
    expect((await addRep(enterprise, id, '企二', '13972000002')).status).toBe(302);
    expect((await addRep(enterprise, id, '企三', '13972000003')).status).toBe(302);
    expect((await waiting(id)).map((w) => w.name)).toEqual(['企二', '企三']);
    // the bank withdraws from the session: its place goes to 企二
    expect((await bank.post(`/events/${id}`, { intent: 'decline' })).status).toBe(302);
    expect((await reps(id)).map((r) => r.name).sort()).toEqual(['企一', '企二']);
    expect((await promotedNotes('企二')).length).toBe(entUsers.length);
    // the organizer removes 企一: 企三 follows
    const one = (await reps(id)).find((r) => r.name === '企一')!;
    expect((await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'removeRep', representativeId: one.id })).status).toBe(
      302,
    );
    expect((await reps(id)).map((r) => r.name).sort()).toEqual(['企三', '企二']);
    expect(await waiting(id)).toEqual([]);

    // taking an entry off: its own organization or the organizer; another organization's entry is a 404
    expect((await addRep(enterprise, id, '企四', '13972000004')).status).toBe(302);
    const [entry] = await waiting(id);
    expect((await bank.post(`/events/${id}`, { intent: 'accept' })).status).toBe(302);
    const foreign = await bank.post(`/events/${id}`, { intent: 'removeWaiting', entryId: entry.id });
    expect(foreign.status).toBe(404);
    expect(
      (await organizer.post(`/organizer/events/${id}/invitations`, { intent: 'removeWaiting', entryId: 'nosuchentry00000' })).status,
    ).toBe(404);
    expect((await enterprise.post(`/events/${id}`, { intent: 'removeWaiting', entryId: entry.id })).status).toBe(302);
    expect(await waiting(id)).toEqual([]);
    expect(await promotedNotes('企四')).toEqual([]);
  });

  it('promotes each waiting person once when places free at the same time, never past the capacity', async () => {
    const id = await openSession(3);
    for (const [n, p] of [
      ['丙一', '13973000001'],
      ['丙二', '13973000002'],
      ['丙三', '13973000003'],
      ['丙四', '13973000004'],
      ['丙五', '13973000005'],
      ['丙六', '13973000006'],
    ])
      expect((await addRep(enterprise, id, n, p)).status).toBe(302);
    expect((await waiting(id)).map((w) => w.name)).toEqual(['丙四', '丙五', '丙六']);
    const present = await reps(id);
    // three removals at once (the organizer twice, the enterprise once)
    const frees = await Promise.all([
      organizer.post(`/organizer/events/${id}/invitations`, { intent: 'removeRep', representativeId: present[0].id }),
      enterprise.post(`/events/${id}`, { intent: 'removeRep', representativeId: present[1].id }),
      organizer.post(`/organizer/events/${id}/invitations`, { intent: 'removeRep', representativeId: present[2].id }),
      // and the same representative removed twice: one of the two is a 404, nobody is promoted for it
      organizer.post(`/organizer/events/${id}/invitations`, { intent: 'removeRep', representativeId: present[2].id }),
    ]);
    expect(frees.map((r) => r.status).sort()).toEqual([302, 302, 302, 404]);
    const after = await reps(id);
    expect(after.map((r) => r.name).sort()).toEqual(['丙五', '丙六', '丙四']);
    expect(await waiting(id)).toEqual([]);
    for (const n of ['丙四', '丙五', '丙六']) expect((await promotedNotes(n)).length, n).toBe(entUsers.length);
    expect(new Set(after.map((r) => r.phone)).size).toBe(3);

    // a raised capacity promotes exactly as many as the new places
    for (const [n, p] of [
      ['丁一', '13974000001'],
      ['丁二', '13974000002'],
      ['丁三', '13974000003'],
    ])
      expect((await addRep(enterprise, id, n, p)).status).toBe(302);
    const ev = await eventRow(id);
    const save = await organizer.post(`/organizer/events/${id}`, {
      intent: 'save',
      version: String(ev.version),
      title: ev.title,
      theme: ev.theme,
      eventDate: ev.event_date,
      startTime: ev.start_time,
      venue: ev.venue,
      regionCode: ev.region_code,
      capacity: '4',
      registrationDeadline: ev.registration_deadline,
      slotCount: String(ev.slot_count),
      slotMinutes: String(ev.slot_minutes),
      tableCount: String(ev.table_count),
      firstSlotTime: ev.first_slot_time,
      deskMode: ev.desk_mode,
      description: '',
      'agenda[0].startsAt': '09:00',
      'agenda[0].title': '领导致辞',
    });
    expect(save.status, await save.clone().text()).toBe(302);
    expect(await reps(id)).toHaveLength(4);
    expect((await waiting(id)).map((w) => w.name)).toEqual(['丁二', '丁三']);
    // and the capacity cannot go below the representatives named: nobody is dropped or promoted
    const small = await organizer.post(`/organizer/events/${id}`, {
      intent: 'save',
      version: String((await eventRow(id)).version),
      title: ev.title,
      theme: ev.theme,
      eventDate: ev.event_date,
      startTime: ev.start_time,
      venue: ev.venue,
      regionCode: ev.region_code,
      capacity: '3',
      registrationDeadline: ev.registration_deadline,
      slotCount: String(ev.slot_count),
      slotMinutes: String(ev.slot_minutes),
      tableCount: String(ev.table_count),
      firstSlotTime: ev.first_slot_time,
      deskMode: ev.desk_mode,
      description: '',
      'agenda[0].startsAt': '09:00',
      'agenda[0].title': '领导致辞',
    });
    expect(small.status).toBe(400);
    expect(await reps(id)).toHaveLength(4);
  });
});

describe('news line and lead signatories (主签约单位)', () => {
  let id = '';
  const names = {
    adb: '中国农业发展银行平顶山市分行',
    boc: '中国银行平顶山分行',
    pds: '平顶山银行',
    longshan: '舞钢市龙山纺织科技有限公司',
    nylon: '平顶山市鹰城尼龙新材料有限公司',
  };
  const ids: Record<keyof typeof names, string> = { adb: '', boc: '', pds: '', longshan: '', nylon: '' };

  beforeAll(async () => {
    for (const k of Object.keys(names) as (keyof typeof names)[]) ids[k] = await orgId(names[k]);
    id = await openSession(50, '新闻通稿测试对接会');
    // 平顶山银行 3,000万 with 鹰城尼龙 (largest), 中行 2,000万 with 龙山, 农发行 500万 with 龙山; a terminated 100万 keeps counting
    await insertAgreement(id, ids.pds, ids.nylon, 3000);
    await insertAgreement(id, ids.boc, ids.longshan, 2000);
    await insertAgreement(id, ids.adb, ids.longshan, 400);
    await insertAgreement(id, ids.adb, ids.longshan, 100, { terminated: true });
    expect((await addRep(enterprise, id, '李红梅', '13975000001')).status).toBe(302);
  });

  it('names the largest amounts until the organizer marks leads', async () => {
    const page = await (await organizer.get(`/organizer/events/${id}`)).text();
    expect(page).toContain(
      '平顶山银行、中行等3家银行与平顶山市鹰城尼龙新材料有限公司等2家企业初步达成合作意向，签订合作意向书，签约金额5500万元。',
    );
  });

  it('puts the marked leads first, in order, up to three, and refuses bad choices with the reason', async () => {
    const save = await organizer.post(`/organizer/events/${id}`, {
      intent: 'leads',
      banks: [ids.adb, ids.boc, ''],
      enterprises: [ids.longshan],
    });
    expect(save.status).toBe(302);
    const sentence = '农发行、中行等3家银行与舞钢市龙山纺织科技有限公司等2家企业初步达成合作意向，签订合作意向书，签约金额5500万元。';
    const page = await (await organizer.get(`/organizer/events/${id}`)).text();
    expect(page).toContain(sentence);
    const live = (await (await organizer.get(`/organizer/events/${id}/live.json`)).json()) as { news: string };
    expect(live.news).toBe(sentence);
    // all three banks named: no 等
    expect(
      (
        await organizer.post(`/organizer/events/${id}`, {
          intent: 'leads',
          banks: [ids.pds, ids.adb, ids.boc],
          enterprises: [ids.nylon, ids.longshan],
        })
      ).status,
    ).toBe(302);
    const all = await (await organizer.get(`/organizer/events/${id}`)).text();
    expect(all).toContain(
      '平顶山银行、农发行、中行3家银行与平顶山市鹰城尼龙新材料有限公司、舞钢市龙山纺织科技有限公司2家企业初步达成合作意向',
    );

    const twice = await organizer.post(`/organizer/events/${id}`, { intent: 'leads', banks: [ids.adb, ids.adb], enterprises: [] });
    expect(twice.status).toBe(400);
    expect(await twice.text()).toContain('同一单位不能选两次');
    const notSigned = await organizer.post(`/organizer/events/${id}`, {
      intent: 'leads',
      banks: [await orgId('中信银行平顶山分行')],
      enterprises: [],
    });
    expect(notSigned.status).toBe(400);
    expect(await notSigned.text()).toContain('只能选择在本场已确认签约的单位');
    const wrongSide = await organizer.post(`/organizer/events/${id}`, { intent: 'leads', banks: [ids.longshan], enterprises: [] });
    expect(wrongSide.status).toBe(400);
    const four = await organizer.post(`/organizer/events/${id}`, {
      intent: 'leads',
      banks: [ids.adb, ids.boc, ids.pds, DEMO_BANK],
      enterprises: [],
    });
    expect(four.status).toBe(400);
    expect(await four.text()).toContain('每方最多指定 3 家主签约单位');
    // nothing half-written: the leads saved before stand
    const leads = await db
      .selectFrom('event_lead_signatories')
      .select(['organization_id', 'side', 'position'])
      .where('event_id', '=', id)
      .orderBy('side')
      .orderBy('position')
      .execute();
    expect(leads.map((l) => l.organization_id)).toEqual([ids.pds, ids.adb, ids.boc, ids.nylon, ids.longshan]);
    expect(
      (await organizer.post(`/organizer/events/${id}`, { intent: 'leads', banks: [ids.adb], enterprises: [ids.longshan] })).status,
    ).toBe(302);
  });

  it('prints the sentence on the roster PDF cover', async () => {
    const res = await organizer.get(`/organizer/events/${id}/roster.pdf`);
    expect(res.status).toBe(200);
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('新闻通稿');
    expect(text).toContain('农发行等3家银行与舞钢市龙山纺织科技有限公司等2家企业初步达成合作意向，签订合作意向书，签约金额5500万元。');
  });

  it('shows the projector screen without the app chrome or personal data, with the figures, the news line and the terminated letter marked', async () => {
    const res = await organizer.get(`/organizer/events/${id}/projector`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const html = await res.text();
    expect(html).toContain('新闻通稿测试对接会');
    expect(html).toContain('data-testid="projector-total"');
    expect(html).toContain('5500');
    expect(html).toContain('农发行等3家银行与舞钢市龙山纺织科技有限公司等2家企业');
    expect(html).toContain('已终止');
    expect(html).toContain('其中 1 项已终止（100万元），按规则仍计入签约总额');
    // no navigation, no user name, no sign-out, no phones or signatories
    for (const absent of ['退出登录', '<nav', '王建国', '李红梅', '13975000001']) expect(html, absent).not.toContain(absent);
    const me = await db.selectFrom('users').select('name').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow();
    expect(html).not.toContain(me.name);
    // the session page opens it in a new tab
    const page = await (await organizer.get(`/organizer/events/${id}`)).text();
    expect(page).toMatch(new RegExp(`href="/organizer/events/${id}/projector"[^>]*target="_blank"`));
  });
});
