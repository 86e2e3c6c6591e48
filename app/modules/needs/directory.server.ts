/**
 * Lists of needs: an enterprise's own needs, and the needs directory that
 * verified banks (and organizers, within their region) browse.
 *
 * The directory query stays simple so it is fast with tens of thousands of
 * needs: `status = 'published'` plus range/equality filters on indexed columns
 * of the need itself (region_code is copied onto the need), enterprise filters
 * as an `organization_id in (…)` sub-select, one page of needs, then small
 * queries for that page's enterprises and response counts.
 */
import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '#db/schema';
import { guaranteeBit, NEED_STATUSES, type NeedStatus } from '~/modules/catalog/codes';
import { regionPrefix } from '~/modules/regions/regions.server';
import { textSearchFilter } from '~/modules/search/text-search.server';
import type { DB } from '~/utils/db.server';
import { encodeCursor, keysetCondition, parseCursor, readingOrder, type CursorValue, type SortKey } from '~/utils/keyset.server';
import { countPerDataVersion } from '~/utils/count-cache.server';
import { unindexed } from '~/utils/unindexed.server';
import { DEFAULT_PAGE_SIZE } from '~/utils/pagination';
import { NEED_TABLE } from './common.server';
import { positionsOfNeeds } from './hiring.server';
import type { NeedKind } from './lifecycle';
import type { DirectoryFilters } from './schema';

/* ---------- response counts ---------- */

