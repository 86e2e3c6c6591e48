/**
 * The directories' region filter (decision 038c): its ~190 options are not in the
 * loader data. The server renders them; once hydrated the page keeps them (read
 * back from the select) without a hydration error; after a client-side navigation
 * they come from `/regions.json`, with the chosen region still selected; without
 * JavaScript the grouped select is there and filters. The products directory's select
 * (decision 039g) is sent with the chosen region only and gets its options from
 * `/regions.json` once the page is alive.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { loginAs, useBrowser } from './support/browser';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});
const session = useBrowser(() => server.url);
const POLL = { timeout: 15_000 };

async function hydrated(page: Page) {
  await page.waitForFunction(() => '__remixRouter' in window);
  await page.waitForLoadState('networkidle');
}

describe('directory region filter', () => {
  it('keeps its options and the chosen region after hydration and after a client-side navigation, and filters', async () => {
    const page = session.page();
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/products?region=410481');
    await hydrated(page);
    const products = page.locator('select#f-region');
    expect(await products.locator('option').count()).toBeGreaterThan(100);
    await expect(products.inputValue()).resolves.toBe('410481');

    // choose another region and apply: the form posts the field
    await products.selectOption('410400');
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('region') === '410400'),
      products.locator('xpath=ancestor::form').locator('button').first().click(),
    ]);
    await hydrated(page);
    await expect(products.inputValue()).resolves.toBe('410400');
    expect(await products.locator('option').count()).toBeGreaterThan(100);

    // a client-side navigation to the needs directory: the grouped list is fetched, the region chosen
    await page.evaluate(() =>
      (window as unknown as { __remixRouter: { navigate: (to: string) => void } }).__remixRouter.navigate('/needs?region=410481'),
    );
    const needs = page.locator('select#region');
    await expect.poll(() => needs.locator('optgroup option').count(), POLL).toBeGreaterThan(100);
    await expect.poll(() => needs.inputValue(), POLL).toBe('410481');
  });

  it('without JavaScript: the grouped select is rendered and filters', async () => {
    const context = await session.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/needs?region=410481');
    const needs = page.locator('select#region');
    expect(await needs.locator('optgroup option').count()).toBeGreaterThan(100);
    await expect(needs.locator('option[selected]').getAttribute('value')).resolves.toBe('410481');

    // the products directory: "any" and the chosen region, named; the filter still applies
    await page.goto('/products?region=410481');
    const products = page.locator('select#f-region');
    await expect(products.locator('option').allInnerTexts()).resolves.toEqual(['不限', '河南省 平顶山市 舞钢市']);
    await expect(products.locator('option[selected]').getAttribute('value')).resolves.toBe('410481');
    await context.close();
  });
});
