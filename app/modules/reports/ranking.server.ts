/**
 * The monthly ranking (一月一排名): banks and districts of an organizer's region
 * ranked by the amount signed in a month, with fulfilment and response
 * timeliness, and the change since the previous month. Definitions (decision 019):
 *
 * - counted agreements: confirmed (`confirmed_at` not null; a confirmed agreement
 *   later terminated keeps counting), whose `region_code` (the enterprise's
 *   district) is inside the region;
 * - signed in month M: `signed_month = M`;
 * - fulfilment rate for M: agreements signed up to the end of M; the amount
 *   disbursed by the end of M (tranches dated ≤ the last day of M) ÷ their signed
 *   amount — so a past month's figure does not move when later tranches arrive;
 * - response timeliness (decision 013's deadline, per the need's region, working
 *   days): a bank — of its responses (interests not withdrawn) made in M to needs
 *   of the region, the share made by the need's deadline, and of its answers to
 *   applications (一键申请) made in M, the share made by the application's
 *   deadline (counted from the day it was made); a district — of its published
 *   needs and the applications made with them whose deadline fell in M (and has
 *   passed, or that were answered), the share answered by the deadline;
 * - satisfaction rate (decision 036c): of the ratings enterprises of the region
 *   gave (or last changed) in M, the share of 4 or 5 on the 1–5 scale — a bank,
 *   the ratings of that bank; a district, the ratings its enterprises gave to
 *   banks and departments;
 * - rank (decision 030a, ./rank.ts): only units with a non-zero amount signed in M
 *   are ranked, by competition ranking (1, 2, 2, 4; ties 并列, listed by name);
 *   units with nothing in M are listed apart (本月无签约); the change against M−1
 *   only where the unit was ranked then (else 新上榜, or none); a district ranking
 *   with one unit (a county's own) is not shown.
 *
 * Speed: the signed and disbursed sums come from the pre-aggregated rollups
 * (`report_rollups`, app/modules/reports/rollups.server.ts: confirmed agreements
 * by signing month, district / city, bank and event) — a few thousand rows
 * instead of a million agreements. Their disbursed amounts are today's, so the
 * tranches paid after the month end are taken off (few for recent months; read
 * from covering indexes, db/migrations/2026-11-26-ranking.ts). Only the month's
 * own agreements (the news line) and the needs are read row by row.
 */
import { sql } from 'kysely';
import { getHolidays, getResponseDueDays, holidaysLookup, RESPONSE_DUE_MAX } from '~/modules/calendar/settings.server';
import { addDays, addWorkingDays, chinaDate, chinaDayEndIso, type Holidays } from '~/modules/calendar/working-days';
import { getRegion, regionName, regionPrefix, regionRange, regionsWithin } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { nowIso } from '~/utils/ids';
import { satisfactionRows } from '~/modules/ratings/ratings.server';
import { newsFacts, type NewsFacts } from './news';
import { placeUnits, type Placing } from './rank';
import { chinaMonth, monthEnd, monthStartIso, previousMonth, ratioBp } from './ranking-month';

export interface RankingFigures {
  /** signed in the month, 元, and the number of agreements */
  signed: number;
  signedCount: number;
  prevSigned: number;
  prevSignedCount: number;
  /** signed − prevSigned, 元 */
  signedChange: number;
  /** agreements signed up to the month end, and what was disbursed on them by then, 元 */
  cumulativeSigned: number;
  cumulativeDisbursed: number;
  /** basis points; null when nothing was signed */
  fulfilmentBp: number | null;
  prevCumulativeSigned: number;
  prevCumulativeDisbursed: number;
  prevFulfilmentBp: number | null;
  fulfilmentChangeBp: number | null;
  /** responses (banks) or needs (districts) on time, out of `due` */
  timely: number;
  due: number;
  timelinessBp: number | null;
  prevTimely: number;
  prevDue: number;
  prevTimelinessBp: number | null;
  timelinessChangeBp: number | null;
  /** enterprises' ratings given in the month, and those of 4 or 5 (满意) */
  rated: number;
  satisfied: number;
  satisfactionBp: number | null;
  prevRated: number;
  prevSatisfied: number;
  prevSatisfactionBp: number | null;
  satisfactionChangeBp: number | null;
}

export interface RankingRow extends RankingFigures, Placing {
  /** bank organization id, or region code */
  key: string;
  name: string;
  /** a district row for agreements registered at the organizer's own (city) level, shown “{name}（本级）” */
  cityLevel: boolean;
}

