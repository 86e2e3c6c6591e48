/**
 * The monthly ranking on a real (temporary, migrated) SQLite database with rows
 * inserted directly: ordering and ties, month-over-month change, the counting
 * rule (confirmed only; terminated keeps counting), fulfilment as of the month
 * end, response timeliness and reconciliation of the totals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertOrg, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import type { AgreementStatus } from '#db/schema';
import { rebuildRollups } from './rollups.server';
import { computeMonthlyRanking, type MonthlyRanking, type RankingFigures, type RankingRow } from './ranking.server';

const WAN = 10_000;
let tdb: TempDatabase;
let seq = 0;
const fid = (p: string) => `${p}${String(++seq).padStart(16 - p.length, '0')}`;

const ids = {} as Record<'A' | 'B' | 'C' | 'D' | 'E1' | 'E2' | 'E3' | 'Eother' | 'user', string>;

async function agreement(a: {
  bank: string;
  ent: string;
  region: string;
  wan: number;
  signedOn: string;
  status?: AgreementStatus;
  disbursedWan?: number;
  lastDisbursedOn?: string | null;
  tranches?: [string, number][];
  eventId?: string;
}) {
  const id = fid('rkagr');
  const status = a.status ?? 'signed';
  const confirmed = status !== 'proposed' && status !== 'declined';
  const t = new Date().toISOString();
  const tranches = a.tranches ?? [];
  const disbursed = a.disbursedWan !== undefined ? a.disbursedWan * WAN : tranches.reduce((s, [, w]) => s + w * WAN, 0);
  const last =
    a.lastDisbursedOn !== undefined
      ? a.lastDisbursedOn
      : tranches.length
        ? tranches
            .map(([d]) => d)
            .sort()
            .at(-1)!
        : null;
  await tdb.db
    .insertInto('agreements')
    .values({
      id,
      document_no: null,
      event_id: a.eventId ?? null,
      bank_org_id: a.bank,
      enterprise_org_id: a.ent,
      need_id: null,
      product_id: null,
      region_code: a.region,
      industry: 'C',
      product_category: null,
      amount: a.wan * WAN,
      term_months: 12,
      signed_on: a.signedOn,
      signed_month: a.signedOn.slice(0, 7),
      bank_signatory: '甲',
      enterprise_signatory: '乙',
      status,
      proposed_by_org_id: a.bank,
      proposed_by_user_id: ids.user,
      confirmed_by_user_id: confirmed ? ids.user : null,
      confirmed_at: confirmed ? t : null,
      approved_amount: null,
      approved_on: null,
      disbursed_amount: disbursed,
      last_disbursed_on: last,
      status_reason: null,
      terminated_at: status === 'terminated' ? t : null,
      created_at: t,
      updated_at: t,
    })
    .execute();
  for (const [date, wan] of tranches) {
    await tdb.db
      .insertInto('agreement_tranches')
      .values({ id: fid('rktr'), agreement_id: id, amount: wan * WAN, disbursed_on: date, created_by: ids.user, created_at: t })
      .execute();
  }
  return id;
}

/** China-local date and time → UTC ISO */
const cst = (date: string, time = '09:00') => new Date(`${date}T${time}:00+08:00`).toISOString();

async function need(
  kind: 'financing' | 'hiring',
  org: string,
  region: string,
  publishedOn: string,
  opts: { status?: 'published' | 'matched' | 'withdrawn'; closedOn?: string } = {},
) {
  const id = fid(kind === 'financing' ? 'rkfin' : 'rkhir');
  const published = cst(publishedOn);
  const common = {
    id,
    organization_id: org,
    title: '排名测试需求',
    status: opts.status ?? 'published',
    region_code: region,
    search_text: '排名测试需求',
    published_at: published,
    closed_at: opts.closedOn ? cst(opts.closedOn) : null,
    status_reason: null,
    created_at: published,
    updated_at: published,
  };
  if (kind === 'financing') {
    await tdb.db
      .insertInto('financing_needs')
      .values({
        ...common,
        amount: 1_000_000,
        term_months: 12,
        purpose: 'working_capital',
        guarantee_mask: 1,
        max_rate_bp: null,
        wanted_by: null,
        description: null,
        attachments: '[]',
      })
      .execute();
  } else {
    await tdb.db
      .insertInto('hiring_needs')
      .values({ ...common, description: null, training_support: 0, total_headcount: 3, wanted_by: null })
      .execute();
  }
  return { kind, id, org };
}

