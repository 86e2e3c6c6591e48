/**
 * The administrator manages organizer accounts, over HTTP against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { fieldErrors, TEST_PASSWORD, uniqueEmail } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let admin: HttpClient;

beforeAll(async () => {
  server = await startServer();
  admin = new HttpClient(server.url);
  await admin.login(DEMO.admin, DEMO.password);
});
afterAll(async () => {
  await server?.stop();
});

async function db() {
  return (await server.database()).db;
}

function organizerForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: '赵敏',
    email: uniqueEmail('organizer'),
    phone: '13700002222',
    password: TEST_PASSWORD,
    departmentName: '平顶山市金融工作局',
    regionCode: '410400',
    ...overrides,
  };
}

async function createOrganizer(overrides: Record<string, string> = {}) {
  const form = organizerForm(overrides);
  const res = await admin.post('/admin/organizers', form);
  expect(res.status, JSON.stringify(fieldErrors(await res.clone().text()))).toBe(302);
  const user = await (await db()).selectFrom('users').selectAll().where('email', '=', form.email).executeTakeFirstOrThrow();
  return { form, user };
}

async function userCount() {
  return Number(
    (
      await (
        await db()
      )
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

describe('access', () => {
  it('is for the administrator only: others get 403, visitors go to the login page', async () => {
    const before = await userCount();
    for (const who of [DEMO.organizer, DEMO.enterprise, DEMO.bank]) {
      const client = new HttpClient(server.url);
      await client.login(who, DEMO.password);
      expect((await client.get('/admin/organizers')).status).toBe(403);
      expect((await client.post('/admin/organizers', organizerForm())).status).toBe(403);
      const demoOrganizer = await (await db())
        .selectFrom('users')
        .select('id')
        .where('email', '=', DEMO.organizer)
        .executeTakeFirstOrThrow();
      expect((await client.get(`/admin/organizers/${demoOrganizer.id}`)).status).toBe(403);
      expect((await client.post(`/admin/organizers/${demoOrganizer.id}`, { intent: 'deactivate' })).status).toBe(403);
    }
    const anon = await new HttpClient(server.url).get('/admin/organizers');
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toMatch(/^\/login/);
    expect(await userCount()).toBe(before);
    const demo = await (await db()).selectFrom('users').select('active').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow();
    expect(demo.active).toBe(1);
  });
});

describe('creating organizers', () => {
  it('creates an organizer in a government department that can log in and sees its region', async () => {
    const { form, user } = await createOrganizer();
    expect(user.role).toBe('organizer');
    expect(user.region_code).toBe('410400');
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const dept = await (await db())
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', user.organization_id!)
      .executeTakeFirstOrThrow();
    expect(dept).toMatchObject({ kind: 'government', status: 'verified', name: '平顶山市金融工作局', region_code: '410400' });

    const list = await (await admin.get('/admin/organizers')).text();
    expect(list).toContain(`已创建政府部门账户：${form.name}`);
    expect(list).toContain(form.email);
    expect(list).toContain('平顶山市金融工作局');
    expect(list).toContain(`/admin/organizers/${user.id}`);

    const client = new HttpClient(server.url);
    await client.login(form.email, form.password);
    const home = await (await client.get('/')).text();
    expect(home).toContain('政府部门工作台');
    expect(home).toContain('平顶山市');
    expect((await client.get('/organizer/verifications')).status).toBe(200);
  });

  it('reuses the department of the same name and region, and creates another for another region', async () => {
    const a = await createOrganizer({ departmentName: '舞钢市金融服务中心', regionCode: '410481' });
    const b = await createOrganizer({ departmentName: '舞钢市金融服务中心', regionCode: '410481' });
    const c = await createOrganizer({ departmentName: '舞钢市金融服务中心', regionCode: '410482' });
    expect(b.user.organization_id).toBe(a.user.organization_id);
    expect(c.user.organization_id).not.toBe(a.user.organization_id);
  });

  it('refuses a weak organizer password with the reason (issue 13, point 4)', async () => {
    const before = await userCount();
    const res = await admin.post('/admin/organizers', organizerForm({ password: 'Password1!' }));
    expect(res.status).toBe(400);
    expect(fieldErrors(await res.text()).password?.[0]).toContain('密码太容易被猜到');
    expect(await userCount()).toBe(before);
  });

  it('answers bad input with field errors and creates nothing', async () => {
    const before = await userCount();
    const res = await admin.post(
      '/admin/organizers',
      organizerForm({ email: DEMO.bank, password: 'short', regionCode: '999999', phone: '12' }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    const errors = fieldErrors(html);
    expect(errors.password).toEqual(['密码至少 10 位，且需同时包含字母和数字']);
    expect(errors.regionCode).toEqual(['行政区划代码不存在']);
    expect(errors.phone).toEqual(['请输入有效的 11 位手机号码']);
    expect(html).toContain('value="平顶山市金融工作局"');

    const dup = await admin.post('/admin/organizers', organizerForm({ email: DEMO.bank.toUpperCase() }));
    expect(dup.status).toBe(400);
    expect(fieldErrors(await dup.text()).email).toEqual(['该邮箱已注册']);

    admin.cookies.set('finmatch_lang', 'en');
    try {
      const en = await admin.post('/admin/organizers', organizerForm({ departmentName: '' }));
      expect(fieldErrors(await en.text()).departmentName).toEqual(['This field is required']);
    } finally {
      admin.cookies.delete('finmatch_lang');
    }
    expect(await userCount()).toBe(before);
  });
});

describe('editing organizers', () => {
  it('moves an organizer to another region and department', async () => {
    const { form, user } = await createOrganizer();
    const res = await admin.post(`/admin/organizers/${user.id}`, {
      intent: 'update',
      departmentName: '舞钢市财政局',
      regionCode: '410481',
    });
    expect(res.status).toBe(302);
    const after = await (await db())
      .selectFrom('users as u')
      .innerJoin('organizations as o', 'o.id', 'u.organization_id')
      .select(['u.region_code', 'o.name', 'o.kind', 'o.region_code as org_region'])
      .where('u.id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ region_code: '410481', name: '舞钢市财政局', kind: 'government', org_region: '410481' });
    const client = new HttpClient(server.url);
    await client.login(form.email, form.password);
    expect(await (await client.get('/')).text()).toContain('舞钢市');

    const bad = await admin.post(`/admin/organizers/${user.id}`, { intent: 'update', departmentName: '舞钢市财政局', regionCode: '12' });
    expect(bad.status).toBe(400);
    expect(fieldErrors(await bad.text()).regionCode).toEqual(['行政区划代码不存在']);
  });

  it('deactivation ends every session of the organizer and blocks log-in until reactivated', async () => {
    const { form, user } = await createOrganizer();
    const phone = new HttpClient(server.url);
    const laptop = new HttpClient(server.url);
    await phone.login(form.email, form.password);
    await laptop.login(form.email, form.password);
    expect((await phone.get('/organizer/verifications')).status).toBe(200);

    const res = await admin.post(`/admin/organizers/${user.id}`, { intent: 'deactivate' });
    expect(res.status).toBe(302);
    expect(await (await admin.get(`/admin/organizers/${user.id}`)).text()).toContain('账户已停用');
    const sessions = await (await db()).selectFrom('auth_sessions').select('id').where('user_id', '=', user.id).execute();
    expect(sessions).toHaveLength(0);
    for (const client of [phone, laptop]) {
      const page = await client.get('/organizer/verifications');
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toMatch(/^\/login/);
    }
    const login = await new HttpClient(server.url).post('/login', { email: form.email, password: form.password });
    expect(login.status).toBe(401);
    expect(await login.text()).toContain('该账户已停用');

    expect((await admin.post(`/admin/organizers/${user.id}`, { intent: 'activate' })).status).toBe(302);
    const again = new HttpClient(server.url);
    await again.login(form.email, form.password);
    expect((await again.get('/organizer/verifications')).status).toBe(200);
  });

  it('answers 404 for users that are not organizers', async () => {
    const ent = await (await db()).selectFrom('users').select('id').where('email', '=', DEMO.enterprise).executeTakeFirstOrThrow();
    expect((await admin.get(`/admin/organizers/${ent.id}`)).status).toBe(404);
    expect((await admin.post(`/admin/organizers/${ent.id}`, { intent: 'deactivate' })).status).toBe(404);
    expect(
      (await admin.post(`/admin/organizers/${ent.id}`, { intent: 'update', departmentName: '某局', regionCode: '410400' })).status,
    ).toBe(404);
    const row = await (await db())
      .selectFrom('users')
      .select(['active', 'role', 'region_code'])
      .where('id', '=', ent.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ active: 1, role: 'enterprise', region_code: null });
    expect((await admin.get('/admin/organizers/nosuchuser00000')).status).toBe(404);
  });
});
