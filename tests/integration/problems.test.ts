/**
 * 问题诉求台账 over HTTP (issue 18, decision 036e): an enterprise records a
 * difficulty and gets its ledger number; the organizer assigns it (交办) to a bank
 * of the region with contact/reply/close deadlines in working days (an
 * out-of-region bank is refused with a clear message); the bank contacts and
 * replies; the enterprise reopens (the clock restarts and the page says so), then
 * rates it and it is closed (销号). A department's organizer answers the items of
 * its department. With a moved clock the overdue sweep escalates (督办) once and
 * the organizer's home lists the item. Attachments from the enterprise's
 * documents reach the handler. Fixtures in 洛阳市 (410300) so the demo data does
 * not interfere.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { getHolidays } from '../../app/modules/calendar/settings.server';
import { addWorkingDays, todayInChina } from '../../app/modules/calendar/working-days';
import { assignProblem, escalateOverdueProblems, recordProblem } from '../../app/modules/followup/problems.server';
import { DEMO } from '../support/http-client';
import { orgFixtures } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
const {
  org,
  user: insertUser,
  client,
} = orgFixtures({
  db: () => db,
  passwordHash: () => passwordHash,
  serverUrl: () => server.url,
  orgPrefix: (kind) => `pb${kind.slice(0, 3)}`,
  userPrefix: 'pbusr',
  label: 'problem',
  theme: '台账测试',
});
const user = (role: 'bank' | 'organizer' | 'enterprise', orgId: string | null, region: string | null = null) =>
  insertUser(role, orgId, { region_code: region });

const idFrom = (res: Response) => (res.headers.get('location') ?? '').split('/').pop() ?? '';

const fx = {} as {
  ent: string;
  bank: string;
  otherBank: string;
  outBank: string;
  dept: string;
  outDept: string;
  entUser: { id: string; email: string };
  org: { id: string; email: string };
  deptUser: { id: string; email: string };
  otherOrg: { id: string; email: string };
  bankUser: { id: string; email: string };
  otherBankUser: { id: string; email: string };
};

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.ent = await org('enterprise', '洛阳台账测试轴承有限公司', '410311');
  fx.bank = await org('bank', '台账测试洛阳甲银行', '410300');
  fx.otherBank = await org('bank', '台账测试洛阳乙银行', '410300');
  fx.outBank = await org('bank', '台账测试郑州银行', '410100');
  fx.dept = await org('government', '洛阳市人力资源和社会保障局（台账测试）', '410300');
  fx.outDept = await org('government', '郑州市工信局（台账测试）', '410100');
  fx.entUser = await user('enterprise', fx.ent);
  fx.org = await user('organizer', null, '410300');
  fx.deptUser = await user('organizer', fx.dept, '410300');
  fx.otherOrg = await user('organizer', null, '410100');
  fx.bankUser = await user('bank', fx.bank);
  fx.otherBankUser = await user('bank', fx.otherBank);
});
afterAll(async () => {
  await server?.stop();
});

describe('问题诉求台账', () => {
  let id = '';

  it('an enterprise records a difficulty and gets the next number of its district’s ledger', async () => {
    const e = await client(fx.entUser.email);
    const bad = await e.post('/enterprise/problems', { category: 'financing', description: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('problems.v.description');
    expect((await e.post('/enterprise/problems', { category: 'nothing', description: '资金紧张' })).status).toBe(400);

    const res = await e.post('/enterprise/problems', { category: 'financing', description: '流动资金贷款到期，续贷担保方退出' });
    expect(res.status).toBe(302);
    id = idFrom(res);
    const row = await db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const year = todayInChina().slice(0, 4);
    expect(row.ledger_code).toBe(`洛龙-问题-${year}-0001`);
    expect(row.status).toBe('open');
    // the second item of the district takes the next number
    const second = idFrom(await e.post('/enterprise/problems', { category: 'hiring', description: '招不到数控技工' }));
    expect((await db.selectFrom('problems').select('ledger_code').where('id', '=', second).executeTakeFirstOrThrow()).ledger_code).toBe(
      `洛龙-问题-${year}-0002`,
    );
    const page = await (await e.get('/enterprise/problems')).text();
    expect(page).toContain(`洛龙-问题-${year}-0001`);
    expect(page).toContain('待交办');
  });

  it('the organizer assigns it inside the region only, with contact/reply/close deadlines in working days', async () => {
    const o = await client(fx.org.email);
    const home = await (await o.get('/')).text();
    expect(home).toContain('待交办的问题诉求');

    for (const handler of [fx.outBank, fx.outDept]) {
      const refused = await o.post(`/organizer/problems/${id}`, { intent: 'assign', handlerId: handler });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('problems.err.handlerOutsideRegion');
    }
    expect((await db.selectFrom('problems').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('open');
    // another region's organizer does not see it
    expect((await (await client(fx.otherOrg.email)).get(`/organizer/problems/${id}`)).status).toBe(404);

    expect((await o.post(`/organizer/problems/${id}`, { intent: 'assign', handlerId: fx.bank })).status).toBe(302);
    const row = await db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const today = todayInChina();
    const holidays = await getHolidays(db, '410311');
    expect(row.status).toBe('assigned');
    expect(row.contact_due_on).toBe(addWorkingDays(today, 1, holidays));
    expect(row.reply_due_on).toBe(addWorkingDays(today, 3, holidays));
    expect(row.due_on).toBe(addWorkingDays(today, 5, holidays));
    const notes = await db.selectFrom('notifications').select(['kind', 'link']).where('user_id', '=', fx.bankUser.id).execute();
    expect(notes).toEqual([{ kind: 'problem.assigned', link: `/bank/problems/${id}` }]);
  });

  it('only the handling bank sees and answers it; the enterprise reopens, the clock restarts and the page says so; then 销号', async () => {
    const b = await client(fx.bankUser.email);
    const other = await client(fx.otherBankUser.email);
    expect(await (await b.get('/bank/problems')).text()).toContain('洛阳台账测试轴承有限公司');
    expect(await (await other.get('/bank/problems')).text()).not.toContain('洛阳台账测试轴承有限公司');
    expect((await other.get(`/bank/problems/${id}`)).status).toBe(404);
    expect((await other.post(`/bank/problems/${id}`, { intent: 'reply', reply: '冒充答复' })).status).toBe(404);

    expect((await b.post(`/bank/problems/${id}`, { intent: 'contact' })).status).toBe(302);
    expect((await b.post(`/bank/problems/${id}`, { intent: 'reply', reply: '' })).status).toBe(400);
    expect((await b.post(`/bank/problems/${id}`, { intent: 'reply', reply: '已上门对接，可办理无还本续贷' })).status).toBe(302);

    const e = await client(fx.entUser.email);
    expect(await (await e.get(`/enterprise/problems/${id}`)).text()).toContain('已上门对接，可办理无还本续贷');
    expect((await e.post(`/enterprise/problems/${id}`, { intent: 'rate', rating: 'great' })).status).toBe(400);
    const reopened = await e.post(`/enterprise/problems/${id}`, { intent: 'rate', rating: 'dissatisfied', reopen: '1' });
    expect(reopened.status).toBe(302);
    const row = await db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('assigned');
    expect(row.reopen_count).toBe(1);
    expect(row.clock_started_on).toBe(todayInChina());
    const page = await (await e.get(`/enterprise/problems/${id}`)).text();
    expect(page).toContain(`企业不满意已重新打开 1 次：时限自 ${todayInChina()} 重新计算，${row.due_on} 前办结`);
    expect(await (await b.get(`/bank/problems/${id}`)).text()).toContain('已重新打开 1 次');

    expect((await b.post(`/bank/problems/${id}`, { intent: 'reply', reply: '已办理续贷 300 万元' })).status).toBe(302);
    expect((await e.post(`/enterprise/problems/${id}`, { intent: 'rate', rating: 'satisfied', reopen: '' })).status).toBe(302);
    const closed = await db.selectFrom('problems').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(closed.status).toBe('closed');
    expect(closed.rating).toBe('satisfied');
    const ledger = await db
      .selectFrom('problem_events')
      .select('action')
      .where('problem_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(ledger.map((l) => l.action)).toEqual([
      'recorded',
      'assigned',
      'contacted',
      'replied',
      'rated',
      'reopened',
      'replied',
      'rated',
      'closed',
    ]);
    expect(await (await e.get(`/enterprise/problems/${id}`)).text()).toContain('已销号');
  });

  it('a department’s organizer answers the items of its department; attachments reach the handler', async () => {
    const e = await client(fx.entUser.email);
    const pid = idFrom(await e.post('/enterprise/problems', { category: 'policy', description: '稳岗补贴申领材料不清楚' }));
    // a document of the enterprise, attached to the item
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const form = new FormData();
    form.append('kind', 'other');
    form.append('file', new Blob([png], { type: 'image/png' }), '社保缴费证明.png');
    expect((await e.request('POST', '/org/documents', { body: form })).status).toBe(302);
    const doc = await db.selectFrom('documents').select('id').where('organization_id', '=', fx.ent).executeTakeFirstOrThrow();
    expect((await e.post(`/enterprise/problems/${pid}`, { intent: 'attach', documentId: 'nosuchdocument00' })).status).toBe(400);
    expect((await e.post(`/enterprise/problems/${pid}`, { intent: 'attach', documentId: doc.id })).status).toBe(302);

    const o = await client(fx.org.email);
    expect((await o.post(`/organizer/problems/${pid}`, { intent: 'assign', handlerId: fx.dept, dueDays: '2' })).status).toBe(302);
    const d = await client(fx.deptUser.email);
    expect(await (await d.get('/organizer/problems?filter=mine')).text()).toContain('稳岗补贴申领材料不清楚');
    expect((await d.get(`/documents/${doc.id}`)).status).toBe(200);
    // the region's organizer (no department) cannot answer for the department
    expect((await o.post(`/organizer/problems/${pid}`, { intent: 'reply', reply: '代答' })).status).toBe(404);
    expect((await d.post(`/organizer/problems/${pid}`, { intent: 'reply', reply: '已电话指导，材料清单见附件' })).status).toBe(302);
    expect((await db.selectFrom('problems').select('status').where('id', '=', pid).executeTakeFirstOrThrow()).status).toBe('replied');
    // a bank that does not handle it cannot read the attachment
    expect((await (await client(fx.otherBankUser.email)).get(`/documents/${doc.id}`)).status).toBe(404);
  });

  it('with a moved clock, the sweep escalates an overdue item once and the organizer’s home lists it (督办)', async () => {
    const pid = await recordProblem(
      db,
      { kind: 'organizer', userId: fx.org.id, regionCode: '410300' },
      { category: 'other', description: '厂房消防验收久拖未办', enterpriseId: fx.ent },
    );
    // assigned two weeks ago: every deadline has passed
    await assignProblem(
      db,
      { userId: fx.org.id, regionCode: '410300' },
      pid,
      { handlerId: fx.otherBank },
      new Date(Date.now() - 14 * 86400_000),
    );
    const o = await client(fx.org.email);
    const [a, b] = await Promise.all([escalateOverdueProblems(db), escalateOverdueProblems(db)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    expect(await escalateOverdueProblems(db)).toBe(0);
    const row = await db.selectFrom('problems').selectAll().where('id', '=', pid).executeTakeFirstOrThrow();
    expect(row.escalated_stage).toBe('contact');
    const escalations = await db
      .selectFrom('problem_events')
      .select('id')
      .where('problem_id', '=', pid)
      .where('action', '=', 'escalated')
      .execute();
    expect(escalations).toHaveLength(1);
    const notes = await db
      .selectFrom('notifications')
      .select('link')
      .where('user_id', '=', fx.org.id)
      .where('kind', '=', 'problem.overdue')
      .execute();
    expect(notes.map((n) => n.link)).toContain(`/organizer/problems/${pid}`);
    const home = await (await o.get('/')).text();
    expect(home).toContain('逾期督办的问题诉求');
    expect(home).toContain(row.ledger_code ?? 'x');
    const overdue = await (await o.get('/organizer/problems?filter=overdue')).text();
    expect(overdue).toContain(row.ledger_code ?? 'x');
    expect(overdue).toContain('已督办（联系逾期）');
    // the handling bank sees it overdue too
    expect(await (await client(fx.otherBankUser.email)).get(`/bank/problems/${pid}`).then((r) => r.text())).toContain('已超过联系时限');
  });
});
