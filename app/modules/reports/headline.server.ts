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
import { signedEnterprises } from './enterprise-sets.server';
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
  const fromIso = scope.from ? monthStartIso(scope.from) : null;
  // the first instant after the to month
  const toIso = scope.to ? monthStartIso(nextMonth(scope.to)) : null;

  // each need once (an `exists` on the (need, bank, status) index, not a row per answer),
  // its enterprise read from the (region, publication, id, enterprise) index
  let needs = db
    .selectFrom('financing_needs as fn')
    .select('fn.organization_id as id')
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
  if (fromIso) needs = needs.where('fn.published_at', '>=', fromIso);
  if (toIso) needs = needs.where('fn.published_at', '<', toIso);

  let applications = db.selectFrom('applications as a').select('a.enterprise_org_id as id');
  if (scope.region) applications = applications.where(inRegion('a.region_code', scope.region));
  if (scope.bankId) applications = applications.where('a.bank_org_id', '=', scope.bankId);
  if (fromIso) applications = applications.where('a.created_at', '>=', fromIso);
  if (toIso) applications = applications.where('a.created_at', '<', toIso);

  // the signing enterprises from their sets (decision 038a); the others (needs answered,
  // applications: thousands, not a million) are added when not among them. `union all`
  // and a set here rather than `union` in SQL: the distinct step made SQLite read the
  // needs in enterprise order (a scan of the table) instead of from the region's index.
  // The others come back as two lists in one row (their numbers; the ids of enterprises
  // without one): a row per need cost more to hand over than to find (decision 043a).
  const [signed, others] = await Promise.all([
    signedEnterprises(db, scope),
    db
      .selectFrom(needs.unionAll(applications).as('u'))
      .leftJoin('report_enterprise_numbers as n', 'n.enterprise_org_id', 'u.id')
      .select([listAgg(db, sql.ref('n.no')).as('nos'), listAgg(db, sql`case when n.no is null then u.id end`).as('ids')])
      .executeTakeFirst(),
  ]);
  let served = signed.count;
  const numbers = new Set<number>();
  for (const no of listItems(others?.nos)) {
    const k = Number(no);
    if (!numbers.has(k) && !signed.set.has(k)) served++;
    numbers.add(k);
  }
  // an enterprise without a number has no agreement: never among the signing ones
  served += new Set(listItems(others?.ids)).size;
  return { served, signed: signed.count };
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
