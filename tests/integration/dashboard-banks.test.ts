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
import { orgFixtures } from '../support/org-fixtures';
import { startServer, type TestServer } from '../support/server';

let server: TestServer;
let db: Kysely<Database>;
let passwordHash = '';
let organizer = '';
const BANKS = 17;

const { org, user, need } = orgFixtures({
  db: () => db,
  passwordHash: () => passwordHash,
  serverUrl: () => server.url,
  orgPrefix: (kind) => (kind === 'bank' ? 'bkrbank' : 'bkrent'),
  userPrefix: 'bkrusr',
  needPrefix: 'bkrneed',
  label: 'reports',
});

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  passwordHash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  for (let i = 1; i <= BANKS; i++) await org('bank', `信阳测试${String(i).padStart(2, '0')}号农商银行`, '411500', { bank_type: 'rural' });
  const ent = await org('enterprise', '信阳测试茶叶有限公司', '411502');
  const published = '2026-03-02T02:00:00.000Z';
  await need(ent, '信阳测试融资需求', '411502', {
    amount: 1_000_000,
    published_at: published,
    created_at: published,
    updated_at: published,
  });
  organizer = (await user('organizer', null, { name: '信阳测试', region_code: '411500' })).email;
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
    // the table is on the dashboard's 明细表 page (decision 044a)
    const html = await (await c.get('/dashboard?from=2026-01&to=2026-06&view=tables')).text();
    const rows = bankRows(html);
    expect(rows).toHaveLength(10);
    const note = /data-testid="bank-rows"[^>]*>(.*?)<\/p>/s.exec(html)?.[1] ?? '';
    expect(note).toContain('共 17 家银行');
    const link = /<a href="([^"]+)"[^>]*data-testid="banks-all"/.exec(note)?.[1];
    expect(link && decode(link)).toBe('/dashboard?from=2026-01&to=2026-06&view=tables&banks=all#banks');

    const all = await (await c.get('/dashboard?from=2026-01&to=2026-06&view=tables&banks=all')).text();
    const allRows = bankRows(all);
    expect(allRows).toHaveLength(BANKS);
    expect(allRows.slice(0, 10)).toEqual(rows);
    expect(new Set(allRows).size).toBe(BANKS);
    const back = /<a href="([^"]+)"[^>]*data-testid="banks-top"/.exec(all)?.[1];
    expect(back && decode(back)).toBe('/dashboard?from=2026-01&to=2026-06&view=tables#banks');
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
