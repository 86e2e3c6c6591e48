/**
 * Issue 15, the rest of "tables", "filters" and "words" in Chromium at 1366×768
 * and on a 375×812 phone (decision 037a): figures and dates never break inside a
 * table cell and headers never break mid-word on every list a role works from;
 * the schedule grid (12 tables in the demo session) scrolls in its own box with a
 * hint and an edge fade, and its last table can be reached; the directory filters
 * fold on a phone, saying how many are in use; the sign-up's region is found by
 * typing ("舞钢"), and without JavaScript the grouped select still signs up.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckChar } from '~/modules/organizations/credit-code';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { signupCodeSentTo } from '../support/signup';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});
const session = useBrowser(() => server.url);

const EVENT = 'demoevt000000001';
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 375, height: 812 },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

async function open(vp: Viewport, js = true): Promise<Page> {
  const phone = vp.width < 500;
  const context = await session.newContext({ viewport: vp, isMobile: phone, hasTouch: phone, deviceScaleFactor: 1, javaScriptEnabled: js });
  return context.newPage();
}

/** No horizontal overflow; axe finds nothing serious (checked once per page, on the phone, where it costs least to repeat). */
async function pageFits(page: Page, axe = true) {
  const o = await horizontalOverflow(page);
  expect(o.offenders, `${page.url()} ${JSON.stringify(o)}`).toEqual([]);
  expect(o.scrollWidth, page.url()).toBeLessThanOrEqual(o.viewport);
  if (axe) expect(formatViolations(page.url(), await seriousAxeViolations(page))).toBe('');
}
const POLL = { timeout: 15_000 };

interface Broken {
  text: string;
  lines: number;
  where: string;
}

/**
 * Every figure inside a visible table cell — a date, a time, an amount with
 * 万元/亿元, a percentage, a number — as the browser lays it out: the number of
 * distinct line tops its own text range covers (1 = not broken). Headers are
 * measured whole. Also: amount cells that are not right-aligned in tabular figures.
 */
async function brokenFigures(page: Page): Promise<{ broken: Broken[]; figures: number; misaligned: string[] }> {
  return page.evaluate(() => {
    const FIGURE = /\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?|\d{1,2}:\d{2}|[\d,]+(?:\.\d+)?(?:万元|亿元|元|%|个百分点| ?个月)|\d[\d,]*\.?\d*/g;
    const lines = (range: Range) =>
      new Set(
        Array.from(range.getClientRects())
          .filter((r) => r.width > 0)
          .map((r) => Math.round(r.top)),
      ).size;
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null && el.getClientRects().length > 0;
    const broken: Broken[] = [];
    const misaligned: string[] = [];
    let figures = 0;
    for (const th of Array.from(document.querySelectorAll('table th'))) {
      if (!visible(th) || !(th as HTMLElement).innerText.trim()) continue;
      // a header's own text (not a control inside it), measured whole
      const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        if (!text.trim() || text.trim().length > 12) continue;
        const r = document.createRange();
        r.selectNodeContents(n);
        const l = lines(r);
        if (l > 1) broken.push({ text: text.trim(), lines: l, where: 'th' });
      }
    }
    for (const td of Array.from(document.querySelectorAll('table td'))) {
      if (!visible(td)) continue;
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        for (const m of text.matchAll(FIGURE)) {
          if (m[0].length < 2) continue;
          figures++;
          const r = document.createRange();
          r.setStart(n, m.index ?? 0);
          r.setEnd(n, (m.index ?? 0) + m[0].length);
          const l = lines(r);
          if (l > 1) broken.push({ text: m[0], lines: l, where: (td as HTMLElement).innerText.trim().slice(0, 40) });
        }
      }
      const whole = (td as HTMLElement).innerText.trim();
      if (/^[\d,]+(?:\.\d+)?(?:万元|亿元)$/.test(whole)) {
        const cs = getComputedStyle(td);
        if (cs.textAlign !== 'right' || !cs.fontVariantNumeric.includes('tabular-nums')) misaligned.push(whole);
      }
    }
    return { broken, figures, misaligned };
  });
}

const TABLE_PAGES: Record<string, { email: string; urls: string[] }> = {
  enterprise: {
    email: DEMO.enterprise,
    urls: ['/', '/enterprise/needs', '/enterprise/applications', '/agreements', '/enterprise/problems'],
  },
  bank: {
    email: DEMO.bank,
    urls: [
      '/',
      '/needs',
      '/needs?kind=hiring',
      '/bank/applications',
      '/agreements',
      '/bank/products',
      '/bank/dispatches',
      '/bank/problems',
    ],
  },
  organizer: {
    email: DEMO.organizer,
    urls: [
      '/',
      '/needs',
      '/organizer/needs',
      '/organizer/verifications',
      '/agreements',
      '/organizer/dispatches',
      '/organizer/problems',
      '/organizer/events',
      `/organizer/events/${EVENT}/roster`,
      `/organizer/events/${EVENT}/schedule`,
      `/organizer/events/${EVENT}/live`,
    ],
  },
  admin: { email: DEMO.admin, urls: ['/', '/admin/organizers'] },
};

