/**
 * zod schemas for loan products (金融产品), shared by the bank's form, the
 * public directory's query string and tests. Messages are i18n keys.
 * Amounts come in as 万元 and leave as integer 元; rates come in as percent
 * and leave as basis points (LPR products: the spread over the 1-year LPR).
 */
import { z } from 'zod';
import {
  EMPLOYMENT_LINKED_CATEGORIES,
  GUARANTEE_CODES,
  POLICY_TOOL_CODES,
  PRODUCT_CATEGORY_CODES,
  PRODUCT_STATUSES,
  RATE_TYPES,
  type GuaranteeType,
  type ProductCategory,
  type ProductStatus,
  type RateType,
} from '~/modules/catalog/codes';
import {
  BANK_TYPE_CODES,
  INDUSTRY_CODES,
  SIZE_CODES,
  type BankTypeCode,
  type IndustryCode,
  type SizeCode,
} from '~/modules/organizations/reference';
import { msg } from '~/i18n/translate';
import { choice, int, longText, moneyWan, text } from '~/utils/zod-helpers';
import { parseMoney } from '~/utils/money';

export const NAME_MAX = 60;
export const MATERIALS_MAX = 1000;
export const DESCRIPTION_MAX = 2000;
export const TERM_MIN = 1;
export const TERM_MAX = 360;
export const MIN_YEARS_MAX = 50;
export const NEW_HIRES_MAX = 10_000;
export const REGIONS_MAX = 200;
/** Largest product amount: 1,000亿元. */
export const AMOUNT_MAX = 100_000_000_000;
/** Fixed annual rate: 0–100 %. */
export const FIXED_RATE_MIN_BP = 0;
export const FIXED_RATE_MAX_BP = 10_000;
/** Spread over LPR: −5.00 % … +10.00 %. */
export const SPREAD_MIN_BP = -500;
export const SPREAD_MAX_BP = 1_000;
/** The 1-year LPR used when the platform setting `lpr_1y_bp` is missing. */
export const DEFAULT_LPR_BP = 300;

/** "3.45", "+0.35", "-0.2", "0.35%" → basis points; null when malformed. */
export function parsePercentBp(input: string): number | null {
  const s = input.normalize('NFKC').trim().replace(/%$/, '').replace(/^−/, '-').trim();
  const m = /^([+-])?(\d{1,4})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -v : v;
}

/** A percent field kept as basis points; the range is checked with the rate type. */
const percent = z
  .string({ required_error: 'v.required', invalid_type_error: 'v.required' })
  .trim()
  .min(1, 'v.required')
  .transform((s, ctx) => {
    const bp = parsePercentBp(s);
    if (bp === null) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'rate.invalid' });
      return z.NEVER;
    }
    // Outside every range: say so now, even while other fields still have errors.
    if (bp > FIXED_RATE_MAX_BP || bp < SPREAD_MIN_BP) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: bp < 0 ? 'products.v.spreadRange' : 'products.v.fixedRateRange' });
      return z.NEVER;
    }
    return bp;
  });

/** Checkbox groups: a single value, several values or none (undefined → []). */
export function codeList<T extends string>(values: readonly T[], message: string) {
  return z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]),
    z.array(z.string()).superRefine((items, ctx) => {
      if (items.some((i) => !values.includes(i as T))) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    }),
  ) as unknown as z.ZodType<T[], z.ZodTypeDef, T[] | undefined>;
}

const optionalInt = (min: number, max: number) => z.preprocess((v) => (v === '' || v === null ? undefined : v), int(min, max).optional());

/**
 * Region codes are checked against the GB/T 2260 list by the caller's
 * `isKnownRegion` (passed in so this schema stays usable in the browser).
 */
export function productFormSchema(opts: { isKnownRegion?: (code: string) => boolean } = {}) {
  const known = opts.isKnownRegion ?? ((c: string) => /^\d{6}$/.test(c));
  return z
    .object({
      name: text(NAME_MAX),
      category: choice(PRODUCT_CATEGORY_CODES),
      amountMin: moneyWan({ min: 10_000, max: AMOUNT_MAX }),
      amountMax: moneyWan({ min: 10_000, max: AMOUNT_MAX }),
      termMin: int(TERM_MIN, TERM_MAX),
      termMax: int(TERM_MIN, TERM_MAX),
      rateType: choice(RATE_TYPES),
      rateMin: percent,
      rateMax: percent,
      guarantees: codeList(GUARANTEE_CODES, 'v.choice').refine((l) => l.length > 0, 'products.v.guaranteeRequired'),
      policies: codeList(POLICY_TOOL_CODES, 'v.choice'),
      industries: codeList(INDUSTRY_CODES, 'v.industry'),
      sizes: codeList(SIZE_CODES, 'v.choice'),
      minYears: optionalInt(0, MIN_YEARS_MAX),
      regions: z
        .preprocess(
          (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]),
          z.array(z.string()),
        )
        .superRefine((items, ctx) => {
          if (items.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'products.v.regionRequired' });
          else if (items.length > REGIONS_MAX)
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg('products.v.regionsMax', { max: REGIONS_MAX }) });
          else if (items.some((c) => !known(c))) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'v.region' });
        }) as unknown as z.ZodType<string[], z.ZodTypeDef, string[] | undefined>,
      minNewHires: optionalInt(0, NEW_HIRES_MAX),
      materials: longText(MATERIALS_MAX),
      description: longText(DESCRIPTION_MAX),
    })
    .superRefine((v, ctx) => {
      if (v.amountMin > v.amountMax) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['amountMax'], message: 'products.v.amountOrder' });
      if (v.termMin > v.termMax) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['termMax'], message: 'products.v.termOrder' });
      const [lo, hi, key] =
        v.rateType === 'lpr'
          ? [SPREAD_MIN_BP, SPREAD_MAX_BP, 'products.v.spreadRange']
          : [FIXED_RATE_MIN_BP, FIXED_RATE_MAX_BP, 'products.v.fixedRateRange'];
      let rangeOk = true;
      for (const f of ['rateMin', 'rateMax'] as const) {
        if (v[f] < lo || v[f] > hi) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: [f], message: key });
          rangeOk = false;
        }
      }
      if (rangeOk && v.rateMin > v.rateMax)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['rateMax'], message: 'products.v.rateOrder' });
      if (isEmploymentLinked(v.category) && !(v.minNewHires && v.minNewHires >= 1)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['minNewHires'], message: 'products.v.newHiresRequired' });
      }
    });
}

