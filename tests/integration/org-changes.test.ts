/**
 * Issue 13, point 1 "Renaming is impersonation", over HTTP against the real server
 * (SQLite, or PostgreSQL with TEST_PG_URL). A verified organization's change of
 * name, credit code, region or bank type is held for an organizer (decision 031c):
 * until approved every public place — the product directory and page, the needs
 * directory, agreements, the monthly ranking and the agreements workbook — shows the
 * verified name, and the organization stays verified; the organizer sees the old
 * and the new values side by side; approval applies the change everywhere; a
 * rejection keeps the old name and tells the organization why. A name equal to
 * another verified organization's is refused when proposed and again when approved.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DeviceClient } from '../support/client-from';
import { DEMO, HttpClient } from '../support/http-client';
import { enterpriseForm, fieldErrors } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';
import { signupPoster } from '../support/signup';

const signupPost = signupPoster(async () => (await server.database()).db);

let server: TestServer;
let db: Kysely<Database>;
let organizer: HttpClient;
let bank: HttpClient;
let enterprise: HttpClient;
let bankId = '';
let entId = '';
let ipSerial = 0;

const BANK_NAME = '中国银行平顶山分行';
const OTHER_VERIFIED_BANK = '中国工商银行平顶山分行';

beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: 'loopback' } });
  db = (await server.database()).db;
  organizer = new HttpClient(server.url);
  await organizer.login(DEMO.organizer, DEMO.password);
  bank = new HttpClient(server.url);
  await bank.login(DEMO.bank, DEMO.password);
  enterprise = new HttpClient(server.url);
  await enterprise.login(DEMO.enterprise, DEMO.password);
  const ids = await db
    .selectFrom('users')
    .select(['email', 'organization_id'])
    .where('email', 'in', [DEMO.bank, DEMO.enterprise])
    .execute();
  bankId = ids.find((u) => u.email === DEMO.bank)!.organization_id!;
  entId = ids.find((u) => u.email === DEMO.enterprise)!.organization_id!;
});
afterAll(async () => {
  await server?.stop();
});

async function org(id: string) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The bank's profile form as it stands, with `overrides`. */
async function bankProfile(overrides: Record<string, string | string[]> = {}) {
  const o = await org(bankId);
  const served = await db.selectFrom('bank_regions').select('region_code').where('organization_id', '=', bankId).execute();
  return {
    orgName: o.name,
    creditCode: o.credit_code ?? '',
    bankType: o.bank_type ?? '',
    branchLevel: o.branch_level ?? '',
    regionCode: o.region_code,
    regionsServed: served.map((r) => r.region_code),
    contactName: o.contact_name,
    contactPhone: o.contact_phone,
    contactEmail: o.contact_email ?? '',
    description: o.description ?? '',
    ...overrides,
  };
}

async function enterpriseProfile(overrides: Record<string, string | string[]> = {}) {
  const o = await org(entId);
  return {
    orgName: o.name,
    creditCode: o.credit_code ?? '',
    regionCode: o.region_code,
    industry: o.industry ?? '',
    size: o.size ?? '',
    foundedYear: String(o.founded_year ?? ''),
    registeredCapital: String((o.registered_capital ?? 0) / 10_000),
    annualRevenue: String((o.annual_revenue ?? 0) / 10_000),
    employees: String(o.employees ?? ''),
    contactName: o.contact_name,
    contactPhone: o.contact_phone,
    contactEmail: o.contact_email ?? '',
    description: o.description ?? '',
    ...overrides,
  };
}

/** The count on the organizer home's verification card. */
async function homeVerificationCount(): Promise<number> {
  const html = await text(organizer, '/');
  const start = html.indexOf('data-testid="todo-verifications"');
  expect(start).toBeGreaterThan(-1);
  const cardHtml = html.slice(start, html.indexOf('</section>', start));
  return Number(/data-testid="todo-count"[^>]*>(\d+)</.exec(cardHtml)?.[1]);
}

async function pendingRequests(orgId: string) {
  return db.selectFrom('org_change_requests').selectAll().where('organization_id', '=', orgId).where('status', '=', 'pending').execute();
}

async function text(client: HttpClient, path: string): Promise<string> {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

/** Every cell of the organizer's agreements workbook for the bank, as text. */
async function agreementsWorkbookText(): Promise<string> {
  const res = await organizer.get(`/agreements.xlsx?bank=${bankId}&status=`);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const cells: string[] = [];
  for (const sheet of wb.worksheets) sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? ''))));
  return cells.join('\n');
}

/** The places that name the bank: product directory and page, agreements, ranking, workbook. */
async function bankShownAs() {
  const product = await db
    .selectFrom('loan_products')
    .select('id')
    .where('organization_id', '=', bankId)
    .where('status', '=', 'published')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const signed = await db
    .selectFrom('agreements')
    .select('signed_month')
    .where('bank_org_id', '=', bankId)
    .where('status', 'in', ['signed', 'approved', 'disbursed'])
    .orderBy('signed_on', 'desc')
    .executeTakeFirstOrThrow();
  return {
    directory: await text(enterprise, `/products?bank_type=state`),
    productPage: await text(enterprise, `/products/${product.id}`),
    agreements: await text(organizer, `/agreements?bank=${bankId}`),
    ranking: await text(organizer, `/organizer/rankings?month=${signed.signed_month}`),
    workbook: await agreementsWorkbookText(),
  };
}

