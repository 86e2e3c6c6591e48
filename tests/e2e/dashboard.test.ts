/**
 * The dashboard in a real browser: the demo organizer opens it, the figures and the
 * server-rendered ECharts SVG charts are there (no chart script, no console or CSP
 * error), a filter narrows the figures, axe finds nothing serious, and a phone-sized
 * screen does not scroll sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAgreementChange } from '../../app/modules/reports/rollups.server';
import { formatTotal } from '../../app/utils/money';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  // one confirmed agreement of our own in 舞钢市, in a month the demo data does not use
  const { db } = await server.database();
  const bank = await db.selectFrom('users').select('organization_id').where('email', '=', DEMO.bank).executeTakeFirstOrThrow();
  const ent = await db.selectFrom('users').select('organization_id').where('email', '=', DEMO.enterprise).executeTakeFirstOrThrow();
  const t = new Date().toISOString();
  const row = {
    id: 'e2edashagr000001',
    document_no: null,
    event_id: null,
    bank_org_id: bank.organization_id!,
    enterprise_org_id: ent.organization_id!,
    need_id: null,
    product_id: null,
    region_code: '410481',
    industry: 'C',
    product_category: 'tech',
    amount: 123_450_000,
    term_months: 12,
    signed_on: '2024-02-10',
    signed_month: '2024-02',
    bank_signatory: '王建国',
    enterprise_signatory: '李红梅',
    status: 'signed' as const,
    proposed_by_org_id: bank.organization_id!,
    proposed_by_user_id: 'e2e',
    confirmed_by_user_id: 'e2e',
    confirmed_at: t,
    approved_amount: null,
    approved_on: null,
    disbursed_amount: 0,
    last_disbursed_on: null,
    status_reason: null,
    terminated_at: null,
    version: 1,
    created_at: t,
    updated_at: t,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('agreements').values(row).execute();
    await applyAgreementChange(trx, null, row);
  });
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

describe('dashboard', () => {
  it('shows the organizer its figures with SVG charts, filters them, and passes axe', async () => {
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/');
    await Promise.all([page.waitForURL('**/dashboard'), page.getByRole('link', { name: '数据看板' }).first().click()]);
    await expect.poll(() => page.locator('h1').innerText()).toBe('数据看板');
    const signed = await page.getByTestId('stat-signed').innerText();
    expect(signed).toMatch(/亿元|万元/);

    // the charts come as inline SVG drawn on the server (kept for print and no-JS); no chart script is inline
    const charts = page.locator('figure[data-testid^="chart-"]');
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    for (const id of ['month', 'district', 'bank', 'industry']) {
      const svg = page.locator(`[data-testid="chart-svg-${id}"] > svg`);
      expect(await svg.count(), id).toBe(1);
      expect(await svg.locator('path, rect').count(), id).toBeGreaterThan(2);
    }
    expect(await page.locator('[data-testid^="chart-"] script').count()).toBe(0);
    expect(await page.getByRole('img', { name: /月度签约、授信与放款/ }).count()).toBe(1);

    expect(formatViolations('/dashboard', await seriousAxeViolations(page))).toBe('');

    // filter: 舞钢市 in 2024-02 holds our agreement only
    await page.locator('select[name="district"]').selectOption('410481');
    await page.locator('input[name="from"]').fill('2024-02');
    await page.locator('input[name="to"]').fill('2024-02');
    await Promise.all([page.waitForURL(/district=410481/), page.getByRole('button', { name: '筛选' }).click()]);
    const filtered = await page.getByTestId('stat-signed').innerText();
    // other e2e files share this server and may sign in 舞钢市 too: our agreement is part of the figure
    const filteredYi = Number(filtered.split('\n')[0].replace('亿元', ''));
    expect(filteredYi).toBeGreaterThanOrEqual(Number(formatTotal(123_450_000).replace('亿元', '')));
    const districts = await page.locator('[data-testid="table-district"] tbody tr').allInnerTexts();
    expect(districts.map((r) => r.split('\t')[0])).toEqual(['舞钢市']);
    // the export links carry the filters
    expect(await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href')).toMatch(/^\/dashboard\.xlsx\?.*district=410481/);
    expect(formatViolations('/dashboard?district=410481', await seriousAxeViolations(page))).toBe('');
  });

  it('draws the charts again in the browser with ECharts, loaded lazily, with every month of the period on the axis (decision 030f)', async () => {
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/dashboard?from=2024-01&to=2024-03');
    // ECharts arrives lazily and replaces the server SVG on screen (kept for print)
    const month = page.locator('[data-testid="chart-live-month"][data-ready="true"]');
    await month.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="chart-svg-month"]').isVisible()).toBe(false);
    // every month of the period on the axis, the empty ones included
    const monthSvg = await month.locator('svg').innerHTML();
    for (const m of ['2024-01', '2024-02', '2024-03']) expect(monthSvg).toContain(m);
  });

  it('does not scroll sideways on a phone', async () => {
    const context = await session.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/dashboard');
    expect(await page.locator('[data-testid^="chart-svg-"] > svg').count()).toBeGreaterThanOrEqual(4);
    const o = await horizontalOverflow(page);
    expect(o.scrollWidth, `/dashboard is ${o.scrollWidth}px wide: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.viewport);
  });
});
