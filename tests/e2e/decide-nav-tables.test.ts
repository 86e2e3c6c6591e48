/**
 * Issue 15 in Chromium at 1366×768 and on a 375×812 phone: the matches page
 * helps an enterprise decide (eligible products first with an apply action,
 * excluded ones collapsed), the navigation is grouped with a phone menu, and
 * table cells with numbers and dates do not wrap. With UPDATE_SCREENS=1 the
 * run writes screenshots to docs/screens/.
 */
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
const SCREENS = process.env.UPDATE_SCREENS === '1';
const DEMO_ENTERPRISE = 'demoent000000001';
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 375, height: 812 },
] as const;

describe('matches page that helps decide', () => {
  it('shows eligible products first with terms, reasons and 申请, excluded ones collapsed, and fits 1366 and 375 px', async () => {
    const { db } = await server.database();
    const needs = await db.selectFrom('financing_needs').select('id').where('organization_id', '=', DEMO_ENTERPRISE).where('status', 'in', ['published', 'matched']).orderBy('id').execute();
    expect(needs.length).toBeGreaterThan(0);
    for (const vp of VIEWPORTS) {
      const page = await (await session.newContext({ viewport: vp, isMobile: vp.width < 500, hasTouch: vp.width < 500, deviceScaleFactor: 1 })).newPage();
      await loginAs(page, DEMO.enterprise, DEMO.password);
      // the first demo need whose matches offer an apply action
      let found = false;
      for (const n of needs) {
        await page.goto(`/enterprise/needs/financing/${n.id}/matches`);
        if ((await page.locator('[data-eligible="true"] form[action="/enterprise/applications"]').count()) > 0) {
          found = true;
          break;
        }
      }
      expect(found, 'a demo need with an eligible, not yet applied product').toBe(true);
      const body = await page.locator('main').innerText();
      expect(body).not.toMatch(/分[)）]/);
      const first = page.locator('[data-testid="product-match"]').first();
      expect(await first.getAttribute('data-eligible')).toBe('true');
      await expect(first.locator('[data-testid="match-terms"]').innerText()).resolves.toMatch(/利率[\s\S]*额度[\s\S]*期限/);
      expect(await first.locator('[data-testid="match-reasons"] li').count()).toBeGreaterThan(0);
      // all criteria on demand
      const all = first.locator('details [data-testid="match-criteria"]');
      expect(await all.isVisible()).toBe(false);
      await first.locator('details > summary').click();
      expect(await all.isVisible()).toBe(true);
      await expect(page.getByRole('button', { name: '一键申请' }).first().isVisible()).resolves.toBe(true);
      const excluded = page.locator('[data-testid="excluded-matches"]');
      if (await excluded.count()) {
        const box = await excluded.boundingBox();
        const firstBox = await first.boundingBox();
        expect(box!.y).toBeGreaterThan(firstBox!.y);
        expect(await excluded.locator('[data-testid="product-match"]').first().isVisible()).toBe(false);
      }
      const o = await horizontalOverflow(page);
      expect(o.offenders, JSON.stringify(o)).toEqual([]);
      expect(o.scrollWidth).toBeLessThanOrEqual(o.viewport);
      expect(formatViolations(page.url(), await seriousAxeViolations(page))).toBe('');
      await page.screenshot({ path: path.join(ROOT, SCREENS ? `docs/screens/matches-${vp.width}.png` : `tests/.tmp/matches-${vp.width}.png`), fullPage: false });
    }
  });
});
