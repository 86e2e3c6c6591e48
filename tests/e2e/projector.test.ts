/**
 * The projector screen and the news line in Chromium (issue 16): the organizer
 * opens the session's projector screen from the session page with one click (a
 * new tab); it has no app chrome, fits 1920×1080 and 1280×720 with nothing cut
 * off, passes axe, and picks up a new signing without a reload. The news line's
 * copy button copies the sentence, and where the browser refuses the clipboard it
 * selects the text instead. With UPDATE_SCREENS=1 the run writes
 * docs/screens/projector-1920.png and projector-1280.png.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO } from '../support/http-client';
import { ROOT, startServer, type TestServer } from '../support/server';
import { formatViolations, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
let db: Kysely<Database>;
const SCREENS = process.env.UPDATE_SCREENS === '1';
const EVENT = 'e2eprojevent0001';
const TITLE = '2026年舞钢市政银企对接会暨重点项目集中签约仪式';
const WAN = 10_000;
let organizerId = '';
let seq = 0;

async function orgId(name: string): Promise<string> {
  return (await db.selectFrom('organizations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

async function sign(bank: string, enterprise: string, wan: number, minutesAgo: number, terminated = false) {
  const t = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  await db
    .insertInto('agreements')
    .values({
      id: `e2eprojagr${String(++seq).padStart(6, '0')}`,
      document_no: null,
      event_id: EVENT,
      bank_org_id: await orgId(bank),
      enterprise_org_id: await orgId(enterprise),
      need_id: null,
      product_id: null,
      region_code: '410481',
      industry: 'C',
      product_category: null,
      amount: wan * WAN,
      term_months: 12,
      signed_on: t.slice(0, 10),
      signed_month: t.slice(0, 7),
      bank_signatory: '王建国',
      enterprise_signatory: '李红梅',
      status: terminated ? 'terminated' : 'signed',
      proposed_by_org_id: await orgId(bank),
      proposed_by_user_id: organizerId,
      confirmed_by_user_id: organizerId,
      confirmed_at: t,
      approved_amount: null,
      approved_on: null,
      last_disbursed_on: null,
      status_reason: terminated ? '企业另行融资' : null,
      terminated_at: terminated ? t : null,
      created_at: t,
      updated_at: t,
    })
    .execute();
}

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  organizerId = (await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow()).id;
  const t = new Date().toISOString();
  await db
    .insertInto('events')
    .values({
      id: EVENT,
      region_code: '410481',
      created_by: organizerId,
      title: TITLE,
      theme: '签约仪式',
      event_date: t.slice(0, 10),
      start_time: '09:00',
      venue: '舞钢市会议中心',
      capacity: 100,
      registration_deadline: t.slice(0, 10),
      open_registration: 0,
      slot_count: 6,
      slot_minutes: 20,
      table_count: 5,
      first_slot_time: '10:00',
      description: null,
      status: 'held',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: t,
      updated_at: t,
    })
    .execute();
  await sign('中国农业发展银行平顶山市分行', '舞钢市龙山纺织科技有限公司', 9000, 50);
  await sign('中国银行平顶山分行', '平顶山市鹰城尼龙新材料有限公司', 5000, 45);
  await sign('平顶山银行', '舞钢市中厚板钢结构有限公司', 3000, 40);
  await sign('中国工商银行平顶山分行', '平顶山市平安高压电器配件有限公司', 2500, 35, true);
  await sign('河南舞钢农村商业银行', '舞钢市惠民超市有限公司', 800, 30);
  await sign('中原银行平顶山分行', '叶县恒达盐化有限公司', 1200, 25);
  await sign('中信银行平顶山分行', '宝丰县清香酒业有限公司', 1970, 20);
});

afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

/** Every element of the screen inside the viewport, no text cut by its box, no scrolling. */
async function fitsTheScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    if (document.documentElement.scrollWidth > vw) problems.push(`page wider than the screen: ${document.documentElement.scrollWidth}`);
    if (document.documentElement.scrollHeight > vh) problems.push(`page taller than the screen: ${document.documentElement.scrollHeight}`);
    const selectors = ['.stage-head', '.stage-title', '.stage-figures', '.stage-fig dd', '.stage-news', '.stage-latest h2', '.stage-foot'];
    for (const sel of selectors) {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
        const r = el.getBoundingClientRect();
        if (r.left < 0 || r.top < 0 || r.right > vw + 0.5 || r.bottom > vh + 0.5)
          problems.push(`${sel} outside the screen: ${JSON.stringify(r)}`);
        if (el.scrollWidth > el.clientWidth + 1) problems.push(`${sel} cut on the right: ${el.scrollWidth} > ${el.clientWidth}`);
        // a figure's number and unit sit on one baseline (their boxes overhang the line box a little): check them against their card
        const box = sel === '.stage-fig dd' ? el.parentElement!.getBoundingClientRect() : null;
        if (box && (r.top < box.top || r.bottom > box.bottom)) problems.push(`${sel} outside its card`);
        if (!box && el.scrollHeight > el.clientHeight + 1)
          problems.push(`${sel} cut at the bottom: ${el.scrollHeight} > ${el.clientHeight}`);
      }
    }
    // the list window shows at least three whole rows
    const win = document.querySelector<HTMLElement>('.stage-window');
    const row = document.querySelector<HTMLElement>('.stage-rows li');
    if (win && row && win.clientHeight < row.offsetHeight * 3)
      problems.push(`latest signings: room for fewer than 3 rows (${win.clientHeight}px)`);
    return problems;
  });
}

