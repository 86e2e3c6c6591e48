/**
 * Loan products (金融产品) of a bank: create, edit, publish, retire.
 *
 * Every function takes the acting bank's organization and filters by it: another
 * bank's product is "not found". Edits carry the `version` they were based on;
 * a stale version changes nothing and says so. Life cycle: draft → published →
 * retired; retired products are read-only; editing a published product keeps it
 * published; only a verified bank publishes.
 */
import { sql, type Selectable } from 'kysely';
import {
  EMPLOYMENT_LINKED_CATEGORIES,
  PRODUCT_CATEGORIES,
  guaranteeMask,
  policyMask,
  industryMask,
  sizeMask,
  type ProductStatus,
} from '~/modules/catalog/codes';
import type { LoanProductsTable, OrgStatus } from '#db/schema';
import { buildSearchText } from '~/modules/search/text-search.server';
import type { DB } from '~/utils/db.server';
import { readSetting } from '~/utils/settings.server';
import { type AppError, conflict, forbidden, notFound } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import { DEFAULT_LPR_BP, type ProductFormInput } from './schema';

export interface ActingBank {
  id: string;
  name: string;
  status: OrgStatus;
  region_code: string;
}

/** A saved product: its id and new version. Refusals are thrown as AppError (404 another bank's or no product, 403 unverified bank, 409 the rest). */
export interface ProductSaved {
  id: string;
  version: number;
}

export function productSearchText(name: string, category: string, bankName: string, description: string | null | undefined): string {
  const label = PRODUCT_CATEGORIES[category as keyof typeof PRODUCT_CATEGORIES]?.[0] ?? category;
  return buildSearchText(name, label, bankName, description);
}

/** Columns written from the form. */
function columnsOf(input: ProductFormInput, bank: ActingBank) {
  const linked = (EMPLOYMENT_LINKED_CATEGORIES as readonly string[]).includes(input.category);
  return {
    name: input.name,
    category: input.category,
    amount_min: input.amountMin,
    amount_max: input.amountMax,
    term_min_months: input.termMin,
    term_max_months: input.termMax,
    rate_type: input.rateType,
    rate_min_bp: input.rateMin,
    rate_max_bp: input.rateMax,
    guarantee_mask: guaranteeMask(input.guarantees),
    policy_mask: policyMask(input.policies ?? []),
    industry_mask: industryMask(input.industries),
    size_mask: sizeMask(input.sizes),
    min_years: input.minYears ?? 0,
    employment_linked: linked ? 1 : 0,
    min_new_hires: linked ? (input.minNewHires ?? 0) : 0,
    materials: input.materials || null,
    description: input.description || null,
    search_text: productSearchText(input.name, input.category, bank.name, input.description),
  };
}

/**
 * Rewrites the search text of every product of a bank (call after the bank's
 * name changes: the name is part of what the directory searches).
 */
export async function refreshBankProductsSearchText(db: DB, orgId: string): Promise<void> {
  const org = await db.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirst();
  if (!org) return;
  const rows = await db
    .selectFrom('loan_products')
    .select(['id', 'name', 'category', 'description'])
    .where('organization_id', '=', orgId)
    .execute();
  for (const r of rows) {
    await db
      .updateTable('loan_products')
      .set({ search_text: productSearchText(r.name, r.category, org.name, r.description) })
      .where('id', '=', r.id)
      .execute();
  }
}

/** Regions stored once each, in code order. */
function uniqueRegions(codes: readonly string[]): string[] {
  return [...new Set(codes)].sort();
}

export async function createProduct(
  db: DB,
  bank: ActingBank,
  input: ProductFormInput,
  opts: { publish?: boolean } = {},
): Promise<ProductSaved> {
  if (opts.publish && bank.status !== 'verified') throw forbidden('org.notVerified');
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('loan_products')
      .values({
        id,
        organization_id: bank.id,
        ...columnsOf(input, bank),
        status: opts.publish ? 'published' : 'draft',
        published_at: opts.publish ? now : null,
        retired_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('product_regions')
      .values(uniqueRegions(input.regions).map((region_code) => ({ product_id: id, region_code })))
      .execute();
  });
  return { id, version: 1 };
}

/** Why an update matched no row: gone (or another bank's), retired, or stale. */
async function diagnose(db: DB, orgId: string, id: string): Promise<AppError> {
  const row = await db
    .selectFrom('loan_products')
    .select(['status'])
    .where('id', '=', id)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return notFound();
  if (row.status === 'retired') return conflict('products.retiredLocked');
  return conflict('products.stale');
}

