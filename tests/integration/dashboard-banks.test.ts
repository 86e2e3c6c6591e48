/**
 * The dashboard's bank table (decision 039b): a region served by many banks shows the
 * top rows with how many there are and a link to all of them (a plain GET link, so
 * it works without JavaScript) and back; the exports still list every bank. Fixtures
 * in 信阳市 (411500), away from the demo data: 17 verified banks serving the city and
 * one published need there, so every bank has a response rate and is listed.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let organizer = '';
const BANKS = 17;
const now = new Date().toISOString();
const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(16 - prefix.length, '0')}`;

async function org(orgId: string, kind: 'bank' | 'enterprise', name: string, region: string) {
  await db
    .insertInto('organizations')
    .values({
      id: orgId,
      kind,
      name,
      status: 'verified',
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
      bank_type: kind === 'bank' ? 'rural' : null,
      branch_level: null,
      contact_name: '测试',
      contact_phone: '13800000007',
      contact_email: null,
      description: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  const hash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  for (let i = 1; i <= BANKS; i++) {
    await org(id('bkrbank', i), 'bank', `信阳测试${String(i).padStart(2, '0')}号农商银行`, '411500');
    await db
      .insertInto('bank_regions')
      .values({ organization_id: id('bkrbank', i), region_code: '411500' })
      .execute();
  }
  await org(id('bkrent', 1), 'enterprise', '信阳测试茶叶有限公司', '411502');
  await db
    .insertInto('financing_needs')
    .values({
      id: id('bkrneed', 1),
      organization_id: id('bkrent', 1),
      title: '信阳测试融资需求',
      amount: 1_000_000,
      term_months: 12,
      purpose: 'working_capital',
      guarantee_mask: 1,
      max_rate_bp: null,
      wanted_by: null,
      description: null,
      attachments: '[]',
      status: 'published',
      region_code: '411502',
      search_text: '',
      published_at: '2026-03-02T02:00:00.000Z',
      closed_at: null,
      status_reason: null,
      created_at: '2026-03-02T02:00:00.000Z',
      updated_at: '2026-03-02T02:00:00.000Z',
    })
    .execute();
  organizer = 'bkr-organizer@reports.finmatch.test';
  await db
    .insertInto('users')
    .values({
      id: id('bkrusr', 1),
      email: organizer,
      name: '信阳测试',
      phone: '13800000005',
      password_hash: hash,
      role: 'organizer',
      organization_id: null,
      region_code: '411500',
      created_at: now,
      updated_at: now,
    })
    .execute();
});

afterAll(async () => {
  await server?.stop();
});

const bankRows = (html: string) => {
  const start = html.indexOf('data-testid="table-bank"');
  const tbody = /<tbody[^>]*>(.*?)<\/tbody>/s.exec(html.slice(start, html.indexOf('</table>', start)));
  return [...(tbody?.[1] ?? '').matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((r) => /<td[^>]*>(?:<span[^>]*>)?([^<]*)/.exec(r[1])?.[1] ?? '');
};
const decode = (s: string) => s.replace(/&amp;/g, '&');

describe('dashboard: the bank table of a region with many banks (decision 039b)', () => {
  it('shows the top 10 banks, says how many there are and links to all of them, keeping the filters', async () => {
    const c = new HttpClient(server.url);
    await c.login(organizer, DEMO.password);
    const html = await (await c.get('/dashboard?from=2026-01&to=2026-06')).text();
    const rows = bankRows(html);
    expect(rows).toHaveLength(10);
    const note = /data-testid="bank-rows"[^>]*>(.*?)<\/p>/s.exec(html)?.[1] ?? '';
    expect(note).toContain('共 17 家银行');
    const link = /<a href="([^"]+)"[^>]*data-testid="banks-all"/.exec(note)?.[1];
    expect(link && decode(link)).toBe('/dashboard?from=2026-01&to=2026-06&banks=all#banks');

    const all = await (await c.get('/dashboard?from=2026-01&to=2026-06&banks=all')).text();
    const allRows = bankRows(all);
    expect(allRows).toHaveLength(BANKS);
    expect(allRows.slice(0, 10)).toEqual(rows);
    expect(new Set(allRows).size).toBe(BANKS);
    const back = /<a href="([^"]+)"[^>]*data-testid="banks-top"/.exec(all)?.[1];
    expect(back && decode(back)).toBe('/dashboard?from=2026-01&to=2026-06#banks');
    expect(all).not.toContain('data-testid="banks-all"');
  });

  it('keeps every bank in the XLSX export', async () => {
    const c = new HttpClient(server.url);
    await c.login(organizer, DEMO.password);
    const res = await c.get('/dashboard.xlsx?from=2026-01&to=2026-06');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const names = new Set<string>();
    for (const ws of wb.worksheets)
      ws.eachRow((row) => row.eachCell((cell) => void (/^信阳测试\d\d号/.test(String(cell.value)) && names.add(String(cell.value)))));
    expect(names.size).toBe(BANKS);
  });
});
