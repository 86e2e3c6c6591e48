/**
 * Loan products (金融产品) import. Key: the bank's credit code + the product
 * name. The bank must be a verified bank of the organizer's region (in the
 * database or earlier in the same workbook). The cells go through the same
 * rules as the bank's own product form (productFormSchema): amount, term and
 * rate order and ranges, employment-linked categories need new hires.
 * New products are published; an existing product of that bank with that name
 * (retired ones aside) is updated where it differs (its status is kept).
 * Blank regions: a new product is offered where the bank serves (inside the
 * organizer's region); an existing one keeps its regions.
 */
import { breathe } from '~/utils/breathe';
import type { Insertable, Selectable } from 'kysely';
import {
  GUARANTEE_TYPES,
  PRODUCT_CATEGORIES,
  guaranteeMask,
  POLICY_TOOLS,
  policiesOf,
  policyMask,
  type PolicyTool,
  guaranteesOf,
  industriesOf,
  industryMask,
  sizeMask,
  sizesOf,
  type GuaranteeType,
  type RateType,
} from '~/modules/catalog/codes';
import { formatRate } from '~/utils/money';
import { withCheckChar } from '~/modules/organizations/credit-code';
import { INDUSTRIES, SIZES } from '~/modules/organizations/reference';
import { productSearchText } from '~/modules/products/products.server';
import { isEmploymentLinked, productFormSchema } from '~/modules/products/schema';
import { isKnownRegion, regionCovers } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { newId } from '~/utils/ids';
import type { LoanProductsTable } from '#db/schema';
import {
  type Field,
  type RowSchema,
  choiceField,
  choiceListField,
  chunks,
  codeLookup,
  creditCodeField,
  insertBatchSize,
  LOOKUP_CHUNK,
  mergeRegions,
  ok,
  optText,
  regionListField,
  reqText,
  rowSchema,
  sameSet,
  zodRowIssues,
} from './columns';
import { orgsByCreditCode } from './enterprises.server';
import { showCode } from './enterprises.server';
import { loadMarks, markOf, reviewExisting, writeMarks, type MarkWrite } from './marks.server';
import { showMoney, showPlain, type ShowValue } from './review';
import {
  overrideId,
  type ColumnDef,
  type ImportActor,
  type KindHandler,
  type KindPlan,
  type KnownOrg,
  type PlanContext,
  type PlannedRow,
  type RowError,
  type ValidRow,
} from './types';

export const categoryLookup = codeLookup(PRODUCT_CATEGORIES, {
  tax: ['税务贷', '银税互动', '银税贷'],
  supply_chain: ['供应链融资', '应收账款融资'],
  renewal: ['续贷'],
  job_stable: ['稳岗'],
  startup_guarantee: ['创业贷', '创业担保贷'],
});
export const guaranteeLookup = codeLookup(GUARANTEE_TYPES, {
  credit: ['信用贷款', '纯信用'],
  guarantee: ['保证担保'],
  gov_guarantee: ['政府担保', '政策性担保'],
});
export const policyLookup = codeLookup(POLICY_TOOLS, {
  risk_compensation: ['风险补偿', '风险补偿金', '风补'],
  gov_guarantee: ['政府担保', '政策性担保', '政府性担保'],
  interest_subsidy: ['财政贴息'],
  renewal: ['续贷'],
  first_loan: ['首贷户'],
  credit: ['信用贷款', '纯信用'],
});
export const rateTypeLookup = codeLookup(
  { fixed: ['固定利率', 'Fixed rate'], lpr: ['LPR加点', 'LPR plus spread'] } as Record<RateType, readonly [string, string]>,
  { fixed: ['固定', '年利率'], lpr: ['LPR', 'LPR浮动', 'LPR加减点', '浮动利率'] },
);
export const productIndustryLookup = codeLookup(INDUSTRIES);
export const productSizeLookup = codeLookup(SIZES, { large: ['大型企业'], medium: ['中型企业'], small: ['小型企业'], micro: ['微型企业'] });

