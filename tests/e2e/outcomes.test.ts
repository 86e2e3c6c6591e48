/**
 * After the meeting and satisfaction in a real browser (issues 16 and 18, decision
 * 036c): the demo bank's representative marks a meeting of the closed session held
 * and rates it; the demo enterprise rates a bank after an accepted interest; the
 * organizer sees the session report and the ranking's satisfaction column. The
 * pages pass axe and fit a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
const CLOSED_EVENT = 'demoevt000000003';

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

async function hydrated(page: import('playwright-core').Page) {
  await page.waitForFunction(() => '__remixRouter' in window);
  await page.waitForLoadState('networkidle');
}

async function expectAccessible(page: import('playwright-core').Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
}

describe('after the meeting', () => {
  it('a representative marks a meeting held and rates it; the enterprise rates a bank; the ranking shows satisfaction', async () => {
    const bank = session.page();
    await loginAs(bank, DEMO.bank, DEMO.password);
    await bank.goto(`/events/${CLOSED_EVENT}/outcomes`);
    await hydrated(bank);
    await expectAccessible(bank);
    // the seeded no-show with 新华区 enterprise (ent 22): marked held now
    const row = bank
      .getByTestId('my-outcomes')
      .locator('tr')
      .filter({ has: bank.getByText('未到场', { exact: true }) })
      .first();
    const counterpart = (await row.locator('td').nth(1).innerText()).trim();
    await row.getByRole('button', { name: /标为已洽谈/ }).click();
    await bank.getByText('洽谈结果已记录').waitFor();
    const held = bank.getByTestId('my-outcomes').locator('tr', { hasText: counterpart });
    await expect.poll(() => held.getByText('已洽谈', { exact: true }).count()).toBe(1);
    await held.locator('summary', { hasText: '提交评价' }).click();
    const form = held.locator('form:has(input[name="intent"][value="rate"])');
    await form.locator('select[name="score"]').selectOption('4');
    await form.locator('input[name="reasons"][value="professional"]').check();
    await form.getByRole('button', { name: '提交评价' }).click();
    await bank.getByText('评价已保存').waitFor();
    await expect
      .poll(() => bank.getByTestId('my-outcomes').locator('tr', { hasText: counterpart }).getByTestId('rating-given').innerText())
      .toContain('4分 满意');

    // the enterprise rates the bank after the accepted interest it has not rated yet
    const entContext = await session.newContext();
    const ent = await entContext.newPage();
    await loginAs(ent, DEMO.enterprise, DEMO.password);
    await ent.goto('/ratings');
    await hydrated(ent);
    await expectAccessible(ent);
    const item = ent.getByTestId('ratable-items').locator('tr', { hasText: '需求意向' }).filter({ hasText: '未评价' }).first();
    const bankName = (await item.locator('td').nth(2).innerText()).trim();
    await item.locator('summary').click();
    await item.locator('select[name="score"]').selectOption('5');
    await item.locator('input[name="reasons"][value="fast"]').check();
    await item.getByRole('button', { name: '提交评价' }).click();
    await ent.getByText('评价已保存').waitFor();
    const rated = ent.getByTestId('ratable-items').locator('tr', { hasText: bankName }).filter({ hasText: '5分 非常满意' });
    await expect.poll(() => rated.count()).toBeGreaterThan(0);

    // the organizer: the session report and the ranking's satisfaction column
    const orgContext = await session.newContext();
    const organizer = await orgContext.newPage();
    await loginAs(organizer, DEMO.organizer, DEMO.password);
    await organizer.goto(`/organizer/events/${CLOSED_EVENT}/outcomes`);
    await hydrated(organizer);
    await expectAccessible(organizer);
    const summary = await organizer.getByTestId('outcome-summary').innerText();
    expect(summary).toContain('未到场率');
    expect(summary).toContain('平均评分');
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
    await organizer.goto(`/organizer/rankings?month=${month}`);
    await hydrated(organizer);
    await expect.poll(() => organizer.getByRole('columnheader', { name: '满意率' }).count()).toBeGreaterThan(0);
    const cells = await organizer.getByTestId('ranking-satisfaction').allInnerTexts();
    expect(cells.some((c) => /\d+(\.\d)?%/.test(c))).toBe(true);
    await expectAccessible(organizer);

    // the pages fit a phone
    const phone = await (await session.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })).newPage();
    await loginAs(phone, DEMO.enterprise, DEMO.password);
    for (const path of ['/ratings', `/events/${CLOSED_EVENT}/outcomes`]) {
      await phone.goto(path);
      const o = await horizontalOverflow(phone);
      expect(o.scrollWidth, `${path} is ${o.scrollWidth}px wide: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.viewport);
    }
  }, 300_000);
});
