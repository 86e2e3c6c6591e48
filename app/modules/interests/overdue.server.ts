/**
 * Response tracking for organizers: which published needs in a region have had
 * no bank response, and which of those are overdue — more than
 * `response_due_working_days` working days since publication (China local dates,
 * holiday overrides from settings).
 */
import { sql } from 'kysely';
import { getHolidays, getResponseDueDays, holidaysLookup } from '~/modules/calendar/settings.server';
import { chinaDate, chinaDayEndIso, isPastDue, latestOverdueStart, workingDaysBetween } from '~/modules/calendar/working-days';
import { defineJob } from '~/modules/jobs/jobs.server';
import { activeUsersOf, notifyUsers, regionalOrganizers } from '~/modules/notifications/notifications.server';
import { inRegion } from '~/modules/regions/regions.server';
import { inTransaction, type DB } from '~/utils/db.server';
import { DEFAULT_PAGE_SIZE } from '~/utils/pagination';
import type { NeedStatus } from '#db/schema';
import type { NeedKind } from './rules';

/**
 * none: published and unanswered; overdue: those past the response deadline; waiting: the
 * others, still within it (the home lists overdue and waiting apart, so no need shows twice).
 */
export const TRACKING_FILTERS = ['none', 'overdue', 'waiting', 'all'] as const;
export type TrackingFilter = (typeof TRACKING_FILTERS)[number];

export interface TrackedNeed {
  kind: NeedKind;
  id: string;
  title: string;
  status: NeedStatus;
  regionCode: string;
  enterpriseName: string;
  publishedAt: string | null;
  /** interests that were not withdrawn */
  responses: number;
  /** working days from publication to today */
  workingDaysWaiting: number;
  overdue: boolean;
}

/** No interest (other than a withdrawn one) has answered the need `n` (the query's need table is aliased `n`). */
export const unanswered = (kind: NeedKind) =>
  sql<boolean>`not exists (select 1 from need_interests ni where ni.need_kind = ${kind} and ni.need_id = n.id and ni.status <> 'withdrawn')`;

/** The tracked statuses: a need leaves tracking when it is closed or withdrawn. */
const TRACKED_STATUSES: NeedStatus[] = ['published', 'matched'];

/**
 * The region's tracked needs of one tab, both kinds. The tab's conditions sit inside each
 * branch of the union, on the region as a code range, so the database reads the needs'
 * indexes and probes the interests only for the region's needs (decision 041c): with the
 * conditions on the union's result and the region as a LIKE, PostgreSQL scanned every need,
 * counted every need's responses and hashed every organization before keeping a page of
 * them. The enterprises' names and the responses are read for the page's needs only.
 */
function trackedNeeds(db: DB, regionCode: string, filter: TrackingFilter, cutoffIso: string) {
  const of = (table: 'financing_needs' | 'hiring_needs', kind: NeedKind) => {
    let q = db
      .selectFrom(`${table} as n` as 'financing_needs as n')
      .where(inRegion('n.region_code', regionCode))
      .where('n.status', 'in', TRACKED_STATUSES)
      .select([
        sql<NeedKind>`${sql.lit(kind)}`.as('kind'),
        'n.id',
        'n.title',
        'n.status',
        'n.region_code',
        'n.published_at',
        'n.organization_id',
      ]);
    if (filter !== 'all') q = q.where('n.status', '=', 'published').where(unanswered(kind));
    if (filter === 'overdue') q = q.where('n.published_at', 'is not', null).where('n.published_at', '<', cutoffIso);
    if (filter === 'waiting') q = q.where((eb) => eb.or([eb('n.published_at', 'is', null), eb('n.published_at', '>=', cutoffIso)]));
    return q;
  };
  return db.selectFrom(of('financing_needs', 'financing').unionAll(of('hiring_needs', 'hiring')).as('u'));
}