describe('tables keep figures whole', () => {
  const cases = Object.keys(TABLE_PAGES).flatMap((role) => VIEWPORTS.map((vp) => ({ role, width: vp.width, vp })));
  it.each(cases)(
    '$role at $width px: no figure or header breaks inside, amounts right-aligned',
    { timeout: 300_000 },
    async ({ role, vp }) => {
      const { email, urls } = TABLE_PAGES[role]!;
      {
        const page = await open(vp);
        await loginAs(page, email, DEMO.password);
        let figures = 0;
        for (const url of urls) {
          const res = await page.goto(url);
          expect(res?.status(), url).toBe(200);
          const found = await brokenFigures(page);
          figures += found.figures;
          expect(found.broken, `${vp.width} ${url}`).toEqual([]);
          expect(found.misaligned, `${vp.width} ${url}`).toEqual([]);
          await pageFits(page, vp.width < 500);
        }
        if (role !== 'admin') expect(figures, role).toBeGreaterThan(0);
        await page.context().close();
      }
    },
  );

  it('the measurement fails for a figure that breaks (the check can fail)', async () => {
    const page = await open(VIEWPORTS[1]);
    await page.setContent(
      '<table style="width:60px"><tr><th>员工人数</th><td>3,000万元 2026-12-04</td></tr></table><table><tr><td style="text-align:left">3,000万元</td></tr></table>',
    );
    const found = await brokenFigures(page);
    expect(found.broken.length).toBeGreaterThan(0);
    expect(found.misaligned).toEqual(['3,000万元']);
    await page.context().close();
  });
});

describe('wide tables scroll with a cue', () => {
  it.each(VIEWPORTS)('the schedule grid at $width px: hint, edge fade, keyboard focus, and the last table reachable', async (vp) => {
    const page = await open(vp);
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto(`/organizer/events/${EVENT}/schedule`);
    const box = page.getByTestId('schedule-scroll');
    const frame = page.locator('[data-overflow]:has([data-testid="schedule-scroll"])');
    await expect.poll(() => frame.getAttribute('data-overflow'), POLL).toBe('true');
    expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await expect(frame.getByTestId('scroll-hint').innerText()).resolves.toContain('左右滑动查看更多');
    expect(await frame.getByTestId('scroll-hint').isVisible()).toBe(true);
    const opacity = (side: 'left' | 'right') => frame.getByTestId(`scroll-fade-${side}`).evaluate((el) => getComputedStyle(el).opacity);
    await expect.poll(() => opacity('right'), POLL).toBe('1');
    expect(await opacity('left')).toBe('0');
    expect(await box.getAttribute('tabindex')).toBe('0');
    expect(await box.getAttribute('role')).toBe('region');

    // the last table's header is out of view, then reached by keyboard
    const headers = page.locator('[data-testid="schedule-grid"] thead th');
    const last = headers.last();
    await expect(last.innerText()).resolves.toContain('12');
    const inView = async () => {
      const b = (await box.boundingBox())!;
      const h = (await last.boundingBox())!;
      return h.x >= b.x - 1 && h.x + h.width <= b.x + b.width + 1;
    };
    expect(await inView()).toBe(false);
    // the keyboard scrolls the focused box
    await box.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => box.evaluate((el) => el.scrollLeft), POLL).toBeGreaterThan(0);
    await expect.poll(() => opacity('left'), POLL).toBe('1');
    // a sideways swipe reaches the last table
    await box.evaluate((el) => el.scrollBy({ left: el.scrollWidth }));
    await expect.poll(inView, POLL).toBe(true);
    await expect.poll(() => opacity('right'), POLL).toBe('0');
    await pageFits(page);
    await page.screenshot({ path: `tests/.tmp/schedule-scrolled-${vp.width}.png` });
    await page.context().close();
  });

  it('a table that fits shows no hint and takes no focus', async () => {
    const page = await open(VIEWPORTS[0]);
    await loginAs(page, DEMO.admin, DEMO.password);
    await page.goto('/admin/organizers');
    await page.waitForLoadState('networkidle');
    const box = page.getByTestId('table-scroll').first();
    expect(await box.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await page.getByTestId('scroll-hint').count()).toBe(0);
    expect(await box.getAttribute('tabindex')).toBeNull();
    await page.context().close();
  });
});