/** Bank responses (interests not withdrawn by the bank) per need. */
export async function responseCounts(db: DB, kind: NeedKind, needIds: readonly string[]): Promise<Map<string, number>> {
  const map = new Map<string, number>();
  if (needIds.length === 0) return map;
  const rows = await db
    .selectFrom('need_interests')
    .select(['need_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('need_kind', '=', kind)
    .where('need_id', 'in', needIds)
    .where('status', '!=', 'withdrawn')
    .groupBy('need_id')
    .execute();
  for (const r of rows) map.set(r.need_id, Number(r.n));
  return map;
}

/* ---------- an enterprise's own needs ---------- */

export interface OwnFinancingItem {
  id: string;
  title: string;
  amount: number;
  term_months: number;
  purpose: string;
  status: NeedStatus;
  published_at: string | null;
  updated_at: string;
  responses: number;
}

export interface OwnHiringItem {
  id: string;
  title: string;
  total_headcount: number;
  status: NeedStatus;
  published_at: string | null;
  updated_at: string;
  responses: number;
}

export async function listOwnNeeds(
  db: DB,
  orgId: string,
  status?: NeedStatus,
): Promise<{ financing: OwnFinancingItem[]; hiring: OwnHiringItem[] }> {
  let fq = db
    .selectFrom('financing_needs')
    .select(['id', 'title', 'amount', 'term_months', 'purpose', 'status', 'published_at', 'updated_at'])
    .where('organization_id', '=', orgId);
  let hq = db
    .selectFrom('hiring_needs')
    .select(['id', 'title', 'total_headcount', 'status', 'published_at', 'updated_at'])
    .where('organization_id', '=', orgId);
  if (status) {
    fq = fq.where('status', '=', status);
    hq = hq.where('status', '=', status);
  }
  const [fin, hir] = await Promise.all([
    fq.orderBy('updated_at', 'desc').orderBy('id').limit(500).execute(),
    hq.orderBy('updated_at', 'desc').orderBy('id').limit(500).execute(),
  ]);
  const [fc, hc] = await Promise.all([
    responseCounts(
      db,
      'financing',
      fin.map((r) => r.id),
    ),
    responseCounts(
      db,
      'hiring',
      hir.map((r) => r.id),
    ),
  ]);
  return {
    financing: fin.map((r) => ({ ...r, amount: Number(r.amount), status: r.status as NeedStatus, responses: fc.get(r.id) ?? 0 })),
    hiring: hir.map((r) => ({ ...r, status: r.status as NeedStatus, responses: hc.get(r.id) ?? 0 })),
  };
}

export interface NeedSummary {
  byStatus: Record<NeedStatus, number>;
  total: number;
  /** bank interests still waiting for the enterprise's answer */
  pendingResponses: number;
  /** sum of the amounts of published and matched financing needs, 元 */
  openAmount: number;
}

/** Counts for the enterprise home page. */
export async function enterpriseNeedSummary(db: DB, orgId: string): Promise<NeedSummary> {
  const byStatus = Object.fromEntries(NEED_STATUSES.map((s) => [s, 0])) as Record<NeedStatus, number>;
  const countByStatus = (kind: NeedKind) =>
    db
      .selectFrom(NEED_TABLE[kind] as 'financing_needs')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('organization_id', '=', orgId)
      .groupBy('status')
      .execute();
  const [fin, hir, pending, amount] = await Promise.all([
    countByStatus('financing'),
    countByStatus('hiring'),
    db
      .selectFrom('need_interests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('enterprise_org_id', '=', orgId)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
    db
      .selectFrom('financing_needs')
      .select((eb) => eb.fn.sum<number>('amount').as('total'))
      .where('organization_id', '=', orgId)
      .where('status', 'in', ['published', 'matched'])
      .executeTakeFirst(),
  ]);
  let total = 0;
  for (const r of [...fin, ...hir]) {
    if (r.status in byStatus) byStatus[r.status as NeedStatus] += Number(r.n);
    total += Number(r.n);
  }
  return { byStatus, total, pendingResponses: Number(pending?.n ?? 0), openAmount: Number(amount?.total ?? 0) };
}

/* ---------- the directory ---------- */

export interface DirectoryViewer {
  /** organizers: only needs of enterprises in this region */
  regionScope?: string;
  /** verified banks see registered capital, revenue and employees */
  showFinances: boolean;
}

/** `[lower, upper)` bounds of the codes a region covers, as plain text comparisons (index friendly on both databases). */
export function regionBounds(code: string): { eq: string } | { gte: string; lt: string | null } {
  const prefix = regionPrefix(code);
  if (prefix.length === 6) return { eq: prefix };
  const next = String(Number(prefix) + 1).padStart(prefix.length, '0');
  return { gte: prefix, lt: next.length === prefix.length ? next : null };
}

/**
 * `walk`: compare the region code `unindexed` (`region_code || ''`), which no index can
 * serve, so that the planner reads the newest-first index (status, published_at
 * desc, id) in order and stops after one page, checking the region on the way,
 * instead of reading every need of the region through the region index and
 * sorting them all (2.7 ms of SQLite time per page for a city's ~3,000 needs;
 * bound parameters hide from the planner how many rows the range holds).
 */
function whereRegion<QB extends SelectQueryBuilder<any, any, any>>(qb: QB, code: string, walk = false): QB {
  const b = regionBounds(code);
  const col = walk ? unindexed('n.region_code') : sql.ref<string>('n.region_code');
  if ('eq' in b) return qb.where(col, '=', b.eq) as QB;
  let q = qb.where(col, '>=', b.gte) as QB;
  if (b.lt) q = q.where(col, '<', b.lt) as QB;
  return q;
}

/**
 * Walk the newest-first index for a page when matches are plentiful (about one
 * in 50 rows or more) and the page is near the front; a small region or a deep
 * page is cheaper through the region index and a sort.
 */
function walkNewest(f: DirectoryFilters, total: number, offset: number): boolean {
  return newestFirst(f) && total >= 1_000 && offset < 200;
}

const newestFirst = (f: DirectoryFilters) => f.sort !== 'amount' && f.sort !== 'wanted_by';

/**
 * A deep page of many matches: walking reads about `(offset + page size) × published ÷
 * total` rows of the newest-first index, sorting reads all `total` matches; walk when that
 * is fewer. (An industry shared by a third of the enterprises, page 40: ~2,000 rows walked
 * against 17,000 sorted, 3 ms against 27.) `published` is every published need of the
 * kind, the rows a walk passes, counted only for such a page.
 */
async function walkDeep(f: DirectoryFilters, total: number, offset: number, pageSize: number, published: () => Promise<number>) {
  if (!(f.industry || f.size) || !newestFirst(f) || total < 1_000 || offset < 200) return false;
  return (offset + pageSize) * (await published()) < total * total;
}

/**
 * `use`: what the query is for — `walk` (a page read along the newest-first index, see
 * `walkNewest`), `page` / `page-of-many` (a page sorted from the filtered rows, of fewer or
 * more than 1,000) or `count`.
 *
 * The enterprise filters (industry, size) are an `organization_id in (…)` list. Through
 * the needs' organization index SQLite reads every need of every listed enterprise (a
 * third of them for industry C) and sorts them: 20–35 ms a page on the benchmark data.
 * The `unindexed` column hides that index, so the needs are read in their own order (a
 * walk) or through their region's range and each need's enterprise is looked up in the list:
 * when walking, and within a region when counting or sorting many (6–10 ms a page, count
 * included, against 20–35). Without a region a count keeps the organization index (4 ms,
 * 13 without it), as does a page of few matches (a rare industry: 1–2 ms, 4 through the
 * region's range).
 */
function applyCommonFilters<QB extends SelectQueryBuilder<any, any, any>>(
  qb: QB,
  f: DirectoryFilters,
  viewer: DirectoryViewer,
  text: Expression<SqlBool> | null,
  use: 'walk' | 'page' | 'page-of-many' | 'count',
): QB {
  const walk = use === 'walk';
  let q = qb.where('n.status', '=', 'published') as QB;
  if (viewer.regionScope) q = whereRegion(q, viewer.regionScope, walk);
  if (f.region) q = whereRegion(q, f.region, walk);
  if (f.industry || f.size) {
    const inRegion = Boolean(viewer.regionScope || f.region);
    const byList = walk || (inRegion && (use === 'count' || use === 'page-of-many'));
    const org = byList ? unindexed('n.organization_id') : sql.ref<string>('n.organization_id');
    q = q.where(org, 'in', (eb: ExpressionBuilder<Database, 'organizations'>) => {
      let sub = eb.selectFrom('organizations').select('organizations.id').where('organizations.kind', '=', 'enterprise');
      if (f.industry) sub = sub.where('organizations.industry', '=', f.industry);
      if (f.size) sub = sub.where('organizations.size', '=', f.size);
      return sub;
    }) as QB;
  }
  if (text) q = q.where(text) as QB;
  return q;
}

interface EnterpriseInfo {
  org_name: string;
  industry: string | null;
  size: string | null;
  registered_capital?: number | null;
  annual_revenue?: number | null;
  employees?: number | null;
}

/**
 * The enterprises of one page of needs (a second small query instead of a join:
 * the page query then sorts needs only). Finances only when `withFinances`;
 * contact details never.
 */
async function enterprisesOf(db: DB, orgIds: readonly string[], withFinances: boolean): Promise<Map<string, EnterpriseInfo>> {
  const map = new Map<string, EnterpriseInfo>();
  const unique = [...new Set(orgIds)];
  if (unique.length === 0) return map;
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'industry', 'size', 'registered_capital', 'annual_revenue', 'employees'])
    .where('id', 'in', unique)
    .execute();
  for (const o of rows) {
    map.set(o.id, {
      org_name: o.name,
      industry: o.industry,
      size: o.size,
      ...(withFinances
        ? {
            registered_capital: o.registered_capital == null ? null : Number(o.registered_capital),
            annual_revenue: o.annual_revenue == null ? null : Number(o.annual_revenue),
            employees: o.employees,
          }
        : {}),
    });
  }
  return map;
}

/** What every directory row shows, whichever the kind: the need's place and dates, its enterprise, its responses. */
interface DirectoryRowBase extends EnterpriseInfo {
  id: string;
  title: string;
  wanted_by: string | null;
  published_at: string | null;
  region_code: string;
  responses: number;
}

export interface FinancingDirectoryRow extends DirectoryRowBase {
  amount: number;
  term_months: number;
  purpose: string;
  guarantee_mask: number;
  max_rate_bp: number | null;
}

export interface DirectoryPage<Row> {
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
  /** keyset cursors of the previous and next page (app/utils/keyset.server.ts) */
  cursors: { prev: string | null; next: string | null };
}

/** The sort keys of a needs directory, ending in the id (ties broken by it). */
function directoryKeys(f: DirectoryFilters, amountColumn: 'n.amount' | 'n.total_headcount'): SortKey[] {
  const first: SortKey =
    f.sort === 'amount'
      ? { expr: sql.ref(amountColumn), dir: 'desc', type: 'number' }
      : f.sort === 'wanted_by'
        ? { expr: sql.ref('n.wanted_by'), dir: 'asc', nullable: true, type: 'string' }
        : { expr: sql.ref('n.published_at'), dir: 'desc', type: 'string' };
  return [first, { expr: sql.ref('n.id'), dir: 'asc', type: 'string' }];
}

/**
 * One page of a needs directory: after or before the cursor row when the URL
 * names one (keyset: a deep page costs what the first does), else by offset
 * (old links with only `page`). A cursor that does not fit shows the first page.
 */
async function directoryPage<R extends { id: string }>(
  f: DirectoryFilters,
  total: number,
  pageSize: number,
  keys: SortKey[],
  query: (walk: boolean) => SelectQueryBuilder<any, any, R>,
  published: () => Promise<number>,
): Promise<{ rows: R[]; page: number; cursors: DirectoryPage<R>['cursors'] }> {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const cursor = parseCursor(f, keys);
  const page = !cursor && (f.after || f.before) ? 1 : Math.min(f.page, pages);
  const offset = cursor ? 0 : (page - 1) * pageSize;
  // with a cursor the newest-first index is walked from the cursor row on: any depth is "near the front"
  const walk = walkNewest(f, total, offset) || (await walkDeep(f, total, offset, pageSize, published));
  let q = query(walk).select(keys.map((k, i) => sql<CursorValue>`${k.expr}`.as(`k${i}`)));
  if (cursor) q = q.where(keysetCondition(keys, cursor));
  for (const o of readingOrder(keys, cursor))
    q = q.orderBy(o.expr, (ob) =>
      o.nulls === 'last' ? ob[o.dir]().nullsLast() : o.nulls === 'first' ? ob[o.dir]().nullsFirst() : ob[o.dir](),
    );
  let found = (await q.limit(pageSize).offset(offset).execute()) as (R & Record<string, CursorValue>)[];
  if (cursor?.dir === 'before') found = found.reverse();
  const cursorOf = (r: Record<string, CursorValue>) => encodeCursor(keys.map((_, i) => r[`k${i}`]));
  const rows = found.map((r) => {
    const copy = { ...r } as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) delete copy[`k${i}`];
    return copy as R;
  });
  return {
    rows,
    page,
    cursors: {
      prev: page > 1 && found.length ? cursorOf(found[0]) : null,
      next: page < pages && found.length ? cursorOf(found[found.length - 1]) : null,
    },
  };
}