describe('a verified bank renaming itself (issue 13, point 1)', () => {
  it('is refused the name of another verified organization, also written with spaces or other brackets', async () => {
    for (const name of [OTHER_VERIFIED_BANK, '中国工商银行 平顶山分行', `${OTHER_VERIFIED_BANK}\u3000`]) {
      const res = await bank.post('/org/profile', await bankProfile({ orgName: name }));
      expect(res.status, name).toBe(400);
      const errors = fieldErrors(await res.text());
      expect(errors.orgName?.[0], name).toContain('是另一家已认证机构的名称，不能使用');
    }
    expect((await org(bankId)).name).toBe(BANK_NAME);
    expect(await pendingRequests(bankId)).toHaveLength(0);
  });

  it('is held: the organization stays verified and every page, the ranking and the workbook keep the verified name until an organizer approves', async () => {
    const NEW = '中国银行平顶山中心支行更名测试';
    const waitingBefore = await homeVerificationCount();
    const res = await bank.post('/org/profile', await bankProfile({ orgName: NEW, contactName: '王建国新' }));
    expect(res.status).toBe(302);
    const before = await bankShownAs();
    for (const [place, html] of Object.entries(before)) {
      expect(html, place).toContain(BANK_NAME);
      expect(html, place).not.toContain(NEW);
    }
    const row = await org(bankId);
    expect(row.name).toBe(BANK_NAME);
    expect(row.status).toBe('verified');
    expect(row.contact_name).toBe('王建国新'); // everyday fields apply at once

    const own = await text(bank, '/org/profile');
    expect(own).toContain('机构名称等信息的变更已提交审核');
    expect(own).toContain('待审核的变更');
    expect(own).toContain(NEW);
    expect(await pendingRequests(bankId)).toHaveLength(1);

    // the organizer's home counts it, the queue holds it, the detail shows old beside new
    expect(await homeVerificationCount()).toBe(waitingBefore + 1);
    const queue = await text(organizer, '/organizer/verifications');
    expect(queue).toContain(`/organizer/verifications/${bankId}`);
    expect(queue).toContain('信息变更待审');
    expect(queue).toContain(`→ ${NEW}`);
    const detail = await text(organizer, `/organizer/verifications/${bankId}`);
    const nameRow = /<tr[^>]*data-field="name"[^>]*>([\s\S]*?)<\/tr>/.exec(detail);
    expect(nameRow?.[0]).toContain('data-changed="1"');
    expect(nameRow?.[1]).toMatch(new RegExp(`data-role="current">${BANK_NAME}<[\\s\\S]*data-role="proposed">${NEW}<`));
    expect(detail).toContain('当前（已认证）');
    expect(detail).toContain('申请变更为');

    const approve = await organizer.post(`/organizer/verifications/${bankId}`, { intent: 'approveChange' });
    expect(approve.status).toBe(302);
    expect(await text(organizer, '/organizer/verifications')).toContain(`已通过变更：${BANK_NAME} → ${NEW}`);

    const after = await org(bankId);
    expect(after.name).toBe(NEW);
    expect(after.status).toBe('verified');
    expect(await pendingRequests(bankId)).toHaveLength(0);
    const shown = await bankShownAs();
    for (const [place, html] of Object.entries(shown)) expect(html, place).toContain(NEW);
    // the products' search text follows the new name
    expect(await text(enterprise, `/products?q=${encodeURIComponent('更名测试')}`)).toContain(NEW);

    const audit = await db
      .selectFrom('organization_audit')
      .select(['action', 'changes', 'user_id'])
      .where('organization_id', '=', bankId)
      .orderBy('created_at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['change.requested', 'change.approved']);
    expect(JSON.parse(audit[1].changes)).toEqual({ name: [BANK_NAME, NEW] });
    expect(await text(bank, '/notifications')).toContain(`机构信息变更已审核通过，现对外显示为“${NEW}”`);

    // back to the demo name for the other tests (held and approved the same way)
    expect((await bank.post('/org/profile', await bankProfile({ orgName: BANK_NAME }))).status).toBe(302);
    expect((await organizer.post(`/organizer/verifications/${bankId}`, { intent: 'approveChange' })).status).toBe(302);
    expect((await org(bankId)).name).toBe(BANK_NAME);
  });

  it('keeps the verified name when the organizer rejects, and tells the bank why', async () => {
    const NEW = '中国银行平顶山驳回测试行';
    expect((await bank.post('/org/profile', await bankProfile({ orgName: NEW, bankType: 'joint_stock' }))).status).toBe(302);
    const noReason = await organizer.post(`/organizer/verifications/${bankId}`, { intent: 'rejectChange', reason: ' ' });
    expect(noReason.status).toBe(400);
    const res = await organizer.post(`/organizer/verifications/${bankId}`, { intent: 'rejectChange', reason: '未提供更名批复文件' });
    expect(res.status).toBe(302);
    const row = await org(bankId);
    expect(row.name).toBe(BANK_NAME);
    expect(row.bank_type).toBe('state');
    expect(row.status).toBe('verified');
    expect(await text(bank, '/notifications')).toContain('原因：未提供更名批复文件');
    const own = await text(bank, '/org/profile');
    expect(own).toContain('未通过审核，原因：未提供更名批复文件');
    expect(own).not.toContain('待审核的变更');
    // nothing left to decide
    expect((await organizer.post(`/organizer/verifications/${bankId}`, { intent: 'approveChange' })).status).toBe(409);
  });

  it('is withdrawn by the bank, or by saving the verified values again', async () => {
    expect((await bank.post('/org/profile', await bankProfile({ orgName: '中国银行平顶山撤回测试行' }))).status).toBe(302);
    expect(await pendingRequests(bankId)).toHaveLength(1);
    // the form shows the proposed name, so saving other fields keeps the change waiting
    expect(await text(bank, '/org/profile')).toContain('value="中国银行平顶山撤回测试行"');
    expect((await bank.post('/org/profile', { intent: 'withdrawChange' })).status).toBe(302);
    expect(await pendingRequests(bankId)).toHaveLength(0);
    expect(await text(bank, '/org/profile')).toContain('待审核的变更已撤回');

    expect((await bank.post('/org/profile', await bankProfile({ orgName: '中国银行平顶山撤回测试行' }))).status).toBe(302);
    expect((await bank.post('/org/profile', await bankProfile({ orgName: BANK_NAME }))).status).toBe(302);
    expect(await pendingRequests(bankId)).toHaveLength(0);
    expect((await org(bankId)).name).toBe(BANK_NAME);
  });
});

describe('a verified enterprise renaming itself', () => {
  it('keeps its needs public under the verified name, and cannot be approved once another organization is verified under the new name', async () => {
    const OLD = (await org(entId)).name;
    const NEW = '舞钢市龙山纺织更名测试有限公司';
    const res = await enterprise.post('/org/profile', await enterpriseProfile({ orgName: NEW }));
    expect(res.status).toBe(302);
    const needs = await text(bank, '/needs');
    expect(needs).toContain(OLD);
    expect(needs).not.toContain(NEW);
    expect((await org(entId)).status).toBe('verified');

    // meanwhile another enterprise signs up under that name and is verified first
    const client = new DeviceClient(server.url, `203.0.113.${200 + ++ipSerial}`);
    const form = enterpriseForm({ orgName: NEW });
    expect((await signupPost(client, '/signup/enterprise', form)).status).toBe(302);
    const other = await db.selectFrom('users').select('organization_id').where('email', '=', String(form.email)).executeTakeFirstOrThrow();
    expect((await organizer.post(`/organizer/verifications/${other.organization_id}`, { intent: 'verify' })).status).toBe(302);

    const detail = await text(organizer, `/organizer/verifications/${entId}`);
    expect(detail).toContain(`“${NEW}”已是另一家已认证机构的名称`);
    const approve = await organizer.post(`/organizer/verifications/${entId}`, { intent: 'approveChange' });
    expect(approve.status).toBe(409);
    expect(await approve.text()).toContain('不能通过此变更');
    expect((await org(entId)).name).toBe(OLD);
    expect(await pendingRequests(entId)).toHaveLength(1);
  });
});

describe('unverified organizations', () => {
  it('edit their identity directly, but not to a verified organization’s name, and are not verified under one', async () => {
    const client = new DeviceClient(server.url, `203.0.113.${200 + ++ipSerial}`);
    const form = enterpriseForm();
    expect((await signupPost(client, '/signup/enterprise', form)).status).toBe(302);
    const { organization_id: id } = await db
      .selectFrom('users')
      .select('organization_id')
      .where('email', '=', String(form.email))
      .executeTakeFirstOrThrow();
    const profile = { ...form, orgName: `${String(form.orgName)}（更正）` };
    expect((await client.post('/org/profile', profile)).status).toBe(302);
    expect((await org(id!)).name).toBe(profile.orgName);
    expect(await pendingRequests(id!)).toHaveLength(0);

    const taken = await client.post('/org/profile', { ...form, orgName: BANK_NAME });
    expect(taken.status).toBe(400);
    expect(fieldErrors(await taken.text()).orgName?.[0]).toContain('是另一家已认证机构的名称');

    // a pending organization that signed up under a verified name is not verified
    await db.updateTable('organizations').set({ name: OTHER_VERIFIED_BANK }).where('id', '=', id!).execute();
    const verify = await organizer.post(`/organizer/verifications/${id}`, { intent: 'verify' });
    expect(verify.status).toBe(409);
    expect(await verify.text()).toContain('不能审核通过');
    expect((await org(id!)).status).toBe('pending');
  });
});
