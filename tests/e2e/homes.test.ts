/**
 * Each role's home in Chromium, on the demo data: every to-do item is on the
 * page, its links lead to pages that open; axe finds nothing serious; a 375 px
 * phone has no horizontal overflow. With UPDATE_SCREENS=1 the run also writes
 * the README's screenshots (docs/screens/home-<role>-<width>.png).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
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

/**
 * Figures in the to-do entries' detail lines — an amount with 万元, "11 个工作日",
 * "7/13", a date — each measured as laid out: more than one line top means the
 * figure broke inside ("3,000万/元", "11 个/工作日").
 */
async function brokenTodoFigures(page: Page): Promise<{ broken: string[]; figures: number }> {
  return page.evaluate(() => {
    const FIGURE = /\d{4}-\d{2}-\d{2}|[\d,]+(?:\.\d+)?(?:万元|亿元|元)|\d+ ?个工作日|\d+\/\d+|\d+ (?:家|个账户)/g;
    const broken: string[] = [];
    let figures = 0;
    for (const p of Array.from(document.querySelectorAll('[data-testid^="todo-"] li p'))) {
      const text = p.textContent ?? '';
      for (const m of text.matchAll(FIGURE)) {
        figures++;
        // the figure may span several text nodes: map its offsets onto them
        const range = document.createRange();
        let offset = 0;
        let started = false;
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        const start = m.index ?? 0;
        const end = start + m[0].length;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const len = n.textContent?.length ?? 0;
          if (!started && start < offset + len) {
            range.setStart(n, start - offset);
            started = true;
          }
          if (started && end <= offset + len) {
            range.setEnd(n, end - offset);
            break;
          }
          offset += len;
        }
        const tops = new Set(
          Array.from(range.getClientRects())
            .filter((r) => r.width > 0)
            .map((r) => Math.round(r.top)),
        );
        if (tops.size > 1) broken.push(`${m[0]} in "${text.slice(0, 50)}"`);
      }
    }
    return { broken, figures };
  });
}

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
    const wide = await brokenTodoFigures(page);
    expect(wide.broken, `figures broken at 1366 px (${role})`).toEqual([]);
    if (SCREENS) await page.screenshot({ path: path.join(ROOT, `docs/screens/home-${role}-1366.png`), fullPage: false });

    // the same sign-in on a phone: a second sign-in would make "since your last
    // visit" start a moment ago and show the phone an emptier home than the desktop
    const phone = await (
      await session.newContext({
        viewport: { width: 375, height: 812 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 1,
        storageState: await page.context().storageState(),
      })
    ).newPage();
    await phone.goto('/');
    const o = await horizontalOverflow(phone);
    expect(o.scrollWidth, `/ (${role}) is ${o.scrollWidth}px wide: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.viewport);
    const narrow = await brokenTodoFigures(phone);
    expect(narrow.broken, `figures broken at 375 px (${role})`).toEqual([]);
    expect(wide.figures + narrow.figures, role).toBeGreaterThan(0);
    if (SCREENS) {
      fs.mkdirSync(path.join(ROOT, 'docs/screens'), { recursive: true });
      await phone.screenshot({ path: path.join(ROOT, `docs/screens/home-${role}-375.png`), fullPage: false });
    }
  });
});