/**
 * The tabs' counts in one statement: each tracked need of the region read once, its interests
 * probed once (decision 041c). Without the enterprises' names, the region as a code range —
 * with the join and a LIKE, SQLite scanned every organization and looked up its needs, about
 * four times the cost (decision 040e).
 */
async function trackingCounts(db: DB, regionCode: string, cutoffIso: string): Promise<Record<TrackingFilter, number>> {
  const of = (table: 'financing_needs' | 'hiring_needs', kind: NeedKind) =>
    db
      .selectFrom(`${table} as n` as 'financing_needs as n')
      .where(inRegion('n.region_code', regionCode))
      .where('n.status', 'in', TRACKED_STATUSES)
      .select(['n.published_at', sql<number>`case when n.status = 'published' and ${unanswered(kind)} then 1 else 0 end`.as('open')]);
  const row = await db
    .selectFrom(of('financing_needs', 'financing').unionAll(of('hiring_needs', 'hiring')).as('u'))
    .select([
      sql<number | string>`count(*)`.as('all'),
      sql<number | string | null>`sum(u.open)`.as('none'),
      sql<
        number | string | null
      >`sum(case when u.open = 1 and u.published_at is not null and u.published_at < ${cutoffIso} then 1 else 0 end)`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  const none = Number(row.none ?? 0);
  const overdue = Number(row.overdue ?? 0);
  return { all: Number(row.all), none, overdue, waiting: none - overdue };
}

export interface TrackingOptions {
  filter: TrackingFilter;
  page: number;
  pageSize?: number;
  /** 'YYYY-MM-DD' China local date; defaults to now */
  today?: string;
  /** false: the rows alone (a caller that has the counts from another tab's call) */
  counts?: boolean;
}

const NO_COUNTS: Record<TrackingFilter, number> = { none: 0, overdue: 0, waiting: 0, all: 0 };

/** Needs of an organizer's region with their response counts; `counts` feeds the tabs. */
export async function regionNeedTracking(
  db: DB,
  regionCode: string,
  opts: TrackingOptions,
): Promise<{ rows: TrackedNeed[]; total: number; counts: Record<TrackingFilter, number>; dueDays: number; today: string }> {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const today = opts.today ?? chinaDate(new Date());
  const [dueDays, holidays] = await Promise.all([getResponseDueDays(db, regionCode), getHolidays(db, regionCode)]);
  // published before the end of this China-local day → past due today
  const cutoffIso = chinaDayEndIso(latestOverdueStart(today, dueDays, holidays));

  // longest waiting first for the chase lists, newest first for "all"
  const direction = opts.filter === 'all' ? 'desc' : 'asc';
  const page = trackedNeeds(db, regionCode, opts.filter, cutoffIso)
    .selectAll()
    .orderBy('u.published_at', direction)
    .orderBy('u.id')
    .limit(pageSize)
    .offset((opts.page - 1) * pageSize);
  const [rows, counts] = await Promise.all([
    db
      .selectFrom(page.as('p'))
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(['p.kind', 'p.id', 'p.title', 'p.status', 'p.region_code', 'p.published_at', 'o.name as enterprise_name'])
      .orderBy('p.published_at', direction)
      .orderBy('p.id')
      .execute(),
    opts.counts === false ? NO_COUNTS : trackingCounts(db, regionCode, cutoffIso),
  ]);
  // an unanswered tab's needs have no responses by definition
  const responseCount = opts.filter === 'all' ? await responseCounts(db, rows) : new Map<string, number>();
  return {
    today,
    dueDays,
    counts,
    total: counts[opts.filter],
    rows: rows.map((r) => {
      const published = r.published_at ? chinaDate(r.published_at) : null;
      const responses = responseCount.get(`${r.kind}:${r.id}`) ?? 0;
      return {
        kind: r.kind,
        id: r.id,
        title: r.title,
        status: r.status,
        regionCode: r.region_code,
        enterpriseName: r.enterprise_name,
        publishedAt: r.published_at,
        responses,
        workingDaysWaiting: published ? workingDaysBetween(published, today, holidays) : 0,
        overdue: r.status === 'published' && responses === 0 && published !== null && isPastDue(published, dueDays, today, holidays),
      };
    }),
  };
}

/** Responses per need for a set of needs (interests that were not withdrawn). */
export async function responseCounts(db: DB, needs: { kind: NeedKind; id: string }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (needs.length === 0) return out;
  for (const kind of ['financing', 'hiring'] as const) {
    const ids = needs.filter((n) => n.kind === kind).map((n) => n.id);
    if (ids.length === 0) continue;
    const rows = await db
      .selectFrom('need_interests')
      .select((eb) => ['need_id', eb.fn.countAll<string | number>().as('n')])
      .where('need_kind', '=', kind)
      .where('need_id', 'in', ids)
      .where('status', '!=', 'withdrawn')
      .groupBy('need_id')
      .execute();
    for (const r of rows) out.set(`${kind}:${r.need_id}`, Number(r.n));
  }
  return out;
}

/* ---------- the overdue sweep (issue 14): each overdue need announced once ---------- */

/**
 * Announces every published need that has had no bank answer within its region's
 * deadline and was not announced before: its enterprise and the organizers whose
 * region covers it get a `need.overdue` notification (in-app and their chosen
 * channels). One transaction per need: the notice row and its notifications
 * commit together, and a need is never announced twice, even by two processes.
 * Returns how many needs were announced.
 */
export async function announceOverdueNeeds(db: DB, now = new Date()): Promise<number> {
  const today = chinaDate(now);
  const holidaysOf = holidaysLookup(db);
  const dueByRegion = new Map<string, number>();
  const organizersOf = await regionalOrganizers(db);
  let announced = 0;
  for (const kind of ['financing', 'hiring'] as const) {
    const open = sql<boolean>`${unanswered(kind)}
      and not exists (select 1 from need_overdue_notices x where x.need_kind = ${kind} and x.need_id = n.id)`;
    const candidates = await (kind === 'financing' ? db.selectFrom('financing_needs as n') : db.selectFrom('hiring_needs as n'))
      .select(['n.id', 'n.title', 'n.organization_id', 'n.region_code', 'n.published_at'])
      .where('n.status', '=', 'published')
      .where('n.published_at', 'is not', null)
      .where(open)
      .orderBy('n.published_at')
      .execute();
    for (const need of candidates) {
      let days = dueByRegion.get(need.region_code);
      if (days === undefined) {
        days = await getResponseDueDays(db, need.region_code);
        dueByRegion.set(need.region_code, days);
      }
      const cutoffIso = chinaDayEndIso(latestOverdueStart(today, days, await holidaysOf(need.region_code)));
      if (!need.published_at || need.published_at >= cutoffIso) continue;
      const done = await inTransaction(db, async (trx) => {
        const claimed = await trx
          .insertInto('need_overdue_notices')
          .values({ need_kind: kind, need_id: need.id, notified_at: now.toISOString() })
          .onConflict((oc) => oc.columns(['need_kind', 'need_id']).doNothing())
          .returning('need_id')
          .executeTakeFirst();
        if (!claimed) return false;
        const payload = { need: need.title, days: days! };
        const at = now.toISOString();
        await notifyUsers(
          trx,
          await activeUsersOf(trx, [need.organization_id]),
          'need.overdue',
          payload,
          `/enterprise/needs/${kind}/${need.id}`,
          at,
        );
        const covering = organizersOf(need.region_code);
        await notifyUsers(trx, covering, 'need.overdue', payload, '/organizer/needs?filter=overdue', at);
        return true;
      });
      if (done) announced++;
    }
  }
  return announced;
}

export const announceOverdueNeedsJob = defineJob({
  name: 'needs.overdue-sweep',
  // every hour at minute 7, China time
  cron: '7 * * * *',
  retries: 2,
  run: async (_data, { db }) => {
    await announceOverdueNeeds(db);
  },
});