const col = (key: string, required: boolean, example: string, choices?: readonly string[]): ColumnDef => ({
  key,
  labelKey: `imports.col.product.${key}`,
  noteKey: `imports.note.product.${key}`,
  required,
  example,
  choices,
});

export const PRODUCT_COLUMNS: readonly ColumnDef[] = [
  col('bankCreditCode', true, withCheckChar('91410481MA9H2LWN4')),
  col('name', true, '示例：科创信用贷'),
  col('category', true, '科技贷'),
  col('amountMin', true, '10'),
  col('amountMax', true, '500'),
  col('termMin', true, '3'),
  col('termMax', true, '36'),
  col('rateType', true, 'LPR加点', rateTypeLookup.labels),
  col('rateMin', true, '0.35'),
  col('rateMax', true, '1.2'),
  col('guarantees', true, '信用、保证/担保'),
  col('policies', false, '首贷、贴息'),
  col('industries', false, 'C、I'),
  col('sizes', false, '小型、微型'),
  col('minYears', false, '2'),
  col('minNewHires', false, ''),
  col('regions', false, '410481'),
  col('materials', false, '营业执照、近两年财务报表'),
  col('description', false, '面向科技型中小企业的信用贷款'),
];

const intText = (s: string): number | string | undefined => {
  const t = s.normalize('NFKC').trim();
  if (t === '') return undefined;
  return /^\d{1,9}$/.test(t) ? Number(t) : t;
};

/** The cell as typed: productFormSchema checks it. */
const raw: Field<string> = (v) => ok(v.trim());

/** Cells → the form's shape (codes from labels), then the bank form's own rules (productFormSchema). */
export function productRowSchema(actor: ImportActor) {
  const form = productFormSchema({ isKnownRegion });
  return rowSchema(
    {
      bankCreditCode: creditCodeField,
      name: reqText(60),
      category: choiceField(categoryLookup),
      amountMin: raw,
      amountMax: raw,
      termMin: raw,
      termMax: raw,
      rateType: choiceField(rateTypeLookup),
      rateMin: raw,
      rateMax: raw,
      guarantees: choiceListField(guaranteeLookup, { required: 'products.v.guaranteeRequired' }),
      policies: choiceListField(policyLookup),
      industries: choiceListField(productIndustryLookup),
      sizes: choiceListField(productSizeLookup),
      minYears: raw,
      minNewHires: raw,
      regions: regionListField(actor),
      materials: optText(1000, true),
      description: optText(2000, true),
    },
    (v) => {
      const r = form.safeParse({
        name: v.name,
        category: v.category,
        amountMin: v.amountMin,
        amountMax: v.amountMax,
        termMin: intText(v.termMin),
        termMax: intText(v.termMax),
        rateType: v.rateType,
        rateMin: v.rateMin,
        rateMax: v.rateMax,
        guarantees: v.guarantees,
        policies: v.policies,
        industries: v.industries,
        sizes: v.sizes,
        minYears: intText(v.minYears),
        // blank regions are filled from the bank when planning; the form needs one
        regions: v.regions.length ? v.regions : [actor.regionCode],
        minNewHires: intText(v.minNewHires),
        materials: v.materials ?? '',
        description: v.description ?? '',
      });
      if (!r.success) return zodRowIssues(r.error);
      return {
        ok: true,
        value: { ...r.data, bankCreditCode: v.bankCreditCode, regions: v.regions, materials: v.materials, description: v.description },
      };
    },
  );
}

export type ProductRow = ReturnType<typeof productRowSchema> extends RowSchema<infer T> ? T : never;

