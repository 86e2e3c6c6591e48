/**
 * Sign-up of enterprises and banks, and the organization's own profile, over
 * HTTP against the real server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SIGNUPS_PER_IP } from '../../app/modules/organizations/signup.server';
import { DeviceClient } from '../support/client-from';
import { DEMO, HttpClient } from '../support/http-client';
import { bankForm, enterpriseForm, fieldErrors, TEST_PASSWORD, uniqueCreditCode, wrongCheckChar } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';
import { signupCodeSentTo, signupPoster } from '../support/signup';

const signupPost = signupPoster(async () => (await server.database()).db);

let server: TestServer;

beforeAll(async () => {
  // TRUST_PROXY lets a test act from its own client IP (X-Forwarded-For), as behind a reverse proxy.
  server = await startServer({ env: { TRUST_PROXY: 'loopback' } });
});
afterAll(async () => {
  await server?.stop();
});

async function db() {
  return (await server.database()).db;
}

async function counts() {
  const d = await db();
  const users = await d
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const orgs = await d
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const regions = await d
    .selectFrom('bank_regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { users: Number(users.n), orgs: Number(orgs.n), regions: Number(regions.n) };
}

let ipSerial = 0;
/** A client from an IP of its own, so that the per-IP sign-up limit never couples tests. */
function visitor(): HttpClient {
  ipSerial++;
  return new DeviceClient(server.url, `198.51.100.${ipSerial}`);
}

beforeEach(async () => {
  // the throttle test fills an IP's quota; start every test from a clean count
  await (await db()).deleteFrom('login_failures').where('throttle_key', 'like', 'signup-ip:%').execute();
});

