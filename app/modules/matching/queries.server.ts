/**
 * Loads needs and products in the shapes of ./types and runs the pure ranking.
 * Only the Kysely query builder: the same code runs on SQLite and PostgreSQL.
 * Caller's duty: who may see what (a need's finances are for verified banks only).
 */
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '#db/schema';
import { regionPrefix } from '~/modules/regions/cover';
import type { DB } from '~/utils/db.server';
import { readSetting } from '~/utils/settings.server';
import { rankNeedsForProduct, rankProductsForNeed } from './index';
import { CREDIT_BIT, industryBitOf, sizeBitOf } from './rules';
import type { MatchContext, NeedForMatch, NeedMatch, ProductForMatch, ProductMatch } from './types';

export const LPR_SETTING_KEY = 'lpr_1y_bp';
export const DEFAULT_LPR_1Y_BP = 300;

/** The 1-year LPR in bp from settings (`lpr_1y_bp`), 300 when absent or not a number. */
export async function loadLpr1yBp(db: DB): Promise<number> {
  const raw = await readSetting(db, LPR_SETTING_KEY);
  const v = raw !== null ? Number(raw) : NaN;
  return Number.isInteger(v) ? v : DEFAULT_LPR_1Y_BP;
}

export async function loadMatchContext(db: DB, today = new Date().toISOString().slice(0, 10)): Promise<MatchContext> {
  return { lpr1yBp: await loadLpr1yBp(db), today };
}

