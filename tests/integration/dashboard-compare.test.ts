/**
 * The dashboard's enterprise counts, month-on-month / year-on-year comparisons and
 * a bank's own targets (decision 036h) over HTTP, reconciled with the rows written
 * here: page, XLSX (read back) and the bank's view. Fixtures in 三门峡市 (411200),
 * away from the demo data; runs on SQLite and, with TEST_PG_URL, PostgreSQL.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../app/modules/reports/rollups.server';
import type { Database } from '../../db/schema';
import { DEMO } from '../support/http-client';
import { reportFixtures } from '../support/report-fixtures';
import { startServer, type TestServer } from '../support/server';
import { insertFinancingNeed } from '../support/temp-db';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
const fx = {} as Record<'B1' | 'B2' | 'E1' | 'E2' | 'E3' | 'E4' | 'E5', string> & { org: { id: string; email: string }; bankEmail: string };
const NAMES = { B1: '三门峡对比测试甲银行', B2: '三门峡对比测试乙银行' };

const { org, organizer, agreement, client } = reportFixtures({
  prefix: 'cm',
  label: 'compare',
  theme: '对比测试',
  eventRegion: '411200',
  venue: '三门峡市会展中心',
  db: () => db,
  passwordHash: () => passwordHash,
  actingUserId: () => fx.org.id,
  serverUrl: () => server.url,
});

const flat = (s: string) => s.replace(/\s+/g, '');
let seq = 0;
const iso = (date: string) => `${date}T02:00:00.000Z`;

async function need(
  enterprise: string,
  region: string,
  publishedOn: string,
  answeredBy?: { bank: string; status: 'pending' | 'withdrawn' },
) {
  const id = `cmneed${String(++seq).padStart(10, '0')}`;
  const at = iso(publishedOn);
  await insertFinancingNeed(db, { id, organizationId: enterprise, region, publishedAt: at, createdAt: at, title: '对比测试融资需求' });
  if (answeredBy) {
    await db
      .insertInto('need_interests')
      .values({
        id: `cmint${String(++seq).padStart(11, '0')}`,
        need_kind: 'financing',
        need_id: id,
        enterprise_org_id: enterprise,
        bank_org_id: answeredBy.bank,
        product_id: null,
        user_id: fx.org.id,
        message: '可以提供',
        status: answeredBy.status,
        response_message: null,
        responded_by: null,
        created_at: iso(publishedOn),
        responded_at: null,
      })
      .execute();
  }
}

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow())
    .password_hash;
  fx.org = await organizer('411200');
  fx.B1 = await org('bank', NAMES.B1, '411200', '411200');
  fx.B2 = await org('bank', NAMES.B2, '411200', '411200');
  fx.E1 = await org('enterprise', '湖滨区对比测试甲公司', '411202');
  fx.E2 = await org('enterprise', '陕州区对比测试乙公司', '411203');
  fx.E3 = await org('enterprise', '渑池县对比测试丙公司', '411221');
  fx.E4 = await org('enterprise', '灵宝市对比测试丁公司', '411282');
  fx.E5 = await org('enterprise', '义马市对比测试戊公司', '411281');
  // a year before the compared month
  await agreement({ bank: fx.B1, ent: fx.E1, region: '411202', wan: 1000, signedOn: '2025-10-08' });
  // the month before
  await agreement({ bank: fx.B1, ent: fx.E1, region: '411202', wan: 500, signedOn: '2026-09-03' });
  await agreement({ bank: fx.B2, ent: fx.E2, region: '411203', wan: 300, signedOn: '2026-09-20' });
  // the compared month, 2026-10
  await agreement({ bank: fx.B1, ent: fx.E1, region: '411202', wan: 2000, signedOn: '2026-10-09', tranches: [['2026-10-20', 1000]] });
  await agreement({ bank: fx.B1, ent: fx.E3, region: '411221', wan: 400, signedOn: '2026-10-12' });
  await agreement({ bank: fx.B2, ent: fx.E2, region: '411203', wan: 600, signedOn: '2026-10-28' });
  // not counted: not confirmed
  await agreement({ bank: fx.B2, ent: fx.E4, region: '411282', wan: 9000, signedOn: '2026-10-15', status: 'proposed' });
  // needs: E4's answered by B2 (served), E5's answered and withdrawn (not served), E3's unanswered
  await need(fx.E4, '411282', '2026-10-05', { bank: fx.B2, status: 'pending' });
  await need(fx.E5, '411281', '2026-10-06', { bank: fx.B1, status: 'withdrawn' });
  await need(fx.E3, '411221', '2026-10-07');
  await rebuildRollups(db);

  // a bank officer of B1, and a target the organizer sets for B1
  fx.bankEmail = 'cmbank1@compare.finmatch.test';
  const t = new Date().toISOString();
  await db
    .insertInto('users')
    .values({
      id: 'cmbankuser000001',
      email: fx.bankEmail,
      name: '对比测试银行员',
      phone: '13800000008',
      password_hash: passwordHash,
      role: 'bank',
      organization_id: fx.B1,
      region_code: null,
      created_at: t,
      updated_at: t,
    })
    .execute();
  await db
    .insertInto('report_targets')
    .values({
      id: 'cmtarget00000001',
      region_code: '411200',
      unit_kind: 'bank',
      unit_id: fx.B1,
      period: '2026',
      metric: 'signed',
      value: 100_000_000,
      updated_by: fx.org.id,
      updated_at: t,
    })
    .execute();
});
afterAll(async () => {
  await server?.stop();
});

/** The text of a headline card (its figure and its 环比/同比 line). */
function card(html: string, testId: string): { main: string; compare: string } {
  const at = html.indexOf(`data-testid="${testId}"`);
  const compareAt = html.indexOf(`data-testid="${testId}-compare"`, at);
  const text = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' ')
      .trim();
  return {
    main: text(html.slice(html.indexOf('>', at) + 1, html.indexOf('<', at + 1))),
    compare: text(html.slice(html.indexOf('>', compareAt) + 1, html.indexOf('</span>', compareAt))),
  };
}

