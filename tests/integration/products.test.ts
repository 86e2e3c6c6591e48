import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/modules/auth/password.server';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { insertOrg, insertUser } from '../support/temp-db';

const PASSWORD = 'Products-test-2026';
let server: TestServer;
let bankA: HttpClient;
let bankB: HttpClient;
let pendingBank: HttpClient;
let orgA: string;

type Form = Record<string, string | string[]>;

function productForm(overrides: Form = {}): Form {
  return {
    name: '测试经营贷',
    category: 'credit',
    amountMin: '10',
    amountMax: '300',
    termMin: '1',
    termMax: '12',
    rateType: 'lpr',
    rateMin: '0.35',
    rateMax: '1.20',
    guarantees: ['credit'],
    regions: ['410400'],
    minYears: '',
    minNewHires: '',
    materials: '营业执照',
    description: '',
    intent: 'draft',
    ...overrides,
  };
}

async function createProduct(client: HttpClient, overrides: Form = {}): Promise<string> {
  const res = await client.post('/bank/products/new', productForm(overrides));
  if (res.status !== 302) throw new Error(`create failed: ${res.status} ${(await res.text()).slice(0, 400)}`);
  const m = /^\/bank\/products\/(\w+)$/.exec(res.headers.get('location') ?? '');
  expect(m).not.toBeNull();
  return m![1];
}

/** The region checkboxes that are checked in a product form. */
function checkedRegions(html: string): string[] {
  return [...html.matchAll(/<input[^>]*name="regions"[^>]*>/g)]
    .map((m) => m[0])
    .filter((t) => /\schecked=""/.test(t))
    .map((t) => /value="(\d+)"/.exec(t)![1]);
}

async function product(id: string) {
  const { db } = await server.database();
  return db.selectFrom('loan_products').selectAll().where('id', '=', id).executeTakeFirst();
}