export interface MonthlyRanking {
  regionCode: string;
  regionName: string;
  month: string;
  previousMonth: string;
  monthEnd: string;
  /** ranked rows first (by rank, then name), then the units with nothing in the month (by name) */
  banks: RankingRow[];
  districts: RankingRow[];
  /** false when the districts are a single unit (a county organizer's own county): nothing to rank */
  showDistricts: boolean;
  /** China-local date the figures run to when M is the current (incomplete) month, else null */
  asOf: string | null;
  totals: RankingFigures & { bankCount: number; enterpriseCount: number };
  /** for the news sentence of the month (app/modules/reports/news.ts) */
  news: NewsFacts;
  generatedAt: string;
}

interface Sums {
  signed: number;
  signedCount: number;
  prevSigned: number;
  prevSignedCount: number;
  cumSigned: number;
  cumDisbursed: number;
  prevCumSigned: number;
  prevCumDisbursed: number;
  timely: number;
  due: number;
  prevTimely: number;
  prevDue: number;
  rated: number;
  satisfied: number;
  prevRated: number;
  prevSatisfied: number;
}

const emptySums = (): Sums => ({
  signed: 0,
  signedCount: 0,
  prevSigned: 0,
  prevSignedCount: 0,
  cumSigned: 0,
  cumDisbursed: 0,
  prevCumSigned: 0,
  prevCumDisbursed: 0,
  timely: 0,
  due: 0,
  prevTimely: 0,
  prevDue: 0,
  rated: 0,
  satisfied: 0,
  prevRated: 0,
  prevSatisfied: 0,
});

function addSums(into: Sums, from: Partial<Sums>): void {
  for (const k of Object.keys(from) as (keyof Sums)[]) into[k] += from[k] ?? 0;
}

function figures(s: Sums): RankingFigures {
  const fulfilmentBp = ratioBp(s.cumDisbursed, s.cumSigned);
  const prevFulfilmentBp = ratioBp(s.prevCumDisbursed, s.prevCumSigned);
  const timelinessBp = ratioBp(s.timely, s.due);
  const prevTimelinessBp = ratioBp(s.prevTimely, s.prevDue);
  const satisfactionBp = ratioBp(s.satisfied, s.rated);
  const prevSatisfactionBp = ratioBp(s.prevSatisfied, s.prevRated);
  return {
    signed: s.signed,
    signedCount: s.signedCount,
    prevSigned: s.prevSigned,
    prevSignedCount: s.prevSignedCount,
    signedChange: s.signed - s.prevSigned,
    cumulativeSigned: s.cumSigned,
    cumulativeDisbursed: s.cumDisbursed,
    fulfilmentBp,
    prevCumulativeSigned: s.prevCumSigned,
    prevCumulativeDisbursed: s.prevCumDisbursed,
    prevFulfilmentBp,
    fulfilmentChangeBp: fulfilmentBp !== null && prevFulfilmentBp !== null ? fulfilmentBp - prevFulfilmentBp : null,
    timely: s.timely,
    due: s.due,
    timelinessBp,
    prevTimely: s.prevTimely,
    prevDue: s.prevDue,
    prevTimelinessBp,
    timelinessChangeBp: timelinessBp !== null && prevTimelinessBp !== null ? timelinessBp - prevTimelinessBp : null,
    rated: s.rated,
    satisfied: s.satisfied,
    satisfactionBp,
    prevRated: s.prevRated,
    prevSatisfied: s.prevSatisfied,
    prevSatisfactionBp,
    satisfactionChangeBp: satisfactionBp !== null && prevSatisfactionBp !== null ? satisfactionBp - prevSatisfactionBp : null,
  };
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Places rows by the month's signed amount (./rank.ts): ranked rows by rank, ties
 * by name; then the rows with nothing in the month, by name.
 */
export function rankRows(entries: { key: string; name: string; cityLevel?: boolean; sums: Sums }[]): RankingRow[] {
  const rows = entries.map((e) => ({ key: e.key, name: e.name, cityLevel: e.cityLevel ?? false, ...figures(e.sums) }));
  const places = placeUnits(rows.map((r) => ({ value: r.signed, prevValue: r.prevSigned })));
  return rows.map((r, i) => ({ ...r, ...places[i] })).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || byName(a, b));
}

