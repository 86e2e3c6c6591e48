/**
 * 跟进成效 on the dashboard in a real browser (issue 18, decision 037d): the demo
 * organizer sees the headline rates with their numerators and denominators, which
 * match counts read straight from the database; hovering or focusing a rate shows its
 * definition; a district row's link narrows the dashboard to that district, whose
 * figures are those of rows this file adds to 叶县 (410422) in March 2024, a month
 * the demo data does not use; axe finds nothing serious and a phone does not scroll
 * sideways.
 */
import type { Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema';
import { DEMO } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';
import { formatViolations, horizontalOverflow, loginAs, seriousAxeViolations, useBrowser } from './support/browser';

let server: TestServer;
let db: Kysely<Database>;
const DISTRICT = '410422';
const ids = { bank: '', organizer: '', firms: [] as string[] };
const iso = (day: string, hour = 2) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

beforeAll(async () => {
  server = await startServer();
  db = (await server.database()).db;
  ids.bank = (await db.selectFrom('users').select('organization_id').where('email', '=', DEMO.bank).executeTakeFirstOrThrow())
    .organization_id!;
  ids.organizer = (await db.selectFrom('users').select('id').where('email', '=', DEMO.organizer).executeTakeFirstOrThrow()).id;
  const t = new Date().toISOString();

  // three verified firms of 叶县
  for (let i = 1; i <= 3; i++) {
    const id = `e2eftent${String(i).padStart(8, '0')}`;
    ids.firms.push(id);
    await db
      .insertInto('organizations')
      .values({
        id,
        kind: 'enterprise',
        name: `叶县跟进成效测试企业${i}`,
        status: 'verified',
        status_reason: null,
        status_changed_by: null,
        status_changed_at: null,
        credit_code: null,
        region_code: DISTRICT,
        industry: 'C',
        size: 'small',
        founded_year: 2015,
        registered_capital: null,
        employees: null,
        annual_revenue: null,
        bank_type: null,
        branch_level: null,
        contact_name: '联系人',
        contact_phone: '13800000000',
        contact_email: null,
        description: null,
        created_at: t,
        updated_at: t,
      })
      .execute();
  }
  const [e1, e2, e3] = ids.firms;

  // a list of the three pushed to the demo bank on 2024-03-11; answers: e1 granted, e2 visited, e3 none
  const list = 'e2eftlist0000001';
  await db
    .insertInto('recommended_lists')
    .values({
      id: list,
      region_code: '410400',
      title: '叶县跟进成效测试清单',
      note: '',
      due_working_days: 10,
      pushed_at: iso('2024-03-11'),
      due_on: '2024-03-25',
      created_by: ids.organizer,
      created_at: iso('2024-03-08'),
      updated_at: iso('2024-03-11'),
    })
    .execute();
  for (const e of ids.firms)
    await db
      .insertInto('recommended_list_firms')
      .values({ list_id: list, enterprise_org_id: e, added_at: iso('2024-03-08') })
      .execute();
  await db
    .insertInto('recommended_list_banks')
    .values({ list_id: list, bank_org_id: ids.bank, pushed_at: iso('2024-03-11') })
    .execute();
  for (const [e, outcome, day] of [
    [e1, 'granted', '2024-03-15'],
    [e2, 'visited', '2024-03-20'],
  ] as const)
    await db
      .insertInto('recommended_feedback')
      .values({
        list_id: list,
        enterprise_org_id: e,
        bank_org_id: ids.bank,
        outcome,
        visited_on: day,
        officer: '客户经理',
        amount: outcome === 'granted' ? 2_000_000 : null,
        reason_code: null,
        reason_text: null,
        late: 0,
        answered_by: ids.organizer,
        answered_at: iso(day),
      })
      .execute();

  // problems due in March 2024, handled by the demo bank: e1's closed in time, e3's overdue and open
  for (const [n, ent, closedAt] of [
    [1, e1, iso('2024-03-18')],
    [2, e3, null],
  ] as const)
    await db
      .insertInto('problems')
      .values({
        id: `e2eftprob${String(n).padStart(7, '0')}`,
        region_code: DISTRICT,
        enterprise_org_id: ent,
        category: 'financing',
        description: '跟进成效测试问题',
        recorded_by: ids.organizer,
        status: closedAt ? 'closed' : 'assigned',
        handler_org_id: ids.bank,
        due_working_days: 5,
        clock_started_on: '2024-03-12',
        due_on: '2024-03-19',
        reply: null,
        replied_at: null,
        rating: null,
        closed_at: closedAt,
        escalated_at: null,
        created_at: iso('2024-03-12'),
        updated_at: iso('2024-03-12'),
        ledger_year: null,
        seq_no: null,
        ledger_code: null,
        contact_due_on: null,
        reply_due_on: null,
        contacted_at: null,
        escalated_stage: null,
      })
      .execute();

  // ratings of the demo bank in March 2024: e1 gives 5, e2 gives 2
  for (const [n, ent, score] of [
    [1, e1, 5],
    [2, e2, 2],
  ] as const)
    await db
      .insertInto('ratings')
      .values({
        id: `e2eftrate${String(n).padStart(7, '0')}`,
        subject_kind: 'problem',
        subject_id: `e2eftprob${String(n).padStart(7, '0')}`,
        rater_org_id: ent,
        rater_kind: 'enterprise',
        rated_org_id: ids.bank,
        rated_kind: 'bank',
        region_code: DISTRICT,
        score,
        reasons: '[]',
        comment: null,
        rated_month: '2024-03',
        rated_by_user_id: ids.organizer,
        created_at: iso('2024-03-15'),
        updated_at: iso('2024-03-15'),
      })
      .execute();
});

afterAll(async () => {
  await server?.stop();
});

const session = useBrowser(() => server.url);

/** "50.0%" from numerator and denominator, rounded half up to a tenth, "—" with no denominator. */
function percent(num: number, den: number): string {
  if (!den) return '—';
  const tenths = Math.floor((num * 1000) / den + 0.5);
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/** A headline rate as shown: the rate, and "num/den" under it. */
async function headline(page: Page, testId: string): Promise<{ rate: string; num: number; den: number }> {
  const spans = page.locator(`[data-testid="${testId}"] > span:not([role="tooltip"])`);
  const [rate, fraction] = await spans.allInnerTexts();
  const [num, den] = fraction.split('/').map(Number);
  return { rate, num, den };
}

/** The directory of a region (codes between low and high): verified firms, and those any bank answered for before `until`. */
async function directory(low: string, high: string, until = new Date().toISOString()) {
  const firms = await db
    .selectFrom('organizations')
    .select(sql<string>`count(*)`.as('n'))
    .where('kind', '=', 'enterprise')
    .where('status', '=', 'verified')
    .where('region_code', '>=', low)
    .where('region_code', '<=', high)
    .executeTakeFirstOrThrow();
  const visited = await db
    .selectFrom('recommended_feedback as f')
    .innerJoin('organizations as e', 'e.id', 'f.enterprise_org_id')
    .select(sql<string>`count(distinct f.enterprise_org_id)`.as('n'))
    .where('e.kind', '=', 'enterprise')
    .where('e.status', '=', 'verified')
    .where('e.region_code', '>=', low)
    .where('e.region_code', '<=', high)
    .where('f.answered_at', '<', until)
    .executeTakeFirstOrThrow();
  return { firms: Number(firms.n), visited: Number(visited.n) };
}

describe('跟进成效 on the dashboard', () => {
  it('shows the headline rates of the database, their definitions on hover and focus, and narrows to a district by its link', async () => {
    const page = session.page();
    await page.setViewportSize({ width: 1366, height: 900 });
    await loginAs(page, DEMO.organizer, DEMO.password);
    // the section is on the dashboard's 工作成效 page (decision 044a)
    await page.goto('/dashboard?view=work');
    const section = page.getByTestId('follow-through');
    await expect.poll(() => section.locator('h2#follow-through').innerText()).toBe('跟进成效');

    // the directory's visit rate is the database's count of firms answered for ÷ verified firms of 平顶山市
    const dir = await directory('410400', '410499');
    expect(dir.visited).toBeGreaterThan(0);
    const visit = await headline(page, 'outcome-visit');
    expect(visit).toEqual({ rate: percent(dir.visited, dir.firms), num: dir.visited, den: dir.firms });
    // satisfaction: the enterprises' ratings of the region, 4–5 of them
    const ratings = await db
      .selectFrom('ratings')
      .select([sql<string>`count(*)`.as('rated'), sql<string>`sum(case when score >= 4 then 1 else 0 end)`.as('satisfied')])
      .where('rater_kind', '=', 'enterprise')
      .where('region_code', '>=', '410400')
      .where('region_code', '<=', '410499')
      .executeTakeFirstOrThrow();
    const satisfaction = await headline(page, 'outcome-satisfaction');
    expect(satisfaction.den).toBe(Number(ratings.rated));
    expect(satisfaction.num).toBe(Number(ratings.satisfied));
    expect(satisfaction.rate).toBe(percent(Number(ratings.satisfied), Number(ratings.rated)));
    // every headline rate is a rate with its numerator and denominator
    for (const id of ['outcome-visit', 'outcome-credit', 'outcome-lists', 'outcome-pickup', 'outcome-in-time', 'outcome-satisfaction']) {
      const h = await headline(page, id);
      expect(h.den, id).toBeGreaterThan(0);
      expect(h.num, id).toBeLessThanOrEqual(h.den);
      expect(h.rate, id).toBe(percent(h.num, h.den));
    }

    // hover shows the definition with the two numbers; it is hidden before and is the rate's description
    const tip = page.getByTestId('outcome-visit-definition');
    expect(await tip.isVisible()).toBe(false);
    await page.getByTestId('outcome-visit').hover();
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.innerText()).toBe(`走访率 = 有反馈的企业 ${dir.visited} ÷ 企业 ${dir.firms}`);
    expect(await page.getByTestId('outcome-visit').getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
    await page.mouse.move(0, 0);
    await expect.poll(() => tip.isVisible()).toBe(false);
    // keyboard focus shows it too, Esc hides it
    const inTime = await headline(page, 'outcome-in-time');
    await page.getByTestId('outcome-in-time').focus();
    const inTimeTip = page.getByTestId('outcome-in-time-definition');
    await expect.poll(() => inTimeTip.isVisible()).toBe(true);
    expect(await inTimeTip.innerText()).toBe(`按期办结率 = 按期办结 ${inTime.num} ÷ 应办结 ${inTime.den}`);
    await page.keyboard.press('Escape');
    await expect.poll(() => inTimeTip.isVisible()).toBe(false);
    // a rate in a table carries its definition as its title
    expect(await section.locator('[data-testid="outcome-district"] tbody tr').first().locator('[title^="走访率 = "]').count()).toBe(1);

    expect(formatViolations('/dashboard?view=work', await seriousAxeViolations(page))).toBe('');

    // March 2024: only this file's rows; 叶县's row links to the dashboard narrowed to 叶县, keeping the period
    await page.goto('/dashboard?from=2024-03&to=2024-03&view=work');
    const link = section.locator(`[data-testid="outcome-district"] a[href*="district=${DISTRICT}"]`);
    const name = (await link.innerText()).trim();
    expect(name).toBe('叶县');
    await Promise.all([page.waitForURL(new RegExp(`district=${DISTRICT}`)), link.click()]);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/dashboard');
    expect([url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(['2024-03', '2024-03']);
    // the address changes as the navigation starts; the district's section follows when its data is in
    await expect
      .poll(async () => (await section.locator('[data-testid="outcome-district"] tbody tr').allInnerTexts()).map((r) => r.split('\t')[0]), {
        timeout: 15_000,
      })
      .toEqual([name, '合计']);
    // answers up to the end of March 2024 (China time): the demo's later answers in 叶县 are not counted
    const county = await directory(DISTRICT, DISTRICT, '2024-03-31T16:00:00.000Z');
    expect(county).toMatchObject({ visited: 2 });
    expect(await headline(page, 'outcome-visit')).toEqual({ rate: percent(2, county.firms), num: 2, den: county.firms });
    expect(await headline(page, 'outcome-credit')).toEqual({ rate: percent(1, county.firms), num: 1, den: county.firms });
    expect(await headline(page, 'outcome-lists')).toEqual({ rate: '66.7%', num: 2, den: 3 });
    expect(await headline(page, 'outcome-in-time')).toEqual({ rate: '50.0%', num: 1, den: 2 });
    expect(await headline(page, 'outcome-satisfaction')).toEqual({ rate: '50.0%', num: 1, den: 2 });
    // the bank table holds the demo bank's tasks: 3 firms, 2 answered
    const bankName = (await db.selectFrom('organizations').select('name').where('id', '=', ids.bank).executeTakeFirstOrThrow()).name;
    const bankRow = (await section.locator('[data-testid="outcome-bank"] tbody tr').allInnerTexts()).find((r) => r.startsWith(bankName));
    expect(
      bankRow
        ?.split('\t')
        .slice(1, 3)
        .map((c) => c.replace(/\s+/g, ' ').trim()),
    ).toEqual(['3', '66.7% 2/3']);
    expect(formatViolations(page.url(), await seriousAxeViolations(page))).toBe('');
  });

  it('on a phone: the section is there, axe finds nothing serious, the page does not scroll sideways', async () => {
    const context = await session.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    await loginAs(page, DEMO.organizer, DEMO.password);
    await page.goto('/dashboard?view=work');
    await page.getByTestId('follow-through').scrollIntoViewIfNeeded();
    expect((await headline(page, 'outcome-visit')).den).toBeGreaterThan(0);
    expect(await page.getByTestId('outcome-district').locator('tbody tr').count()).toBeGreaterThan(1);
    expect(formatViolations('/dashboard (375)', await seriousAxeViolations(page))).toBe('');
    const o = await horizontalOverflow(page);
    expect(o.scrollWidth, `/dashboard is ${o.scrollWidth}px wide: ${o.offenders.join(', ')}`).toBeLessThanOrEqual(o.viewport);
    // a tapped headline rate shows its definition inside the screen
    await page.getByTestId('outcome-credit').tap();
    const tip = page.getByTestId('outcome-credit-definition');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const box = (await tip.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
  });
});
