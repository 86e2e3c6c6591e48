/**
 * Policy tools over HTTP (issue 18), on SQLite and PostgreSQL: a bank tags its
 * product with the tools it uses (an unknown tool is a clear message); a letter of
 * intent the organizer records for that product takes them; the dashboard and its
 * XLSX show the totals by tool. Fixtures in 新乡市 (410700), away from the demo data.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { policiesOf } from '../../app/modules/catalog/codes';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { insertOrg, insertUser } from '../support/temp-db';

let server: TestServer;
let db: Kysely<Database>;
const fx = {} as { bank: string; ent: string; bankEmail: string; orgEmail: string };

async function client(email: string) {
  const c = new HttpClient(server.url);
  await c.login(email, DEMO.password);
  return c;
}

const productForm = (overrides: Record<string, string | string[]> = {}) => ({
  name: '新乡续贷通',
  category: 'renewal',
  amountMin: '10',
  amountMax: '3000',
  termMin: '1',
  termMax: '36',
  rateType: 'lpr',
  rateMin: '0.35',
  rateMax: '1.20',
  guarantees: ['credit'],
  policies: ['renewal', 'interest_subsidy'],
  regions: ['410700'],
  minYears: '',
  minNewHires: '',
  materials: '营业执照',
  description: '',
  intent: 'draft',
  ...overrides,
});

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  const hash = (await db.selectFrom('users').select('password_hash').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .password_hash;
  fx.bank = await insertOrg(db, { kind: 'bank', region: '410700', name: '政策工具测试新乡银行' });
  await db.insertInto('bank_regions').values({ organization_id: fx.bank, region_code: '410700' }).execute();
  fx.ent = await insertOrg(db, { kind: 'enterprise', region: '410702', name: '政策工具测试新乡企业' });
  fx.bankEmail = 'policy-bank@finmatch.test';
  fx.orgEmail = 'policy-organizer@finmatch.test';
  await insertUser(db, { role: 'bank', organizationId: fx.bank, email: fx.bankEmail, passwordHash: hash });
  await insertUser(db, { role: 'organizer', regionCode: '410700', email: fx.orgEmail, passwordHash: hash });
});
afterAll(async () => {
  await server?.stop();
});

describe('policy tools', () => {
  let productId = '';

  it('a bank tags its product with policy tools; an unknown tool is refused', async () => {
    const bank = await client(fx.bankEmail);
    const bad = await bank.post('/bank/products/new', productForm({ policies: ['renewal', 'free_money'] }));
    expect(bad.status).toBe(400);
    const res = await bank.post('/bank/products/new', productForm());
    expect(res.status).toBe(302);
    productId = /\/bank\/products\/(\w+)$/.exec(res.headers.get('location') ?? '')![1];
    const row = await db.selectFrom('loan_products').select('policy_mask').where('id', '=', productId).executeTakeFirstOrThrow();
    expect(policiesOf(row.policy_mask)).toEqual(['interest_subsidy', 'renewal']);
    // the edit form shows them checked
    const edit = await (await bank.get(`/bank/products/${productId}`)).text();
    const checked = [...edit.matchAll(/<input[^>]*name="policies"[^>]*>/g)]
      .map((m) => m[0])
      .filter((tag) => /\schecked=""/.test(tag))
      .map((tag) => /value="(\w+)"/.exec(tag)![1]);
    expect(checked).toEqual(['interest_subsidy', 'renewal']);
    const published = await bank.post(`/bank/products/${productId}`, { intent: 'publish', version: '1' });
    expect(published.status).toBe(302);
  });

  it("a letter of intent takes its product's tools; the dashboard and its XLSX total them by tool", async () => {
    const org = await client(fx.orgEmail);
    const rec = await org.post('/agreements/new', {
      bankId: fx.bank,
      enterpriseId: fx.ent,
      productId,
      amount: '500',
      signedOn: '2026-11-20',
    });
    expect(rec.status).toBe(302);
    const own = await org.post('/agreements/new', {
      bankId: fx.bank,
      enterpriseId: fx.ent,
      policies: ['first_loan'],
      amount: '200',
      signedOn: '2026-11-21',
    });
    expect(own.status).toBe(302);
    // on the dashboard's 明细表 page (decision 044a)
    const html = await (await org.get('/dashboard?view=tables')).text();
    expect(html).toContain('data-testid="table-policy"');
    expect(html).toContain('无还本续贷');

    const res = await org.get('/dashboard.xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('按政策工具')!;
    const values = new Map<string, unknown[]>();
    sheet.eachRow((row) => values.set(String(row.getCell(1).value), [row.getCell(2).value, row.getCell(3).value]));
    expect(values.get('无还本续贷')).toEqual([1, 500]);
    expect(values.get('贴息')).toEqual([1, 500]);
    expect(values.get('首贷')).toEqual([1, 200]);
    expect(values.get('政府风险补偿')).toEqual([0, 0]);
    expect(values.get('使用政策工具的意向书（去重）')).toEqual([2, 700]);
  });
});
