/**
 * An application from its first click to the loan, in Chromium, across the two
 * demo accounts: the enterprise applies for a product of the demo bank with one
 * of its needs (一键申请); the bank 受理s it and approves it (a letter of intent);
 * the enterprise confirms the letter; the bank records 授信 and 放款. After each
 * step the enterprise sees the stage on its home and on the need's page
 * (已提交 → 已受理 → 审批中 → 已授信 → 已放款). The pages pass axe and fit a 375 px phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});
const session = useBrowser(() => server.url);

/** the demo bank's 税易贷 and the demo enterprise's equipment need: no application between them in the demo data */
const PRODUCT = 'demoprod01000001';
const NEED = 'demofin000000001';
const POLL = { timeout: 30_000 };
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function hydrated(page: Page) {
  await page.waitForFunction(() => '__remixRouter' in window);
  await page.waitForLoadState('networkidle');
}

async function expectAccessible(page: Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
}

/** The current step of the application's track (or its off-track label). */
async function stageOn(page: Page, scope: string): Promise<string> {
  const track = page.locator(scope).getByTestId('application-stage');
  const current = track.locator('[aria-current="step"]');
  return (await current.count()) ? (await current.innerText()).replace('→', '').trim() : track.innerText();
}

describe('apply → 受理 → approve → 授信 → 放款', () => {
  it('the enterprise follows its application on its home and on the need while the bank takes each step', async () => {
    const ent = session.page();
    await loginAs(ent, DEMO.enterprise, DEMO.password);
    const bankContext = await session.newContext();
    const bank = await bankContext.newPage();
    await loginAs(bank, DEMO.bank, DEMO.password);

    /** what the enterprise sees after a step: the need's page and the home's entry */
    const seenByEnterprise = async (stage: string) => {
      await ent.goto(`/enterprise/needs/financing/${NEED}`);
      const item = `[data-testid="need-application-${appId}"]`;
      await expect.poll(() => stageOn(ent, item), POLL).toBe(stage);
      await ent.goto('/');
      const entry = ent.getByTestId('todo-applications').locator('li', { hasText: '税易贷' }).first();
      await expect.poll(() => entry.innerText(), POLL).toContain(`税易贷 · ${stage}`);
    };

    // 1. 一键申请 from the product page with the need
    await ent.goto(`/products/${PRODUCT}`);
    await hydrated(ent);
    const form = ent.getByTestId('apply-form');
    await form.locator('select[name="needId"]').selectOption(NEED);
    await form.locator('input[name="message"]').fill('设备更新项目已立项，希望尽快对接。');
    await expectAccessible(ent);
    await Promise.all([ent.waitForURL('**/enterprise/applications'), form.getByRole('button', { name: '一键申请' }).click()]);
    await ent.getByText('申请已提交').first().waitFor();
    const { db } = await server.database();
    const app = await db
      .selectFrom('applications')
      .select(['id'])
      .where('need_id', '=', NEED)
      .where('product_id', '=', PRODUCT)
      .executeTakeFirstOrThrow();
    const appId = app.id;
    await seenByEnterprise('已提交');

    // 2. the bank finds it in its list with the clock running and 受理s it
    await bank.goto('/');
    await bank.getByTestId('todo-applicationsToHandle').getByText('舞钢市龙山纺织科技有限公司').first().waitFor();
    await bank.goto('/bank/applications');
    await hydrated(bank);
    const card = bank.getByTestId(`application-${appId}`);
    expect(await card.getByTestId('clock').innerText()).toMatch(/^请于 \d{4}-\d{2}-\d{2} 前答复$/);
    await expectAccessible(bank);
    await card.getByRole('button', { name: '受理' }).click();
    await bank.getByText('已受理。').first().waitFor();
    await seenByEnterprise('已受理');

    // 3. the bank approves: a letter of intent for 500万元 goes to the enterprise
    await bank.goto('/bank/applications');
    await hydrated(bank);
    const again = bank.getByTestId(`application-${appId}`);
    await again.getByText('批准并出具意向书').click();
    await again.locator('input[name="amount"]').fill('500');
    await again.getByRole('button', { name: '批准', exact: true }).click();
    await bank.getByText('已批准，合作意向书已发给企业确认。').first().waitFor();
    const { agreement_id: agreementId } = await db
      .selectFrom('applications')
      .select('agreement_id')
      .where('id', '=', appId)
      .executeTakeFirstOrThrow();
    expect(agreementId).toBeTruthy();
    await seenByEnterprise('审批中');

    // 4. the enterprise confirms the letter from its home's entry
    await ent.goto('/');
    await Promise.all([
      ent.waitForURL(`**/agreements/${agreementId}`),
      ent.getByTestId('todo-applications').locator(`a[href="/agreements/${agreementId}"]`).first().click(),
    ]);
    await hydrated(ent);
    await ent.getByRole('button', { name: '确认签约' }).click();
    await expect.poll(() => ent.getByTestId('agreement-status').innerText(), POLL).toBe('已签约');
    await seenByEnterprise('审批中');

    // 5. the bank records 授信
    await bank.goto(`/agreements/${agreementId}`);
    await hydrated(bank);
    const approve = bank.getByTestId('approve-section');
    await approve.locator('[name="approvedAmount"]').fill('500');
    await approve.locator('[name="approvedOn"]').fill(today());
    await approve.getByRole('button', { name: '登记授信' }).click();
    await expect.poll(() => bank.getByTestId('agreement-status').innerText(), POLL).toBe('已授信');
    await seenByEnterprise('已授信');

    // 6. … and 放款
    const tranche = bank.getByTestId('tranches-section');
    await tranche.locator('[name="trancheAmount"]').fill('500');
    await tranche.locator('[name="disbursedOn"]').fill(today());
    await tranche.getByRole('button', { name: '登记放款' }).click();
    await expect.poll(() => bank.getByTestId('agreement-status').innerText(), POLL).toBe('已放款');
    await seenByEnterprise('已放款');
    await ent.goto(`/enterprise/needs/financing/${NEED}`);
    await expectAccessible(ent);

    // the pages of the flow fit a phone
    const phone = await (await session.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })).newPage();
    await loginAs(phone, DEMO.enterprise, DEMO.password);
    for (const path of [`/products/${PRODUCT}`, '/enterprise/applications', `/enterprise/needs/financing/${NEED}`, '/']) {
      await phone.goto(path);
      const o = await horizontalOverflow(phone);
      expect(o.scrollWidth, `${path} is ${o.scrollWidth}px wide: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.viewport);
    }
    const bankPhone = await (await session.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })).newPage();
    await loginAs(bankPhone, DEMO.bank, DEMO.password);
    await bankPhone.goto('/bank/applications');
    const o = await horizontalOverflow(bankPhone);
    expect(o.scrollWidth, `/bank/applications is ${o.scrollWidth}px wide: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.viewport);
  }, 300_000);
});