type NeedQuery = SelectQueryBuilder<any, any, any>;

/**
 * What the two directories share: the common and the kind's own filters, the
 * count, one page (sorted by `sortColumn` for "amount"), then that page's
 * enterprises, response counts and `extra` (per need ids) side by side.
 */
async function directoryListing<R extends { id: string; organization_id: string }, X>(
  db: DB,
  kind: NeedKind,
  f: DirectoryFilters,
  viewer: DirectoryViewer,
  spec: {
    sortColumn: 'n.amount' | 'n.total_headcount';
    filter?: <QB extends NeedQuery>(qb: QB) => QB;
    select: (qb: NeedQuery) => SelectQueryBuilder<any, any, R>;
    extra: (needIds: string[]) => Promise<X>;
  },
): Promise<DirectoryPage<Omit<R, 'organization_id'> & EnterpriseInfo & { responses: number }> & { extra: X }> {
  const pageSize = DEFAULT_PAGE_SIZE;
  const table = NEED_TABLE[kind];
  const text = await textSearchFilter(db, table, f.q, 'n');
  const filtered = <QB extends NeedQuery>(qb: QB, use: 'walk' | 'page' | 'page-of-many' | 'count'): QB => {
    const q = applyCommonFilters(qb, f, viewer, text, use);
    return spec.filter ? spec.filter(q) : q;
  };
  const from = () => db.selectFrom(`${table} as n` as 'financing_needs as n');
  const total = await countPerDataVersion(
    db,
    filtered(from(), 'count').select((eb) => eb.fn.countAll<number>().as('n')),
  );
  const { rows, page, cursors } = await directoryPage(
    f,
    total,
    pageSize,
    directoryKeys(f, spec.sortColumn),
    (walk) => spec.select(filtered(from(), walk ? 'walk' : total >= 1_000 ? 'page-of-many' : 'page')),
    () =>
      countPerDataVersion(
        db,
        from()
          .where('n.status', '=', 'published')
          .select((eb) => eb.fn.countAll<number>().as('n')),
      ),
  );
  const ids = rows.map((r) => r.id);
  const [counts, orgs, extra] = await Promise.all([
    responseCounts(db, kind, ids),
    enterprisesOf(
      db,
      rows.map((r) => r.organization_id),
      viewer.showFinances,
    ),
    spec.extra(ids),
  ]);
  return {
    total,
    page,
    pageSize,
    cursors,
    extra,
    rows: rows.map(({ organization_id, ...r }) => ({
      ...r,
      ...(orgs.get(organization_id) ?? { org_name: '', industry: null, size: null }),
      responses: counts.get(r.id) ?? 0,
    })),
  };
}

