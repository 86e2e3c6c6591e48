/**
 * Letters of intent over HTTP: propose / confirm / decline, who may confirm,
 * tenant and region isolation, 授信 / 放款 / 终止 and their bad inputs (nothing
 * written), the version check, the role-aware list with filters and totals, the
 * exports (XLSX read back with exceljs, CSV with BOM) filtered as on screen, and
 * the organizer's late threshold.
 * Fixtures live in 漯河市 (411100) so the demo data of 平顶山市 does not interfere.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTotal } from '../../app/utils/money';
import type { Database } from '../../db/schema';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let seq = 0;
let passwordHash = '';

const DAY_MS = 86_400_000;
const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;
/** China-local date `days` ago */
const dateAgo = (days: number) => new Date(Date.now() + 8 * 3_600_000 - days * DAY_MS).toISOString().slice(0, 10);
const TODAY = dateAgo(0);

async function createOrg(kind: 'enterprise' | 'bank', status: 'pending' | 'verified', name: string, region: string) {
  const id = fid(kind === 'bank' ? 'agbank' : 'agent');
  const now = new Date().toISOString();
  await db
    .insertInto('organizations')
    .values({
      id,
      kind,
      name,
      status,
      status_reason: null,
      status_changed_by: null,
      status_changed_at: null,
      credit_code: null,
      region_code: region,
      industry: kind === 'enterprise' ? 'C' : null,
      size: kind === 'enterprise' ? 'small' : null,
      founded_year: null,
      registered_capital: null,
      employees: null,
      annual_revenue: null,
      bank_type: kind === 'bank' ? 'city' : null,
      branch_level: null,
      contact_name: '测试',
      contact_phone: '13800000007',
      contact_email: null,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

async function createUser(role: 'enterprise' | 'bank' | 'organizer', orgId: string | null, region: string | null = null) {
  const id = fid('agusr');
  const email = `${id}@agreements.finmatch.test`;
  const now = new Date().toISOString();
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: `意向书测试${seq}`,
      phone: '13800000006',
      password_hash: passwordHash,
      role,
      organization_id: orgId,
      region_code: region,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return email;
}

const clients = new Map<string, HttpClient>();
async function as(email: string): Promise<HttpClient> {
  let c = clients.get(email);
  if (!c) {
    c = new HttpClient(server.url);
    await c.login(email, DEMO.password);
    clients.set(email, c);
  }
  return c;
}

const fx = {} as {
  ent1: string;
  ent2: string;
  entP: string;
  bankA: string;
  bankB: string;
  eventId: string;
  ent1User: string;
  ent2User: string;
  entPUser: string;
  bankAUser: string;
  bankBUser: string;
  organizer: string;
};

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.ent1 = await createOrg('enterprise', 'verified', '漯河意向书测试食品有限公司', '411102');
  fx.ent2 = await createOrg('enterprise', 'verified', '漯河意向书测试包装有限公司', '411103');
  fx.entP = await createOrg('enterprise', 'pending', '漯河意向书测试待审企业', '411102');
  fx.bankA = await createOrg('bank', 'verified', '意向书测试甲银行', '411100');
  fx.bankB = await createOrg('bank', 'verified', '意向书测试乙银行', '411100');
  fx.ent1User = await createUser('enterprise', fx.ent1);
  fx.ent2User = await createUser('enterprise', fx.ent2);
  fx.entPUser = await createUser('enterprise', fx.entP);
  fx.bankAUser = await createUser('bank', fx.bankA);
  fx.bankBUser = await createUser('bank', fx.bankB);
  fx.organizer = await createUser('organizer', null, '411100');
  fx.eventId = fid('agevt');
  const now = new Date().toISOString();
  const organizerId = (await db.selectFrom('users').select('id').where('email', '=', fx.organizer).executeTakeFirstOrThrow()).id;
  await db
    .insertInto('events')
    .values({
      id: fx.eventId,
      region_code: '411100',
      created_by: organizerId,
      title: '漯河市政银企对接会（测试）',
      theme: '食品产业专场',
      event_date: TODAY,
      start_time: '09:00',
      venue: '漯河市会展中心',
      capacity: 50,
      registration_deadline: TODAY,
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
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const [org, role] of [
    [fx.bankA, 'bank'],
    [fx.ent1, 'enterprise'],
  ] as const) {
    await db
      .insertInto('event_participants')
      .values({
        id: fid('agpar'),
        event_id: fx.eventId,
        organization_id: org,
        role,
        status: 'accepted',
        invited_by: organizerId,
        responded_by: null,
        responded_at: null,
        checkin_token: fid('agtok') + 'y'.repeat(16),
        created_at: now,
      })
      .execute();
  }
});
afterAll(async () => {
  await server?.stop();
});

const row = (id: string) => db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditCount = async (id: string) =>
  Number(
    (
      await db
        .selectFrom('agreement_audit')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('agreement_id', '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  );

const TERMS = { amount: '500', termMonths: '12', signedOn: TODAY, bankSignatory: '张行长', enterpriseSignatory: '李总' };

/** POSTs the new-agreement form; returns the new id. */
async function create(c: HttpClient, fields: Record<string, string>): Promise<string> {
  const res = await c.post('/agreements/new', { ...TERMS, ...fields });
  const location = res.headers.get('location') ?? '';
  if (res.status !== 302) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  const m = /^\/agreements\/([a-z0-9]+)$/.exec(location);
  expect(m).not.toBeNull();
  return m![1];
}

/** Posts a step and checks that a refused one changes nothing. */
async function refused(c: HttpClient, id: string, form: Record<string, string>, status: number, message: string) {
  const before = await row(id);
  const audits = await auditCount(id);
  const res = await c.post(`/agreements/${id}`, { version: String(before.version), ...form });
  const html = await res.text();
  expect(res.status, `${JSON.stringify(form)} → ${html.slice(0, 200)}`).toBe(status);
  expect(html).toContain(message);
  expect(await row(id)).toEqual(before);
  expect(await auditCount(id)).toBe(audits);
  return html;
}

async function step(c: HttpClient, id: string, form: Record<string, string>) {
  const version = String((await row(id)).version);
  const res = await c.post(`/agreements/${id}`, { version, ...form });
  expect(
    res.status,
    await res
      .clone()
      .text()
      .then((t) => t.slice(0, 300)),
  ).toBe(302);
  expect(res.headers.get('location')).toBe(`/agreements/${id}`);
}

function listedIds(html: string): string[] {
  return [...html.matchAll(/data-testid="agreement-row" data-id="([a-z0-9]+)"/g)].map((m) => m[1]);
}

describe('proposing and confirming', () => {
  it('a bank proposes at a session; it cannot confirm its own proposal; the enterprise confirms', async () => {
    const bankA = await as(fx.bankAUser);
    const form = await bankA.get(`/agreements/new?eventId=${fx.eventId}`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('漯河意向书测试食品有限公司');
    expect(formHtml).toMatch(new RegExp(`<option value="${fx.eventId}" selected`));

    const id = await create(bankA, { enterpriseId: fx.ent1, eventId: fx.eventId, documentNo: 'LH-2026-001' });
    expect(await row(id)).toMatchObject({
      status: 'proposed',
      amount: 5_000_000,
      term_months: 12,
      bank_org_id: fx.bankA,
      enterprise_org_id: fx.ent1,
      event_id: fx.eventId,
      region_code: '411102',
      industry: 'C',
      signed_month: TODAY.slice(0, 7),
      document_no: 'LH-2026-001',
      confirmed_at: null,
      version: 1,
    });
    const audit = await db.selectFrom('agreement_audit').selectAll().where('agreement_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['created']);
    expect(JSON.parse(audit[0].changes).amount).toEqual([null, 5_000_000]);

    // the proposing bank may not confirm (nor decline) it
    await refused(bankA, id, { intent: 'confirm' }, 403, '不能确认或拒绝本方发起的意向书');
    await refused(bankA, id, { intent: 'decline', reason: '不想要了' }, 403, '不能确认或拒绝本方发起的意向书');
    // another bank and another enterprise see nothing
    const bankB = await as(fx.bankBUser);
    expect((await bankB.get(`/agreements/${id}`)).status).toBe(404);
    expect((await bankB.post(`/agreements/${id}`, { intent: 'confirm', version: '1' })).status).toBe(404);
    expect(listedIds(await (await bankB.get('/agreements')).text())).not.toContain(id);
    const ent2 = await as(fx.ent2User);
    expect((await ent2.get(`/agreements/${id}`)).status).toBe(404);
    expect((await ent2.post(`/agreements/${id}`, { intent: 'confirm', version: '1' })).status).toBe(404);
    expect((await row(id)).status).toBe('proposed');

    // the enterprise confirms
    const ent1 = await as(fx.ent1User);
    const page = await (await ent1.get(`/agreements/${id}`)).text();
    expect(page).toContain('确认签约');
    await step(ent1, id, { intent: 'confirm' });
    const entUserId = (await db.selectFrom('users').select('id').where('email', '=', fx.ent1User).executeTakeFirstOrThrow()).id;
    expect(await row(id)).toMatchObject({ status: 'signed', confirmed_by_user_id: entUserId, version: 2 });
    expect((await row(id)).confirmed_at).not.toBeNull();
    const trail = await (await ent1.get(`/agreements/${id}`)).text();
    expect(trail).toContain('确认签约');
    expect(trail).toContain('待确认 → 已签约');
  });

  it('an enterprise proposes; the bank declines with a reason; a declined letter cannot be edited', async () => {
    const ent1 = await as(fx.ent1User);
    const id = await create(ent1, { bankId: fx.bankA, amount: '80' });
    const bankA = await as(fx.bankAUser);
    await refused(bankA, id, { intent: 'decline', reason: '' }, 400, '此项必填');
    await step(bankA, id, { intent: 'decline', reason: '额度已用完' });
    expect(await row(id)).toMatchObject({ status: 'declined', status_reason: '额度已用完', confirmed_at: null });
    await refused(ent1, id, { intent: 'edit', ...TERMS, amount: '90', reason: '改金额' }, 400, '已终止或已拒绝的意向书不能再修改');
    await refused(bankA, id, { intent: 'confirm' }, 400, '已终止或已拒绝的意向书不能再修改');
  });

  it('an organizer records a signing, confirmed at once; another region’s organizer cannot see it', async () => {
    const org = await as(fx.organizer);
    const id = await create(org, { bankId: fx.bankB, enterpriseId: fx.ent2, amount: '1.2亿', documentNo: 'LH-2026-ORG' });
    expect(await row(id)).toMatchObject({ status: 'signed', amount: 120_000_000, proposed_by_org_id: 'region:411100' });
    expect((await row(id)).confirmed_at).not.toBeNull();
    const other = await as(DEMO.organizer); // 平顶山市 410400
    expect((await other.get(`/agreements/${id}`)).status).toBe(404);
    expect((await other.post(`/agreements/${id}`, { intent: 'terminate', version: '1', reason: '越权' })).status).toBe(404);
    expect(listedIds(await (await other.get('/agreements?q=漯河')).text())).toEqual([]);
    expect(listedIds(await (await org.get('/agreements')).text())).toContain(id);
    expect((await row(id)).status).toBe('signed');
  });

  it('refuses bad new agreements with field messages and writes nothing', async () => {
    const bankA = await as(fx.bankAUser);
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('agreements')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [Record<string, string>, string][] = [
      [{ enterpriseId: fx.ent1, amount: '-5' }, '金额不能为负数'],
      [{ enterpriseId: fx.ent1, amount: '五百' }, '请输入有效金额'],
      [{ enterpriseId: fx.ent1, amount: '0' }, '金额须大于 0'],
      [{ enterpriseId: fx.ent1, signedOn: '2026-02-30' }, '请输入有效日期'],
      [{ enterpriseId: '' }, '请选择企业'],
      [{ enterpriseId: fx.entP }, '请从列表中选择企业'],
      [{ enterpriseId: fx.ent1, documentNo: 'LH-2026-001' }, '该意向书编号已被登记'],
    ];
    for (const [fields, message] of cases) {
      const res = await bankA.post('/agreements/new', { ...TERMS, ...fields });
      const html = await res.text();
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(html, JSON.stringify(fields)).toContain(message);
      // the form keeps what was typed
      if (fields.amount) expect(html).toContain(`value="${fields.amount}"`);
    }
    expect(await count()).toBe(before);
    // a pending enterprise may not propose
    const pending = await as(fx.entPUser);
    expect((await pending.get('/agreements/new')).status).toBe(403);
    expect((await pending.post('/agreements/new', { ...TERMS, bankId: fx.bankA })).status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe('following through: 授信, 放款, 终止', () => {
  it('records credit and tranches with their rules, terminates with a reason, and keeps every step in the trail', async () => {
    const org = await as(fx.organizer);
    const bankA = await as(fx.bankAUser);
    const ent1 = await as(fx.ent1User);
    const signedOn = dateAgo(20);
    const id = await create(org, { bankId: fx.bankA, enterpriseId: fx.ent1, amount: '500', signedOn });

    // 授信: bad inputs, the enterprise may not
    await refused(bankA, id, { intent: 'approve', approvedAmount: '-5', approvedOn: TODAY }, 400, '金额不能为负数');
    await refused(bankA, id, { intent: 'approve', approvedAmount: 'abc', approvedOn: TODAY }, 400, '请输入有效金额');
    await refused(bankA, id, { intent: 'approve', approvedAmount: '0', approvedOn: TODAY }, 400, '授信金额须大于 0');
    await refused(bankA, id, { intent: 'approve', approvedAmount: '400', approvedOn: dateAgo(21) }, 400, '日期不能早于签约日期');
    await refused(bankA, id, { intent: 'approve', approvedAmount: '400', approvedOn: dateAgo(-2) }, 400, '日期不能晚于今天');
    await refused(ent1, id, { intent: 'approve', approvedAmount: '400', approvedOn: TODAY }, 403, '只有金融机构或政府部门可以登记授信');
    // no tranche before 授信
    await refused(bankA, id, { intent: 'disburse', trancheAmount: '100', disbursedOn: TODAY }, 400, '意向书当前状态不允许此操作');

    await step(bankA, id, { intent: 'approve', approvedAmount: '400', approvedOn: dateAgo(10) });
    expect(await row(id)).toMatchObject({ status: 'approved', approved_amount: 4_000_000, approved_on: dateAgo(10) });

    // 放款: not above the approved credit, not before signing or approval
    await refused(bankA, id, { intent: 'disburse', trancheAmount: '500', disbursedOn: TODAY }, 400, '累计放款不能超过授信金额');
    await refused(bankA, id, { intent: 'disburse', trancheAmount: '100', disbursedOn: dateAgo(25) }, 400, '日期不能早于签约日期');
    await refused(bankA, id, { intent: 'disburse', trancheAmount: '100', disbursedOn: dateAgo(15) }, 400, '放款日期不能早于授信日期');
    await refused(bankA, id, { intent: 'disburse', trancheAmount: '-1', disbursedOn: TODAY }, 400, '金额不能为负数');
    await step(bankA, id, { intent: 'disburse', trancheAmount: '300', disbursedOn: dateAgo(5) });
    await step(bankA, id, { intent: 'disburse', trancheAmount: '100', disbursedOn: dateAgo(2) });
    expect(await row(id)).toMatchObject({ status: 'disbursed', disbursed_amount: 4_000_000, last_disbursed_on: dateAgo(2) });
    await refused(bankA, id, { intent: 'disburse', trancheAmount: '0.01', disbursedOn: TODAY }, 400, '累计放款不能超过授信金额');
    const tranches = await db
      .selectFrom('agreement_tranches')
      .select(['amount', 'disbursed_on'])
      .where('agreement_id', '=', id)
      .orderBy('disbursed_on')
      .execute();
    expect(tranches).toEqual([
      { amount: 3_000_000, disbursed_on: dateAgo(5) },
      { amount: 1_000_000, disbursed_on: dateAgo(2) },
    ]);
    // a correction of the approval may not fall below what was lent, and needs a reason
    await refused(
      bankA,
      id,
      { intent: 'approve', approvedAmount: '300', approvedOn: dateAgo(10), reason: '更正' },
      400,
      '授信金额不能低于已放款金额',
    );
    await refused(bankA, id, { intent: 'approve', approvedAmount: '450', approvedOn: dateAgo(10) }, 400, '请填写原因');

    // 终止: a reason is required; afterwards nothing changes any more
    await refused(bankA, id, { intent: 'terminate', reason: '' }, 400, '此项必填');
    await step(bankA, id, { intent: 'terminate', reason: '企业提前还款，不再续贷' });
    expect(await row(id)).toMatchObject({ status: 'terminated', status_reason: '企业提前还款，不再续贷' });
    await refused(bankA, id, { intent: 'edit', ...TERMS, signedOn, amount: '600', reason: '改' }, 400, '已终止或已拒绝的意向书不能再修改');
    await refused(bankA, id, { intent: 'disburse', trancheAmount: '1', disbursedOn: TODAY }, 400, '已终止或已拒绝的意向书不能再修改');

    // the trail: who, when, what, before → after, why
    const html = await (await org.get(`/agreements/${id}`)).text();
    for (const text of ['登记授信', '登记放款', '终止', '企业提前还款，不再续贷', '已放款 → 已终止', '300万元 → 400万元'])
      expect(html).toContain(text);
    const actions = (
      await db.selectFrom('agreement_audit').select('action').where('agreement_id', '=', id).orderBy('created_at').execute()
    ).map((a) => a.action);
    expect(actions).toEqual(['created', 'approved', 'disbursed', 'disbursed', 'terminated']);
  });

  it('edits with a reason; a stale version is refused with a clear message and writes nothing', async () => {
    const bankA = await as(fx.bankAUser);
    const org = await as(fx.organizer);
    const id = await create(org, { bankId: fx.bankA, enterpriseId: fx.ent1, amount: '200', documentNo: 'LH-EDIT-1' });
    const seen = String((await row(id)).version);
    const edit = { intent: 'edit', ...TERMS, amount: '250', documentNo: 'LH-EDIT-1', reason: '双方协商提高金额' };
    // the organizer saves first …
    const first = await org.post(`/agreements/${id}`, { ...edit, version: seen });
    expect(first.status).toBe(302);
    expect(await row(id)).toMatchObject({ amount: 2_500_000, version: 2 });
    // … then the bank, based on the same version
    const before = await row(id);
    const second = await bankA.post(`/agreements/${id}`, { ...edit, amount: '300', reason: '我行调整', version: seen });
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain('已被他人修改，请刷新后重试');
    expect(html).toContain('value="300"'); // what the bank typed is kept
    expect(await row(id)).toEqual(before);
    // an edit without a reason, or reusing another letter's number, is refused
    await refused(bankA, id, { ...edit, amount: '260', reason: '' }, 400, '此项必填');
    await refused(bankA, id, { ...edit, amount: '260', documentNo: 'LH-2026-001' }, 400, '该意向书编号已被登记');
    const trail = await db
      .selectFrom('agreement_audit')
      .select(['action', 'reason', 'changes'])
      .where('agreement_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(trail.map((a) => [a.action, a.reason])).toEqual([
      ['created', null],
      ['edited', '双方协商提高金额'],
    ]);
    expect(JSON.parse(trail[1].changes).amount).toEqual([2_000_000, 2_500_000]);
  });
});

describe('lists, totals and exports', () => {
  it('shows each role its own agreements, filters them, and totals the filtered list', async () => {
    const bankA = await as(fx.bankAUser);
    const all = await db.selectFrom('agreements').selectAll().where('region_code', 'like', '4111%').execute();
    const own = all.filter((a) => a.bank_org_id === fx.bankA);
    const listed = listedIds(await (await bankA.get('/agreements')).text());
    expect(listed.sort()).toEqual(own.map((a) => a.id).sort());
    // the enterprise sees its own
    const ent2 = await as(fx.ent2User);
    expect(listedIds(await (await ent2.get('/agreements')).text()).sort()).toEqual(
      all
        .filter((a) => a.enterprise_org_id === fx.ent2)
        .map((a) => a.id)
        .sort(),
    );

    // status filter and totals of the filtered list (confirmed only; terminated keep counting)
    const html = await (await bankA.get('/agreements?status=terminated')).text();
    const terminated = own.filter((a) => a.status === 'terminated');
    expect(terminated.length).toBeGreaterThan(0);
    expect(listedIds(html).sort()).toEqual(terminated.map((a) => a.id).sort());
    const sum = terminated.reduce((s, a) => s + a.amount, 0);
    expect(html).toContain(`data-testid="total-signed">${formatTotal(sum)}<`);
    expect(html).toContain(`data-testid="total-terminated">${formatTotal(sum)}<`);

    const page = await (await bankA.get('/agreements')).text();
    const confirmed = own.filter((a) => a.confirmed_at !== null);
    expect(page).toContain(`data-testid="total-signed">${formatTotal(confirmed.reduce((s, a) => s + a.amount, 0))}<`);
    expect(page).toContain(
      `data-testid="total-proposed">${formatTotal(own.filter((a) => a.status === 'proposed').reduce((s, a) => s + a.amount, 0))}<`,
    );

    // search, session and month filters
    expect(listedIds(await (await bankA.get('/agreements?q=lh-2026-001')).text())).toEqual(
      own.filter((a) => a.document_no === 'LH-2026-001').map((a) => a.id),
    );
    expect(listedIds(await (await bankA.get(`/agreements?event=${fx.eventId}`)).text()).sort()).toEqual(
      own
        .filter((a) => a.event_id === fx.eventId)
        .map((a) => a.id)
        .sort(),
    );
    const month = TODAY.slice(0, 7);
    expect(listedIds(await (await bankA.get(`/agreements?from=${month}&to=${month}`)).text()).sort()).toEqual(
      own
        .filter((a) => a.signed_month === month)
        .map((a) => a.id)
        .sort(),
    );
    const bad = await bankA.get('/agreements?from=2026-13&status=nope');
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain('请输入年月');
  });

  it('totals the list again after any write: the totals are kept only while the data is unchanged', async () => {
    const bankA = await as(fx.bankAUser);
    const signed = async () => /data-testid="total-signed">([^<]+)</.exec(await (await bankA.get('/agreements')).text())?.[1];
    const confirmed = await db
      .selectFrom('agreements')
      .select(['id', 'amount'])
      .where('bank_org_id', '=', fx.bankA)
      .where('confirmed_at', 'is not', null)
      .execute();
    const sum = confirmed.reduce((s, a) => s + Number(a.amount), 0);
    expect(await signed()).toBe(formatTotal(sum));
    expect(await signed()).toBe(formatTotal(sum));
    // a write from another connection (as another server process would make it)
    const one = confirmed[0];
    await db
      .updateTable('agreements')
      .set({ amount: Number(one.amount) + 1_000_000 })
      .where('id', '=', one.id)
      .execute();
    try {
      expect(await signed()).toBe(formatTotal(sum + 1_000_000));
    } finally {
      await db.updateTable('agreements').set({ amount: one.amount }).where('id', '=', one.id).execute();
    }
    expect(await signed()).toBe(formatTotal(sum));
  });

  it('lists by signing date, newest first, with the order selectable and a district filter (decision 030b)', async () => {
    const org = await as(fx.organizer);
    const all = await db
      .selectFrom('agreements')
      .select(['id', 'signed_on', 'amount', 'region_code'])
      .where('bank_org_id', '=', fx.bankA)
      .execute();
    const listed = async (q: string) => listedIds(await (await org.get(`/agreements?bank=${fx.bankA}${q}`)).text());
    const dates = (ids: string[]) => ids.map((id) => all.find((a) => a.id === id)!.signed_on);
    const amountsOf = (ids: string[]) => ids.map((id) => Number(all.find((a) => a.id === id)!.amount));
    const newest = await listed('');
    expect(newest.length).toBeGreaterThan(1);
    expect(dates(newest)).toEqual([...dates(newest)].sort().reverse());
    const oldest = await listed('&order=signed-asc');
    expect(dates(oldest)).toEqual([...dates(oldest)].sort());
    const largest = await listed('&order=amount-desc');
    expect(amountsOf(largest)).toEqual([...amountsOf(largest)].sort((a, b) => b - a));
    const html = await (await org.get(`/agreements?bank=${fx.bankA}&order=amount-asc`)).text();
    expect(html).toContain('<option value="amount-asc" selected="">');
    // a district of the region: only its agreements
    const district = all[0].region_code;
    expect((await listed(`&district=${district}`)).sort()).toEqual(
      all
        .filter((a) => a.region_code.startsWith(district))
        .map((a) => a.id)
        .sort(),
    );
    expect((await org.get(`/agreements?district=nope`)).status).toBe(200);
  });

  it('exports XLSX and CSV with exactly the rows listed on screen', async () => {
    const org = await as(fx.organizer);
    const query = `?bank=${fx.bankA}&status=`;
    const screen = listedIds(await (await org.get(`/agreements${query}`)).text()).sort();
    expect(screen.length).toBeGreaterThan(1);

    const xlsx = await org.get(`/agreements.xlsx${query}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const sheet = wb.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('签约金额（万元）');
    const idCol = header.indexOf('系统编号') + 1;
    const amountCol = header.indexOf('签约金额（万元）') + 1;
    const ids: string[] = [];
    const amounts = new Map<string, number>();
    sheet.eachRow((r, n) => {
      if (n === 1) return;
      const id = String(r.getCell(idCol).value);
      ids.push(id);
      amounts.set(id, Number(r.getCell(amountCol).value));
    });
    expect(sheet.getColumn(amountCol).numFmt).toBe('#,##0.00');
    expect(ids.sort()).toEqual(screen);
    for (const id of ids) expect(amounts.get(id)! * 10_000).toBe((await row(id)).amount);
    expect(wb.worksheets[1].getRow(1).values).toBeTruthy();

    const csv = await org.get(`/agreements.csv${query}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder()
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0].split(',')).toContain('系统编号');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',').at(-1))
        .sort(),
    ).toEqual(screen);

    // another bank's export holds none of them
    const bankB = await as(fx.bankBUser);
    const csvB = await (await bankB.get(`/agreements.csv${query}`)).text();
    for (const id of screen) expect(csvB).not.toContain(id);
  });

  it('lists agreements signed N days ago and still without 授信 as late, N set by the organizer', async () => {
    const org = await as(fx.organizer);
    const id = await create(org, { bankId: fx.bankB, enterpriseId: fx.ent1, amount: '66', signedOn: dateAgo(15) });
    const settings = await org.post('/organizer/settings', { intent: 'agreementLateDays', lateDays: '0' });
    expect(settings.status).toBe(400);
    expect(await settings.text()).toContain('请输入 1 到 365 之间的数');
    expect((await org.post('/organizer/settings', { intent: 'agreementLateDays', lateDays: '10' })).status).toBe(302);
    expect(await (await org.get('/organizer/settings')).text()).toContain('value="10"');
    const late = listedIds(await (await org.get('/agreements?late=1')).text());
    expect(late).toContain(id);
    const lateRows = await db
      .selectFrom('agreements')
      .select('id')
      .where('region_code', 'like', '4111%')
      .where('status', '=', 'signed')
      .where('signed_on', '<=', dateAgo(10))
      .execute();
    expect(late.sort()).toEqual(lateRows.map((r) => r.id).sort());
    const csv = await (await org.get('/agreements.csv?late=1')).text();
    expect(csv.trim().split('\r\n').length - 1).toBe(lateRows.length);
    expect((await org.post('/organizer/settings', { intent: 'agreementLateDays', lateDays: '20' })).status).toBe(302);
    expect(listedIds(await (await org.get('/agreements?late=1')).text())).not.toContain(id);
    // the other region's threshold is its own: the demo organizer still has the default
    expect(await (await (await as(DEMO.organizer)).get('/organizer/settings')).text()).toContain('value="30"');
  });
});

describe('notifications', () => {
  const users = {} as { ent1Second: string; ent1Inactive: string };
  beforeAll(async () => {
    users.ent1Second = await createUser('enterprise', fx.ent1);
    users.ent1Inactive = await createUser('enterprise', fx.ent1);
    await db.updateTable('users').set({ active: 0 }).where('email', '=', users.ent1Inactive).execute();
  });

  /** Who got a notification of `kind` about agreement `id` (e-mails, sorted). */
  async function recipients(id: string, kind: string): Promise<string[]> {
    const rows = await db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select('u.email')
      .where('n.link', '=', `/agreements/${id}`)
      .where('n.kind', '=', kind)
      .execute();
    return rows.map((r) => r.email).sort();
  }
  const notificationsPage = async (email: string) => {
    const res = await (await as(email)).get('/notifications');
    expect(res.status).toBe(200);
    return res.text();
  };
  const sorted = (...emails: string[]) => [...emails].sort();

  it('a bank’s proposal reaches every active user of the enterprise; the confirmation reaches the bank; the termination the enterprise', async () => {
    const bankA = await as(fx.bankAUser);
    const id = await create(bankA, { enterpriseId: fx.ent1, amount: '1234.5', documentNo: 'LH-NTF-001' });
    expect(await recipients(id, 'agreement.proposed')).toEqual(sorted(fx.ent1User, users.ent1Second));
    const proposed = '意向书测试甲银行 向贵机构发起合作意向书（编号 LH-NTF-001），签约金额 1,234.5万元，请确认或婉拒';
    for (const email of [fx.ent1User, users.ent1Second]) {
      const html = await notificationsPage(email);
      expect(html).toContain(proposed);
      expect(html).toContain(`value="/agreements/${id}"`); // the "open" button leads to the letter
    }
    for (const email of [fx.bankAUser, fx.bankBUser, fx.ent2User, fx.organizer])
      expect(await notificationsPage(email)).not.toContain('LH-NTF-001');

    // the same notification in English
    const en = new HttpClient(server.url);
    en.cookies.set('finmatch_lang', 'en');
    await en.login(users.ent1Second, DEMO.password);
    expect(await (await en.get('/notifications')).text()).toContain(
      '意向书测试甲银行 proposed letter of intent LH-NTF-001 for 1,234.5 × 10,000 yuan; please confirm or decline it',
    );

    // opening it marks it read and leads to the letter
    const ntf = await db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select('n.id')
      .where('u.email', '=', fx.ent1User)
      .where('n.link', '=', `/agreements/${id}`)
      .executeTakeFirstOrThrow();
    const open = await (await as(fx.ent1User)).post('/notifications', { intent: 'read', id: ntf.id, next: `/agreements/${id}` });
    expect(open.status).toBe(302);
    expect(open.headers.get('location')).toBe(`/agreements/${id}`);

    await step(await as(fx.ent1User), id, { intent: 'confirm' });
    expect(await recipients(id, 'agreement.confirmed')).toEqual([fx.bankAUser]);
    const confirmed = '与 漯河意向书测试食品有限公司 的合作意向书（编号 LH-NTF-001，1,234.5万元）已确认签约';
    expect(await notificationsPage(fx.bankAUser)).toContain(confirmed);
    for (const email of [fx.ent1User, fx.bankBUser, fx.ent2User]) expect(await notificationsPage(email)).not.toContain(confirmed);
    const enBank = new HttpClient(server.url);
    enBank.cookies.set('finmatch_lang', 'en');
    await enBank.login(fx.bankAUser, DEMO.password);
    expect(await (await enBank.get('/notifications')).text()).toContain(
      'Letter of intent LH-NTF-001 with 漯河意向书测试食品有限公司 (1,234.5 × 10,000 yuan) was confirmed',
    );

    await step(bankA, id, { intent: 'terminate', reason: '企业另有融资安排' });
    expect(await recipients(id, 'agreement.terminated')).toEqual(sorted(fx.ent1User, users.ent1Second));
    expect(await notificationsPage(fx.ent1User)).toContain(
      '与 意向书测试甲银行 的合作意向书（编号 LH-NTF-001，1,234.5万元）已终止，原因：企业另有融资安排',
    );
    expect(await notificationsPage(fx.bankAUser)).not.toContain('企业另有融资安排');
    // nothing else was sent about this letter, and nothing to anyone outside the two parties
    const all = await db.selectFrom('notifications').select(['kind', 'user_id']).where('link', '=', `/agreements/${id}`).execute();
    expect(all.map((n) => n.kind).sort()).toEqual([
      'agreement.confirmed',
      'agreement.proposed',
      'agreement.proposed',
      'agreement.terminated',
      'agreement.terminated',
    ]);
  });

  it('an enterprise’s proposal reaches the bank; the decline, with its reason, reaches the enterprise', async () => {
    const ent2 = await as(fx.ent2User);
    const id = await create(ent2, { bankId: fx.bankB, amount: '80', documentNo: '' });
    expect(await recipients(id, 'agreement.proposed')).toEqual([fx.bankBUser]);
    const proposed = '漯河意向书测试包装有限公司 向贵机构发起合作意向书，签约金额 80万元，请确认或婉拒';
    expect(await notificationsPage(fx.bankBUser)).toContain(proposed);
    for (const email of [fx.bankAUser, fx.ent1User, fx.ent2User]) expect(await notificationsPage(email)).not.toContain(proposed);

    // a refused step sends nothing
    await refused(ent2, id, { intent: 'confirm' }, 403, '不能确认或拒绝本方发起的意向书');
    expect(await recipients(id, 'agreement.confirmed')).toEqual([]);

    await step(await as(fx.bankBUser), id, { intent: 'decline', reason: '抵押物不足值' });
    expect(await recipients(id, 'agreement.declined')).toEqual([fx.ent2User]);
    expect(await notificationsPage(fx.ent2User)).toContain('与 意向书测试乙银行 的合作意向书（80万元）被婉拒，原因：抵押物不足值');
    expect(await notificationsPage(fx.bankBUser)).not.toContain('抵押物不足值');
    const en = new HttpClient(server.url);
    en.cookies.set('finmatch_lang', 'en');
    await en.login(fx.ent2User, DEMO.password);
    expect(await (await en.get('/notifications')).text()).toContain(
      'The letter of intent with 意向书测试乙银行 (80 × 10,000 yuan) was declined: 抵押物不足值',
    );
  });

  it('an organizer’s signing notifies nobody; its confirmation of a proposal and its termination notify both parties', async () => {
    const org = await as(fx.organizer);
    const signed = await create(org, { bankId: fx.bankB, enterpriseId: fx.ent2, amount: '66.6', documentNo: 'LH-NTF-ORG' });
    expect(await db.selectFrom('notifications').select('id').where('link', '=', `/agreements/${signed}`).execute()).toEqual([]);
    await step(org, signed, { intent: 'terminate', reason: '项目取消' });
    expect(await recipients(signed, 'agreement.terminated')).toEqual(sorted(fx.bankBUser, fx.ent2User));
    expect(await notificationsPage(fx.bankBUser)).toContain(
      '与 漯河意向书测试包装有限公司 的合作意向书（编号 LH-NTF-ORG，66.6万元）已终止，原因：项目取消',
    );
    expect(await notificationsPage(fx.ent2User)).toContain(
      '与 意向书测试乙银行 的合作意向书（编号 LH-NTF-ORG，66.6万元）已终止，原因：项目取消',
    );

    // the organizer confirms a bank's proposal: the bank (proposer) and the enterprise both learn of it
    const proposal = await create(await as(fx.bankBUser), { enterpriseId: fx.ent2, amount: '10' });
    await step(org, proposal, { intent: 'confirm' });
    expect(await recipients(proposal, 'agreement.confirmed')).toEqual(sorted(fx.bankBUser, fx.ent2User));
    expect(await notificationsPage(fx.ent2User)).toContain('与 意向书测试乙银行 的合作意向书（10万元）已确认签约');
  });
});
