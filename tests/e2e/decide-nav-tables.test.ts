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
    const needs = await db
      .selectFrom('financing_needs')
      .select('id')
      .where('organization_id', '=', DEMO_ENTERPRISE)
      .where('status', 'in', ['published', 'matched'])
      .orderBy('id')
      .execute();
    expect(needs.length).toBeGreaterThan(0);
    for (const vp of VIEWPORTS) {
      const page = await (
        await session.newContext({ viewport: vp, isMobile: vp.width < 500, hasTouch: vp.width < 500, deviceScaleFactor: 1 })
      ).newPage();
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
      await page.screenshot({
        path: path.join(ROOT, SCREENS ? `docs/screens/matches-${vp.width}.png` : `tests/.tmp/matches-${vp.width}.png`),
        fullPage: false,
      });
    }
  });
});

describe('navigation grouped by task', () => {
  it('at 1366 px: at most seven top entries, groups open menus, account items under the user’s name', async () => {
    for (const email of [DEMO.enterprise, DEMO.bank, DEMO.organizer, DEMO.admin]) {
      const page = await (await session.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
      await loginAs(page, email, DEMO.password);
      await page.goto('/');
      const nav = page.getByTestId('desktop-nav');
      expect(await nav.isVisible()).toBe(true);
      expect(await page.getByTestId('phone-menu').isVisible()).toBe(false);
      const top = await nav.locator(':scope > ul > li').count();
      expect(top, email).toBeLessThanOrEqual(7);
      // account items are not in the bar, but under the name
      expect(await nav.getByRole('link', { name: '修改密码' }).count()).toBe(0);
      const account = page.getByTestId('account-menu');
      const user = await (await server.database()).db
        .selectFrom('users')
        .select('name')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      await expect(account.locator('summary').innerText()).resolves.toContain(user.name);
      expect(await page.getByRole('link', { name: '修改密码' }).count()).toBe(0);
      await account.locator('summary').click();
      await expect(page.getByRole('link', { name: '修改密码' }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole('link', { name: '登录设备' }).isVisible()).resolves.toBe(true);
      // a group opens its menu and its links lead to their pages
      const menus = nav.getByTestId('nav-menu');
      if (await menus.count()) {
        const menu = menus.first();
        await menu.locator('summary').click();
        const link = menu.getByRole('link').first();
        const href = await link.getAttribute('href');
        await Promise.all([page.waitForURL((u) => u.pathname === href), link.click()]);
        // the menu closes after the navigation, the group shows where we are
        await expect.poll(() => nav.getByTestId('nav-menu').first().getAttribute('open')).toBeNull();
      }
      const o = await horizontalOverflow(page);
      expect(o.offenders, JSON.stringify(o)).toEqual([]);
      expect(formatViolations(page.url(), await seriousAxeViolations(page))).toBe('');
      await page.context().close();
    }
  });

  it('at 375 px: a menu button opens the full list with the account items, without JavaScript too, and nothing overflows', async () => {
    for (const js of [true, false]) {
      const page = await (
        await session.newContext({
          viewport: { width: 375, height: 812 },
          isMobile: true,
          hasTouch: true,
          deviceScaleFactor: 1,
          javaScriptEnabled: js,
        })
      ).newPage();
      await loginAs(page, DEMO.organizer, DEMO.password);
      await page.goto('/');
      expect(await page.getByTestId('desktop-nav').isVisible()).toBe(false);
      const menu = page.getByTestId('phone-menu');
      const button = menu.locator('summary');
      await expect(button.innerText()).resolves.toContain('菜单');
      expect(await menu.getByRole('link', { name: '需求跟踪' }).isVisible()).toBe(false);
      await button.click();
      const labels = await menu.getByRole('link').allInnerTexts();
      for (const label of [
        '首页',
        '机构审核',
        '需求跟踪',
        '需求库',
        '对接会',
        '合作意向书',
        '数据看板',
        '月度排名',
        '批量导入',
        '产品目录',
        '修改密码',
        '登录设备',
        '通知方式',
      ]) {
        expect(
          labels.map((l) => l.trim()),
          `${label} (js ${js})`,
        ).toContain(label);
      }
      await expect(menu.getByRole('link', { name: '月度排名' }).isVisible()).resolves.toBe(true);
      const o = await horizontalOverflow(page);
      expect(o.scrollWidth, JSON.stringify(o)).toBeLessThanOrEqual(o.viewport);
      if (js) {
        await page.screenshot({ path: path.join(ROOT, SCREENS ? 'docs/screens/menu-organizer-375.png' : 'tests/.tmp/menu-375.png') });
        await Promise.all([page.waitForURL('**/organizer/rankings'), menu.getByRole('link', { name: '月度排名' }).click()]);
        await expect.poll(() => page.getByTestId('phone-menu').getAttribute('open')).toBeNull();
      }
      await page.context().close();
    }
  });

  it('at 375 px the product filters are folded behind a toggle', async () => {
    const page = await (
      await session.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 })
    ).newPage();
    await page.goto('/products');
    const panel = page.getByTestId('filter-panel');
    await expect.poll(() => panel.getAttribute('open')).toBeNull();
    expect(await page.locator('input[name="q"]').isVisible()).toBe(false);
    await panel.locator('summary').click();
    expect(await page.locator('input[name="q"]').isVisible()).toBe(true);
    await page.context().close();
  });
});

