/**
 * Bank interest over HTTP: a bank expresses interest → the enterprise is
 * notified → accepts → the contact is revealed to that bank only and the need
 * becomes matched; declining; duplicates; unverified banks; tenant isolation;
 * the organizer's overdue list and its region boundary; match pages.
 * Fixtures live in 漯河市 (411100) so the demo data of 平顶山市 does not interfere.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let seq = 0;
let passwordHash = '';

const DAY_MS = 86_400_000;
const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();

async function createOrg(
  kind: 'enterprise' | 'bank',
  status: 'pending' | 'verified',
  name: string,
  contact: { name: string; phone: string },
) {
  const orgId = fid(kind === 'bank' ? 'itbank' : 'itent');
  const now = iso(0);
  await db
    .insertInto('organizations')
    .values({
      id: orgId,
      kind,
      name,
      status,
      status_reason: null,
      status_changed_by: null,
      status_changed_at: null,
      credit_code: null,
      region_code: kind === 'enterprise' ? '411102' : '411100',
      industry: kind === 'enterprise' ? 'C' : null,
      size: kind === 'enterprise' ? 'small' : null,
      founded_year: kind === 'enterprise' ? 2010 : null,
      registered_capital: kind === 'enterprise' ? 12_340_000 : null,
      employees: kind === 'enterprise' ? 88 : null,
      annual_revenue: kind === 'enterprise' ? 56_780_000 : null,
      bank_type: kind === 'bank' ? 'city' : null,
      branch_level: null,
      contact_name: contact.name,
      contact_phone: contact.phone,
      contact_email: null,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return orgId;
}

async function createUser(role: 'enterprise' | 'bank' | 'organizer', orgId: string | null, region: string | null = null) {
  const id = fid('itusr');
  const email = `${id}@interests.finmatch.test`;
  const now = iso(0);
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: `意向测试${seq}`,
      phone: '13800000006',
      password_hash: passwordHash,
      role,
      organization_id: orgId,
      region_code: region,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, email };
}

async function financingNeed(orgId: string, title: string, publishedDaysAgo: number) {
  const id = fid('itfin');
  await db
    .insertInto('financing_needs')
    .values({
      id,
      organization_id: orgId,
      title,
      amount: 3_000_000,
      term_months: 12,
      purpose: 'working_capital',
      guarantee_mask: 1,
      max_rate_bp: null,
      wanted_by: null,
      description: '意向测试',
      attachments: '[]',
      status: 'published',
      region_code: '411102',
      search_text: title,
      published_at: iso(publishedDaysAgo),
      closed_at: null,
      status_reason: null,
      created_at: iso(publishedDaysAgo + 1),
      updated_at: iso(publishedDaysAgo),
    })
    .execute();
  return id;
}

async function hiringNeed(orgId: string, title: string, publishedDaysAgo: number) {
  const id = fid('ithir');
  await db
    .insertInto('hiring_needs')
    .values({
      id,
      organization_id: orgId,
      title,
      description: null,
      training_support: 0,
      total_headcount: 5,
      wanted_by: null,
      status: 'published',
      region_code: '411102',
      search_text: title,
      published_at: iso(publishedDaysAgo),
      closed_at: null,
      status_reason: null,
      created_at: iso(publishedDaysAgo + 1),
      updated_at: iso(publishedDaysAgo),
    })
    .execute();
  await db
    .insertInto('hiring_positions')
    .values({
      id: fid('itpos'),
      hiring_need_id: id,
      title: '普工',
      headcount: 5,
      wage_min: 4000,
      wage_max: 5000,
      skills: null,
      sort_order: 0,
    })
    .execute();
  return id;
}

async function product(orgId: string, name: string) {
  const id = fid('itprd');
  const now = iso(0);
  await db
    .insertInto('loan_products')
    .values({
      id,
      organization_id: orgId,
      name,
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
      search_text: name,
      published_at: now,
      retired_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.insertInto('product_regions').values({ product_id: id, region_code: '411100' }).execute();
  return id;
}

async function client(email: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

const ENT1_PHONE = '13911110001';
const ENT2_PHONE = '13922220002';
const fx = {} as {
  ent1: string;
  ent2: string;
  bankA: string;
  bankB: string;
  bankP: string;
  ent1User: { id: string; email: string };
  ent2User: { id: string; email: string };
  bankAUser: { id: string; email: string };
  bankBUser: { id: string; email: string };
  bankPUser: { id: string; email: string };
  organizer: { id: string; email: string };
  needA: string;
  needB: string;
  needOld: string;
  needOldHiring: string;
  productA: string;
};

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.ent1 = await createOrg('enterprise', 'verified', '漯河意向测试食品有限公司', { name: '赵一测', phone: ENT1_PHONE });
  fx.ent2 = await createOrg('enterprise', 'verified', '漯河意向测试包装有限公司', { name: '钱二测', phone: ENT2_PHONE });
  fx.bankA = await createOrg('bank', 'verified', '意向测试甲银行', { name: '甲', phone: '13800001111' });
  fx.bankB = await createOrg('bank', 'verified', '意向测试乙银行', { name: '乙', phone: '13800002222' });
  fx.bankP = await createOrg('bank', 'pending', '意向测试待审银行', { name: '丙', phone: '13800003333' });
  fx.ent1User = await createUser('enterprise', fx.ent1);
  fx.ent2User = await createUser('enterprise', fx.ent2);
  fx.bankAUser = await createUser('bank', fx.bankA);
  fx.bankBUser = await createUser('bank', fx.bankB);
  fx.bankPUser = await createUser('bank', fx.bankP);
  fx.organizer = await createUser('organizer', null, '411100');
  fx.needA = await financingNeed(fx.ent1, '漯河食品冷链设备融资', 0);
  fx.needB = await financingNeed(fx.ent1, '漯河食品原料采购融资', 0);
  fx.needOld = await financingNeed(fx.ent2, '漯河包装久未响应的融资需求', 40);
  fx.needOldHiring = await hiringNeed(fx.ent2, '漯河包装已有响应的用工需求', 40);
  fx.productA = await product(fx.bankA, '甲银行冷链贷');
});
afterAll(async () => {
  await server?.stop();
});

async function interestOf(bankOrgId: string, needId: string) {
  return db.selectFrom('need_interests').selectAll().where('bank_org_id', '=', bankOrgId).where('need_id', '=', needId).executeTakeFirst();
}

describe('bank interest over HTTP', () => {
  it('shows a verified bank the need with finances but without the contact', async () => {
    const bank = await client(fx.bankAUser.email);
    const res = await bank.get(`/needs/financing/${fx.needA}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('漯河食品冷链设备融资');
    expect(html).toContain('1,234万元'); // registered capital
    expect(html).toContain('5,678万元'); // revenue
    expect(html).not.toContain(ENT1_PHONE);
    expect(html).toContain('甲银行冷链贷'); // own product offered in the form
    bank.cookies.set('finmatch_lang', 'en');
    const en = await (await bank.get(`/needs/financing/${fx.needA}`)).text();
    expect(en).toContain('Express interest');
    expect(en).toContain('appear here once the enterprise accepts');
  });

  it('refuses interest from a bank that is not verified, and hides finances from it', async () => {
    const bank = await client(fx.bankPUser.email);
    const page = await bank.get(`/needs/financing/${fx.needA}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('1,234万元');
    expect(html).not.toContain(ENT1_PHONE);
    const res = await bank.post(`/needs/financing/${fx.needA}`, { intent: 'express', message: '想对接' });
    expect(res.status).toBe(403);
    expect(await interestOf(fx.bankP, fx.needA)).toBeUndefined();
  });

  it('expresses interest, notifies the enterprise, accepts, and reveals the contact to that bank only', async () => {
    const bankA = await client(fx.bankAUser.email);
    const res = await bankA.post(`/needs/financing/${fx.needA}`, {
      intent: 'express',
      message: '我行可提供 300 万元信用贷款',
      productId: fx.productA,
    });
    expect(res.status).toBe(302);
    const interest = await interestOf(fx.bankA, fx.needA);
    expect(interest).toMatchObject({ status: 'pending', product_id: fx.productA, enterprise_org_id: fx.ent1 });

    // the enterprise is notified, sees the count in the header and the interest on its page
    const ent = await client(fx.ent1User.email);
    const home = await (await ent.get('/notifications')).text();
    expect(home).toContain('意向测试甲银行 对您的需求“漯河食品冷链设备融资”表达了合作意向');
    expect(home).toMatch(/data-testid="unread-count"[^>]*>1</);
    const list = await (await ent.get('/enterprise/interests')).text();
    expect(list).toContain('我行可提供 300 万元信用贷款');

    // a duplicate is refused clearly
    const dup = await bankA.post(`/needs/financing/${fx.needA}`, { intent: 'express', message: '再来一次' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('请勿重复提交');

    // another enterprise can neither see nor answer it
    const ent2 = await client(fx.ent2User.email);
    const other = await (await ent2.get('/enterprise/interests')).text();
    expect(other).not.toContain('我行可提供 300 万元信用贷款');
    expect((await ent2.post('/enterprise/interests', { intent: 'accept', interestId: interest!.id })).status).toBe(404);
    expect((await ent2.get(`/needs/financing/${fx.needA}`)).status).toBe(404);
    expect((await interestOf(fx.bankA, fx.needA))!.status).toBe('pending');

    // before acceptance no contact anywhere for the bank
    expect(await (await bankA.get('/bank/interests')).text()).not.toContain(ENT1_PHONE);

    const accept = await ent.post('/enterprise/interests', { intent: 'accept', interestId: interest!.id, message: '欢迎来电' });
    expect(accept.status).toBe(302);
    expect((await interestOf(fx.bankA, fx.needA))!.status).toBe('accepted');
    const need = await db.selectFrom('financing_needs').select('status').where('id', '=', fx.needA).executeTakeFirstOrThrow();
    expect(need.status).toBe('matched');
    // answering twice is refused
    expect((await ent.post('/enterprise/interests', { intent: 'decline', interestId: interest!.id })).status).toBe(409);

    // the accepted bank sees the contact, on the need page and in its list, and was notified
    const page = await (await bankA.get(`/needs/financing/${fx.needA}`)).text();
    expect(page).toContain(ENT1_PHONE);
    expect(page).toContain('赵一测');
    expect(await (await bankA.get('/bank/interests')).text()).toContain(ENT1_PHONE);
    const notes = await db.selectFrom('notifications').select('kind').where('user_id', '=', fx.bankAUser.id).execute();
    expect(notes.map((n) => n.kind)).toEqual(['interest.accepted']);

    // another bank still cannot see it, and the matched need takes no new interest
    const bankB = await client(fx.bankBUser.email);
    const seenByB = await (await bankB.get(`/needs/financing/${fx.needA}`)).text();
    expect(seenByB).not.toContain(ENT1_PHONE);
    expect(seenByB).toContain('1,234万元');
    const late = await bankB.post(`/needs/financing/${fx.needA}`, { intent: 'express', message: '我们也想参与' });
    expect(late.status).toBe(409);
    expect(await (await bankB.get('/bank/interests')).text()).not.toContain(ENT1_PHONE);

    // the organizer of the region sees the need with the interested bank
    const org = await client(fx.organizer.email);
    const orgPage = await (await org.get(`/needs/financing/${fx.needA}`)).text();
    expect(orgPage).toContain('意向测试甲银行');
  });

  it('declines an interest: the bank is told and sees no contact', async () => {
    const bankB = await client(fx.bankBUser.email);
    expect((await bankB.post(`/needs/financing/${fx.needB}`, { intent: 'express', message: '乙银行可以提供流动资金贷款' })).status).toBe(
      302,
    );
    const interest = await interestOf(fx.bankB, fx.needB);
    const ent = await client(fx.ent1User.email);
    expect((await ent.post('/enterprise/interests', { intent: 'decline', interestId: interest!.id, message: '暂不需要' })).status).toBe(
      302,
    );
    expect((await interestOf(fx.bankB, fx.needB))!.status).toBe('declined');
    const need = await db.selectFrom('financing_needs').select('status').where('id', '=', fx.needB).executeTakeFirstOrThrow();
    expect(need.status).toBe('published');
    const page = await (await bankB.get(`/needs/financing/${fx.needB}`)).text();
    expect(page).not.toContain(ENT1_PHONE);
    expect(page).toContain('已婉拒');
    const notes = await (await bankB.get('/notifications')).text();
    expect(notes).toContain('婉拒了贵行对“漯河食品原料采购融资”的意向');
    // mark all read clears the header count
    expect((await bankB.post('/notifications', { intent: 'readAll' })).status).toBe(302);
    expect(await (await bankB.get('/notifications')).text()).not.toContain('data-testid="unread-count"');
  });

  it('lists an old need without responses as overdue, not one that has a response', async () => {
    const bankB = await client(fx.bankBUser.email);
    expect((await bankB.post(`/needs/hiring/${fx.needOldHiring}`, { intent: 'express', message: '可提供稳岗贷支持' })).status).toBe(302);
    const org = await client(fx.organizer.email);
    const overdue = await org.get('/organizer/needs?filter=overdue');
    expect(overdue.status).toBe(200);
    const html = await overdue.text();
    expect(html).toContain('漯河包装久未响应的融资需求');
    expect(html).not.toContain('漯河包装已有响应的用工需求');
    expect(html).not.toContain('漯河食品原料采购融资'); // published today: not overdue yet
    const none = await (await org.get('/organizer/needs?filter=none')).text();
    expect(none).toContain('漯河包装久未响应的融资需求');
    // within the deadline: the unanswered ones that are not overdue
    await financingNeed(fx.ent1, '漯河食品今天发布的融资需求', 0);
    expect(await (await org.get('/organizer/needs?filter=overdue')).text()).not.toContain('漯河食品今天发布的融资需求');
    const waiting = await (await org.get('/organizer/needs?filter=waiting')).text();
    expect(waiting).toContain('漯河食品今天发布的融资需求');
    expect(waiting).not.toContain('漯河包装久未响应的融资需求');
    expect(waiting).not.toContain('漯河包装已有响应的用工需求');
    const all = await (await org.get('/organizer/needs?filter=all')).text();
    expect(all).toContain('漯河包装已有响应的用工需求');
    expect(all).toContain('漯河食品冷链设备融资');

    // a longer deadline is validated and saved
    expect((await org.post('/organizer/settings', { days: '0' })).status).toBe(400);
    expect((await org.post('/organizer/settings', { days: '31' })).status).toBe(400);
    expect((await org.post('/organizer/settings', { days: '5' })).status).toBe(302);
    // kept for the organizer's own region (411100), not platform-wide
    const setting = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'response_due_working_days:411100')
      .executeTakeFirstOrThrow();
    expect(setting.value).toBe('5');
    expect(
      await db.selectFrom('settings').select('value').where('key', '=', 'response_due_working_days').executeTakeFirst(),
    ).toBeUndefined();
    expect((await org.post('/organizer/settings', { intent: 'addHoliday', date: '2026-02-30', kind: 'holiday' })).status).toBe(400);
    expect((await org.post('/organizer/settings', { intent: 'addHoliday', date: '2026-10-11', kind: 'workday' })).status).toBe(302);
    expect((await org.post('/organizer/settings', { intent: 'addHoliday', date: '2026-10-01', kind: 'holiday' })).status).toBe(302);
    expect((await org.post('/organizer/settings', { intent: 'removeHoliday', date: '2026-10-11' })).status).toBe(302);
    // kept for the organizer's region, on top of the official calendar
    const holidays = await db.selectFrom('settings').select('value').where('key', '=', 'holidays:411100').executeTakeFirstOrThrow();
    expect(JSON.parse(holidays.value)).toEqual({ '2026-10-01': 'holiday' });
    expect(await db.selectFrom('settings').select('value').where('key', '=', 'holidays').executeTakeFirst()).toBeUndefined();
    expect(await (await org.get('/organizer/needs?filter=overdue')).text()).toContain('漯河包装久未响应的融资需求');

    // the matches page of the region's need works, another region's organizer gets 404
    expect((await org.get(`/organizer/needs/financing/${fx.needOld}/matches`)).status).toBe(200);
    const demoOrganizer = await client(DEMO.organizer);
    expect((await demoOrganizer.get(`/needs/financing/${fx.needOld}`)).status).toBe(404);
    expect((await demoOrganizer.get(`/organizer/needs/financing/${fx.needOld}/matches`)).status).toBe(404);
    expect(await (await demoOrganizer.get('/organizer/needs?filter=all')).text()).not.toContain('漯河包装久未响应的融资需求');
  });

  it('lets a bank withdraw a pending interest, after which the need waits again', async () => {
    const bankB = await client(fx.bankBUser.email);
    const interest = await interestOf(fx.bankB, fx.needOldHiring);
    expect((await bankB.post('/bank/interests', { intent: 'withdraw', interestId: interest!.id })).status).toBe(302);
    expect((await interestOf(fx.bankB, fx.needOldHiring))!.status).toBe('withdrawn');
    const bankA = await client(fx.bankAUser.email);
    expect((await bankA.post('/bank/interests', { intent: 'withdraw', interestId: interest!.id })).status).toBe(404);
    const org = await client(fx.organizer.email);
    expect(await (await org.get('/organizer/needs?filter=none')).text()).toContain('漯河包装已有响应的用工需求');
  });

  it('shows match pages for own records only', async () => {
    const ent = await client(fx.ent1User.email);
    const mine = await ent.get(`/enterprise/needs/financing/${fx.needA}/matches`);
    expect(mine.status).toBe(200);
    expect(await mine.text()).toContain('甲银行冷链贷');
    const ent2 = await client(fx.ent2User.email);
    expect((await ent2.get(`/enterprise/needs/financing/${fx.needA}/matches`)).status).toBe(404);
    const bankA = await client(fx.bankAUser.email);
    const pm = await bankA.get(`/bank/products/${fx.productA}/matches`);
    expect(pm.status).toBe(200);
    expect(await pm.text()).toContain('漯河食品原料采购融资');
    const bankB = await client(fx.bankBUser.email);
    expect((await bankB.get(`/bank/products/${fx.productA}/matches`)).status).toBe(404);
  });
});
