/**
 * The flow in Chromium: the organizer puts a session's live signing
 * screen on the projector; a letter of intent proposed by the bank is confirmed
 * by the enterprise on the agreements page; the live total, the counts and the
 * news sentence on the open screen change without a reload. Then the organizer
 * downloads the monthly ranking bulletin (a %PDF file). Both pages pass axe and
 * fit a 375 px phone.
 */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newsAmount } from '../../app/modules/reports/news';
import type { Database } from '../../db/schema';
import { agreementValues } from '../support/agreement-values';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
let db: Kysely<Database>;
const ids = {} as {
  event: string;
  bank: string;
  enterprise: string;
  bankUser: string;
  organizer: string;
  proposed: string;
  otherBank: string;
  otherEnterprise: string;
};
const WAN = 10_000;
const EVENT_TITLE = '端到端测试：签约实况对接会';

async function insertAgreement(a: { id: string; bank: string; enterprise: string; region: string; wan: number; confirmed: boolean }) {
  const t = new Date().toISOString();
  const signedOn = t.slice(0, 10);
  await db
    .insertInto('agreements')
    .values(
      agreementValues({
        id: a.id,
        event_id: ids.event,
        bank_org_id: a.bank,
        enterprise_org_id: a.enterprise,
        region_code: a.region,
        industry: 'C',
        amount: a.wan * WAN,
        signed_on: signedOn,
        bank_signatory: '王建国',
        enterprise_signatory: '李红梅',
        status: a.confirmed ? 'signed' : 'proposed',
        proposed_by_org_id: a.bank,
        proposed_by_user_id: ids.bankUser,
        confirmed_by_user_id: a.confirmed ? ids.organizer : null,
        confirmed_at: a.confirmed ? t : null,
        created_at: t,
        updated_at: t,
      }),
    )
    .execute();
  await db
    .insertInto('agreement_audit')
    .values({
      id: `${a.id.slice(0, 12)}a${a.id.slice(-3)}`,
      agreement_id: a.id,
      user_id: ids.bankUser,
      action: 'created',
      changes: JSON.stringify({ status: [null, a.confirmed ? 'signed' : 'proposed'], amount: [null, a.wan * WAN] }),
      reason: null,
      created_at: t,
    })
    .execute();
}

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  const user = (email: string) =>
    db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', email).executeTakeFirstOrThrow();
  const [bank, enterprise, organizer] = await Promise.all([user(DEMO.bank), user(DEMO.enterprise), user(DEMO.organizer)]);
  ids.bank = bank.organization_id!;
  ids.bankUser = bank.id;
  ids.enterprise = enterprise.organization_id!;
  ids.organizer = organizer.id;
  // two more signers from the demo data: another bank and another enterprise of 平顶山市
  const other = await db
    .selectFrom('organizations')
    .select(['id', 'kind', 'region_code'])
    .where('status', '=', 'verified')
    .where('id', 'not in', [ids.bank, ids.enterprise])
    .where('region_code', 'like', '4104%')
    .orderBy('id')
    .execute();
  ids.otherBank = other.find((o) => o.kind === 'bank')!.id;
  const otherEnt = other.find((o) => o.kind === 'enterprise')!;
  ids.otherEnterprise = otherEnt.id;
  const t = new Date().toISOString();
  ids.event = 'e2eliveevent0001';
  await db
    .insertInto('events')
    .values({
      id: ids.event,
      region_code: '410400',
      created_by: ids.organizer,
      title: EVENT_TITLE,
      theme: '签约仪式',
      event_date: t.slice(0, 10),
      start_time: '09:00',
      venue: '平顶山市会展中心',
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
  const entRegion = (await db.selectFrom('organizations').select('region_code').where('id', '=', ids.enterprise).executeTakeFirstOrThrow())
    .region_code;
  // already signed at the session: another bank with another enterprise, 2,500万元
  await insertAgreement({
    id: 'e2eliveagr000001',
    bank: ids.otherBank,
    enterprise: ids.otherEnterprise,
    region: otherEnt.region_code,
    wan: 2500,
    confirmed: true,
  });
  // proposed by the demo bank to the demo enterprise, 8,000万元: not counted until confirmed
  ids.proposed = 'e2eliveagr000002';
  await insertAgreement({ id: ids.proposed, bank: ids.bank, enterprise: ids.enterprise, region: entRegion, wan: 8000, confirmed: false });
});

afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

describe('live signing screen', () => {
  it('updates the projector screen when a signing is confirmed, without a reload', async () => {
    const screen = session.page();
    await loginAs(screen, DEMO.organizer, DEMO.password);
    await screen.goto(`/organizer/events/${ids.event}/live`);
    await screen.getByRole('heading', { name: '签约实况' }).waitFor();
    const total = screen.locator('[data-testid="live-total"]');
    expect(await total.innerText()).toBe(newsAmount(2500 * WAN, 'zh-CN'));
    expect(await screen.locator('[data-testid="live-banks"]').innerText()).toBe('1');
    expect(await screen.locator('[data-testid="live-enterprises"]').innerText()).toBe('1');
    // the tab of the session's pages points here
    expect(await screen.getByRole('link', { name: '签约大屏' }).getAttribute('aria-current')).toBe('page');
    let violations = await seriousAxeViolations(screen);
    expect(violations, formatViolations(screen.url(), violations)).toEqual([]);
    // a marker that a reload would wipe
    await screen.evaluate(() => ((window as unknown as { __liveMarker: number }).__liveMarker = 42));

    // the enterprise confirms the bank's proposal on the agreements page
    const entContext = await session.newContext();
    const ent = await entContext.newPage();
    await loginAs(ent, DEMO.enterprise, DEMO.password);
    await ent.goto(`/agreements/${ids.proposed}`);
    const confirm = ent.locator('[data-testid="confirm-section"]');
    await confirm.getByRole('button', { name: '确认签约' }).click();
    await ent.getByText('已确认签约').first().waitFor();
    const row = await db
      .selectFrom('agreements')
      .select(['status', 'confirmed_at'])
      .where('id', '=', ids.proposed)
      .executeTakeFirstOrThrow();
    expect(row.confirmed_at).not.toBeNull();

    // the open screen picks it up on its next poll: 2,500 + 8,000 = 1.05亿元
    await expect.poll(() => total.innerText(), { timeout: 15_000, interval: 500 }).toBe(newsAmount(10_500 * WAN, 'zh-CN'));
    expect(await total.innerText()).toBe('1.05亿元');
    expect(await screen.locator('[data-testid="live-banks"]').innerText()).toBe('2');
    expect(await screen.locator('[data-testid="live-enterprises"]').innerText()).toBe('2');
    const news = await screen.locator('[data-testid="live-news"]').innerText();
    expect(news).toContain('中行');
    expect(news).toContain('与舞钢市龙山纺织科技有限公司等2家企业');
    expect(news).toContain('签约金额1.05亿元。');
    expect(await screen.locator('[data-testid="live-latest"] tbody tr').first().innerText()).toContain('舞钢市龙山纺织科技有限公司');
    expect(await screen.evaluate(() => (window as unknown as { __liveMarker?: number }).__liveMarker)).toBe(42);

    violations = await seriousAxeViolations(screen);
    expect(violations, formatViolations(screen.url(), violations)).toEqual([]);
    await screen.setViewportSize({ width: 375, height: 800 });
    const overflow = await horizontalOverflow(screen);
    expect(overflow.offenders, JSON.stringify(overflow)).toEqual([]);
  });

  it('lets the organizer choose a month and download the ranking bulletin as a PDF', async () => {
    const page = session.page();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/organizer/rankings');
    await page.getByRole('heading', { name: '月度排名', level: 1 }).waitFor();
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    await page.locator('input[name="month"]:not([type="hidden"])').fill(month);
    await Promise.all([page.waitForURL((u) => u.searchParams.get('month') === month), page.getByRole('button', { name: '查看' }).click()]);
    // the session's banks are ranked this month
    const bankTable = page.locator('[data-testid="bank-ranking"]');
    expect(await bankTable.innerText()).toContain('中国银行平顶山分行');
    let violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载通报（PDF）' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = await download.path();
    const head = fs.readFileSync(file!).subarray(0, 5).toString('latin1');
    expect(head).toBe('%PDF-');

    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await horizontalOverflow(page);
    expect(overflow.offenders, JSON.stringify(overflow)).toEqual([]);
    violations = await seriousAxeViolations(page);
    expect(violations, formatViolations(page.url(), violations)).toEqual([]);
  });
});