export async function listFinancingDirectory(
  db: DB,
  f: DirectoryFilters,
  viewer: DirectoryViewer,
): Promise<DirectoryPage<FinancingDirectoryRow>> {
  const {
    extra: _none,
    rows,
    ...listing
  } = await directoryListing(db, 'financing', f, viewer, {
    sortColumn: 'n.amount',
    filter: (qb) => {
      let q = qb;
      if (f.amountMin !== undefined) q = q.where('n.amount', '>=', f.amountMin) as typeof qb;
      if (f.amountMax !== undefined) q = q.where('n.amount', '<=', f.amountMax) as typeof qb;
      if (f.termMin !== undefined) q = q.where('n.term_months', '>=', f.termMin) as typeof qb;
      if (f.termMax !== undefined) q = q.where('n.term_months', '<=', f.termMax) as typeof qb;
      if (f.purpose) q = q.where('n.purpose', '=', f.purpose) as typeof qb;
      if (f.guarantee) q = q.where(sql`(n.guarantee_mask & ${guaranteeBit(f.guarantee)})`, '<>', 0) as typeof qb;
      return q;
    },
    select: (qb) =>
      (qb as SelectQueryBuilder<Database & { n: Database['financing_needs'] }, 'n', object>).select([
        'n.id',
        'n.title',
        'n.amount',
        'n.term_months',
        'n.purpose',
        'n.guarantee_mask',
        'n.max_rate_bp',
        'n.wanted_by',
        'n.published_at',
        'n.region_code',
        'n.organization_id',
      ]),
    extra: async () => null,
  });
  return { ...listing, rows: rows.map((r) => ({ ...r, amount: Number(r.amount) })) };
}

