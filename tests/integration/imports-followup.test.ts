/**
 * Import of 推荐清单 and of 问题诉求台账 kept elsewhere (issue 18, decision 037c),
 * over HTTP, on SQLite or PostgreSQL (TEST_PG_URL): the templates; a dry run that
 * names every bad row in Chinese (unknown enterprise, enterprise outside the
 * region, bad category, bad date, handler outside the region, duplicate row) and
 * writes nothing; the corrected file committed in one transaction, read back from
 * the tables (a draft list with its firms and the banks to push to; ledger items
 * with their numbers, clocks and, for a closed one, its own dates); the same file
 * again creating nothing; a row failing at commit time leaving nothing behind;
 * refusal for anyone but an organizer, and another organizer's region.
 *
 * Fixtures in 郏县 (410425, inside the demo organizer's 平顶山市) and 郑州
 * (410102), with fresh credit codes and names.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { getHolidays } from '../../app/modules/calendar/settings.server';
import { addWorkingDays, todayInChina } from '../../app/modules/calendar/working-days';
import { DEMO, HttpClient } from '../support/http-client';
import { orgFixtures, uniqueCreditCode } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';
import { insertUser } from '../support/temp-db';
import { xlsxBomb } from '../support/xlsx-bomb';

const PAGE = '/organizer/imports';
const DATA = `${PAGE}?_data=${encodeURIComponent('routes/organizer.imports')}`;

let server: TestServer;
let db: Kysely<Database>;
let organizer: HttpClient;
let otherOrganizer: HttpClient;
let organizerId = '';

interface Report {
  ok: boolean;
  committed: boolean;
  fileErrors: { sheet: string | null; message: string }[];
  totals: { rows: number; create: number; update: number; unchanged: number; kept: number };
  warnings: { row: number; column: string | null; message: string }[];
  errors: { row: number; column: string | null; message: string }[];
  preview: { row: number; action: string; key: string; label: string }[];
  token?: string;
}
type ActionData = { stage: 'checked' | 'commitFailed'; report: Report } | { stage: 'error' | 'invalid'; message?: string };

const tag = Math.random().toString(36).slice(2, 7);
let seq = 0;
const fixtures = orgFixtures({
  db: () => db,
  passwordHash: () => '',
  serverUrl: () => server.url,
  orgPrefix: (kind) => `imf${kind.slice(0, 3)}`,
  userPrefix: 'imfusr',
  label: 'imports-followup',
});

async function org(kind: 'enterprise' | 'bank' | 'government', name: string, region: string, status: 'verified' | 'pending' = 'verified') {
  const id = `imf${kind.slice(0, 3)}${tag}${String(++seq).padStart(4, '0')}`;
  const code = uniqueCreditCode();
  await fixtures.org(kind, name, region, { id, status, credit_code: code });
  return { id, code, name };
}

type Org = Awaited<ReturnType<typeof org>>;
let firmA: Org;
let firmB: Org;
let firmPending: Org;
let firmOutside: Org;
let bankIn: Org;
let bankOut: Org;
let dept: Org;

async function xlsx(sheet: string, rows: (string | number)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function upload(
  client: HttpClient,
  kind: string,
  fileName: string,
  bytes: Uint8Array,
): Promise<{ status: number; data: ActionData }> {
  const form = new FormData();
  form.append('intent', 'check');
  form.append('kind', kind);
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), fileName);
  const res = await client.request('POST', DATA, { body: form });
  const text = await res.text();
  try {
    return { status: res.status, data: JSON.parse(text) as ActionData };
  } catch {
    return { status: res.status, data: { stage: 'error', message: text.slice(0, 200) } };
  }
}

async function check(client: HttpClient, kind: string, fileName: string, bytes: Uint8Array): Promise<Report> {
  const { status, data } = await upload(client, kind, fileName, bytes);
  if (data.stage !== 'checked') throw new Error(`unexpected answer ${status}: ${JSON.stringify(data).slice(0, 300)}`);
  return data.report;
}

/** Dry run (clean) and commit; returns the dry run's report. */
async function importOk(kind: string, fileName: string, bytes: Uint8Array): Promise<Report> {
  const report = await check(organizer, kind, fileName, bytes);
  expect(report.errors).toEqual([]);
  expect(report.fileErrors).toEqual([]);
  expect(report.ok).toBe(true);
  const res = await organizer.post(PAGE, { intent: 'commit', token: report.token! });
  expect(res.status, await res.clone().text()).toBe(302);
  return report;
}