describe('dashboard: enterprise counts, 环比 and 同比, a bank’s own targets (decision 036h)', () => {
  it('counts distinct enterprises and compares the to month with the month before and a year earlier', async () => {
    const c = await client(fx.org.email);
    const html = await (await c.get('/dashboard?from=2026-09&to=2026-10')).text();
    // signed in 2026-09…10: E1, E2, E3; served adds E4 (need answered); E5's answer was withdrawn
    expect(card(html, 'stat-enterprises').main).toBe('3 家');
    expect(card(html, 'stat-served').main).toBe('4 家');
    // 2026-10: 3,000万 against 800万 (2026-09) and 1,000万 (2025-10)
    expect(card(html, 'stat-signed').compare).toMatch(/^2026-10 当月 .+，环比 \+275\.0%，同比 \+200\.0%$/);
    // enterprises with agreements 3 / 2 / 1; served 4 / 2 / 1
    expect(card(html, 'stat-enterprises').compare).toBe('2026-10 当月 3 家，环比 +50.0%，同比 +200.0%');
    expect(card(html, 'stat-served').compare).toBe('2026-10 当月 4 家，环比 +100.0%，同比 +300.0%');
    // disbursed 1,000万 in 2026-10, none before: no 环比 / 同比 against nothing
    expect(card(html, 'stat-disbursed').compare).toMatch(/环比 —，同比 —$/);
    // fulfilment 33.3 % against 0.0 % (2026-09) and 0.0 % (2025-10): in percentage points
    expect(card(html, 'stat-fulfilment').compare).toBe('2026-10 当月 33.3%，环比 +33.3 个百分点，同比 +33.3 个百分点');
    expect(flat(html)).toContain('环比、同比：比较的月份为所选截止月份');
    // industries by name, without the GB/T 4754 letter
    expect(html).toContain('>制造业<');
    expect(html).not.toContain('C 制造业');

    // the workbook reads the same
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await (await c.get('/dashboard.xlsx?from=2026-09&to=2026-10')).arrayBuffer()) as unknown as ExcelJS.Buffer);
    const summary = new Map<string, unknown>();
    wb.getWorksheet('汇总')!.eachRow((r) => summary.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(summary.get('服务企业')).toBe(4);
    expect(summary.get('签约企业')).toBe(3);
    const ws = wb.getWorksheet('环比同比')!;
    expect(ws.getRow(1).values).toEqual([undefined, '项目', '2026-10', '2026-09', '环比', '2025-10', '同比']);
    expect(ws.getRow(2).values).toEqual([undefined, '签约金额（万元）', 3000, 800, 2.75, 1000, 2]);
    expect(ws.getRow(8).values).toEqual([undefined, '服务企业', 4, 2, 1, 1, 3]);
    expect(ws.getRow(9).values).toEqual([undefined, '签约企业', 3, 2, 0.5, 1, 2]);
  });

  it('counts the period’s enterprises for any period, open or longer than a year (decision 038a), and the month’s', async () => {
    const c = await client(fx.org.email);
    for (const url of ['/dashboard?to=2026-10', '/dashboard?from=2025-10&to=2026-10']) {
      const html = await (await c.get(url)).text();
      expect(card(html, 'stat-enterprises').main, url).toBe('3 家');
      expect(card(html, 'stat-served').main, url).toBe('4 家');
      expect(flat(html), url).not.toContain('个月以内的期间');
      expect(card(html, 'stat-served').compare, url).toBe('2026-10 当月 4 家，环比 +100.0%，同比 +300.0%');
    }
    expect(card(await (await c.get('/dashboard?from=2025-11&to=2026-10')).text(), 'stat-enterprises').main).toBe('3 家');
  });

  it('narrows the counts to a district and to a bank’s own figures', async () => {
    const c = await client(fx.org.email);
    const html = await (await c.get('/dashboard?from=2026-09&to=2026-10&district=411202')).text();
    expect(card(html, 'stat-enterprises').main).toBe('1 家');
    expect(card(html, 'stat-served').main).toBe('1 家');
    // 2,000万 against 500万 and 1,000万
    expect(card(html, 'stat-signed').compare).toMatch(/环比 \+300\.0%，同比 \+100\.0%$/);

    const bank = await client(fx.bankEmail);
    const own = await (await bank.get('/dashboard?from=2026-01&to=2026-10')).text();
    // B1: E1 and E3; 2026-10 2,400万 against 500万 and 1,000万
    expect(card(own, 'stat-enterprises').main).toBe('2 家');
    expect(card(own, 'stat-signed').compare).toMatch(/^2026-10 当月 .+，环比 \+380\.0%，同比 \+140\.0%$/);
  });

  it('shows a bank the targets set for it, with 完成率 and 时序进度, behind when behind', async () => {
    const bank = await client(fx.bankEmail);
    const html = flat(await (await bank.get('/dashboard?to=2026-10')).text());
    expect(html).toContain('本行目标完成情况');
    // 2026 (as of 2026-10-31): 500万 + 2,400万 in 三门峡市 against 1亿: 29.0 %; 304 of 365 days: 83.3 %
    expect(html).toContain('三门峡市');
    expect(html).toContain('29.0%');
    expect(html).toContain('83.3%');
    expect(html).toContain('落后于时序进度');
    expect(html).toContain('data-testid="target-progress"');
    // and on its home, as of today
    const home = flat(await (await bank.get('/')).text());
    expect(home).toContain('data-testid="home-targets"');
    expect(home).toContain('本行目标完成情况');
    expect(home).toContain('1项目标落后于时序进度');
    // the organizer's dashboard names who is behind
    const org = flat(await (await (await client(fx.org.email)).get('/dashboard?to=2026-10')).text());
    expect(org).toContain(`落后于时序进度：1项（${NAMES.B1}）`);
  });
});
