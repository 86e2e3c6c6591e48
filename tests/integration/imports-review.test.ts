/**
 * Imports must never silently change what people rely on (issue 13, points
 * 11–13), over HTTP on SQLite or PostgreSQL (TEST_PG_URL):
 * - a row changed on the platform since its last import (an agreement corrected
 *   on its page, an enterprise's own edit) is shown stored → new and kept unless
 *   the clerk ticks it; every kind that updates rows;
 * - each letter's amount as 万元/亿元 and the file's total; amounts far outside
 *   the usual range (元 typed into the 万元 column) need a confirmation;
 * - a new enterprise named like a verified one is a warning; the tiles of a file
 *   that imports nothing say 0; the audit entry of an imported letter names the file.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO, HttpClient } from '../support/http-client';
import { uniqueCreditCode, wrongCheckChar } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

const PAGE = '/organizer/imports';
const DATA = `${PAGE}?_data=${encodeURIComponent('routes/organizer.imports')}`;

let server: TestServer;
let db: Kysely<Database>;
let organizer: HttpClient;

interface Change {
  column: string;
  before: string;
  after: string;
  platform: boolean;
}
interface PreviewRow {
  row: number;
  action: string;
  key: string;
  amount?: number;
  overrideId?: string;
  edited?: { importedAt: string | null; fileName: string | null };
  changes?: Change[];
}
interface Report {
  ok: boolean;
  totals: { rows: number; create: number; update: number; unchanged: number; kept: number };
  checked: { rows: number; create: number; update: number; unchanged: number; kept: number };
  errors: { row: number; column: string | null; message: string }[];
  warnings: { row: number; column: string | null; message: string }[];
  flagged: number;
  amounts: { count: number; total: number; median: number; outliers: { row: number; amount: number; reason: string }[] } | null;
  preview: PreviewRow[];
  token?: string;
}

const ENTERPRISE_HEADER = [
  '*企业名称',
  '*统一社会信用代码',
  '*所在地区代码',
  '*行业门类',
  '*企业规模',
  '注册资本（万元）',
  '*联系人',
  '*联系电话',
];
const BANK_HEADER = ['机构名称', '统一社会信用代码', '机构类型', '机构层级', '所在地区代码', '服务区域代码', '联系人', '联系电话'];
const AGREEMENT_HEADER = [
  '意向书编号',
  '银行统一社会信用代码',
  '企业统一社会信用代码',
  '签约金额（万元）',
  '签约日期',
  '期限（月）',
  '银行签约人',
  '企业签约人',
];
const PRODUCT_HEADER = [
  '*银行统一社会信用代码',
  '*产品名称',
  '*产品类别',
  '*最低额度（万元）',
  '*最高额度（万元）',
  '*最短期限（月）',
  '*最长期限（月）',
  '*利率类型',
  '*最低利率（%）',
  '*最高利率（%）',
  '*担保方式',
];

function csv(header: string[], rows: string[][]): Uint8Array {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return new TextEncoder().encode(`\uFEFF${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`);
}

function uploadForm(kind: string, fileName: string, bytes: Uint8Array): FormData {
  const form = new FormData();
  form.append('intent', 'check');
  form.append('kind', kind);
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), fileName);
  return form;
}

async function check(kind: string, fileName: string, bytes: Uint8Array): Promise<Report> {
  const res = await organizer.request('POST', DATA, { body: uploadForm(kind, fileName, bytes) });
  const data = (await res.json()) as { stage: string; report: Report };
  if (data.stage !== 'checked') throw new Error(`unexpected answer ${res.status}: ${JSON.stringify(data).slice(0, 300)}`);
  return data.report;
}

/** The page as a browser without JavaScript gets it after the upload. */
async function checkPage(kind: string, fileName: string, bytes: Uint8Array): Promise<string> {
  return (await organizer.request('POST', PAGE, { body: uploadForm(kind, fileName, bytes) })).text();
}

async function commit(token: string, extra: Record<string, string | string[]> = {}): Promise<Response> {
  return organizer.request('POST', DATA, { form: { intent: 'commit', token, ...extra } });
}

async function importOk(kind: string, fileName: string, bytes: Uint8Array): Promise<Report> {
  const report = await check(kind, fileName, bytes);
  expect(report.errors).toEqual([]);
  expect(report.token).toBeTruthy();
  const res = await commit(report.token!);
  expect(res.status, await res.clone().text()).toBe(204);
  return report;
}