function columnsOf(v: ProductRow, bankName: string) {
  const linked = isEmploymentLinked(v.category);
  return {
    name: v.name,
    category: v.category,
    amount_min: v.amountMin,
    amount_max: v.amountMax,
    term_min_months: v.termMin,
    term_max_months: v.termMax,
    rate_type: v.rateType,
    rate_min_bp: v.rateMin,
    rate_max_bp: v.rateMax,
    guarantee_mask: guaranteeMask(v.guarantees as GuaranteeType[]),
    policy_mask: policyMask(v.policies as PolicyTool[]),
    industry_mask: industryMask(v.industries),
    size_mask: sizeMask(v.sizes),
    min_years: v.minYears ?? 0,
    employment_linked: linked ? 1 : 0,
    min_new_hires: linked ? (v.minNewHires ?? 0) : 0,
    materials: v.materials,
    description: v.description,
    search_text: productSearchText(v.name, v.category, bankName, v.description),
  };
}
type Cols = ReturnType<typeof columnsOf>;

/** The columns a product import manages (regions as one sorted list; the search text follows from them), with their labels. */
const PRODUCT_LABELS: Record<string, string> = {
  name: 'imports.col.product.name',
  category: 'imports.col.product.category',
  amount_min: 'imports.col.product.amountMin',
  amount_max: 'imports.col.product.amountMax',
  term_min_months: 'imports.col.product.termMin',
  term_max_months: 'imports.col.product.termMax',
  rate_type: 'imports.col.product.rateType',
  rate_min_bp: 'imports.col.product.rateMin',
  rate_max_bp: 'imports.col.product.rateMax',
  guarantee_mask: 'imports.col.product.guarantees',
  policy_mask: 'imports.col.product.policies',
  industry_mask: 'imports.col.product.industries',
  size_mask: 'imports.col.product.sizes',
  min_years: 'imports.col.product.minYears',
  employment_linked: 'imports.col.product.category',
  min_new_hires: 'imports.col.product.minNewHires',
  materials: 'imports.col.product.materials',
  description: 'imports.col.product.description',
  regions: 'imports.col.product.regions',
};
const PRODUCT_MARK_COLUMNS = Object.keys(PRODUCT_LABELS);
const maskShow =
  (of: (mask: number) => readonly string[], table: Readonly<Record<string, readonly [string, string]>>): ShowValue =>
  (v) =>
    typeof v === 'number'
      ? v === 0
        ? '—'
        : of(v)
            .map((c) => table[c]?.[0] ?? c)
            .join('、')
      : showPlain(v);
const PRODUCT_SHOW: Record<string, ShowValue> = {
  amount_min: showMoney,
  amount_max: showMoney,
  rate_min_bp: (v) => (typeof v === 'number' ? formatRate(v) : showPlain(v)),
  rate_max_bp: (v) => (typeof v === 'number' ? formatRate(v) : showPlain(v)),
  category: showCode(PRODUCT_CATEGORIES),
  guarantee_mask: maskShow(guaranteesOf, GUARANTEE_TYPES),
  policy_mask: maskShow(policiesOf, POLICY_TOOLS),
  industry_mask: maskShow(industriesOf, INDUSTRIES),
  size_mask: maskShow(sizesOf, SIZES),
};
const regionList = (codes: readonly string[]) => [...codes].sort().join('、');

export const productKey = (bankOrgId: string, name: string) => `${bankOrgId}\u0000${name}`;

/**
 * The bank a product or agreement row names: from earlier in the file, else the
 * database; a row error (i18n key) when it is missing, not a bank, not verified
 * or outside the organizer's region (when `inRegion`).
 */
export function resolveOrg(
  code: string,
  kind: 'enterprise' | 'bank',
  ctx: PlanContext,
  fromDb: Map<string, { id: string; kind: string; name: string; status: string; region_code: string; industry: string | null }>,
  opts: { inRegion: boolean },
): { org: KnownOrg } | { error: string } {
  const known = ctx.fileOrgs.get(code);
  const db = fromDb.get(code);
  const org: KnownOrg | undefined =
    known ??
    (db
      ? {
          id: db.id,
          kind: db.kind as KnownOrg['kind'],
          name: db.name,
          status: db.status as KnownOrg['status'],
          regionCode: db.region_code,
          industry: db.industry,
        }
      : undefined);
  if (!org) return { error: kind === 'bank' ? 'imports.e.bankNotFound' : 'imports.e.enterpriseNotFound' };
  if (org.kind !== kind) return { error: kind === 'bank' ? 'imports.e.codeNotBank' : 'imports.e.codeNotEnterprise' };
  if (opts.inRegion && !regionCovers(ctx.actor.regionCode, org.regionCode)) return { error: 'imports.e.codeOutsideRegion' };
  if (org.status !== 'verified') return { error: 'imports.e.orgNotVerified' };
  return { org };
}

