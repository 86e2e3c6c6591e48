/**
 * 1:1 meetings over HTTP: suggestions from matching, requests and their bad input,
 * accept / decline / withdraw, availability, running the scheduler, moving and
 * swapping meetings with conflicts, re-runs keeping pinned meetings, agendas seen
 * only by their own organizations, and a session that is no longer open.
 * Fixtures live in 漯河市 (411100) so the demo data of 平顶山市 does not interfere.
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
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

const PHONES = {
  ent1: '13911230001',
  ent2: '13911230002',
  ent3: '13911230003',
  bankA: '13811230004',
  bankB: '13811230005',
  bankC: '13811230006',
  entOut: '13911230007',
};
const NAMES = {
  ent1: '漯河洽谈测试食品有限公司',
  ent2: '漯河洽谈测试包装有限公司',
  ent3: '漯河洽谈测试机械有限公司',
  entOut: '漯河洽谈测试未参会企业',
  bankA: '洽谈测试甲银行',
  bankB: '洽谈测试乙银行',
  bankC: '洽谈测试丙银行（仅受邀）',
};
type Key = keyof typeof NAMES;

async function createOrg(key: Key) {
  const kind = key.startsWith('bank') ? 'bank' : 'enterprise';
  const id = fid(kind === 'bank' ? 'mtbank' : 'mtent');
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
      region_code: kind === 'enterprise' ? '411102' : '411100',
      industry: kind === 'enterprise' ? 'C' : null,
      size: kind === 'enterprise' ? 'small' : null,
      founded_year: kind === 'enterprise' ? 2010 : null,
      registered_capital: null,
      employees: null,
      annual_revenue: null,
      bank_type: kind === 'bank' ? 'city' : null,
      branch_level: null,
      contact_name: `联系人${key}`,
      contact_phone: PHONES[key],
      contact_email: null,
      description: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return id;
}

async function createUser(role: 'enterprise' | 'bank' | 'organizer', orgId: string | null, region: string | null = null) {
  const id = fid('mtusr');
  const email = `${id}@meetings.finmatch.test`;
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: `洽谈测试${seq}`,
      phone: '13800001234',
      password_hash: passwordHash,
      role,
      organization_id: orgId,
      region_code: region,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  return email;
}

async function client(email: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

const org = {} as Record<Key, string>;
const as = {} as Record<Key | 'organizer' | 'otherOrganizer', HttpClient>;
let eventId = '';
let productName = '';
let needTitle = '';
const page = () => `/events/${eventId}/meetings`;
const schedulePage = () => `/organizer/events/${eventId}/schedule`;

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  for (const k of Object.keys(NAMES) as Key[]) org[k] = await createOrg(k);
  const organizerEmail = await createUser('organizer', null, '411100');
  const organizerId = (await db.selectFrom('users').select('id').where('email', '=', organizerEmail).executeTakeFirstOrThrow()).id;
  eventId = fid('mtevt');
  await db
    .insertInto('events')
    .values({
      id: eventId,
      region_code: '411100',
      created_by: organizerId,
      title: '漯河市洽谈测试对接会',
      theme: '食品产业专场',
      event_date: inDays(30),
      start_time: '09:00',
      venue: '漯河市会展中心',
      capacity: 100,
      registration_deadline: inDays(20),
      open_registration: 0,
      slot_count: 3,
      slot_minutes: 20,
      table_count: 2,
      first_slot_time: '10:00',
      description: null,
      status: 'open',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  const participants: [Key, ParticipantStatus][] = [
    ['ent1', 'accepted'],
    ['ent2', 'accepted'],
    ['ent3', 'registered'],
    ['bankA', 'accepted'],
    ['bankB', 'accepted'],
    ['bankC', 'invited'],
    ['entOut', 'declined'],
  ];
  for (const [k, status] of participants) {
    await db
      .insertInto('event_participants')
      .values({
        id: fid('mtpar'),
        event_id: eventId,
        organization_id: org[k],
        role: k.startsWith('bank') ? 'bank' : 'enterprise',
        status,
        invited_by: organizerId,
        responded_by: null,
        responded_at: null,
        checkin_token: fid('mttok') + 'x'.repeat(10),
        created_at: now(),
      })
      .execute();
  }
  // matching material: ent1's published need fits bankA's published product
  needTitle = '洽谈测试冷链设备融资';
  productName = '洽谈测试冷链贷';
  await db
    .insertInto('financing_needs')
    .values({
      id: fid('mtfin'),
      organization_id: org.ent1,
      title: needTitle,
      amount: 3_000_000,
      term_months: 12,
      purpose: 'working_capital',
      guarantee_mask: 1,
      max_rate_bp: null,
      wanted_by: null,
      description: null,
      attachments: '[]',
      status: 'published',
      region_code: '411102',
      search_text: needTitle,
      published_at: now(),
      closed_at: null,
      status_reason: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  const productId = fid('mtprd');
  await db
    .insertInto('loan_products')
    .values({
      id: productId,
      organization_id: org.bankA,
      name: productName,
      category: 'credit',
      amount_min: 500_000,
      amount_max: 10_000_000,
      term_min_months: 6,
      term_max_months: 36,
      rate_type: 'fixed',
      rate_min_bp: 350,
      rate_max_bp: 500,
      guarantee_mask: 1,
      industry_mask: 0,
      size_mask: 0,
      min_years: 0,
      employment_linked: 0,
      min_new_hires: 0,
      materials: null,
      description: null,
      status: 'published',
      search_text: productName,
      published_at: now(),
      retired_at: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
  await db.insertInto('product_regions').values({ product_id: productId, region_code: '411100' }).execute();

  for (const k of Object.keys(NAMES) as Key[]) as[k] = await client(await createUser(k.startsWith('bank') ? 'bank' : 'enterprise', org[k]));
  as.organizer = await client(organizerEmail);
  as.otherOrganizer = await client(await createUser('organizer', null, '410100'));
});
afterAll(async () => {
  await server?.stop();
});

async function request(from: Key, to: Key, message?: string) {
  const res = await as[from].post(page(), { intent: 'request', counterpartId: org[to], ...(message !== undefined ? { message } : {}) });
  return { status: res.status, html: await res.text() };
}

async function requestRow(e: Key, b: Key) {
  return db
    .selectFrom('meeting_requests')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('enterprise_org_id', '=', org[e])
    .where('bank_org_id', '=', org[b])
    .executeTakeFirst();
}

async function placements() {
  return db.selectFrom('meeting_placements').selectAll().where('event_id', '=', eventId).orderBy('slot').orderBy('table_no').execute();
}

async function stampOf(): Promise<string> {
  const html = await (await as.organizer.get(schedulePage())).text();
  const m = /name="stamp" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no stamp on the schedule page');
  return m[1];
}

/** Follows a redirect with the same client (shows the flash message). */
async function follow(c: HttpClient, res: Response): Promise<string> {
  expect(res.status).toBe(302);
  return (await c.get(res.headers.get('location')!)).text();
}