describe('tables', () => {
  it('at 1366 px amounts and dates stay on one line, right-aligned figures use tabular numbers', async () => {
    const page = await (await session.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await loginAs(page, DEMO.bank, DEMO.password);
    for (const url of ['/agreements', '/bank/products']) {
      await page.goto(url);
      const cells = await page.locator('table td').evaluateAll((tds) =>
        tds
          .map((td) => {
            const text = (td as HTMLElement).innerText.trim();
            const cs = getComputedStyle(td);
            // the text's own lines (the cell is as tall as its row): distinct line boxes of its contents
            const range = document.createRange();
            range.selectNodeContents(td);
            const tops = new Set(
              Array.from(range.getClientRects())
                .filter((r) => r.width > 0)
                .map((r) => Math.round(r.top)),
            );
            return {
              text,
              lines: tops.size,
              nowrap: cs.whiteSpace === 'nowrap',
              tabular: cs.fontVariantNumeric.includes('tabular-nums'),
              right: cs.textAlign === 'right',
            };
          })
          .filter((c) => /\d{4}-\d{2}-\d{2}|万元|亿元/.test(c.text) && c.text.length < 40),
      );
      expect(cells.length, url).toBeGreaterThan(0);
      for (const c of cells) {
        expect(c.lines, `${url}: "${c.text}"`).toBe(1);
        expect(c.nowrap, `${url}: "${c.text}"`).toBe(true);
        if (/万元|亿元/.test(c.text)) expect(c.tabular && c.right, `${url}: "${c.text}" right-aligned tabular`).toBe(true);
      }
    }
    await page.context().close();
  });

  it('a table wider than a phone scrolls in its own box with a visible cue', async () => {
    const page = await (
      await session.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 })
    ).newPage();
    await loginAs(page, DEMO.bank, DEMO.password);
    await page.goto('/agreements');
    const box = page.getByTestId('table-scroll').first();
    const wide = await box.evaluate((el) => el.scrollWidth > el.clientWidth);
    if (wide) await expect(page.getByTestId('scroll-hint').first().innerText()).resolves.toContain('左右滑动查看');
    expect(await box.evaluate((el) => getComputedStyle(el).overflowX)).toBe('auto');
    expect(await box.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('gradient');
    const o = await horizontalOverflow(page);
    expect(o.scrollWidth, JSON.stringify(o)).toBeLessThanOrEqual(o.viewport);
    await page.screenshot({ path: path.join(ROOT, 'tests/.tmp/table-375.png') });
    await page.context().close();
  });
});
