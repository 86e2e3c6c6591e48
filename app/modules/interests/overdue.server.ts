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
import { inRegion, regionPrefix } from '~/modules/regions/regions.server';
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

/**
 * The region's tracked needs; `forCount`: without the enterprises' names, the region as a code
 * range — with the join and a LIKE, SQLite scanned every organization and looked up its needs,
 * about four times the cost of the count this way (decision 040e). Every need has its organization
 * (foreign key), so the rows counted are the same.
 */
function trackedNeeds(db: DB, regionCode: string, forCount = false) {
  const prefix = regionPrefix(regionCode);
  const responses = (kind: NeedKind) =>
    sql<number>`(select count(*) from need_interests ni where ni.need_kind = ${kind} and ni.need_id = n.id and ni.status <> 'withdrawn')`;
  const fields = (kind: NeedKind) =>
    [
      sql<NeedKind>`${sql.lit(kind)}`.as('kind'),
      'n.id',
      'n.title',
      'n.status',
      'n.region_code',
      'n.published_at',
      (forCount ? sql<string>`null` : sql<string>`o.name`).as('enterprise_name'),
      responses(kind).as('responses'),
    ] as const;
  const of = (table: 'financing_needs' | 'hiring_needs', kind: NeedKind) => {
    const base = db.selectFrom(`${table} as n` as 'financing_needs as n');
    const q = forCount
      ? base.where(inRegion('n.region_code', regionCode))
      : base.innerJoin('organizations as o', 'o.id', 'n.organization_id').where('n.region_code', 'like', `${prefix}%`);
    return q.select([...fields(kind)]).where('n.status', 'in', ['published', 'matched']);
  };
  return db.selectFrom(of('financing_needs', 'financing').unionAll(of('hiring_needs', 'hiring')).as('u'));
}

export interface TrackingOptions {
  filter: TrackingFilter;
  page: number;
  pageSize?: number;
  /** 'YYYY-MM-DD' China local date; defaults to now */
  today?: string;
}

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

  const filtered = (filter: TrackingFilter, forCount = false) => {
    let q = trackedNeeds(db, regionCode, forCount);
    if (filter !== 'all') q = q.where('u.status', '=', 'published').where('u.responses', '=', 0);
    if (filter === 'overdue') q = q.where('u.published_at', 'is not', null).where('u.published_at', '<', cutoffIso);
    if (filter === 'waiting') q = q.where((eb) => eb.or([eb('u.published_at', 'is', null), eb('u.published_at', '>=', cutoffIso)]));
    return q;
  };
  const count = async (filter: TrackingFilter) =>
    Number(
      (
        await filtered(filter, true)
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const [rows, none, overdue, all] = await Promise.all([
    filtered(opts.filter)
      .selectAll()
      // longest waiting first for the chase lists, newest first for "all"
      .orderBy('u.published_at', opts.filter === 'all' ? 'desc' : 'asc')
      .orderBy('u.id')
      .limit(pageSize)
      .offset((opts.page - 1) * pageSize)
      .execute(),
    count('none'),
    count('overdue'),
    count('all'),
  ]);
  const counts = { none, overdue, waiting: none - overdue, all };
  return {
    today,
    dueDays,
    counts,
    total: counts[opts.filter],
    rows: rows.map((r) => {
      const published = r.published_at ? chinaDate(r.published_at) : null;
      const responses = Number(r.responses);
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
    const open = sql<boolean>`not exists (select 1 from need_interests ni where ni.need_kind = ${kind} and ni.need_id = n.id and ni.status <> 'withdrawn')
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
