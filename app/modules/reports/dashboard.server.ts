/**
 * The figures of the dashboard (/dashboard) and its exports, for an organizer
 * (its region) or a bank (its own figures only), filtered by signing period
 * (from / to month), district and event. Totals come from totals.server.ts
 * (the rollups); the bank response rate from the needs and interests.
 *
 * Definitions (shown on the page; docs/decisions/018-report-rollups.md):
 * - signed / approved / disbursed: sums of confirmed agreements signed in the
 *   period (a confirmed agreement later terminated keeps counting);
 * - fulfilment rate = disbursed ÷ signed amount (integer arithmetic, basis points,
 *   shown with one decimal);
 * - bank response rate = of the (bank, need) pairs where a financing need was
 *   published in the period in a region the (verified) bank serves (bank_regions,
 *   a code covers its sub-regions), the share the bank answered with an interest
 *   that was not withdrawn; plus the applications (一键申请) the bank received in
 *   the period for needs of the region, the share it answered (受理, a request for
 *   material, a decline or an approval). Not affected by the event filter.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import type { Locale } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { PRODUCT_CATEGORIES } from '~/modules/catalog/codes';
import { INDUSTRIES, label } from '~/modules/organizations/reference';
import {
  isKnownRegion,
  platformScope,
  regionAndAncestors,
  regionCovers,
  regionPrefix,
  inRegion,
  regionFullName,
  regionName,
  regionsWithin,
} from '~/modules/regions/regions.server';
import { requireOrgMember, requireOrganizer, requireRole, type GuardArgs } from '~/modules/auth/guards.server';
import type { DB } from '~/utils/db.server';
import type { Database } from '#db/schema';
import { isPostgres } from '~/modules/search/text-search.server';
import { AppError, notFound } from '~/utils/errors';
import { chinaMonthBucket, monthOfBucket } from '~/modules/calendar/month-buckets.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { getResponseDueDays } from '~/modules/calendar/settings.server';
import { pickupFigures, type PickupFigures } from '~/modules/dispatch/dispatch.server';
import { followThroughOutcomes, type FollowThroughOutcomes } from '~/modules/followup/outcomes.server';
import { chinaMonth, isMonth, monthStartIso, nextMonth, ratioBp } from './ranking-month';
import { comparedMonth, comparedMonths } from './comparison';
import {
  comparisonOf,
  enterpriseCounts,
  enterpriseCountsOver,
  type Comparison,
  type EnterpriseCounts,
  type HeadlineFigures,
} from './headline.server';
import { listAgg, listItems } from './list-agg.server';
import type { DashboardView } from './dashboard-views';
import { policyTotals, type PolicyTotals } from './policy-totals.server';
import { targetDateOfMonth } from './targets';
import { bankTargetProgress, targetProgress, type TargetProgressRow } from './targets.server';
import {
  DIMENSIONS,
  emptyTotals,
  figuresAndMonths,
  getTotals,
  type BreakdownRow,
  type Dimension,
  type Totals,
  type TotalsScope,
} from './totals.server';

/* ---------- query ---------- */

const month = z.string({ invalid_type_error: 'dashboard.err.month' }).trim().refine(isMonth, 'dashboard.err.month').optional();

/** `?from=2026-01&to=2026-06&district=410481&event=…` (empty = no filter). */
export const DashboardQuerySchema = z
  .object({
    from: month,
    to: month,
    district: z
      .string({ invalid_type_error: 'dashboard.err.district' })
      .trim()
      .regex(/^\d{6}$/, 'dashboard.err.district')
      .optional(),
    event: z.string({ invalid_type_error: 'dashboard.err.event' }).trim().max(64, 'dashboard.err.event').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: 'dashboard.err.period' });
  });

export type DashboardFilters = z.infer<typeof DashboardQuerySchema>;

const FILTER_FIELDS = ['from', 'to', 'district', 'event'] as const;

/**
 * The filters of a dashboard URL (page and exports alike); a bad one throws a 400 AppError
 * with the field errors. Read as conform reads the filter form (a field left empty is no
 * filter, a field given twice is refused) but straight through zod: conform's form parsing
 * cost a quarter of a millisecond on every dashboard page (decision 045a).
 */
export function dashboardFilters(params: URLSearchParams): DashboardFilters {
  const raw: Record<string, string | string[] | undefined> = {};
  for (const field of FILTER_FIELDS) {
    const values = params.getAll(field);
    raw[field] = values.length > 1 ? values : values[0] === '' ? undefined : values[0];
  }
  const parsed = DashboardQuerySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join('.')] ??= []).push(issue.message);
  throw new AppError(400, 'error.badRequest', { fieldErrors });
}

