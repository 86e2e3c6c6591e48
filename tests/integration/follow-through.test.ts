/**
 * 跟进成效 over HTTP (issue 18, decision 037d): the dashboard's section, the monthly
 * ranking page and the 通报 (PDF, DOCX) and workbook (XLSX) of October 2026 carry
 * the follow-through figures of the rows below — directory and list coverage, needs
 * picked up in time, dispatches, problems closed in time, satisfaction — by district
 * and bank, each with numerator and denominator, and they reconcile with the rows.
 * Fixtures live in 鹤壁市 (410600), away from the demo data.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followThroughOutcomes, monthFollowThrough } from '../../app/modules/followup/outcomes.server';
import { pickupFigures } from '../../app/modules/dispatch/dispatch.server';
import type { Database } from '../../db/schema';
import { DEMO } from '../support/http-client';
import { orgFixtures } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
const iso = (day: string, hour = 2) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const {
  fid,
  org,
  user,
  need: insertNeed,
  client: signIn,
} = orgFixtures({
  db: () => db,
  passwordHash: () => passwordHash,
  serverUrl: () => server.url,
  orgPrefix: (kind) => (kind === 'bank' ? 'ftbank' : kind === 'government' ? 'ftgov' : 'ftent'),
  userPrefix: 'ftusr',
  needPrefix: 'ftneed',
  label: 'followthrough',
});

const NAMES = {
  BA: '鹤壁跟进测试甲银行',
  BB: '鹤壁跟进测试乙银行',
  G: '鹤壁市跟进测试工信局',
};

const need = (ent: string, region: string, publishedOn: string) =>
  insertNeed(ent, '跟进测试流动资金', region, {
    search_text: '跟进测试',
    published_at: iso(publishedOn),
    created_at: iso(publishedOn),
    updated_at: iso(publishedOn),
  });

async function problem(p: { ent: string; region: string; handler: string; dueOn: string; closedAt: string | null }) {
  await db
    .insertInto('problems')
    .values({
      id: fid('ftprob'),
      region_code: p.region,
      enterprise_org_id: p.ent,
      category: 'financing',
      description: '跟进测试问题',
      recorded_by: fx.org.id,
      status: p.closedAt ? 'closed' : 'assigned',
      handler_org_id: p.handler,
      due_working_days: 5,
      clock_started_on: '2026-10-09',
      due_on: p.dueOn,
      reply: null,
      replied_at: null,
      rating: null,
      closed_at: p.closedAt,
      escalated_at: null,
      created_at: iso('2026-10-09'),
      updated_at: iso('2026-10-09'),
      ledger_year: null,
      seq_no: null,
      ledger_code: null,
      contact_due_on: null,
      reply_due_on: null,
      contacted_at: null,
      escalated_stage: null,
    })
    .execute();
}

async function rating(rater: string, region: string, rated: string, kind: 'bank' | 'government', score: number, month: string) {
  const id = fid('ftrate');
  await db
    .insertInto('ratings')
    .values({
      id,
      subject_kind: 'problem',
      subject_id: id,
      rater_org_id: rater,
      rater_kind: 'enterprise',
      rated_org_id: rated,
      rated_kind: kind,
      region_code: region,
      score,
      reasons: '[]',
      comment: null,
      rated_month: month,
      rated_by_user_id: fx.org.id,
      created_at: iso(`${month}-15`),
      updated_at: iso(`${month}-15`),
    })
    .execute();
}

const fx = {} as {
  org: { id: string; email: string };
  E1: string;
  E2: string;
  E3: string;
  E4: string;
  BA: string;
  BB: string;
  G: string;
  list: string;
};

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow())
    .password_hash;
  fx.org = await user('organizer', null, { name: '跟进测试', phone: '13800000006', region_code: '410600' });
  fx.E1 = await org('enterprise', '鹤壁跟进测试甲企业', '410602');
  fx.E2 = await org('enterprise', '鹤壁跟进测试乙企业', '410602');
  fx.E3 = await org('enterprise', '浚县跟进测试丙企业', '410621');
  fx.E4 = await org('enterprise', '浚县跟进测试丁企业', '410621');
  fx.BA = await org('bank', NAMES.BA, '410600');
  fx.BB = await org('bank', NAMES.BB, '410600');
  fx.G = await org('government', NAMES.G, '410600');

  // a list of three firms pushed in October to both banks; answers: BA granted E1 (Oct), BB visited E2 (Oct), BA E3 in November
  fx.list = fid('ftlist');
  await db
    .insertInto('recommended_lists')
    .values({
      id: fx.list,
      region_code: '410600',
      title: '鹤壁跟进测试白名单',
      note: '',
      due_working_days: 10,
      pushed_at: iso('2026-10-10'),
      due_on: '2026-10-26',
      created_by: fx.org.id,
      created_at: iso('2026-10-09'),
      updated_at: iso('2026-10-10'),
    })
    .execute();
  for (const e of [fx.E1, fx.E2, fx.E3])
    await db
      .insertInto('recommended_list_firms')
      .values({ list_id: fx.list, enterprise_org_id: e, added_at: iso('2026-10-09') })
      .execute();
  for (const b of [fx.BA, fx.BB])
    await db
      .insertInto('recommended_list_banks')
      .values({ list_id: fx.list, bank_org_id: b, pushed_at: iso('2026-10-10') })
      .execute();
  const answer = (ent: string, bank: string, outcome: 'visited' | 'granted', day: string) =>
    db
      .insertInto('recommended_feedback')
      .values({
        list_id: fx.list,
        enterprise_org_id: ent,
        bank_org_id: bank,
        outcome,
        visited_on: day,
        officer: '客户经理',
        amount: outcome === 'granted' ? 3_000_000 : null,
        reason_code: null,
        reason_text: null,
        late: 0,
        answered_by: fx.org.id,
        answered_at: iso(day),
      })
      .execute();
  await answer(fx.E1, fx.BA, 'granted', '2026-10-15');
  await answer(fx.E2, fx.BB, 'visited', '2026-10-20');
  await answer(fx.E3, fx.BA, 'visited', '2026-11-05');

  // needs: N1 (410602) answered by BA the next day; N2 (410621) never answered, dispatched to BB and left silent
  const n1 = await need(fx.E1, '410602', '2026-10-09');
  await db
    .insertInto('need_interests')
    .values({
      id: fid('ftint'),
      need_kind: 'financing',
      need_id: n1,
      enterprise_org_id: fx.E1,
      bank_org_id: fx.BA,
      product_id: null,
      user_id: fx.org.id,
      message: '可以提供',
      status: 'pending',
      response_message: null,
      responded_by: null,
      created_at: iso('2026-10-10'),
      responded_at: null,
    })
    .execute();
  const n2 = await need(fx.E3, '410621', '2026-10-12');
  await db
    .insertInto('need_dispatches')
    .values({
      id: fid('ftdisp'),
      need_kind: 'financing',
      need_id: n2,
      region_code: '410621',
      enterprise_org_id: fx.E3,
      bank_org_id: fx.BB,
      score: 80,
      rank: 1,
      dispatched_on: '2026-10-20',
      due_on: '2026-10-27',
      dispatched_at: iso('2026-10-20'),
      answer: null,
      answered_at: null,
      decline_reason: null,
      escalated_at: null,
    })
    .execute();

  // problems due in October: one closed in time by BA, one overdue with the department
  await problem({ ent: fx.E1, region: '410602', handler: fx.BA, dueOn: '2026-10-20', closedAt: iso('2026-10-18') });
  await problem({ ent: fx.E3, region: '410621', handler: fx.G, dueOn: '2026-10-23', closedAt: null });
  // ratings in October: E1 → BA 5, E3 → the department 2
  await rating(fx.E1, '410602', fx.BA, 'bank', 5, '2026-10');
  await rating(fx.E3, '410621', fx.G, 'government', 2, '2026-10');
});

afterAll(async () => {
  await server?.stop();
});

const client = () => signIn(fx.org.email);

describe('follow-through figures of 鹤壁市, October 2026', () => {
  it('reconcile with the rows: directory, lists, banks’ tasks, pickup, dispatches, problems, ratings', async () => {
    const f = await monthFollowThrough(db, '410600', '2026-10', '2026-12-06');
    expect(f.total).toEqual({ firms: 4, visited: 2, granted: 1, needs: 2, inTime: 1, due: 2, closedInTime: 1, rated: 2, satisfied: 1 });
    expect(f.lists).toEqual({ firms: 3, visited: 2, granted: 1 });
    const row = (rows: { key: string }[], key: string) => rows.find((r) => r.key === key);
    expect(row(f.byDistrict, '410602')).toMatchObject({
      firms: 2,
      visited: 2,
      granted: 1,
      needs: 1,
      inTime: 1,
      due: 1,
      closedInTime: 1,
      rated: 1,
    });
    expect(row(f.byDistrict, '410621')).toMatchObject({
      firms: 2,
      visited: 0,
      needs: 1,
      inTime: 0,
      due: 1,
      closedInTime: 0,
      rated: 1,
      satisfied: 0,
    });
    // BA's November answer for E3 is after the month end: not counted
    expect(row(f.byBank, fx.BA)).toMatchObject({
      label: NAMES.BA,
      firms: 3,
      visited: 1,
      granted: 1,
      due: 1,
      closedInTime: 1,
      rated: 1,
      satisfied: 1,
    });
    expect(row(f.byBank, fx.BB)).toMatchObject({ firms: 3, visited: 1, granted: 0, needs: 1, inTime: 0 });
    expect(f.departments).toMatchObject({ due: 1, closedInTime: 0, rated: 1, satisfied: 0 });
    for (const k of ['due', 'closedInTime', 'rated', 'satisfied'] as const) expect(f.banksTotal[k] + f.departments[k]).toBe(f.total[k]);
    for (const k of ['firms', 'visited', 'needs', 'due', 'rated'] as const)
      expect(f.byDistrict.reduce((s, r) => s + r[k], 0)).toBe(f.total[k]);
    expect(f.asOf).toBe('2026-10-31');

    // with no end month the answers count up to now: E3's November answer is in
    const open = await followThroughOutcomes(db, '410600', { period: {}, pickup: pickupFigures(db, '410600'), today: '2026-12-06' });
    expect(open.total).toMatchObject({ firms: 4, visited: 3, granted: 1 });
    expect(open.listRows).toEqual([expect.objectContaining({ title: '鹤壁跟进测试白名单', firms: 3, visited: 3, granted: 1 })]);
  });

  it('show on the dashboard with numerator/denominator, and a district row links to the district', async () => {
    const c = await client();
    // on the dashboard's 工作成效 page (decision 044a)
    const res = await c.request('GET', '/dashboard?from=2026-10&to=2026-10&view=work');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('跟进成效');
    expect(html).toContain('data-testid="outcome-visit"');
    expect(html).toMatch(/data-testid="outcome-visit"[^>]*>\s*<span>50\.0%<\/span>/);
    expect(html).toContain('有反馈的企业 2 ÷ 企业 4');
    expect(html).toContain('/dashboard?from=2026-10&amp;to=2026-10&amp;view=work&amp;district=410602');
    expect(html).toContain(NAMES.BA);
    // the linked page is the district's own dashboard
    const district = await c.request('GET', '/dashboard?from=2026-10&to=2026-10&view=work&district=410602');
    expect(district.status).toBe(200);
    const dhtml = await district.text();
    expect(dhtml).toMatch(/data-testid="outcome-visit"[^>]*>\s*<span>100\.0%<\/span>/);
  });

  it('show on the ranking page and in the PDF, DOCX and XLSX of the month', async () => {
    const c = await client();
    const page = await c.request('GET', '/organizer/rankings?month=2026-10');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('跟进成效（2026年10月）');
    expect(html).toContain('按期办结 1 ÷ 应办结 2');

    const pdf = await c.request('GET', '/organizer/rankings.pdf?month=2026-10');
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('名录库走访率50.0%（2/4）');
    expect(flat).toContain('问题按期办结率50.0%（1/2）');
    expect(flat).toContain(`银行：${NAMES.BA}`);
    expect(flat).toContain('跟进成效口径说明'.slice(0, 4));
    expect(flat).toContain('名录库走访率=');

    const docx = await c.request('GET', '/organizer/rankings.docx?month=2026-10');
    expect(docx.status).toBe(200);
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) });
    expect(value).toContain('授信覆盖率25.0%（1/4）');
    expect(value).toContain('企业满意率50.0%（1/2）');
    expect(value).toContain('100.0% (1/1)');
    expect(value).toContain('名录库走访率 = ');

    const xlsx = await c.request('GET', '/organizer/rankings.xlsx?month=2026-10');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const ws = wb.getWorksheet('跟进成效');
    expect(ws).toBeDefined();
    const headers = (ws!.getRow(1).values as unknown[]).map(String);
    const rows = ws!.getRows(2, ws!.rowCount - 1) ?? [];
    const rowOf = (name: string) => rows.find((r) => r.getCell(2).value === name);
    const col = (h: string) => headers.indexOf(h);
    const bank = rowOf(NAMES.BA)!;
    expect(bank.getCell(col('走访率分子')).value).toBe(1);
    expect(bank.getCell(col('走访率分母')).value).toBe(3);
    expect(bank.getCell(col('按期办结率')).value).toBe(1);
    const total = rowOf('合计')!;
    expect(total.getCell(col('满意率分母')).value).toBe(2);
    expect(total.getCell(col('走访率')).value).toBe(0.5);
    expect(wb.getWorksheet('跟进成效口径说明')).toBeDefined();
  });
});
