/**
 * 1:1 meetings in a real browser: the demo enterprise requests a meeting with the
 * demo bank, the bank accepts, the organizer runs the scheduler and sees the
 * meeting in the grid, the enterprise finds it on its agenda. Every page is
 * checked with axe and for horizontal overflow on a 375 px phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
const EVENT_ID = 'e2emeetingevt001';
const ENTERPRISE = '舞钢市龙山纺织科技有限公司';
const BANK = '中国银行平顶山分行';
const MESSAGE = '端到端测试：希望洽谈技改贷款';

beforeAll(async () => {
  server = await startServer();
  const { db } = await server.database();
  const t = new Date().toISOString();
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
  await db
    .insertInto('events')
    .values({
      id: EVENT_ID,
      region_code: '410400',
      created_by: 'demousr000000002',
      title: '端到端洽谈测试对接会',
      theme: '制造业专场',
      event_date: inDays(25),
      start_time: '09:00',
      venue: '平顶山市会展中心',
      capacity: 80,
      registration_deadline: inDays(20),
      open_registration: 0,
      slot_count: 4,
      slot_minutes: 20,
      table_count: 3,
      first_slot_time: '10:00',
      description: null,
      status: 'open',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: t,
      updated_at: t,
    })
    .execute();
  const participants: [string, 'enterprise' | 'bank'][] = [
    ['demoent000000001', 'enterprise'],
    ['demobank00000001', 'bank'],
    ['demobank00000003', 'bank'],
  ];
  for (const [i, [orgId, role]] of participants.entries()) {
    await db
      .insertInto('event_participants')
      .values({
        id: `e2emtgpar${String(i).padStart(7, '0')}`,
        event_id: EVENT_ID,
        organization_id: orgId,
        role,
        status: 'accepted',
        invited_by: 'demousr000000002',
        responded_by: null,
        responded_at: null,
        checkin_token: `e2emtgtoken${i}xxxxxxxx`,
        created_at: t,
      })
      .execute();
  }
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

async function expectAccessible(page: Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
}

async function expectNoOverflowOnPhone(email: string, path: string) {
  const context = await session.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await loginAs(page, email, DEMO.password);
  await page.goto(path);
  const o = await horizontalOverflow(page);
  expect(o.offenders, `${path} overflows at 375 px`).toEqual([]);
  expect(o.scrollWidth).toBeLessThanOrEqual(o.viewport + 1);
}

const MEETINGS = `/events/${EVENT_ID}/meetings`;
const SCHEDULE = `/organizer/events/${EVENT_ID}/schedule`;
const PHONE = /1[3-9]\d{9}/;
/** the machine is shared: a generous budget per step */
const STEP_MS = 180_000;

// The steps run in order and build on each other (one story, split for the time budget).
describe('1:1 meetings: request → accept → schedule → agenda', () => {
  it(
    'the enterprise asks the bank for a meeting',
    async () => {
      const ent = session.page();
      await loginAs(ent, DEMO.enterprise, DEMO.password);
      await ent.goto(MEETINGS);
      await ent.getByRole('heading', { name: '端到端洽谈测试对接会' }).waitFor();
      await expectAccessible(ent);
      const form = ent.locator('form:has(select[name="counterpartId"])');
      await form.locator('select[name="counterpartId"]').selectOption({ label: BANK });
      await form.locator('textarea[name="message"]').fill(MESSAGE);
      await form.getByRole('button', { name: '发送预约' }).click();
      await ent.getByText('已发送洽谈预约').waitFor();
      const outgoing = ent.locator('[data-testid="outgoing-request"]', { hasText: BANK });
      await outgoing.waitFor();
      expect(await outgoing.innerText()).toContain('待回复');
      expect(await ent.locator('body').innerText()).not.toMatch(PHONE);
    },
    STEP_MS,
  );

  it(
    'the bank accepts it',
    async () => {
      const bank = session.page();
      await loginAs(bank, DEMO.bank, DEMO.password);
      await bank.goto(MEETINGS);
      const incoming = bank.locator('[data-testid="incoming-request"]', { hasText: MESSAGE });
      await incoming.waitFor();
      await expectAccessible(bank);
      await incoming.getByRole('button', { name: `接受 ${ENTERPRISE} 的洽谈预约` }).click();
      await bank.getByText('已接受洽谈预约').waitFor();
      expect(await bank.locator('body').innerText()).not.toMatch(PHONE);
    },
    STEP_MS,
  );

  it(
    'the organizer runs the scheduler and sees the meeting in the grid',
    async () => {
      const organizer = session.page();
      await loginAs(organizer, DEMO.organizer, DEMO.password);
      await organizer.goto(SCHEDULE);
      await expectAccessible(organizer);
      await organizer.getByRole('button', { name: '运行排期' }).click();
      await organizer.getByText('排期完成：已排入 1 / 1 个已接受的预约，理论上最多可排入 1 个').waitFor();
      const cell = organizer.locator('[data-testid="schedule-grid"] [data-testid="grid-cell"]');
      expect(await cell.count()).toBe(1);
      // participants see it once it is published (issue 16)
      await organizer.getByRole('button', { name: '发布日程并通知参会机构' }).click();
      await organizer.getByText('日程已发布，已通知').waitFor();
      expect(await cell.innerText()).toContain(ENTERPRISE);
      expect(await cell.innerText()).toContain(BANK);
      await expectAccessible(organizer);
      expect(await organizer.locator('body').innerText()).not.toMatch(PHONE);
    },
    STEP_MS,
  );

  it(
    'the enterprise finds the meeting on its agenda: time, table, counterpart',
    async () => {
      const ent = session.page();
      await loginAs(ent, DEMO.enterprise, DEMO.password);
      await ent.goto(MEETINGS);
      const agenda = ent.locator('[data-testid="my-agenda"]');
      await agenda.waitFor();
      const text = await agenda.innerText();
      expect(text).toContain(BANK);
      expect(text).toMatch(/1[01]:[024]0–1[01]:[024]0/);
      expect(text).toMatch(/[1-3] 号桌/);
      await expectAccessible(ent);
    },
    STEP_MS,
  );

  it(
    'does not overflow a 375 px phone',
    async () => {
      await expectNoOverflowOnPhone(DEMO.enterprise, MEETINGS);
      await expectNoOverflowOnPhone(DEMO.organizer, SCHEDULE);
    },
    STEP_MS,
  );
});