export type DashboardViewer = { kind: 'organizer'; regionCode: string } | { kind: 'bank'; bankId: string; bankName: string };

/** Organizers (their region) and bank officers (their bank's own figures); others 403. */
export async function requireDashboardViewer(args: GuardArgs): Promise<DashboardViewer> {
  const user = await requireRole(args, 'organizer', 'bank');
  if (user.role === 'organizer') return { kind: 'organizer', regionCode: (await requireOrganizer(args)).regionCode };
  const member = await requireOrgMember(args, 'bank');
  return { kind: 'bank', bankId: member.org.id, bankName: member.org.name };
}

/* ---------- result ---------- */

export interface ResponseFigures {
  /** (bank, need) pairs: needs published in the period in the bank's regions */
  eligible: number;
  /** of which the bank answered */
  answered: number;
  rateBp: number | null;
}

export interface FigureRow extends Totals {
  key: string | null;
  label: string;
  /** disbursed ÷ signed amount, basis points */
  fulfilmentBp: number | null;
  /** banks only */
  response?: ResponseFigures;
}

export interface DashboardData {
  viewer: DashboardViewer['kind'];
  /** the organizer's region or the bank's name */
  scopeName: string;
  filters: DashboardFilters;
  /** what the filters name, for titles and exports */
  filterLabels: { district: string | null; event: string | null };
  totals: Totals & { fulfilmentBp: number | null };
  response: ResponseFigures;
  /** distinct enterprises in the period, any period (decisions 036h, 038a) */
  enterprises: EnterpriseCounts;
  /** the compared month's headline figures, 环比 and 同比 (decision 036h) */
  comparison: Comparison;
  /** `bank` is empty for a bank (its own figures are the totals) */
  breakdowns: Record<Dimension, FigureRow[]>;
  options: { districts: { value: string; label: string; group: string }[]; events: { value: string; label: string }[] };
  /** the progress of the targets whose period contains `asOf`: an organizer's region's (decision 030d), a bank's own (036h) */
  targets: { asOf: string; rows: TargetProgressRow[] };
  /** organizers: pickup of needs within N working days and the dispatches by bank (issue 18, decision 036f) */
  pickup: (PickupFigures & { dueDays: number }) | null;
  /** totals by policy tool (issue 18) */
  policies: PolicyTotals;
  /** organizers: 跟进成效 by district, bank and month (issue 18, decision 037d) */
  followThrough: FollowThroughOutcomes | null;
}

/* ---------- response rate ---------- */

/** A region a bank serves (with the bank's name: the dashboard's bank rows are labelled from it). */
export type BankArea = { bankId: string; region: string; bankName: string };

/**
 * The regions every verified bank serves — or one bank (`bankId`, verified or not); with
 * `within`, only those that cover a code of that region (the rest count no pair). The
 * same for every period: the dashboard reads them once for its four response rates
 * (the period's and the compared months') and passes them as `banks`.
 */
export function bankAreas(db: DB, bankId?: string, within?: string): Promise<BankArea[]> {
  if (bankId)
    return db
      .selectFrom('bank_regions as br')
      .innerJoin('organizations as o', 'o.id', 'br.organization_id')
      .select(['br.organization_id as bankId', 'br.region_code as region', 'o.name as bankName'])
      .where('o.kind', '=', 'bank')
      .where('br.organization_id', '=', bankId)
      .execute();
  // `within`: only the areas that can cover a need of that region — its own codes and the city
  // and province above it (for a city of the benchmark data ~50 of a province's ~300 areas)
  const covering = (eb: ExpressionBuilder<Database, 'bank_regions'>) =>
    eb.or([eb('bank_regions.region_code', 'in', regionAndAncestors(within!)), inRegion('bank_regions.region_code', within!)]);
  if (!isPostgres(db)) {
    // SQLite: the service areas first (a few hundred rows), each bank looked up by its key — the
    // planner otherwise starts from every verified bank and probes its areas (~0.19 → 0.08 ms)
    let q = db
      .selectFrom('bank_regions')
      .crossJoin('organizations as o')
      .select(['bank_regions.organization_id as bankId', 'bank_regions.region_code as region', 'o.name as bankName'])
      .whereRef('o.id', '=', 'bank_regions.organization_id')
      .where('o.kind', '=', 'bank')
      .where('o.status', '=', 'verified');
    if (within) q = q.where(covering);
    return q.execute();
  }
  // PostgreSQL: the verified banks first, on their own (kind, status) index: joined directly, it
  // guessed that a handful of the service regions belong to verified banks (nearly all do)
  // and walked every organization in id order to merge them (4–13 ms; this way ~1 ms)
  const q = db
    .with(
      (w) => w('banks').materialized(),
      (q) => q.selectFrom('organizations').select(['id', 'name']).where('kind', '=', 'bank').where('status', '=', 'verified'),
    )
    .selectFrom('bank_regions')
    .innerJoin('banks as b', 'b.id', 'bank_regions.organization_id')
    .select(['bank_regions.organization_id as bankId', 'bank_regions.region_code as region', 'b.name as bankName']);
  return within ? q.where(covering).execute() : q.execute();
}

