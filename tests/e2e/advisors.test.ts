/**
 * 金融顾问 in a real browser (issue 18, decision 037b): the organizer pairs the demo
 * bank's officer with an enterprise that has no advisor; the officer finds it under
 * 我服务的企业 and logs a visit; the organizer's KPIs then count one more firm
 * contacted. The new pages pass axe and fit a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
const DEMO_BANK_NAME = '中国银行平顶山分行';
const DEMO_OFFICER = 'demousr000000003';
let firm = { id: '', name: '' };
let before = { contacted: 0, firms: 0 };

beforeAll(async () => {
  server = await startServer();
  const { db } = await server.database();
  firm = await db
    .selectFrom('organizations as o')
    .select(['o.id', 'o.name'])
    .where('o.kind', '=', 'enterprise')
    .where('o.status', '=', 'verified')
    .where('o.region_code', 'like', '4104%')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('advisor_pairings as p')
            .select('p.id')
            .whereRef('p.enterprise_org_id', '=', 'o.id')
            .where('p.ended_at', 'is', null),
        ),
      ),
    )
    .orderBy('o.id')
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

async function expectAccessible(page: import('playwright-core').Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
}

async function expectFits(page: import('playwright-core').Page, path: string) {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(path);
  const overflow = await horizontalOverflow(page);
  expect(overflow.scrollWidth, `${path}: ${overflow.offenders.join(', ')}`).toBeLessThanOrEqual(overflow.viewport);
}

/** contacted/firms of the demo bank's row in the organizer's KPIs */
async function demoBankKpi(page: import('playwright-core').Page) {
  const row = page.getByTestId('advisor-kpi-bank').locator('tr', { hasText: DEMO_BANK_NAME });
  const m = /(\d+)\/(\d+)/.exec(await row.innerText());
  if (!m) throw new Error(`no KPI row for ${DEMO_BANK_NAME}`);
  return { contacted: Number(m[1]), firms: Number(m[2]) };
}

describe('金融顾问', () => {
  it('the organizer pairs the demo bank’s officer with an enterprise', async () => {
    const page = session.page();
    await page.setViewportSize({ width: 1366, height: 900 });
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/advisors');
    await page.waitForFunction(() => '__remixRouter' in window);
    before = await demoBankKpi(page);
    await expectAccessible(page);
    const form = page.getByTestId('pair-form');
    await form.locator('select[name="enterpriseId"]').selectOption(firm.id);
    await form.locator('select[name="officerId"]').selectOption(DEMO_OFFICER);
    await form.getByRole('button', { name: '选派' }).click();
    await page.getByText('已选派金融顾问').waitFor();
    await expect(page.getByTestId('advisor-pairings').innerText()).resolves.toContain(firm.name);
    await expect(demoBankKpi(page)).resolves.toEqual({ contacted: before.contacted, firms: before.firms + 1 });
    await expectFits(page, '/organizer/advisors');
  });

  it('the officer finds the firm under 我服务的企业 and logs a visit', async () => {
    const page = session.page();
    await page.setViewportSize({ width: 1366, height: 900 });
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/bank/advisor');
    await expectAccessible(page);
    const card = page.getByTestId('advisor-firm').filter({ hasText: firm.name });
    await expect(card.getByText('未联系').count()).resolves.toBe(1);
    await Promise.all([page.waitForURL(`**/bank/advisor/${firm.id}`), card.getByRole('link', { name: '记录联系' }).click()]);
    await page.waitForFunction(() => '__remixRouter' in window);
    await expectAccessible(page);
    const form = page.getByTestId('contact-form');
    await form.locator('select[name="channel"]').selectOption('visit');
    await form.locator('textarea[name="summary"]').fill('上门走访，了解企业流动资金需求');
    await form.locator('input[name="nextStep"]').fill('下周提交授信申请');
    await form.getByRole('button', { name: '保存联系记录' }).click();
    await page.getByText('已记录联系').waitFor();
    await expect(page.getByTestId('contact-log').innerText()).resolves.toContain('上门走访，了解企业流动资金需求');
    await expectFits(page, `/bank/advisor/${firm.id}`);
    await expectFits(page, '/bank/advisor');
  });

  it('the organizer sees the firm counted as contacted, on its page and on the dashboard', async () => {
    const page = session.page();
    await page.setViewportSize({ width: 1366, height: 900 });
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/advisors');
    await expect(demoBankKpi(page)).resolves.toEqual({ contacted: before.contacted + 1, firms: before.firms + 1 });
    await expect(page.getByTestId('advisor-pairings').locator('tr', { hasText: firm.name }).innerText()).resolves.toMatch(
      /\d{4}-\d{2}-\d{2}/,
    );
    // the card is on the dashboard's 工作成效 page (decision 044a)
    await page.goto('/dashboard?view=work');
    await page.getByTestId('dashboard-advisors').waitFor();
    await expect(page.getByTestId('dashboard-advisors').innerText()).resolves.toContain(DEMO_BANK_NAME);
    await expectAccessible(page);
    await expectFits(page, '/dashboard?view=work');
  });
});
