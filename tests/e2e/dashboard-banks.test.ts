/**
 * The dashboard's bank table in a browser (decision 039b): with more banks serving the
 * region than the page lists, "显示全部 N 家银行" shows every bank in place (a client
 * navigation that keeps the filters and the place on the page) and "只显示前 10 家"
 * goes back to the top rows. Ten banks of our own serve 平顶山市 beside the demo's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { loginAs, useBrowser } from './support/browser';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  const { db } = await server.database();
  const t = new Date().toISOString();
  for (let i = 1; i <= 10; i++) {
    const id = `e2ebkrbank${String(i).padStart(6, '0')}`;
    await db
      .insertInto('organizations')
      .values({
        id,
        kind: 'bank',
        name: `平顶山测试${String(i).padStart(2, '0')}号村镇银行`,
        status: 'verified',
        status_reason: null,
        status_changed_by: null,
        status_changed_at: null,
        credit_code: null,
        region_code: '410400',
        industry: null,
        size: null,
        founded_year: null,
        registered_capital: null,
        employees: null,
        annual_revenue: null,
        bank_type: 'village',
        branch_level: null,
        contact_name: '测试',
        contact_phone: '13800000007',
        contact_email: null,
        description: null,
        created_at: t,
        updated_at: t,
      })
      .execute();
    await db.insertInto('bank_regions').values({ organization_id: id, region_code: '410400' }).execute();
  }
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

describe('dashboard bank table', () => {
  it('shows the top 10 banks, then all of them in place, then the top 10 again', async () => {
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    // the tables are the dashboard's 明细表 page (decision 044a)
    await page.goto('/dashboard?view=tables');
    const rows = page.locator('[data-testid="table-bank"] tbody tr');
    expect(await rows.count()).toBe(10);
    const all = page.getByTestId('banks-all');
    const total = Number(/(\d+)/.exec(await all.innerText())?.[1]);
    expect(total).toBeGreaterThanOrEqual(18);
    await expect.poll(() => page.getByTestId('bank-rows').innerText()).toContain(`共 ${total} 家银行`);
    const top = await rows.allInnerTexts();

    await all.scrollIntoViewIfNeeded();
    await Promise.all([page.waitForURL(/banks=all/), all.click()]);
    await expect.poll(() => rows.count()).toBe(total);
    expect((await rows.allInnerTexts()).slice(0, 10)).toEqual(top);
    // the table stays in view (the page is not reloaded at the top)
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    // still the 明细表 page
    expect(await page.locator('[data-testid="dashboard-views"] [aria-current="page"]').innerText()).toBe('明细表');

    const back = page.getByTestId('banks-top');
    await Promise.all([page.waitForURL((u) => !u.searchParams.has('banks')), back.click()]);
    await expect.poll(() => rows.count()).toBe(10);
  });
});
