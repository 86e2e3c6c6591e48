/**
 * 推荐清单 with bank feedback over HTTP (issue 18): an organizer compiles a list
 * from the directory (filter, or one by one), pushes it to the region's banks
 * (another region's bank refused), banks answer per enterprise (已走访 / 已授信 /
 * 未授信), an answer after the deadline is kept and marked late, a bank cannot
 * answer for a firm not on its list nor see a list not pushed to it; the
 * organizer sees 走访率 and 授信覆盖率 per list and per bank.
 * Fixtures live in 新乡市 (410700) so the demo data does not interfere.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { getHolidays } from '../../app/modules/calendar/settings.server';
import { addWorkingDays, addDays, todayInChina } from '../../app/modules/calendar/working-days';
import { DEMO } from '../support/http-client';
import { orgFixtures } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
const now = () => new Date().toISOString();
const {
  fid,
  org: insertOrg,
  user: insertUser,
  client,
} = orgFixtures({
  db: () => db,
  passwordHash: () => passwordHash,
  serverUrl: () => server.url,
  orgPrefix: (kind) => (kind === 'bank' ? 'flbank' : 'flent'),
  userPrefix: 'flusr',
  label: 'list',
  theme: '清单测试',
});
const org = (kind: 'enterprise' | 'bank', name: string, region: string, industry = 'C') =>
  insertOrg(kind, name, region, kind === 'enterprise' ? { industry } : {});
const user = (role: 'bank' | 'organizer', orgId: string | null, region: string | null = null) =>
  insertUser(role, orgId, { region_code: region });

const fx = {} as {
  ent1: string;
  ent2: string;
  entRetail: string;
  entOutside: string;
  bankA: string;
  bankB: string;
  bankOut: string;
  org: { id: string; email: string };
  otherOrg: { id: string; email: string };
  bankAUser: { id: string; email: string };
  bankBUser: { id: string; email: string };
  bankOutUser: { id: string; email: string };
};

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.ent1 = await org('enterprise', '新乡清单测试机械有限公司', '410702');
  fx.ent2 = await org('enterprise', '新乡清单测试电池有限公司', '410702');
  fx.entRetail = await org('enterprise', '新乡清单测试商贸有限公司', '410702', 'F');
  fx.entOutside = await org('enterprise', '郑州清单测试区外企业', '410102');
  fx.bankA = await org('bank', '清单测试新乡甲银行', '410700');
  fx.bankB = await org('bank', '清单测试新乡乙银行', '410702');
  fx.bankOut = await org('bank', '清单测试郑州银行', '410100');
  fx.org = await user('organizer', null, '410700');
  fx.otherOrg = await user('organizer', null, '410100');
  fx.bankAUser = await user('bank', fx.bankA);
  fx.bankBUser = await user('bank', fx.bankB);
  fx.bankOutUser = await user('bank', fx.bankOut);
  // ent2 has a published hiring need (用工计划)
  await db
    .insertInto('hiring_needs')
    .values({
      id: fid('flhire'),
      organization_id: fx.ent2,
      title: '新乡电池招工',
      description: null,
      training_support: 0,
      total_headcount: 20,
      wanted_by: null,
      status: 'published',
      region_code: '410702',
      search_text: '新乡电池招工',
      published_at: now(),
      closed_at: null,
      status_reason: null,
      created_at: now(),
      updated_at: now(),
    })
    .execute();
});
afterAll(async () => {
  await server?.stop();
});

describe('推荐清单 with bank feedback', () => {
  let listId = '';

  it('an organizer creates a list and fills it from the directory by filter and one by one', async () => {
    const o = await client(fx.org.email);
    expect((await o.post('/organizer/lists', { title: '', dueDays: '3' })).status).toBe(400);
    expect((await o.post('/organizer/lists', { title: '新乡制造业首贷清单', dueDays: '0' })).status).toBe(400);
    const created = await o.post('/organizer/lists', { title: '新乡制造业首贷清单', dueDays: '3', note: '制造业小微企业' });
    expect(created.status).toBe(302);
    listId = (created.headers.get('location') ?? '').split('/').pop() ?? '';
    expect(listId).not.toBe('');

    // hiring plans only: ent2
    const hiring = await o.get(`/organizer/lists/${listId}?region=410702&industry=C&hiring=1`);
    const page = await hiring.text();
    expect(page).toContain('新乡清单测试电池有限公司');
    expect(page).not.toContain('新乡清单测试机械有限公司');
    expect(
      (
        await o.post(`/organizer/lists/${listId}?region=410702&industry=C`, {
          intent: 'addFiltered',
          region: '410702',
          industry: 'C',
          size: '',
          hiring: '',
        })
      ).status,
    ).toBe(302);
    const firms = await db.selectFrom('recommended_list_firms').select('enterprise_org_id').where('list_id', '=', listId).execute();
    expect(firms.map((f) => f.enterprise_org_id).sort()).toEqual([fx.ent1, fx.ent2].sort());

    // one by one: outside the region is refused with a clear message
    const outside = await o.post(`/organizer/lists/${listId}`, { intent: 'addFirm', enterpriseId: fx.entOutside });
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain('followup.err.firmOutsideRegion');
    // another region's organizer sees nothing
    expect((await (await client(fx.otherOrg.email)).get(`/organizer/lists/${listId}`)).status).toBe(404);
  });

  it('pushes to the region’s banks only, fixes the deadline in working days, and tells the banks', async () => {
    const o = await client(fx.org.email);
    const refused = await o.post(`/organizer/lists/${listId}`, { intent: 'push', bankIds: [fx.bankA, fx.bankOut] });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('followup.err.bankOutsideRegion');
    expect((await db.selectFrom('recommended_list_banks').selectAll().where('list_id', '=', listId).execute()).length).toBe(0);

    expect((await o.post(`/organizer/lists/${listId}`, { intent: 'push', bankIds: [fx.bankA, fx.bankB] })).status).toBe(302);
    const list = await db.selectFrom('recommended_lists').selectAll().where('id', '=', listId).executeTakeFirstOrThrow();
    const today = todayInChina();
    expect(list.due_on).toBe(addWorkingDays(today, 3, await getHolidays(db, '410700')));
    const notes = await db
      .selectFrom('notifications')
      .selectAll()
      .where('user_id', '=', fx.bankAUser.id)
      .where('kind', '=', 'list.pushed')
      .execute();
    expect(notes.length).toBe(1);
    expect(notes[0].link).toBe(`/bank/lists/${listId}`);
    // pushing again to a bank already on it tells nobody twice
    expect((await o.post(`/organizer/lists/${listId}`, { intent: 'push', bankIds: [fx.bankA] })).status).toBe(302);
    expect(
      (await db.selectFrom('notifications').select('id').where('user_id', '=', fx.bankAUser.id).where('kind', '=', 'list.pushed').execute())
        .length,
    ).toBe(1);
  });

  it('a bank sees only lists pushed to it and answers per enterprise; refusals are clear', async () => {
    const a = await client(fx.bankAUser.email);
    expect(await (await a.get('/bank/lists')).text()).toContain('新乡制造业首贷清单');
    const outBank = await client(fx.bankOutUser.email);
    expect(await (await outBank.get('/bank/lists')).text()).not.toContain('新乡制造业首贷清单');
    expect((await outBank.get(`/bank/lists/${listId}`)).status).toBe(404);
    expect(
      (
        await outBank.post(`/bank/lists/${listId}`, {
          outcome: 'visited',
          enterpriseId: fx.ent1,
          visitedOn: todayInChina(),
          officer: '王经理',
        })
      ).status,
    ).toBe(404);

    expect(
      (await a.post(`/bank/lists/${listId}`, { outcome: 'visited', enterpriseId: fx.ent1, visitedOn: todayInChina(), officer: '王经理' }))
        .status,
    ).toBe(302);
    expect((await a.post(`/bank/lists/${listId}`, { outcome: 'granted', enterpriseId: fx.ent2, amount: '150' })).status).toBe(302);
    const granted = await db
      .selectFrom('recommended_feedback')
      .selectAll()
      .where('list_id', '=', listId)
      .where('enterprise_org_id', '=', fx.ent2)
      .where('bank_org_id', '=', fx.bankA)
      .executeTakeFirstOrThrow();
    expect(Number(granted.amount)).toBe(1_500_000);
    expect(granted.late).toBe(0);

    const notOnList = await a.post(`/bank/lists/${listId}`, { outcome: 'granted', enterpriseId: fx.entRetail, amount: '10' });
    expect(notOnList.status).toBe(400);
    expect(await notOnList.text()).toContain('followup.err.firmNotOnList');
    const future = await a.post(`/bank/lists/${listId}`, {
      outcome: 'visited',
      enterpriseId: fx.ent1,
      visitedOn: addDays(todayInChina(), 2),
      officer: '王',
    });
    expect(future.status).toBe(400);
    expect(await future.text()).toContain('followup.v.visitedOn');
    expect((await a.post(`/bank/lists/${listId}`, { outcome: 'granted', enterpriseId: fx.ent2, amount: '1.234567' })).status).toBe(400);

    const b = await client(fx.bankBUser.email);
    const noText = await b.post(`/bank/lists/${listId}`, {
      outcome: 'declined',
      enterpriseId: fx.ent2,
      reasonCode: 'other',
      reasonText: '',
    });
    expect(noText.status).toBe(400);
    expect(await noText.text()).toContain('followup.v.reasonText');
    expect(
      (await b.post(`/bank/lists/${listId}`, { outcome: 'declined', enterpriseId: fx.ent2, reasonCode: 'no_guarantee', reasonText: '' }))
        .status,
    ).toBe(302);
  });

  it('an answer after the deadline is accepted and marked late', async () => {
    await db
      .updateTable('recommended_lists')
      .set({ due_on: addDays(todayInChina(), -1) })
      .where('id', '=', listId)
      .execute();
    const b = await client(fx.bankBUser.email);
    const page = await (await b.get(`/bank/lists/${listId}`)).text();
    expect(page).toContain('仍可反馈，将记为逾期');
    expect(
      (await b.post(`/bank/lists/${listId}`, { outcome: 'visited', enterpriseId: fx.ent1, visitedOn: todayInChina(), officer: '李行长' }))
        .status,
    ).toBe(302);
    const row = await db
      .selectFrom('recommended_feedback')
      .select('late')
      .where('list_id', '=', listId)
      .where('enterprise_org_id', '=', fx.ent1)
      .where('bank_org_id', '=', fx.bankB)
      .executeTakeFirstOrThrow();
    expect(row.late).toBe(1);
  });

  it('the organizer sees 走访率 and 授信覆盖率 per list and per bank, reconciling with the answers', async () => {
    const o = await client(fx.org.email);
    const page = await (await o.get(`/organizer/lists/${listId}`)).text();
    // both firms answered by some bank; ent2 granted by bank A
    expect(page).toContain('走访 2/2（100%） · 授信 1/2（50%）');
    expect(page).toMatch(/150(\.0+)?万元/);
    expect(page).toContain('逾期反馈 1 条');
    const lists = await (await o.get('/organizer/lists')).text();
    expect(lists).toContain('走访 2/2（100%） · 授信 1/2（50%）');
    const rows = await db.selectFrom('recommended_feedback').selectAll().where('list_id', '=', listId).execute();
    expect(rows.length).toBe(4);
    expect(new Set(rows.filter((r) => r.outcome === 'granted').map((r) => r.enterprise_org_id)).size).toBe(1);
    // a firm with an answer cannot be removed
    const remove = await o.post(`/organizer/lists/${listId}`, { intent: 'removeFirm', enterpriseId: fx.ent1 });
    expect(remove.status).toBe(409);
  });
});
