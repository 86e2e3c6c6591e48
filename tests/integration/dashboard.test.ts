/**
 * The dashboard over HTTP (SQLite, and PostgreSQL with TEST_PG_URL): an organizer
 * sees its region only, a bank its own figures only (another bank's numbers never
 * appear), filters by period, district and session, field errors for bad filters,
 * 404 for another region's session; the XLSX (read back) and the CSV carry the
 * very figures of the screen; names are escaped in the page and its SVG charts;
 * the rollups written by the hook equal a rebuild from scratch.
 *
 * Fixtures live in 漯河市 (411100) and 许昌市 (411000) so the demo data of
 * 平顶山市 does not interfere. Agreements are inserted as rows in their final
 * state, each with applyAgreementChange in the same transaction (the hook every
 * agreement write calls).
 */
import ExcelJS from 'exceljs';
import type { Insertable, Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementsTable, Database } from '../../db/schema';
import { applyAgreementChange, rebuildRollups } from '../../app/modules/reports/rollups.server';
import { formatTotal, toWan } from '../../app/utils/money';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { insertFinancingNeed, rollupRowsInKeyOrder } from '../support/temp-db';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
let seq = 0;
const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;
const now = () => new Date().toISOString();

const BANK_A = '报表测试甲银行漯河分行';
const BANK_B = '报表测试<script>alert(1)</script>乙银行';

const fx = {} as {
  bankA: string;
  bankB: string;
  e1: string;
  e2: string;
  e3: string;
  ev1: string;
  ev2: string;
  orgA: string;
  orgB: string;
  bankAUser: string;
  bankBUser: string;
  entUser: string;
};

async function org(kind: 'bank' | 'enterprise', name: string, region: string, industry: string | null = null) {
  const id = fid(kind === 'bank' ? 'rptbank' : 'rptent');
  const t = now();
  await db
    .insertInto('organizations')
    .values({
      id,
      kind,
      name,
      status: 'verified',
      status_reason: null,
      status_changed_by: null,
      status_changed_at: null,
      credit_code: null,
      region_code: region,
      industry,
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
      created_at: t,
      updated_at: t,
    })
    .execute();
  return id;
}

async function user(role: 'bank' | 'organizer' | 'enterprise', orgId: string | null, region: string | null = null) {
  const id = fid('rptusr');
  const email = `${id}@reports.finmatch.test`;
  const t = now();
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: `报表测试${seq}`,
      phone: '13800000005',
      password_hash: passwordHash,
      role,
      organization_id: orgId,
      region_code: region,
      created_at: t,
      updated_at: t,
    })
    .execute();
  return email;
}

async function event(region: string, createdBy: string, title: string) {
  const id = fid('rptevt');
  const t = now();
  await db
    .insertInto('events')
    .values({
      id,
      region_code: region,
      created_by: createdBy,
      title,
      theme: '专场',
      event_date: '2026-04-15',
      start_time: '09:00',
      venue: '会展中心',
      capacity: 80,
      registration_deadline: '2026-04-10',
      open_registration: 0,
      slot_count: 6,
      slot_minutes: 20,
      table_count: 5,
      first_slot_time: '10:00',
      description: null,
      status: 'held',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: t,
      updated_at: t,
    })
    .execute();
  return id;
}

type AgreementFixture = {
  bank: string;
  enterprise: string;
  region: string;
  industry: string | null;
  event: string | null;
  category: string | null;
  month: string;
  amount: number;
  status: 'proposed' | 'declined' | 'signed' | 'approved' | 'disbursed' | 'terminated';
  approved?: number;
  disbursed?: number;
};

