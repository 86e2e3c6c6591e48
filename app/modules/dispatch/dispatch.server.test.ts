/**
 * 派单 with a moved clock, on SQLite (and on PostgreSQL with TEST_PG_URL): a need
 * nobody answered within the region's working days (across 国庆 2026) is dispatched
 * to its best-matching verified banks serving the region, once even when two sweeps
 * race; the bank answers by an interest or a reasoned decline; silence past the new
 * deadline is escalated once to the organizers of the region; the pickup figures
 * add up.
 */
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/schema';
import { freshDatabaseUrl } from '../../../tests/support/server';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { guaranteeMask } from '../catalog/codes';
import { getHolidays } from '../calendar/settings.server';
import { addDays, addWorkingDays } from '../calendar/working-days';
import { expressInterest } from '../interests/interests.server';
import {
  bankDispatchCounts,
  bankDispatches,
  declineDispatch,
  dispatchOverdueNeeds,
  escalateSilentDispatches,
  pickupFigures,
  regionDispatches,
} from './dispatch.server';

let t: TempDatabase;
let drop: () => Promise<void> = async () => {};
const fx = {} as Record<'ent' | 'bankA' | 'bankAUser' | 'bankB' | 'bankBUser' | 'bankZ' | 'pending' | 'organizer' | 'other', string>;

// Wednesday 2026-09-30 09:00 China time: the National Day holidays (10-01..07) follow
const PUBLISHED = '2026-09-30T01:00:00.000Z';
const at = (day: string, hour = 9) => new Date(`${day}T${String(hour - 8).padStart(2, '0')}:00:00Z`);

function product(id: string, bank: string, extra: Partial<Insertable<Database['loan_products']>> = {}) {
  return {
    id,
    organization_id: bank,
    name: id,
    category: 'credit',
    amount_min: 1_000_000,
    amount_max: 10_000_000,
    term_min_months: 6,
    term_max_months: 36,
    rate_type: 'fixed' as const,
    rate_min_bp: 345,
    rate_max_bp: 450,
    guarantee_mask: guaranteeMask(['credit']),
    industry_mask: 0,
    size_mask: 0,
    min_years: 0,
    employment_linked: 0,
    min_new_hires: 0,
    materials: null,
    description: null,
    status: 'published' as const,
    search_text: '',
    published_at: PUBLISHED,
    retired_at: null,
    created_at: PUBLISHED,
    updated_at: PUBLISHED,
    ...extra,
  };
}

function need(id: string, extra: Partial<Insertable<Database['financing_needs']>> = {}) {
  return {
    id,
    organization_id: fx.ent,
    title: `需求${id}`,
    amount: 5_000_000,
    term_months: 12,
    purpose: 'working_capital',
    guarantee_mask: guaranteeMask(['mortgage']),
    max_rate_bp: 450,
    wanted_by: null,
    description: null,
    attachments: '[]',
    status: 'published' as const,
    region_code: '410481',
    search_text: '',
    published_at: PUBLISHED,
    closed_at: null,
    status_reason: null,
    created_at: PUBLISHED,
    updated_at: PUBLISHED,
    ...extra,
  };
}

beforeAll(async () => {
  const fresh = await freshDatabaseUrl('dispatch');
  drop = fresh.drop;
  t = await createTempDatabase(process.env.TEST_PG_URL ? fresh.url : undefined);
  fx.ent = await insertOrg(t.db, { kind: 'enterprise', region: '410481' });
  fx.bankA = await insertOrg(t.db, { kind: 'bank', region: '410400' });
  fx.bankAUser = await insertUser(t.db, { role: 'bank', organizationId: fx.bankA });
  fx.bankB = await insertOrg(t.db, { kind: 'bank', region: '410481' });
  fx.bankBUser = await insertUser(t.db, { role: 'bank', organizationId: fx.bankB });
  fx.bankZ = await insertOrg(t.db, { kind: 'bank', region: '410100' });
  fx.pending = await insertOrg(t.db, { kind: 'bank', region: '410400', status: 'pending' });
  fx.organizer = await insertUser(t.db, { role: 'organizer', regionCode: '410400' });
  fx.other = await insertUser(t.db, { role: 'organizer', regionCode: '410100' });
  await t.db
    .insertInto('loan_products')
    .values([product('pa', fx.bankA, { category: 'tax' }), product('pb', fx.bankB), product('pz', fx.bankZ), product('pp', fx.pending)])
    .execute();
  await t.db
    .insertInto('product_regions')
    .values([
      { product_id: 'pa', region_code: '410400' },
      { product_id: 'pb', region_code: '410481' },
      { product_id: 'pz', region_code: '410100' },
      { product_id: 'pp', region_code: '410400' },
    ])
    .execute();
  await t.db
    .insertInto('financing_needs')
    .values([need('n1'), need('n2'), need('n-answered'), need('n-draft', { status: 'draft', published_at: null })])
    .execute();
  // n-answered already has a bank's interest: never dispatched
  await expressInterest(
    t.db,
    { bankOrgId: fx.bankB, bankStatus: 'verified', userId: fx.bankBUser },
    { kind: 'financing', needId: 'n-answered', message: '可以对接' },
  );
});
afterAll(async () => {
  await t.cleanup();
  await drop();
});