describe('meeting requests', () => {
  it('suggests banks to an enterprise and enterprises to a bank, with the matching reasons', async () => {
    const html = await (await as.ent1.get(page())).text();
    // each suggestion: its name and reasons (up to the end of its reasons list)
    const suggestions = html
      .split('data-testid="meeting-suggestion"')
      .slice(1)
      .map((s) => s.split('</ul>')[0]);
    const bankA = suggestions.find((s) => s.includes(NAMES.bankA));
    expect(bankA, 'bankA suggested to ent1').toBeDefined();
    expect(bankA).toContain(`产品「${productName}」匹配需求「${needTitle}」`);
    // bankB has no product: not suggested, but can still be chosen in the request form
    expect(suggestions.some((s) => s.includes(NAMES.bankB))).toBe(false);
    expect(html).toContain(`<option value="${org.bankB}">`);
    // not attending: neither suggested nor offered
    expect(html).not.toContain(NAMES.bankC);

    const bankHtml = await (await as.bankA.get(page())).text();
    const forBank = bankHtml
      .split('data-testid="meeting-suggestion"')
      .slice(1)
      .map((s) => s.split('</ul>')[0]);
    expect(forBank.some((s) => s.includes(NAMES.ent1) && s.includes(needTitle))).toBe(true);
  });

  it('sends a request with the matching reasons, and notifies the other side', async () => {
    const res = await as.ent1.post(page(), { intent: 'request', counterpartId: org.bankA, message: '想了解冷链贷的审批时限' });
    expect(await follow(as.ent1, res)).toContain('已发送洽谈预约');
    const row = await requestRow('ent1', 'bankA');
    expect(row).toMatchObject({ status: 'pending', requested_by_org_id: org.ent1, message: '想了解冷链贷的审批时限' });
    const reasons = JSON.parse(row!.reasons) as { key: string; params: Record<string, unknown> }[];
    expect(reasons[0]).toMatchObject({ key: 'meetings.reason.pair', params: { product: productName, need: needTitle } });
    const bankPage = await (await as.bankA.get(page())).text();
    const incoming = bankPage
      .split('data-testid="incoming-request"')
      .slice(1)
      .find((s) => s.includes(NAMES.ent1));
    expect(incoming).toContain('想了解冷链贷的审批时限');
    expect(incoming).toContain(productName);
    const notes = await (await as.bankA.get('/notifications')).text();
    expect(notes).toContain(`${NAMES.ent1} 预约在“漯河市洽谈测试对接会”上与贵机构洽谈`);
  });

  it('refuses bad requests with a clear message and writes nothing', async () => {
    const before = (await db.selectFrom('meeting_requests').select('id').where('event_id', '=', eventId).execute()).length;
    const cases: [Key, Key | string, string][] = [
      ['ent1', 'bankC', '该机构未参加本场对接会，不能预约洽谈'],
      ['ent1', 'entOut', '只能预约对方类型的机构'],
      ['ent1', 'ent2', '只能预约对方类型的机构'],
      ['bankA', 'bankB', '只能预约对方类型的机构'],
      ['ent1', 'bankA', '与该机构已有待回复的洽谈预约'],
      // the same pair asked from the other side is the same pair
      ['bankA', 'ent1', '与该机构已有待回复的洽谈预约'],
    ];
    for (const [from, to, message] of cases) {
      const r = await request(from, to as Key);
      expect(r.status, `${from} → ${to}`).toBe(400);
      expect(r.html, `${from} → ${to}`).toContain(message);
    }
    const unknown = await as.ent1.post(page(), { intent: 'request', counterpartId: 'nosuchorg0000000' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('该机构未参加本场对接会');
    const none = await as.ent1.post(page(), { intent: 'request', counterpartId: '', message: '保留我输入的留言' });
    expect(none.status).toBe(400);
    const noneHtml = await none.text();
    expect(noneHtml).toContain('请选择要预约的机构');
    expect(noneHtml).toContain('保留我输入的留言');
    const long = await request('ent1', 'bankB', '长'.repeat(301));
    expect(long.status).toBe(400);
    expect(long.html).toContain('不能超过 300 个字符');
    expect((await db.selectFrom('meeting_requests').select('id').where('event_id', '=', eventId).execute()).length).toBe(before);
  });

  it('lets the asked side accept or decline, never the asking side', async () => {
    const own = await as.ent1.post(page(), { intent: 'accept', requestId: (await requestRow('ent1', 'bankA'))!.id });
    expect(own.status).toBe(409);
    expect(await own.text()).toContain('不能回复自己发出的预约');
    const res = await as.bankA.post(page(), { intent: 'accept', requestId: (await requestRow('ent1', 'bankA'))!.id });
    expect(await follow(as.bankA, res)).toContain('已接受洽谈预约');
    expect((await requestRow('ent1', 'bankA'))!.status).toBe('accepted');
    expect((await request('ent1', 'bankA')).html).toContain('与该机构的洽谈预约已被接受');

    // a bank asks, the enterprise declines; it cannot be asked again
    expect((await request('bankB', 'ent2')).status).toBe(302);
    expect((await as.ent2.post(page(), { intent: 'decline', requestId: (await requestRow('ent2', 'bankB'))!.id })).status).toBe(302);
    expect((await requestRow('ent2', 'bankB'))!.status).toBe('declined');
    const again = await request('bankB', 'ent2');
    expect(again.status).toBe(400);
    expect(again.html).toContain('该机构已婉拒与贵机构的洽谈');
    // answering twice
    const twice = await as.ent2.post(page(), { intent: 'accept', requestId: (await requestRow('ent2', 'bankB'))!.id });
    expect(twice.status).toBe(409);
    // another organization's request is not found
    expect((await as.bankB.post(page(), { intent: 'accept', requestId: (await requestRow('ent1', 'bankA'))!.id })).status).toBe(404);
  });

  it('withdraws a request, and the same pair may be asked again', async () => {
    expect((await request('ent3', 'bankB')).status).toBe(302);
    const row = (await requestRow('ent3', 'bankB'))!;
    expect((await as.bankB.post(page(), { intent: 'withdraw', requestId: row.id })).status).toBe(409);
    expect((await as.ent3.post(page(), { intent: 'withdraw', requestId: row.id })).status).toBe(302);
    expect((await requestRow('ent3', 'bankB'))!.status).toBe('withdrawn');
    expect((await request('bankB', 'ent3')).status).toBe(302);
    expect(await requestRow('ent3', 'bankB')).toMatchObject({ id: row.id, status: 'pending', requested_by_org_id: org.bankB });
  });
});

describe('availability, the schedule and agendas', () => {
  it('saves unavailable slots and refuses slots outside the grid', async () => {
    const res = await as.bankB.post(page(), { intent: 'availability', unavailable: ['3'] });
    expect(res.status).toBe(302);
    const bad = await as.ent2.post(page(), { intent: 'availability', unavailable: ['1', '9'] });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('所选时段不在本场对接会的洽谈时段内');
    const rows = await db.selectFrom('event_unavailability').selectAll().where('event_id', '=', eventId).execute();
    expect(rows).toEqual([{ event_id: eventId, organization_id: org.bankB, slot: 2 }]);
    // the page shows it checked
    const boxes = [...(await (await as.bankB.get(page())).text()).matchAll(/<input type="checkbox" name="unavailable"[^>]*>/g)].map(
      (m) => m[0],
    );
    expect(boxes).toHaveLength(3);
    expect(boxes.filter((b) => b.includes('checked')).map((b) => /value="(\d+)"/.exec(b)?.[1])).toEqual(['3']);
  });

  it('runs the scheduler on the accepted requests, stores the result and opens the agendas', async () => {
    // accepted: ent1–bankA (above), ent2–bankA, ent1–bankB, ent3–bankA
    for (const [e, b] of [
      ['ent2', 'bankA'],
      ['ent1', 'bankB'],
      ['ent3', 'bankA'],
    ] as [Key, Key][]) {
      expect((await request(e, b)).status).toBe(302);
      expect((await as[b].post(page(), { intent: 'accept', requestId: (await requestRow(e, b))!.id })).status).toBe(302);
    }
    expect((await as.bankA.get(schedulePage())).status).toBe(403);
    expect((await as.otherOrganizer.post(schedulePage(), { intent: 'run' })).status).toBe(404);
    const res = await as.organizer.post(schedulePage(), { intent: 'run' });
    const html = await follow(as.organizer, res);
    expect(html).toContain('排期完成：已排入 4 / 4 个已接受的预约，理论上最多可排入 4 个');
    const event = await db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ status: 'scheduled', schedule_placed: 4, schedule_bound: 4 });
    expect(event.scheduled_at).not.toBeNull();
    const ps = await placements();
    expect(ps).toHaveLength(4);
    expect(ps.every((p) => p.manual === 0)).toBe(true);
    // bankB is away in slot 3 (index 2)
    const bankBRequests = new Set(
      (await db.selectFrom('meeting_requests').select('id').where('bank_org_id', '=', org.bankB).execute()).map((r) => r.id),
    );
    expect(ps.filter((p) => bankBRequests.has(p.request_id)).every((p) => p.slot !== 2)).toBe(true);
    // the grid shows both names of each meeting
    const grid = html.split('data-testid="schedule-grid"')[1];
    for (const name of [NAMES.ent1, NAMES.ent2, NAMES.ent3, NAMES.bankA, NAMES.bankB]) expect(grid).toContain(name);
  });

  it('moves and swaps meetings only without conflicts, listing every conflict', async () => {
    // a known grid (0-based slot, table): r1 ent1–bankA (0,0), r3 ent1–bankB (1,0), r4 ent3–bankA (1,1), r2 ent2–bankA (2,0)
    const id = async (e: Key, b: Key) => (await requestRow(e, b))!.id;
    const r1 = await id('ent1', 'bankA');
    const r2 = await id('ent2', 'bankA');
    const r3 = await id('ent1', 'bankB');
    const r4 = await id('ent3', 'bankA');
    await db.deleteFrom('meeting_placements').where('event_id', '=', eventId).execute();
    const at = now();
    await db
      .insertInto('meeting_placements')
      .values([
        { request_id: r1, event_id: eventId, slot: 0, table_no: 0, manual: 0, placed_at: at },
        { request_id: r3, event_id: eventId, slot: 1, table_no: 0, manual: 0, placed_at: at },
        { request_id: r4, event_id: eventId, slot: 1, table_no: 1, manual: 0, placed_at: at },
        { request_id: r2, event_id: eventId, slot: 2, table_no: 0, manual: 0, placed_at: at },
      ])
      .execute();
    const before = await placements();
    let stamp = await stampOf();

    // r1 (ent1–bankA) to round 2, table 2: ent1 busy (r3), bankA busy (r4), table taken (r4)
    const move = await as.organizer.post(schedulePage(), { intent: 'move', requestId: r1, slot: '2', table: '2', stamp });
    expect(move.status).toBe(409);
    const moveHtml = await move.text();
    expect(moveHtml).toContain(`${NAMES.ent1} 在第 2 轮（10:20）已有洽谈：${NAMES.ent1} — ${NAMES.bankB}`);
    expect(moveHtml).toContain(`${NAMES.bankA} 在第 2 轮（10:20）已有洽谈：${NAMES.ent3} — ${NAMES.bankA}`);
    expect(moveHtml).toContain(`第 2 轮（10:20）2 号桌已安排：${NAMES.ent3} — ${NAMES.bankA}`);
    // r3 (ent1–bankB) to round 3: bankB is away then
    const away = await as.organizer.post(schedulePage(), { intent: 'move', requestId: r3, slot: '3', table: '2', stamp });
    expect(away.status).toBe(409);
    expect(await away.text()).toContain(`${NAMES.bankB} 在第 3 轮（10:40）不能参会`);
    // out of the grid
    const out = await as.organizer.post(schedulePage(), { intent: 'move', requestId: r3, slot: '4', table: '3', stamp });
    expect(out.status).toBe(409);
    const outHtml = await out.text();
    expect(outHtml).toContain('第 4 轮超出本场的 3 轮');
    expect(outHtml).toContain('3 号桌超出本场的 2 张洽谈桌');
    // swap r1 (round 1) and r4 (round 2): ent1 would meet twice in round 2 (r3)
    const swap = await as.organizer.post(schedulePage(), { intent: 'swap', requestA: r1, requestB: r4, stamp });
    expect(swap.status).toBe(409);
    expect(await swap.text()).toContain(`${NAMES.ent1} 在第 2 轮（10:20）已有洽谈`);
    const same = await as.organizer.post(schedulePage(), { intent: 'swap', requestA: r1, requestB: r1, stamp });
    expect(same.status).toBe(400);
    expect(await same.text()).toContain('请选择两场不同的洽谈');
    expect(await placements()).toEqual(before);

    // a free move: r2 (ent2–bankA) to round 3, table 2 → pinned
    expect((await as.organizer.post(schedulePage(), { intent: 'move', requestId: r2, slot: '3', table: '2', stamp })).status).toBe(302);
    // the old stamp is stale now
    const stale = await as.organizer.post(schedulePage(), { intent: 'move', requestId: r1, slot: '1', table: '2', stamp });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('排期刚被他人修改');
    stamp = await stampOf();
    // r1 (round 1) ↔ r3 (round 2): bankA would meet twice in round 2 (r4) → refused; r3 ↔ r4 (both round 2) swap tables
    const refused = await as.organizer.post(schedulePage(), { intent: 'swap', requestA: r1, requestB: r3, stamp });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(`${NAMES.bankA} 在第 2 轮（10:20）已有洽谈：${NAMES.ent3} — ${NAMES.bankA}`);
    expect((await as.organizer.post(schedulePage(), { intent: 'swap', requestA: r3, requestB: r4, stamp })).status).toBe(302);
    const after = new Map((await placements()).map((p) => [p.request_id, p]));
    expect(after.get(r2)).toMatchObject({ slot: 2, table_no: 1, manual: 1 });
    expect(after.get(r3)).toMatchObject({ slot: 1, table_no: 1, manual: 1 });
    expect(after.get(r4)).toMatchObject({ slot: 1, table_no: 0, manual: 1 });
    expect(after.get(r1)).toMatchObject({ slot: 0, table_no: 0, manual: 0 });
  });

  it('re-running keeps the pinned meetings and moves only the others', async () => {
    const pinned = (await placements()).filter((p) => p.manual === 1);
    expect(pinned).toHaveLength(3);
    expect((await as.organizer.post(schedulePage(), { intent: 'run' })).status).toBe(302);
    const after = await placements();
    expect(after).toHaveLength(4);
    for (const p of pinned)
      expect(after.find((a) => a.request_id === p.request_id)).toMatchObject({ slot: p.slot, table_no: p.table_no, manual: 1 });
    const event = await db
      .selectFrom('events')
      .select(['schedule_placed', 'schedule_bound', 'status'])
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ schedule_placed: 4, schedule_bound: 4, status: 'scheduled' });
  });

  it('shows each organization its own agenda only, with times and table numbers, and no phones', async () => {
    // participants see the grid once it is published (issue 16)
    expect(await (await as.ent1.get(page())).text()).not.toContain('data-testid="my-agenda"');
    expect((await as.organizer.post(schedulePage(), { intent: 'publish' })).status).toBe(302);
    const grid = new Map((await placements()).map((p) => [p.request_id, p]));
    const r1 = grid.get((await requestRow('ent1', 'bankA'))!.id)!;
    const ent1 = await (await as.ent1.get(page())).text();
    const agenda = ent1.split('data-testid="my-agenda"')[1].split('</table>')[0];
    const start = ['10:00', '10:20', '10:40'][r1.slot];
    const end = ['10:20', '10:40', '11:00'][r1.slot];
    expect(agenda).toContain(`${start}<!-- -->–<!-- -->${end}`);
    expect(agenda).toContain(`${r1.table_no + 1} 号桌`);
    expect(agenda).toContain(NAMES.bankA);
    expect(agenda).toContain(NAMES.bankB);
    expect(agenda).not.toContain(NAMES.ent3);

    // bankB meets ent1 only: it never sees bankA's meetings with ent2 and ent3
    const bankB = await (await as.bankB.get(page())).text();
    const bankBAgenda = bankB.split('data-testid="my-agenda"')[1].split('</table>')[0];
    expect(bankBAgenda).toContain(NAMES.ent1);
    expect(bankBAgenda).not.toContain(NAMES.bankA);
    expect(bankBAgenda).not.toContain(NAMES.ent3);
    expect(bankB).not.toContain(`${NAMES.ent3} — `);
    // nor the organizer's grid
    expect((await as.bankB.get(schedulePage())).status).toBe(403);
    // phones appear nowhere on these pages
    const organizer = await (await as.organizer.get(schedulePage())).text();
    for (const html of [ent1, bankB, organizer]) for (const phone of Object.values(PHONES)) expect(html).not.toContain(phone);
  });

  it('takes declined and withdrawn meetings out of the grid', async () => {
    const r1 = (await requestRow('ent1', 'bankA'))!.id;
    const r3 = (await requestRow('ent1', 'bankB'))!.id;
    // bankA cancels the accepted meeting it was asked for; ent1 withdraws its accepted request to bankB
    expect((await as.bankA.post(page(), { intent: 'decline', requestId: r1 })).status).toBe(302);
    expect((await as.ent1.post(page(), { intent: 'withdraw', requestId: r3 })).status).toBe(302);
    const left = (await placements()).map((p) => p.request_id);
    expect(left).not.toContain(r1);
    expect(left).not.toContain(r3);
    expect(left).toHaveLength(2);
    const organizer = await (await as.organizer.get(schedulePage())).text();
    expect(organizer).toContain('未排入的已接受预约（0）');
  });

  it('refuses requests and scheduling once the session has been held', async () => {
    await db.updateTable('events').set({ status: 'held' }).where('id', '=', eventId).execute();
    const r = await request('ent2', 'bankB');
    expect(r.status).toBe(409);
    // the error itself, not only the page's notice
    expect(r.html).toContain('本场对接会已不再接受洽谈预约</p>');
    const run = await as.organizer.post(schedulePage(), { intent: 'run' });
    expect(run.status).toBe(409);
    expect(await run.text()).toContain('对接会已举行或已结束，排期不能再修改</p>');
    const avail = await as.ent1.post(page(), { intent: 'availability', unavailable: ['1'] });
    expect(avail.status).toBe(409);
    // the agenda stays readable
    expect((await as.ent2.get(page())).status).toBe(200);
  });
});