async function productCount() {
  const { db } = await server.database();
  const [{ n }] = await db
    .selectFrom('loan_products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .execute();
  return Number(n);
}

async function bankClient(
  status: 'verified' | 'pending',
  name: string,
  bankType: string,
  email: string,
  hash: string,
): Promise<{ client: HttpClient; org: string }> {
  const { db } = await server.database();
  const org = await insertOrg(db, { kind: 'bank', status, name, region: '410400' });
  await db.updateTable('organizations').set({ bank_type: bankType }).where('id', '=', org).execute();
  await db.insertInto('bank_regions').values({ organization_id: org, region_code: '410400' }).execute();
  await insertUser(db, { role: 'bank', email, organizationId: org, passwordHash: hash });
  const client = new HttpClient(server.url);
  await client.login(email, PASSWORD);
  return { client, org };
}

beforeAll(async () => {
  let hash: string;
  [server, hash] = await Promise.all([startServer(), hashPassword(PASSWORD)]);
  const a = await bankClient('verified', '甲城市商业银行', 'city', 'bank-a@test.finmatch.cn', hash);
  bankA = a.client;
  orgA = a.org;
  bankB = (await bankClient('verified', '乙国有银行', 'state', 'bank-b@test.finmatch.cn', hash)).client;
  pendingBank = (await bankClient('pending', '丙待审核银行', 'rural', 'bank-p@test.finmatch.cn', hash)).client;
});
afterAll(async () => {
  await server?.stop();
});

describe('bank products: life cycle', () => {
  it('creates a draft, edits it, publishes, edits while published, and retires it', async () => {
    const id = await createProduct(bankA, { name: '生命周期测试贷', amountMin: '10', amountMax: '300', rateMin: '0.35', rateMax: '1.2' });
    const p = await product(id);
    expect(p).toMatchObject({
      organization_id: orgA,
      status: 'draft',
      amount_min: 100_000,
      amount_max: 3_000_000,
      rate_type: 'lpr',
      rate_min_bp: 35,
      rate_max_bp: 120,
      version: 1,
    });
    expect(p!.search_text).toContain('生命周期测试贷');
    expect(p!.search_text).toContain('信用贷');
    expect(p!.search_text).toContain('甲城市商业银行');

    const list = await (await bankA.get('/bank/products')).text();
    expect(list).toContain('生命周期测试贷');
    expect(list).toContain('href="/bank/products"'); // nav: 金融产品
    expect(list).toContain('href="/products"'); // nav: 产品目录
    expect(await (await bankA.get('/bank/products?status=published')).text()).not.toContain('生命周期测试贷');

    const form = await (await bankA.get(`/bank/products/${id}`)).text();
    expect(form).toContain('value="生命周期测试贷"');
    expect(form).toMatch(/name="rateMin"[^>]*value="0.35"|value="0.35"[^>]*name="rateMin"/);
    expect(checkedRegions(form)).toEqual(['410400']);

    const edit = await bankA.post(`/bank/products/${id}`, productForm({ name: '生命周期测试贷二', version: '1', intent: 'save' }));
    expect(edit.status).toBe(302);
    expect(await product(id)).toMatchObject({ name: '生命周期测试贷二', status: 'draft', version: 2 });

    // drafts are not public
    expect((await new HttpClient(server.url).get(`/products/${id}`)).status).toBe(404);

    const publish = await bankA.post(`/bank/products/${id}`, { intent: 'publish', version: '2' });
    expect(publish.status).toBe(302);
    expect(await product(id)).toMatchObject({ status: 'published', version: 3 });
    expect((await product(id))!.published_at).toBeTruthy();

    const edit2 = await bankA.post(`/bank/products/${id}`, productForm({ name: '生命周期测试贷三', version: '3', intent: 'save' }));
    expect(edit2.status).toBe(302);
    expect(await product(id)).toMatchObject({ name: '生命周期测试贷三', status: 'published', version: 4 });

    const detail = await new HttpClient(server.url).get(`/products/${id}`);
    expect(detail.status).toBe(200);
    const html = await detail.text();
    expect(html).toContain('生命周期测试贷三');
    expect(html).toContain('LPR + 0.35% ~ LPR + 1.20%');
    expect(html).toContain('10–300万元');
    expect(html).toContain('平顶山市');

    const retire = await bankA.post(`/bank/products/${id}`, { intent: 'retire', version: '4' });
    expect(retire.status).toBe(302);
    expect(await product(id)).toMatchObject({ status: 'retired', version: 5 });
    expect((await new HttpClient(server.url).get(`/products/${id}`)).status).toBe(404);

    const editRetired = await bankA.post(`/bank/products/${id}`, productForm({ name: '复活', version: '5', intent: 'save' }));
    expect(editRetired.status).toBe(409);
    expect(await editRetired.text()).toContain('已下架的产品不能再编辑或重新发布');
    const republish = await bankA.post(`/bank/products/${id}`, { intent: 'publish', version: '5' });
    expect(republish.status).toBe(409);
    expect(await product(id)).toMatchObject({ name: '生命周期测试贷三', status: 'retired', version: 5 });
  });

  it('sets the employment link for 稳岗贷 and requires the minimum new hires', async () => {
    const missing = await bankA.post('/bank/products/new', productForm({ name: '稳岗测试贷', category: 'job_stable' }));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('须填写最低新增就业人数');
    const id = await createProduct(bankA, { name: '稳岗测试贷', category: 'job_stable', minNewHires: '5' });
    expect(await product(id)).toMatchObject({ employment_linked: 1, min_new_hires: 5 });
    const other = await createProduct(bankA, { name: '非稳岗测试贷', category: 'tax', minNewHires: '5' });
    expect(await product(other)).toMatchObject({ employment_linked: 0, min_new_hires: 0 });
  });

  it('refuses a stale edit with a clear message and changes nothing', async () => {
    const id = await createProduct(bankA, { name: '并发测试贷' });
    const first = await bankA.post(`/bank/products/${id}`, productForm({ name: '并发测试贷-甲', version: '1', intent: 'save' }));
    expect(first.status).toBe(302);
    const second = await bankA.post(
      `/bank/products/${id}`,
      productForm({ name: '并发测试贷-乙', amountMax: '999', version: '1', intent: 'save' }),
    );
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('该产品已被他人修改，您的修改未保存');
    expect(await product(id)).toMatchObject({ name: '并发测试贷-甲', amount_max: 3_000_000, version: 2 });
    const stalePublish = await bankA.post(`/bank/products/${id}`, { intent: 'publish', version: '1' });
    expect(stalePublish.status).toBe(409);
    expect(await product(id)).toMatchObject({ status: 'draft', version: 2 });
  });
});

describe('bank products: who may act', () => {
  it('hides another bank’s product (404) and its drafts, but shows the owner its draft', async () => {
    const id = await createProduct(bankA, { name: '他行不可见贷' });
    expect((await bankB.get(`/bank/products/${id}`)).status).toBe(404);
    const edit = await bankB.post(`/bank/products/${id}`, productForm({ name: '篡改', version: '1', intent: 'save' }));
    expect(edit.status).toBe(404);
    expect((await bankB.post(`/bank/products/${id}`, { intent: 'retire', version: '1' })).status).toBe(404);
    expect((await bankB.get(`/products/${id}`)).status).toBe(404);
    expect(await (await bankB.get('/bank/products')).text()).not.toContain('他行不可见贷');
    const own = await bankA.get(`/products/${id}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('该产品尚未发布');
    expect(await product(id)).toMatchObject({ name: '他行不可见贷', status: 'draft', version: 1 });
  });

  it('keeps enterprises (403) and anonymous visitors (login redirect) out of /bank/products', async () => {
    const ent = new HttpClient(server.url);
    await ent.login(DEMO.enterprise, DEMO.password);
    expect((await ent.get('/bank/products')).status).toBe(403);
    expect((await ent.get('/bank/products/new')).status).toBe(403);
    expect((await ent.post('/bank/products/new', productForm())).status).toBe(403);
    const anon = new HttpClient(server.url);
    const res = await anon.get('/bank/products');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
    expect((await anon.post('/bank/products/new', productForm())).status).toBe(302);
  });

  it('lets a pending bank save drafts but not publish', async () => {
    const page = await (await pendingBank.get('/bank/products/new')).text();
    expect(page).toContain('审核通过后才能发布');
    expect(page).not.toContain('保存并发布');
    // the bank's own regions are the default
    expect(checkedRegions(page)).toEqual(['410400']);
    expect(await (await bankA.get('/bank/products/new')).text()).toContain('保存并发布');
    const id = await createProduct(pendingBank, { name: '待审核草稿贷' });
    expect(await product(id)).toMatchObject({ status: 'draft' });
    const before = await productCount();
    const direct = await pendingBank.post('/bank/products/new', productForm({ name: '待审核直接发布', intent: 'publish' }));
    expect(direct.status).toBe(403);
    expect(await productCount()).toBe(before);
    const publish = await pendingBank.post(`/bank/products/${id}`, { intent: 'publish', version: '1' });
    expect(publish.status).toBe(403);
    expect(await product(id)).toMatchObject({ status: 'draft', version: 1 });
  });
});

describe('bank products: bad input', () => {
  const cases: [string, Form, string][] = [
    ['min > max amount', { amountMin: '500', amountMax: '300' }, '最高额度不能小于最低额度'],
    ['min > max term', { termMin: '24', termMax: '12' }, '最长期限不能小于最短期限'],
    ['term 0', { termMin: '0' }, '请输入 1 到 360 之间的数'],
    ['fixed rate 120 %', { rateType: 'fixed', rateMin: '3.45', rateMax: '120' }, '固定利率须在 0–100% 之间'],
    ['spread out of range', { rateMin: '-6' }, 'LPR 加点须在 −5.00% 至 +10.00% 之间'],
    ['unknown region', { regions: ['410400', '999999'] }, '行政区划代码不存在'],
    ['unknown industry', { industries: ['Z'] }, '请选择国民经济行业门类'],
    ['no guarantee', { guarantees: [] }, '请至少选择一种担保方式'],
    ['over-long name', { name: '贷'.repeat(61) }, '不能超过 60 个字符'],
  ];
  for (const [label, overrides, message] of cases) {
    it(`answers ${label} with a Chinese field error and stores nothing`, async () => {
      const before = await productCount();
      const res = await bankA.post('/bank/products/new', productForm({ name: `错误输入-${label}`, ...overrides }));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
      expect(await productCount()).toBe(before);
    });
  }

  it('stores nothing half-way when an edit is invalid', async () => {
    const id = await createProduct(bankA, { name: '编辑校验贷', regions: ['410400'] });
    const res = await bankA.post(
      `/bank/products/${id}`,
      productForm({ name: '编辑校验贷改', regions: ['999999'], version: '1', intent: 'save' }),
    );
    expect(res.status).toBe(400);
    expect(await product(id)).toMatchObject({ name: '编辑校验贷', version: 1 });
    const { db } = await server.database();
    expect(await db.selectFrom('product_regions').select('region_code').where('product_id', '=', id).execute()).toEqual([
      { region_code: '410400' },
    ]);
  });

  it('gives the errors in English to an English user', async () => {
    const en = new HttpClient(server.url);
    en.cookies = new Map(bankA.cookies);
    en.cookies.set('finmatch_lang', 'en');
    const res = await en.post('/bank/products/new', productForm({ amountMin: '500', amountMax: '300' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The maximum amount cannot be less than the minimum');
  });
});

describe('public product directory', () => {
  const ids: Record<string, string> = {};
  const anon = () => new HttpClient(server.url);
  const listed = async (query: string) => {
    const res = await anon().get(`/products${query}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    return (key: string) => html.includes(`data-product-id="${ids[key]}"`);
  };

  beforeAll(async () => {
    ids.textile = await createProduct(bankA, {
      name: '设备更新技改贷',
      category: 'tech',
      amountMin: '100',
      amountMax: '1000',
      termMin: '12',
      termMax: '36',
      guarantees: ['mortgage'],
      industries: ['C'],
      regions: ['410400'],
      description: '支持纺织企业设备更新改造',
      intent: 'publish',
    });
    ids.county = await createProduct(bankA, {
      name: '舞钢县域信用贷',
      category: 'credit',
      amountMin: '10',
      amountMax: '50',
      termMin: '1',
      termMax: '12',
      rateType: 'fixed',
      rateMin: '3.85',
      rateMax: '4.35',
      guarantees: ['credit'],
      regions: ['410481'],
      intent: 'publish',
    });
    ids.zhengzhou = await createProduct(bankB, {
      name: '郑州专属抵押贷',
      category: 'mortgage',
      amountMin: '500',
      amountMax: '5000',
      termMin: '12',
      termMax: '60',
      guarantees: ['mortgage'],
      regions: ['410100'],
      intent: 'publish',
    });
    ids.draft = await createProduct(bankA, { name: '纺织草稿贷', description: '纺织', regions: ['410400'] });
  });

  it('lists published products only, for anyone', async () => {
    const has = await listed('');
    expect(has('textile')).toBe(true);
    expect(has('county')).toBe(true);
    expect(has('draft')).toBe(false);
  });

  it('filters by amount (the need amount lies in the product range) and term', async () => {
    let has = await listed('?amount=200');
    expect([has('textile'), has('county'), has('zhengzhou')]).toEqual([true, false, false]);
    has = await listed('?amount=20');
    expect([has('textile'), has('county')]).toEqual([false, true]);
    has = await listed('?term=24');
    expect([has('textile'), has('county'), has('zhengzhou')]).toEqual([true, false, true]);
  });

  it('filters by guarantee, category, industry and bank type', async () => {
    let has = await listed('?guarantee=credit');
    expect([has('textile'), has('county')]).toEqual([false, true]);
    has = await listed('?category=tech');
    expect([has('textile'), has('county'), has('zhengzhou')]).toEqual([true, false, false]);
    has = await listed('?industry=I');
    expect([has('textile'), has('county')]).toEqual([false, true]);
    has = await listed('?bank_type=state');
    expect([has('textile'), has('zhengzhou')]).toEqual([false, true]);
  });

  it('filters by region: a city covers its counties, and a city shows its counties’ products', async () => {
    let has = await listed('?region=410481');
    expect([has('textile'), has('county'), has('zhengzhou')]).toEqual([true, true, false]);
    has = await listed('?region=410400');
    expect([has('textile'), has('county'), has('zhengzhou')]).toEqual([true, true, false]);
    has = await listed('?region=410100');
    expect([has('textile'), has('county'), has('zhengzhou')]).toEqual([false, false, true]);
  });

  it('searches Chinese text, including 2-character words', async () => {
    let has = await listed(`?q=${encodeURIComponent('纺织')}`);
    expect([has('textile'), has('county'), has('draft')]).toEqual([true, false, false]);
    has = await listed(`?q=${encodeURIComponent('县域信用')}`);
    expect([has('textile'), has('county')]).toEqual([false, true]);
    has = await listed(`?q=${encodeURIComponent('乙国有')}`);
    expect([has('zhengzhou'), has('county')]).toEqual([true, false]);
    has = await listed(`?q=${encodeURIComponent('纺织 设备更新')}`);
    expect(has('textile')).toBe(true);
    has = await listed(`?q=${encodeURIComponent('纺织 郑州')}`);
    expect(has('textile')).toBe(false);
    has = await listed(`?q=${encodeURIComponent('%')}`);
    expect(has('textile')).toBe(false);
  });

  it('sorts and paginates, and ignores bad query values without failing', async () => {
    for (const sort of ['newest', 'rate', 'amount']) expect((await anon().get(`/products?sort=${sort}`)).status).toBe(200);
    // bank A's two published products: 1,000万 at LPR + 0.35% (older) and 50万 at 3.85% fixed (newer); LPR is 3.00%
    const order = async (sort: string) => {
      const html = await (await anon().get(`/products?sort=${sort}&q=${encodeURIComponent('甲城市商业银行')}`)).text();
      const [t, c] = [html.indexOf(`data-product-id="${ids.textile}"`), html.indexOf(`data-product-id="${ids.county}"`)];
      expect(t).toBeGreaterThan(0);
      expect(c).toBeGreaterThan(0);
      return t < c ? 'textile first' : 'county first';
    };
    expect(await order('amount')).toBe('textile first');
    expect(await order('rate')).toBe('textile first');
    expect(await order('newest')).toBe('county first');
    const bad = await anon().get('/products?amount=abc&term=0&region=999999&guarantee=x&sort=zzz&page=-3&industry=%27');
    expect(bad.status).toBe(200);
    const html = await bad.text();
    expect(html).toContain('部分筛选条件无效');
    expect(html).toContain('行政区划代码不存在');
    expect((await anon().get('/products?page=9999')).status).toBe(200);
    expect((await anon().get(`/products?q=${encodeURIComponent('"\'<script>')}`)).status).toBe(200);
  });

  it('shows the public detail with region names and LPR rates', async () => {
    const res = await anon().get(`/products/${ids.textile}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('设备更新技改贷');
    expect(html).toContain('100–1,000万元');
    expect(html).toContain('LPR + 0.35% ~ LPR + 1.20%');
    expect(html).toContain('河南省 平顶山市');
    expect((await anon().get('/products/nonexistent0000')).status).toBe(404);
  });
});

describe('demo products', () => {
  it('seeds published products for every verified demo bank', async () => {
    const { db } = await server.database();
    const banks = await db
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'bank')
      .where('status', '=', 'verified')
      .where('id', 'like', 'demobank%')
      .execute();
    for (const b of banks) {
      const rows = await db
        .selectFrom('loan_products')
        .select('id')
        .where('organization_id', '=', b.id)
        .where('id', 'like', 'demoprod%')
        .where('status', '=', 'published')
        .execute();
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows.length).toBeLessThanOrEqual(4);
    }
  });
});
