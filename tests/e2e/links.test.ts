/**
 * The app's links (app/components/link.tsx, decision 038f) in Chromium: a plain
 * click on one of the app's own absolute links changes the page through the client
 * router (the document is not reloaded), a modified click is left to the browser,
 * and a page without JavaScript still follows the same href.
 */
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

describe('links', () => {
  it('changes pages in place on a plain click and keeps the href for everything else', async () => {
    const page = session.page();
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/needs');
    await page.waitForFunction(() => (window as { __remixRouter?: unknown }).__remixRouter !== undefined);
    // a marker on the window survives a client-side navigation, not a reload
    await page.evaluate(() => {
      (window as { __sameDocument?: boolean }).__sameDocument = true;
    });
    const directoryTitle = await page.locator('h1').first().textContent();
    const link = page.locator('main a[href^="/needs/financing/"]').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/needs\/financing\/\w+/);
    await Promise.all([page.waitForURL((u) => u.pathname === href), link.click()]);
    await expect.poll(() => page.locator('h1').first().textContent()).not.toBe(directoryTitle);
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // back in history, then the header's link home: also in place
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/needs');
    const home = page.locator('header a[href="/"]').first();
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), home.click()]);
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it('follows the same href without JavaScript', async () => {
    const context = await session.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/needs');
    const link = page.locator('main a[href^="/needs/financing/"]').first();
    const href = await link.getAttribute('href');
    await Promise.all([page.waitForURL((u) => u.pathname === href), link.click()]);
    expect(new URL(page.url()).pathname).toBe(href);
  });
});
