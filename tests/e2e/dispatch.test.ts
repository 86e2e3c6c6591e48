/**
 * 派单 in a real browser (issue 18, decision 036f): the demo bank finds a need
 * dispatched to it on its home page, opens its dispatch list, goes to the need and
 * answers it with an interest; the list then shows it answered. The organizer's
 * follow-up page and dashboard pickup figures open. The pages pass axe and fit a
 * 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
const DEMO_BANK = 'demobank00000001';
let needTitle = '';
let needId = '';

beforeAll(async () => {
  server = await startServer();
  const { db } = await server.database();
  // the demo data's sweep gave the demo bank its dispatches; make sure one is open and answerable
  let open = await db
    .selectFrom('need_dispatches as d')
    .innerJoin('financing_needs as n', 'n.id', 'd.need_id')
    .select(['d.id', 'n.id as needId', 'n.title'])
    .where('d.bank_org_id', '=', DEMO_BANK)
    .where('d.answer', 'is', null)
    .where('n.status', '=', 'published')
    .executeTakeFirst();
  if (!open) {
    const need = await db
      .selectFrom('financing_needs as n')
      .select(['n.id', 'n.title', 'n.organization_id', 'n.region_code'])
      .where('n.status', '=', 'published')
      .where('n.region_code', 'like', '4104%')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('need_interests as ni')
              .select('ni.id')
              .whereRef('ni.need_id', '=', 'n.id')
              .where('ni.bank_org_id', '=', DEMO_BANK),
          ),
        ),
      )
      .orderBy('n.id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('need_dispatches')
      .values({
        id: 'e2edispatch00001',
        need_kind: 'financing',
        need_id: need.id,
        region_code: need.region_code,
        enterprise_org_id: need.organization_id,
        bank_org_id: DEMO_BANK,
        score: 80,
        rank: 1,
        dispatched_on: '2026-12-01',
        due_on: '2099-12-31',
        dispatched_at: new Date().toISOString(),
        answer: null,
        answered_at: null,
        decline_reason: null,
        escalated_at: null,
      })
      .execute();
    open = { id: 'e2edispatch00001', needId: need.id, title: need.title };
  }
  needTitle = open.title;
  needId = open.needId;
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

async function expectAccessible(page: import('playwright-core').Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
}

describe('派单', () => {
  it('the bank answers a dispatched need with an interest', async () => {
    const page = session.page();
    await page.setViewportSize({ width: 1366, height: 768 });
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/');
    await expect(page.getByTestId('todo-dispatchesToAnswer').count()).resolves.toBe(1);
    await page.goto('/bank/dispatches');
    await expectAccessible(page);
    const card = page.getByTestId('dispatch').filter({ has: page.locator(`a[href="/needs/financing/${needId}"]`) });
    await expect(card.innerText()).resolves.toContain(needTitle);
    await expect(card.getByText('待答复').count()).resolves.toBeGreaterThan(0);
    await Promise.all([page.waitForURL(/\/needs\/financing\//), card.getByRole('link', { name: '查看需求并表达意向' }).click()]);
    await page.waitForFunction(() => '__remixRouter' in window);
    await page.locator('textarea[name="message"]').fill('我行可提供首贷产品，三个工作日内上门对接');
    await page.getByRole('button', { name: '提交意向' }).click();
    await page.getByText('已提交合作意向，企业会收到通知').waitFor();

    await page.goto('/bank/dispatches?filter=all');
    const answered = page.getByTestId('dispatch').filter({ has: page.locator(`a[href="/needs/financing/${needId}"]`) });
    await expect(answered.getByText('已表达意向').count()).resolves.toBe(1);

    // a phone: nothing wider than the screen
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto('/bank/dispatches?filter=all');
    const overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth, overflow.offenders.join(', ')).toBeLessThanOrEqual(overflow.viewport);
  });

  it('the organizer follows up silent dispatches and sees the pickup figures', async () => {
    const page = session.page();
    await page.setViewportSize({ width: 375, height: 812 });
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/dispatches?filter=all');
    await expectAccessible(page);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(375);
    await page.goto('/dashboard?view=work');
    await page.getByTestId('dashboard-pickup').waitFor();
    await expect(page.getByTestId('pickup-total').innerText()).resolves.toContain('按期响应率');
    await expectAccessible(page);
  });
});
