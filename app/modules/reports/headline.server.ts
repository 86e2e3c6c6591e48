/**
 * The dashboard's headline figures beyond the rollup sums (decision 036h):
 * enterprise counts, and each headline figure for one month with its
 * month-on-month and year-on-year comparison (rules in comparison.ts).
 *
 * Enterprise counts (distinct enterprises; a period's count is not the sum of its
 * months' counts):
 * - 签约企业 (enterprises with agreements): with a confirmed agreement signed in the
 *   period within the scope (the figure a target's 服务企业数 measures, 030d);
 * - 服务企业 (enterprises served): those, plus enterprises with a financing need
 *   published in the period that a bank answered (an interest not withdrawn; for a
 *   bank: that bank's answer), plus enterprises that sent an application
 *   (一键申请) in the period (for a bank: to that bank). Needs and applications
 *   belong to no session: with a session filter both counts are the session's
 *   signing enterprises.
 * 签约企业 is read from the sets of enterprises per (bank, district, month) kept with
 * the rollups (enterprise-sets.server.ts, decision 038a): exact for any period; a
 * session's from its agreements.
 */
import { sql } from 'kysely';
import { inRegion } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { enterpriseCells, unionOf, type EnterpriseBitset } from './enterprise-sets.server';
import { changeBp, comparedMonths, pointsChangeBp } from './comparison';
import { listAgg, listItems } from './list-agg.server';
import { monthStartIso, nextMonth } from './ranking-month';
import type { Totals, TotalsScope } from './totals.server';

export interface EnterpriseCounts {
  served: number;
  signed: number;
}

export interface HeadlineFigures extends Totals, EnterpriseCounts {
  fulfilmentBp: number | null;
  responseBp: number | null;
}

/** The headline figures that get a 环比 / 同比 (amounts and counts: bp of change; rates: bp points). */
export const COMPARED = [
  'signedAmount',
  'approvedAmount',
  'disbursedAmount',
  'fulfilmentBp',
  'responseBp',
  'terminatedAmount',
  'served',
  'signed',
] as const;
export type ComparedFigure = (typeof COMPARED)[number];

export interface Comparison {
  month: string;
  previousMonth: string;
  lastYearMonth: string;
  current: HeadlineFigures;
  previous: HeadlineFigures;
  lastYear: HeadlineFigures;
  /** per figure: 环比 and 同比 in basis points (rates: percentage-point bp); null = nothing to compare with */
  change: Record<ComparedFigure, { mom: number | null; yoy: number | null }>;
}

/** 签约企业 and 服务企业 of a scope (see the header). */
export async function enterpriseCounts(db: DB, scope: TotalsScope): Promise<EnterpriseCounts> {
  if (scope.eventId) {
    // a session's agreements are few: counted from them (index on the session)
    let q = db
      .selectFrom('agreements')
      .select(sql<number | string>`count(distinct enterprise_org_id)`.as('n'))
      .where('confirmed_at', 'is not', null)
      .where('event_id', '=', scope.eventId);
    if (scope.region) q = q.where(inRegion('region_code', scope.region));
    if (scope.bankId) q = q.where('bank_org_id', '=', scope.bankId);
    if (scope.from) q = q.where('signed_month', '>=', scope.from);
    if (scope.to) q = q.where('signed_month', '<=', scope.to);
    const n = Number((await q.executeTakeFirst())?.n ?? 0);
    return { served: n, signed: n };
  }
  const [counts] = await enterpriseCountsOver(db, scope, [{ from: scope.from, to: scope.to }]);
  return counts;
}

/** A period of signing / publication months, inclusive (either optional). */
export type MonthPeriod = { from?: string; to?: string };

/**
 * `enterpriseCounts` of one scope for several periods — the dashboard's period and its three
 * compared months — in two statements instead of two per period (decision 044c): the
 * enterprise sets of every month any period covers, each row with its month, and the
 * answered needs' and applications' enterprises as one pair of lists per period (a
 * conditional aggregate over the union of the periods). The counts are `enterpriseCounts`'
 * for each period (a unit test compares them).
 */
