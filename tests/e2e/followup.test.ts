/**
 * 推荐清单 in a real browser (issue 18): the demo organizer creates a list, fills
 * it from the directory by filter and pushes it to the demo bank; the bank answers
 * 已授信 for one enterprise; the organizer sees the coverage per list and per bank.
 * The pages pass axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
const DEMO_BANK = 'demobank00000001';
const TITLE = '端到端测试推荐清单（制造业）';
const POLL = { timeout: 30_000 };

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

describe('推荐清单', () => {
  it('the organizer creates and pushes a list, the bank answers, the organizer sees the coverage', async () => {
    const organizer = session.page();
    await loginAs(organizer, DEMO.organizer, DEMO.password);
    await organizer.goto('/organizer/lists');
    await hydrated(organizer);
    await expectAccessible(organizer);
    const create = organizer.locator('form#new-list');
    await create.locator('[name="title"]').fill(TITLE);
    await create.locator('[name="dueDays"]').fill('5');
    await Promise.all([organizer.waitForURL(/\/organizer\/lists\/[a-z0-9]+$/), create.getByRole('button', { name: '新建清单' }).click()]);
    const listId = new URL(organizer.url()).pathname.split('/').pop()!;

    // filter the directory to manufacturing and add them all
    await organizer.locator('select[name="industry"]').first().selectOption('C');
    await Promise.all([organizer.waitForURL(/industry=C/), organizer.getByRole('button', { name: '筛选' }).click()]);
    await hydrated(organizer);
    await organizer.getByRole('button', { name: /全部添加/ }).click();
    await organizer.getByText(/已添加 \d+ 家企业/).waitFor();
    const firms = await organizer.getByTestId('firms').locator(':scope > li').count();
    expect(firms).toBeGreaterThan(0);

    // push to the demo bank
    await hydrated(organizer);
    await organizer.locator(`input[name="bankIds"][value="${DEMO_BANK}"]`).check();
    await organizer.getByRole('button', { name: '推送给银行' }).click();
    await organizer.getByText(/已推送给 1 家银行，反馈截止/).waitFor();
    await expectAccessible(organizer);

    // the bank finds it on its list page and answers 已授信 for the first firm
    const bankContext = await session.newContext();
    const bank = await bankContext.newPage();
    await loginAs(bank, DEMO.bank, DEMO.password);
    await bank.goto('/bank/lists');
    await bank.getByRole('link', { name: TITLE }).click();
    await bank.waitForURL(`**/bank/lists/${listId}`);
    await hydrated(bank);
    await expectAccessible(bank);
    const first = bank.getByTestId('firms').locator(':scope > li').first();
    const grant = first.locator('form:has(input[name="outcome"][value="granted"])');
    await grant.locator('[name="amount"]').fill('300');
    await grant.getByRole('button', { name: '已授信' }).click();
    await bank.getByText('已提交反馈').waitFor();
    await expect.poll(() => bank.getByTestId('bank-coverage').innerText(), POLL).toContain(`已反馈 1/${firms}`);

    // the organizer sees the coverage of the list and of the bank
    await organizer.reload();
    await expect.poll(() => organizer.getByTestId('list-coverage').innerText(), POLL).toContain(`授信 1/${firms}`);
    const row = organizer.getByTestId(`bank-${DEMO_BANK}`);
    expect(await row.innerText()).toContain(`1/${firms}`);
    expect(await row.innerText()).toContain('300');
  }, 240_000);
});