/** Region codes that can cover `code`: its province, its city and itself. */
export function coveringCodes(code: string): string[] {
  return [...new Set([`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code])];
}

/* ---------- needs ---------- */

function needsQuery(db: DB) {
  return db
    .selectFrom('financing_needs as n')
    .innerJoin('organizations as o', 'o.id', 'n.organization_id')
    .select([
      'n.id',
      'n.amount',
      'n.term_months',
      'n.guarantee_mask',
      'n.max_rate_bp',
      'n.purpose',
      'n.organization_id',
      'o.region_code',
      'o.industry',
      'o.size',
      'o.founded_year',
    ]);
}

type NeedRow = {
  id: string;
  amount: number;
  term_months: number;
  guarantee_mask: number;
  max_rate_bp: number | null;
  purpose: string;
  organization_id: string;
  region_code: string;
  industry: string | null;
  size: string | null;
  founded_year: number | null;
};

function toNeed(r: NeedRow, hires: number): NeedForMatch {
  return {
    id: r.id,
    amount: Number(r.amount),
    termMonths: r.term_months,
    guaranteeMask: r.guarantee_mask,
    maxRateBp: r.max_rate_bp,
    purpose: r.purpose,
    enterprise: { id: r.organization_id, regionCode: r.region_code, industry: r.industry, size: r.size, foundedYear: r.founded_year },
    plannedHires: hires,
  };
}

/** Planned hires (headcount of published hiring needs) per enterprise. */
async function plannedHires(db: DB, orgIds?: string[]): Promise<Map<string, number>> {
  let q = db
    .selectFrom('hiring_needs')
    .select(['organization_id', (eb) => eb.fn.sum<number | string>('total_headcount').as('hires')])
    .where('status', '=', 'published')
    .groupBy('organization_id');
  if (orgIds) {
    if (orgIds.length === 0) return new Map();
    q = q.where('organization_id', 'in', orgIds);
  }
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.organization_id, Number(r.hires ?? 0)]));
}

/** Any need by id (drafts too: an enterprise may preview matches before publishing). */
export async function loadNeedForMatch(db: DB, needId: string): Promise<NeedForMatch | undefined> {
  const row = await needsQuery(db).where('n.id', '=', needId).executeTakeFirst();
  if (!row) return undefined;
  const hires = await plannedHires(db, [row.organization_id]);
  return toNeed(row, hires.get(row.organization_id) ?? 0);
}

/** The newest published financing needs of a region (by the need's region prefix), with planned hires. */
export async function loadRecentNeedsForMatch(db: DB, prefix: string, limit: number): Promise<NeedForMatch[]> {
  const rows = await needsQuery(db)
    .where('n.status', '=', 'published')
    .where('n.region_code', 'like', `${prefix}%`)
    .orderBy('n.published_at', 'desc')
    .orderBy('n.id')
    .limit(limit)
    .execute();
  const hires = await plannedHires(db, [...new Set(rows.map((r) => r.organization_id))]);
  return rows.map((r) => toNeed(r, hires.get(r.organization_id) ?? 0));
}

export interface NeedFilter {
  /** only needs whose amount / term fall in these ranges */
  amountMin?: number;
  amountMax?: number;
  termMin?: number;
  termMax?: number;
  /** only needs of enterprises under one of these regions (a code covers its sub-regions) */
  regions?: readonly string[];
  /** only ids in [idFrom, idTo): splits a bulk run into parts (in the database's text order) */
  idFrom?: string;
  idTo?: string;
}

/** Published financing needs, with their enterprise and planned hires. */
export async function loadPublishedNeeds(db: DB, filter: NeedFilter = {}): Promise<NeedForMatch[]> {
  let q = needsQuery(db).where('n.status', '=', 'published');
  if (filter.amountMin != null) q = q.where('n.amount', '>=', filter.amountMin);
  if (filter.amountMax != null) q = q.where('n.amount', '<=', filter.amountMax);
  if (filter.termMin != null) q = q.where('n.term_months', '>=', filter.termMin);
  if (filter.termMax != null) q = q.where('n.term_months', '<=', filter.termMax);
  if (filter.idFrom != null) q = q.where('n.id', '>=', filter.idFrom);
  if (filter.idTo != null) q = q.where('n.id', '<', filter.idTo);
  if (filter.regions) {
    const prefixes = filter.regions.map(regionPrefix);
    if (prefixes.length === 0) return [];
    q = q.where((eb) => eb.or(prefixes.map((p) => eb('o.region_code', 'like', `${p}%`))));
  }
  const rows = await q.execute();
  const hires = await plannedHires(db);
  return rows.map((r) => toNeed(r, hires.get(r.organization_id) ?? 0));
}

/* ---------- products ---------- */

export interface ProductFilter {
  /** only products whose amount range contains this amount (元) */
  amount?: number;
  /** only products whose term range contains this term (months) */
  termMonths?: number;
  /** only products offered in a region that covers this code */
  regionCode?: string;
  /** only products that accept one of these guarantee types, or lend on credit */
  guaranteeMask?: number;
  /** only products open to this industry / size (null = unknown: only unrestricted products) */
  industry?: string | null;
  size?: string | null;
  /** only products whose lowest effective rate is at most this (bp); needs `lpr1yBp` */
  maxRateBp?: number | null;
  lpr1yBp?: number;
  /** one bank's products */
  bankId?: string;
  ids?: readonly string[];
}

type ProductRow = {
  id: string;
  organization_id: string;
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
  industry_mask: number;
  size_mask: number;
  min_years: number;
  employment_linked: number;
  min_new_hires: number;
};

function toProduct(r: ProductRow, regions: string[]): ProductForMatch {
  return {
    id: r.id,
    bankId: r.organization_id,
    name: r.name,
    category: r.category,
    amountMin: Number(r.amount_min),
    amountMax: Number(r.amount_max),
    termMin: r.term_min_months,
    termMax: r.term_max_months,
    rateType: r.rate_type === 'lpr' ? 'lpr' : 'fixed',
    rateMinBp: r.rate_min_bp,
    rateMaxBp: r.rate_max_bp,
    guaranteeMask: r.guarantee_mask,
    industryMask: r.industry_mask,
    sizeMask: r.size_mask,
    minYears: r.min_years,
    employmentLinked: r.employment_linked === 1,
    minNewHires: r.min_new_hires,
    regions,
  };
}

const PRODUCT_COLUMNS = [
  'p.id',
  'p.organization_id',
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
  'p.industry_mask',
  'p.size_mask',
  'p.min_years',
  'p.employment_linked',
  'p.min_new_hires',
] as const;

/** Published products matching `filter`, each with all of its regions, in id order. */
export async function loadPublishedProducts(db: DB, filter: ProductFilter = {}): Promise<ProductForMatch[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  return filter.regionCode ? productsInRegion(db, filter.regionCode, filter) : allProducts(db, filter);
}

type ProductScope = ExpressionBuilder<Database & { p: Database['loan_products'] }, 'p'>;

/**
 * The non-region filters on `loan_products as p`. Bitwise AND (`&`) on integers
 * is the same operator on SQLite and PostgreSQL. These only narrow the rows to
 * read: the pure rules decide (and explain) eligibility again.
 */
function productConditions(eb: ProductScope, filter: ProductFilter) {
  const conds = [eb('p.status', '=', 'published')];
  if (filter.amount != null) conds.push(eb('p.amount_min', '<=', filter.amount), eb('p.amount_max', '>=', filter.amount));
  if (filter.termMonths != null)
    conds.push(eb('p.term_min_months', '<=', filter.termMonths), eb('p.term_max_months', '>=', filter.termMonths));
  if (filter.guaranteeMask != null) conds.push(eb(eb.parens('p.guarantee_mask', '&', filter.guaranteeMask | CREDIT_BIT), '<>', 0));
  if (filter.industry !== undefined) {
    const bit = industryBitOf(filter.industry);
    conds.push(
      bit ? eb.or([eb('p.industry_mask', '=', 0), eb(eb.parens('p.industry_mask', '&', bit), '<>', 0)]) : eb('p.industry_mask', '=', 0),
    );
  }
  if (filter.size !== undefined) {
    const bit = sizeBitOf(filter.size);
    conds.push(bit ? eb.or([eb('p.size_mask', '=', 0), eb(eb.parens('p.size_mask', '&', bit), '<>', 0)]) : eb('p.size_mask', '=', 0));
  }
  if (filter.maxRateBp != null) {
    const lpr = filter.lpr1yBp ?? DEFAULT_LPR_1Y_BP;
    conds.push(
      eb.or([
        eb.and([eb('p.rate_type', '=', 'lpr'), eb('p.rate_min_bp', '<=', filter.maxRateBp - lpr)]),
        eb.and([eb('p.rate_type', '<>', 'lpr'), eb('p.rate_min_bp', '<=', filter.maxRateBp)]),
      ]),
    );
  }
  if (filter.bankId) conds.push(eb('p.organization_id', '=', filter.bankId));
  if (filter.ids) conds.push(eb('p.id', 'in', [...filter.ids]));
  return eb.and(conds);
}

/** Region lists per product (deduplicated, sorted). */
function groupRegions(rows: readonly { product_id: string; region_code: string }[]): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const r of rows) {
    let l = sets.get(r.product_id);
    if (!l) sets.set(r.product_id, (l = new Set()));
    l.add(r.region_code);
  }
  return new Map([...sets].map(([k, v]) => [k, [...v].sort()]));
}

/** Everything (or one bank's, or some ids): the product filter twice, once for the rows, once joined to their regions. */
async function allProducts(db: DB, filter: ProductFilter): Promise<ProductForMatch[]> {
  const rows = await db
    .selectFrom('loan_products as p')
    .where((eb) => productConditions(eb, filter))
    .select([...PRODUCT_COLUMNS])
    .orderBy('p.id')
    .execute();
  const regionRows = await db
    .selectFrom('loan_products as p')
    .innerJoin('product_regions as r', 'r.product_id', 'p.id')
    .where((eb) => productConditions(eb, filter))
    .select(['r.product_id', 'r.region_code'])
    .execute();
  const regions = groupRegions(regionRows);
  return rows.map((r) => toProduct(r, regions.get(r.id) ?? []));
}

/**
 * Products offered in a region covering `regionCode`. The query starts from the
 * region index (the province, city and county codes) and reach each product by
 * its key: `CROSS JOIN` keeps that order on SQLite (without statistics it would
 * scan the amount index instead) and is a plain inner join to PostgreSQL's planner.
 */
async function productsInRegion(db: DB, regionCode: string, filter: ProductFilter): Promise<ProductForMatch[]> {
  // One row per (product, any of its regions): the product columns repeat, which is
  // cheaper than a second query for the regions.
  const rows = await db
    .selectFrom('product_regions as pr')
    .crossJoin('loan_products as p')
    .crossJoin('product_regions as r')
    .whereRef('p.id', '=', 'pr.product_id')
    .whereRef('r.product_id', '=', 'p.id')
    .where('pr.region_code', 'in', coveringCodes(regionCode))
    .where((eb) => productConditions(eb as unknown as ProductScope, filter))
    .select([...PRODUCT_COLUMNS, 'r.region_code as product_region'])
    .execute();
  // a product listed for both the province and its county comes twice per region
  const byId = new Map<string, ProductRow>();
  for (const r of rows) byId.set(r.id, r);
  const regions = groupRegions(rows.map((r) => ({ product_id: r.id, region_code: r.product_region })));
  return [...byId.keys()].sort().map((id) => toProduct(byId.get(id)!, regions.get(id) ?? []));
}

/** Any product by id (drafts too: a bank may preview the needs a product would reach). */
export async function loadProductForMatch(db: DB, productId: string): Promise<ProductForMatch | undefined> {
  const row = await db
    .selectFrom('loan_products as p')
    .select([...PRODUCT_COLUMNS])
    .where('p.id', '=', productId)
    .executeTakeFirst();
  if (!row) return undefined;
  const regions = await db
    .selectFrom('product_regions')
    .select('region_code')
    .where('product_id', '=', productId)
    .orderBy('region_code')
    .execute();
  return toProduct(
    row as ProductRow,
    regions.map((r) => r.region_code),
  );
}

/* ---------- end to end ---------- */

export interface TopOptions {
  limit?: number;
  /** also list excluded candidates after the eligible ones (only those that passed the SQL prefilter) */
  includeExcluded?: boolean;
  /** defaults to today's date and the LPR from settings */
  ctx?: MatchContext;
}

/**
 * Best published products for a need: SQL prefilter (published, a region covering
 * the enterprise, amount and term ranges, guarantee, industry, size, rate ceiling),
 * then the pure ranking, which checks every rule again and explains it.
 * undefined when the need does not exist.
 */
export async function topProductsForNeed(
  db: DB,
  needId: string,
  opts: TopOptions = {},
): Promise<{ need: NeedForMatch; matches: ProductMatch[] } | undefined> {
  const [need, ctx] = await Promise.all([loadNeedForMatch(db, needId), opts.ctx ?? loadMatchContext(db)]);
  if (!need) return undefined;
  const e = need.enterprise;
  const products = await loadPublishedProducts(
    db,
    opts.includeExcluded
      ? { regionCode: e.regionCode }
      : {
          regionCode: e.regionCode,
          amount: need.amount,
          termMonths: need.termMonths,
          guaranteeMask: need.guaranteeMask,
          industry: e.industry,
          size: e.size,
          maxRateBp: need.maxRateBp,
          lpr1yBp: ctx.lpr1yBp,
        },
  );
  const matches = rankProductsForNeed(need, products, ctx, { limit: opts.limit ?? 20, includeExcluded: opts.includeExcluded });
  return { need, matches };
}

/**
 * Best published needs for a product: SQL prefilter (published, amount and term
 * in the product's ranges, enterprise under one of its regions), then the pure ranking.
 * undefined when the product does not exist.
 */
export async function topNeedsForProduct(
  db: DB,
  productId: string,
  opts: TopOptions = {},
): Promise<{ product: ProductForMatch; matches: NeedMatch[] } | undefined> {
  const [product, ctx] = await Promise.all([loadProductForMatch(db, productId), opts.ctx ?? loadMatchContext(db)]);
  if (!product) return undefined;
  const needs = await loadPublishedNeeds(
    db,
    opts.includeExcluded
      ? { regions: product.regions }
      : {
          amountMin: product.amountMin,
          amountMax: product.amountMax,
          termMin: product.termMin,
          termMax: product.termMax,
          regions: product.regions,
        },
  );
  const matches = rankNeedsForProduct(product, needs, ctx, { limit: opts.limit ?? 20, includeExcluded: opts.includeExcluded });
  return { product, matches };
}
