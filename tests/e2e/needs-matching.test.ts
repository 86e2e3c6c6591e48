/**
 * Needs, matching and bank interest in a real browser: the demo enterprise
 * publishes a financing need and sees matching products with reasons; the demo
 * bank expresses interest; the enterprise accepts; the bank then sees the
 * enterprise's contact person and phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

const NEED_TITLE = '端到端测试：面料染整流动资金';
const INTEREST_MESSAGE = '端到端测试：我行可提供 200 万元一年期流动资金贷款';
// the demo enterprise's contact (db/seed.ts)
const CONTACT_NAME = '李红梅';
const CONTACT_PHONE = '13937500002';

describe('needs, matching and interest', () => {
  it('publishes a need, shows matches with reasons, and reveals the contact after acceptance', async () => {
    // 1. the enterprise publishes a financing need
    const ent = session.page();
    await loginAs(ent, DEMO.enterprise, DEMO.password);
    await ent.goto('/enterprise/needs/financing/new');
    const form = ent.locator('form:has([name="term_months"])');
    await form.locator('[name="title"]').fill(NEED_TITLE);
    await form.locator('[name="amount"]').fill('200');
    await form.locator('[name="term_months"]').fill('12');
    await form.locator('select[name="purpose"]').selectOption('working_capital');
    for (const g of ['credit', 'guarantee', 'mortgage']) await form.locator(`input[name="guarantees"][value="${g}"]`).check();
    await form.locator('[name="description"]').fill('采购染料助剂，旺季备货。');
    await Promise.all([
      ent.waitForURL((u) => /^\/enterprise\/needs\/financing\/[a-z0-9]+$/.test(u.pathname) && !u.pathname.endsWith('/new')),
      form.locator('button[name="intent"][value="publish"]').click(),
    ]);
    const needId = new URL(ent.url()).pathname.split('/').pop()!;

    // 2. it sees ranked products, each criterion explained in words
    await ent.goto(`/enterprise/needs/financing/${needId}/matches`);
    const matches = ent.locator('[data-testid="product-match"]');
    expect(await matches.count()).toBeGreaterThan(0);
    const first = matches.first();
    await expect.poll(() => first.locator('[data-testid="match-criteria"] li').count()).toBeGreaterThan(3);
    const firstText = await first.innerText();
    expect(firstText).toMatch(/符合/);
    expect(firstText).toMatch(/额度|期限/);
    expect(await first.locator('a[href^="/products/"]').count()).toBe(1);

    // 3. the bank expresses interest on the need's page; it sees no contact yet
    const bankContext = await session.newContext();
    const bank = await bankContext.newPage();
    await loginAs(bank, DEMO.bank, DEMO.password);
    await bank.goto(`/needs/financing/${needId}`);
    await expect.poll(() => bank.getByRole('heading', { name: NEED_TITLE }).count()).toBe(1);
    expect(await bank.locator('[data-testid="enterprise-contact"]').count()).toBe(0);
    expect(await bank.locator('body').innerText()).not.toContain(CONTACT_PHONE);
    let violations = await seriousAxeViolations(bank);
    expect(violations, formatViolations(bank.url(), violations)).toEqual([]);
    const interestForm = bank.locator('form:has(textarea[name="message"])');
    await interestForm.locator('textarea[name="message"]').fill(INTEREST_MESSAGE);
    const productSelect = interestForm.locator('select[name="productId"]');
    if (await productSelect.count()) {
      const values = await productSelect
        .locator('option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      if (values.length) await productSelect.selectOption(values[0]);
    }
    await interestForm.getByRole('button', { name: '提交意向' }).click();
    await bank.getByText('已提交合作意向').waitFor();

    // 4. the enterprise is notified and accepts
    await ent.goto('/notifications');
    await ent.getByText(`对您的需求“${NEED_TITLE}”表达了合作意向`).first().waitFor();
    await ent.goto('/enterprise/interests?status=pending');
    const item = ent.locator('[data-testid="incoming-interest"]', { hasText: INTEREST_MESSAGE });
    await item.waitFor();
    violations = await seriousAxeViolations(ent);
    expect(violations, formatViolations(ent.url(), violations)).toEqual([]);
    await item.locator('textarea[name="message"]').fill('欢迎来电洽谈');
    await item.getByRole('button', { name: '接受' }).click();
    await ent.getByText('已接受该银行的意向').waitFor();

    // 5. the bank now sees the contact person and phone
    await bank.goto(`/needs/financing/${needId}`);
    const contact = bank.locator('[data-testid="enterprise-contact"]');
    await contact.waitFor();
    expect(await contact.innerText()).toContain(CONTACT_NAME);
    expect(await contact.innerText()).toContain(CONTACT_PHONE);
    await bank.goto('/bank/interests?status=accepted');
    expect(await bank.locator('body').innerText()).toContain(CONTACT_PHONE);
  });

  it('shows the organizer the overdue list, a need’s matches and the deadline setting, accessibly', async () => {
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/needs?filter=overdue');
    await page.getByRole('heading', { name: '需求跟踪' }).waitFor();
    const rows = page.locator('[data-testid="tracked-need"]');
    // the demo data has needs that waited longer than the deadline
    expect(await rows.count()).toBeGreaterThan(0);
    let violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
    await page.getByRole('link', { name: /^全部/ }).click();
    await page.waitForURL(/filter=all/);
    const matchLink = page.getByRole('link', { name: '匹配产品' }).first();
    await Promise.all([page.waitForURL(/\/organizer\/needs\/financing\/[a-z0-9]+\/matches$/), matchLink.click()]);
    await page.getByRole('heading', { name: /匹配的金融产品/ }).waitFor();
    violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
    await page.goto('/organizer/settings');
    await page.locator('input[name="days"]').fill('4');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存响应时限').waitFor();
    expect(await page.locator('input[name="days"]').inputValue()).toBe('4');
  });

  it('shows the bank the needs that fit one of its products and its interests with the revealed contact', async () => {
    const { db } = await server.database();
    const product = await db
      .selectFrom('loan_products')
      .select('id')
      .where('organization_id', '=', 'demobank00000001')
      .where('status', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const page = session.page();
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto(`/bank/products/${product.id}/matches`);
    await page.getByRole('heading', { name: '匹配的融资需求' }).waitFor();
    let violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
    // the seeded accepted interest of the demo bank shows the demo enterprise's contact
    await page.goto('/bank/interests?status=accepted');
    expect(await page.locator('[data-testid="interest-contact"]').first().innerText()).toContain(CONTACT_PHONE);
    violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
    await page.goto('/notifications');
    await page.getByRole('heading', { name: '通知' }).waitFor();
    violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
  });
});