async function flash(): Promise<string> {
  return (await organizer.get(PAGE)).text();
}

let seq = 0;
function enterprise(over: Partial<Record<'name' | 'code' | 'capital' | 'phone', string>> = {}): string[] {
  seq++;
  return [
    over.name ?? `复核测试企业${seq}有限公司`,
    over.code ?? uniqueCreditCode(),
    '410425',
    '制造业',
    '小型',
    over.capital ?? '500',
    '张伟',
    over.phone ?? '0375-2345678',
  ];
}

/** An enterprise and a bank of 郏县, imported: the parties of letters. */
async function parties(): Promise<{ ent: string; bank: string }> {
  const ent = enterprise();
  const bank = uniqueCreditCode();
  await importOk('enterprises', 'review-parties.csv', csv(ENTERPRISE_HEADER, [ent]));
  await importOk(
    'banks',
    'review-bank.csv',
    csv(BANK_HEADER, [[`复核测试村镇银行${seq}`, bank, '村镇银行', '县级支行', '410425', '', '王芳', '13903751234']]),
  );
  return { ent: ent[1], bank };
}

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  organizer = new HttpClient(server.url);
  await organizer.login(DEMO.organizer, DEMO.password);
});
afterAll(async () => {
  await server?.stop();
});

describe('point 11: a re-import does not undo corrections made on the platform', () => {
  it('shows 800万元 → 500万元 for a letter corrected on its page, keeps it unless ticked, and overwrites only the ticked row', async () => {
    const { ent, bank } = await parties();
    const tag = `REV-${Date.now().toString(36)}`;
    const original = [
      [`${tag}-1`, bank, ent, '500', '2026-03-18', '12', '王芳', '张伟'],
      [`${tag}-2`, bank, ent, '300', '2026-03-18', '12', '王芳', '张伟'],
    ];
    await importOk('agreements', '签约汇总-原始.csv', csv(AGREEMENT_HEADER, original));
    const first = await db
      .selectFrom('agreements')
      .select(['id', 'version'])
      .where('document_no', '=', `${tag}-1`)
      .executeTakeFirstOrThrow();

    // corrected on the agreement's page: 500万 → 800万
    const edit = await organizer.post(`/agreements/${first.id}`, {
      intent: 'edit',
      amount: '800',
      termMonths: '12',
      signedOn: '2026-03-18',
      bankSignatory: '王芳',
      enterpriseSignatory: '张伟',
      documentNo: `${tag}-1`,
      reason: '核对合同原件，金额应为800万',
      version: String(first.version),
    });
    expect(edit.status).toBe(302);
    expect((await db.selectFrom('agreements').select('amount').where('id', '=', first.id).executeTakeFirstOrThrow()).amount).toBe(
      8_000_000,
    );

    // the original file again, with a real change on the second letter
    const again = original.map((r) => [...r]);
    again[1][3] = '350';
    const report = await check('agreements', '签约汇总-原始.csv', csv(AGREEMENT_HEADER, again));
    expect(report.ok).toBe(true);
    expect(report.totals).toEqual({ rows: 2, create: 0, update: 1, unchanged: 0, kept: 1 });
    expect(report.flagged).toBe(1);
    const [kept, updated] = report.preview;
    expect(kept).toMatchObject({ row: 2, action: 'kept', overrideId: 'agreements:2', edited: { fileName: '签约汇总-原始.csv' } });
    expect(kept.edited!.importedAt).toBeTruthy();
    expect(kept.changes).toEqual([{ column: 'imports.col.agreement.amount', before: '800万元', after: '500万元', platform: true }]);
    expect(updated).toMatchObject({ row: 3, action: 'update' });
    expect(updated.overrideId).toBeUndefined();
    expect(updated.changes).toEqual([{ column: 'imports.col.agreement.amount', before: '300万元', after: '350万元', platform: false }]);

    // the page shows both values, the flag and the tick (without JavaScript)
    const html = await checkPage('agreements', '签约汇总-原始.csv', csv(AGREEMENT_HEADER, again));
    for (const text of ['800万元', '500万元', '平台上已修改', '保留平台修改', '仍然覆盖']) expect(html).toContain(text);
    expect(html).toMatch(
      /<input type="checkbox" name="override" form="import-commit" aria-label="第 2 行：仍按文件覆盖平台上的修改"[^>]* value="agreements:2"\/>/,
    );

    // committed without the tick: the correction stays, the other letter is updated
    const res = await commit(report.token!);
    expect(res.status).toBe(204);
    expect(await flash()).toContain('保留平台修改 1 行');
    const amounts = async () =>
      (
        await db
          .selectFrom('agreements')
          .select(['document_no', 'amount'])
          .where('document_no', 'like', `${tag}-%`)
          .orderBy('document_no')
          .execute()
      ).map((a) => a.amount);
    expect(await amounts()).toEqual([8_000_000, 3_500_000]);

    // ticked: overwritten, with the file named in the audit entry
    const ticked = await check('agreements', '签约汇总-更正.csv', csv(AGREEMENT_HEADER, again));
    expect(ticked.totals).toMatchObject({ update: 0, unchanged: 1, kept: 1 });
    const ok = await commit(ticked.token!, { override: ['agreements:2'] });
    expect(ok.status).toBe(204);
    expect(await amounts()).toEqual([5_000_000, 3_500_000]);
    const audit = await db
      .selectFrom('agreement_audit')
      .select(['action', 'reason'])
      .where('agreement_id', '=', first.id)
      .orderBy('created_at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['created', 'edited', 'edited']);
    expect(audit[2].reason).toContain('签约汇总-更正.csv');
    // and now the row is as last imported: the same file is unchanged, not flagged
    const after = await check('agreements', '签约汇总-更正.csv', csv(AGREEMENT_HEADER, again));
    expect(after.totals).toMatchObject({ unchanged: 2, kept: 0 });
    expect(after.flagged).toBe(0);
  });

  it('enterprises: a column the platform changed is kept; a column it did not touch is updated, stored → new', async () => {
    const row = enterprise({ capital: '500', phone: '0375-2345678' });
    await importOk('enterprises', 'ent-v1.csv', csv(ENTERPRISE_HEADER, [row]));
    // the enterprise changes its phone on its profile
    await db
      .updateTable('organizations')
      .set({ contact_phone: '13912345678', updated_at: new Date().toISOString() })
      .where('credit_code', '=', row[1])
      .execute();

    const capital = [...row];
    capital[5] = '600';
    const r1 = await check('enterprises', 'ent-v2.csv', csv(ENTERPRISE_HEADER, [capital]));
    // the file still carries the old phone: the row is flagged and kept as a whole
    expect(r1.totals).toMatchObject({ update: 0, kept: 1 });
    expect(r1.preview[0]).toMatchObject({ action: 'kept', overrideId: 'enterprises:2', edited: { fileName: 'ent-v1.csv' } });
    expect(r1.preview[0].changes).toEqual([
      { column: 'imports.col.enterprise.registeredCapital', before: '500万元', after: '600万元', platform: false },
      { column: 'imports.col.enterprise.contactPhone', before: '13912345678', after: '0375-2345678', platform: true },
    ]);
    expect((await commit(r1.token!)).status).toBe(204);
    expect(
      await db
        .selectFrom('organizations')
        .select(['registered_capital', 'contact_phone'])
        .where('credit_code', '=', row[1])
        .executeTakeFirstOrThrow(),
    ).toEqual({ registered_capital: 5_000_000, contact_phone: '13912345678' });
  });

  it('enterprises: a file that agrees with the platform on the changed column updates the rest without a flag', async () => {
    const row = enterprise({ capital: '500', phone: '0375-2345678' });
    await importOk('enterprises', 'ent-a.csv', csv(ENTERPRISE_HEADER, [row]));
    await db.updateTable('organizations').set({ contact_phone: '13912345678' }).where('credit_code', '=', row[1]).execute();
    const next = [...row];
    next[5] = '600';
    next[7] = '13912345678';
    const r = await importOk('enterprises', 'ent-b.csv', csv(ENTERPRISE_HEADER, [next]));
    expect(r.totals).toMatchObject({ update: 1, kept: 0 });
    expect(r.preview[0].changes).toEqual([
      { column: 'imports.col.enterprise.registeredCapital', before: '500万元', after: '600万元', platform: false },
    ]);
    expect(
      await db
        .selectFrom('organizations')
        .select(['registered_capital', 'contact_phone'])
        .where('credit_code', '=', row[1])
        .executeTakeFirstOrThrow(),
    ).toEqual({ registered_capital: 6_000_000, contact_phone: '13912345678' });
  });

  it('banks and products: changed on the platform (or never imported) are flagged and kept unless ticked', async () => {
    // a bank that signed up itself: no import ever wrote it
    const code = uniqueCreditCode();
    const now = new Date().toISOString();
    const id = `revbank${Date.now().toString(36)}`.slice(0, 16);
    await db
      .insertInto('organizations')
      .values({
        id,
        kind: 'bank',
        name: '自行注册的复核测试银行',
        status: 'verified',
        status_reason: null,
        status_changed_by: null,
        status_changed_at: null,
        credit_code: code,
        region_code: '410425',
        industry: null,
        size: null,
        founded_year: null,
        registered_capital: null,
        employees: null,
        annual_revenue: null,
        bank_type: 'village',
        branch_level: 'county',
        contact_name: '赵',
        contact_phone: '13800000000',
        contact_email: null,
        description: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const bankRow = ['文件里的复核测试银行', code, '村镇银行', '县级支行', '410425', '', '赵', '13800000000'];
    const r = await check('banks', 'banks.csv', csv(BANK_HEADER, [bankRow]));
    expect(r.preview[0]).toMatchObject({
      action: 'kept',
      edited: { importedAt: null },
      changes: [{ column: 'imports.col.bank.name', before: '自行注册的复核测试银行', after: '文件里的复核测试银行', platform: true }],
    });
    expect((await commit(r.token!)).status).toBe(204);
    expect((await db.selectFrom('organizations').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name).toBe(
      '自行注册的复核测试银行',
    );

    // a product imported, then its rate changed by the bank on its product page
    const { bank } = await parties();
    const product = [bank, `复核测试贷${seq}`, '信用贷', '10', '300', '1', '12', '固定利率', '3.5', '5', '信用'];
    await importOk('products', 'products.csv', csv(PRODUCT_HEADER, [product]));
    await db.updateTable('loan_products').set({ rate_max_bp: 480 }).where('name', '=', product[1]).execute();
    const p = await check('products', 'products.csv', csv(PRODUCT_HEADER, [product]));
    expect(p.totals).toMatchObject({ update: 0, kept: 1 });
    expect(p.preview[0].changes).toEqual([{ column: 'imports.col.product.rateMax', before: '4.80%', after: '5.00%', platform: true }]);
    expect((await commit(p.token!, { override: 'products:2' })).status).toBe(204);
    expect(
      (await db.selectFrom('loan_products').select('rate_max_bp').where('name', '=', product[1]).executeTakeFirstOrThrow()).rate_max_bp,
    ).toBe(500);
  });

  it('refuses a tampered tick with a message', async () => {
    const res = await commit('A'.repeat(27), { override: 'organizations:1; drop table' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ stage: 'error', message: 'error.badRequest' });
  });
});

describe('point 12: amounts in 元 typed into the 万元 column', () => {
  it('shows each amount as 万元/亿元 and the file total; 5000000 (500亿元) needs an explicit confirmation', async () => {
    const { ent, bank } = await parties();
    const tag = `YUAN-${Date.now().toString(36)}`;
    const rows = [
      [`${tag}-1`, bank, ent, '300', '2026-03-18', '', '', ''],
      [`${tag}-2`, bank, ent, '500', '2026-03-18', '', '', ''],
      [`${tag}-3`, bank, ent, '5000000', '2026-03-18', '', '', ''],
    ];
    const report = await check('agreements', '元填成万元.csv', csv(AGREEMENT_HEADER, rows));
    expect(report.ok).toBe(true);
    expect(report.preview.map((r) => r.amount)).toEqual([3_000_000, 5_000_000, 50_000_000_000]);
    expect(report.amounts).toEqual({
      count: 3,
      total: 50_008_000_000,
      median: 5_000_000,
      outliers: [{ sheet: null, row: 4, amount: 50_000_000_000, reason: 'cap' }],
    });
    const html = await checkPage('agreements', '元填成万元.csv', csv(AGREEMENT_HEADER, rows));
    for (const text of [
      '300万元',
      '500亿元',
      '本文件签约金额合计 500.08亿元（3 份，中位数 500万元）',
      '金额是否以元填写？本列单位为万元',
      '第 4 行：500亿元',
      'name="confirmAmounts"',
    ])
      expect(html).toContain(text);

    // without the confirmation: refused, nothing written, the same upload can still be committed
    const refused = await commit(report.token!);
    expect(refused.status).toBe(400);
    const data = (await refused.json()) as { stage: string; message: string; report: Report };
    expect(data).toMatchObject({ stage: 'checked', message: 'imports.file.confirmAmounts' });
    expect(data.report.token).toBe(report.token);
    expect(await db.selectFrom('agreements').select('id').where('document_no', 'like', `${tag}-%`).execute()).toEqual([]);
    const confirmed = await commit(report.token!, { confirmAmounts: 'on' });
    expect(confirmed.status).toBe(204);
    expect((await db.selectFrom('agreements').select('amount').where('document_no', 'like', `${tag}-%`).execute()).length).toBe(3);
  });

  it('asks too for an amount 100 times the file’s median, below 50亿元', async () => {
    const { ent, bank } = await parties();
    const tag = `MED-${Date.now().toString(36)}`;
    const rows = ['100', '120', '90', '20000'].map((a, i) => [`${tag}-${i}`, bank, ent, a, '2026-03-18', '', '', '']);
    const report = await check('agreements', 'median.csv', csv(AGREEMENT_HEADER, rows));
    expect(report.amounts!.outliers).toEqual([{ sheet: null, row: 5, amount: 200_000_000, reason: 'median' }]);
    expect((await commit(report.token!)).status).toBe(400);
    // usual amounts pass without a word
    const usual = await check('agreements', 'usual.csv', csv(AGREEMENT_HEADER, rows.slice(0, 3)));
    expect(usual.amounts!.outliers).toEqual([]);
    expect((await commit(usual.token!)).status).toBe(204);
  });
});

describe('point 13: same names, tiles that agree with the errors, the file in the audit', () => {
  it('warns when a new enterprise is named like a verified one with another credit code', async () => {
    const verified = await db
      .selectFrom('organizations')
      .select(['name', 'credit_code'])
      .where('kind', '=', 'enterprise')
      .where('status', '=', 'verified')
      .where('name', '=', '舞钢市龙山纺织科技有限公司')
      .executeTakeFirstOrThrow();
    const twin = enterprise({ name: verified.name });
    const report = await check('enterprises', 'twin.csv', csv(ENTERPRISE_HEADER, [twin, enterprise()]));
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([
      { sheet: null, row: 2, column: 'imports.col.enterprise.name', message: 'imports.w.sameNameVerified' },
    ]);
    const html = await checkPage('enterprises', 'twin.csv', csv(ENTERPRISE_HEADER, [twin, enterprise()]));
    expect(html).toContain('与平台上一家已审核企业同名，但统一社会信用代码不同');
    // the same enterprise (same code) is no warning
    const same = await check(
      'enterprises',
      'same.csv',
      csv(ENTERPRISE_HEADER, [[verified.name, verified.credit_code!, '410481', '制造业', '小型', '', '张伟', '0375-2345678']]),
    );
    expect(same.warnings).toEqual([]);
  });

  it('a file that imports nothing says 将新增 0', async () => {
    const rows = [enterprise(), enterprise(), enterprise({ code: wrongCheckChar(uniqueCreditCode()) })];
    const report = await check('enterprises', 'one-bad.csv', csv(ENTERPRISE_HEADER, rows));
    expect(report.ok).toBe(false);
    expect(report.totals).toEqual({ rows: 3, create: 0, update: 0, unchanged: 0, kept: 0 });
    expect(report.checked.create).toBe(2);
    const html = await checkPage('enterprises', 'one-bad.csv', csv(ENTERPRISE_HEADER, rows));
    expect(html).toMatch(/将新增<\/dt><dd[^>]*>0<\/dd>/);
    expect(html).toContain('修正上述错误后将新增 2 行');
  });

  it('names the file in the audit entry of a letter an import creates', async () => {
    const { ent, bank } = await parties();
    const tag = `AUD-${Date.now().toString(36)}`;
    await importOk('agreements', '三月签约.csv', csv(AGREEMENT_HEADER, [[`${tag}-1`, bank, ent, '200', '2026-03-18', '', '', '']]));
    const a = await db.selectFrom('agreements').select('id').where('document_no', '=', `${tag}-1`).executeTakeFirstOrThrow();
    const audit = await db.selectFrom('agreement_audit').select(['action', 'reason']).where('agreement_id', '=', a.id).execute();
    expect(audit).toEqual([{ action: 'created', reason: '批量导入：三月签约.csv' }]);
  });
});