/** The district a region code is ranked under: the level just below the organizer's region (also the follow-through figures' district, decision 037d). */
export function districtOf(code: string, scope: string): string {
  const level = getRegion(scope)?.level ?? 3;
  if (level === 1) return `${code.slice(0, 4)}00`;
  if (level === 2) return code;
  return scope;
}

const num = (v: unknown) => Number(v ?? 0);

export interface RankingOptions {
  regionCode: string;
  /** 'YYYY-MM' */
  month: string;
  /** China-local 'YYYY-MM-DD'; decides which deadlines have passed (default: now) */
  today?: string;
}

export async function computeMonthlyRanking(db: DB, opts: RankingOptions): Promise<MonthlyRanking> {
  const scope = opts.regionCode;
  const [low, high] = regionRange(scope);
  const level = getRegion(scope)?.level ?? 3;
  const M = opts.month;
  const P = previousMonth(M);
  const endM = monthEnd(M);
  const endP = monthEnd(P);
  const today = opts.today ?? chinaDate(new Date());

  // Sums of the rollups up to M, per key: the month, the previous month and both cumulative windows.
  const rollupSums = (grain: 'b' | 'f' | 'M', key: 'bank_org_id' | 'region_code', region: 'scope' | 'within') =>
    db
      .selectFrom('report_rollups')
      .select([
        key,
        sql<string>`sum(case when signed_month = ${M} then signed_amount else 0 end)`.as('signed'),
        sql<string>`sum(case when signed_month = ${M} then signed_count else 0 end)`.as('signed_count'),
        sql<string>`sum(case when signed_month = ${P} then signed_amount else 0 end)`.as('prev_signed'),
        sql<string>`sum(case when signed_month = ${P} then signed_count else 0 end)`.as('prev_signed_count'),
        sql<string>`sum(signed_amount)`.as('cum_signed'),
        sql<string>`sum(case when signed_month <= ${P} then signed_amount else 0 end)`.as('prev_cum_signed'),
        sql<string>`sum(disbursed_amount)`.as('cum_disbursed'),
        sql<string>`sum(case when signed_month <= ${P} then disbursed_amount else 0 end)`.as('prev_cum_disbursed'),
      ])
      .where('grain', '=', grain)
      .where((eb) => (region === 'scope' ? eb('region_code', '=', scope) : eb.between('region_code', low, high)))
      .where('signed_month', '<=', M)
      .groupBy(key)
      .execute();

  const [bankRows, districtRows, later, enterprises, timeliness, serving, ratings] = await Promise.all([
    // banks: city × month × bank (grain b) for a province or a city; a county reads the full grain
    level === 3 ? rollupSums('f', 'bank_org_id', 'scope') : rollupSums('b', 'bank_org_id', level === 2 ? 'scope' : 'within'),
    // districts: district × month (grain M)
    rollupSums('M', 'region_code', 'within'),
    // tranches paid after the previous month end on agreements signed by M: not yet
    // disbursed at the month ends. The agreements first (last_disbursed_on is their
    // latest tranche date; few for recent months), then their tranches — CROSS JOIN
    // keeps that order on SQLite; both sides are read from covering indexes. The region,
    // the month and the grouping key are written as expressions (`x || ''`): otherwise
    // SQLite, with sampled or missing statistics, walks the (region_code, signed_month)
    // index to save the GROUP BY sort and reads every agreement of the region (2.7 s
    // instead of 0.2 s on a million agreements; decision 022).
    db
      .selectFrom('agreements as a')
      .crossJoin('agreement_tranches as t')
      .whereRef('t.agreement_id', '=', 'a.id')
      .select([
        sql<string>`a.region_code || ''`.as('region_code'),
        sql<string>`a.bank_org_id || ''`.as('bank_org_id'),
        sql<string>`sum(case when t.disbursed_on > ${endM} then t.amount else 0 end)`.as('after_m'),
        sql<string>`sum(case when a.signed_month <= ${P} then t.amount else 0 end)`.as('after_p'),
      ])
      .where('a.confirmed_at', 'is not', null)
      .where('a.last_disbursed_on', '>', endP)
      .where(sql<boolean>`(a.region_code || '') between ${low} and ${high}`)
      .where(sql<boolean>`(a.signed_month || '') <= ${M}`)
      .where('t.disbursed_on', '>', endP)
      .groupBy([sql`a.region_code || ''`, sql`a.bank_org_id || ''`])
      .execute(),
    // the month's enterprises: how many, and the largest sum (for the news line)
    db
      .selectFrom(
        db
          .selectFrom('agreements')
          .select(sql<string>`sum(amount)`.as('s'))
          .where('confirmed_at', 'is not', null)
          .where('signed_month', '=', M)
          .where((eb) => eb.between('region_code', low, high))
          .groupBy('enterprise_org_id')
          .as('e'),
      )
      .select([sql<string>`count(*)`.as('n'), sql<string | null>`max(e.s)`.as('top')])
      .executeTakeFirstOrThrow(),
    responseTimeliness(db, scope, M, today),
    banksServing(db, scope),
    satisfactionRows(db, [low, high], [M, P]),
  ]);
  const ratingSums = (r: (typeof ratings)[number]): Partial<Sums> =>
    r.month === M ? { rated: r.rated, satisfied: r.satisfied } : { prevRated: r.rated, prevSatisfied: r.satisfied };

  const table = () => {
    const map = new Map<string, Sums>();
    return {
      map,
      get(key: string) {
        let s = map.get(key);
        if (!s) map.set(key, (s = emptySums()));
        return s;
      },
    };
  };
  const fromRollup = (r: (typeof bankRows)[number]): Partial<Sums> => ({
    signed: num(r.signed),
    signedCount: num(r.signed_count),
    prevSigned: num(r.prev_signed),
    prevSignedCount: num(r.prev_signed_count),
    cumSigned: num(r.cum_signed),
    prevCumSigned: num(r.prev_cum_signed),
    cumDisbursed: num(r.cum_disbursed),
    prevCumDisbursed: num(r.prev_cum_disbursed),
  });

  /* ---- banks ---- */
  const bankSums = table();
  for (const r of bankRows) addSums(bankSums.get(r.bank_org_id), fromRollup(r));
  for (const r of later) addSums(bankSums.get(r.bank_org_id), { cumDisbursed: -num(r.after_m), prevCumDisbursed: -num(r.after_p) });
  for (const [bank, t] of timeliness.banks) addSums(bankSums.get(bank), t);
  for (const r of ratings) if (r.ratedKind === 'bank') addSums(bankSums.get(r.ratedOrgId), ratingSums(r));
  for (const id of serving) bankSums.get(id);
  const bankNames = await orgNames(db, [...bankSums.map.keys()]);
  const banks = rankRows([...bankSums.map].map(([key, sums]) => ({ key, name: bankNames.get(key) ?? key, sums })));

  /* ---- districts (the level below the organizer's region; every one listed) ---- */
  const districtSums = table();
  for (const r of regionsWithin(scope)) if (r.level === Math.min(level + 1, 3)) districtSums.get(r.code);
  for (const r of districtRows) addSums(districtSums.get(districtOf(r.region_code, scope)), fromRollup(r));
  for (const r of later)
    addSums(districtSums.get(districtOf(r.region_code, scope)), { cumDisbursed: -num(r.after_m), prevCumDisbursed: -num(r.after_p) });
  for (const [code, t] of timeliness.districts) addSums(districtSums.get(districtOf(code, scope)), t);
  for (const r of ratings) addSums(districtSums.get(districtOf(r.regionCode, scope)), ratingSums(r));
  const districts = rankRows(
    [...districtSums.map].map(([key, sums]) => ({ key, name: regionName(key), cityLevel: key === scope && level < 3, sums })),
  );

  /* ---- totals: the sum of the districts ---- */
  const total = emptySums();
  for (const s of districtSums.map.values()) addSums(total, s);
  const signingBanks = banks.filter((b) => b.signedCount > 0);
  const enterpriseCount = num(enterprises.n);
  // the largest enterprise of the month (ties: by name)
  const tied =
    enterprises.top === null
      ? []
      : await db
          .selectFrom('agreements')
          .select('enterprise_org_id')
          .where('confirmed_at', 'is not', null)
          .where('signed_month', '=', M)
          .where((eb) => eb.between('region_code', low, high))
          .groupBy('enterprise_org_id')
          .having(sql`sum(amount)`, '=', num(enterprises.top))
          .execute();
  const topNames = [
    ...(
      await orgNames(
        db,
        tied.map((e) => e.enterprise_org_id),
      )
    ).values(),
  ].sort();
  const news: NewsFacts = {
    ...newsFacts(
      signingBanks.map((b) => ({ name: b.name, amount: b.signed })),
      [],
    ),
    enterpriseCount,
    topEnterprises: topNames.slice(0, 1),
  };
  return {
    regionCode: scope,
    regionName: regionName(scope),
    month: M,
    previousMonth: P,
    monthEnd: endM,
    banks,
    districts,
    showDistricts: districts.length > 1,
    asOf: M >= chinaMonth(new Date(`${today}T12:00:00+08:00`)) ? today : null,
    totals: { ...figures(total), bankCount: signingBanks.length, enterpriseCount },
    news,
    generatedAt: nowIso(),
  };
}