/** Row → the Chinese message of each error on it, as the page shows them (the keys are translated in the browser). */
const errorsByRow = (r: Report) => r.errors.map((e) => [e.row, e.column, e.message]);

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  const me = await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', DEMO.organizer).executeTakeFirstOrThrow();
  organizerId = me.id;
  await insertUser(db, {
    role: 'organizer',
    email: `imports-followup-${tag}@test.finmatch.cn`,
    regionCode: '410100',
    passwordHash: me.password_hash,
  });
  organizer = new HttpClient(server.url);
  await organizer.login(DEMO.organizer, DEMO.password);
  otherOrganizer = new HttpClient(server.url);
  await otherOrganizer.login(`imports-followup-${tag}@test.finmatch.cn`, DEMO.password);
  firmA = await org('enterprise', `郏县清单导入甲${tag}有限公司`, '410425');
  firmB = await org('enterprise', `郏县清单导入乙${tag}有限公司`, '410425');
  firmPending = await org('enterprise', `郏县待审核企业${tag}有限公司`, '410425', 'pending');
  firmOutside = await org('enterprise', `郑州清单导入${tag}有限公司`, '410102');
  bankIn = await org('bank', `郏县导入测试银行${tag}`, '410425');
  bankOut = await org('bank', `郑州导入测试银行${tag}`, '410102');
  dept = await org('government', `郏县导入测试局${tag}`, '410425');
});
afterAll(async () => {
  await server?.stop();
});

describe('templates of the two kinds', () => {
  it('serves XLSX and CSV templates whose example rows pass their row checks', async () => {
    for (const [kind, sheet, first] of [
      ['lists', '推荐清单', '*清单名称'],
      ['problems', '问题诉求台账', '*企业统一社会信用代码'],
    ] as const) {
      const res = await organizer.get(`/organizer/imports/template/${kind}?format=xlsx`);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      expect(wb.worksheets.map((w) => w.name)).toEqual([sheet, '填写说明']);
      expect(String(wb.getWorksheet(sheet)!.getRow(1).getCell(1).value)).toBe(first);
      expect((await organizer.get(`/organizer/imports/template/${kind}?format=csv`)).status).toBe(200);
    }
  });
});

