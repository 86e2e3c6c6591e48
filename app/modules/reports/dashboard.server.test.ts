// The dashboard's module against a real temporary SQLite database: the filter
// schema, the bank response rate (regions served, withdrawn interests, China-local
// months, verified banks) and who sees what.
import { parseWithZod } from '@conform-to/zod';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/schema';
import { agreementValues } from '../../../tests/support/agreement-values';
import { createTempDatabase, insertFinancingNeed, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import {
  bankAreas,
  dashboardFilters,
  DashboardQuerySchema,
  loadDashboard,
  loadDashboardView,
  ratesOf,
  responseGrains,
  responseRates,
} from './dashboard.server';
import { DASHBOARD_VIEWS, dashboardView } from './dashboard-views';
import { nextMonth } from './ranking-month';
import { isAppError } from '~/utils/errors';
import { enterpriseCounts, enterpriseCountsOver } from './headline.server';
import { applyAgreementChange } from './rollups.server';

let handle: TempDatabase;
let db: Kysely<Database>;
let seq = 0;
const id = (p: string) => `${p}${String(++seq).padStart(16 - p.length, '0')}`;
const t0 = '2026-01-01T00:00:00.000Z';

const parse = (q: string) => parseWithZod(new URLSearchParams(q), { schema: DashboardQuerySchema });
/** The field errors dashboardFilters throws for a query (null: accepted). */
const errorsOf = (q: string) => {
  try {
    dashboardFilters(new URLSearchParams(q));
    return null;
  } catch (e) {
    if (!isAppError(e) || e.status !== 400) throw e;
    return e.fieldErrors ?? {};
  }
};

async function need(region: string, publishedAt: string | null, enterprise?: string) {
  const org = enterprise ?? (await insertOrg(db, { kind: 'enterprise', region }));
  const nid = await insertFinancingNeed(db, { id: id('dneed'), organizationId: org, region, publishedAt, createdAt: t0 });
  return { nid, org };
}

async function interest(
  n: { nid: string; org: string },
  bank: string,
  user: string,
  status: 'pending' | 'accepted' | 'withdrawn' = 'pending',
) {
  await db
    .insertInto('need_interests')
    .values({
      id: id('dint'),
      need_kind: 'financing',
      need_id: n.nid,
      enterprise_org_id: n.org,
      bank_org_id: bank,
      product_id: null,
      user_id: user,
      message: '',
      status,
      response_message: null,
      responded_by: null,
      created_at: t0,
      responded_at: null,
    })
    .execute();
}

let bankCity = '';
let bankCounty = '';
let bankPending = '';
let userCity = '';
let userCounty = '';
let evOther = '';

beforeAll(async () => {
  handle = await createTempDatabase();
  db = handle.db;
  bankCity = await insertOrg(db, { kind: 'bank', region: '410400', name: '城市银行' });
  bankCounty = await insertOrg(db, { kind: 'bank', region: '410481', name: '舞钢农商行' });
  bankPending = await insertOrg(db, { kind: 'bank', status: 'pending', region: '410400', name: '待审银行' });
  await db
    .insertInto('bank_regions')
    .values([
      { organization_id: bankCity, region_code: '410400' },
      { organization_id: bankCity, region_code: '410481' }, // overlapping: counted once
      { organization_id: bankCounty, region_code: '410481' },
      { organization_id: bankPending, region_code: '410400' },
    ])
    .execute();
  userCity = await insertUser(db, { role: 'bank', organizationId: bankCity });
  userCounty = await insertUser(db, { role: 'bank', organizationId: bankCounty });
  const organizer = await insertUser(db, { role: 'organizer', regionCode: '410100' });
  evOther = id('devt');
  await db
    .insertInto('events')
    .values({
      id: evOther,
      region_code: '410100',
      created_by: organizer,
      title: '郑州对接会',
      theme: '专场',
      event_date: '2026-03-01',
      start_time: '09:00',
      venue: '会展中心',
      capacity: 50,
      registration_deadline: '2026-02-20',
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
      created_at: t0,
      updated_at: t0,
    })
    .execute();

  const wugang1 = await need('410481', '2026-03-10T02:00:00.000Z');
  const wugang2 = await need('410481', '2026-03-31T16:30:00.000Z'); // 2026-04-01 00:30 in China: April
  const xinhua = await need('410402', '2026-03-15T02:00:00.000Z');
  await need('410402', null); // a draft counts for nobody
  await need('410102', '2026-03-15T02:00:00.000Z'); // 郑州: no bank here serves it
  await interest(wugang1, bankCity, userCity);
  await interest(wugang2, bankCity, userCity, 'withdrawn');
  await interest(wugang1, bankCounty, userCounty, 'accepted');
  await interest(xinhua, bankCounty, userCounty); // outside its region: not counted
});

afterAll(async () => {
  await handle?.cleanup();
});

describe('dashboard filters', () => {
  it('accepts empty filters and months, refuses bad months, reversed periods and odd districts', () => {
    expect(dashboardFilters(new URLSearchParams('from=&to=&district=&event='))).toEqual({});
    expect(dashboardFilters(new URLSearchParams('from=2026-01&to=2026-12&district=410481&view=work'))).toEqual({
      from: '2026-01',
      to: '2026-12',
      district: '410481',
    });
    expect(errorsOf('from=2026-13')).toEqual({ from: ['dashboard.err.month'] });
    expect(errorsOf('to=26-01')).toEqual({ to: ['dashboard.err.month'] });
    expect(errorsOf('from=2026-06&to=2026-01')).toEqual({ to: ['dashboard.err.period'] });
    expect(errorsOf('district=4104')).toEqual({ district: ['dashboard.err.district'] });
  });

  it('reads a query as conform reads the filter form: the same filters, the same field errors', () => {
    const queries = [
      '',
      'from=&to=&district=&event=',
      'from=2026-01&to=2026-06&district=410481&event=ev1',
      ' from= 2026-02 &to=2026-03',
      'from=%202026-02%20',
      `from=2026-13&to=26-01&district=4104&event=${'x'.repeat(65)}`,
      'from=2026-06&to=2026-01',
      'from=2026-01&from=2026-02',
      'district=%20',
      'event=%20%20',
      'view=tables&banks=all',
    ];
    for (const q of queries) {
      const conform = parse(q);
      if (conform.status === 'success') expect(dashboardFilters(new URLSearchParams(q)), q).toEqual(conform.value);
      else expect(errorsOf(q), q).toEqual(conform.error);
    }
  });

  it('knows the month after', () => {
    expect(nextMonth('2026-01')).toBe('2026-02');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });
});

describe('bank response rate', () => {
  it('counts (bank, need) pairs in the regions each verified bank serves; withdrawn interests are no answer', async () => {
    const { total, byBank } = await responseRates(db, { region: '410400' });
    // bankCity serves the whole city: 3 published needs, answered 1 (the other answer was withdrawn)
    expect(byBank.get(bankCity)).toEqual({ eligible: 3, answered: 1, rateBp: 3333 });
    // bankCounty serves 舞钢市 only: 2 needs, answered 1 (its answer in 新华区 is outside its region)
    expect(byBank.get(bankCounty)).toEqual({ eligible: 2, answered: 1, rateBp: 5000 });
    expect(byBank.has(bankPending)).toBe(false);
    expect(total).toEqual({ eligible: 5, answered: 2, rateBp: 4000 });
  });

  it('takes the period in China-local months and a district filter', async () => {
    const march = await responseRates(db, { region: '410400', from: '2026-03', to: '2026-03' });
    expect(march.byBank.get(bankCity)).toEqual({ eligible: 2, answered: 1, rateBp: 5000 });
    const april = await responseRates(db, { region: '410481', from: '2026-04' });
    expect(april.byBank.get(bankCity)).toEqual({ eligible: 1, answered: 0, rateBp: 0 });
    expect(april.byBank.get(bankCounty)).toEqual({ eligible: 1, answered: 0, rateBp: 0 });
  });

  it('gives the period and single months read together the rates each has read apart', async () => {
    const months = ['2026-02', '2026-03', '2026-04'];
    const scopes = [
      { region: '410400' },
      { region: '410400', from: '2026-03', to: '2026-03' },
      { bankId: bankCounty },
      { region: '410481', from: '2026-04' },
    ];
    for (const scope of scopes) {
      const [grains, areas] = await Promise.all([responseGrains(db, { ...scope, months }), bankAreas(db, scope.bankId)]);
      expect(ratesOf(grains, areas, 'period')).toEqual(await responseRates(db, scope));
      for (const m of months) {
        const apart = await responseRates(db, { ...scope, from: m, to: m });
        expect(ratesOf(grains, areas, { month: m })).toEqual(apart);
      }
      expect(() => ratesOf(grains, areas, { month: '2025-01' })).toThrow();
    }
    // the month boundary in China time: 2026-03-31T16:30Z is April, its only answer withdrawn
    const grains = await responseGrains(db, { region: '410400', months });
    const areas = await bankAreas(db);
    expect(ratesOf(grains, areas, { month: '2026-04' }).byBank.get(bankCity)).toEqual({ eligible: 1, answered: 0, rateBp: 0 });
    expect(ratesOf(grains, areas, { month: '2026-03' }).byBank.get(bankCity)).toEqual({ eligible: 2, answered: 1, rateBp: 5000 });
    expect(ratesOf(grains, areas, { month: '2026-03' }).byBank.get(bankCounty)).toEqual({ eligible: 1, answered: 1, rateBp: 10000 });
  });

  it('reads within a region only the service areas that can cover its needs, with the same rates', async () => {
    const zhengzhou = await insertOrg(db, { kind: 'bank', region: '410100', name: '郑州银行' });
    const province = await insertOrg(db, { kind: 'bank', region: '410000', name: '省联社' });
    await db
      .insertInto('bank_regions')
      .values([
        { organization_id: zhengzhou, region_code: '410100' },
        { organization_id: zhengzhou, region_code: '410102' },
        { organization_id: province, region_code: '410000' },
      ])
      .execute();
    try {
      const key = (a: { bankId: string; region: string }[]) => a.map((x) => `${x.bankId} ${x.region}`).sort();
      // 舞钢 (410481): its own code, its city and its province; 郑州's areas are not read
      expect(key(await bankAreas(db, undefined, '410481'))).toEqual(
        key([
          { bankId: bankCity, region: '410400' },
          { bankId: bankCity, region: '410481' },
          { bankId: bankCounty, region: '410481' },
          { bankId: province, region: '410000' },
        ]),
      );
      expect((await bankAreas(db, undefined, '410400')).map((a) => a.bankId)).not.toContain(zhengzhou);
      expect((await bankAreas(db, undefined, '410000')).map((a) => a.bankId)).toContain(zhengzhou);
      const months = ['2026-03', '2026-04'];
      for (const region of ['410400', '410481', '410402', '410000']) {
        const grains = await responseGrains(db, { region, months });
        const [all, within] = await Promise.all([bankAreas(db), bankAreas(db, undefined, region)]);
        const rows = (r: ReturnType<typeof ratesOf>) => [...r.byBank].filter(([, f]) => f.eligible > 0).sort();
        for (const which of ['period', { month: '2026-03' }, { month: '2026-04' }] as const) {
          expect(ratesOf(grains, within, which).total, `${region} ${JSON.stringify(which)}`).toEqual(ratesOf(grains, all, which).total);
          expect(rows(ratesOf(grains, within, which))).toEqual(rows(ratesOf(grains, all, which)));
        }
      }
    } finally {
      await db.deleteFrom('bank_regions').where('organization_id', 'in', [zhengzhou, province]).execute();
      await db.deleteFrom('organizations').where('id', 'in', [zhengzhou, province]).execute();
    }
  });

  it('gives one bank its own rate, wherever its regions are', async () => {
    const own = await responseRates(db, { bankId: bankCounty });
    expect([...own.byBank.keys()]).toEqual([bankCounty]);
    expect(own.total).toEqual({ eligible: 2, answered: 1, rateBp: 5000 });
  });
});

describe('who sees what', () => {
  it('gives a bank its own figures only, and refuses an event it has no part in', async () => {
    const ent = await insertOrg(db, { kind: 'enterprise', region: '410481' });
    for (const [bank, amount] of [
      [bankCity, 11_110_000],
      [bankCounty, 22_220_000],
    ] as const) {
      const row = agreementValues({
        id: id('dagr'),
        bank_org_id: bank,
        enterprise_org_id: ent,
        region_code: '410481',
        industry: 'C',
        amount,
        signed_on: '2026-03-05',
        status: 'signed' as const,
        proposed_by_org_id: bank,
        proposed_by_user_id: 'x',
        confirmed_by_user_id: 'x',
        confirmed_at: t0,
        disbursed_amount: 0,
        version: 1,
        created_at: t0,
        updated_at: t0,
      });
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('agreements').values(row).execute();
        await applyAgreementChange(trx, null, row);
      });
    }
    const mine = await loadDashboard(db, { kind: 'bank', bankId: bankCounty, bankName: '舞钢农商行' }, {}, 'zh-CN');
    expect(mine.totals.signedAmount).toBe(22_220_000);
    expect(mine.breakdowns.bank).toEqual([]);
    expect(JSON.stringify(mine)).not.toContain('11110000');
    const org = await loadDashboard(db, { kind: 'organizer', regionCode: '410400' }, {}, 'zh-CN');
    expect(org.totals.signedAmount).toBe(33_330_000);
    expect(org.breakdowns.bank.map((r) => [r.label, r.signedAmount])).toEqual([
      ['舞钢农商行', 22_220_000],
      ['城市银行', 11_110_000],
    ]);
    await expect(loadDashboard(db, { kind: 'bank', bankId: bankCounty, bankName: '' }, { event: evOther }, 'zh-CN')).rejects.toMatchObject({
      status: 404,
      messageKey: 'error.notFound',
    });
    await expect(loadDashboard(db, { kind: 'organizer', regionCode: '410400' }, { event: evOther }, 'zh-CN')).rejects.toMatchObject({
      status: 404,
      messageKey: 'error.notFound',
    });
    await expect(loadDashboard(db, { kind: 'organizer', regionCode: '410400' }, { district: '410102' }, 'zh-CN')).rejects.toMatchObject({
      status: 400,
      fieldErrors: { district: ['dashboard.err.district'] },
    });
    const zz = await loadDashboard(db, { kind: 'organizer', regionCode: '410100' }, { event: evOther }, 'zh-CN');
    expect(zz.totals.signedAmount).toBe(0);
  });
});

