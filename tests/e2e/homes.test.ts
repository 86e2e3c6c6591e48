/**
 * Each role's home in Chromium, on the demo data: every to-do item is on the
 * page, its links lead to pages that open; axe finds nothing serious; a 375 px
 * phone has no horizontal overflow. With UPDATE_SCREENS=1 the run also writes
 * the README's screenshots (docs/screens/home-<role>-<width>.png).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { ROOT, startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});
const session = useBrowser(() => server.url);

const ITEMS = {
  enterprise: ['interestsToAnswer', 'openNeeds', 'drafts', 'agreementsToConfirm', 'invitations', 'nextSession'],
  bank: [
    'newNeeds',
    'overdueNeeds',
    'interestsAwaiting',
    'interestsAccepted',
    'agreementsToConfirm',
    'toApprove',
    'toDisburse',
    'invitations',
    'nextSession',
  ],
  organizer: ['verifications', 'overdueNeeds', 'unansweredNeeds', 'agreementsToConfirm', 'lateAgreements', 'weekSessions'],
  admin: ['organizers', 'regions', 'signIns', 'accountChanges'],
} as const;
const EMAIL = { enterprise: DEMO.enterprise, bank: DEMO.bank, organizer: DEMO.organizer, admin: DEMO.admin } as const;
const SCREENS = process.env.UPDATE_SCREENS === '1';

describe('role homes', () => {
  it.each(Object.keys(ITEMS) as (keyof typeof ITEMS)[])('the %s home lists every to-do item, linked, and fits a phone', async (role) => {
    const page = session.page();
    await page.setViewportSize({ width: 1366, height: 768 });
    await loginAs(page, EMAIL[role], DEMO.password);
    await page.goto('/');
    const hrefs = new Set<string>();
    for (const key of ITEMS[role]) {
      const card = page.getByTestId(`todo-${key}`);
      await expect(card.count(), key).resolves.toBe(1);
      const title = card.locator('h3 a');
      await expect(title.textContent(), key).resolves.toBeTruthy();
      for (const href of await card.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) hrefs.add(href);
    }
    // every link of the to-do centre opens a page (no 404/403/500)
    for (const href of hrefs) {
      const res = await page.request.get(href);
      expect(res.status(), href).toBe(200);
    }
    // the title of the first item leads to where the work is done
    const first = page.getByTestId(`todo-${ITEMS[role][0]}`).locator('h3 a');
    const target = await first.getAttribute('href');
    await first.click();
    await page.waitForURL((u) => `${u.pathname}${u.search}` === target);
    await page.goto('/');
    expect(formatViolations(`/ as ${role}`, await seriousAxeViolations(page))).toBe('');
    if (SCREENS) await page.screenshot({ path: path.join(ROOT, `docs/screens/home-${role}-1366.png`), fullPage: false });

    const phone = await (
      await session.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 })
    ).newPage();
    await loginAs(phone, EMAIL[role], DEMO.password);
    await phone.goto('/');
    const o = await horizontalOverflow(phone);
    expect(o.scrollWidth, `/ (${role}) is ${o.scrollWidth}px wide: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.viewport);
    if (SCREENS) {
      fs.mkdirSync(path.join(ROOT, 'docs/screens'), { recursive: true });
      await phone.screenshot({ path: path.join(ROOT, `docs/screens/home-${role}-375.png`), fullPage: false });
    }
  });
});
