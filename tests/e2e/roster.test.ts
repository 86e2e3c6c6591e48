/**
 * The roster and check-in in a real browser: the organizer opens the roster page
 * and downloads the PDF; on a phone-sized screen (375×812) checks in a
 * representative and sees the count change, and sees another desk's check-in
 * arrive by itself; a participant sees the roster without phones. Every page
 * passes axe (no serious or critical violations) and has no horizontal overflow.
 */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { createRosterSession, type RosterSession } from '../../scripts/bench/roster';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
let db: Kysely<Database>;
let session: RosterSession;
const OWN_REP = { id: 'e2erosterrep0001', name: '欧阳名册', title: '总经理', phone: '13911112222' };

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  const organizerId = (await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow()).id;
  session = await createRosterSession(db, {
    organizerId,
    size: { organizations: 12, representatives: 24, slots: 3, tables: 2 },
    title: '端到端名册测试对接会',
  });
  // the demo enterprise attends too, with one representative
  const now = new Date().toISOString();
  await db
    .insertInto('event_participants')
    .values({
      id: 'e2erosterpart001',
      event_id: session.eventId,
      organization_id: 'demoent000000001',
      role: 'enterprise',
      status: 'accepted',
      invited_by: organizerId,
      responded_by: null,
      responded_at: null,
      checkin_token: 'e2erostertoken0000001',
      created_at: now,
    })
    .execute();
  await db
    .insertInto('event_representatives')
    .values({
      ...OWN_REP,
      event_id: session.eventId,
      participant_id: 'e2erosterpart001',
      organization_id: 'demoent000000001',
      checked_in_at: null,
      checked_in_by: null,
      created_at: now,
    })
    .execute();
});
afterAll(async () => {
  await server?.stop();
});

const browser = useBrowser(() => server.url);

async function expectAccessible(page: Parameters<typeof seriousAxeViolations>[0]) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
  const overflow = await horizontalOverflow(page);
  expect(overflow.scrollWidth, overflow.offenders.join('\n')).toBeLessThanOrEqual(overflow.viewport);
}

describe('roster and check-in in the browser', () => {
  it('lets the organizer open the roster and download the PDF', async () => {
    const page = browser.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto(`/organizer/events/${session.eventId}/roster`);
    await page.getByRole('heading', { name: '参会名册', level: 1 }).waitFor();
    expect(await page.locator('[data-testid="roster-org"]').count()).toBe(13);
    expect(await page.locator('body').innerText()).toContain(session.reps[0].phone);
    await expectAccessible(page);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('download-pdf').click()]);
    expect(download.suggestedFilename()).toBe('端到端名册测试对接会-参会名册.pdf');
    const file = await download.path();
    const head = fs.readFileSync(file).subarray(0, 5).toString('latin1');
    expect(head).toBe('%PDF-');
  }, 180_000);

  it('checks in a representative on a phone and follows the other desks by itself', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto(`/organizer/events/${session.eventId}/checkin`);
    const total = page.getByTestId('checkin-count-total').getByTestId('arrived');
    await expect.poll(() => total.innerText()).toBe('0');
    await expectAccessible(page);

    const rep = session.reps[3];
    await page.getByLabel('查找代表').fill(rep.name);
    await Promise.all([page.waitForURL((u) => u.searchParams.get('q') === rep.name), page.getByRole('button', { name: '查找' }).click()]);
    const item = page.getByTestId('checkin-rep').filter({ hasText: rep.name });
    await item.getByRole('button', { name: `签到 ${rep.name}` }).click();
    await page.getByText(`${rep.name} 已签到`).waitFor();
    await expect.poll(() => total.innerText()).toBe('1');
    await item.getByRole('button', { name: `撤销签到 ${rep.name}` }).waitFor();
    await expectAccessible(page);

    // another desk checks someone in: the counts follow within seconds, without a reload
    const desk = new HttpClient(server.url);
    await desk.login(DEMO.organizer, DEMO.password);
    const other = session.reps[5];
    expect((await desk.post(`/organizer/events/${session.eventId}/checkin`, { intent: 'checkin', repId: other.id })).status).toBe(302);
    await expect.poll(() => total.innerText(), { timeout: 20_000, interval: 500 }).toBe('2');

    // the organization's QR code page
    const org = session.orgs.find((o) => o.id === rep.orgId)!;
    await page.goto(`/organizer/events/${session.eventId}/checkin/${org.token}`);
    await page.getByRole('heading', { name: org.name }).waitFor();
    await expectAccessible(page);
  }, 180_000);

  it('shows a participant the roster without phones', async () => {
    const page = browser.page();
    await loginAs(page, DEMO.enterprise, DEMO.password);
    await page.goto(`/events/${session.eventId}/roster`);
    await page.getByRole('heading', { name: '参会名册', level: 1 }).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain(OWN_REP.name);
    expect(text).toContain(session.reps[0].name);
    expect(text).not.toContain(OWN_REP.phone);
    for (const r of session.reps) expect(text).not.toContain(r.phone);
    await expectAccessible(page);
  }, 120_000);
});
