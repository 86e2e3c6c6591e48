/**
 * Response tracking for organizers: which published needs in a region have had
 * no bank response, and which of those are overdue — more than
 * `response_due_working_days` working days since publication (China local dates,
 * holiday overrides from settings).
 */
import { sql } from 'kysely';
import { getHolidays, getResponseDueDays } from '~/modules/calendar/settings.server';
import { chinaDate, chinaDayEndIso, isPastDue, latestOverdueStart, workingDaysBetween } from '~/modules/calendar/working-days';
import { regionPrefix } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { DEFAULT_PAGE_SIZE } from '~/utils/pagination';
import type { NeedStatus } from '#db/schema';
import type { NeedKind } from './rules';

export const TRACKING_FILTERS = ['none', 'overdue', 'all'] as const;
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

function trackedNeeds(db: DB, prefix: string) {
  const responses = (kind: NeedKind) =>
    sql<number>`(select count(*) from need_interests ni where ni.need_kind = ${kind} and ni.need_id = n.id and ni.status <> 'withdrawn')`;
  const fin = db
    .selectFrom('financing_needs as n')
    .innerJoin('organizations as o', 'o.id', 'n.organization_id')
    .select([sql<NeedKind>`'financing'`.as('kind'), 'n.id', 'n.title', 'n.status', 'n.region_code', 'n.published_at', 'o.name as enterprise_name', responses('financing').as('responses')])
    .where('n.region_code', 'like', `${prefix}%`)
    .where('n.status', 'in', ['published', 'matched']);
  const hir = db
    .selectFrom('hiring_needs as n')
    .innerJoin('organizations as o', 'o.id', 'n.organization_id')
    .select([sql<NeedKind>`'hiring'`.as('kind'), 'n.id', 'n.title', 'n.status', 'n.region_code', 'n.published_at', 'o.name as enterprise_name', responses('hiring').as('responses')])
    .where('n.region_code', 'like', `${prefix}%`)
    .where('n.status', 'in', ['published', 'matched']);
  return db.selectFrom(fin.unionAll(hir).as('u'));
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
  const [dueDays, holidays] = await Promise.all([getResponseDueDays(db, regionCode), getHolidays(db)]);
  // published before the end of this China-local day → past due today
  const cutoffIso = chinaDayEndIso(latestOverdueStart(today, dueDays, holidays));
  const prefix = regionPrefix(regionCode);

  const filtered = (filter: TrackingFilter) => {
    let q = trackedNeeds(db, prefix);
    if (filter !== 'all') q = q.where('u.status', '=', 'published').where('u.responses', '=', 0);
    if (filter === 'overdue') q = q.where('u.published_at', 'is not', null).where('u.published_at', '<', cutoffIso);
    return q;
  };
  const count = async (filter: TrackingFilter) =>
    Number((await filtered(filter).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);

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
  const counts = { none, overdue, all };
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
