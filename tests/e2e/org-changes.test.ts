/**
 * Issue 13, point 1 in a real browser: the demo bank renames itself on its profile
 * page; the change waits (待审核的变更, the product page keeps the verified name);
 * the organizer sees old beside new, approves with one button, and the new name
 * shows. The pages with the comparison pass axe.
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

const OLD = '中国银行平顶山分行';
const NEW = '中国银行平顶山中心支行';

async function productPath(): Promise<string> {
  const { db } = await server.database();
  const bank = await db.selectFrom('users').select('organization_id').where('email', '=', DEMO.bank).executeTakeFirstOrThrow();
  const p = await db
    .selectFrom('loan_products')
    .select('id')
    .where('organization_id', '=', bank.organization_id!)
    .where('status', '=', 'published')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return `/products/${p.id}`;
}

describe('a verified bank’s rename waits for the organizer', () => {
  it('is proposed on the profile page and shown as waiting, while the product page keeps the verified name', async () => {
    const page = session.page();
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/org/profile');
    await page.locator('#org-profile [name="orgName"]').fill(NEW);
    await Promise.all([page.waitForLoadState('networkidle'), page.locator('#org-profile button[type="submit"]').click()]);
    const table = page.getByTestId('identity-change');
    await expect(table.locator('tr[data-field="name"] [data-role="current"]').textContent()).resolves.toBe(OLD);
    await expect(table.locator('tr[data-field="name"] [data-role="proposed"]').textContent()).resolves.toBe(NEW);
    await expect(page.getByRole('heading', { name: '待审核的变更' }).count()).resolves.toBe(1);
    const violations = await seriousAxeViolations(page);
    expect(violations, formatViolations('/org/profile', violations)).toEqual([]);

    await page.goto(await productPath());
    await expect(page.getByText(OLD).count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText(NEW).count()).resolves.toBe(0);
  });

  it('is approved by the organizer from the side-by-side view, and the new name shows', async () => {
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/verifications');
    await page.getByRole('link', { name: OLD }).first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/organizer/verifications/'));
    const row = page.getByTestId('identity-change').locator('tr[data-field="name"]');
    await expect(row.getAttribute('data-changed')).resolves.toBe('1');
    await expect(row.locator('[data-role="proposed"]').textContent()).resolves.toBe(NEW);
    const violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/organizer/verifications'),
      page.getByRole('button', { name: '通过变更' }).click(),
    ]);
    // the flash arrives with the list's data; wait for it rather than count at the URL change
    await page.getByText(`已通过变更：${OLD} → ${NEW}`).waitFor({ timeout: 15_000 });
    await expect(page.getByText(`已通过变更：${OLD} → ${NEW}`).count()).resolves.toBe(1);

    await page.goto(await productPath());
    await expect(page.getByText(NEW).count()).resolves.toBeGreaterThan(0);
  });
});
