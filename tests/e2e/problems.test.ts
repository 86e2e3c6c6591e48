/**
 * 问题诉求台账 in a real browser (issue 18): the demo enterprise records a
 * difficulty, the demo organizer assigns it (交办) to the demo bank, the bank
 * replies, the enterprise rates it 满意 and it is closed (销号). The pages pass axe
 * and fit a phone's width.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
const DEMO_BANK = 'demobank00000001';
const TEXT = '端到端测试：新订单备料资金缺口约 200 万元';

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
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${page.url()} overflows horizontally`).toBeLessThanOrEqual(0);
}

describe('问题诉求台账', () => {
  it('enterprise records → organizer assigns to the bank → bank replies → enterprise rates and it is 销号', async () => {
    const enterprise = session.page();
    await loginAs(enterprise, DEMO.enterprise, DEMO.password);
    await enterprise.goto('/enterprise/problems');
    await hydrated(enterprise);
    await expectAccessible(enterprise);
    const form = enterprise.locator('form#record-problem');
    await form.locator('[name="category"]').selectOption('financing');
    await form.locator('[name="description"]').fill(TEXT);
    await Promise.all([
      enterprise.waitForURL(/\/enterprise\/problems\/[A-Za-z0-9]+$/),
      form.getByRole('button', { name: '登记问题诉求' }).click(),
    ]);
    const problemId = new URL(enterprise.url()).pathname.split('/').pop()!;
    // the address changes as the navigation starts; the problem's page follows when its data is in
    await enterprise.locator('h1', { hasText: '-问题-' }).waitFor();
    const code = (await enterprise.locator('h1').innerText()).trim();
    expect(code).toMatch(/^.+-问题-\d{4}-\d{4}$/);
    await enterprise.getByText('问题诉求已登记').waitFor();

    // the organizer finds it on the ledger and assigns it to the demo bank
    const orgContext = await session.newContext();
    const organizer = await orgContext.newPage();
    await loginAs(organizer, DEMO.organizer, DEMO.password);
    await organizer.goto('/organizer/problems?filter=open');
    await hydrated(organizer);
    await expectAccessible(organizer);
    await organizer.getByRole('link', { name: code }).click();
    await organizer.waitForURL(`**/organizer/problems/${problemId}`);
    await hydrated(organizer);
    const assign = organizer.getByTestId('assign-form');
    await assign.locator('select[name="handlerId"]').selectOption(DEMO_BANK);
    await assign.getByRole('button', { name: '交办' }).click();
    await organizer.getByText(/已交办，\d{4}-\d{2}-\d{2} 前办结/).waitFor();
    expect(await organizer.getByTestId('problem-deadlines').innerText()).toMatch(/前联系.*前答复.*前办结/);
    await expectAccessible(organizer);

    // the bank replies
    const bankContext = await session.newContext();
    const bank = await bankContext.newPage();
    await loginAs(bank, DEMO.bank, DEMO.password);
    await bank.goto('/bank/problems');
    await bank.getByRole('link', { name: code }).click();
    await bank.waitForURL(`**/bank/problems/${problemId}`);
    await hydrated(bank);
    await expectAccessible(bank);
    await bank.getByRole('button', { name: '已联系企业' }).click();
    await bank.getByText('已记录联系企业').waitFor();
    await hydrated(bank);
    await bank.getByTestId('reply-form').locator('textarea[name="reply"]').fill('已安排客户经理上门，拟办理流动资金贷款 200 万元');
    await bank.getByRole('button', { name: '提交答复' }).click();
    await bank.getByText('答复已提交，等待企业评价').waitFor();

    // the enterprise rates it 满意 and it is closed
    await enterprise.reload();
    await hydrated(enterprise);
    expect(await enterprise.getByTestId('problem-reply').innerText()).toContain('拟办理流动资金贷款 200 万元');
    await expectAccessible(enterprise);
    await enterprise.getByTestId('rate-form').getByLabel('满意', { exact: true }).check();
    await enterprise.getByRole('button', { name: '确认解决，销号' }).click();
    await enterprise.getByText('已销号，感谢您的评价').waitFor();
    expect(await enterprise.getByTestId('problem-ledger').innerText()).toContain('销号');

    await organizer.goto('/organizer/problems?filter=closed');
    expect(await organizer.getByTestId(`problem-${code}`).innerText()).toContain('已销号');
  }, 240_000);

  it('fits a phone: the ledger at 375 px has no horizontal overflow', async () => {
    const context = await session.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/problems');
    await hydrated(page);
    await expectAccessible(page);
  }, 120_000);
});