async function agreement(a: AgreementFixture) {
  const id = fid('rptagr');
  const t = now();
  const confirmed = a.status !== 'proposed' && a.status !== 'declined';
  const row: Insertable<AgreementsTable> = {
    id,
    document_no: `RPT-${id}`,
    event_id: a.event,
    bank_org_id: a.bank,
    enterprise_org_id: a.enterprise,
    need_id: null,
    product_id: null,
    region_code: a.region,
    industry: a.industry,
    product_category: a.category,
    amount: a.amount,
    term_months: 12,
    signed_on: `${a.month}-15`,
    signed_month: a.month,
    bank_signatory: '王',
    enterprise_signatory: '李',
    status: a.status,
    proposed_by_org_id: a.bank,
    proposed_by_user_id: 'x',
    confirmed_by_user_id: confirmed ? 'x' : null,
    confirmed_at: confirmed ? t : null,
    approved_amount: a.approved ?? null,
    approved_on: a.approved ? `${a.month}-20` : null,
    disbursed_amount: a.disbursed ?? 0,
    last_disbursed_on: a.disbursed ? `${a.month}-25` : null,
    status_reason: null,
    terminated_at: a.status === 'terminated' ? t : null,
    created_at: t,
    updated_at: t,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('agreements').values(row).execute();
    const after = await trx.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await applyAgreementChange(trx, null, after);
  });
  return id;
}

async function need(orgId: string, region: string, publishedAt: string) {
  return insertFinancingNeed(db, {
    id: fid('rptneed'),
    organizationId: orgId,
    region,
    publishedAt,
    createdAt: publishedAt,
    title: '报表测试融资需求',
  });
}

async function interest(needId: string, enterprise: string, bank: string, status: 'pending' | 'withdrawn') {
  const officer = await db.selectFrom('users').select('id').where('organization_id', '=', bank).executeTakeFirstOrThrow();
  await db
    .insertInto('need_interests')
    .values({
      id: fid('rptint'),
      need_kind: 'financing',
      need_id: needId,
      enterprise_org_id: enterprise,
      bank_org_id: bank,
      product_id: null,
      user_id: officer.id,
      message: '可以提供',
      status,
      response_message: null,
      responded_by: null,
      created_at: now(),
      responded_at: null,
    })
    .execute();
}

