/**
 * The public product directory: published products only, filtered by the
 * query string (schema.ts `productFiltersFromUrl`), sorted, 20 per page.
 */
import { sql } from 'kysely';
import { guaranteeBit, industryBit, sizeBit } from '~/modules/catalog/codes';
import { getRegion, inRegion } from '~/modules/regions/regions.server';
import { textSearchFilter } from '~/modules/search/text-search.server';
import type { DB } from '~/utils/db.server';
import { encodeCursor, keysetCondition, parseCursor, readingOrder, type CursorValue, type SortKey } from '~/utils/keyset.server';
import { countPerDataVersion } from '~/utils/count-cache.server';
import { DEFAULT_PAGE_SIZE } from '~/utils/pagination';
import { currentLprBp } from './products.server';
import type { ProductDirectoryFilters } from './schema';

export interface DirectoryProduct {
  id: string;
  name: string;
  category: string;
  amount_min: number;
  amount_max: number;
  term_min_months: number;
  term_max_months: number;
  rate_type: 'fixed' | 'lpr';
  rate_min_bp: number;
  rate_max_bp: number;
  guarantee_mask: number;
  employment_linked: number;
  min_new_hires: number;
  published_at: string | null;
  bank_name: string;
  bank_type: string | null;
  regions: string[];
}

/** A region and every region above it: 410481 → [410000, 410400, 410481]. */
export function regionAncestry(code: string): string[] {
  const out: string[] = [];
  let r = getRegion(code);
  while (r) {
    out.unshift(r.code);
    r = r.parentCode ? getRegion(r.parentCode) : undefined;
  }
  if (!out.length) out.push(code);
  return out;
}