describe('password strength (issue 13, point 4)', () => {
  it('refuses common passwords at sign-up with a Chinese reason, and stores nothing', async () => {
    const before = await counts();
    for (const [password, reason] of [
      ['password12', '这是常见密码'],
      ['qwerty1234', '这是常见密码'],
      ['Password1!', '与常见密码只差大小写'],
    ] as const) {
      const res = await signupPost(visitor(), '/signup/enterprise', enterpriseForm({ password, confirmPassword: password }));
      expect(res.status, password).toBe(400);
      expect(fieldErrors(await res.text()).password?.[0], password).toContain(reason);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('choosing the kind', () => {
  it('offers enterprise and bank sign-up, with a label for every input', async () => {
    const res = await visitor().get('/signup');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/signup/enterprise"');
    expect(html).toContain('href="/signup/bank"');
    for (const path of ['/signup/enterprise', '/signup/bank']) {
      const page = await (await visitor().get(path)).text();
      const ids = [...page.matchAll(/<(?:input|select|textarea)(?![^>]*type="(?:hidden|checkbox)")[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThan(10);
      for (const id of ids) expect(page, `label for ${id}`).toContain(`for="${id}"`);
      expect(page).toContain('机构信息');
      expect(page).toContain('联系人');
    }
  });

  it('sends a signed-in user home', async () => {
    const client = new HttpClient(server.url);
    await client.login(DEMO.enterprise, DEMO.password);
    const res = await client.get('/signup/enterprise');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
  });
});

describe('enterprise sign-up', () => {
  it('creates a pending enterprise and its user, signs the person in and shows the pending notice', async () => {
    const client = visitor();
    const form = enterpriseForm({ email: '  Zhang.Wei@Example.CN ', creditCode: uniqueCreditCode().toLowerCase(), phone: '139 1234 5678' });
    const res = await signupPost(client, '/signup/enterprise', form);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/org/documents');
    expect(client.cookies.get('finmatch_session')).toBeTruthy();

    const home = await (await client.get('/')).text();
    expect(home).toContain('企业工作台');
    expect(home).toContain('您的机构正在等待政府部门审核');

    const d = await db();
    const user = await d.selectFrom('users').selectAll().where('email', '=', 'zhang.wei@example.cn').executeTakeFirstOrThrow();
    expect(user.role).toBe('enterprise');
    expect(user.phone).toBe('13912345678');
    expect(user.phone_verified_at).not.toBeNull();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(user.password_hash).not.toContain(TEST_PASSWORD);
    const org = await d.selectFrom('organizations').selectAll().where('id', '=', user.organization_id!).executeTakeFirstOrThrow();
    expect(org).toMatchObject({
      kind: 'enterprise',
      status: 'pending',
      name: form.orgName,
      credit_code: String(form.creditCode).toUpperCase(),
      region_code: '410481',
      industry: 'C',
      size: 'small',
      founded_year: 2015,
      registered_capital: 5_000_000, // 500 万元
      annual_revenue: 12_005_000, // 1200.5 万元
      employees: 86,
      contact_phone: '0375-2345678',
      contact_email: null,
    });
  });

  it('answers a wrong credit code, a bad phone and mismatched passwords with Chinese field errors, keeps the input and stores nothing', async () => {
    const before = await counts();
    const form = enterpriseForm({ creditCode: wrongCheckChar(uniqueCreditCode()), phone: '1234567', confirmPassword: 'Another-pass-99' });
    const res = await signupPost(visitor(), '/signup/enterprise', form);
    expect(res.status).toBe(400);
    const html = await res.text();
    const errors = fieldErrors(html);
    expect(errors.creditCode).toEqual(['统一社会信用代码校验位不正确，请核对']);
    expect(errors.phone).toEqual(['请输入有效的 11 位手机号码']);
    expect(errors.confirmPassword).toEqual(['两次输入的密码不一致']);
    expect(errors.email).toBeUndefined();
    // what was typed stays, passwords are never sent back
    expect(html).toContain(`value="${form.orgName}"`);
    expect(html).toContain(`value="${form.email}"`);
    expect(html).not.toContain(TEST_PASSWORD);
    expect(html).not.toContain('Another-pass-99');
    expect(await counts()).toEqual(before);
  });

  it('shows the same errors in English with the language cookie', async () => {
    const client = visitor();
    client.cookies.set('finmatch_lang', 'en');
    const before = await counts();
    const res = await client.post(
      '/signup/enterprise',
      enterpriseForm({ creditCode: '91410400MA4000001', phone: '22', confirmPassword: 'x' }),
    );
    expect(res.status).toBe(400);
    const errors = fieldErrors(await res.text());
    expect(errors.creditCode).toEqual(['A unified social credit code has 18 characters']);
    expect(errors.phone).toEqual(['Enter a valid 11-digit mobile number']);
    expect(errors.confirmPassword).toEqual(['The passwords do not match']);
    expect(await counts()).toEqual(before);
  });

  it('checks the region against the administrative division list and the money format', async () => {
    const before = await counts();
    const res = await visitor().post(
      '/signup/enterprise',
      enterpriseForm({ regionCode: '419999', registeredCapital: '五百', industry: 'Z' }),
    );
    expect(res.status).toBe(400);
    const errors = fieldErrors(await res.text());
    expect(errors.regionCode).toEqual(['行政区划代码不存在']);
    expect(errors.registeredCapital).toEqual(['请输入有效金额，例如 500 或 3.177亿']);
    expect(errors.industry).toEqual(['请选择国民经济行业门类（A–T）']);
    expect(await counts()).toEqual(before);
  });

  it('makes a taken email and a taken credit code field errors, not server errors', async () => {
    const first = enterpriseForm();
    expect((await signupPost(visitor(), '/signup/enterprise', first)).status).toBe(302);
    const before = await counts();

    const again = await signupPost(
      visitor(),
      '/signup/enterprise',
      enterpriseForm({ email: String(first.email).toUpperCase(), creditCode: first.creditCode }),
    );
    expect(again.status).toBe(400);
    const errors = fieldErrors(await again.text());
    expect(errors.email).toEqual(['该邮箱已注册']);
    expect(errors.creditCode).toEqual(['该统一社会信用代码已注册']);

    // a bank may not reuse an enterprise's credit code either
    const bank = await signupPost(visitor(), '/signup/bank', bankForm({ creditCode: first.creditCode }));
    expect(bank.status).toBe(400);
    expect(fieldErrors(await bank.text()).creditCode).toEqual(['该统一社会信用代码已注册']);
    expect(await counts()).toEqual(before);
  });

  it('lets exactly one of two simultaneous sign-ups with the same email through, with nothing half-written', async () => {
    const before = await counts();
    const email = `race.${Date.now()}@test.finmatch.cn`;
    const [a, b] = await Promise.all([
      signupPost(visitor(), '/signup/enterprise', enterpriseForm({ email })),
      signupPost(visitor(), '/signup/enterprise', enterpriseForm({ email })),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([302, 400]);
    const loser = a.status === 400 ? a : b;
    expect(fieldErrors(await loser.text()).email).toEqual(['该邮箱已注册']);
    const after = await counts();
    expect(after.users).toBe(before.users + 1);
    expect(after.orgs).toBe(before.orgs + 1);
    expect(server.logs()).not.toMatch(/UNIQUE constraint failed|duplicate key/);
  });

  it('lets exactly one of two simultaneous sign-ups with the same credit code through', async () => {
    const before = await counts();
    const creditCode = uniqueCreditCode();
    const [a, b] = await Promise.all([
      signupPost(visitor(), '/signup/enterprise', enterpriseForm({ creditCode })),
      signupPost(visitor(), '/signup/bank', bankForm({ creditCode })),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 400]);
    const loser = a.status === 400 ? a : b;
    expect(fieldErrors(await loser.text()).creditCode).toEqual(['该统一社会信用代码已注册']);
    const after = await counts();
    expect(after.users).toBe(before.users + 1);
    expect(after.orgs).toBe(before.orgs + 1);
  });

  it(`throttles sign-ups from one IP after ${MAX_SIGNUPS_PER_IP} attempts an hour`, async () => {
    const client = visitor();
    for (let i = 0; i < MAX_SIGNUPS_PER_IP; i++) {
      // duplicates count as attempts too: they could otherwise probe for registered emails
      const res = await signupPost(client, '/signup/enterprise', enterpriseForm({ email: DEMO.enterprise }));
      expect(res.status).toBe(400);
    }
    const before = await counts();
    const res = await signupPost(client, '/signup/enterprise', enterpriseForm());
    expect(res.status).toBe(429);
    expect(await res.text()).toMatch(/该网络的注册次数过多，请 \d+ 分钟后再试/);
    expect(await counts()).toEqual(before);
    // another IP is not affected
    expect((await signupPost(visitor(), '/signup/enterprise', enterpriseForm())).status).toBe(302);
  });
});

describe('bank sign-up', () => {
  it('creates a pending bank with its regions served, without a credit code', async () => {
    const client = visitor();
    const form = bankForm();
    const res = await signupPost(client, '/signup/bank', form);
    expect(res.status).toBe(302);
    expect(await (await client.get('/')).text()).toContain('您的机构正在等待政府部门审核');
    const d = await db();
    const user = await d.selectFrom('users').selectAll().where('email', '=', String(form.email)).executeTakeFirstOrThrow();
    expect(user.role).toBe('bank');
    const org = await d.selectFrom('organizations').selectAll().where('id', '=', user.organization_id!).executeTakeFirstOrThrow();
    expect(org).toMatchObject({
      kind: 'bank',
      status: 'pending',
      credit_code: null,
      bank_type: 'city',
      branch_level: 'city',
      region_code: '410402',
      industry: null,
      registered_capital: null,
    });
    const regions = await d
      .selectFrom('bank_regions')
      .select('region_code')
      .where('organization_id', '=', org.id)
      .orderBy('region_code')
      .execute();
    expect(regions.map((r) => r.region_code)).toEqual(['410400', '410481']);
  });

  it('requires at least one region served, keeps the ticked boxes and checks a given credit code', async () => {
    const before = await counts();
    const none = await signupPost(visitor(), '/signup/bank', bankForm({ regionsServed: [], creditCode: 'ABC' }));
    expect(none.status).toBe(400);
    const errors = fieldErrors(await none.text());
    expect(errors.regionsServed).toEqual(['请至少选择一个服务区域']);
    expect(errors.creditCode).toEqual(['统一社会信用代码应为 18 位']);

    const one = await signupPost(visitor(), '/signup/bank', bankForm({ regionsServed: '410481', bankType: 'nope' }));
    expect(one.status).toBe(400);
    const html = await one.text();
    expect(fieldErrors(html).bankType).toEqual(['请从列表中选择']);
    const box = (code: string) => new RegExp(`<input type="checkbox" name="regionsServed"[^>]*value="${code}"`).exec(html)?.[0] ?? '';
    expect(box('410481')).toContain('checked');
    expect(box('410400')).not.toBe('');
    expect(box('410400')).not.toContain('checked');
    expect(await counts()).toEqual(before);
  });
});

describe('own organization profile', () => {
  it('shows the enterprise its profile with money in 万元, saves changes and keeps it pending', async () => {
    const client = visitor();
    const form = enterpriseForm();
    expect((await signupPost(client, '/signup/enterprise', form)).status).toBe(302);
    const page = await (await client.get('/org/profile')).text();
    expect(page).toContain(`value="${form.orgName}"`);
    expect(page).toMatch(/name="registeredCapital"[^>]*value="500"|value="500"[^>]*name="registeredCapital"/);
    expect(page).toContain('经营情况');

    const res = await client.post('/org/profile', {
      ...form,
      orgName: '平顶山新名称科技有限公司',
      annualRevenue: '3.177亿',
      employees: '120',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/org/profile');
    expect(await (await client.get('/org/profile')).text()).toContain('已保存');
    const d = await db();
    const org = await d
      .selectFrom('organizations')
      .selectAll()
      .where('credit_code', '=', String(form.creditCode))
      .executeTakeFirstOrThrow();
    expect(org).toMatchObject({ name: '平顶山新名称科技有限公司', annual_revenue: 317_700_000, employees: 120, status: 'pending' });

    const bad = await client.post('/org/profile', { ...form, creditCode: wrongCheckChar(String(form.creditCode)) });
    expect(bad.status).toBe(400);
    expect(fieldErrors(await bad.text()).creditCode).toEqual(['统一社会信用代码校验位不正确，请核对']);
  });

  it('lets a bank change its regions served', async () => {
    const client = visitor();
    const form = bankForm();
    expect((await signupPost(client, '/signup/bank', form)).status).toBe(302);
    const res = await client.post('/org/profile', { ...form, regionsServed: ['410000'] });
    expect(res.status).toBe(302);
    const d = await db();
    const user = await d.selectFrom('users').select('organization_id').where('email', '=', String(form.email)).executeTakeFirstOrThrow();
    const regions = await d.selectFrom('bank_regions').select('region_code').where('organization_id', '=', user.organization_id!).execute();
    expect(regions.map((r) => r.region_code)).toEqual(['410000']);
  });

  it('lets a verified organization edit its profile, and a rejected edit changes nothing', async () => {
    const client = new HttpClient(server.url);
    await client.login(DEMO.enterprise, DEMO.password);
    const page = await (await client.get('/org/profile')).text();
    expect(page).toContain('机构名称、统一社会信用代码、所在地区或机构类型的变更需经所在地政府部门审核，审核通过前对外仍显示原信息');
    expect(page).toContain('name="orgName"');
    const d = await db();
    const before = await d
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .select(['o.name', 'o.status', 'o.updated_at'])
      .where('u.email', '=', DEMO.enterprise)
      .executeTakeFirstOrThrow();
    const res = await client.post('/org/profile', enterpriseForm({ orgName: '改名企业', contactPhone: '12345' }));
    expect(res.status).toBe(400);
    const after = await d
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .select(['o.name', 'o.status', 'o.updated_at'])
      .where('u.email', '=', DEMO.enterprise)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(after.status).toBe('verified');
  });

  it('is for enterprise and bank users only', async () => {
    const anon = await visitor().get('/org/profile');
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toMatch(/^\/login/);
    const organizer = new HttpClient(server.url);
    await organizer.login(DEMO.organizer, DEMO.password);
    expect((await organizer.get('/org/profile')).status).toBe(403);
    expect((await organizer.post('/org/profile', enterpriseForm())).status).toBe(403);
  });
});

describe('sign-up verifies the mobile number (issue 14)', () => {
  it('sends a code that the administrator can read on /admin/outbox (demo provider), and keeps the typed fields without JavaScript', async () => {
    const client = visitor();
    const form = enterpriseForm();
    const sent = await client.post('/signup/enterprise', { ...form, intent: 'sendCode' });
    expect(sent.status).toBe(200);
    const html = await sent.text();
    expect(html).toContain(`验证码已发送至 ${form.phone}`);
    expect(html).toContain(`value="${form.orgName}"`);
    expect(html).not.toContain(TEST_PASSWORD);
    const code = await signupCodeSentTo(await db(), String(form.phone));
    expect(code).toMatch(/^\d{6}$/);
    const admin = new HttpClient(server.url);
    await admin.login(DEMO.admin, DEMO.password);
    const outbox = await (await admin.get('/admin/outbox')).text();
    expect(outbox).toContain(`您的注册验证码为 ${code}`);
  });

  it('refuses a sign-up without the code or with a wrong one on the code field, and stores nothing', async () => {
    const before = await counts();
    const form = enterpriseForm();
    const none = await visitor().post('/signup/enterprise', form);
    expect(none.status).toBe(400);
    expect(fieldErrors(await none.text()).code).toEqual(['请输入发送到该手机号的 6 位短信验证码']);
    const client = visitor();
    expect((await client.post('/signup/enterprise', { intent: 'sendCode', phone: String(form.phone) })).status).toBe(200);
    const code = await signupCodeSentTo(await db(), String(form.phone));
    const wrong = await client.post('/signup/enterprise', { ...form, code: code === '123456' ? '654321' : '123456' });
    expect(wrong.status).toBe(400);
    expect(fieldErrors(await wrong.text()).code).toEqual(['验证码错误或已失效，请重新获取']);
    expect(await counts()).toEqual(before);
    // a code sent to another number does not verify this one
    const other = enterpriseForm();
    const res = await client.post('/signup/enterprise', { ...other, code: code ?? '' });
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('tells plainly that a number another account verified is in use, when sending the code and when signing up', async () => {
    const first = enterpriseForm();
    expect((await signupPost(visitor(), '/signup/enterprise', first)).status).toBe(302);
    const before = await counts();
    const again = enterpriseForm({ phone: first.phone });
    const sent = await visitor().post('/signup/bank', { ...bankForm({ phone: first.phone }), intent: 'sendCode' });
    expect(sent.status).toBe(409);
    expect(fieldErrors(await sent.text()).phone).toEqual(['该手机号已被其他账户验证使用']);
    const res = await visitor().post('/signup/enterprise', { ...again, code: '123456' });
    expect(res.status).toBe(400);
    expect(fieldErrors(await res.text()).phone).toEqual(['该手机号已被其他账户验证使用']);
    expect(await counts()).toEqual(before);
  });

  it('signs the new account in by SMS code with the number verified at sign-up', async () => {
    const form = enterpriseForm();
    expect((await signupPost(visitor(), '/signup/enterprise', form)).status).toBe(302);
    const client = visitor();
    const asked = await client.post('/login/phone', { intent: 'send', phone: String(form.phone) });
    expect(asked.status).toBe(200);
    const row = await (await db())
      .selectFrom('outbox_messages')
      .select('params')
      .where('recipient', '=', String(form.phone))
      .where('kind', '=', 'code.login')
      .executeTakeFirstOrThrow();
    const res = await client.post('/login/phone', { intent: 'code', phone: String(form.phone), code: JSON.parse(row.params ?? '{}').code });
    expect(res.status).toBe(302);
    expect(await (await client.get('/')).text()).toContain('企业工作台');
  });
});