export async function enterpriseCountsOver(
  db: DB,
  scope: Omit<TotalsScope, 'from' | 'to'>,
  periods: readonly MonthPeriod[],
): Promise<EnterpriseCounts[]> {
  // a session's agreements are few: counted per period from them
  if (scope.eventId || !periods.length) return Promise.all(periods.map((p) => enterpriseCounts(db, { ...scope, ...p })));
  const from = periods.every((p) => p.from) ? periods.map((p) => p.from!).sort()[0] : undefined;
  const to = periods.every((p) => p.to)
    ? periods
        .map((p) => p.to!)
        .sort()
        .at(-1)
    : undefined;
  const range = { from: from ? monthStartIso(from) : null, to: to ? monthStartIso(nextMonth(to)) : null };
  const bounds = periods.map((p) => ({ from: p.from ? monthStartIso(p.from) : null, to: p.to ? monthStartIso(nextMonth(p.to)) : null }));

  // the signing enterprises from their sets (decision 038a); the others (needs answered,
  // applications: thousands, not a million) are added when not among them. `union all`
  // and a set here rather than `union` in SQL: the distinct step made SQLite read the
  // needs in enterprise order (a scan of the table) instead of from the region's index.
  // The others come back as lists (their numbers; the ids of enterprises without one):
  // a row per need cost more to hand over than to find (decision 043a).
  const { needs, applications } = servedSources(db, scope, range);
  const inPeriod = (b: (typeof bounds)[number]) => {
    const parts = [sql`1 = 1`];
    if (b.from) parts.push(sql`u.t >= ${b.from}`);
    if (b.to) parts.push(sql`u.t < ${b.to}`);
    return sql.join(parts, sql` and `);
  };
  const lists = db
    .selectFrom(needs.unionAll(applications).as('u'))
    .leftJoin('report_enterprise_numbers as n', 'n.enterprise_org_id', 'u.id')
    .select(
      bounds.flatMap((b, i) => [
        listAgg(db, sql`case when ${inPeriod(b)} then n.no end`).as(`nos${i}`),
        listAgg(db, sql`case when ${inPeriod(b)} and n.no is null then u.id end`).as(`ids${i}`),
      ]),
    );
  const [cells, others] = await Promise.all([
    enterpriseCells(db, { region: scope.region, bankIds: [scope.bankId ?? ''], from, to }),
    lists.executeTakeFirst() as Promise<Record<string, string | null> | undefined>,
  ]);
  return periods.map((p, i) => {
    const signed = unionOf(cells.filter((c) => (!p.from || c.month >= p.from) && (!p.to || c.month <= p.to)));
    return { served: servedCount(signed.count, signed.set, others?.[`nos${i}`], others?.[`ids${i}`]), signed: signed.count };
  });
}

/**
 * The enterprises served other than by signing, within a scope and an ISO range: needs
 * answered (each need once: an `exists` on the (need, bank, status) index, not a row per
 * answer; its enterprise from the (region, publication, id, enterprise) index) and
 * applications (一键申请), each with its instant `t`.
 */
function servedSources(db: DB, scope: Omit<TotalsScope, 'from' | 'to'>, range: { from: string | null; to: string | null }) {
  let needs = db
    .selectFrom('financing_needs as fn')
    .select(['fn.organization_id as id', 'fn.published_at as t'])
    .where('fn.published_at', 'is not', null)
    // a need with an answer not withdrawn has a first answer (kept on the need, decision 041a):
    // read from the same index, it spares the probe into the interests for every unanswered need
    .where('fn.first_answer_at', 'is not', null)
    .where((eb) => {
      let answers = eb
        .selectFrom('need_interests as ni')
        .select('ni.need_id')
        .where('ni.need_kind', '=', 'financing')
        .whereRef('ni.need_id', '=', 'fn.id')
        .where('ni.status', '!=', 'withdrawn');
      if (scope.bankId) answers = answers.where('ni.bank_org_id', '=', scope.bankId);
      return eb.exists(answers);
    });
  if (scope.region) needs = needs.where(inRegion('fn.region_code', scope.region));
  if (range.from) needs = needs.where('fn.published_at', '>=', range.from);
  if (range.to) needs = needs.where('fn.published_at', '<', range.to);

  let applications = db.selectFrom('applications as a').select(['a.enterprise_org_id as id', 'a.created_at as t']);
  if (scope.region) applications = applications.where(inRegion('a.region_code', scope.region));
  if (scope.bankId) applications = applications.where('a.bank_org_id', '=', scope.bankId);
  if (range.from) applications = applications.where('a.created_at', '>=', range.from);
  if (range.to) applications = applications.where('a.created_at', '<', range.to);
  return { needs, applications };
}

/** 服务企业: the signing ones, and the others' numbers not among them, and those without a number (never signed). */
function servedCount(signed: number, signedSet: EnterpriseBitset, nos: string | null | undefined, ids: string | null | undefined): number {
  let served = signed;
  const numbers = new Set<number>();
  for (const no of listItems(nos)) {
    const k = Number(no);
    if (!numbers.has(k) && !signedSet.has(k)) served++;
    numbers.add(k);
  }
  // an enterprise without a number has no agreement: never among the signing ones
  return served + new Set(listItems(ids)).size;
}

/** The comparison of a month's headline figures with the month before and the same month a year earlier. */
export function comparisonOf(month: string, current: HeadlineFigures, previous: HeadlineFigures, lastYear: HeadlineFigures): Comparison {
  const change = Object.fromEntries(
    COMPARED.map((k) => {
      const rate = k === 'fulfilmentBp' || k === 'responseBp';
      const diff = (a: HeadlineFigures, b: HeadlineFigures) =>
        rate ? pointsChangeBp(a[k], b[k]) : changeBp(a[k] as number, b[k] as number);
      return [k, { mom: diff(current, previous), yoy: diff(current, lastYear) }];
    }),
  ) as Comparison['change'];
  const [, before, yearBefore] = comparedMonths(month);
  return { month, previousMonth: before, lastYearMonth: yearBefore, current, previous, lastYear, change };
}