async function respond(
  n: { kind: 'financing' | 'hiring'; id: string; org: string },
  bank: string,
  on: string,
  status: 'pending' | 'withdrawn' = 'pending',
) {
  await tdb.db
    .insertInto('need_interests')
    .values({
      id: fid('rkint'),
      need_kind: n.kind,
      need_id: n.id,
      enterprise_org_id: n.org,
      bank_org_id: bank,
      product_id: null,
      user_id: ids.user,
      message: '可以',
      status,
      response_message: null,
      responded_by: null,
      created_at: cst(on, '10:00'),
      responded_at: null,
    })
    .execute();
}

let oct: MonthlyRanking;
let sep: MonthlyRanking;
const row = (rows: RankingRow[], key: string) => {
  const r = rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
};

beforeAll(async () => {
  tdb = await createTempDatabase();
  const db = tdb.db;
  ids.A = await insertOrg(db, { kind: 'bank', name: '中国银行平顶山分行' });
  ids.B = await insertOrg(db, { kind: 'bank', name: '中国工商银行平顶山分行' });
  ids.C = await insertOrg(db, { kind: 'bank', name: '中原银行平顶山分行' });
  ids.D = await insertOrg(db, { kind: 'bank', name: '郑州银行', region: '410100' });
  const idle = await insertOrg(db, { kind: 'bank', name: '平顶山银行' });
  for (const [bank, region] of [
    [ids.A, '410400'],
    [ids.B, '410400'],
    [ids.C, '410400'],
    [ids.D, '410100'],
    [idle, '410402'],
  ]) {
    await db.insertInto('bank_regions').values({ organization_id: bank, region_code: region }).execute();
  }
  ids.E1 = await insertOrg(db, { kind: 'enterprise', name: '舞钢市龙山纺织科技有限公司', region: '410481' });
  ids.E2 = await insertOrg(db, { kind: 'enterprise', name: '汝州市汝瓷文化产业有限公司', region: '410482' });
  ids.E3 = await insertOrg(db, { kind: 'enterprise', name: '平顶山市新华商贸有限公司', region: '410402' });
  ids.Eother = await insertOrg(db, { kind: 'enterprise', name: '郑州测试企业', region: '410102' });
  ids.user = await insertUser(db, { role: 'organizer', regionCode: '410400' });

  // September (the previous month): A 500, B 300, C 100
  await agreement({
    bank: ids.A,
    ent: ids.E1,
    region: '410481',
    wan: 500,
    signedOn: '2026-09-10',
    tranches: [
      ['2026-09-20', 300],
      ['2026-10-15', 100],
      ['2026-11-05', 50],
    ],
  });
  await agreement({ bank: ids.B, ent: ids.E2, region: '410482', wan: 300, signedOn: '2026-09-12', tranches: [['2026-09-30', 300]] });
  // imported with a disbursed amount but no tranche dates: disbursed from the start
  await agreement({
    bank: ids.C,
    ent: ids.E3,
    region: '410402',
    wan: 100,
    signedOn: '2026-09-15',
    disbursedWan: 100,
    lastDisbursedOn: null,
  });
  // October: A 200, B 400 + 100, C 500 (terminated after confirmation: still counts)
  await agreement({ bank: ids.A, ent: ids.E1, region: '410481', wan: 200, signedOn: '2026-10-03' });
  await agreement({ bank: ids.B, ent: ids.E2, region: '410482', wan: 400, signedOn: '2026-10-08' });
  await agreement({ bank: ids.B, ent: ids.E3, region: '410402', wan: 100, signedOn: '2026-10-31' });
  await agreement({ bank: ids.C, ent: ids.E1, region: '410481', wan: 500, signedOn: '2026-10-20', status: 'terminated' });
  // never counted: not confirmed, another region, a later month
  await agreement({ bank: ids.C, ent: ids.E2, region: '410482', wan: 900, signedOn: '2026-10-21', status: 'proposed' });
  await agreement({ bank: ids.A, ent: ids.E2, region: '410482', wan: 800, signedOn: '2026-10-22', status: 'declined' });
  await agreement({ bank: ids.D, ent: ids.Eother, region: '410102', wan: 5000, signedOn: '2026-10-05' });
  await agreement({ bank: ids.C, ent: ids.E1, region: '410481', wan: 700, signedOn: '2026-11-01' });

  // needs and responses (default deadline: 3 working days; no holidays set)
  const n1 = await need('financing', ids.E1, '410481', '2026-10-05'); // Monday → due Thu 10-08
  await respond(n1, ids.A, '2026-10-06'); // on time
  await respond(n1, ids.B, '2026-10-20'); // late
  await respond(n1, ids.C, '2026-10-07', 'withdrawn'); // withdrawn: not a response
  await need('hiring', ids.E2, '410482', '2026-10-12'); // due 10-15, never answered: late
  const n3 = await need('financing', ids.E3, '410402', '2026-10-28'); // due Mon 11-02: a November deadline
  await respond(n3, ids.B, '2026-11-03');
  const n4 = await need('financing', ids.E1, '410481', '2026-09-07'); // due 09-10
  await respond(n4, ids.C, '2026-09-09');
  await need('financing', ids.E1, '410481', '2026-10-19', { status: 'withdrawn', closedOn: '2026-10-20' }); // withdrawn before its deadline
  await need('financing', ids.Eother, '410102', '2026-10-05'); // another city

  // the agreements were written directly: bring the pre-aggregated totals in step
  await rebuildRollups(db);
  oct = await computeMonthlyRanking(db, { regionCode: '410400', month: '2026-10', today: '2026-11-10' });
  sep = await computeMonthlyRanking(db, { regionCode: '410400', month: '2026-09', today: '2026-11-10' });
});