describe('服务企业', () => {
  it('counts each enterprise once, whether it signed, had several needs answered or one need answered by several banks', async () => {
    // 舞钢 (410481): the enterprise of the previous test signed with both banks in 2026-03
    expect(await enterpriseCounts(db, { region: '410400' })).toEqual({ served: 3, signed: 1 });
    // 郑州 (410102): one enterprise with two answered needs (one by two banks), one whose only answer was withdrawn
    const firm = await insertOrg(db, { kind: 'enterprise', region: '410102' });
    const first = await need('410102', '2026-05-10T02:00:00.000Z', firm);
    const second = await need('410102', '2026-06-10T02:00:00.000Z', firm);
    await interest(first, bankCity, userCity);
    await interest(first, bankCounty, userCounty);
    await interest(second, bankCounty, userCounty, 'accepted');
    await interest(await need('410102', '2026-05-12T02:00:00.000Z'), bankCity, userCity, 'withdrawn');
    expect(await enterpriseCounts(db, { region: '410100' })).toEqual({ served: 1, signed: 0 });
    expect(await enterpriseCounts(db, { region: '410100', from: '2026-06', to: '2026-06' })).toEqual({ served: 1, signed: 0 });
    expect(await enterpriseCounts(db, { region: '410100', from: '2026-07' })).toEqual({ served: 0, signed: 0 });
    // one bank: its signing enterprise and the needs it answered (bankCity: 舞钢's first need and 郑州's first)
    expect(await enterpriseCounts(db, { bankId: bankCity })).toEqual({ served: 3, signed: 1 });
    expect(await enterpriseCounts(db, { bankId: bankCity, region: '410100' })).toEqual({ served: 1, signed: 0 });
    // 舞钢's signing enterprise (numbered by its agreement in 2026-03) with two needs answered in
    // 2026-08: once in August, where it signed nothing, and still once over all months
    const numbered = await db
      .selectFrom('report_enterprise_numbers as n')
      .innerJoin('organizations as o', 'o.id', 'n.enterprise_org_id')
      .select('n.enterprise_org_id as id')
      .where('o.region_code', '=', '410481')
      .executeTakeFirstOrThrow();
    await interest(await need('410481', '2026-08-03T02:00:00.000Z', numbered.id), bankCounty, userCounty);
    await interest(await need('410481', '2026-08-04T02:00:00.000Z', numbered.id), bankCity, userCity);
    expect(await enterpriseCounts(db, { region: '410400', from: '2026-08' })).toEqual({ served: 1, signed: 0 });
    expect(await enterpriseCounts(db, { region: '410400' })).toEqual({ served: 3, signed: 1 });
  });
});