/** Verified banks that serve the region (their service area covers it or lies inside it). */
async function banksServing(db: DB, scope: string): Promise<string[]> {
  const ancestors = [scope, `${scope.slice(0, 4)}00`, `${scope.slice(0, 2)}0000`];
  const rows = await db
    .selectFrom('bank_regions as br')
    .innerJoin('organizations as o', 'o.id', 'br.organization_id')
    .select('o.id')
    .distinct()
    .where('o.kind', '=', 'bank')
    .where('o.status', '=', 'verified')
    .where((eb) => eb.or([eb('br.region_code', 'like', `${regionPrefix(scope)}%`), eb('br.region_code', 'in', ancestors)]))
    .execute();
  return rows.map((r) => r.id);
}

async function orgNames(db: DB, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', chunk).execute();
    for (const r of rows) out.set(r.id, r.name);
  }
  return out;
}

/* ---------------------------------------------------------------- timeliness */

type Timeliness = Pick<Sums, 'timely' | 'due' | 'prevTimely' | 'prevDue'>;

/** Working days to answer, per need region (nearest setting, decision 013), cached for one computation. */
function dueDaysLookup(db: DB) {
  const cache = new Map<string, Promise<number>>();
  return (region: string) => {
    let p = cache.get(region);
    if (!p) cache.set(region, (p = getResponseDueDays(db, region)));
    return p;
  };
}