describe('directory filters fold on a phone', () => {
  it.each(['/needs', '/products'])(
    '%s: open at 1366, folded at 375 with the count of filters in use, open without JavaScript',
    async (url) => {
      for (const vp of VIEWPORTS) {
        const page = await open(vp);
        await loginAs(page, DEMO.bank, DEMO.password);
        await page.goto(url);
        const panel = page.getByTestId('filter-panel');
        const q = panel.locator('input[name="q"]');
        if (vp.width > 500) {
          expect(await panel.getAttribute('open')).not.toBeNull();
          expect(await panel.locator('summary').isVisible()).toBe(false);
          expect(await q.isVisible()).toBe(true);
        } else {
          await expect.poll(() => panel.getAttribute('open'), POLL).toBeNull();
          expect(await q.isVisible()).toBe(false);
          expect(await page.getByTestId('filter-count').count()).toBe(0);
          await panel.locator('summary').click();
          expect(await q.isVisible()).toBe(true);
          await pageFits(page);
          // two filters in use: still folded, the toggle says so
          await page.goto(`${url}${url.includes('?') ? '&' : '?'}q=${encodeURIComponent('纺织')}&industry=C`);
          await expect.poll(() => panel.getAttribute('open'), POLL).toBeNull();
          await expect(page.getByTestId('filter-count').innerText()).resolves.toBe('已选 2 项');
          await pageFits(page);
        }
        await page.context().close();
      }
      const page = await open(VIEWPORTS[1], false);
      await loginAs(page, DEMO.bank, DEMO.password);
      await page.goto(url);
      expect(await page.getByTestId('filter-panel').getAttribute('open')).not.toBeNull();
      expect(await page.locator('input[name="q"]').isVisible()).toBe(true);
      await page.context().close();
    },
  );
});

const SIGNUP = {
  name: '钱晓东',
  password: 'Region-picker-2026',
  registeredCapital: '300',
  employees: '40',
  annualRevenue: '900',
  foundedYear: '2018',
  description: '地区选择测试企业。',
};

async function fillSignup(page: Page, who: { phone: string; email: string; orgName: string; creditCode: string }) {
  const form = page.locator('form:has([name="creditCode"])');
  const values: Record<string, string> = {
    ...SIGNUP,
    confirmPassword: SIGNUP.password,
    phone: who.phone,
    email: who.email,
    orgName: who.orgName,
    creditCode: who.creditCode,
    contactName: SIGNUP.name,
    contactPhone: who.phone,
    contactEmail: who.email,
  };
  for (const [field, value] of Object.entries(values)) await form.locator(`[name="${field}"]`).fill(value);
  await form.locator('select[name="industry"]').selectOption('C');
  await form.locator('select[name="size"]').selectOption('small');
  return form;
}

async function sendCodeAndSubmit(page: Page, phone: string) {
  const form = page.locator('form:has([name="creditCode"])');
  await form.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText(`验证码已发送至 ${phone}`).waitFor();
  const code = await signupCodeSentTo((await server.database()).db, phone);
  await page.locator('form:has([name="creditCode"]) [name="code"]').fill(code ?? '');
  await Promise.all([
    page.waitForURL((u) => u.pathname !== '/signup/enterprise'),
    page.locator('form:has([name="creditCode"]) button[type="submit"]').last().click(),
  ]);
}

async function regionOf(creditCode: string) {
  const { db } = await server.database();
  return (await db.selectFrom('organizations').select('region_code').where('credit_code', '=', creditCode).executeTakeFirstOrThrow())
    .region_code;
}

