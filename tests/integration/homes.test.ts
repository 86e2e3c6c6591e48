/**
 * Every role's home is its to-do centre (decision 028): each item counts live
 * data of this user only, lists its first cases linked to where they are
 * handled, and an empty item says what to do next.
 * Fixtures live in 许昌市 (411000) so the demo data of 平顶山市 does not interfere.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO } from '../support/http-client';
import { orgFixtures } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';

const DAY_MS = 86_400_000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
const chinaDay = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS + 8 * 3_600_000).toISOString().slice(0, 10);

const {
  fid,
  org: insertOrg,
  user: insertUser,
  need: insertNeed,
  client,
} = orgFixtures({
  db: () => db,
  passwordHash: () => passwordHash,
  serverUrl: () => server.url,
  orgPrefix: (kind) => (kind === 'bank' ? 'hmbank' : 'hment'),
  userPrefix: 'hmusr',
  needPrefix: 'hmfin',
  label: 'homes',
});

const org = (kind: 'enterprise' | 'bank', status: 'pending' | 'verified', name: string) =>
  insertOrg(kind, name, kind === 'enterprise' ? '411002' : '411000', {
    status,
    created_at: iso(3),
    updated_at: iso(3),
    serves: false,
  });

const user = (role: 'enterprise' | 'bank' | 'organizer', orgId: string | null, name: string, region: string | null = null) =>
  insertUser(role, orgId, { name, phone: '13800000007', region_code: region, created_at: iso(5), updated_at: iso(5) });

const need = (orgId: string, title: string, status: 'published' | 'draft', daysAgo: number) =>
  insertNeed(orgId, title, '411002', {
    amount: 3_000_000,
    max_rate_bp: null,
    status,
    published_at: status === 'published' ? iso(daysAgo) : null,
    created_at: iso(daysAgo + 1),
    updated_at: iso(daysAgo),
  });

async function interest(needId: string, ent: string, bank: string, userId: string, status: 'pending' | 'accepted') {
  const id = fid('hmint');
  await db
    .insertInto('need_interests')
    .values({
      id,
      need_kind: 'financing',
      need_id: needId,
      enterprise_org_id: ent,
      bank_org_id: bank,
      product_id: null,
      user_id: userId,
      message: '可对接',
      status,
      response_message: null,
      responded_by: null,
      created_at: iso(1),
      responded_at: status === 'accepted' ? iso(0) : null,
    })
    .execute();
  return id;
}

async function agreement(a: {
  bank: string;
  ent: string;
  proposedBy: string;
  userId: string;
  status: 'proposed' | 'signed' | 'approved';
  signedDaysAgo: number;
  amount: number;
}) {
  const id = fid('hmagr');
  const confirmed = a.status !== 'proposed';
  await db
    .insertInto('agreements')
    .values({
      id,
      document_no: null,
      event_id: null,
      bank_org_id: a.bank,
      enterprise_org_id: a.ent,
      need_id: null,
      product_id: null,
      region_code: '411002',
      industry: 'C',
      product_category: null,
      amount: a.amount,
      term_months: 12,
      signed_on: chinaDay(a.signedDaysAgo),
      signed_month: chinaDay(a.signedDaysAgo).slice(0, 7),
      bank_signatory: '王',
      enterprise_signatory: '李',
      status: a.status,
      proposed_by_org_id: a.proposedBy,
      proposed_by_user_id: a.userId,
      confirmed_by_user_id: confirmed ? a.userId : null,
      confirmed_at: confirmed ? iso(a.signedDaysAgo) : null,
      approved_amount: a.status === 'approved' ? a.amount : null,
      approved_on: a.status === 'approved' ? chinaDay(1) : null,
      last_disbursed_on: null,
      status_reason: null,
      terminated_at: null,
      created_at: iso(a.signedDaysAgo),
      updated_at: iso(a.signedDaysAgo),
    })
    .execute();
  return id;
}

/** The card of one to-do item on a home page. */
function card(html: string, key: string): string {
  const start = html.indexOf(`data-testid="todo-${key}"`);
  expect(start, `card ${key}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}
const countOf = (c: string) => Number(/data-testid="todo-count"[^>]*>(\d+)</.exec(c)?.[1]);

const fx = {} as {
  ent: string;
  bank: string;
  bank2: string;
  pendingOrg: string;
  entUser: { id: string; email: string };
  bankUser: { id: string; email: string };
  bank2User: { id: string; email: string };
  organizer: { id: string; email: string };
  overdueNeed: string;
  freshNeed: string;
  answeredNeed: string;
  draft: string;
  eventId: string;
  toConfirmByEnt: string;
  toConfirmByBank: string;
  signed: string;
  approved: string;
};

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.ent = await org('enterprise', 'verified', '许昌工作台测试机械有限公司');
  fx.bank = await org('bank', 'verified', '工作台测试甲银行');
  fx.bank2 = await org('bank', 'verified', '工作台测试乙银行');
  fx.pendingOrg = await org('enterprise', 'pending', '许昌待审核测试商贸有限公司');
  fx.entUser = await user('enterprise', fx.ent, '许企业');
  fx.bankUser = await user('bank', fx.bank, '甲行客户经理');
  fx.bank2User = await user('bank', fx.bank2, '乙行客户经理');
  fx.organizer = await user('organizer', null, '许昌金融办', '411000');
  fx.overdueNeed = await need(fx.ent, '许昌超期无人响应融资需求', 'published', 40);
  fx.answeredNeed = await need(fx.ent, '许昌已有银行意向的融资需求', 'published', 10);
  fx.draft = await need(fx.ent, '许昌尚未发布的草稿需求', 'draft', 2);
  await interest(fx.answeredNeed, fx.ent, fx.bank, fx.bankUser.id, 'pending');
  fx.toConfirmByEnt = await agreement({
    bank: fx.bank2,
    ent: fx.ent,
    proposedBy: fx.bank2,
    userId: fx.bank2User.id,
    status: 'proposed',
    signedDaysAgo: 1,
    amount: 5_000_000,
  });
  fx.toConfirmByBank = await agreement({
    bank: fx.bank,
    ent: fx.ent,
    proposedBy: fx.ent,
    userId: fx.entUser.id,
    status: 'proposed',
    signedDaysAgo: 1,
    amount: 2_000_000,
  });
  fx.signed = await agreement({
    bank: fx.bank,
    ent: fx.ent,
    proposedBy: fx.bank,
    userId: fx.bankUser.id,
    status: 'signed',
    signedDaysAgo: 60,
    amount: 8_000_000,
  });
  fx.approved = await agreement({
    bank: fx.bank,
    ent: fx.ent,
    proposedBy: fx.bank,
    userId: fx.bankUser.id,
    status: 'approved',
    signedDaysAgo: 20,
    amount: 6_000_000,
  });
  fx.eventId = fid('hmevt');
  await db
    .insertInto('events')
    .values({
      id: fx.eventId,
      region_code: '411000',
      created_by: fx.organizer.id,
      title: '许昌市政银企对接会（工作台测试）',
      theme: '制造业专场',
      event_date: chinaDay(-2),
      start_time: '09:00',
      venue: '许昌市会展中心',
      capacity: 40,
      registration_deadline: chinaDay(-1),
      open_registration: 0,
      slot_count: 4,
      slot_minutes: 20,
      table_count: 4,
      first_slot_time: '10:00',
      description: null,
      status: 'open',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: iso(5),
      updated_at: iso(5),
    })
    .execute();
  for (const [orgId, role, status] of [
    [fx.ent, 'enterprise', 'invited'],
    [fx.bank, 'bank', 'accepted'],
  ] as const) {
    await db
      .insertInto('event_participants')
      .values({
        id: fid('hmpar'),
        event_id: fx.eventId,
        organization_id: orgId,
        role,
        status,
        invited_by: fx.organizer.id,
        responded_by: null,
        responded_at: null,
        checkin_token: fid('hmtok') + 'z'.repeat(16),
        created_at: iso(4),
      })
      .execute();
  }
  // a new need published after the bank's previous visit (its other sign-in was seen 3 days ago)
  fx.freshNeed = await need(fx.ent, '许昌上次访问后新发布的融资需求', 'published', 0);
  await db
    .insertInto('auth_sessions')
    .values({
      id: fid('hmses') + 'q'.repeat(48),
      user_id: fx.bankUser.id,
      expires_at: iso(-10),
      created_at: iso(4),
      last_seen_at: iso(3),
      ip: null,
      user_agent: null,
    })
    .execute();
});
afterAll(async () => {
  await server?.stop();
});

/** A card's text as the reader sees it (tags removed). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, '');

describe('role homes as to-do centres', () => {
  it('enterprise: interest to answer, open needs with responses, drafts, agreements to confirm, invitations, next session', async () => {
    const html = await (await (await client(fx.entUser.email)).get('/')).text();
    expect(html).not.toContain('即将上线');
    expect(html).not.toContain('在融金额');
    const toAnswer = card(html, 'interestsToAnswer');
    expect(countOf(toAnswer)).toBe(1);
    expect(toAnswer).toContain('工作台测试甲银行');
    expect(toAnswer).toContain('href="/enterprise/interests?status=pending"');
    const open = card(html, 'openNeeds');
    expect(countOf(open)).toBe(3);
    expect(open).toContain(`href="/enterprise/needs/financing/${fx.overdueNeed}"`);
    // figures are wrapped so they never break inside: compare the text as read
    expect(textOf(open)).toContain('1 家银行响应');
    expect(countOf(card(html, 'drafts'))).toBe(1);
    expect(card(html, 'drafts')).toContain(`href="/enterprise/needs/financing/${fx.draft}"`);
    const confirm = card(html, 'agreementsToConfirm');
    expect(countOf(confirm)).toBe(1); // the one proposed by its own side waits for the bank
    expect(confirm).toContain(`href="/agreements/${fx.toConfirmByEnt}"`);
    expect(confirm).toContain('500万元');
    const inv = card(html, 'invitations');
    expect(countOf(inv)).toBe(1);
    expect(inv).toContain(`href="/events/${fx.eventId}"`);
    // not yet registered for any session: the empty state says where to go
    const next = card(html, 'nextSession');
    expect(countOf(next)).toBe(0);
    expect(next).toContain('去“对接会”看看近期场次');
    expect(next).toContain('href="/events"');
    expect(html).toContain('寻求融资金额');
    expect(html).toContain('900万元');
  });

  it('bank: new needs since the last visit, overdue needs, its interests, agreements to confirm and to report on, next session', async () => {
    const html = await (await (await client(fx.bankUser.email)).get('/')).text();
    expect(html).not.toContain('即将上线');
    const fresh = card(html, 'newNeeds');
    expect(fresh).toContain(`href="/needs/financing/${fx.freshNeed}"`);
    expect(fresh).not.toContain(fx.answeredNeed); // older than the last visit, and answered by this bank
    const overdue = card(html, 'overdueNeeds');
    expect(overdue).toContain(`href="/needs/financing/${fx.overdueNeed}"`);
    expect(overdue).not.toContain(fx.answeredNeed);
    // each entry names its enterprise (read for the listed needs after the list)
    expect(overdue).toContain('许昌工作台测试机械有限公司');
    expect(fresh).toContain('许昌工作台测试机械有限公司');
    const awaiting = card(html, 'interestsAwaiting');
    expect(countOf(awaiting)).toBe(1);
    expect(awaiting).toContain('href="/bank/interests?status=pending"');
    expect(countOf(card(html, 'interestsAccepted'))).toBe(0);
    const confirm = card(html, 'agreementsToConfirm');
    expect(countOf(confirm)).toBe(1);
    expect(confirm).toContain(`href="/agreements/${fx.toConfirmByBank}"`);
    const approve = card(html, 'toApprove');
    expect(countOf(approve)).toBe(1);
    expect(approve).toContain(`href="/agreements/${fx.signed}"`);
    expect(approve).toContain('href="/agreements?status=signed"');
    const disburse = card(html, 'toDisburse');
    expect(countOf(disburse)).toBe(1);
    expect(disburse).toContain(`href="/agreements/${fx.approved}"`);
    const next = card(html, 'nextSession');
    expect(countOf(next)).toBe(1);
    expect(next).toContain(`href="/events/${fx.eventId}"`);
    // no products yet: the home says what to do instead of "coming soon"
    expect(html).toContain('还没有上架金融产品');
    expect(html).toContain('href="/bank/products/new"');
    expect(html).toContain(`上次访问：${chinaDay(3)}`);
  });

  it('bank: the overdue count is every published need of its regions past the deadline that nobody answered', async () => {
    const overdueCount = async () => countOf(card(await (await (await client(fx.bankUser.email)).get('/')).text(), 'overdueNeeds'));
    const before = await overdueCount();
    expect(before).toBeGreaterThanOrEqual(1); // fx.overdueNeed at least
    const added = [
      await need(fx.ent, '许昌又一条超期无人响应的需求', 'published', 40), // counted
      await insertNeed(fx.ent, '外市超期无人响应的需求', '410402', {
        amount: 3_000_000,
        max_rate_bp: null,
        status: 'published',
        published_at: iso(40),
        created_at: iso(41),
        updated_at: iso(40),
      }), // another city: not this bank's
      await need(fx.ent, '许昌超期但已有意向的需求', 'published', 40), // answered below
      await need(fx.ent, '许昌未发布的旧草稿', 'draft', 40),
    ];
    await interest(added[2], fx.ent, fx.bank2, fx.bank2User.id, 'pending');
    try {
      expect(await overdueCount()).toBe(before + 1);
    } finally {
      await db.deleteFrom('need_interests').where('need_id', 'in', added).execute();
      await db.deleteFrom('financing_needs').where('id', 'in', added).execute();
    }
    expect(await overdueCount()).toBe(before);
  });

  it('bank serving the province: the oldest overdue needs and the newest new ones, read in publication order', async () => {
    const provBank = await insertOrg('bank', '工作台测试省级银行', '410000', {
      status: 'verified',
      created_at: iso(3),
      updated_at: iso(3),
      serves: false,
    });
    const provUser = await user('bank', provBank, '省行客户经理');
    const html = await (await (await client(provUser.email)).get('/')).text();
    const ids = (c: string) => [...c.matchAll(/href="\/needs\/financing\/([^"]+)"/g)].map((m) => m[1]);
    const published = await db
      .selectFrom('financing_needs as n')
      .select(['n.id', 'n.published_at'])
      .where('n.status', '=', 'published')
      .where('n.region_code', 'like', '41%')
      .where(
        sql<boolean>`not exists (select 1 from need_interests ni where ni.need_kind = 'financing' and ni.need_id = n.id and ni.status <> 'withdrawn')`,
      )
      .execute();
    const key = (r: { id: string; published_at: string | null }) => `${r.published_at}\u0000${r.id}`;
    const sorted = published.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    // overdue: the oldest unanswered needs of the province, oldest first — the first of all of them
    const overdue = ids(card(html, 'overdueNeeds'));
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue).toEqual(sorted.slice(0, overdue.length).map((r) => r.id));
    expect(countOf(card(html, 'overdueNeeds'))).toBeGreaterThanOrEqual(overdue.length);
    // new: the newest (none answered by this new bank), newest first
    const fresh = ids(card(html, 'newNeeds'));
    expect(fresh.length).toBeGreaterThan(0);
    const newest = (
      await db
        .selectFrom('financing_needs')
        .select(['id', 'published_at'])
        .where('status', '=', 'published')
        .where('region_code', 'like', '41%')
        .execute()
    ).sort((a, b) =>
      a.published_at !== b.published_at ? ((a.published_at ?? '') < (b.published_at ?? '') ? 1 : -1) : a.id < b.id ? -1 : 1,
    );
    expect(fresh).toEqual(newest.slice(0, fresh.length).map((r) => r.id));
  });

  it('another bank sees only its own work', async () => {
    const html = await (await (await client(fx.bank2User.email)).get('/')).text();
    expect(countOf(card(html, 'interestsAwaiting'))).toBe(0);
    expect(countOf(card(html, 'agreementsToConfirm'))).toBe(0); // it proposed the one waiting
    expect(countOf(card(html, 'toApprove'))).toBe(0);
    expect(html).not.toContain(fx.signed);
  });

  it('organizer: verifications, overdue and unanswered needs, agreements to confirm, late fulfilment, this week’s sessions', async () => {
    const html = await (await (await client(fx.organizer.email)).get('/')).text();
    const ver = card(html, 'verifications');
    expect(countOf(ver)).toBe(1);
    expect(ver).toContain(`href="/organizer/verifications/${fx.pendingOrg}"`);
    const overdue = card(html, 'overdueNeeds');
    expect(countOf(overdue)).toBe(1);
    expect(overdue).toContain(`href="/needs/financing/${fx.overdueNeed}"`);
    expect(overdue).toContain('href="/organizer/needs?filter=overdue"');
    // the unanswered needs within the deadline: the overdue one is not listed twice
    const waiting = card(html, 'unansweredNeeds');
    expect(countOf(waiting)).toBe(1);
    expect(waiting).toContain(`href="/needs/financing/${fx.freshNeed}"`);
    expect(waiting).not.toContain(fx.overdueNeed);
    expect(waiting).toContain('href="/organizer/needs?filter=waiting"');
    // each date says what it is
    expect(textOf(waiting)).toMatch(/发布 \d{4}-\d{2}-\d{2}/);
    expect(textOf(card(html, 'weekSessions'))).toMatch(/会期 \d{4}-\d{2}-\d{2}/);
    expect(countOf(card(html, 'agreementsToConfirm'))).toBe(2);
    const late = card(html, 'lateAgreements');
    expect(countOf(late)).toBe(1);
    expect(late).toContain(`href="/agreements/${fx.signed}"`);
    expect(late).toContain('href="/agreements?late=1"');
    const week = card(html, 'weekSessions');
    expect(countOf(week)).toBe(1);
    expect(week).toContain(`href="/organizer/events/${fx.eventId}"`);
    expect(textOf(week)).toContain('已报名 1/40 家');
    // the demo region's organizer sees none of 许昌's work
    const demo = await (await (await client(DEMO.organizer)).get('/')).text();
    expect(demo).not.toContain('许昌超期无人响应融资需求');
    expect(demo).not.toContain('许昌待审核测试商贸有限公司');
  });

  it('administrator: organizer accounts, regions, recent sign-ins, account changes', async () => {
    await client(fx.organizer.email);
    const html = await (await (await client(DEMO.admin)).get('/')).text();
    const orgs = card(html, 'organizers');
    expect(countOf(orgs)).toBeGreaterThanOrEqual(2);
    expect(orgs).toContain('href="/admin/organizers"');
    expect(card(html, 'regions')).toContain('许昌市');
    const signIns = card(html, 'signIns');
    expect(signIns).toContain('许昌金融办');
    expect(signIns).toContain(`href="/admin/organizers/${fx.organizer.id}"`);
    expect(card(html, 'accountChanges')).toContain(`href="/admin/organizers/${fx.organizer.id}"`);
  });

  it('speaks English too', async () => {
    const c = await client(fx.organizer.email);
    c.cookies.set('finmatch_lang', 'en');
    const html = await (await c.get('/')).text();
    expect(html).toContain('Organizations to verify');
    expect(html).toContain('Sessions this week');
  });
});
