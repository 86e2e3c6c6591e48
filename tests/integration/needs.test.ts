/**
 * Financing and hiring needs over HTTP: the enterprise's life cycle (draft,
 * publish, edit with reason, stale versions, withdraw, close), tenant
 * isolation, validation in Chinese, and the needs directory for banks and
 * organizers with its filters.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { hashPassword } from '../../app/modules/auth/password.server';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

const PASSWORD = 'Needs-test-password-1';

let server: TestServer;
let db: Kysely<Database>;
let seq = 0;

function fixtureId(prefix: string): string {
  return `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;
}

async function createOrgUser(kind: 'enterprise' | 'bank', status: 'pending' | 'verified', region: string, name: string) {
  const orgId = fixtureId(kind === 'bank' ? 'ndtbank' : 'ndtent');
  const userId = fixtureId('ndtusr');
  const now = new Date().toISOString();
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
      region_code: region,
      industry: kind === 'enterprise' ? 'F' : null,
      size: kind === 'enterprise' ? 'micro' : null,
      founded_year: 2018,
      registered_capital: kind === 'enterprise' ? 1_230_000 : null,
      employees: kind === 'enterprise' ? 12 : null,
      annual_revenue: null,
      bank_type: kind === 'bank' ? 'city' : null,
      branch_level: null,
      contact_name: '测试联系人',
      contact_phone: '13912345678',
      contact_email: null,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const email = `${userId}@needs.finmatch.test`;
  await db
    .insertInto('users')
    .values({
      id: userId,
      email,
      name: `测试用户${seq}`,
      phone: '13800000007',
      password_hash: await hashPassword(PASSWORD),
      role: kind,
      organization_id: orgId,
      region_code: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { orgId, userId, email };
}

async function signedIn(email: string, password = PASSWORD): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, password);
  return c;
}

const VALID = {
  title: '凤鸣纺织设备技术改造',
  amount: '800',
  term_months: '36',
  purpose: 'tech_upgrade',
  guarantees: ['mortgage', 'guarantee'],
  max_rate: '4.5',
  wanted_by: '',
  description: '购置喷气织机 40 台',
  attachments: '可行性研究报告.pdf\n审计报告.pdf',
};

function idFrom(res: Response): string {
  const loc = res.headers.get('location') ?? '';
  const m = /\/enterprise\/needs\/(?:financing|hiring)\/([a-z0-9]+)$/.exec(loc);
  if (!m) throw new Error(`unexpected redirect: ${res.status} ${loc}`);
  return m[1];
}

async function financing(id: string) {
  return db.selectFrom('financing_needs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

let enterprise: HttpClient;
let other: { orgId: string; email: string };
let pendingEnt: { orgId: string; email: string };
let pendingBank: { email: string };

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  other = await createOrgUser('enterprise', 'verified', '410402', '平顶山市测试乙商贸有限公司');
  pendingEnt = await createOrgUser('enterprise', 'pending', '410402', '平顶山市测试丙科技有限公司');
  pendingBank = await createOrgUser('bank', 'pending', '410400', '测试村镇银行');
  enterprise = await signedIn(DEMO.enterprise, DEMO.password);
});
afterAll(async () => {
  await server?.stop();
});

describe('financing needs of an enterprise', () => {
  let needId: string;

  it('saves a draft with amount in 元, rate in basis points and attachment names', async () => {
    const res = await enterprise.post('/enterprise/needs/financing/new', { ...VALID, intent: 'draft' });
    expect(res.status).toBe(302);
    needId = idFrom(res);
    const row = await financing(needId);
    expect(row).toMatchObject({
      status: 'draft',
      amount: 8_000_000,
      term_months: 36,
      purpose: 'tech_upgrade',
      max_rate_bp: 450,
      version: 1,
      published_at: null,
      region_code: '410481',
    });
    expect(row.guarantee_mask).toBe((1 << 1) | (1 << 2));
    expect(JSON.parse(row.attachments)).toEqual(['可行性研究报告.pdf', '审计报告.pdf']);
    expect(row.search_text).toContain('凤鸣纺织');
    expect(row.search_text).toContain('舞钢市龙山纺织科技有限公司');
    const page = await enterprise.get(`/enterprise/needs/financing/${needId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('凤鸣纺织设备技术改造');
  });

  it('edits a draft without a reason and keeps no history for it', async () => {
    const res = await enterprise.post(`/enterprise/needs/financing/${needId}`, {
      ...VALID,
      description: '购置喷气织机 40 台及配套设备',
      intent: 'save',
      version: '1',
    });
    expect(res.status).toBe(302);
    expect((await financing(needId)).version).toBe(2);
    expect(await db.selectFrom('need_edits').select('id').where('need_id', '=', needId).execute()).toHaveLength(0);
  });

  it('publishes the draft', async () => {
    const res = await enterprise.post(`/enterprise/needs/financing/${needId}`, { intent: 'publish', version: '2' });
    expect(res.status).toBe(302);
    const row = await financing(needId);
    expect(row.status).toBe('published');
    expect(row.published_at).toBeTruthy();
    expect(row.version).toBe(3);
  });

  it('refuses to edit a published need without a reason', async () => {
    const res = await enterprise.post(`/enterprise/needs/financing/${needId}`, { ...VALID, amount: '900', intent: 'save', version: '3' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('已发布的需求修改时必须填写修改原因');
    const row = await financing(needId);
    expect(row.amount).toBe(8_000_000);
    expect(row.version).toBe(3);
  });

  it('stores an edit with its reason, user, time and before/after values, shown as history', async () => {
    const res = await enterprise.post(`/enterprise/needs/financing/${needId}`, {
      ...VALID,
      amount: '900',
      guarantees: ['mortgage'],
      intent: 'save',
      version: '3',
      reason: '设备报价上调',
    });
    expect(res.status).toBe(302);
    const row = await financing(needId);
    expect(row.amount).toBe(9_000_000);
    expect(row.version).toBe(4);
    const edits = await db
      .selectFrom('need_edits')
      .selectAll()
      .where('need_kind', '=', 'financing')
      .where('need_id', '=', needId)
      .execute();
    expect(edits).toHaveLength(1);
    expect(edits[0].reason).toBe('设备报价上调');
    const demoUser = await db.selectFrom('users').select('id').where('email', '=', DEMO.enterprise).executeTakeFirstOrThrow();
    expect(edits[0].user_id).toBe(demoUser.id);
    expect(edits[0].created_at).toBeTruthy();
    const changes = JSON.parse(edits[0].changes);
    expect(changes.amount).toEqual([8_000_000, 9_000_000]);
    expect(changes.guarantees).toEqual([['guarantee', 'mortgage'], ['mortgage']]);
    expect(changes.title).toBeUndefined();
    const html = await (await enterprise.get(`/enterprise/needs/financing/${needId}`)).text();
    expect(html).toContain('设备报价上调');
    expect(html).toContain('800万元');
    expect(html).toContain('900万元');
  });

  it('refuses a stale version with a clear message and changes nothing', async () => {
    const res = await enterprise.post(`/enterprise/needs/financing/${needId}`, {
      ...VALID,
      amount: '1000',
      intent: 'save',
      version: '3',
      reason: '再次调整',
    });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('已被修改，本次修改未保存');
    const row = await financing(needId);
    expect(row.amount).toBe(9_000_000);
    expect(row.version).toBe(4);
    expect(await db.selectFrom('need_edits').select('id').where('need_id', '=', needId).execute()).toHaveLength(1);
    const stale = await enterprise.post(`/enterprise/needs/financing/${needId}`, { intent: 'close', version: '3' });
    expect(stale.status).toBe(409);
    expect((await financing(needId)).status).toBe('published');
  });

  it('withdraws only with a reason; a withdrawn need is final', async () => {
    const noReason = await enterprise.post(`/enterprise/needs/financing/${needId}`, { intent: 'withdraw', version: '4', reason: '' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('撤回需求须填写原因');
    expect((await financing(needId)).status).toBe('published');
    const ok = await enterprise.post(`/enterprise/needs/financing/${needId}`, {
      intent: 'withdraw',
      version: '4',
      reason: '已通过其他渠道解决',
    });
    expect(ok.status).toBe(302);
    const row = await financing(needId);
    expect(row).toMatchObject({ status: 'withdrawn', status_reason: '已通过其他渠道解决' });
    expect(row.closed_at).toBeTruthy();
    const again = await enterprise.post(`/enterprise/needs/financing/${needId}`, { intent: 'publish', version: '5' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('不能再更改');
    const edit = await enterprise.post(`/enterprise/needs/financing/${needId}`, { ...VALID, intent: 'save', version: '5', reason: '试试' });
    expect(edit.status).toBe(400);
    expect((await financing(needId)).status).toBe('withdrawn');
  });

  it('closes a published need; closed is final', async () => {
    const created = await enterprise.post('/enterprise/needs/financing/new', { ...VALID, title: '凤鸣流动资金', intent: 'publish' });
    expect(created.status).toBe(302);
    const id = idFrom(created);
    expect((await financing(id)).status).toBe('published');
    const closed = await enterprise.post(`/enterprise/needs/financing/${id}`, { intent: 'close', version: '1' });
    expect(closed.status).toBe(302);
    expect((await financing(id)).status).toBe('closed');
    expect(await (await enterprise.get(`/enterprise/needs/financing/${id}`)).text()).toContain('该需求已关闭，不能再修改。');
    const withdraw = await enterprise.post(`/enterprise/needs/financing/${id}`, { intent: 'withdraw', version: '2', reason: '改变主意' });
    expect(withdraw.status).toBe(400);
    expect((await financing(id)).status).toBe('closed');
  });

  it('lists own needs with a status filter', async () => {
    const all = await (await enterprise.get('/enterprise/needs')).text();
    expect(all).toContain('凤鸣纺织设备技术改造');
    expect(all).toContain('凤鸣流动资金');
    const closed = await (await enterprise.get('/enterprise/needs?status=closed')).text();
    expect(closed).toContain('凤鸣流动资金');
    expect(closed).not.toContain('凤鸣纺织设备技术改造');
  });

  it('gives another enterprise a 404 for this need, for reading and writing', async () => {
    const stranger = await signedIn(other.email);
    expect((await stranger.get(`/enterprise/needs/financing/${needId}`)).status).toBe(404);
    expect((await stranger.post(`/enterprise/needs/financing/${needId}`, { intent: 'close', version: '5' })).status).toBe(404);
    expect((await stranger.get('/enterprise/needs')).status).toBe(200);
    expect(await (await stranger.get('/enterprise/needs')).text()).not.toContain('凤鸣纺织设备技术改造');
  });
});

describe('a pending enterprise', () => {
  it('saves a draft but cannot publish', async () => {
    const client = await signedIn(pendingEnt.email);
    const count = async () =>
      (await db.selectFrom('financing_needs').select('id').where('organization_id', '=', pendingEnt.orgId).execute()).length;
    const publish = await client.post('/enterprise/needs/financing/new', { ...VALID, title: '待审核企业的需求', intent: 'publish' });
    expect(publish.status).toBe(403);
    expect(await publish.text()).toContain('机构通过审核后才能发布需求');
    expect(await count()).toBe(0);
    const draft = await client.post('/enterprise/needs/financing/new', { ...VALID, title: '待审核企业的需求', intent: 'draft' });
    expect(draft.status).toBe(302);
    const id = idFrom(draft);
    expect(await count()).toBe(1);
    const later = await client.post(`/enterprise/needs/financing/${id}`, { intent: 'publish', version: '1' });
    expect(later.status).toBe(403);
    expect((await financing(id)).status).toBe('draft');
  });
});

describe('validation', () => {
  it('answers bad input with Chinese field errors and stores nothing', async () => {
    const before = (await db.selectFrom('financing_needs').select('id').execute()).length;
    const res = await enterprise.post('/enterprise/needs/financing/new', {
      title: '长'.repeat(101),
      amount: '很多',
      term_months: '0',
      purpose: 'bogus',
      guarantees: ['credit', 'nonsense'],
      max_rate: '150',
      wanted_by: '2001-01-01',
      description: '',
      attachments: '',
      intent: 'publish',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('不能超过 100 个字符');
    expect(html).toContain('请输入有效金额');
    expect(html).toContain('请输入 1 到 360 之间的数');
    expect(html).toContain('请从列表中选择');
    expect(html).toContain('利率须在 0–100% 之间');
    expect(html).toContain('日期不能早于今天');
    expect((await db.selectFrom('financing_needs').select('id').execute()).length).toBe(before);
  });

  it('requires a guarantee type and a positive amount', async () => {
    const res = await enterprise.post('/enterprise/needs/financing/new', { ...VALID, amount: '0', guarantees: [], intent: 'draft' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('融资金额必须大于 0');
    expect(html).toContain('请至少选择一种担保方式');
  });

  it('answers in English when the user chose English', async () => {
    const en = await signedIn(DEMO.enterprise, DEMO.password);
    en.cookies.set('finmatch_lang', 'en');
    const res = await en.post('/enterprise/needs/financing/new', { ...VALID, term_months: '0', intent: 'draft' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Enter a number from 1 to 360');
  });
});

describe('hiring needs', () => {
  let hiringId: string;
  const positionsForm = {
    'positions[0].title': '挡车工',
    'positions[0].headcount': '20',
    'positions[0].wage_min': '4500',
    'positions[0].wage_max': '6000',
    'positions[0].skills': '能倒班',
    'positions[1].title': '',
    'positions[1].headcount': '',
    'positions[1].wage_min': '',
    'positions[1].wage_max': '',
    'positions[1].skills': '',
    'positions[2].title': '机修工',
    'positions[2].headcount': '5',
    'positions[2].wage_min': '6000',
    'positions[2].wage_max': '8000',
    'positions[2].skills': '',
    'positions[3].title': '',
    'positions[3].headcount': '',
    'positions[3].wage_min': '',
    'positions[3].wage_max': '',
    'positions[3].skills': '',
    'positions[4].title': '',
    'positions[4].headcount': '',
    'positions[4].wage_min': '',
    'positions[4].wage_max': '',
    'positions[4].skills': '',
  };

  it('creates a hiring need from the fixed rows, ignoring empty rows, with the total headcount', async () => {
    const res = await enterprise.post('/enterprise/needs/hiring/new', {
      title: '凤鸣织造车间招工',
      description: '两班倒',
      wanted_by: '',
      training_support: 'on',
      intent: 'publish',
      ...positionsForm,
    });
    expect(res.status).toBe(302);
    hiringId = idFrom(res);
    const row = await db.selectFrom('hiring_needs').selectAll().where('id', '=', hiringId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'published', total_headcount: 25, training_support: 1 });
    const positions = await db
      .selectFrom('hiring_positions')
      .selectAll()
      .where('hiring_need_id', '=', hiringId)
      .orderBy('sort_order')
      .execute();
    expect(positions.map((p) => [p.title, p.headcount, p.wage_min, p.wage_max])).toEqual([
      ['挡车工', 20, 4500, 6000],
      ['机修工', 5, 6000, 8000],
    ]);
  });

  it('checks the wage range and asks for at least one position', async () => {
    const bad = await enterprise.post('/enterprise/needs/hiring/new', {
      title: '工资倒挂',
      intent: 'draft',
      ...positionsForm,
      'positions[0].wage_min': '7000',
      'positions[0].wage_max': '5000',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('月薪上限不能低于下限');
    const none = await enterprise.post('/enterprise/needs/hiring/new', { title: '没有岗位', intent: 'draft' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('请至少填写一个岗位');
    expect(await db.selectFrom('hiring_needs').select('id').where('title', 'in', ['工资倒挂', '没有岗位']).execute()).toHaveLength(0);
  });

  it('edits positions of a published need only with a reason, keeping the history', async () => {
    const noReason = await enterprise.post(`/enterprise/needs/hiring/${hiringId}`, {
      title: '凤鸣织造车间招工',
      intent: 'save',
      version: '1',
      training_support: 'on',
      description: '两班倒',
      ...positionsForm,
      'positions[0].headcount': '30',
    });
    expect(noReason.status).toBe(400);
    const ok = await enterprise.post(`/enterprise/needs/hiring/${hiringId}`, {
      title: '凤鸣织造车间招工',
      intent: 'save',
      version: '1',
      reason: '新增一个班组',
      training_support: 'on',
      description: '两班倒',
      ...positionsForm,
      'positions[0].headcount': '30',
    });
    expect(ok.status).toBe(302);
    const row = await db.selectFrom('hiring_needs').selectAll().where('id', '=', hiringId).executeTakeFirstOrThrow();
    expect(row.total_headcount).toBe(35);
    expect(row.version).toBe(2);
    const edit = await db
      .selectFrom('need_edits')
      .selectAll()
      .where('need_kind', '=', 'hiring')
      .where('need_id', '=', hiringId)
      .executeTakeFirstOrThrow();
    expect(edit.reason).toBe('新增一个班组');
    expect(Object.keys(JSON.parse(edit.changes))).toEqual(['positions']);
    const stale = await enterprise.post(`/enterprise/needs/hiring/${hiringId}`, {
      title: '凤鸣织造车间招工',
      intent: 'save',
      version: '1',
      reason: '旧页面',
      ...positionsForm,
    });
    expect(stale.status).toBe(409);
    const html = await (await enterprise.get(`/enterprise/needs/hiring/${hiringId}`)).text();
    expect(html).toContain('新增一个班组');
  });

  it('gives another enterprise a 404', async () => {
    const stranger = await signedIn(other.email);
    expect((await stranger.get(`/enterprise/needs/hiring/${hiringId}`)).status).toBe(404);
  });
});

describe('the needs directory', () => {
  let bank: HttpClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    bank = await signedIn(DEMO.bank, DEMO.password);
    const otherClient = await signedIn(other.email);
    const make = async (client: HttpClient, key: string, fields: Partial<typeof VALID>, intent: 'publish' | 'draft' = 'publish') => {
      const res = await client.post('/enterprise/needs/financing/new', { ...VALID, ...fields, intent });
      ids[key] = idFrom(res);
    };
    // demo enterprise: 舞钢市 (410481); the other one: 新华区 (410402)
    await make(enterprise, 'big', {
      title: '鹤翔大额设备贷款',
      amount: '2000',
      term_months: '60',
      guarantees: ['mortgage'],
      purpose: 'fixed_assets',
    });
    await make(enterprise, 'small', {
      title: '鹤翔小额周转',
      amount: '50',
      term_months: '6',
      guarantees: ['credit'],
      purpose: 'working_capital',
      description: '原料采购',
    });
    await make(otherClient, 'ip', {
      title: '鹤翔研发投入',
      amount: '500',
      term_months: '24',
      guarantees: ['ip_pledge'],
      purpose: 'rnd',
      description: '专利质押',
    });
    await make(enterprise, 'draft', { title: '鹤翔草稿需求' }, 'draft');
  });

  const titles = async (client: HttpClient, query: string) => {
    const res = await client.get(`/needs?q=${encodeURIComponent('鹤翔')}&${query}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    return ['鹤翔大额设备贷款', '鹤翔小额周转', '鹤翔研发投入', '鹤翔草稿需求'].filter((t) => html.includes(t));
  };

  it('shows a verified bank published needs only, with finances but no contact details', async () => {
    expect(await titles(bank, '')).toEqual(['鹤翔大额设备贷款', '鹤翔小额周转', '鹤翔研发投入']);
    const html = await (await bank.get(`/needs?q=${encodeURIComponent('鹤翔研发')}`)).text();
    expect(html).toContain('平顶山市测试乙商贸有限公司');
    expect(html).toContain('注册资本');
    expect(html).toContain('123万元');
    expect(html).not.toContain('13912345678');
    expect(html).toContain(`/needs/financing/${ids.ip}`);
  });

  it('filters by amount, term, guarantee, purpose, region (covering counties) and 2-character words', async () => {
    expect(await titles(bank, 'amount_min=100')).toEqual(['鹤翔大额设备贷款', '鹤翔研发投入']);
    expect(await titles(bank, 'amount_max=500')).toEqual(['鹤翔小额周转', '鹤翔研发投入']);
    expect(await titles(bank, 'term_min=12&term_max=36')).toEqual(['鹤翔研发投入']);
    expect(await titles(bank, 'guarantee=mortgage')).toEqual(['鹤翔大额设备贷款']);
    expect(await titles(bank, 'guarantee=ip_pledge')).toEqual(['鹤翔研发投入']);
    expect(await titles(bank, 'purpose=working_capital')).toEqual(['鹤翔小额周转']);
    expect(await titles(bank, 'region=410400')).toEqual(['鹤翔大额设备贷款', '鹤翔小额周转', '鹤翔研发投入']);
    expect(await titles(bank, 'region=410481')).toEqual(['鹤翔大额设备贷款', '鹤翔小额周转']);
    expect(await titles(bank, 'region=410402')).toEqual(['鹤翔研发投入']);
    expect(await titles(bank, 'region=410100')).toEqual([]);
    expect(await titles(bank, 'industry=F&size=micro')).toEqual(['鹤翔研发投入']);
    // several words must all occur
    const both = await (await bank.get(`/needs?q=${encodeURIComponent('鹤翔 原料')}`)).text();
    expect(both).toContain('鹤翔小额周转');
    expect(both).not.toContain('鹤翔大额设备贷款');
    // a 2-character word alone, and a word from the enterprise name
    const html = await (await bank.get(`/needs?q=${encodeURIComponent('专利')}`)).text();
    expect(html).toContain('鹤翔研发投入');
    expect(html).not.toContain('鹤翔小额周转');
    const byName = await (await bank.get(`/needs?q=${encodeURIComponent('测试乙商贸')}`)).text();
    expect(byName).toContain('鹤翔研发投入');
    expect(byName).not.toContain('鹤翔大额设备贷款');
  });

  it('sorts by amount and ignores malformed filters', async () => {
    const html = await (
      await bank.get(`/needs?q=${encodeURIComponent('鹤翔')}&sort=amount&amount_min=abc&term_max=-1&guarantee=x&page=zz`)
    ).text();
    const order = ['鹤翔大额设备贷款', '鹤翔研发投入', '鹤翔小额周转'].map((t) => html.indexOf(t));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('lists published hiring needs in the hiring tab', async () => {
    const html = await (await bank.get(`/needs?kind=hiring&q=${encodeURIComponent('凤鸣')}`)).text();
    expect(html).toContain('凤鸣织造车间招工');
    expect(html).toContain('挡车工');
  });

  it('shows an organizer the needs of its region only, without finances', async () => {
    const now = new Date().toISOString();
    const zz = await createOrgUser('enterprise', 'verified', '410102', '郑州测试企业');
    await db
      .insertInto('financing_needs')
      .values({
        id: fixtureId('ndtfin'),
        organization_id: zz.orgId,
        title: '鹤翔郑州需求',
        amount: 1_000_000,
        term_months: 12,
        purpose: 'other',
        guarantee_mask: 1,
        max_rate_bp: null,
        wanted_by: null,
        description: null,
        attachments: '[]',
        status: 'published',
        region_code: '410102',
        search_text: '鹤翔郑州需求 郑州测试企业',
        published_at: now,
        closed_at: null,
        status_reason: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const organizer = await signedIn(DEMO.organizer, DEMO.password);
    const html = await (await organizer.get(`/needs?q=${encodeURIComponent('鹤翔')}`)).text();
    expect(html).toContain('鹤翔大额设备贷款');
    expect(html).not.toContain('鹤翔郑州需求');
    expect(html).not.toContain('注册资本');
    expect(await (await bank.get(`/needs?q=${encodeURIComponent('鹤翔郑州')}`)).text()).toContain('鹤翔郑州需求');
  });

  it('is closed to enterprises, anonymous visitors and pending banks', async () => {
    expect((await enterprise.get('/needs')).status).toBe(403);
    const anon = await new HttpClient(server.url).get('/needs');
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toMatch(/^\/login/);
    const pending = await signedIn(pendingBank.email);
    const res = await pending.get('/needs');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('您的机构尚未通过审核');
  });

  it('shows the enterprise a summary of its needs on the home page', async () => {
    const html = await (await enterprise.get('/')).text();
    // the home is a to-do centre since decision 028a: the needs card with the sought amount
    expect(html).toContain('进行中的需求及响应');
    expect(html).toContain('寻求融资金额');
    expect(html).toContain('发布融资需求');
  });
});