describe('projector screen', () => {
  it('opens from the session in a new tab without chrome, fits 1920×1080 and 1280×720, and updates without a reload', async () => {
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto(`/organizer/events/${EVENT}`);
    const link = page.getByTestId('projector-link');
    expect(await link.getAttribute('target')).toBe('_blank');
    const [screen] = await Promise.all([session.context().waitForEvent('page'), link.click()]);
    await screen.waitForLoadState();
    expect(new URL(screen.url()).pathname).toBe(`/organizer/events/${EVENT}/projector`);
    await screen.getByTestId('projector-title').waitFor();

    // no navigation, no user, no personal data
    expect(await screen.locator('nav, header a[href="/"]').count()).toBe(0);
    const visible = await screen.locator('body').innerText();
    for (const absent of ['退出登录', '张明', '王建国', '李红梅', '通知']) expect(visible, absent).not.toContain(absent);
    expect(visible).toContain(TITLE);
    // 9000+5000+3000+2500+800+1200+1970 = 23,470万 (the terminated one keeps counting, marked)
    expect(await screen.getByTestId('projector-total').getAttribute('data-text')).toBe('2.347亿元');
    expect(await screen.getByTestId('projector-banks').innerText()).toMatch(/^7/);
    expect(await screen.getByTestId('projector-terminated').innerText()).toContain('其中 1 项已终止');
    expect(await screen.locator('[data-testid="projector-latest"] li[data-terminated]').first().innerText()).toContain('已终止');
    const violations = await seriousAxeViolations(screen);
    expect(violations, formatViolations(screen.url(), violations)).toEqual([]);

    for (const [width, height] of [
      [1920, 1080],
      [1280, 720],
    ]) {
      await screen.setViewportSize({ width, height });
      await screen.waitForTimeout(200);
      if (SCREENS)
        await screen.screenshot({ path: path.join(ROOT, `docs/screens/projector-${width}.png`), fullPage: false, animations: 'disabled' });
      expect(await fitsTheScreen(screen), `${width}×${height}`).toEqual([]);
    }

    // a new signing shows on the next poll, without a reload
    await screen.evaluate(() => ((window as unknown as { __marker: number }).__marker = 7));
    await sign('中国银行平顶山分行', '舞钢市龙山纺织科技有限公司', 1530, 0);
    await expect
      .poll(() => screen.getByTestId('projector-total').getAttribute('data-text'), { timeout: 15_000, interval: 500 })
      .toBe('2.5亿元');
    expect(await screen.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(7);
  });
});

describe('news line copy button', () => {
  const SENTENCE = /^农发行、中行等7家银行与舞钢市龙山纺织科技有限公司等7家企业初步达成合作意向/;

  it('copies the sentence with one click', async () => {
    const context = await session.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto(`/organizer/events/${EVENT}`);
    const line = page.getByTestId('news-line');
    const sentence = await line.innerText();
    expect(sentence).toMatch(SENTENCE);
    await page.getByTestId('news-line-copy').click();
    await expect.poll(() => page.getByTestId('news-line-status').innerText()).toBe('已复制');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sentence);
  });

  it('selects the sentence when the browser refuses the clipboard', async () => {
    const context = await session.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
      });
    });
    const page = await context.newPage();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto(`/organizer/events/${EVENT}`);
    const sentence = await page.getByTestId('news-line').innerText();
    await page.getByTestId('news-line-copy').click();
    await expect.poll(() => page.getByTestId('news-line-status').innerText()).toBe('已选中全文，请按 Ctrl+C 复制');
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(sentence);
    const violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
  });
});