/**
 * Response timeliness of the month M and the month before, by bank and by need
 * region (deadlines per the need's region, decision 013).
 */
async function responseTimeliness(
  db: DB,
  scope: string,
  M: string,
  today: string,
): Promise<{ banks: Map<string, Timeliness>; districts: Map<string, Timeliness> }> {
  const P = previousMonth(M);
  const [low, high] = regionRange(scope);
  const fromIso = monthStartIso(P);
  const toIso = chinaDayEndIso(monthEnd(M));
  const holidays: Holidays = await getHolidays(db);
  // the earliest publication whose deadline (at most RESPONSE_DUE_MAX working days) can reach M−1
  let before = addDays(`${P}-01`, -1);
  while (addWorkingDays(before, RESPONSE_DUE_MAX, holidays) >= `${P}-01`) before = addDays(before, -1);
  // a region's own extra holidays push deadlines later: keep a week's margin
  before = addDays(before, -7);
  const publishedFrom = chinaDayEndIso(before);
  const dueDays = dueDaysLookup(db);
  const holidaysOf = holidaysLookup(db);
  const deadlines = new Map<string, string>();
  const deadline = async (publishedAt: string, region: string) => {
    const day = chinaDate(publishedAt);
    const key = `${day}|${region}`;
    let due = deadlines.get(key);
    if (due === undefined) deadlines.set(key, (due = addWorkingDays(day, await dueDays(region), await holidaysOf(region))));
    return due;
  };

  const firstResponse = (kind: 'financing' | 'hiring') =>
    sql<
      string | null
    >`(select min(ni.created_at) from need_interests ni where ni.need_kind = ${kind} and ni.need_id = n.id and ni.status <> 'withdrawn')`;
  // both need tables have these columns; the cast keeps one query shape for the two
  const needQuery = (table: 'financing_needs' | 'hiring_needs', kind: 'financing' | 'hiring') =>
    db
      .selectFrom(`${table} as n` as 'financing_needs as n')
      .select(['n.region_code', 'n.published_at', 'n.closed_at', firstResponse(kind).as('first_response')])
      .where('n.status', 'in', ['published', 'matched', 'closed', 'withdrawn'])
      .where((eb) => eb.between('n.region_code', low, high))
      .where('n.published_at', '>=', publishedFrom)
      .where('n.published_at', '<', toIso)
      .execute();
  // CROSS JOIN: SQLite keeps the written order (the month's responses first, by the
  // created_at index, then their needs by id); PostgreSQL plans it as any inner join
  const responseQuery = (table: 'financing_needs' | 'hiring_needs', kind: 'financing' | 'hiring') =>
    db
      .selectFrom('need_interests as ni')
      .crossJoin(`${table} as n` as 'financing_needs as n')
      .whereRef('n.id', '=', 'ni.need_id')
      .select(['ni.bank_org_id', 'ni.created_at', 'n.published_at', 'n.region_code'])
      .where('ni.created_at', '>=', fromIso)
      .where('ni.created_at', '<', toIso)
      .where('ni.need_kind', '=', kind)
      .where('ni.status', '<>', 'withdrawn')
      .where((eb) => eb.between('n.region_code', low, high))
      .execute();
  // applications (一键申请): the same clock, started on the day the enterprise applied
  const applicationsMade = db
    .selectFrom('applications')
    .select(['region_code', 'created_at', 'responded_at', 'status', 'updated_at'])
    .where((eb) => eb.between('region_code', low, high))
    .where('created_at', '>=', publishedFrom)
    .where('created_at', '<', toIso)
    .execute();
  const applicationsAnswered = db
    .selectFrom('applications')
    .select(['bank_org_id', 'created_at', 'responded_at', 'region_code'])
    .where((eb) => eb.between('region_code', low, high))
    .where('responded_at', '>=', fromIso)
    .where('responded_at', '<', toIso)
    .execute();
  const [finNeeds, hirNeeds, finResp, hirResp, appsMade, appsAnswered] = await Promise.all([
    needQuery('financing_needs', 'financing'),
    needQuery('hiring_needs', 'hiring'),
    responseQuery('financing_needs', 'financing'),
    responseQuery('hiring_needs', 'hiring'),
    applicationsMade,
    applicationsAnswered,
  ]);

  const add = (map: Map<string, Timeliness>, key: string, prev: boolean, timely: boolean) => {
    let t = map.get(key);
    if (!t) map.set(key, (t = { timely: 0, due: 0, prevTimely: 0, prevDue: 0 }));
    if (prev) {
      t.prevDue++;
      if (timely) t.prevTimely++;
    } else {
      t.due++;
      if (timely) t.timely++;
    }
  };

  const districts = new Map<string, Timeliness>();
  for (const n of [...finNeeds, ...hirNeeds]) {
    if (!n.published_at) continue;
    const due = await deadline(n.published_at, n.region_code);
    const dueMonth = due.slice(0, 7);
    if (dueMonth !== M && dueMonth !== P) continue;
    const timely = n.first_response !== null && chinaDate(n.first_response) <= due;
    if (!timely) {
      // still within its deadline: not decided yet
      if (due >= today) continue;
      // withdrawn or closed by its deadline without an answer: nothing was left to answer
      if (n.closed_at && chinaDate(n.closed_at) <= due) continue;
    }
    add(districts, n.region_code, dueMonth === P, timely);
  }
  for (const a of appsMade) {
    const due = await deadline(a.created_at, a.region_code);
    const dueMonth = due.slice(0, 7);
    if (dueMonth !== M && dueMonth !== P) continue;
    const timely = a.responded_at !== null && chinaDate(a.responded_at) <= due;
    if (!timely) {
      if (due >= today) continue;
      // withdrawn by its deadline without an answer: nothing was left to answer
      if (a.status === 'withdrawn' && a.responded_at === null && chinaDate(a.updated_at) <= due) continue;
    }
    add(districts, a.region_code, dueMonth === P, timely);
  }

  const banks = new Map<string, Timeliness>();
  for (const r of [...finResp, ...hirResp]) {
    if (!r.published_at) continue;
    const month = chinaMonth(new Date(r.created_at));
    if (month !== M && month !== P) continue;
    const due = await deadline(r.published_at, r.region_code);
    add(banks, r.bank_org_id, month === P, chinaDate(r.created_at) <= due);
  }
  for (const a of appsAnswered) {
    if (!a.responded_at) continue;
    const month = chinaMonth(new Date(a.responded_at));
    if (month !== M && month !== P) continue;
    const due = await deadline(a.created_at, a.region_code);
    add(banks, a.bank_org_id, month === P, chinaDate(a.responded_at) <= due);
  }
  return { banks, districts };
}
