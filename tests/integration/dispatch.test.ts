/**
 * 派单 over HTTP (issue 18, decision 036f), on SQLite and PostgreSQL: a need nobody
 * answered is dispatched by the sweep to the best-matching banks serving its
 * region; the bank sees it on its home and its list, answers it with an interest
 * (the ordinary interest form) or declines with a reason (a clear message without
 * one); another bank sees nothing of it; silence past the deadline reaches the
 * organizer's home; the dashboard shows pickup within N working days by district,
 * month and bank.
 * Fixtures live in 新乡市 (410700) so the demo data does not interfere.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { dispatchOverdueNeeds, escalateSilentDispatches } from '../../app/modules/dispatch/dispatch.server';
import { guaranteeMask } from '../../app/modules/catalog/codes';
import { DEMO } from '../support/http-client';
import { orgFixtures } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
// published a month ago: past any region's answer deadline
const PUBLISHED = new Date(Date.now() - 30 * 86_400_000).toISOString();
const {
  fid,
  last,
  org,
  user: insertUser,
  need: insertNeed,
  client,
} = orgFixtures({
  db: () => db,
  passwordHash: () => passwordHash,
  serverUrl: () => server.url,
  orgPrefix: (kind) => (kind === 'bank' ? 'dpbank' : 'dpent'),
  userPrefix: 'dpusr',
  needPrefix: 'dpneed',
  label: 'dispatch',
  theme: '派单测试',
});

const user = async (role: 'bank' | 'organizer', orgId: string | null, region: string | null = null) =>
  (await insertUser(role, orgId, { region_code: region })).email;

async function product(bank: string, region: string) {
  const id = fid('dpprod');
  await db
    .insertInto('loan_products')
    .values({
      id,
      organization_id: bank,
      name: `派单测试产品${last()}`,
      category: 'credit',
      amount_min: 1_000_000,
      amount_max: 10_000_000,
      term_min_months: 6,
      term_max_months: 36,
      rate_type: 'fixed',
      rate_min_bp: 345,
      rate_max_bp: 450,
      guarantee_mask: guaranteeMask(['credit']),
      industry_mask: 0,
      size_mask: 0,
      min_years: 0,
      employment_linked: 0,
      min_new_hires: 0,
      materials: null,
      description: null,
      status: 'published',
      search_text: '',
      published_at: PUBLISHED,
      retired_at: null,
      created_at: PUBLISHED,
      updated_at: PUBLISHED,
    })
    .execute();
  await db.insertInto('product_regions').values({ product_id: id, region_code: region }).execute();
}

const need = (ent: string, title: string) =>
  insertNeed(ent, title, '410702', {
    guarantee_mask: guaranteeMask(['mortgage']),
    published_at: PUBLISHED,
    created_at: PUBLISHED,
    updated_at: PUBLISHED,
  });

const fx = {} as {
  ent: string;
  bankA: string;
  bankB: string;
  bankOut: string;
  needOne: string;
  needTwo: string;
  organizer: string;
  otherOrganizer: string;
  bankAUser: string;
  bankBUser: string;
  bankOutUser: string;
};

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.ent = await org('enterprise', '新乡派单测试机械有限公司', '410702');
  fx.bankA = await org('bank', '派单测试新乡甲银行', '410700');
  fx.bankB = await org('bank', '派单测试新乡乙银行', '410702');
  fx.bankOut = await org('bank', '派单测试郑州银行', '410100');
  await product(fx.bankA, '410700');
  await product(fx.bankB, '410702');
  await product(fx.bankOut, '410100');
  fx.needOne = await need(fx.ent, '派单测试设备更新贷款');
  fx.needTwo = await need(fx.ent, '派单测试原料采购资金');
  fx.organizer = await user('organizer', null, '410700');
  fx.otherOrganizer = await user('organizer', null, '410100');
  fx.bankAUser = await user('bank', fx.bankA);
  fx.bankBUser = await user('bank', fx.bankB);
  fx.bankOutUser = await user('bank', fx.bankOut);
});
afterAll(async () => {
  await server?.stop();
});

describe('派单 over HTTP', () => {
  it('the sweep dispatches the unanswered needs to the banks serving the region; the bank sees them on its home and list', async () => {
    await dispatchOverdueNeeds(db);
    const mine = await db
      .selectFrom('need_dispatches')
      .select(['need_id', 'bank_org_id'])
      .where('enterprise_org_id', '=', fx.ent)
      .execute();
    expect(mine.length).toBe(4);
    expect(new Set(mine.map((d) => d.bank_org_id))).toEqual(new Set([fx.bankA, fx.bankB]));

    const a = await client(fx.bankAUser);
    const list = await a.get('/bank/dispatches');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('派单测试设备更新贷款');
    expect(html).toContain('新乡派单测试机械有限公司');
    const home = await (await a.get('/')).text();
    expect(home).toContain('待答复的派单需求');

    const out = await client(fx.bankOutUser);
    expect(await (await out.get('/bank/dispatches')).text()).not.toContain('派单测试设备更新贷款');
  });

  it('the bank answers by an interest or declines with a reason; a decline without one is a clear message', async () => {
    const a = await client(fx.bankAUser);
    const expressed = await a.post(`/needs/financing/${fx.needOne}`, { intent: 'express', message: '我行可提供信用贷款' });
    expect(expressed.status).toBe(302);
    const answered = await db
      .selectFrom('need_dispatches')
      .select(['answer'])
      .where('need_id', '=', fx.needOne)
      .where('bank_org_id', '=', fx.bankA)
      .executeTakeFirstOrThrow();
    expect(answered.answer).toBe('interest');

    const b = await client(fx.bankBUser);
    const mineB = await db
      .selectFrom('need_dispatches')
      .select(['id'])
      .where('need_id', '=', fx.needTwo)
      .where('bank_org_id', '=', fx.bankB)
      .executeTakeFirstOrThrow();
    const bad = await b.post('/bank/dispatches', { id: mineB.id, reason: 'other', note: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('选择“其他”时请填写说明');
    // another bank cannot answer it
    const foreign = await (await client(fx.bankAUser)).post('/bank/dispatches', { id: mineB.id, reason: 'no_product' });
    expect(foreign.status).toBe(404);
    const ok = await b.post('/bank/dispatches', { id: mineB.id, reason: 'no_need' });
    expect(ok.status).toBe(302);
    const all = await (await b.get('/bank/dispatches?filter=all')).text();
    expect(all).toContain('已联系，企业暂无需求');
  });

  it('silence past the deadline reaches the organizer of the region, not another one', async () => {
    // the clock moves past every deadline
    const later = new Date(Date.now() + 40 * 86_400_000);
    expect(await escalateSilentDispatches(db, later)).toBeGreaterThanOrEqual(1);
    const o = await client(fx.organizer);
    const home = await (await o.get('/')).text();
    expect(home).toContain('银行超时未答复的派单');
    const page = await (await o.get('/organizer/dispatches')).text();
    expect(page).toContain('派单测试新乡甲银行');
    expect(page).toContain('派单测试原料采购资金');
    const other = await client(fx.otherOrganizer);
    expect(await (await other.get('/organizer/dispatches?filter=all')).text()).not.toContain('派单测试原料采购资金');
  });

  it('the dashboard shows pickup within N working days by district, month and bank', async () => {
    const o = await client(fx.organizer);
    // on the dashboard's 工作成效 page (decision 044a)
    const res = await o.get('/dashboard?view=work');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-testid="dashboard-pickup"');
    expect(html).toContain('需求响应（3 个工作日内）');
    expect(html).toContain('派单测试新乡甲银行');
  });
});