/**
 * Which banks serve which regions, looked up by the covered code's prefixes (a service
 * region covers the codes starting with its regionPrefix): a need's region is checked
 * against each prefix length once, not against every bank's every region.
 */
function serviceCover(areas: BankArea[]): ServiceCover {
  let cover = coverOfAreas.get(areas);
  if (!cover) coverOfAreas.set(areas, (cover = buildServiceCover(areas)));
  return cover;
}

interface ServiceCover {
  /** every bank with a service region, in id order (the order of the rows) */
  banks: string[];
  banksCovering: (region: string) => ReadonlySet<string>;
  covers: (bankId: string, region: string) => boolean;
}

/** one lookup per list of areas: the dashboard's four periods share the list they were read with */
const coverOfAreas = new WeakMap<BankArea[], ServiceCover>();

function buildServiceCover(areas: BankArea[]): ServiceCover {
  const byPrefix = new Map<string, Set<string>>();
  const lengths = new Set<number>();
  for (const a of areas) {
    const p = regionPrefix(a.region);
    lengths.add(p.length);
    let banks = byPrefix.get(p);
    if (!banks) byPrefix.set(p, (banks = new Set()));
    banks.add(a.bankId);
  }
  const sortedLengths = [...lengths].sort((x, y) => x - y);
  // each region's banks worked out once: the answers ask per (bank, region) row, the needs
  // per region, and the dashboard's periods share the cover (a Set and prefix strings per
  // row were a tenth of the dashboard's allocation)
  const covering = new Map<string, ReadonlySet<string>>();
  const banksCovering = (region: string): ReadonlySet<string> => {
    let out = covering.get(region);
    if (out) return out;
    const banks = new Set<string>();
    for (const l of sortedLengths) {
      if (l > region.length) break;
      for (const b of byPrefix.get(region.slice(0, l)) ?? []) banks.add(b);
    }
    covering.set(region, (out = banks));
    return out;
  };
  return {
    banks: [...new Set(areas.map((a) => a.bankId))].sort(),
    banksCovering,
    covers: (bankId: string, region: string) => banksCovering(region).has(bankId),
  };
}

/**
 * The counts behind the response rates of a period and of some single months (the
 * dashboard's compared months), read together: the needs and applications by China month
 * (any of those periods is a sum of them), the answers by (region, bank) for the period
 * and by month for the months only (by month over a whole period, the answers of a
 * province are tens of thousands of rows). `ratesOf` computes each period's rates.
 */
export interface ResponseGrains {
  period: { from?: string; to?: string };
  months: string[];
  /** needs published, by region and China month (within the period and the months) */
  needs: { region: string; month: string; n: number }[];
  /** answers not withdrawn to the period's needs, by (region, bank) */
  answered: { region: string; bankId: string; n: number }[];
  /** the same for the months' needs, by month */
  answeredByMonth: { region: string; bankId: string; month: string; n: number }[];
  /** applications received, by China month of receipt */
  applications: { region: string; bankId: string; month: string; n: number; answered: number }[];
}

type GrainScope = { region?: string; bankId?: string; from?: string; to?: string };

/** Is the month within [from, to] (either optional)? */
const inPeriod = (m: string, period: { from?: string; to?: string }) =>
  (!period.from || m >= period.from) && (!period.to || m <= period.to);

