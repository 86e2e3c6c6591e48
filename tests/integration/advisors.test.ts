/**
 * 金融顾问 / 首席金融服务官 over HTTP (issue 18, decision 037b): the organizer pairs
 * bank officers with enterprises of its region — refused outside the region, for an
 * unverified bank, for a bank that does not serve the firm's area, for someone who
 * is not a bank officer; re-pairing keeps the history. The officer sees only the
 * firms paired with them and logs contacts (bad dates refused); the enterprise sees
 * its advisor on its home; the KPIs per officer and bank follow the contacts, the
 * firms' problems closed in time and their ratings, and add up. Fixtures in 开封市
 * (410200) so the demo data does not interfere.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { advisorKpis, pairAdvisor } from '../../app/modules/advisors/advisors.server';
import { addDays, todayInChina } from '../../app/modules/calendar/working-days';
import { makeTranslator } from '../../app/i18n/translate';
import { DEMO } from '../support/http-client';
import { orgFixtures } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
const now = () => new Date().toISOString();
const {
  fid,
  next,
  last,
  org: insertOrg,
  user: insertUser,
  client,
} = orgFixtures({
  db: () => db,
  passwordHash: () => passwordHash,
  serverUrl: () => server.url,
  orgPrefix: (kind) => `adv${kind.slice(0, 3)}`,
  userPrefix: 'advusr',
  label: 'advisor',
  phone: (seq) => `1390000${String(seq).padStart(4, '0')}`,
});
const org = (kind: 'enterprise' | 'bank', name: string, region: string, status: 'verified' | 'pending' = 'verified') =>
  insertOrg(kind, name, region, { status });
const user = (role: 'bank' | 'organizer' | 'enterprise', orgId: string | null, name: string, region: string | null = null) =>
  insertUser(role, orgId, { name, region_code: region });

const fx = {} as Record<'ent1' | 'ent2' | 'ent3' | 'entOut' | 'entPending' | 'bankA' | 'bankB' | 'bankPending' | 'bankOut', string> &
  Record<'a1' | 'a2' | 'b1' | 'p1' | 'o1' | 'org' | 'otherOrg' | 'entUser1' | 'entUser2' | 'entUser3', { id: string; email: string }>;

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.ent1 = await org('enterprise', '开封顾问测试机械有限公司', '410204');
  fx.ent2 = await org('enterprise', '开封顾问测试食品有限公司', '410202');
  fx.ent3 = await org('enterprise', '开封顾问测试纺织有限公司', '410204');
  fx.entOut = await org('enterprise', '郑州顾问测试电子有限公司', '410102');
  fx.entPending = await org('enterprise', '开封顾问测试待审核企业', '410204', 'pending');
  fx.bankA = await org('bank', '顾问测试开封甲银行', '410200');
  fx.bankB = await org('bank', '顾问测试开封乙银行', '410200');
  fx.bankPending = await org('bank', '顾问测试待审核银行', '410200', 'pending');
  fx.bankOut = await org('bank', '顾问测试郑州银行', '410100');
  fx.a1 = await user('bank', fx.bankA, '顾问甲一');
  fx.a2 = await user('bank', fx.bankA, '顾问甲二');
  fx.b1 = await user('bank', fx.bankB, '顾问乙一');
  fx.p1 = await user('bank', fx.bankPending, '顾问待审');
  fx.o1 = await user('bank', fx.bankOut, '顾问郑州');
  fx.org = await user('organizer', null, '开封市金融办', '410200');
  fx.otherOrg = await user('organizer', null, '郑州市金融办', '410100');
  fx.entUser1 = await user('enterprise', fx.ent1, '企业一');
  fx.entUser2 = await user('enterprise', fx.ent2, '企业二');
  fx.entUser3 = await user('enterprise', fx.ent3, '企业三');
});
afterAll(async () => {
  await server?.stop();
});

const current = (enterprise: string) =>
  db.selectFrom('advisor_pairings').selectAll().where('enterprise_org_id', '=', enterprise).where('ended_at', 'is', null).execute();

describe('金融顾问', () => {
  it('the organizer pairs within its region only, with a clear refusal otherwise (both languages)', async () => {
    const o = await client(fx.org.email);
    const refusals: [Record<string, string>, string][] = [
      [{ enterpriseId: fx.entOut, officerId: fx.a1.id }, 'advisors.err.enterpriseOutsideRegion'],
      [{ enterpriseId: fx.entPending, officerId: fx.a1.id }, 'advisors.err.enterpriseUnknown'],
      [{ enterpriseId: fx.ent1, officerId: fx.p1.id }, 'advisors.err.bankNotVerified'],
      [{ enterpriseId: fx.ent1, officerId: fx.o1.id }, 'advisors.err.bankOutsideRegion'],
      [{ enterpriseId: fx.ent1, officerId: fx.entUser2.id }, 'advisors.err.notOfficer'],
    ];
    const zh = makeTranslator('zh-CN');
    const en = makeTranslator('en');
    for (const [body, key] of refusals) {
      const res = await o.post('/organizer/advisors', { intent: 'pair', ...body });
      expect(res.status, key).toBe(400);
      expect(await res.text(), key).toContain(key);
      expect(zh(key)).not.toBe(key);
      expect(en(key)).not.toBe(key);
    }
    expect(zh('advisors.err.bankNotVerified')).toContain('尚未通过审核');
    expect(await db.selectFrom('advisor_pairings').select('id').where('enterprise_org_id', 'in', [fx.ent1, fx.entOut]).execute()).toEqual(
      [],
    );

    // the officer selector lists the verified banks' officers of the region only
    const page = await (await o.get('/organizer/advisors')).text();
    expect(page).toContain('顾问甲一');
    expect(page).not.toContain('顾问待审');
    expect(page).not.toContain('顾问郑州');

    for (const [ent, officer] of [
      [fx.ent1, fx.a1.id],
      [fx.ent2, fx.a1.id],
      [fx.ent3, fx.b1.id],
    ])
      expect((await o.post('/organizer/advisors', { intent: 'pair', enterpriseId: ent, officerId: officer })).status).toBe(302);
    const again = await o.post('/organizer/advisors', { intent: 'pair', enterpriseId: fx.ent1, officerId: fx.a1.id });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('advisors.err.alreadyPaired');

    // another region's organizer: nothing of 开封 on its page, and cannot end its pairings
    const other = await client(fx.otherOrg.email);
    expect(await (await other.get('/organizer/advisors')).text()).not.toContain('开封顾问测试机械有限公司');
    const [p1] = await current(fx.ent1);
    expect((await other.post('/organizer/advisors', { intent: 'end', pairingId: p1.id })).status).toBe(404);
    expect(await current(fx.ent1)).toHaveLength(1);
  });

  it('re-pairing keeps the history: one current advisor, the former one listed', async () => {
    const o = await client(fx.org.email);
    expect((await o.post('/organizer/advisors', { intent: 'pair', enterpriseId: fx.ent2, officerId: fx.b1.id })).status).toBe(302);
    const rows = await db
      .selectFrom('advisor_pairings')
      .selectAll()
      .where('enterprise_org_id', '=', fx.ent2)
      .orderBy('started_at')
      .execute();
    expect(rows.map((r) => [r.officer_user_id, r.end_reason, r.ended_at === null])).toEqual([
      [fx.a1.id, 'repaired', false],
      [fx.b1.id, null, true],
    ]);
    const page = await (await o.get('/organizer/advisors')).text();
    expect(page).toContain('顾问甲一（顾问测试开封甲银行）');

    // two pairings of one firm at the same moment leave exactly one current advisor
    const actor = { userId: fx.org.id, regionCode: '410200' };
    await Promise.allSettled([
      pairAdvisor(db, actor, { enterpriseId: fx.ent3, officerId: fx.a2.id }),
      pairAdvisor(db, actor, { enterpriseId: fx.ent3, officerId: fx.a1.id }),
    ]);
    expect(await current(fx.ent3)).toHaveLength(1);
    // back to the planned state: 乙一 serves ent3
    await pairAdvisor(db, actor, { enterpriseId: fx.ent3, officerId: fx.b1.id });
    expect((await current(fx.ent3)).map((r) => r.officer_user_id)).toEqual([fx.b1.id]);
  });

  it('an officer sees and logs contacts only for the firms paired with them', async () => {
    const a1 = await client(fx.a1.email);
    const a2 = await client(fx.a2.email);
    const b1 = await client(fx.b1.email);
    const list = await (await a1.get('/bank/advisor')).text();
    expect(list).toContain('开封顾问测试机械有限公司');
    expect(list).not.toContain('开封顾问测试食品有限公司'); // re-paired to 乙一
    expect(await (await a2.get('/bank/advisor')).text()).not.toContain('开封顾问测试机械有限公司');
    expect((await a2.get(`/bank/advisor/${fx.ent1}`)).status).toBe(404);
    expect((await b1.get(`/bank/advisor/${fx.ent1}`)).status).toBe(404);
    expect((await a1.get(`/bank/advisor/${fx.ent2}`)).status).toBe(404);

    const today = todayInChina();
    const good = { channel: 'visit', contactOn: today, summary: '上门走访，了解设备更新资金需求', nextStep: '准备授信材料' };
    const cases: [Record<string, string>, string][] = [
      [{ ...good, contactOn: addDays(today, 1) }, 'advisors.v.future'],
      [{ ...good, contactOn: addDays(today, -1) }, 'advisors.v.beforePairing'],
      [{ ...good, contactOn: '2026-02-30' }, 'advisors.v.date'],
      [{ ...good, summary: '' }, 'advisors.v.summary'],
      [{ ...good, channel: 'letter' }, 'v.choice'],
    ];
    for (const [body, key] of cases) {
      const res = await a1.post(`/bank/advisor/${fx.ent1}`, body);
      expect(res.status, key).toBe(400);
      expect(await res.text(), key).toContain(key);
    }
    expect((await a2.post(`/bank/advisor/${fx.ent1}`, good)).status).toBe(404);
    expect((await a1.post(`/bank/advisor/${fx.ent2}`, good)).status).toBe(404);
    expect((await a1.post(`/bank/advisor/${fx.ent1}`, good)).status).toBe(302);
    const logs = await db.selectFrom('advisor_contacts').selectAll().where('enterprise_org_id', '=', fx.ent1).execute();
    expect(logs.map((l) => [l.officer_user_id, l.bank_org_id, l.channel, l.contact_on, l.next_step])).toEqual([
      [fx.a1.id, fx.bankA, 'visit', today, '准备授信材料'],
    ]);
    const detail = await (await a1.get(`/bank/advisor/${fx.ent1}`)).text();
    expect(detail).toContain('上门走访，了解设备更新资金需求');
    expect(await (await a1.get('/')).text()).toContain('/bank/advisor');
  });

  it('an enterprise sees its own advisor on its home: name, bank, phone', async () => {
    const phone = (await db.selectFrom('users').select('phone').where('id', '=', fx.a1.id).executeTakeFirstOrThrow()).phone;
    const home1 = await (await client(fx.entUser1.email)).get('/');
    const text1 = await home1.text();
    expect(text1).toContain('我的金融顾问');
    expect(text1).toContain('顾问甲一');
    expect(text1).toContain('顾问测试开封甲银行');
    expect(text1).toContain(phone);
    const text2 = await (await (await client(fx.entUser2.email)).get('/')).text();
    expect(text2).toContain('顾问乙一');
    expect(text2).not.toContain('顾问甲一');
    // the demo enterprise of 平顶山 does not see the 开封 advisors
    const demo = await client(DEMO.enterprise);
    expect(await (await demo.get('/')).text()).not.toContain('顾问甲一');
  });

  it('the KPIs per officer and bank follow contacts, problems closed in time and ratings, and add up', async () => {
    const today = todayInChina();
    const period = { from: today.slice(0, 7), to: today.slice(0, 7) };
    let k = await advisorKpis(db, '410200', period, today);
    expect(k.total).toMatchObject({ firms: 3, contacted: 1, contacts: 1, contactRate: 33.3 });
    const bankB = () => k.byBank.find((r) => r.key === fx.bankB);
    expect(k.byBank.find((r) => r.key === fx.bankA)).toMatchObject({ firms: 1, contacted: 1, contactRate: 100 });
    expect(bankB()).toMatchObject({ firms: 2, contacted: 0, contactRate: 0, problemsDue: 0, rated: 0, satisfactionRate: null });

    // ent3 (乙一): one problem closed in time, one overdue and open; two ratings of bank B (5 and 2), one of another bank
    const problem = (id: string, status: 'closed' | 'assigned', dueOn: string, closedAt: string | null) =>
      db
        .insertInto('problems')
        .values({
          id,
          region_code: '410204',
          enterprise_org_id: fx.ent3,
          category: 'financing',
          description: '顾问测试问题',
          recorded_by: fx.entUser3.id,
          status,
          handler_org_id: fx.bankB,
          due_working_days: 5,
          clock_started_on: addDays(dueOn, -7),
          due_on: dueOn,
          reply: null,
          replied_at: null,
          rating: null,
          closed_at: closedAt,
          escalated_at: null,
          created_at: now(),
          updated_at: now(),
          ledger_year: 2026,
          seq_no: next(),
          ledger_code: `顾问-问题-2026-${last()}`,
          contact_due_on: null,
          reply_due_on: null,
          contacted_at: null,
          escalated_stage: null,
        })
        .execute();
    await problem('advprob000000001', 'closed', today, now());
    const earlier = today.slice(8) > '01' ? addDays(today, -1) : today;
    await problem('advprob000000002', 'assigned', earlier, null);
    const rating = (subject: string, rated: string, score: number) =>
      db
        .insertInto('ratings')
        .values({
          id: fid('advrat'),
          subject_kind: 'problem',
          subject_id: subject,
          rater_org_id: fx.ent3,
          rater_kind: 'enterprise',
          rated_org_id: rated,
          rated_kind: 'bank',
          region_code: '410204',
          score,
          reasons: '[]',
          comment: null,
          rated_month: today.slice(0, 7),
          rated_by_user_id: fx.entUser3.id,
          created_at: now(),
          updated_at: now(),
        })
        .execute();
    await rating('advprob000000001', fx.bankB, 5);
    await rating('advprob000000002', fx.bankB, 2);
    await rating('advprob000000003', fx.bankA, 5);

    const b1 = await client(fx.b1.email);
    expect((await b1.post(`/bank/advisor/${fx.ent3}`, { channel: 'phone', contactOn: today, summary: '电话回访' })).status).toBe(302);

    k = await advisorKpis(db, '410200', period, today);
    const overdue = earlier < today ? 1 : 0;
    expect(bankB()).toMatchObject({
      firms: 2,
      contacted: 1,
      contactRate: 50,
      problemsDue: 1 + overdue,
      problemsInTime: 1,
      rated: 2,
      satisfied: 1,
      satisfactionRate: 50,
    });
    // officers add up to their banks, banks to the total
    for (const f of ['firms', 'contacted', 'contacts', 'problemsDue', 'problemsInTime', 'rated', 'satisfied'] as const) {
      expect(
        k.byBank.reduce((s, r) => s + r[f], 0),
        f,
      ).toBe(k.total[f]);
      expect(
        k.byOfficer.reduce((s, r) => s + r[f], 0),
        f,
      ).toBe(k.total[f]);
    }
    // a period without the contacts: nobody contacted
    const before = { from: '2020-01', to: '2020-12' };
    expect((await advisorKpis(db, '410200', before, today)).total).toMatchObject({ firms: 3, contacted: 0, contacts: 0 });

    // the organizer's page and the dashboard card show them; another region's organizer does not see them
    const o = await client(fx.org.email);
    const page = await (await o.get(`/organizer/advisors?from=${period.from}&to=${period.to}`)).text();
    expect(page).toContain('顾问乙一');
    expect(page).toContain('50.0%');
    // the card is on the dashboard's 工作成效 page (decision 044a)
    const dash = await (await o.get('/dashboard?view=work')).text();
    expect(dash).toContain('dashboard-advisors');
    expect(dash).toContain('顾问测试开封乙银行');
    expect(await (await (await client(fx.otherOrg.email)).get('/dashboard?view=work')).text()).not.toContain('顾问测试开封乙银行');
    // a bank's dashboard has no advisor card
    for (const view of ['', '?view=work', '?view=tables'])
      expect(await (await b1.get(`/dashboard${view}`)).text()).not.toContain('dashboard-advisors');
  });
});
