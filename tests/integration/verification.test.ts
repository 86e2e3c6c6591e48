/**
 * Organizers verify and reject organizations of their own region, over HTTP
 * against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceClient } from '../support/client-from';
import { DEMO, HttpClient } from '../support/http-client';
import { bankForm, enterpriseForm, fieldErrors, TEST_PASSWORD, uniqueEmail } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';
import { signupPoster } from '../support/signup';

const signupPost = signupPoster(async () => (await server.database()).db);

let server: TestServer;
let organizer: HttpClient;
let ipSerial = 0;

beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: 'loopback' } });
  organizer = new HttpClient(server.url);
  await organizer.login(DEMO.organizer, DEMO.password);
});
afterAll(async () => {
  await server?.stop();
});

async function db() {
  return (await server.database()).db;
}

/** Signs up an organization through the real form; returns its signed-in client and ids. */
async function signUp(kind: 'enterprise' | 'bank', overrides: Record<string, string | string[]> = {}) {
  const client = new DeviceClient(server.url, `203.0.113.${++ipSerial}`);
  const form = kind === 'enterprise' ? enterpriseForm(overrides) : bankForm(overrides);
  const res = await signupPost(client, `/signup/${kind}`, form);
  if (res.status !== 302) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(fieldErrors(await res.text()))}`);
  const user = await (await db())
    .selectFrom('users')
    .select(['id', 'organization_id'])
    .where('email', '=', String(form.email))
    .executeTakeFirstOrThrow();
  return { client, form, userId: user.id, orgId: user.organization_id! };
}

async function orgRow(id: string) {
  return (await db()).selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function organizerId(email: string) {
  return (await (await db()).selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

describe('the verification list', () => {
  it('lists pending organizations of the region (a city covers its counties) and not those outside', async () => {
    const county = await signUp('enterprise', { regionCode: '410481', orgName: '舞钢市待审企业甲' });
    const bank = await signUp('bank', { regionCode: '410402', orgName: '新华区待审银行乙' });
    const outside = await signUp('enterprise', { regionCode: '410102', orgName: '郑州市待审企业丙' });
    const html = await (await organizer.get('/organizer/verifications')).text();
    expect(html).toContain(`/organizer/verifications/${county.orgId}`);
    expect(html).toContain(`/organizer/verifications/${bank.orgId}`);
    expect(html).not.toContain(outside.orgId);
    expect(html).not.toContain('郑州市待审企业丙');

    const banksOnly = await (await organizer.get('/organizer/verifications?kind=bank')).text();
    expect(banksOnly).toContain(bank.orgId);
    expect(banksOnly).not.toContain(county.orgId);

    // verified ones are not in the default (pending) list
    const verified = await (await organizer.get('/organizer/verifications?status=verified')).text();
    expect(verified).not.toContain(county.orgId);
  });

  it('pages through many organizations', async () => {
    const d = await db();
    const now = new Date().toISOString();
    const rows = Array.from({ length: 25 }, (_, i) => ({
      id: `pagetest${String(i).padStart(8, '0')}`,
      kind: 'enterprise' as const,
      name: `分页测试企业${i}`,
      status: 'pending' as const,
      status_reason: null,
      status_changed_by: null,
      status_changed_at: null,
      credit_code: null,
      region_code: '410403',
      industry: 'C',
      size: 'micro',
      founded_year: 2020,
      registered_capital: 1_000_000,
      employees: 5,
      annual_revenue: 2_000_000,
      bank_type: null,
      branch_level: null,
      contact_name: '王',
      contact_phone: '13900000000',
      contact_email: null,
      description: null,
      created_at: now,
      updated_at: now,
    }));
    await d.insertInto('organizations').values(rows).execute();
    const total = Number(
      (
        await d
          .selectFrom('organizations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'pending')
          .where('kind', '=', 'enterprise')
          .where('region_code', 'like', '4104%')
          .executeTakeFirstOrThrow()
      ).n,
    );
    const pages = Math.ceil(total / 20);
    const links = (html: string) => [...html.matchAll(/href="\/organizer\/verifications\/(\w+)"/g)].map((m) => m[1]);

    const first = await (await organizer.get('/organizer/verifications?kind=enterprise')).text();
    expect(links(first)).toHaveLength(20);
    expect(first).toContain(`第 1 / ${pages} 页，共 ${total} 条`);
    expect(first).toContain('rel="next"');
    const last = await (await organizer.get(`/organizer/verifications?kind=enterprise&page=${pages}`)).text();
    expect(links(last)).toHaveLength(total - 20 * (pages - 1));
    // no row twice across pages
    const seen = new Set<string>();
    for (let p = 1; p <= pages; p++) {
      for (const id of links(await (await organizer.get(`/organizer/verifications?kind=enterprise&page=${p}`)).text())) {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
    }
    expect(seen.size).toBe(total);
  });
});

describe('deciding', () => {
  it('shows the details with finances in 万元 and the regions a bank serves', async () => {
    const ent = await signUp('enterprise', { registeredCapital: '1,200', annualRevenue: '3.177亿' });
    const html = await (await organizer.get(`/organizer/verifications/${ent.orgId}`)).text();
    expect(html).toContain(String(ent.form.creditCode));
    expect(html).toContain('1,200万元');
    expect(html).toContain('31,770万元');
    expect(html).toContain(String(ent.form.contactPhone));
    expect(html).toContain(String(ent.form.email));

    const bank = await signUp('bank', { regionsServed: ['410481', '410402'] });
    const bankHtml = await (await organizer.get(`/organizer/verifications/${bank.orgId}`)).text();
    expect(bankHtml).toContain('舞钢市');
    expect(bankHtml).toContain('新华区');
  });

  it('rejects only with a reason, records who and when, and the enterprise sees the reason', async () => {
    const ent = await signUp('enterprise');
    const noReason = await organizer.post(`/organizer/verifications/${ent.orgId}`, { intent: 'reject', reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(fieldErrors(await noReason.text()).reason).toEqual(['此项必填']);
    expect((await orgRow(ent.orgId)).status).toBe('pending');

    const res = await organizer.post(`/organizer/verifications/${ent.orgId}`, { intent: 'reject', reason: '营业执照信息与填报不一致' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/organizer/verifications');
    expect(await (await organizer.get('/organizer/verifications')).text()).toContain(`已驳回：${ent.form.orgName}`);
    const org = await orgRow(ent.orgId);
    expect(org.status).toBe('rejected');
    expect(org.status_reason).toBe('营业执照信息与填报不一致');
    expect(org.status_changed_by).toBe(await organizerId(DEMO.organizer));
    expect(Date.now() - new Date(org.status_changed_at!).getTime()).toBeLessThan(60_000);

    const home = await (await ent.client.get('/')).text();
    expect(home).toContain('您的机构未通过审核，原因：营业执照信息与填报不一致');

    // editing the rejected profile resubmits it
    const edit = await ent.client.post('/org/profile', { ...ent.form, orgName: `${ent.form.orgName}（已更正）` });
    expect(edit.status).toBe(302);
    expect(await (await ent.client.get('/org/profile')).text()).toContain('已保存并重新提交审核');
    const resubmitted = await orgRow(ent.orgId);
    expect(resubmitted.status).toBe('pending');
    expect(resubmitted.status_changed_by).toBe(ent.userId);
    const detail = await (await organizer.get(`/organizer/verifications/${ent.orgId}`)).text();
    expect(detail).toContain('上次驳回原因');
  });

  it('verifies a pending organization once; a later identity change waits for a new check while it stays verified', async () => {
    const ent = await signUp('enterprise');
    const res = await organizer.post(`/organizer/verifications/${ent.orgId}`, { intent: 'verify' });
    expect(res.status).toBe(302);
    const org = await orgRow(ent.orgId);
    expect(org.status).toBe('verified');
    expect(org.status_reason).toBeNull();
    expect(org.status_changed_by).toBe(await organizerId(DEMO.organizer));
    expect(await (await ent.client.get('/')).text()).not.toContain('等待政府部门审核');

    const again = await organizer.post(`/organizer/verifications/${ent.orgId}`, { intent: 'verify' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('该机构当前状态不能执行此操作');

    // Everyday changes keep the organization verified …
    const contact = await ent.client.post('/org/profile', { ...ent.form, contactName: '新联系人', employees: '321' });
    expect(contact.status).toBe(302);
    const afterContact = await orgRow(ent.orgId);
    expect(afterContact.status).toBe('verified');
    expect(afterContact.contact_name).toBe('新联系人');
    expect(afterContact.employees).toBe(321);
    // … a new name waits in the queue: the organization stays verified under its verified name (issue 13, point 1).
    const renamed = await ent.client.post('/org/profile', {
      ...ent.form,
      contactName: '新联系人',
      employees: '321',
      orgName: `${ent.form.orgName}（更名）`,
    });
    expect(renamed.status).toBe(302);
    const held = await orgRow(ent.orgId);
    expect(held.status).toBe('verified');
    expect(held.name).toBe(ent.form.orgName);
    expect(await (await organizer.get(`/organizer/verifications/${ent.orgId}`)).text()).toContain('待审核的变更');
  });

  it('answers 404 for an organization outside the region, for pages and decisions alike', async () => {
    const outside = await signUp('bank', { regionCode: '410102', regionsServed: ['410100'] });
    expect((await organizer.get(`/organizer/verifications/${outside.orgId}`)).status).toBe(404);
    expect((await organizer.post(`/organizer/verifications/${outside.orgId}`, { intent: 'verify' })).status).toBe(404);
    expect((await organizer.post(`/organizer/verifications/${outside.orgId}`, { intent: 'reject', reason: '不在辖区' })).status).toBe(404);
    expect((await orgRow(outside.orgId)).status).toBe('pending');
    expect((await organizer.get('/organizer/verifications/doesnotexist0000')).status).toBe(404);
  });

  it('gives an organizer of another region, created by the administrator, its own organizations only', async () => {
    const admin = new HttpClient(server.url);
    await admin.login(DEMO.admin, DEMO.password);
    const email = uniqueEmail('zz-organizer');
    const created = await admin.post('/admin/organizers', {
      name: '郑州审核员',
      email,
      phone: '13700001111',
      password: TEST_PASSWORD,
      departmentName: '郑州市地方金融管理局',
      regionCode: '410100',
    });
    expect(created.status).toBe(302);
    const other = new HttpClient(server.url);
    await other.login(email, TEST_PASSWORD);

    const mine = await signUp('enterprise', { regionCode: '410481' });
    const theirs = await signUp('enterprise', { regionCode: '410105' });
    expect((await other.get(`/organizer/verifications/${mine.orgId}`)).status).toBe(404);
    expect((await other.post(`/organizer/verifications/${mine.orgId}`, { intent: 'reject', reason: '越权' })).status).toBe(404);
    expect((await orgRow(mine.orgId)).status).toBe('pending');
    const list = await (await other.get('/organizer/verifications')).text();
    expect(list).toContain(theirs.orgId);
    expect(list).not.toContain(mine.orgId);

    expect((await other.post(`/organizer/verifications/${theirs.orgId}`, { intent: 'verify' })).status).toBe(302);
    const org = await orgRow(theirs.orgId);
    expect(org.status).toBe('verified');
    expect(org.status_changed_by).toBe(await organizerId(email));
  });

  it('is for organizers only: enterprises and banks get 403, visitors go to the login page', async () => {
    const ent = await signUp('enterprise');
    for (const who of [DEMO.enterprise, DEMO.bank]) {
      const client = new HttpClient(server.url);
      await client.login(who, DEMO.password);
      expect((await client.get('/organizer/verifications')).status).toBe(403);
      expect((await client.get(`/organizer/verifications/${ent.orgId}`)).status).toBe(403);
      expect((await client.post(`/organizer/verifications/${ent.orgId}`, { intent: 'verify' })).status).toBe(403);
    }
    expect((await ent.client.post(`/organizer/verifications/${ent.orgId}`, { intent: 'verify' })).status).toBe(403);
    expect((await orgRow(ent.orgId)).status).toBe('pending');
    const anon = await new HttpClient(server.url).get('/organizer/verifications');
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toMatch(/^\/login/);
  });
});
