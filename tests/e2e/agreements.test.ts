/**
 * Letters of intent in a real browser: the demo bank proposes a signing at the
 * demo session, the organizer confirms it, the bank records 授信 and a tranche;
 * the list and the detail pages pass axe and fit a 375 px phone screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
let eventId = '';

const DEMO_BANK = 'demobank00000001';
const DEMO_ENTERPRISE = 'demoent000000001';
const DOC_NO = 'E2E-PDS-2026-001';
/** the machine may be busy: give polls time */
const POLL = { timeout: 30_000 };
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The demo session both demo parties attend; created here when the sessions seed is not there. */
async function demoSession(): Promise<string> {
  const { db } = await server.database();
  const attending = await db
    .selectFrom('events as e')
    .innerJoin('event_participants as b', (j) => j.onRef('b.event_id', '=', 'e.id').on('b.organization_id', '=', DEMO_BANK))
    .innerJoin('event_participants as n', (j) => j.onRef('n.event_id', '=', 'e.id').on('n.organization_id', '=', DEMO_ENTERPRISE))
    .select(['e.id'])
    .where('e.id', 'like', 'demoevt%')
    .where('e.status', '!=', 'draft')
    .where('b.status', 'in', ['accepted', 'registered'])
    .where('n.status', 'in', ['accepted', 'registered'])
    .orderBy('e.id')
    .executeTakeFirst();
  if (attending) return attending.id;
  const id = 'e2eevt0000000001';
  const now = new Date().toISOString();
  const organizer = await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow();
  await db
    .insertInto('events')
    .values({
      id,
      region_code: '410400',
      created_by: organizer.id,
      title: '平顶山市政银企对接会（端到端测试）',
      theme: '科技企业专场',
      event_date: today(),
      start_time: '09:00',
      venue: '平顶山市会展中心',
      capacity: 80,
      registration_deadline: today(),
      open_registration: 0,
      slot_count: 6,
      slot_minutes: 20,
      table_count: 6,
      first_slot_time: '10:00',
      description: null,
      status: 'open',
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const [org, role, n] of [
    [DEMO_BANK, 'bank', 1],
    [DEMO_ENTERPRISE, 'enterprise', 2],
  ] as const) {
    await db
      .insertInto('event_participants')
      .values({
        id: `e2epar000000000${n}`,
        event_id: id,
        organization_id: org,
        role,
        status: 'accepted',
        invited_by: organizer.id,
        responded_by: null,
        responded_at: null,
        checkin_token: `e2etok${n}`.padEnd(32, 'z'),
        created_at: now,
      })
      .execute();
  }
  return id;
}

beforeAll(async () => {
  server = await startServer();
  eventId = await demoSession();
});
afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

/** Waits until React has hydrated the page (typing before that would be lost). */
async function hydrated(page: import('playwright-core').Page) {
  await page.waitForFunction(() => '__remixRouter' in window);
  await page.waitForLoadState('networkidle');
}

async function expectAccessible(page: import('playwright-core').Page) {
  const violations = await seriousAxeViolations(page);
  expect(violations, formatViolations(page.url(), violations)).toEqual([]);
}

describe('letters of intent', () => {
  it('the bank proposes at the session, the organizer confirms, the bank records 授信 and a tranche', async () => {
    // 1. the bank proposes a signing to the demo enterprise at the demo session
    const bank = session.page();
    await loginAs(bank, DEMO.bank, DEMO.password);
    await bank.goto(`/agreements/new?eventId=${eventId}`);
    await hydrated(bank);
    const form = bank.locator('form:has([name="amount"])');
    expect(await form.locator('select[name="eventId"]').inputValue()).toBe(eventId);
    await form.locator('select[name="enterpriseId"]').selectOption(DEMO_ENTERPRISE);
    await form.locator('[name="amount"]').fill('350');
    await form.locator('[name="termMonths"]').fill('12');
    await form.locator('[name="documentNo"]').fill(DOC_NO);
    await form.locator('[name="signedOn"]').fill(today());
    await form.locator('[name="bankSignatory"]').fill('王建国');
    await form.locator('[name="enterpriseSignatory"]').fill('李红梅');
    await Promise.all([
      bank.waitForURL((u) => /^\/agreements\/[a-z0-9]+$/.test(u.pathname) && !u.pathname.endsWith('/new')),
      form.getByRole('button', { name: '提交意向书' }).click(),
    ]);
    const id = new URL(bank.url()).pathname.split('/').pop()!;
    await bank.getByText('已提交合作意向书，等待对方确认').waitFor();
    expect(await bank.getByTestId('agreement-status').innerText()).toBe('待确认');
    expect(await bank.getByTestId('agreement-amount').innerText()).toBe('350万元');
    // the bank itself is not offered the confirmation
    expect(await bank.getByRole('button', { name: '确认签约' }).count()).toBe(0);
    await expectAccessible(bank);

    // 2. the organizer of the session's region confirms it
    const orgContext = await session.newContext();
    const organizer = await orgContext.newPage();
    await loginAs(organizer, DEMO.organizer, DEMO.password);
    await organizer.goto(`/agreements/${id}`);
    await hydrated(organizer);
    await organizer.getByTestId('confirm-section').waitFor();
    await expectAccessible(organizer);
    await organizer.getByRole('button', { name: '确认签约' }).click();
    await organizer.getByText('已确认签约', { exact: true }).first().waitFor();
    await expect.poll(() => organizer.getByTestId('agreement-status').innerText(), POLL).toBe('已签约');

    // 3. the bank records 授信 (below the signed amount) and a first tranche
    await bank.reload();
    await hydrated(bank);
    await expect.poll(() => bank.getByTestId('agreement-status').innerText(), POLL).toBe('已签约');
    const approve = bank.getByTestId('approve-section');
    await approve.locator('[name="approvedAmount"]').fill('300');
    await approve.locator('[name="approvedOn"]').fill(today());
    await approve.getByRole('button', { name: '登记授信' }).click();
    await expect.poll(() => bank.getByTestId('agreement-status').innerText(), POLL).toBe('已授信');
    expect(await bank.getByTestId('agreement-approved').innerText()).toBe('300万元');

    // a tranche above the approved credit is refused in place, with the typed value kept
    const tranche = bank.getByTestId('tranches-section');
    await tranche.locator('[name="trancheAmount"]').fill('400');
    await tranche.getByRole('button', { name: '登记放款' }).click();
    await tranche.getByText('累计放款不能超过授信金额').waitFor();
    expect(await tranche.locator('[name="trancheAmount"]').inputValue()).toBe('400');
    await tranche.locator('[name="trancheAmount"]').fill('120');
    await tranche.locator('[name="disbursedOn"]').fill(today());
    await tranche.getByRole('button', { name: '登记放款' }).click();
    await expect.poll(() => bank.getByTestId('agreement-status').innerText(), POLL).toBe('已放款');
    expect(await bank.getByTestId('agreement-disbursed').innerText()).toBe('120万元');

    // 4. the trail: created, confirmed, approved, disbursed — with who did it
    const trail = bank.getByTestId('audit-trail');
    await expect.poll(() => trail.getByTestId('audit-action').allInnerTexts(), POLL).toEqual(['创建', '确认签约', '登记授信', '登记放款']);
    expect(await trail.innerText()).toContain('张明（市金融办）');
    await expectAccessible(bank);

    // 5. the list shows it at the session, and the phone layout does not overflow
    await bank.goto(`/agreements?event=${eventId}`);
    const rowLink = bank.locator(`[data-testid="agreement-row"][data-id="${id}"]`);
    await rowLink.waitFor();
    await expectAccessible(bank);
    await bank.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/agreements', `/agreements/${id}`]) {
      await bank.goto(path);
      const overflow = await horizontalOverflow(bank);
      expect(overflow.offenders, `${path}: ${JSON.stringify(overflow)}`).toEqual([]);
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.viewport + 1);
    }
  }, 240_000);

  it('shows the organizer its region’s agreements with totals, filters and export links, accessibly', async () => {
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/agreements');
    await hydrated(page);
    await page.getByRole('heading', { name: '合作意向书', level: 1 }).waitFor();
    expect(await page.locator('[data-testid="agreement-row"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('agreements-summary').innerText()).toMatch(/\d+家银行与\d+家企业签订合作意向书\d+份，签约金额/);
    await expectAccessible(page);
    // the late filter keeps its value in the export links
    await page.locator('input[name="late"]').check();
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/late=1/);
    await expect.poll(() => page.getByRole('link', { name: '导出 Excel' }).getAttribute('href'), POLL).toContain('late=1');
    await expect.poll(() => page.getByRole('link', { name: '导出 CSV' }).getAttribute('href'), POLL).toContain('late=1');
    await expectAccessible(page);
  }, 180_000);
});