describe('服务企业 of several periods at once (decision 044c)', () => {
  it('counts each period as enterpriseCounts does alone', async () => {
    const periods = [{}, { from: '2026-03', to: '2026-03' }, { from: '2026-08' }, { to: '2026-04' }, { from: '2026-02', to: '2026-09' }];
    const scopes = [
      { region: '410400' },
      { region: '410481' },
      { region: '410102' },
      { bankId: bankCity },
      { region: '410400', bankId: bankCounty },
      { region: '410000' },
    ];
    let nonZero = 0;
    for (const scope of scopes) {
      const together = await enterpriseCountsOver(db, scope, periods);
      const apart = await Promise.all(periods.map((p) => enterpriseCounts(db, { ...scope, ...p })));
      expect(together, JSON.stringify(scope)).toEqual(apart);
      nonZero += apart.filter((c) => c.served > 0).length;
      // the same periods in another order give the same counts, each to its period
      expect(await enterpriseCountsOver(db, scope, [...periods].reverse())).toEqual([...apart].reverse());
    }
    // the fixtures give something to count: most of these scopes and periods served someone
    expect(nonZero).toBeGreaterThan(10);
  });
});

describe('the dashboard’s pages (decision 044a)', () => {
  const organizer = { kind: 'organizer', regionCode: '410400' } as const;
  const whole = ['viewer', 'scopeName', 'filters', 'filterLabels', 'totals', 'options'];

  it('reads for each page exactly its own parts, each equal to the full load’s', async () => {
    for (const filters of [{}, { from: '2026-01', to: '2026-06' }]) {
      const all = await loadDashboard(db, organizer, filters, 'zh-CN');
      const parts = {
        overview: [...whole, 'response', 'enterprises', 'comparison', 'targets', 'breakdowns'],
        work: [...whole, 'pickup', 'followThrough'],
        tables: [...whole, 'breakdowns', 'policies'],
      };
      for (const view of DASHBOARD_VIEWS) {
        const page = await loadDashboardView(db, organizer, filters, 'zh-CN', view);
        expect(Object.keys(page).sort(), view).toEqual([...parts[view]].sort());
        for (const k of parts[view]) expect(page[k as keyof typeof page], `${view}.${k}`).toEqual(all[k as keyof typeof all]);
      }
    }
    // the figures the pages show are there to compare: a region with agreements and a pickup
    const all = await loadDashboard(db, organizer, {}, 'zh-CN');
    expect(all.totals.signedCount).toBeGreaterThan(0);
    expect(all.pickup).not.toBeNull();
  });

  it('gives a bank no 工作成效 page and falls back to the overview for an unknown page', () => {
    expect(dashboardView('work', 'organizer')).toBe('work');
    expect(dashboardView('work', 'bank')).toBe('overview');
    expect(dashboardView('tables', 'bank')).toBe('tables');
    expect(dashboardView('charts', 'organizer')).toBe('overview');
    expect(dashboardView(null, 'organizer')).toBe('overview');
  });
});