/** The response-rate counts within `region` (and for one bank) for the period [from, to] (either optional) and the `months`. */
export async function responseGrains(db: DB, opts: GrainScope & { months?: string[] }): Promise<ResponseGrains> {
  const period = { from: opts.from, to: opts.to };
  const months = [...new Set(opts.months ?? [])].sort();
  // the needs and applications: the months and the period together
  const from = opts.from && months.length && months[0] < opts.from ? months[0] : opts.from;
  const to = opts.to && months.length && months[months.length - 1] > opts.to ? months[months.length - 1] : opts.to;
  const fromIso = from ? monthStartIso(from) : null;
  const toIso = to ? monthStartIso(nextMonth(to)) : null;

  const needBucket = chinaMonthBucket('fn.published_at');
  let needs = db
    .selectFrom('financing_needs as fn')
    .select(['fn.region_code as region', needBucket.as('bucket'), sql<number | string>`count(*)`.as('n')])
    .where('fn.published_at', 'is not', null)
    .groupBy(['fn.region_code', sql`2`]);
  if (fromIso) needs = needs.where('fn.published_at', '>=', fromIso);
  if (toIso) needs = needs.where('fn.published_at', '<', toIso);
  if (opts.region) needs = needs.where(inRegion('fn.region_code', opts.region));

  // one interest per (need, bank) (unique index): count(*) counts needs; driven by the needs
  // (index on region and publication) and read from the covering (need, bank, status) index
  const answers = () => {
    let q = db
      .selectFrom('financing_needs as fn')
      .innerJoin('need_interests as ni', (j) => j.on('ni.need_kind', '=', 'financing').onRef('ni.need_id', '=', 'fn.id'))
      .where('ni.status', '!=', 'withdrawn')
      .where('fn.published_at', 'is not', null)
      // a need with an answer not withdrawn has a first answer (decision 041a): from the same
      // index, it spares the probe into the interests for the unanswered needs
      .where('fn.first_answer_at', 'is not', null);
    if (opts.bankId) q = q.where('ni.bank_org_id', '=', opts.bankId);
    if (opts.region) q = q.where(inRegion('fn.region_code', opts.region));
    return q;
  };
  // by region, the answering banks as one list: the needs come in region order (no sort for
  // the grouping), and a row per (region, bank) cost more to sort and hand over than the
  // list costs to count (decision 043a)
  let answered = answers()
    .select(['fn.region_code as region', listAgg(db, sql.ref('ni.bank_org_id')).as('banks')])
    .groupBy('fn.region_code');
  if (opts.from) answered = answered.where('fn.published_at', '>=', monthStartIso(opts.from));
  if (opts.to) answered = answered.where('fn.published_at', '<', monthStartIso(nextMonth(opts.to)));
  // the months as ranges of publication (adjacent months in one range)
  const ranges: [string, string][] = [];
  for (const m of months) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === m) last[1] = nextMonth(m);
    else ranges.push([m, nextMonth(m)]);
  }
  const answeredByMonth = ranges.length
    ? answers()
        .select(['fn.region_code as region', 'ni.bank_org_id as bankId', needBucket.as('bucket'), sql<number | string>`count(*)`.as('n')])
        .where((eb) =>
          eb.or(
            ranges.map(([a, b]) => eb.and([eb('fn.published_at', '>=', monthStartIso(a)), eb('fn.published_at', '<', monthStartIso(b))])),
          ),
        )
        .groupBy(['fn.region_code', 'ni.bank_org_id', sql`3`])
        .execute()
    : Promise.resolve([]);

  // applications (一键申请) received in the period: each asks the bank for an answer
  let applications = db
    .selectFrom('applications as a')
    .innerJoin('organizations as o', 'o.id', 'a.bank_org_id')
    .select([
      'a.region_code as region',
      'a.bank_org_id as bankId',
      chinaMonthBucket('a.created_at').as('bucket'),
      sql<number | string>`count(*)`.as('n'),
      sql<number | string>`count(a.responded_at)`.as('answered'),
    ])
    // withdrawn before the bank answered: nothing was left to answer
    .where((eb) => eb.or([eb('a.status', '!=', 'withdrawn'), eb('a.responded_at', 'is not', null)]))
    .groupBy(['a.region_code', 'a.bank_org_id', sql`3`]);
  applications = opts.bankId ? applications.where('a.bank_org_id', '=', opts.bankId) : applications.where('o.status', '=', 'verified');
  if (fromIso) applications = applications.where('a.created_at', '>=', fromIso);
  if (toIso) applications = applications.where('a.created_at', '<', toIso);
  if (opts.region) applications = applications.where(inRegion('a.region_code', opts.region));

  const [needRows, answeredRows, monthRows, applicationRows] = await Promise.all([
    needs.execute(),
    answered.execute(),
    answeredByMonth,
    applications.execute(),
  ]);
  return {
    period,
    months,
    needs: needRows.map((r) => ({ region: r.region, month: monthOfBucket(r.bucket), n: Number(r.n) })),
    answered: answeredRows.flatMap((r) => {
      const n = new Map<string, number>();
      for (const bankId of listItems(r.banks)) n.set(bankId, (n.get(bankId) ?? 0) + 1);
      return [...n].map(([bankId, count]) => ({ region: r.region, bankId, n: count }));
    }),
    answeredByMonth: monthRows.map((r) => ({ region: r.region, bankId: r.bankId, month: monthOfBucket(r.bucket), n: Number(r.n) })),
    applications: applicationRows.map((r) => ({
      region: r.region,
      bankId: r.bankId,
      month: monthOfBucket(r.bucket),
      n: Number(r.n),
      answered: Number(r.answered),
    })),
  };
}