export async function searchProducts(db: DB, f: ProductDirectoryFilters, opts: { pageSize?: number } = {}) {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const text = await textSearchFilter(db, 'loan_products', f.q, 'p');
  // Filters touch loan_products only (banks and regions through id sub-selects), so
  // the count and the sort never join wide rows; the page's 20 rows are joined last.
  // `newestWalk`: for the newest-first page, range filters are written `+column` so
  // that SQLite walks the (status, published_at, id) index in order and stops after
  // one page, instead of range-scanning the amount index and sorting every match.
  const filtered = (newestWalk: boolean) => {
    const num = (column: string) => (newestWalk ? sql`+${sql.ref(column)}` : sql.ref(column));
    let q = db.selectFrom('loan_products as p').where('p.status', '=', 'published');
    if (f.amount !== undefined)
      q = q.where(sql<boolean>`${num('p.amount_min')} <= ${f.amount}`).where(sql<boolean>`${num('p.amount_max')} >= ${f.amount}`);
    if (f.term !== undefined)
      q = q.where(sql<boolean>`${num('p.term_min_months')} <= ${f.term}`).where(sql<boolean>`${num('p.term_max_months')} >= ${f.term}`);
    if (f.guarantee) q = q.where(sql<boolean>`(p.guarantee_mask & ${guaranteeBit(f.guarantee)}) <> 0`);
    if (f.industry) q = q.where(sql<boolean>`(p.industry_mask = 0 or (p.industry_mask & ${industryBit(f.industry)}) <> 0)`);
    if (f.size) q = q.where(sql<boolean>`(p.size_mask = 0 or (p.size_mask & ${sizeBit(f.size)}) <> 0)`);
    if (f.category) q = q.where('p.category', '=', f.category);
    if (f.bankType) {
      const bankType = f.bankType;
      q = q.where('p.organization_id', 'in', (eb) =>
        eb.selectFrom('organizations as o').select('o.id').where('o.kind', '=', 'bank').where('o.bank_type', '=', bankType),
      );
    }
    if (f.region) {
      // Offered in the region: the product serves it or a region above it (a city
      // covers its counties), or serves a part of it (a county of the chosen city).
      const ancestry = regionAncestry(f.region);
      q = q.where('p.id', 'in', (eb) =>
        eb
          .selectFrom('product_regions as pr')
          .select('pr.product_id')
          // codes are 6 digits: the prefix as a range uses the region index (LIKE would not)
          .where((w) => w.or([w('pr.region_code', 'in', ancestry), inRegion('pr.region_code', f.region as string)])),
      );
    }
    if (text) q = q.where(text);
    return q;
  };

  const total = await countPerDataVersion(
    db,
    filtered(false).select((eb) => eb.fn.countAll<number>().as('n')),
  );
  const pages = Math.max(1, Math.ceil(total / pageSize));

  // sort keys, ending in (published_at, id): the (status, published_at, id) index
  // serves the newest-first page without a sort; the cursor names a row by them
  const keys: SortKey[] = [];
  if (f.sort === 'rate') {
    const lpr = await currentLprBp(db);
    keys.push({
      expr: sql`(case when p.rate_type = 'lpr' then p.rate_min_bp + ${lpr} else p.rate_min_bp end)`,
      dir: 'asc',
      type: 'number',
    });
  } else if (f.sort === 'amount') {
    keys.push({ expr: sql.ref('p.amount_max'), dir: 'desc', type: 'number' });
  }
  keys.push({ expr: sql.ref('p.published_at'), dir: 'desc', type: 'string' }, { expr: sql.ref('p.id'), dir: 'desc', type: 'string' });
  // a cursor that does not fit (tampered, another sort) shows the first page
  const cursor = parseCursor(f, keys);
  const page = !cursor && (f.after || f.before) ? 1 : Math.min(f.page, pages);

  let idsQ = filtered(f.sort === 'newest')
    .select('p.id')
    .select(keys.map((k, i) => sql<CursorValue>`${k.expr}`.as(`k${i}`)));
  if (cursor) idsQ = idsQ.where(keysetCondition(keys, cursor));
  for (const o of readingOrder(keys, cursor)) idsQ = idsQ.orderBy(o.expr, o.dir);
  let found = await idsQ
    .limit(pageSize)
    .offset(cursor ? 0 : (page - 1) * pageSize)
    .execute();
  if (cursor?.dir === 'before') found = found.reverse();
  const ids = found.map((r) => r.id);
  const cursorOf = (r: (typeof found)[number]) => encodeCursor(keys.map((_, i) => (r as unknown as Record<string, CursorValue>)[`k${i}`]));
  const cursors = {
    prev: page > 1 && found.length ? cursorOf(found[0]) : null,
    next: page < pages && found.length ? cursorOf(found[found.length - 1]) : null,
  };
  if (ids.length === 0) return { products: [] as DirectoryProduct[], total, page, pageSize, cursors };

  const rows = await db
    .selectFrom('loan_products as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select([
      'p.id',
      'p.name',
      'p.category',
      'p.amount_min',
      'p.amount_max',
      'p.term_min_months',
      'p.term_max_months',
      'p.rate_type',
      'p.rate_min_bp',
      'p.rate_max_bp',
      'p.guarantee_mask',
      'p.employment_linked',
      'p.min_new_hires',
      'p.published_at',
      'o.name as bank_name',
      'o.bank_type',
    ])
    .where('p.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const regions = new Map<string, string[]>();
  const pr = await db
    .selectFrom('product_regions')
    .select(['product_id', 'region_code'])
    .where('product_id', 'in', ids)
    .orderBy('region_code')
    .execute();
  for (const r of pr) {
    if (!regions.has(r.product_id)) regions.set(r.product_id, []);
    regions.get(r.product_id)!.push(r.region_code);
  }
  const products: DirectoryProduct[] = ids
    .map((id) => byId.get(id))
    .filter((r): r is NonNullable<typeof r> => r !== undefined)
    .map((r) => ({ ...(r as Omit<DirectoryProduct, 'regions'>), regions: regions.get(r.id) ?? [] }));
  return { products, total, page, pageSize, cursors };
}