/** Non-retired products of these banks, by productKey (several with one name → 'ambiguous'). */
export async function productsByBank(db: DB, bankIds: string[]) {
  const out = new Map<string, (LoanProductsRow & { regions: string[] }) | 'ambiguous'>();
  for (const part of chunks([...new Set(bankIds)], LOOKUP_CHUNK)) {
    const rows = await db
      .selectFrom('loan_products')
      .selectAll()
      .where('organization_id', 'in', part)
      .where('status', '!=', 'retired')
      .execute();
    const regions = new Map<string, string[]>();
    for (const ids of chunks(
      rows.map((r) => r.id),
      LOOKUP_CHUNK,
    )) {
      for (const pr of await db
        .selectFrom('product_regions')
        .select(['product_id', 'region_code'])
        .where('product_id', 'in', ids)
        .execute()) {
        const list = regions.get(pr.product_id) ?? [];
        list.push(pr.region_code);
        regions.set(pr.product_id, list);
      }
    }
    for (const r of rows) {
      const k = productKey(r.organization_id, r.name);
      out.set(k, out.has(k) ? 'ambiguous' : { ...r, regions: (regions.get(r.id) ?? []).sort() });
    }
  }
  return out;
}
type LoanProductsRow = Selectable<LoanProductsTable>;