async function client(email: string): Promise<HttpClient> {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

/* ---------- reading the page ---------- */

const text = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** The main figure of a stat card. */
function stat(html: string, id: string): string {
  const m = new RegExp(`data-testid="${id}">(.*?)(<span|</span>)`).exec(html);
  if (!m) throw new Error(`no ${id}`);
  return text(m[1]);
}

/** The sum of a breakdown table's signed amounts (万元 with 4 decimals = 元), in 元. */
const sumWanOf = (rows: string[][]) => rows.reduce((s, r) => s + Math.round(Number(r[2].replace(/,/g, '')) * 10_000), 0);

/** The body rows of a breakdown table, as cell texts. */
function tableRows(html: string, by: string): string[][] {
  const start = html.indexOf(`data-testid="table-${by}"`);
  if (start < 0) throw new Error(`no table ${by}`);
  const body = html.slice(start, html.indexOf('</section>', start));
  const tbody = /<tbody[^>]*>(.*?)<\/tbody>/s.exec(body);
  if (!tbody) return [];
  return [...tbody[1].matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((r) => [...r[1].matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((c) => text(c[1])));
}

async function page(c: HttpClient, query = '') {
  const res = await c.get(`/dashboard${query}`);
  return { status: res.status, html: await res.text() };
}

/* ---------- fixtures ---------- */

const A: Record<string, AgreementFixture> = {};

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.bankA = await org('bank', BANK_A, '411100');
  fx.bankB = await org('bank', BANK_B, '411100');
  await db
    .insertInto('bank_regions')
    .values([
      { organization_id: fx.bankA, region_code: '411100' },
      { organization_id: fx.bankB, region_code: '411100' },
      { organization_id: fx.bankB, region_code: '411000' },
    ])
    .execute();
  fx.e1 = await org('enterprise', '报表测试源汇食品有限公司', '411102', 'C');
  fx.e2 = await org('enterprise', '报表测试郾城商贸有限公司', '411103', 'F');
  fx.e3 = await org('enterprise', '报表测试魏都机械有限公司', '411002', 'C');
  fx.orgA = await user('organizer', null, '411100');
  fx.orgB = await user('organizer', null, '411000');
  fx.bankAUser = await user('bank', fx.bankA);
  fx.bankBUser = await user('bank', fx.bankB);
  fx.entUser = await user('enterprise', fx.e1);
  const creator = (await db.selectFrom('users').select('id').where('email', '=', fx.orgA).executeTakeFirstOrThrow()).id;
  fx.ev1 = await event('411100', creator, '漯河市报表测试对接会');
  fx.ev2 = await event('411000', creator, '许昌市报表测试对接会');
  await db
    .insertInto('event_participants')
    .values({
      id: fid('rptpar'),
      event_id: fx.ev1,
      organization_id: fx.bankA,
      role: 'bank',
      status: 'accepted',
      invited_by: null,
      responded_by: null,
      responded_at: null,
      checkin_token: fid('rpttok') + 'x'.repeat(16),
      created_at: now(),
    })
    .execute();

  A.a1 = {
    bank: fx.bankA,
    enterprise: fx.e1,
    region: '411102',
    industry: 'C',
    event: fx.ev1,
    category: 'tech',
    month: '2026-03',
    amount: 12_345_678,
    status: 'disbursed',
    approved: 10_000_000,
    disbursed: 4_000_000,
  };
  A.a2 = {
    bank: fx.bankA,
    enterprise: fx.e2,
    region: '411103',
    industry: 'F',
    event: null,
    category: null,
    month: '2026-05',
    amount: 300_000_000,
    status: 'terminated',
  };
  A.a3 = {
    bank: fx.bankB,
    enterprise: fx.e1,
    region: '411102',
    industry: 'C',
    event: fx.ev1,
    category: 'credit',
    month: '2026-04',
    amount: 77_770_000,
    status: 'disbursed',
    approved: 77_770_000,
    disbursed: 77_770_000,
  };
  A.a4 = {
    bank: fx.bankB,
    enterprise: fx.e2,
    region: '411103',
    industry: 'F',
    event: null,
    category: null,
    month: '2026-06',
    amount: 5_000_000,
    status: 'proposed',
  };
  A.a5 = {
    bank: fx.bankB,
    enterprise: fx.e3,
    region: '411002',
    industry: 'C',
    event: fx.ev2,
    category: 'credit',
    month: '2026-04',
    amount: 88_880_000,
    status: 'signed',
  };
  A.a6 = {
    bank: fx.bankA,
    enterprise: fx.e1,
    region: '411102',
    industry: 'C',
    event: null,
    category: null,
    month: '2025-12',
    amount: 1_000_000,
    status: 'declined',
  };
  for (const a of Object.values(A)) await agreement(a);

  // needs: 411102 in April, 411103 in May (China time), 411002 in April
  const n1 = await need(fx.e1, '411102', '2026-04-10T02:00:00.000Z');
  const n2 = await need(fx.e2, '411103', '2026-04-30T17:00:00.000Z'); // 2026-05-01 01:00 in China
  const n3 = await need(fx.e3, '411002', '2026-04-20T02:00:00.000Z');
  await interest(n1, fx.e1, fx.bankA, 'pending');
  await interest(n2, fx.e2, fx.bankB, 'withdrawn');
  await interest(n3, fx.e3, fx.bankB, 'pending');
});

afterAll(async () => {
  await server?.stop();
});

/** Expected sums of the counted (confirmed) fixtures matching `pick`. */
function expected(pick: (a: AgreementFixture) => boolean) {
  const counted = Object.values(A).filter((a) => a.status !== 'proposed' && a.status !== 'declined' && pick(a));
  return {
    count: counted.length,
    signed: counted.reduce((s, a) => s + a.amount, 0),
    approved: counted.reduce((s, a) => s + (a.approved ?? 0), 0),
    disbursed: counted.reduce((s, a) => s + (a.disbursed ?? 0), 0),
  };
}
const inLuohe = (a: AgreementFixture) => a.region.startsWith('4111');

describe('dashboard over HTTP', () => {
  it('shows an organizer the totals of its region only, with breakdowns that add up', async () => {
    const c = await client(fx.orgA);
    const { status, html } = await page(c);
    expect(status).toBe(200);
    const e = expected(inLuohe);
    expect(e.count).toBe(3);
    expect(stat(html, 'stat-signed')).toBe(formatTotal(e.signed));
    expect(stat(html, 'stat-approved')).toBe(formatTotal(e.approved));
    expect(stat(html, 'stat-disbursed')).toBe(formatTotal(e.disbursed));
    expect(html).toContain(`${e.count} 份`);
    // 许昌's agreement (88,880,000 元) is not in 漯河's figures
    expect(html).not.toContain(toWan(88_880_000));
    expect(html).not.toContain('魏都区');
    // the tables are the dashboard's 明细表 page (decision 044a), with the same filters
    const tables = (await page(c, '?view=tables')).html;
    expect(tables).not.toContain('data-testid="stat-signed"');
    expect(html).not.toContain('data-testid="table-district"');
    const districts = tableRows(tables, 'district');
    expect(districts.map((r) => r[0])).toEqual(['源汇区', '郾城区']);
    const d1 = expected((a) => a.region === '411102');
    expect(districts[0].slice(1, 5)).toEqual([String(d1.count), toWan(d1.signed), toWan(d1.approved), toWan(d1.disbursed)]);
    // the district and the bank lines each add up to the region's total (exact 万元 with 4 decimals = 元)
    expect(sumWanOf(districts)).toBe(e.signed);
    const banks = tableRows(tables, 'bank');
    expect(sumWanOf(banks)).toBe(e.signed);
    // a terminated agreement keeps counting, and is shown apart
    expect(stat(html, 'stat-terminated')).toBe(formatTotal(300_000_000));
    // the definitions are on the page
    expect(html).toContain('履约率 = 放款金额 ÷ 签约金额');
    expect(html).toContain('银行需求响应率 =');
  });

  it('gives the bank response rate per bank and in total', async () => {
    const c = await client(fx.orgA);
    const banks = tableRows((await page(c, '?view=tables')).html, 'bank');
    const rowOf = (name: string) => banks.find((r) => r[0] === name)!;
    // bank A: needs in 411102 and 411103 are in its region; it answered one
    expect(rowOf(BANK_A).slice(-2)).toEqual(['50.0%', '1/2']);
    // bank B: its interest was withdrawn; 许昌's need is outside 漯河
    expect(rowOf(BANK_B).slice(-2)).toEqual(['0.0%', '0/2']);
    const may = tableRows((await page(c, '?from=2026-05&to=2026-05&view=tables')).html, 'bank');
    expect(may.find((r) => r[0] === BANK_A)!.slice(-2)).toEqual(['0.0%', '0/1']);
    const bank = await client(fx.bankBUser);
    const own = (await page(bank)).html;
    expect(stat(own, 'stat-response')).toBe('33.3%'); // 411102, 411103 and 411002: answered 1 of 3
  });

  it('filters by period, district and session', async () => {
    const c = await client(fx.orgA);
    const period = (await page(c, '?from=2026-04&to=2026-06')).html;
    expect(stat(period, 'stat-signed')).toBe(
      formatTotal(expected((a) => inLuohe(a) && a.month >= '2026-04' && a.month <= '2026-06').signed),
    );
    const district = (await page(c, '?district=411102')).html;
    expect(stat(district, 'stat-signed')).toBe(formatTotal(expected((a) => a.region === '411102').signed));
    const session = (await page(c, `?event=${fx.ev1}`)).html;
    expect(stat(session, 'stat-signed')).toBe(formatTotal(expected((a) => a.event === fx.ev1).signed));
    expect(tableRows((await page(c, `?event=${fx.ev1}&view=tables`)).html, 'event').map((r) => r[0])).toEqual([
      '漯河市报表测试对接会（2026-04-15）',
    ]);
  });

  it('answers bad filters with field errors in the user’s language, keeping what was typed', async () => {
    const c = await client(fx.orgA);
    const bad = await page(c, '?from=2026-06&to=2026-01');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('截止月份不能早于起始月份');
    expect(bad.html).toMatch(/name="from"[^>]*value="2026-06"|value="2026-06"[^>]*name="from"/);
    const month = await page(c, '?from=2026-1');
    expect(month.status).toBe(400);
    expect(month.html).toContain('请按“年-月”格式填写月份');
    const outside = await page(c, '?district=411002');
    expect(outside.status).toBe(400);
    expect(outside.html).toContain('请选择您所辖范围内的区县');
    c.cookies.set('finmatch_lang', 'en');
    const en = await page(c, '?from=2026-06&to=2026-01');
    expect(en.html).toContain('The end month cannot be before the start month');
  });

  it('answers 404 for a session of another region, and for one a bank has no part in', async () => {
    const org = await client(fx.orgA);
    expect((await page(org, `?event=${fx.ev2}`)).status).toBe(404);
    expect((await org.get(`/dashboard.xlsx?event=${fx.ev2}`)).status).toBe(404);
    const other = await client(fx.orgB);
    expect((await page(other, `?event=${fx.ev2}`)).status).toBe(200);
    const bankA = await client(fx.bankAUser);
    expect((await page(bankA, `?event=${fx.ev2}`)).status).toBe(404);
    expect((await page(bankA, `?event=${fx.ev1}`)).status).toBe(200);
  });

  it('shows another region’s organizer only its own region', async () => {
    const c = await client(fx.orgB);
    const { html } = await page(c);
    expect(stat(html, 'stat-signed')).toBe(formatTotal(88_880_000));
    expect(tableRows((await page(c, '?view=tables')).html, 'district').map((r) => r[0])).toEqual(['魏都区']);
    expect(html).not.toContain(toWan(77_770_000));
  });

  it('shows a bank its own figures only: another bank’s numbers never appear', async () => {
    const a = await client(fx.bankAUser);
    const { status, html } = await page(a);
    expect(status).toBe(200);
    expect(stat(html, 'stat-signed')).toBe(formatTotal(expected((x) => x.bank === fx.bankA).signed));
    expect(html).not.toContain(toWan(77_770_000));
    expect(html).not.toContain('乙银行');
    expect(html).not.toContain('table-bank');
    // its 明细表 page: its own tables, no table of banks, no 工作成效 page
    const own = expected((x) => x.bank === fx.bankA);
    const tables = (await page(a, '?view=tables')).html;
    expect(tables).toContain('data-testid="table-district"');
    expect(tables).not.toContain('table-bank');
    expect(tables).not.toContain(toWan(77_770_000));
    expect(tables).not.toContain('view=work');
    expect(sumWanOf(tableRows(tables, 'district'))).toBe(own.signed);
    const csv = await (await a.get('/dashboard.csv')).text();
    expect(csv).not.toContain('7777');
    expect(csv).not.toContain('乙银行');
    // bank B sees its agreements in every region it works in, and not bank A's
    const b = await client(fx.bankBUser);
    const bHtml = (await page(b)).html;
    expect(stat(bHtml, 'stat-signed')).toBe(formatTotal(expected((x) => x.bank === fx.bankB).signed));
    expect(bHtml).not.toContain('甲银行');
    expect(bHtml).not.toContain(toWan(12_345_678));
  });

  it('refuses enterprises and administrators', async () => {
    expect((await (await client(fx.entUser)).get('/dashboard')).status).toBe(403);
    expect((await (await client(DEMO.admin)).get('/dashboard.csv')).status).toBe(403);
    expect((await new HttpClient(server.url).get('/dashboard.xlsx')).status).toBe(302);
  });

  it('escapes names in the page and in its SVG charts', async () => {
    const c = await client(fx.orgA);
    const { html } = await page(c);
    expect(html).toContain('data-testid="chart-bank"');
    expect(html).not.toContain('<script>alert(1)</script>');
    const tables = (await page(c, '?view=tables')).html;
    expect(tables).not.toContain('<script>alert(1)</script>');
    expect(tables).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const chart = html.slice(html.indexOf('data-testid="chart-bank"'), html.indexOf('</figure>', html.indexOf('data-testid="chart-bank"')));
    expect(chart).toContain('<svg');
    expect(chart).not.toMatch(/<script|\son\w+=/i);
    // the SVG and the loader data's script joined the page after the render (decision 045b): no holder is left,
    // and the loader data reads back whole
    expect(html).not.toContain('<!--late:');
    const handoff = /window\.__remixContext = (\{.*?\});<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(handoff ?? 'null')?.state?.loaderData?.['routes/dashboard']?.view).toBe('overview');
  });

  it('exports the very figures of the screen as XLSX (numeric cells) and CSV (UTF-8 with BOM), filtered as on screen', async () => {
    const c = await client(fx.orgA);
    for (const query of ['', '?from=2026-04&to=2026-06', `?district=411102&event=${fx.ev1}`]) {
      const { html } = await page(c, query);
      const tables = (await page(c, `${query || '?'}&view=tables`)).html;
      const xlsxRes = await c.get(`/dashboard.xlsx${query}`);
      expect(xlsxRes.status).toBe(200);
      expect(xlsxRes.headers.get('content-type')).toContain('spreadsheetml');
      expect(xlsxRes.headers.get('content-disposition')).toMatch(
        /^attachment; filename="dashboard-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/,
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await xlsxRes.arrayBuffer()) as unknown as ExcelJS.Buffer);
      const summary = wb.getWorksheet('汇总')!;
      const summaryValue = (label: string) => {
        let v: ExcelJS.CellValue = null;
        summary.eachRow((row) => {
          if (row.getCell(1).value === label) v = row.getCell(2).value;
        });
        return v as unknown;
      };
      const signedWan = summaryValue('签约金额（万元）');
      expect(typeof signedWan).toBe('number');
      // every amount cell is a number formatted #,##0.00 (decision 030b)
      summary.eachRow((row) => {
        if (String(row.getCell(1).value).includes('（万元）')) expect(row.getCell(2).numFmt).toBe('#,##0.00');
      });
      wb.getWorksheet('按银行')!
        .getRow(2)
        .eachCell((cell, col) => {
          if (String(wb.getWorksheet('按银行')!.getRow(1).getCell(col).value).includes('（万元）')) expect(cell.numFmt).toBe('#,##0.00');
        });
      // the same amount as the stat card (which shows 亿元 from 1亿 up): compare in 元
      expect(formatTotal(Math.round((signedWan as number) * 10_000))).toBe(stat(html, 'stat-signed'));
      expect(formatTotal(Math.round((summaryValue('放款金额（万元）') as number) * 10_000))).toBe(stat(html, 'stat-disbursed'));

      const csvRes = await c.get(`/dashboard.csv${query}`);
      expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const bytes = new Uint8Array(await csvRes.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csvLines = new TextDecoder()
        .decode(bytes)
        .replace(/^\uFEFF/, '')
        .split('\r\n');

      for (const [by, sheetName] of [
        ['district', '按区县'],
        ['bank', '按银行'],
        ['month', '按月份'],
        ['industry', '按行业'],
      ] as const) {
        const screen = tableRows(tables, by);
        // XLSX: numbers as numbers, equal to the screen's cells
        const sheet = wb.getWorksheet(sheetName)!;
        const xRows: ExcelJS.CellValue[][] = [];
        sheet.eachRow((row, i) => {
          if (i > 1) xRows.push((row.values as ExcelJS.CellValue[]).slice(1));
        });
        expect(xRows.length, `${by} rows + total`).toBe(screen.length + 1);
        screen.forEach((cells, i) => {
          const x = xRows[i];
          expect(x[0]).toBe(cells[0]);
          expect(x[1]).toBe(Number(cells[1]));
          for (const k of [2, 3, 4]) {
            expect(typeof x[k]).toBe('number');
            expect(toWan(Math.round((x[k] as number) * 10_000))).toBe(cells[k]);
          }
          expect(x[5] == null ? '—' : `${((x[5] as number) * 100).toFixed(1)}%`).toBe(cells[5]);
          expect(x[6]).toBe(Number(cells[6]));
        });
        // CSV: the same rows
        const at = csvLines.indexOf(sheetName);
        expect(at, sheetName).toBeGreaterThanOrEqual(0);
        const csvRows = screen.map((_, i) => csvLines[at + 2 + i]);
        screen.forEach((cells, i) => {
          const fields = csvRows[i].split(',');
          const label = cells[0].includes(',') ? `"${cells[0]}"` : cells[0];
          expect(fields[0]).toBe(label);
          expect(fields.slice(1, 5)).toEqual([cells[1], ...cells.slice(2, 5).map((s) => s.replace(/,/g, ''))]);
          expect(fields[5]).toBe(cells[5] === '—' ? '' : cells[5]);
        });
      }
    }
  });

  it('keeps rollups equal to a rebuild from the agreements', async () => {
    const snapshot = () => rollupRowsInKeyOrder(db);
    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThan(0);
    await rebuildRollups(db);
    expect(await snapshot()).toEqual(incremental);
  });
});