/**
 * The response rates from the counts and the banks' service areas: of the counts' period
 * (`'period'`), or of one of its months.
 */
export function ratesOf(
  grains: ResponseGrains,
  areas: BankArea[],
  which: 'period' | { month: string },
): { total: ResponseFigures; byBank: Map<string, ResponseFigures> } {
  if (which !== 'period' && !grains.months.includes(which.month)) throw new Error(`response counts not read for ${which.month}`);
  const period = which === 'period' ? grains.period : { from: which.month, to: which.month };
  const within = (m: string) => inPeriod(m, period);
  const answered = which === 'period' ? grains.answered : grains.answeredByMonth.filter((a) => a.month === which.month);
  const cover = serviceCover(areas);
  const byBank = new Map<string, ResponseFigures>();
  for (const bankId of cover.banks) byBank.set(bankId, { eligible: 0, answered: 0, rateBp: null });
  // the needs by region first: a region's banks looked up once, not once per month
  const needsByRegion = new Map<string, number>();
  for (const n of grains.needs) if (within(n.month)) needsByRegion.set(n.region, (needsByRegion.get(n.region) ?? 0) + n.n);
  for (const [region, n] of needsByRegion) for (const bankId of cover.banksCovering(region)) byBank.get(bankId)!.eligible += n;
  for (const a of answered) {
    const f = byBank.get(a.bankId);
    if (f && cover.covers(a.bankId, a.region)) f.answered += a.n;
  }
  for (const a of grains.applications) {
    if (!within(a.month)) continue;
    let f = byBank.get(a.bankId);
    // a bank with applications but no service area on record still answers for them
    if (!f) byBank.set(a.bankId, (f = { eligible: 0, answered: 0, rateBp: null }));
    f.eligible += a.n;
    f.answered += a.answered;
  }
  const total: ResponseFigures = { eligible: 0, answered: 0, rateBp: null };
  for (const f of byBank.values()) {
    f.rateBp = ratioBp(f.answered, f.eligible);
    total.eligible += f.eligible;
    total.answered += f.answered;
  }
  total.rateBp = ratioBp(total.answered, total.eligible);
  return { total, byBank };
}

/**
 * The response rate of every (verified) bank — or of one bank — to the financing
 * needs published in the period (China-local months) within `region`.
 */
export async function responseRates(
  db: DB,
  opts: GrainScope & { banks?: Promise<BankArea[]> },
): Promise<{ total: ResponseFigures; byBank: Map<string, ResponseFigures> }> {
  const [grains, areas] = await Promise.all([responseGrains(db, opts), opts.banks ?? bankAreas(db, opts.bankId)]);
  return ratesOf(grains, areas, 'period');
}

/* ---------- month on month, year on year ---------- */

/**
 * What the compared months' figures can share with the page's other figures, each read
 * once: the banks' service areas, the response-rate counts covering the months, and the
 * scope's totals by month (the dashboard reads them with its figures).
 */
export interface MonthSources {
  banks?: Promise<BankArea[]>;
  grains?: Promise<ResponseGrains>;
  monthTotals?: Promise<Map<string, Totals>>;
  /** 服务企业 and 签约企业 of each month (read with the period's: enterpriseCountsOver) */
  monthEnterprises?: Promise<Map<string, EnterpriseCounts>>;
}

/** One month's headline figures within a scope (its from / to replaced by the month). */
export async function headlineOfMonth(db: DB, scope: TotalsScope, month: string, sources: MonthSources = {}): Promise<HeadlineFigures> {
  const s = { ...scope, from: month, to: month };
  const rates =
    sources.grains !== undefined
      ? Promise.all([sources.grains, sources.banks ?? bankAreas(db, scope.bankId)]).then(([g, a]) => ratesOf(g, a, { month }))
      : responseRates(db, { region: s.region, bankId: s.bankId, from: month, to: month, banks: sources.banks });
  const [totals, r, ents] = await Promise.all([
    sources.monthTotals !== undefined ? sources.monthTotals.then((t) => t.get(month) ?? emptyTotals()) : getTotals(db, s),
    rates,
    sources.monthEnterprises !== undefined
      ? sources.monthEnterprises.then((m) => m.get(month) ?? enterpriseCounts(db, s))
      : enterpriseCounts(db, s),
  ]);
  return { ...totals, ...ents, fulfilmentBp: ratioBp(totals.disbursedAmount, totals.signedAmount), responseBp: r.total.rateBp };
}