export async function planProducts(db: DB, rows: ValidRow<ProductRow>[], ctx: PlanContext): Promise<KindPlan> {
  const orgs = await orgsByCreditCode(
    db,
    rows.map((r) => r.value.bankCreditCode).filter((c) => !ctx.fileOrgs.has(c)),
  );
  const errors: RowError[] = [];
  const planned: PlannedRow[] = [];
  const resolved: { row: number; v: ProductRow; bank: KnownOrg }[] = [];
  for (const { row, value: v } of rows) {
    await breathe(); // a 100,000-row file: let other requests in (issue 13, point 7)
    const r = resolveOrg(v.bankCreditCode, 'bank', ctx, orgs, { inRegion: true });
    if ('error' in r) errors.push({ sheet: null, row, column: 'imports.col.product.bankCreditCode', message: r.error });
    else resolved.push({ row, v, bank: r.org });
  }
  const existing = await productsByBank(
    db,
    resolved.map((r) => r.bank.id),
  );
  const marks = await loadMarks(
    db,
    'loan_product',
    [...existing.values()].flatMap((p) => (p === 'ambiguous' ? [] : [p.id])),
  );
  const markWrites: MarkWrite[] = [];
  // regions served by banks that are not from this file
  const served = new Map<string, string[]>();
  const needServed = [...new Set(resolved.filter((r) => !r.bank.regions).map((r) => r.bank.id))];
  for (const part of chunks(needServed, LOOKUP_CHUNK)) {
    for (const br of await db
      .selectFrom('bank_regions')
      .select(['organization_id', 'region_code'])
      .where('organization_id', 'in', part)
      .execute()) {
      const list = served.get(br.organization_id) ?? [];
      list.push(br.region_code);
      served.set(br.organization_id, list);
    }
  }

  const inserts: Insertable<LoanProductsTable>[] = [];
  const regionInserts: { product_id: string; region_code: string }[] = [];
  const updates: { id: string; set: Partial<Cols>; regions: string[] | null }[] = [];
  for (const { row, v, bank } of resolved) {
    const k = productKey(bank.id, v.name);
    const cur = existing.get(k);
    const label = `${bank.name} · ${v.name}`;
    const displayKey = `${v.bankCreditCode} ${v.name}`;
    if (cur === 'ambiguous') {
      errors.push({ sheet: null, row, column: 'imports.col.product.name', message: 'imports.e.productAmbiguous' });
      continue;
    }
    const cols = columnsOf(v, bank.name);
    if (cur) {
      const set: Partial<Cols> = {};
      for (const key of Object.keys(cols) as (keyof Cols)[]) {
        if (cols[key] !== (cur as Record<string, unknown>)[key]) (set as Record<string, unknown>)[key] = cols[key];
      }
      const merged = mergeRegions(cur.regions, v.regions, ctx.actor.regionCode);
      const regions = v.regions.length && !sameSet(merged, cur.regions) ? merged : null;
      // the search text follows the other columns (and the bank's name): not a change of its own
      const { search_text: _searchText, ...shown } = set;
      const all: Record<string, unknown> = regions ? { ...shown, regions: regionList(regions) } : { ...shown };
      const update = reviewExisting({
        base: { row, key: displayKey, label },
        unchanged: Object.keys(set).length === 0 && regions === null,
        changed: all,
        current: { ...cur, regions: regionList(cur.regions) },
        recordId: cur.id,
        stored: markOf({ ...cur, regions: regionList(cur.regions) }, PRODUCT_MARK_COLUMNS),
        mark: marks.get(cur.id),
        overrideId: overrideId('products', row),
        override: ctx.override,
        labels: PRODUCT_LABELS,
        show: PRODUCT_SHOW,
        planned,
        markWrites,
      });
      if (!update) {
        ctx.fileProducts.set(k, { id: cur.id, category: cur.category, status: cur.status });
        continue;
      }
      updates.push({ id: cur.id, set, regions });
      markWrites.push({
        id: cur.id,
        fields: markOf({ ...cur, ...set, regions: regionList(regions ?? cur.regions) }, PRODUCT_MARK_COLUMNS),
      });
      planned.push(update);
      ctx.fileProducts.set(k, { id: cur.id, category: v.category, status: cur.status });
    } else {
      const id = newId();
      const fallback = (bank.regions ?? served.get(bank.id) ?? []).filter((c) => regionCovers(ctx.actor.regionCode, c));
      const regions = v.regions.length ? v.regions : fallback.length ? fallback : [bank.regionCode];
      inserts.push({
        id,
        organization_id: bank.id,
        ...cols,
        status: 'published',
        published_at: ctx.now,
        retired_at: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
      markWrites.push({ id, fields: markOf({ ...cols, regions: regionList(regions) }, PRODUCT_MARK_COLUMNS) });
      for (const region_code of regions) regionInserts.push({ product_id: id, region_code });
      planned.push({ row, action: 'create', key: displayKey, label });
      ctx.fileProducts.set(k, { id, category: v.category, status: 'published' });
    }
  }
  return {
    rows: planned,
    errors,
    apply: async (trx) => {
      for (const part of chunks(inserts, insertBatchSize(27))) await trx.insertInto('loan_products').values(part).execute();
      for (const part of chunks(regionInserts, insertBatchSize(2))) await trx.insertInto('product_regions').values(part).execute();
      for (const u of updates) {
        await trx
          .updateTable('loan_products')
          .set((eb) => ({ ...u.set, version: eb('version', '+', 1), updated_at: ctx.now }))
          .where('id', '=', u.id)
          .execute();
        if (u.regions) {
          await trx.deleteFrom('product_regions').where('product_id', '=', u.id).execute();
          await trx
            .insertInto('product_regions')
            .values(u.regions.map((region_code) => ({ product_id: u.id, region_code })))
            .execute();
        }
      }
      await writeMarks(trx, 'loan_product', markWrites, { fileName: ctx.fileName, userId: ctx.actor.id, at: ctx.now });
    },
  };
}

export const productsHandler: KindHandler<ProductRow> = {
  kind: 'products',
  columns: PRODUCT_COLUMNS,
  sheetNames: ['金融产品', '产品', 'products'],
  sheetLabelKey: 'imports.kind.products',
  rowSchema: (actor) => productRowSchema(actor),
  key: (v) => `${v.bankCreditCode}\u0000${v.name}`,
  keyColumn: 'name',
  plan: planProducts,
};
