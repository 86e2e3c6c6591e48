/**
 * The pages that carry the cascading region picker, on a 375 px phone with
 * JavaScript: the organization profile (enterprise and bank) and the
 * administrator's organizer forms (create and edit). The picker replaces the
 * grouped select once hydrated; the page has no horizontal overflow and axe
 * finds nothing serious or critical — at rest, with the search list open and
 * with a county chosen (three selects in a row).
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

const PHONE = { width: 375, height: 812 } as const;

async function phone(): Promise<Page> {
  const context = await session.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  return context.newPage();
}

async function fits(page: Page, state: string) {
  const o = await horizontalOverflow(page);
  expect(o.offenders, `${page.url()} (${state}) ${JSON.stringify(o)}`).toEqual([]);
  expect(o.scrollWidth, `${page.url()} (${state})`).toBeLessThanOrEqual(o.viewport);
  expect(formatViolations(`${page.url()} (${state})`, await seriousAxeViolations(page))).toBe('');
}

/** The picker is there (hydrated, the grouped select gone); the page fits at rest, with the list open, and with a county chosen. */
async function checkPicker(page: Page) {
  const picker = page.getByTestId('region-picker');
  await picker.waitFor();
  await expect(picker.count()).resolves.toBe(1);
  await fits(page, 'at rest');

  const search = picker.getByTestId('region-search');
  await search.fill('舞钢');
  const list = picker.locator('[role="listbox"]');
  await list.waitFor();
  await expect(list.locator('[role="option"]').first().innerText()).resolves.toContain('舞钢市');
  await fits(page, 'search list open');

  await search.press('Enter');
  await expect(page.locator('input[type="hidden"][name="regionCode"]').inputValue()).resolves.toBe('410481');
  await expect(picker.getByTestId('region-level-3').inputValue()).resolves.toBe('410481');
  await expect(picker.getByTestId('region-chosen').innerText()).resolves.toContain('舞钢市');
  await fits(page, 'county chosen');
}

describe('pages with the region picker fit a phone and pass axe', () => {
  it.each([
    ['enterprise', DEMO.enterprise],
    ['bank', DEMO.bank],
  ])('/org/profile as the demo %s', async (_role, email) => {
    const page = await phone();
    await loginAs(page, email, DEMO.password);
    await page.goto('/org/profile');
    await checkPicker(page);
    await page.context().close();
  });

  it('the administrator’s organizer create and edit forms', async () => {
    const page = await phone();
    await loginAs(page, DEMO.admin, DEMO.password);
    await page.goto('/admin/organizers');
    const edit = await page.locator('a[href^="/admin/organizers/"]').first().getAttribute('href');
    expect(edit).toMatch(/^\/admin\/organizers\/[^/]+$/);
    await checkPicker(page);

    await page.goto(edit as string);
    // the organizer's current region is shown chosen before anything is touched
    await expect(page.getByTestId('region-chosen').innerText()).resolves.not.toBe('');
    await checkPicker(page);
    await page.context().close();
  });

  it('the check fails on a page that overflows (it can fail)', async () => {
    const page = await phone();
    await page.goto('/login');
    await page.evaluate(() => {
      const wide = document.createElement('div');
      wide.style.width = '600px';
      wide.textContent = 'x';
      document.body.appendChild(wide);
    });
    const o = await horizontalOverflow(page);
    expect(o.scrollWidth).toBeGreaterThan(o.viewport);
    await page.context().close();
  });
});