describe('派单', () => {
  it('dispatches needs nobody answered after N working days, once across racing sweeps, to verified banks serving the region', async () => {
    const holidays = await getHolidays(t.db, '410481');
    const lastDay = addWorkingDays('2026-09-30', 3, holidays);
    // 国庆: 10-08, 10-09 and the 调休 Saturday 10-10 are the three working days
    expect(lastDay).toBe('2026-10-10');
    expect((await dispatchOverdueNeeds(t.db, at(lastDay, 20))).dispatched).toBe(0);

    const day = addDays(lastDay, 1);
    const [a, b] = await Promise.all([dispatchOverdueNeeds(t.db, at(day)), dispatchOverdueNeeds(t.db, at(day))]);
    expect(a.dispatched + b.dispatched).toBe(2);
    const rows = await t.db.selectFrom('need_dispatches').selectAll().orderBy('need_id').orderBy('rank').execute();
    expect(rows.map((r) => [r.need_id, r.bank_org_id, r.rank])).toEqual([
      ['n1', fx.bankB, 1], // the county's own product is nearer: the better score
      ['n1', fx.bankA, 2],
      ['n2', fx.bankB, 1],
      ['n2', fx.bankA, 2],
    ]);
    expect(rows.every((r) => r.dispatched_on === day && r.due_on === addWorkingDays(day, 3, holidays))).toBe(true);
    // nothing twice
    expect((await dispatchOverdueNeeds(t.db, at(addDays(day, 1)))).dispatched).toBe(0);
    const notes = await t.db.selectFrom('notifications').select(['user_id', 'kind']).where('kind', '=', 'dispatch.assigned').execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([fx.bankAUser, fx.bankBUser].sort());
  });

  it('is answered like an interest, or declined with a reason; another bank cannot touch it', async () => {
    const listB = await bankDispatches(t.db, fx.bankB, { filter: 'open', page: 1, now: at('2026-10-12') });
    expect(listB.counts).toEqual({ open: 2, all: 2 });
    expect(listB.rows.every((r) => r.state === 'open')).toBe(true);
    // bank A answers n1 with an interest through the interest flow
    await expressInterest(
      t.db,
      { bankOrgId: fx.bankA, bankStatus: 'verified', userId: fx.bankAUser },
      { kind: 'financing', needId: 'n1', message: '我行可提供税务贷' },
    );
    const a = await bankDispatches(t.db, fx.bankA, { filter: 'all', page: 1, now: at('2026-10-12') });
    expect(a.rows.find((r) => r.needId === 'n1')?.state).toBe('interest');

    const n1B = listB.rows.find((r) => r.needId === 'n1')!;
    await expect(
      declineDispatch(t.db, { bankOrgId: fx.bankA, userId: fx.bankAUser }, n1B.id, { reason: 'no_product' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(declineDispatch(t.db, { bankOrgId: fx.bankB, userId: fx.bankBUser }, n1B.id, { reason: 'bogus' })).rejects.toMatchObject({
      status: 400,
      messageKey: 'dispatch.v.reason',
    });
    await expect(declineDispatch(t.db, { bankOrgId: fx.bankB, userId: fx.bankBUser }, n1B.id, { reason: 'other' })).rejects.toMatchObject({
      status: 400,
      messageKey: 'dispatch.v.note',
    });
    await declineDispatch(t.db, { bankOrgId: fx.bankB, userId: fx.bankBUser }, n1B.id, { reason: 'no_product' }, at('2026-10-12'));
    await expect(
      declineDispatch(t.db, { bankOrgId: fx.bankB, userId: fx.bankBUser }, n1B.id, { reason: 'no_product' }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await bankDispatchCounts(t.db, fx.bankB, at('2026-10-12'))).toEqual({ open: 1, overdue: 0 });
  });

  it('escalates silence past the deadline once to the organizers of the region', async () => {
    const holidays = await getHolidays(t.db, '410481');
    const due = addWorkingDays('2026-10-11', 3, holidays);
    expect(await escalateSilentDispatches(t.db, at(due, 20))).toBe(0);
    expect(await bankDispatchCounts(t.db, fx.bankB, at(addDays(due, 1)))).toEqual({ open: 1, overdue: 1 });
    const [x, y] = await Promise.all([
      escalateSilentDispatches(t.db, at(addDays(due, 1))),
      escalateSilentDispatches(t.db, at(addDays(due, 1))),
    ]);
    // n2: both banks silent
    expect(x + y).toBe(2);
    expect(await escalateSilentDispatches(t.db, at(addDays(due, 2)))).toBe(0);
    const notes = await t.db.selectFrom('notifications').select(['user_id', 'payload']).where('kind', '=', 'dispatch.silent').execute();
    expect(notes.map((n) => n.user_id)).toEqual([fx.organizer]);
    const region = await regionDispatches(t.db, '410400', { filter: 'escalated', page: 1, now: at(addDays(due, 1)) });
    expect(region.counts).toEqual({ escalated: 2, all: 4 });
    expect(region.rows.every((r) => r.needId === 'n2' && r.state === 'overdue' && r.escalated)).toBe(true);
    // another region's organizer sees none of it
    expect((await regionDispatches(t.db, '410100', { filter: 'all', page: 1 })).counts.all).toBe(0);
  });

  it('counts pickup by the China month of publication, across a month end, with the first response in time or late', async () => {
    const interest = (
      id: string,
      needId: string,
      bank: string,
      user: string,
      createdAt: string,
      status: 'pending' | 'withdrawn' = 'pending',
    ) => ({
      id,
      need_kind: 'financing' as const,
      need_id: needId,
      enterprise_org_id: fx.ent,
      bank_org_id: bank,
      product_id: null,
      user_id: user,
      message: '可以对接',
      status,
      response_message: null,
      responded_by: null,
      created_at: createdAt,
      responded_at: null,
    });
    const lo = (id: string, published: string) => need(id, { region_code: '410302', published_at: published });
    await t.db
      .insertInto('financing_needs')
      .values([
        lo('m-oct-first', '2026-09-30T16:30:00.000Z'), // China 2026-10-01
        lo('m-sep-last', '2026-09-30T15:59:00.000Z'), // China 2026-09-30
        lo('m-oct-29', '2026-10-28T17:00:00.000Z'), // China 2026-10-29
        lo('m-nov-first', '2026-10-31T16:00:00.000Z'), // China 2026-11-01 (a Sunday)
        lo('m-oct-15', '2026-10-15T02:00:00.000Z'), // China 2026-10-15 (a Thursday)
      ])
      .execute();
    await t.db
      .insertInto('need_interests')
      .values([
        // Monday 11-02: the first of three working days
        interest('i-nov', 'm-nov-first', fx.bankA, fx.bankAUser, '2026-11-02T02:00:00.000Z'),
        // withdrawn: not a response; the other bank's answer on 10-21 is a day after the deadline (10-20)
        interest('i-wd', 'm-oct-15', fx.bankA, fx.bankAUser, '2026-10-15T03:00:00.000Z', 'withdrawn'),
        interest('i-late', 'm-oct-15', fx.bankB, fx.bankBUser, '2026-10-21T02:00:00.000Z'),
      ])
      .execute();
    await t.db
      .insertInto('need_dispatch_claims')
      .values([
        { need_kind: 'financing', need_id: 'm-oct-first', claimed_at: '2026-10-09T02:00:00.000Z', banks: 1 },
        // claimed without an eligible bank: not dispatched
        { need_kind: 'financing', need_id: 'm-oct-29', claimed_at: '2026-11-03T02:00:00.000Z', banks: 0 },
      ])
      .execute();
    const f = await pickupFigures(t.db, '410300');
    const months = Object.fromEntries(
      f.byMonth.map((r) => [r.key, { needs: r.needs, picked: r.picked, inTime: r.inTime, dispatched: r.dispatched }]),
    );
    expect(months).toEqual({
      '2026-09': { needs: 1, picked: 0, inTime: 0, dispatched: 0 },
      '2026-10': { needs: 3, picked: 1, inTime: 0, dispatched: 1 },
      '2026-11': { needs: 1, picked: 1, inTime: 1, dispatched: 0 },
    });
    expect(f.total).toMatchObject({ needs: 5, picked: 2, inTime: 1, dispatched: 1, rateBp: 2000 });
    expect(f.byDistrict).toMatchObject([{ key: '410302', needs: 5, picked: 2, inTime: 1, dispatched: 1 }]);
    // the period: China 2026-10-01 on
    const october = await pickupFigures(t.db, '410300', { fromIso: '2026-09-30T16:00:00.000Z' });
    expect(october.total).toMatchObject({ needs: 4, picked: 2, inTime: 1, dispatched: 1 });
    expect(october.byMonth.map((r) => r.key)).toEqual(['2026-10', '2026-11']);
  });

  it('reports pickup within N working days by district, month and bank, adding up to the total', async () => {
    const f = await pickupFigures(t.db, '410400');
    // the interests were written on the real clock (weeks after the moved one): picked up, but not in time
    expect(f.total.needs).toBe(3);
    expect(f.total.dispatched).toBe(2);
    expect(f.byDistrict.reduce((s, r) => s + r.needs, 0)).toBe(f.total.needs);
    expect(f.byMonth.reduce((s, r) => s + r.inTime, 0)).toBe(f.total.inTime);
    expect(f.byMonth.map((r) => r.key)).toEqual(['2026-09']);
    // n1 picked (bank A's interest), n-answered picked, n2 not
    expect(f.total.picked).toBe(2);
    const byBank = Object.fromEntries(f.byBank.map((r) => [r.key, r]));
    const nameA = (await t.db.selectFrom('organizations').select('name').where('id', '=', fx.bankA).executeTakeFirstOrThrow()).name;
    expect(byBank[nameA]).toMatchObject({ needs: 2, picked: 1, inTime: 0, dispatched: 1 });
    expect(f.total.inTime).toBe(0);
  });
});