describe('推荐清单', () => {
  const HEADER = ['清单名称', '企业统一社会信用代码', '企业名称', '推送银行', '反馈时限（工作日）', '清单说明'];
  const title = `首贷培育清单${tag}`;

  it('a dry run names each bad row and writes nothing; the corrected file creates a draft list', async () => {
    const bad = await xlsx('推荐清单', [
      HEADER,
      [title, firmA.code, '', bankIn.name, 8, '首贷户培育'],
      [title, '', firmB.name, '', '', ''],
      [title, firmOutside.code, '', '', '', ''], // outside the organizer's region
      [title, uniqueCreditCode(), '', '', '', ''], // nobody has this code
      [title, '', `没有这家企业${tag}`, '', '', ''], // not in the directory
      [title, firmA.code, '', '', '', ''], // the same enterprise again
      [title, firmPending.code, '', '', '', ''], // not verified
      [title, '', '', bankOut.name, '', ''], // neither code nor name; a bank outside the region
      [title, firmB.code, '', '', 12, ''], // another deadline for the same list
    ]);
    const report = await check(organizer, 'lists', '清单.xlsx', bad);
    expect(report.ok).toBe(false);
    expect(report.token).toBeUndefined();
    expect(errorsByRow(report)).toEqual([
      [4, 'imports.col.list.creditCode', 'imports.e.enterpriseOutsideRegion'],
      [5, 'imports.col.list.creditCode', 'imports.e.enterpriseNotFound'],
      [6, 'imports.col.list.enterpriseName', 'imports.e.enterpriseNameNotFound'],
      [7, 'imports.col.list.creditCode', 'imports.e.duplicateInFile|{"row":2}'],
      [8, 'imports.col.list.creditCode', 'imports.e.orgNotVerified'],
      [9, 'imports.col.list.creditCode', 'imports.e.listFirmRequired'],
      [10, 'imports.col.list.dueDays', 'imports.e.listCellDiffers|{"row":2}'],
      [10, 'imports.col.list.creditCode', 'imports.e.duplicateInFile|{"row":3}'],
    ]);
    expect(await db.selectFrom('recommended_lists').select('id').where('title', '=', title).execute()).toEqual([]);

    // the bank outside the region, once the row names a firm
    const outBank = await check(
      organizer,
      'lists',
      '清单.xlsx',
      await xlsx('推荐清单', [HEADER, [title, firmA.code, '', bankOut.name, '', '']]),
    );
    expect(outBank.errors.map((e) => [e.column, e.message.split('|')[0]])).toEqual([
      ['imports.col.list.banks', 'imports.e.listBankNotServing'],
    ]);

    const good = await xlsx('推荐清单', [
      HEADER,
      [title, firmA.code, '', `${bankIn.name}、${bankIn.code}`, 8, '首贷户培育'],
      [title, '', firmB.name, '', '', ''],
    ]);
    const dry = await importOk('lists', '清单-修正.xlsx', good);
    expect(dry.totals).toMatchObject({ rows: 2, create: 2, update: 0, unchanged: 0 });
    const list = await db.selectFrom('recommended_lists').selectAll().where('title', '=', title).executeTakeFirstOrThrow();
    expect(list).toMatchObject({
      region_code: '410400',
      note: '首贷户培育',
      due_working_days: 8,
      pushed_at: null,
      due_on: null,
      created_by: organizerId,
    });
    const firms = await db.selectFrom('recommended_list_firms').select('enterprise_org_id').where('list_id', '=', list.id).execute();
    expect(firms.map((f) => f.enterprise_org_id).sort()).toEqual([firmA.id, firmB.id].sort());
    const planned = await db.selectFrom('recommended_list_planned_banks').select('bank_org_id').where('list_id', '=', list.id).execute();
    expect(planned).toEqual([{ bank_org_id: bankIn.id }]);
    // nothing is pushed: no bank sees it yet
    expect(await db.selectFrom('recommended_list_banks').select('bank_org_id').where('list_id', '=', list.id).execute()).toEqual([]);

    // the list's page shows its firms and ticks the bank to push to
    const page = await organizer.get(`/organizer/lists/${list.id}`);
    const html = await page.text();
    expect(html).toContain(firmB.name);
    expect(html).toContain('data-testid="planned-banks"');
    expect(html.match(new RegExp(`<input[^>]*value="${bankIn.id}"[^>]*>`))?.[0]).toContain('checked');

    // the same file again: nothing new; one more firm: added to the same list
    const again = await check(organizer, 'lists', '清单-修正.xlsx', good);
    expect(again.totals).toMatchObject({ rows: 2, create: 0, update: 0, unchanged: 2 });
    const firmC = await org('enterprise', `郏县清单导入丙${tag}有限公司`, '410425');
    await importOk('lists', '清单-补充.xlsx', await xlsx('推荐清单', [HEADER, [title, firmC.code, '', '', '', '']]));
    expect(await db.selectFrom('recommended_lists').select('id').where('title', '=', title).execute()).toHaveLength(1);
    expect(await db.selectFrom('recommended_list_firms').select('enterprise_org_id').where('list_id', '=', list.id).execute()).toHaveLength(
      3,
    );
  });

  it('another organizer cannot put these firms on a list: they are outside its region', async () => {
    const report = await check(
      otherOrganizer,
      'lists',
      '清单.xlsx',
      await xlsx('推荐清单', [HEADER, [`郑州清单${tag}`, firmA.code, '', '', '', '']]),
    );
    expect(errorsByRow(report)).toEqual([[2, 'imports.col.list.creditCode', 'imports.e.enterpriseOutsideRegion']]);
  });
});

