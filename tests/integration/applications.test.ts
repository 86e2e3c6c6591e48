/**
 * Applications from a match (一键申请) over HTTP: an enterprise applies for a
 * product with its need; the bank sees it with its working-day clock, asks for
 * material, accepts and approves; the approval is a letter of intent that the
 * enterprise confirms and the bank reports 授信 and 放款 on; the enterprise
 * follows 已提交 → 已受理 → 审批中 → 已授信 → 已放款. Tenants stay apart.
 * Fixtures live in 鹤壁市 (410600) so the demo data does not interfere.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO } from '../support/http-client';
import { orgFixtures } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';
import { responseRates } from '~/modules/reports/dashboard.server';
import { computeMonthlyRanking } from '~/modules/reports/ranking.server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
const DAY_MS = 86_400_000;
const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const fixtures = orgFixtures({
  db: () => db,
  passwordHash: () => passwordHash,
  serverUrl: () => server.url,
  orgPrefix: (kind) => (kind === 'bank' ? 'apbank' : 'apent'),
  userPrefix: 'apusr',
  needPrefix: 'apfin',
  label: 'apply',
  theme: '申请测试',
});
const { fid, client } = fixtures;
// organizations made three days ago, in 鹤壁 (banks serve no region: the product names its own)
const org = (kind: 'enterprise' | 'bank', name: string) =>
  fixtures.org(kind, name, kind === 'enterprise' ? '410602' : '410600', { serves: false, created_at: iso(3), updated_at: iso(3) });
const user = async (role: 'enterprise' | 'bank' | 'organizer', orgId: string | null, region: string | null = null) =>
  (await fixtures.user(role, orgId, { region_code: region, created_at: iso(5), updated_at: iso(5) })).email;
// 300万元, no rate ceiling, published two days ago
const need = (orgId: string, title: string) =>
  fixtures.need(orgId, title, '410602', {
    amount: 3_000_000,
    max_rate_bp: null,
    published_at: iso(2),
    created_at: iso(3),
    updated_at: iso(2),
  });
async function product(orgId: string, name: string) {
  const id = fid('apprd');
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
      published_at: iso(5),
      retired_at: null,
      created_at: iso(5),
      updated_at: iso(5),
    })
    .execute();
  await db.insertInto('product_regions').values({ product_id: id, region_code: '410600' }).execute();
  return id;
}
const application = (id: string) => db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const fx = {} as {
  ent: string;
  ent2: string;
  bank: string;
  bank2: string;
  need: string;
  need2: string;
  product: string;
  entEmail: string;
  ent2Email: string;
  bankEmail: string;
  bank2Email: string;
  orgEmail: string;
};

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.ent = await org('enterprise', '鹤壁申请测试电子有限公司');
  fx.ent2 = await org('enterprise', '鹤壁另一家测试公司');
  fx.bank = await org('bank', '申请测试鹤壁银行');
  fx.bank2 = await org('bank', '申请测试另一家银行');
  fx.entEmail = await user('enterprise', fx.ent);
  fx.ent2Email = await user('enterprise', fx.ent2);
  fx.bankEmail = await user('bank', fx.bank);
  fx.bank2Email = await user('bank', fx.bank2);
  fx.orgEmail = await user('organizer', null, '410600');
  fx.need = await need(fx.ent, '鹤壁电子生产线升级融资');
  fx.need2 = await need(fx.ent2, '鹤壁另一家的融资需求');
  fx.product = await product(fx.bank, '鹤壁科创信用贷');
});
afterAll(async () => {
  await server?.stop();
});

describe('apply from a match', () => {
  let appId = '';

  it('the product page and the matches page offer 一键申请 with the enterprise’s own needs', async () => {
    const ent = await client(fx.entEmail);
    const page = await (await ent.get(`/products/${fx.product}`)).text();
    expect(page).toContain('一键申请');
    expect(page).toContain('鹤壁电子生产线升级融资');
    expect(page).not.toContain('鹤壁另一家的融资需求');
    const matches = await (await ent.get(`/enterprise/needs/financing/${fx.need}/matches`)).text();
    expect(matches).toContain(`name="productId" value="${fx.product}"`);
    // a bank sees no apply form
    expect(await (await (await client(fx.bankEmail)).get(`/products/${fx.product}`)).text()).not.toContain('一键申请');
  });

  it('the matches page helps decide: eligible first with terms and reasons, no internal points, excluded ones under their own heading with the failed rule', async () => {
    const small = await product(fx.bank2, '鹤壁小额信用贷（测试不符合）');
    await db.updateTable('loan_products').set({ amount_min: 100_000, amount_max: 1_000_000 }).where('id', '=', small).execute();
    const ent = await client(fx.entEmail);
    const html = await (await ent.get(`/enterprise/needs/financing/${fx.need}/matches`)).text();
    // no internal point scores such as "(19/20 分)"
    expect(html).not.toMatch(/\d+\/\d+ ?分[)）]/);
    expect(html).not.toMatch(/分[)）]/);
    const eligibleAt = html.indexOf('符合条件的产品（');
    const excludedAt = html.indexOf('不符合条件的产品（');
    expect(eligibleAt).toBeGreaterThan(0);
    expect(excludedAt).toBeGreaterThan(eligibleAt);
    // the eligible product comes before the heading, with rate, amount range, term and an apply form
    const productAt = html.indexOf(`value="${fx.product}"`);
    expect(productAt).toBeGreaterThan(eligibleAt);
    expect(productAt).toBeLessThan(excludedAt);
    const card = html.slice(html.lastIndexOf('data-testid="product-match"', productAt), productAt);
    expect(card).toContain('3.50%–5.00%');
    expect(card).toContain('50–1,000万元');
    expect(card).toContain('6–36 个月');
    expect(card).toContain('主要匹配理由');
    expect(card).toMatch(/<details[^>]*>\s*<summary[^>]*>查看全部 \d+ 项条件/);
    // the excluded product sits under its own (collapsed) heading with the rule it fails, and offers no apply form
    const smallAt = html.indexOf('鹤壁小额信用贷（测试不符合）');
    expect(smallAt).toBeGreaterThan(excludedAt);
    const smallCard = html.slice(smallAt, html.indexOf('</li>', html.indexOf('查看全部', smallAt)));
    expect(smallCard).toContain('未满足的条件');
    expect(smallCard).toContain('高于产品最高额度 100万元');
    expect(html).not.toContain(`name="productId" value="${small}"`);
    await db.deleteFrom('product_regions').where('product_id', '=', small).execute();
    await db.deleteFrom('loan_products').where('id', '=', small).execute();
  });

  it('applies once; another enterprise cannot apply with this need', async () => {
    const ent = await client(fx.entEmail);
    const res = await ent.post('/enterprise/applications', {
      intent: 'apply',
      productId: fx.product,
      needId: fx.need,
      message: '希望尽快对接',
    });
    expect(res.status).toBe(302);
    const row = await db.selectFrom('applications').selectAll().where('need_id', '=', fx.need).executeTakeFirstOrThrow();
    appId = row.id;
    expect(row).toMatchObject({ status: 'submitted', bank_org_id: fx.bank, enterprise_org_id: fx.ent, region_code: '410602' });
    const dup = await ent.post('/enterprise/applications', { intent: 'apply', productId: fx.product, needId: fx.need });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('请勿重复提交');
    const other = await (await client(fx.ent2Email)).post('/enterprise/applications', {
      intent: 'apply',
      productId: fx.product,
      needId: fx.need,
    });
    expect(other.status).toBe(400);
    const list = await (await ent.get('/enterprise/applications')).text();
    expect(list).toMatch(/aria-current="step"[^>]*><span[^>]*>已提交/);
  });

  it('the bank sees it with the response clock; another bank cannot touch it', async () => {
    const bank = await client(fx.bankEmail);
    const html = await (await bank.get('/bank/applications')).text();
    expect(html).toContain('鹤壁申请测试电子有限公司');
    expect(html).toContain('希望尽快对接');
    expect(html).toMatch(/请于 \d{4}-\d{2}-\d{2} 前答复/);
    const home = await (await bank.get('/')).text();
    expect(home).toContain('data-testid="todo-applicationsToHandle"');
    expect(home).toContain('href="/bank/applications"');
    const bank2 = await client(fx.bank2Email);
    expect(await (await bank2.get('/bank/applications')).text()).not.toContain('鹤壁申请测试电子有限公司');
    expect((await bank2.post('/bank/applications', { intent: 'accept', applicationId: appId, version: '1' })).status).toBe(404);
    expect((await application(appId)).status).toBe('submitted');
  });

  it('asks for material with a reason, accepts, approves into a letter of intent; the enterprise follows each stage to 已放款', async () => {
    const bank = await client(fx.bankEmail);
    const ent = await client(fx.entEmail);
    const noReason = await bank.post('/bank/applications', { intent: 'more_info', applicationId: appId, version: '1', reason: '' });
    expect(noReason.status).toBe(400);
    expect(
      (await bank.post('/bank/applications', { intent: 'more_info', applicationId: appId, version: '1', reason: '请补充近两年财务报表' }))
        .status,
    ).toBe(302);
    const a1 = await application(appId);
    expect(a1).toMatchObject({ status: 'more_info', status_reason: '请补充近两年财务报表' });
    expect(a1.responded_at).not.toBeNull();
    expect(await (await ent.get('/enterprise/applications')).text()).toContain('银行请您补充材料：请补充近两年财务报表');
    // a stale version is refused
    expect((await bank.post('/bank/applications', { intent: 'accept', applicationId: appId, version: '1' })).status).toBe(409);
    expect((await bank.post('/bank/applications', { intent: 'accept', applicationId: appId, version: '2' })).status).toBe(302);
    expect(await (await ent.get('/enterprise/applications')).text()).toMatch(/aria-current="step"[^>]*><span[^>]*>已受理/);
    expect((await bank.post('/bank/applications', { intent: 'approve', applicationId: appId, version: '3', amount: '280' })).status).toBe(
      302,
    );
    const a2 = await application(appId);
    expect(a2.status).toBe('approved');
    const agreement = await db.selectFrom('agreements').selectAll().where('id', '=', a2.agreement_id!).executeTakeFirstOrThrow();
    expect(agreement).toMatchObject({
      status: 'proposed',
      amount: 2_800_000,
      bank_org_id: fx.bank,
      enterprise_org_id: fx.ent,
      need_id: fx.need,
      product_id: fx.product,
      term_months: 12,
    });
    let list = await (await ent.get('/enterprise/applications')).text();
    expect(list).toMatch(/aria-current="step"[^>]*><span[^>]*>审批中/);
    expect(list).toContain(`href="/agreements/${agreement.id}"`);
    // the enterprise home shows it too, linked to the letter to confirm
    expect(await (await ent.get('/')).text()).toContain(`href="/agreements/${agreement.id}"`);

    expect((await ent.post(`/agreements/${agreement.id}`, { intent: 'confirm', version: String(agreement.version) })).status).toBe(302);
    const signed = await db.selectFrom('agreements').select('version').where('id', '=', agreement.id).executeTakeFirstOrThrow();
    expect(
      (
        await bank.post(`/agreements/${agreement.id}`, {
          intent: 'approve',
          version: String(signed.version),
          approvedAmount: '250',
          approvedOn: today(),
        })
      ).status,
    ).toBe(302);
    list = await (await ent.get('/enterprise/applications')).text();
    expect(list).toMatch(/aria-current="step"[^>]*><span[^>]*>已授信/);
    const approved = await db.selectFrom('agreements').select('version').where('id', '=', agreement.id).executeTakeFirstOrThrow();
    expect(
      (
        await bank.post(`/agreements/${agreement.id}`, {
          intent: 'disburse',
          version: String(approved.version),
          trancheAmount: '250',
          disbursedOn: today(),
        })
      ).status,
    ).toBe(302);
    list = await (await ent.get('/enterprise/applications')).text();
    expect(list).toMatch(/aria-current="step"[^>]*><span[^>]*>已放款/);
    // no more bank steps once approved
    expect((await bank.post('/bank/applications', { intent: 'decline', applicationId: appId, version: '4', reason: '晚了' })).status).toBe(
      409,
    );
  });

  it('an unanswered application past its deadline is overdue for the bank and the organizer', async () => {
    const ent2Need = fx.need2;
    const id = fid('apold');
    await db
      .insertInto('applications')
      .values({
        id,
        enterprise_org_id: fx.ent2,
        bank_org_id: fx.bank,
        product_id: fx.product,
        need_id: ent2Need,
        user_id: (await db.selectFrom('users').select('id').where('email', '=', fx.ent2Email).executeTakeFirstOrThrow()).id,
        region_code: '410602',
        message: '',
        status: 'submitted',
        status_reason: null,
        agreement_id: null,
        responded_at: null,
        responded_by: null,
        created_at: iso(20),
        updated_at: iso(20),
      })
      .execute();
    const bankHtml = await (await (await client(fx.bankEmail)).get('/bank/applications')).text();
    expect(bankHtml).toMatch(/已超期（应于 \d{4}-\d{2}-\d{2} 前答复）/);
    expect(bankHtml).toContain('已答复 1 件，其中按时 1 件；已超期未答复 1 件');
    const home = await (await (await client(fx.orgEmail)).get('/')).text();
    const card = home.slice(
      home.indexOf('data-testid="todo-overdueApplications"'),
      home.indexOf('</section>', home.indexOf('data-testid="todo-overdueApplications"')),
    );
    expect(card).toContain('申请测试鹤壁银行 · 鹤壁另一家测试公司');
    expect(card).toContain(`href="/needs/financing/${ent2Need}"`);
  });

  it('counts in the bank’s response rate and in the ranking’s response timeliness, on the same working-day clock', async () => {
    const bank3 = await org('bank', '申请计数测试银行');
    const ent3 = await org('enterprise', '鹤壁计数测试企业');
    await user('enterprise', ent3);
    const entUser = await db.selectFrom('users').select('id').where('organization_id', '=', ent3).executeTakeFirstOrThrow();
    const need3 = await need(ent3, '鹤壁计数测试需求');
    const product3 = await product(bank3, '计数测试信用贷');
    // 2026-11-02 is a Monday: 3 working days to answer, due 2026-11-05 (10:00 China time = 02:00Z)
    const at = (day: string) => `${day}T02:00:00.000Z`;
    const rows: [string, string | null, 'submitted' | 'accepted' | 'declined' | 'withdrawn'][] = [
      [at('2026-11-02'), at('2026-11-03'), 'accepted'], // answered in time
      [at('2026-11-02'), at('2026-11-16'), 'declined'], // answered late
      [at('2026-11-09'), null, 'submitted'], // never answered: overdue since 2026-11-12
      [at('2026-11-10'), null, 'withdrawn'], // withdrawn before any answer: not counted
    ];
    for (const [created, responded, status] of rows) {
      await db
        .insertInto('applications')
        .values({
          id: fid('apcnt'),
          enterprise_org_id: ent3,
          bank_org_id: bank3,
          product_id: product3,
          need_id: need3,
          user_id: entUser.id,
          region_code: '410622',
          message: '',
          status,
          status_reason: null,
          agreement_id: null,
          responded_at: responded,
          responded_by: null,
          created_at: created,
          updated_at: responded ?? (status === 'withdrawn' ? at('2026-11-11') : created),
        })
        .execute();
    }

    // the dashboard's response rate: 2 answered of 3 that asked for an answer
    const rates = await responseRates(db, { bankId: bank3, region: '410600', from: '2026-11', to: '2026-11' });
    expect(rates.byBank.get(bank3)).toEqual({ eligible: 3, answered: 2, rateBp: 6667 });
    const all = await responseRates(db, { region: '410622', from: '2026-11', to: '2026-11' });
    expect(all.byBank.get(bank3)?.eligible).toBe(3);

    // the monthly ranking: the bank answered 2 in November, 1 in time; the district had 3 due, 1 answered in time
    const ranking = await computeMonthlyRanking(db, { regionCode: '410600', month: '2026-11', today: '2026-12-06' });
    const bankRow = ranking.banks.find((b) => b.key === bank3);
    expect(bankRow && { timely: bankRow.timely, due: bankRow.due }).toEqual({ timely: 1, due: 2 });
    const district = ranking.districts.find((d) => d.key === '410622');
    expect(district && { timely: district.timely, due: district.due }).toEqual({ timely: 1, due: 3 });

    // the organizer's tracking lists the overdue one with its deadline
    const tracking = await (await (await client(fx.orgEmail)).get('/organizer/needs?filter=overdue')).text();
    const section = tracking.slice(
      tracking.indexOf('data-testid="overdue-applications"'),
      tracking.indexOf('</section>', tracking.indexOf('data-testid="overdue-applications"')),
    );
    expect(section).toContain('鹤壁计数测试需求');
    expect(section).toContain('2026-11-12');
    expect(section).toContain('申请计数测试银行 · 计数测试信用贷');
  });
});