export type ProductFormInput = z.output<ReturnType<typeof productFormSchema>>;

/** The form together with the version the edit was based on. */
export function productEditSchema(opts: { isKnownRegion?: (code: string) => boolean } = {}) {
  return productFormSchema(opts).and(z.object({ version: int(1, Number.MAX_SAFE_INTEGER) }));
}

export const ProductActionSchema = z.object({
  intent: choice(['publish', 'retire'] as const),
  version: int(1, Number.MAX_SAFE_INTEGER),
});

export function isEmploymentLinked(category: string): boolean {
  return (EMPLOYMENT_LINKED_CATEGORIES as readonly string[]).includes(category);
}

/* ---------- the public directory's query string ---------- */

export const PRODUCT_SORTS = ['newest', 'rate', 'amount'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export interface ProductDirectoryFilters {
  /** 元: products whose amount range contains it */
  amount?: number;
  term?: number;
  guarantee?: GuaranteeType;
  industry?: IndustryCode;
  size?: SizeCode;
  region?: string;
  category?: ProductCategory;
  bankType?: BankTypeCode;
  q?: string;
  sort: ProductSort;
  page: number;
  /** keyset cursors of the URL (app/utils/keyset.server.ts), checked where they are read */
  after?: string;
  before?: string;
}

/** Raw query-string values, echoed back into the filter form. */
export type ProductDirectoryRaw = Record<
  'amount' | 'term' | 'guarantee' | 'industry' | 'region' | 'category' | 'bank_type' | 'q' | 'sort',
  string
>;

function pick<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

/**
 * Reads directory filters from a URL. A malformed value is dropped (the list
 * stays usable) and reported in `errors` by parameter name, as an i18n key.
 */
export function productFiltersFromUrl(
  url: URL,
  opts: { isKnownRegion?: (code: string) => boolean } = {},
): { filters: ProductDirectoryFilters; raw: ProductDirectoryRaw; errors: Record<string, string> } {
  const p = url.searchParams;
  const get = (k: string) => (p.get(k) ?? '').normalize('NFKC').trim().slice(0, 200);
  const raw: ProductDirectoryRaw = {
    amount: get('amount'),
    term: get('term'),
    guarantee: get('guarantee'),
    industry: get('industry'),
    region: get('region'),
    category: get('category'),
    bank_type: get('bank_type'),
    q: get('q').slice(0, 100),
    sort: get('sort'),
  };
  const errors: Record<string, string> = {};
  const filters: ProductDirectoryFilters = { sort: 'newest', page: 1 };

  if (raw.amount) {
    const r = parseMoney(raw.amount, '万元');
    if (r.ok) filters.amount = r.yuan;
    else errors.amount = r.error;
  }
  if (raw.term) {
    const n = /^\d{1,4}$/.test(raw.term) ? Number(raw.term) : NaN;
    if (n >= TERM_MIN && n <= TERM_MAX) filters.term = n;
    else errors.term = msg('v.range', { min: TERM_MIN, max: TERM_MAX });
  }
  const choiceParam = <T extends string>(key: keyof ProductDirectoryRaw, values: readonly T[], message = 'v.choice'): T | undefined => {
    if (!raw[key]) return undefined;
    const v = pick(values, raw[key]);
    if (!v) errors[key] = message;
    return v;
  };
  filters.guarantee = choiceParam('guarantee', GUARANTEE_CODES);
  filters.industry = choiceParam('industry', INDUSTRY_CODES, 'v.industry');
  filters.category = choiceParam('category', PRODUCT_CATEGORY_CODES);
  filters.bankType = choiceParam('bank_type', BANK_TYPE_CODES);
  filters.sort = choiceParam('sort', PRODUCT_SORTS) ?? 'newest';
  if (raw.region) {
    const known = opts.isKnownRegion ?? ((c: string) => /^\d{6}$/.test(c));
    if (known(raw.region)) filters.region = raw.region;
    else errors.region = 'v.region';
  }
  if (raw.q) filters.q = raw.q;
  const rawPage = p.get('page') ?? '1';
  filters.page = /^\d{1,6}$/.test(rawPage) && Number(rawPage) >= 1 ? Number(rawPage) : 1;
  const after = p.get('after');
  const before = p.get('before');
  if (after) filters.after = after.slice(0, 500);
  if (before) filters.before = before.slice(0, 500);
  return { filters, raw, errors };
}

export function statusFromUrl(url: URL): ProductStatus | undefined {
  return pick(PRODUCT_STATUSES, url.searchParams.get('status'));
}

export type { RateType };