describe('问题诉求台账', () => {
  const HEADER = [
    '企业统一社会信用代码',
    '问题类别',
    '问题描述',
    '登记日期',
    '交办单位',
    '交办日期',
    '办结期限',
    '状态',
    '答复内容',
    '答复日期',
    '办结日期',
  ];

  it('a dry run names each bad row and writes nothing; the corrected file records items with their clocks and dates', async () => {
    const today = todayInChina();
    const holidays = await getHolidays(db, '410425');
    // 交办 three weeks ago (working days), closed two working days before its deadline
    const assigned = addWorkingDays('2026-10-12', 0, holidays);
    const due = addWorkingDays(assigned, 5, holidays);
    const closed = addWorkingDays(assigned, 3, holidays);
    const text = `流动资金周转困难${tag}`;
    const rows = [
      [firmA.code, '融资', text, '2026-10-10', bankIn.name, assigned, due, '已办结', '已授信300万元', '', closed],
      [firmB.code, '用工', `缺技术工人${tag}`, today, dept.name, '', '', '', '', '', ''],
      [firmA.code, '政策', `想了解贴息政策${tag}`, today, '', '', '', '', '', '', ''],
    ];
    const bad = await xlsx('问题诉求台账', [
      HEADER,
      ...rows,
      [firmOutside.code, '融资', `区外企业${tag}`, today, '', '', '', '', '', '', ''],
      [uniqueCreditCode(), '融资', `无此企业${tag}`, today, '', '', '', '', '', '', ''],
      [firmA.code, '税务', `类别不对${tag}`, today, '', '', '', '', '', '', ''],
      [firmA.code, '融资', `日期不对${tag}`, '2026-02-30', '', '', '', '', '', '', ''],
      [firmA.code, '融资', `交办区外${tag}`, today, bankOut.name, '', '', '', '', '', ''],
      [firmB.code, '用工', `缺技术工人${tag}`, today, dept.name, '', '', '', '', '', ''],
    ]);
    const report = await check(organizer, 'problems', '台账.xlsx', bad);
    expect(report.ok).toBe(false);
    expect(errorsByRow(report)).toEqual([
      [5, 'imports.col.problem.enterpriseCreditCode', 'imports.e.enterpriseOutsideRegion'],
      [6, 'imports.col.problem.enterpriseCreditCode', 'imports.e.enterpriseNotFound'],
      [7, 'imports.col.problem.category', 'imports.e.problemCategory'],
      [8, 'imports.col.problem.recordedOn', 'imports.e.date'],
      [9, 'imports.col.problem.handler', 'imports.e.handlerOutsideRegion'],
      [10, 'imports.col.problem.description', 'imports.e.duplicateInFile|{"row":3}'],
    ]);
    const before = await db.selectFrom('problems').select('id').where('enterprise_org_id', 'in', [firmA.id, firmB.id]).execute();
    expect(before).toEqual([]);

    const dry = await importOk('problems', '台账-修正.xlsx', await xlsx('问题诉求台账', [HEADER, ...rows]));
    expect(dry.totals).toMatchObject({ rows: 3, create: 3 });
    const items = await db
      .selectFrom('problems')
      .selectAll()
      .where('enterprise_org_id', 'in', [firmA.id, firmB.id])
      .orderBy('created_at')
      .execute();
    expect(items).toHaveLength(3);
    const [closedItem, ...recent] = items;
    // the closed item keeps its own dates: recorded, assigned, deadline, closed
    expect(closedItem).toMatchObject({
      status: 'closed',
      category: 'financing',
      handler_org_id: bankIn.id,
      clock_started_on: assigned,
      due_on: due,
      due_working_days: 5,
      reply: '已授信300万元',
      ledger_year: 2026,
      escalated_at: null,
    });
    expect(closedItem.ledger_code).toMatch(/^郏县-问题-2026-\d{4}$/);
    expect(closedItem.created_at.slice(0, 10)).toBe('2026-10-10');
    expect(closedItem.closed_at!.slice(0, 10)).toBe(closed);
    const events = await db
      .selectFrom('problem_events')
      .select(['action', 'at'])
      .where('problem_id', '=', closedItem.id)
      .orderBy('at')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['recorded', 'assigned', 'replied', 'closed']);
    // the assigned item: handler and the region's three deadlines from today
    const assignedItem = recent.find((p) => p.enterprise_org_id === firmB.id)!;
    const holidaysB = await getHolidays(db, '410425');
    expect(assignedItem).toMatchObject({
      status: 'assigned',
      handler_org_id: dept.id,
      clock_started_on: today,
      contact_due_on: addWorkingDays(today, 1, holidaysB),
      reply_due_on: addWorkingDays(today, 3, holidaysB),
      due_on: addWorkingDays(today, 5, holidaysB),
    });
    const openItem = recent.find((p) => p.enterprise_org_id === firmA.id)!;
    expect(openItem).toMatchObject({ status: 'open', handler_org_id: null, due_on: null, category: 'policy' });
    // numbers of one district and year are distinct and follow the days recorded
    const codes = items.map((p) => p.ledger_code);
    expect(new Set(codes).size).toBe(3);
    expect(Number(closedItem.seq_no)).toBeLessThan(Number(assignedItem.seq_no));

    // the organizer's ledger page lists them
    const page = await (await organizer.get('/organizer/problems')).text();
    expect(page).toContain(closedItem.ledger_code!);
    expect(page).toContain(assignedItem.ledger_code!);

    // the same file again: nothing new
    const again = await check(organizer, 'problems', '台账-修正.xlsx', await xlsx('问题诉求台账', [HEADER, ...rows]));
    expect(again.totals).toMatchObject({ rows: 3, create: 0, unchanged: 3 });
  });

  it('checks the dates and the status across the columns', async () => {
    const today = todayInChina();
    const report = await check(
      organizer,
      'problems',
      '台账.xlsx',
      await xlsx('问题诉求台账', [
        HEADER,
        [firmA.code, '融资', `已办结无日期${tag}`, '2026-10-10', bankIn.name, '', '', '已办结', '', '', ''],
        [firmA.code, '融资', `交办早于登记${tag}`, '2026-10-10', bankIn.name, '2026-10-01', '', '', '', '', ''],
        [firmA.code, '融资', `无交办单位${tag}`, '2026-10-10', '', '', '', '已交办', '', '', ''],
        [firmA.code, '融资', `期限过长${tag}`, '2026-10-10', bankIn.name, '2026-10-12', '2027-06-30', '', '', '', ''],
        [firmA.code, '融资', `未来日期${tag}`, '2099-01-01', '', '', '', '', '', '', ''],
        [firmA.code, '融资', `状态不对${tag}`, today, '', '', '', '处理完了', '', '', ''],
      ]),
    );
    expect(report.errors.map((e) => [e.row, e.column, e.message.split('|')[0]])).toEqual([
      [2, 'imports.col.problem.closedOn', 'imports.e.problemClosedOnRequired'],
      [3, 'imports.col.problem.assignedOn', 'imports.e.problemBeforeRecorded'],
      [4, 'imports.col.problem.handler', 'imports.e.problemHandlerRequired'],
      [5, 'imports.col.problem.dueOn', 'imports.e.problemDueRange'],
      [6, 'imports.col.problem.recordedOn', 'imports.e.dateFuture'],
      [7, 'imports.col.problem.status', 'imports.e.problemStatus'],
    ]);
  });

  it('another organizer cannot import problems of these enterprises', async () => {
    const report = await check(
      otherOrganizer,
      'problems',
      '台账.xlsx',
      await xlsx('问题诉求台账', [HEADER, [firmA.code, '融资', `越权${tag}`, todayInChina(), '', '', '', '', '', '', '']]),
    );
    expect(errorsByRow(report)).toEqual([[2, 'imports.col.problem.enterpriseCreditCode', 'imports.e.enterpriseOutsideRegion']]);
  });
});