/** The month's headline figures against the month before and the same month a year earlier (rules: comparison.ts). */
export async function compareMonth(db: DB, scope: TotalsScope, month: string, sources: MonthSources = {}): Promise<Comparison> {
  const [, before, yearBefore] = comparedMonths(month);
  const shared = { ...sources, banks: sources.banks ?? bankAreas(db, scope.bankId) };
  const [current, previous, lastYear] = await Promise.all([
    headlineOfMonth(db, scope, month, shared),
    headlineOfMonth(db, scope, before, shared),
    headlineOfMonth(db, scope, yearBefore, shared),
  ]);
  return comparisonOf(month, current, previous, lastYear);
}

/* ---------- options and labels ---------- */

async function eventOptions(db: DB, viewer: DashboardViewer): Promise<{ id: string; title: string; event_date: string }[]> {
  if (viewer.kind === 'organizer') {
    return db
      .selectFrom('events')
      .select(['id', 'title', 'event_date'])
      .where(inRegion('region_code', viewer.regionCode))
      .orderBy('event_date', 'desc')
      .orderBy('id')
      .limit(300)
      .execute();
  }
  return db
    .selectFrom('events')
    .select(['id', 'title', 'event_date'])
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('event_participants').select('event_id').where('organization_id', '=', viewer.bankId)),
        eb(
          'id',
          'in',
          eb.selectFrom('report_rollups').select('event_id').where('grain', '=', 'f').where('bank_org_id', '=', viewer.bankId),
        ),
      ]),
    )
    .orderBy('event_date', 'desc')
    .orderBy('id')
    .limit(300)
    .execute();
}