export interface HiringDirectoryRow extends DirectoryRowBase {
  total_headcount: number;
  training_support: number;
  positions: { title: string; headcount: number; wage_min: number; wage_max: number }[];
}

export async function listHiringDirectory(
  db: DB,
  f: DirectoryFilters,
  viewer: DirectoryViewer,
): Promise<DirectoryPage<HiringDirectoryRow>> {
  // "amount" has no meaning for hiring: the largest headcount first instead.
  const {
    extra: positions,
    rows,
    ...listing
  } = await directoryListing(db, 'hiring', f, viewer, {
    sortColumn: 'n.total_headcount',
    select: (qb) =>
      (qb as SelectQueryBuilder<Database & { n: Database['hiring_needs'] }, 'n', object>).select([
        'n.id',
        'n.title',
        'n.total_headcount',
        'n.training_support',
        'n.wanted_by',
        'n.published_at',
        'n.region_code',
        'n.organization_id',
      ]),
    extra: (ids) => positionsOfNeeds(db, ids),
  });
  return {
    ...listing,
    rows: rows.map((r) => ({
      ...r,
      positions: (positions.get(r.id) ?? []).map((p) => ({
        title: p.title,
        headcount: p.headcount,
        wage_min: Number(p.wage_min),
        wage_max: Number(p.wage_max),
      })),
    })),
  };
}