export async function updateProduct(db: DB, bank: ActingBank, id: string, version: number, input: ProductFormInput): Promise<ProductSaved> {
  return db.transaction().execute(async (trx): Promise<ProductSaved> => {
    const res = await trx
      .updateTable('loan_products')
      .set({ ...columnsOf(input, bank), version: sql`version + 1`, updated_at: nowIso() })
      .where('id', '=', id)
      .where('organization_id', '=', bank.id)
      .where('version', '=', version)
      .where('status', '!=', 'retired')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw await diagnose(trx, bank.id, id);
    await trx.deleteFrom('product_regions').where('product_id', '=', id).execute();
    await trx
      .insertInto('product_regions')
      .values(uniqueRegions(input.regions).map((region_code) => ({ product_id: id, region_code })))
      .execute();
    return { id, version: version + 1 };
  });
}

async function transition(db: DB, bank: ActingBank, id: string, version: number, to: 'published' | 'retired'): Promise<ProductSaved> {
  const current = await db
    .selectFrom('loan_products')
    .select(['status', 'version'])
    .where('id', '=', id)
    .where('organization_id', '=', bank.id)
    .executeTakeFirst();
  if (!current) throw notFound();
  if (current.status === 'retired') throw conflict(to === 'retired' ? 'products.alreadyRetired' : 'products.retiredLocked');
  if (current.version !== version) throw conflict('products.stale');
  if (to === 'published') {
    if (bank.status !== 'verified') throw forbidden('org.notVerified');
    if (current.status === 'published') throw conflict('products.alreadyPublished');
  }
  const now = nowIso();
  const res = await db
    .updateTable('loan_products')
    .set(
      to === 'published'
        ? { status: 'published', published_at: now, updated_at: now, version: sql`version + 1` }
        : { status: 'retired', retired_at: now, updated_at: now, version: sql`version + 1` },
    )
    .where('id', '=', id)
    .where('organization_id', '=', bank.id)
    .where('version', '=', version)
    .where('status', '=', current.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw await diagnose(db, bank.id, id);
  return { id, version: version + 1 };
}

export function publishProduct(db: DB, bank: ActingBank, id: string, version: number): Promise<ProductSaved> {
  return transition(db, bank, id, version, 'published');
}

export function retireProduct(db: DB, bank: ActingBank, id: string, version: number): Promise<ProductSaved> {
  return transition(db, bank, id, version, 'retired');
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
  'p.policy_mask',
  'p.industry_mask',
  'p.size_mask',
  'p.min_years',
  'p.employment_linked',
  'p.min_new_hires',
  'p.materials',
  'p.description',
  'p.status',
  'p.version',
  'p.published_at',
  'p.retired_at',
  'p.created_at',
  'p.updated_at',
] as const;

/** The stored product row as read (search_text stays internal). */
type ProductRow = Omit<Selectable<LoanProductsTable>, 'search_text'>;

export type ProductDetail = ProductRow & { bank_name: string; bank_type: string | null; regions: string[] };

/** A product with its bank and regions, whatever its owner or status (callers decide who may see it). */
export async function getProduct(db: DB, id: string): Promise<ProductDetail | undefined> {
  const row = await db
    .selectFrom('loan_products as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select([...PRODUCT_COLUMNS, 'o.name as bank_name', 'o.bank_type'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const regions = await db
    .selectFrom('product_regions')
    .select('region_code')
    .where('product_id', '=', id)
    .orderBy('region_code')
    .execute();
  return { ...(row as Omit<ProductDetail, 'regions'>), regions: regions.map((r) => r.region_code) };
}

/** One of the bank's own products, or undefined (another bank's product is not found). */
export async function getOwnProduct(db: DB, orgId: string, id: string): Promise<ProductDetail | undefined> {
  const p = await getProduct(db, id);
  return p && p.organization_id === orgId ? p : undefined;
}

export type OwnProductRow = Pick<
  ProductRow,
  | 'id'
  | 'name'
  | 'category'
  | 'amount_min'
  | 'amount_max'
  | 'term_min_months'
  | 'term_max_months'
  | 'rate_type'
  | 'rate_min_bp'
  | 'rate_max_bp'
  | 'status'
  | 'updated_at'
>;

export async function listOwnProducts(db: DB, orgId: string, opts: { status?: ProductStatus; page: number; pageSize: number }) {
  let q = db.selectFrom('loan_products').where('organization_id', '=', orgId);
  if (opts.status) q = q.where('status', '=', opts.status);
  const [{ n }] = await q.select((eb) => eb.fn.countAll<number>().as('n')).execute();
  const rows: OwnProductRow[] = await q
    .select([
      'id',
      'name',
      'category',
      'amount_min',
      'amount_max',
      'term_min_months',
      'term_max_months',
      'rate_type',
      'rate_min_bp',
      'rate_max_bp',
      'status',
      'updated_at',
    ])
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize)
    .execute();
  return { rows, total: Number(n) };
}

/** The 1-year LPR in basis points (platform setting `lpr_1y_bp`, default 3.00 %). */
export async function currentLprBp(db: DB): Promise<number> {
  const raw = await readSetting(db, 'lpr_1y_bp');
  const n = raw !== null ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 10_000 ? n : DEFAULT_LPR_BP;
}