afterAll(async () => {
  await tdb?.cleanup();
});

describe('computeMonthlyRanking', () => {
  it('ranks banks by the confirmed amount signed in the month, ties sharing a rank and ordered by name', () => {
    expect(oct.month).toBe('2026-10');
    expect(oct.previousMonth).toBe('2026-09');
    const signed = oct.banks.map((b) => [b.name, b.rank, b.tied, b.signed / WAN, b.signedCount]);
    expect(signed).toEqual([
      ['中原银行平顶山分行', 1, true, 500, 1],
      ['中国工商银行平顶山分行', 1, true, 500, 2],
      ['中国银行平顶山分行', 3, false, 200, 1],
      // nothing signed in either month: listed apart, not ranked, no change
      ['平顶山银行', null, false, 0, 0],
    ]);
    expect(oct.banks.at(-1)!.change).toEqual({ kind: 'none' });
    expect(oct.banks.at(-1)!.prevRank).toBeNull();
    // the bank of another city never appears
    expect(oct.banks.some((b) => b.key === ids.D)).toBe(false);
  });

  it('gives the previous month’s rank and the change in rank and amount', () => {
    const a = row(oct.banks, ids.A);
    const b = row(oct.banks, ids.B);
    const c = row(oct.banks, ids.C);
    expect([a.prevRank, b.prevRank, c.prevRank]).toEqual([1, 2, 3]);
    expect([a.change, b.change, c.change]).toEqual([
      { kind: 'moved', places: -2 },
      { kind: 'moved', places: 1 },
      { kind: 'moved', places: 2 },
    ]);
    expect([a.prevSigned, b.prevSigned, c.prevSigned].map((v) => v / WAN)).toEqual([500, 300, 100]);
    expect([a.signedChange, b.signedChange, c.signedChange].map((v) => v / WAN)).toEqual([-300, 200, 400]);
    // the September ranking agrees with the previous-month columns of October
    expect(sep.banks.map((r) => [r.key, r.rank, r.signed])).toEqual(
      expect.arrayContaining([
        [ids.A, 1, 500 * WAN],
        [ids.B, 2, 300 * WAN],
        [ids.C, 3, 100 * WAN],
      ]),
    );
  });

  it('computes fulfilment as disbursed by the month end ÷ signed up to the month end', () => {
    const a = row(oct.banks, ids.A);
    // signed 500 + 200; disbursed by 10-31: 300 + 100 (the November tranche does not count yet)
    expect([a.cumulativeSigned / WAN, a.cumulativeDisbursed / WAN]).toEqual([700, 400]);
    expect(a.fulfilmentBp).toBe(5714);
    expect([a.prevCumulativeSigned / WAN, a.prevCumulativeDisbursed / WAN, a.prevFulfilmentBp]).toEqual([500, 300, 6000]);
    expect(a.fulfilmentChangeBp).toBe(5714 - 6000);
    const b = row(oct.banks, ids.B);
    expect([b.cumulativeSigned / WAN, b.cumulativeDisbursed / WAN, b.fulfilmentBp, b.prevFulfilmentBp]).toEqual([800, 300, 3750, 10000]);
    const c = row(oct.banks, ids.C);
    expect([c.cumulativeSigned / WAN, c.cumulativeDisbursed / WAN, c.fulfilmentBp]).toEqual([600, 100, 1667]);
    // September as its own month gives the same figures as October's previous-month columns
    expect(row(sep.banks, ids.A).fulfilmentBp).toBe(6000);
    expect(row(sep.banks, ids.A).cumulativeDisbursed).toBe(300 * WAN);
    // idle bank: nothing signed, no rate
    expect(oct.banks.find((r) => r.name === '平顶山银行')!.fulfilmentBp).toBeNull();
  });

  it('ranks the districts of the city, every county listed, with the same rules', () => {
    const d = (code: string) => row(oct.districts, code);
    expect([d('410481').signed / WAN, d('410481').rank, d('410481').prevRank]).toEqual([700, 1, 1]);
    expect([d('410482').signed / WAN, d('410482').rank, d('410482').prevRank]).toEqual([400, 2, 2]);
    expect([d('410402').signed / WAN, d('410402').rank, d('410402').prevRank, d('410402').change]).toEqual([
      100,
      3,
      3,
      { kind: 'moved', places: 0 },
    ]);
    expect(d('410423').signed).toBe(0);
    expect(d('410423').rank).toBeNull();
    expect(oct.showDistricts).toBe(true);
    // the ranked districts come first, then those with nothing (by name)
    const firstIdle = oct.districts.findIndex((r) => r.rank === null);
    expect(oct.districts.slice(firstIdle).every((r) => r.rank === null)).toBe(true);
    expect(d('410481').name).toBe('舞钢市');
    expect(oct.districts.every((r) => r.key.startsWith('4104'))).toBe(true);
    expect(oct.districts.length).toBeGreaterThanOrEqual(10);
  });

  it('totals reconcile: banks and districts add up to the city total', () => {
    const sum = (rows: RankingRow[], f: (r: RankingRow) => number) => rows.reduce((s, r) => s + f(r), 0);
    expect(oct.totals.signed).toBe(1200 * WAN);
    expect(oct.totals.signedCount).toBe(4);
    for (const f of [
      (r: RankingFigures) => r.signed,
      (r: RankingFigures) => r.prevSigned,
      (r: RankingFigures) => r.cumulativeSigned,
      (r: RankingFigures) => r.cumulativeDisbursed,
      (r: RankingFigures) => r.prevCumulativeDisbursed,
      (r: RankingFigures) => r.signedCount,
    ]) {
      expect(sum(oct.banks, f)).toBe(f(oct.totals));
      expect(sum(oct.districts, f)).toBe(f(oct.totals));
    }
    expect(oct.totals.bankCount).toBe(3);
    expect(oct.totals.enterpriseCount).toBe(3);
    expect(oct.news.total).toBe(oct.totals.signed);
    expect(oct.news.topEnterprises).toEqual(['舞钢市龙山纺织科技有限公司']);
  });

  it('measures response timeliness against the working-day deadline', async () => {
    // banks: responses made in the month, on time or not
    expect([row(oct.banks, ids.A).timely, row(oct.banks, ids.A).due, row(oct.banks, ids.A).timelinessBp]).toEqual([1, 1, 10000]);
    expect([row(oct.banks, ids.B).timely, row(oct.banks, ids.B).due, row(oct.banks, ids.B).timelinessBp]).toEqual([0, 1, 0]);
    expect([row(oct.banks, ids.C).due, row(oct.banks, ids.C).timelinessBp, row(oct.banks, ids.C).prevTimelinessBp]).toEqual([
      0,
      null,
      10000,
    ]);
    // districts: needs whose deadline fell in the month
    expect([row(oct.districts, '410481').timely, row(oct.districts, '410481').due]).toEqual([1, 1]);
    expect([row(oct.districts, '410482').timely, row(oct.districts, '410482').due]).toEqual([0, 1]);
    expect(row(oct.districts, '410402').due).toBe(0);
    expect([oct.totals.timely, oct.totals.due, oct.totals.timelinessBp]).toEqual([1, 2, 5000]);
    // before its deadline a need that is not answered yet is not counted
    const early = await computeMonthlyRanking(tdb.db, { regionCode: '410400', month: '2026-10', today: '2026-10-14' });
    expect([row(early.districts, '410482').due, row(early.districts, '410481').due]).toEqual([0, 1]);
  });

  it('marks the current month as running up to today', async () => {
    expect(oct.asOf).toBeNull();
    const running = await computeMonthlyRanking(tdb.db, { regionCode: '410400', month: '2026-11', today: '2026-11-05' });
    expect(running.asOf).toBe('2026-11-05');
    // only 中原银行 signed in November (700); the banks without a November signing are not ranked
    expect(running.banks.filter((b) => b.rank !== null).map((b) => b.key)).toEqual([ids.C]);
  });

  it('a county organizer sees only its county; a province organizer sees cities', async () => {
    const county = await computeMonthlyRanking(tdb.db, { regionCode: '410481', month: '2026-10', today: '2026-11-10' });
    expect(county.totals.signed).toBe(700 * WAN);
    expect(county.districts.map((d) => d.key)).toEqual(['410481']);
    // one district: no district ranking to show
    expect(county.showDistricts).toBe(false);
    // in 舞钢市, 中原银行 signed nothing in September and 500万 in October: 新上榜, never a drop
    expect(county.banks.slice(0, 2).map((b) => [b.name, b.rank, b.change.kind])).toEqual([
      ['中原银行平顶山分行', 1, 'new'],
      ['中国银行平顶山分行', 2, 'moved'],
    ]);
    expect(county.banks.slice(2).every((b) => b.rank === null && b.change.kind === 'none')).toBe(true);
    expect(row(county.banks, ids.A).change).toEqual({ kind: 'moved', places: -1 });
    const province = await computeMonthlyRanking(tdb.db, { regionCode: '410000', month: '2026-10', today: '2026-11-10' });
    expect(province.totals.signed).toBe((1200 + 5000) * WAN);
    expect(row(province.districts, '410400').signed).toBe(1200 * WAN);
    expect(row(province.districts, '410100').signed).toBe(5000 * WAN);
    expect(row(province.districts, '410400').cityLevel).toBe(false);
  });
});