describe('who may import', () => {
  it('refuses the upload, the commit and the templates to anyone but an organizer', async () => {
    const file = await xlsx('推荐清单', [
      ['清单名称', '企业统一社会信用代码'],
      [`越权清单${tag}`, firmA.code],
    ]);
    for (const email of [DEMO.bank, DEMO.enterprise]) {
      const client = new HttpClient(server.url);
      await client.login(email, DEMO.password);
      for (const kind of ['lists', 'problems']) {
        expect((await upload(client, kind, 'x.xlsx', file)).status).toBe(403);
        expect((await client.get(`/organizer/imports/template/${kind}?format=xlsx`)).status).toBe(403);
      }
      expect((await client.post(PAGE, { intent: 'commit', token: 'A'.repeat(27) })).status).toBe(403);
    }
    // anonymous: sent to the sign-in page (204 with Remix's redirect header for a data request)
    const anonymous = new HttpClient(server.url);
    const res = await upload(anonymous, 'lists', 'x.xlsx', file);
    expect([204, 302]).toContain(res.status);
    expect(await db.selectFrom('recommended_lists').select('id').where('title', '=', `越权清单${tag}`).execute()).toEqual([]);
  });
});

describe('the limits of every import', () => {
  it('refuses an XLSX bomb uploaded as a list or a ledger before reading it', async () => {
    const bomb = await xlsxBomb({ unpackedBytes: 1024 * 1024 * 1024, lie: true });
    for (const kind of ['lists', 'problems']) {
      const { status, data } = await upload(organizer, kind, 'bomb.xlsx', bomb);
      expect(status).toBe(400);
      expect(data.stage === 'checked' ? data.report.fileErrors.map((e) => e.message) : data).toEqual([
        'imports.file.unpackedTooLarge|{"max":150}',
      ]);
    }
  });
});