describe('the region picker', () => {
  it.each(VIEWPORTS)('at $width px: type 舞钢, pick 平顶山市 舞钢市, sign up, the organization is in 410481', async (vp) => {
    const page = await open(vp);
    await page.goto('/signup/enterprise');
    const n = vp.width;
    const who = {
      phone: n > 500 ? '13937599811' : '13937599812',
      email: `region-picker-${n}@example.com`,
      orgName: `舞钢市地区选择测试${n}有限公司`,
      creditCode: withCheckChar(`91410481MA4R${n > 500 ? 'G1' : 'G2'}X01`),
    };
    const form = await fillSignup(page, who);
    const picker = form.getByTestId('region-picker');
    await picker.waitFor();
    // the grouped select gave way to the picker; the field is still one value under its name
    expect(await form.locator('select[name="regionCode"]').count()).toBe(0);
    expect(await form.locator('input[name="regionCode"]').count()).toBe(1);
    const search = picker.getByRole('combobox', { name: '输入名称搜索' });
    await search.fill('舞钢');
    const option = picker.getByRole('option', { name: '河南省 平顶山市 舞钢市' });
    expect(await option.isVisible()).toBe(true);
    expect(await search.getAttribute('aria-expanded')).toBe('true');
    await pageFits(page);
    if (n > 500) {
      await option.click();
    } else {
      // by keyboard: the first hit is active, Enter picks it
      await search.press('Enter');
    }
    await expect(form.locator('input[name="regionCode"]').inputValue()).resolves.toBe('410481');
    await expect(picker.getByTestId('region-chosen').innerText()).resolves.toContain('河南省 平顶山市 舞钢市');
    await expect(picker.getByLabel('城市').inputValue()).resolves.toBe('410400');
    await expect(picker.getByLabel('区县').inputValue()).resolves.toBe('410481');
    expect(await search.getAttribute('aria-expanded')).toBe('false');
    await sendCodeAndSubmit(page, who.phone);
    expect(await regionOf(who.creditCode)).toBe('410481');
    await page.context().close();
  });

  it('cascades province → city → county by the selects, and a city alone is a choice', async () => {
    const page = await open(VIEWPORTS[0]);
    await page.goto('/signup/enterprise');
    const picker = page.getByTestId('region-picker');
    await picker.waitFor();
    expect(await picker.getByLabel('区县').count()).toBe(0);
    await picker.getByLabel('城市').selectOption({ label: '平顶山市' });
    await expect(page.locator('input[name="regionCode"]').inputValue()).resolves.toBe('410400');
    await picker.getByLabel('区县').selectOption({ label: '新华区' });
    await expect(page.locator('input[name="regionCode"]').inputValue()).resolves.toBe('410402');
    // another city empties the county
    await picker.getByLabel('城市').selectOption({ label: '郑州市' });
    await expect(page.locator('input[name="regionCode"]').inputValue()).resolves.toBe('410100');
    await expect(picker.getByLabel('区县').inputValue()).resolves.toBe('');
    // nothing found says so
    await picker.getByTestId('region-search').fill('不存在的地方');
    await expect(picker.locator('[role="listbox"] [role="option"]').innerText()).resolves.toBe('没有找到该地区');
    expect(formatViolations(page.url(), await seriousAxeViolations(page))).toBe('');
    await page.context().close();
  });

  it('without JavaScript the grouped select posts the same field and the sign-up goes through', async () => {
    const page = await open(VIEWPORTS[1], false);
    await page.goto('/signup/enterprise');
    const who = {
      phone: '13937599813',
      email: 'region-nojs@example.com',
      orgName: '舞钢市无脚本地区测试有限公司',
      creditCode: withCheckChar('91410481MA4R0JTX1'),
    };
    const form = await fillSignup(page, who);
    expect(await page.getByTestId('region-picker').count()).toBe(0);
    await form.locator('select[name="regionCode"]').selectOption('410481');
    // 获取验证码 posts the whole form; what was typed comes back (passwords excepted)
    await Promise.all([page.waitForLoadState('load'), form.getByRole('button', { name: '获取验证码' }).click()]);
    await page.getByText(`验证码已发送至 ${who.phone}`).waitFor();
    await expect(page.locator('select[name="regionCode"]').inputValue()).resolves.toBe('410481');
    for (const f of ['password', 'confirmPassword'])
      await page.locator(`form:has([name="creditCode"]) [name="${f}"]`).fill(SIGNUP.password);
    const code = await signupCodeSentTo((await server.database()).db, who.phone);
    await page.locator('form:has([name="creditCode"]) [name="code"]').fill(code ?? '');
    await Promise.all([
      page.waitForURL((u) => u.pathname !== '/signup/enterprise'),
      page.locator('form:has([name="creditCode"]) button[type="submit"]').last().click(),
    ]);
    expect(await regionOf(who.creditCode)).toBe('410481');
    await page.context().close();
  });

  it('the organization profile and the organizer’s event form use the picker too', async () => {
    const page = await open(VIEWPORTS[1]);
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/events/new');
    const picker = page.getByTestId('region-picker');
    await picker.getByTestId('region-search').fill('舞钢');
    await picker.getByTestId('region-search').press('Enter');
    await expect(page.locator('input[name="regionCode"]').inputValue()).resolves.toBe('410481');
    // the agenda table scrolls inside its box: its hidden labels no longer widen the phone's page
    await pageFits(page);
    await page.context().close();
    const ent = await open(VIEWPORTS[1]);
    await loginAs(ent, DEMO.enterprise, DEMO.password);
    await ent.goto('/org/profile');
    if (await ent.getByTestId('region-picker').count()) {
      const value = await ent.locator('input[name="regionCode"]').inputValue();
      await expect(ent.getByTestId('region-chosen').innerText()).resolves.toContain(value.startsWith('4104') ? '平顶山市' : '');
    }
    await pageFits(ent);
    await ent.context().close();
  });
});