/** May this viewer filter by (and see the title of) this event? */
async function eventVisible(db: DB, viewer: DashboardViewer, eventId: string): Promise<{ title: string; event_date: string } | null> {
  const ev = await db
    .selectFrom('events')
    .select(['id', 'region_code', 'title', 'event_date'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!ev) return null;
  if (viewer.kind === 'organizer') return regionCovers(viewer.regionCode, ev.region_code) ? ev : null;
  const [part, signed] = await Promise.all([
    db
      .selectFrom('event_participants')
      .select('id')
      .where('event_id', '=', eventId)
      .where('organization_id', '=', viewer.bankId)
      .executeTakeFirst(),
    db
      .selectFrom('report_rollups')
      .select('event_id')
      .where('grain', '=', 'f')
      .where('event_id', '=', eventId)
      .where('bank_org_id', '=', viewer.bankId)
      .limit(1)
      .executeTakeFirst(),
  ]);
  return part || signed ? ev : null;
}

const eventLabel = (e: { title: string; event_date: string }) => `${e.title}（${e.event_date}）`;

/** The choices of the filter form. */
export async function dashboardOptions(db: DB, viewer: DashboardViewer): Promise<DashboardData['options']> {
  const events = await eventOptions(db, viewer);
  return { districts: districtOptions(viewer), events: events.map((e) => ({ value: e.id, label: eventLabel(e) })) };
}

function districtOptions(viewer: DashboardViewer) {
  const scope = viewer.kind === 'organizer' ? viewer.regionCode : platformScope();
  return regionsWithin(scope)
    .filter((r) => r.code !== scope && r.level >= 2)
    .map((r) => ({ value: r.code, label: r.name, group: r.level === 3 ? regionName(r.parentCode) : r.name }));
}

/** The rows with their labels (set on the rows themselves); `names`: labels already known by key (the filter's events, the banks), the others are read. */
async function labelRows(
  db: DB,
  by: Dimension,
  rows: BreakdownRow[],
  locale: Locale,
  names = new Map<string, string>(),
): Promise<FigureRow[]> {
  const t = makeTranslator(locale);
  const keys = rows.map((r) => r.key).filter((k): k is string => k != null && !names.has(k));
  if (by === 'event' && keys.length) {
    for (const e of await db.selectFrom('events').select(['id', 'title', 'event_date']).where('id', 'in', keys).execute())
      names.set(e.id, eventLabel(e));
  }
  if (by === 'bank' && keys.length) {
    for (const o of await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', keys).execute()) names.set(o.id, o.name);
  }
  const labelOf = (key: string | null): string => {
    if (key == null) return t(`dashboard.none.${by}`);
    switch (by) {
      case 'month':
        return key;
      case 'district':
        return regionName(key);
      case 'industry':
        // the name alone: the GB/T 4754 letter means nothing to a reader
        return label(INDUSTRIES, key, locale);
      case 'category':
        return label(PRODUCT_CATEGORIES, key, locale);
      default:
        return names.get(key) ?? key;
    }
  };
  // labelled in place: the rows are this load's own (a copy of each cost more than the labels)
  const labelled = rows as FigureRow[];
  for (const r of labelled) {
    r.label = labelOf(r.key);
    r.fulfilmentBp = ratioBp(r.disbursedAmount, r.signedAmount);
  }
  return labelled;
}

/* ---------- the dashboard ---------- */

type Part = 'headline' | 'breakdowns' | 'policies' | 'work';
const VIEW_PARTS: Record<DashboardView, readonly Part[]> = {
  overview: ['headline', 'breakdowns'],
  work: ['work'],
  tables: ['breakdowns', 'policies'],
};

/** What every page of the dashboard shows (the filter form, the scope, the totals); the rest as its view reads it. */
export type DashboardPage = Pick<DashboardData, 'viewer' | 'scopeName' | 'filters' | 'filterLabels' | 'totals' | 'options'> &
  Partial<Omit<DashboardData, 'viewer' | 'scopeName' | 'filters' | 'filterLabels' | 'totals' | 'options'>>;

/**
 * The dashboard's figures for these filters, every part (the exports, the tests). Throws
 * AppError: 400 with a field error for a district outside the viewer's area, 404 for an
 * event the viewer has no part in.
 */
export async function loadDashboard(db: DB, viewer: DashboardViewer, filters: DashboardFilters, locale: Locale): Promise<DashboardData> {
  return (await loadDashboardView(db, viewer, filters, locale, null)) as DashboardData;
}

/** The figures one page of the dashboard shows (`null`: every part); the same checks as loadDashboard. */
export async function loadDashboardView(
  db: DB,
  viewer: DashboardViewer,
  filters: DashboardFilters,
  locale: Locale,
  view: DashboardView | null,
): Promise<DashboardPage> {
  const wants = (p: Part) => view === null || VIEW_PARTS[view].includes(p);
  if (filters.district) {
    const ok = isKnownRegion(filters.district) && (viewer.kind === 'bank' || regionCovers(viewer.regionCode, filters.district));
    if (!ok) throw new AppError(400, 'dashboard.err.district', { field: 'district' });
  }
  let eventName: string | null = null;
  if (filters.event) {
    const ev = await eventVisible(db, viewer, filters.event);
    if (!ev) throw notFound();
    eventName = eventLabel(ev);
  }
  const scope: TotalsScope =
    viewer.kind === 'organizer'
      ? { region: filters.district ?? viewer.regionCode, eventId: filters.event, from: filters.from, to: filters.to }
      : { bankId: viewer.bankId, region: filters.district, eventId: filters.event, from: filters.from, to: filters.to };

  const headline = wants('headline');
  const byDimension = wants('breakdowns');
  const dims = byDimension ? DIMENSIONS.filter((d) => !(viewer.kind === 'bank' && d === 'bank')) : [];
  const today = chinaDate(new Date());
  const targetsAsOf = filters.to ? targetDateOfMonth(filters.to, today) : today;
  const pickupRegion = filters.district ?? (viewer.kind === 'organizer' ? viewer.regionCode : null);
  const month = comparedMonth(filters.to, chinaMonth());
  // the banks' service areas: one read for the period's response rate and the compared months'
  const banks = headline || byDimension ? bankAreas(db, viewer.kind === 'bank' ? viewer.bankId : undefined, scope.region) : null;
  // the totals, the breakdowns and the compared months' totals: one read of the rollups
  const months = headline ? comparedMonths(month) : [];
  const figuresP = figuresAndMonths(db, scope, dims, months);
  // 服务企业 and 签约企业 of the period and of the compared months: two statements (decision 044c)
  const enterprisesP = headline
    ? enterpriseCountsOver(db, scope, [{ from: filters.from, to: filters.to }, ...months.map((m) => ({ from: m, to: m }))])
    : null;
  // the response-rate counts of the period and the compared months: one read (工作成效 shows
  // no rate: its pickup counts the needs itself)
  const grainsP =
    banks !== null
      ? responseGrains(db, {
          region: scope.region,
          bankId: viewer.kind === 'bank' ? viewer.bankId : undefined,
          from: filters.from,
          to: filters.to,
          months,
        })
      : null;
  const pickupP =
    wants('work') && viewer.kind === 'organizer' && pickupRegion
      ? Promise.all([
          pickupFigures(db, pickupRegion, {
            fromIso: filters.from ? monthStartIso(filters.from) : null,
            toIso: filters.to ? monthStartIso(nextMonth(filters.to)) : null,
            // the same needs the response rates count, when read (the scope's region is the pickup's)
            needCounts: grainsP?.then((g) => g.needs.filter((n) => inPeriod(n.month, filters))),
          }),
          getResponseDueDays(db, pickupRegion),
        ]).then(([f, dueDays]) => ({ ...f, dueDays }))
      : null;
  const none = Promise.resolve(undefined);
  const [figures, rates, options, targets, pickup, enterprises, comparison, policies, followThrough] = await Promise.all([
    figuresP,
    banks !== null && grainsP !== null ? Promise.all([grainsP, banks]).then(([g, areas]) => ratesOf(g, areas, 'period')) : none,
    dashboardOptions(db, viewer),
    // targets (decision 030d): the organizer's region's, over their own periods
    !headline
      ? none
      : viewer.kind === 'organizer'
        ? targetProgress(db, viewer.regionCode, targetsAsOf)
        : bankTargetProgress(db, viewer.bankId, targetsAsOf),
    pickupP ?? Promise.resolve(null),
    enterprisesP !== null ? enterprisesP.then(([period]) => period) : none,
    headline && banks !== null && grainsP !== null && enterprisesP !== null
      ? compareMonth(db, scope, month, {
          banks,
          grains: grainsP,
          monthTotals: figuresP.then((f) => f.months),
          monthEnterprises: enterprisesP.then((counts) => new Map(months.map((m, i) => [m, counts[i + 1]]))),
        })
      : none,
    wants('policies') ? policyTotals(db, scope) : none,
    pickupP && pickupRegion
      ? followThroughOutcomes(db, pickupRegion, {
          period: { from: filters.from, to: filters.to },
          pickup: pickupP,
          dueDays: null,
          today,
        })
      : Promise.resolve(null),
  ]);
  const totals = figures.totals;
  const page: DashboardPage = {
    viewer: viewer.kind,
    scopeName: viewer.kind === 'organizer' ? regionFullName(viewer.regionCode) : viewer.bankName,
    filters,
    filterLabels: { district: filters.district ? regionFullName(filters.district) : null, event: eventName },
    totals: { ...totals, fulfilmentBp: ratioBp(totals.disbursedAmount, totals.signedAmount) },
    options,
  };
  if (rates && headline) page.response = rates.total;
  if (enterprises) page.enterprises = enterprises;
  if (comparison) page.comparison = comparison;
  if (targets) page.targets = { asOf: targetsAsOf, rows: targets };
  if (policies) page.policies = policies;
  if (wants('work')) {
    page.pickup = pickup;
    page.followThrough = followThrough ? { ...followThrough, dueDays: pickup?.dueDays ?? null } : null;
  }
  if (byDimension && rates) {
    const rows = { ...figures.breakdowns };
    if (viewer.kind === 'organizer') {
      // every bank serving the region is listed with its response rate, with or without agreements:
      // after those with agreements, their names read with theirs
      const listed = new Set((rows.bank ?? []).map((r) => r.key));
      const extra = [...rates.byBank.entries()]
        .filter(([id, f]) => !listed.has(id) && f.eligible > 0)
        .map(([id]) => ({ key: id, ...emptyTotals() }));
      rows.bank = [...(rows.bank ?? []), ...extra];
    }
    // the events' labels as the filter's choices have them (the latest 300), the banks' names as
    // their service areas were read with them; others are read
    const eventNames = new Map(options.events.map((e) => [e.value, e.label]));
    const bankNames = new Map((banks !== null ? await banks : []).map((a) => [a.bankId, a.bankName]));
    const breakdowns = Object.fromEntries(DIMENSIONS.map((d) => [d, [] as FigureRow[]])) as Record<Dimension, FigureRow[]>;
    for (const d of dims)
      breakdowns[d] = await labelRows(db, d, rows[d] ?? [], locale, d === 'event' ? eventNames : d === 'bank' ? bankNames : undefined);
    if (viewer.kind === 'organizer') {
      for (const r of breakdowns.bank) r.response = rates.byBank.get(r.key ?? '') ?? { eligible: 0, answered: 0, rateBp: null };
    }
    page.breakdowns = breakdowns;
  }
  return page;
}
