/**
 * Publishing the schedule and the personal agenda in a real browser (issue 16): the
 * organizer publishes the demo session's schedule; the demo enterprise, on a 375×812
 * phone, gets the notification, opens its agenda (time, table, counterpart), and
 * downloads the .ics (parsed) and the PDF (text read back). Pages pass axe and have no
 * horizontal overflow.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
const EVENT_ID = 'demoevt000000001';
const ENTERPRISE = 'demoent000000001';
/** the demo enterprise's meetings in the demo grid: counterpart, table (1-based), start */
let meetings: { counterpart: string; table: number; start: string }[] = [];

beforeAll(async () => {
  server = await startServer();
  const { db } = await server.database();
  const event = await db.selectFrom('events').selectAll().where('id', '=', EVENT_ID).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('meeting_placements as p')
    .innerJoin('meeting_requests as r', 'r.id', 'p.request_id')
    .innerJoin('organizations as b', 'b.id', 'r.bank_org_id')
    .select(['p.slot', 'p.table_no', 'b.name'])
    .where('p.event_id', '=', EVENT_ID)
    .where('r.enterprise_org_id', '=', ENTERPRISE)
    .where('r.status', '=', 'accepted')
    .orderBy('p.slot')
    .execute();
  const [h, m] = event.first_slot_time.split(':').map(Number);
  meetings = rows.map((r) => {
    const min = h * 60 + m + r.slot * event.slot_minutes;
    return {
      counterpart: r.name,
      table: r.table_no + 1,
      start: `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`,
    };
  });
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

async function expectAccessible(page: Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
  const overflow = await horizontalOverflow(page);
  expect(overflow.offenders, `${page.url()} overflows`).toEqual([]);
  expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.viewport + 1);
}

const STEP_MS = 180_000;

describe('publishing the schedule and the personal agenda', () => {
  it(
    'the organizer publishes the demo session’s schedule',
    async () => {
      expect(meetings.length).toBeGreaterThan(0);
      const organizer = session.page();
      await loginAs(organizer, DEMO.organizer, DEMO.password);
      await organizer.goto(`/organizer/events/${EVENT_ID}/schedule`);
      await organizer.getByText('排期尚未发布：参会机构还看不到洽谈安排').waitFor();
      await organizer.getByRole('button', { name: '发布日程并通知参会机构' }).click();
      await organizer.getByText(/日程已发布，已通知 \d+ 家参会机构/).waitFor();
      await organizer.getByText('此后的调整、重新排期和换桌只通知洽谈有变动的机构').waitFor();
      await expectAccessible(organizer);
    },
    STEP_MS,
  );

  it(
    'a representative of the demo enterprise finds the agenda on a phone and downloads the .ics and the PDF',
    async () => {
      const context = await session.newContext({
        viewport: { width: 375, height: 812 },
        isMobile: true,
        hasTouch: true,
        acceptDownloads: true,
      });
      const page = await context.newPage();
      await loginAs(page, DEMO.enterprise, DEMO.password);
      await page.goto('/notifications');
      const note = page.getByTestId('notification').filter({ hasText: '洽谈日程已发布' }).first();
      await note.waitFor();
      await expectAccessible(page);
      await Promise.all([page.waitForURL(`**/events/${EVENT_ID}/agenda`), note.getByRole('button', { name: '查看' }).click()]);
      await page.getByRole('heading', { name: '我的参会日程', level: 1 }).waitFor();
      const items = page.getByTestId('agenda-item');
      expect(await items.count()).toBe(meetings.length);
      for (const [i, m] of meetings.entries()) {
        const text = await items.nth(i).innerText();
        expect(text).toContain(m.start);
        expect(text).toContain(`${m.table} 号桌`);
        expect(text).toContain(m.counterpart);
      }
      await expectAccessible(page);

      const [ics] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('agenda-ics').click()]);
      expect(ics.suggestedFilename()).toMatch(/参会日程\.ics$/);
      const calendar = fs.readFileSync(await ics.path(), 'utf8').replace(/\r\n[ \t]/g, '');
      expect(calendar.startsWith('BEGIN:VCALENDAR')).toBe(true);
      const events = calendar.split('BEGIN:VEVENT').slice(1);
      expect(events).toHaveLength(meetings.length + 1);
      const summaries = events.map((e) => /^SUMMARY:(.*)$/m.exec(e)?.[1]?.trim() ?? '');
      const locations = events.map((e) => /^LOCATION:(.*)$/m.exec(e)?.[1]?.trim() ?? '');
      for (const m of meetings) {
        const at = summaries.findIndex((s) => s.includes(m.counterpart));
        expect(at, summaries.join('\n')).toBeGreaterThanOrEqual(0);
        expect(locations[at]).toContain(`${m.table}号桌`);
      }

      const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('agenda-pdf').click()]);
      expect(pdf.suggestedFilename()).toMatch(/参会日程\.pdf$/);
      const bytes = new Uint8Array(fs.readFileSync(await pdf.path()));
      const { extractText, getDocumentProxy } = await import('unpdf');
      const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
      expect(text).toContain('我的参会日程');
      for (const m of meetings) {
        expect(text).toContain(m.counterpart);
        expect(text).toContain(`${m.table}号桌`);
        expect(text).toContain(m.start);
      }
    },
    STEP_MS,
  );
});
