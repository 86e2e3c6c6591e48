/**
 * The hard rules (a product that fails one is excluded) and the words that
 * explain them. Everything here is pure: no database, no HTTP, no clock.
 *
 * Each rule exists twice on purpose: a numeric form (`passes*`, used by the
 * ranking hot loop on pre-computed numbers) and an explained form (`*Criterion`,
 * used by `evaluate`). Both call the same predicates, and matching.test.ts checks
 * that they agree.
 */
import { GUARANTEE_CODES, GUARANTEE_TYPES, NEED_PURPOSES, PRODUCT_CATEGORIES, guaranteeBit } from '~/modules/catalog/codes';
import { INDUSTRIES, INDUSTRY_CODES, SIZES, SIZE_CODES } from '~/modules/organizations/reference';
import { regionName, regionPrefix } from '~/modules/regions/regions.server';
import { formatRate, formatWan } from '~/utils/money';
import type { Criterion, CriterionParams, HardCriterionKey, MatchContext, NeedForMatch, ProductForMatch } from './types';

export const CREDIT_BIT = guaranteeBit('credit');

const INDUSTRY_BITS = new Map<string, number>(INDUSTRY_CODES.map((c, i) => [c, 1 << i]));
const SIZE_BITS = new Map<string, number>(SIZE_CODES.map((c, i) => [c, 1 << i]));

/** The enterprise's industry as a bit (0 when unknown). */
export function industryBitOf(code: string | null | undefined): number {
  return (code && INDUSTRY_BITS.get(code)) || 0;
}

/** The enterprise's size as a bit (0 when unknown). */
export function sizeBitOf(code: string | null | undefined): number {
  return (code && SIZE_BITS.get(code)) || 0;
}

/** The year of a 'YYYY-MM-DD' date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Whole years in operation, or null when the founding year is unknown. */
export function yearsInOperation(foundedYear: number | null, today: string): number | null {
  return foundedYear == null ? null : yearOf(today) - foundedYear;
}

/** The lowest annual rate the product can give, bp: LPR products add their spread to the 1-year LPR. */
export function effectiveRateBp(rateType: ProductForMatch['rateType'], spreadOrRateBp: number, lpr1yBp: number): number {
  return rateType === 'lpr' ? lpr1yBp + spreadOrRateBp : spreadOrRateBp;
}

/* ---------- predicates shared by both forms ---------- */

export const passesAmount = (amount: number, min: number, max: number) => amount >= min && amount <= max;
export const passesTerm = (term: number, min: number, max: number) => term >= min && term <= max;
/** The product accepts a type the need offers, or it accepts 信用 (no collateral needed). */
export const passesGuarantee = (productMask: number, needMask: number) =>
  (productMask & needMask) !== 0 || (productMask & CREDIT_BIT) !== 0;
/** `mask` 0 = any; an unknown enterprise value (bit 0) never passes a restricted product. */
export const passesMask = (productMask: number, bit: number) => productMask === 0 || (productMask & bit) !== 0;
/** `years` null = unknown founding year: passes only products without a minimum. */
export const passesYears = (years: number | null, minYears: number) => minYears <= 0 || (years != null && years >= minYears);
export const passesRate = (effectiveMinBp: number, maxRateBp: number | null) => maxRateBp == null || effectiveMinBp <= maxRateBp;
export const passesEmployment = (linked: boolean, plannedHires: number, minNewHires: number) => !linked || plannedHires >= minNewHires;

/**
 * Level of the most specific product region that covers the enterprise:
 * 3 = the county itself, 2 = its city, 1 = its province, 0 = not covered.
 * (The level comes from the length of the covering prefix: 6, 4 or 2 digits.)
 */
export function coverLevel(prefixLength: number): 0 | 1 | 2 | 3 {
  return prefixLength >= 6 ? 3 : prefixLength >= 4 ? 2 : prefixLength >= 2 ? 1 : 0;
}

/** The most specific product region covering `enterpriseRegion`, or null. */
export function coveringRegion(productRegions: readonly string[], enterpriseRegion: string): string | null {
  let best: string | null = null;
  let bestLen = -1;
  for (const r of productRegions) {
    const p = regionPrefix(r);
    if (enterpriseRegion.startsWith(p) && p.length > bestLen) {
      best = r;
      bestLen = p.length;
    }
  }
  return best;
}

/* ---------- words ---------- */

type Labels = Record<string, readonly [string, string]>;

const maskLabelCache = new Map<Labels, Map<number, [string, string]>>();

/** [zh, en] labels of the codes set in `mask`, joined for a sentence (memoised per list and mask). */
function maskLabels(list: Labels, all: readonly string[], mask: number): [string, string] {
  let byMask = maskLabelCache.get(list);
  if (!byMask) maskLabelCache.set(list, (byMask = new Map()));
  let v = byMask.get(mask);
  if (!v) {
    v = joinLabels(list, maskCodes(all, mask));
    if (byMask.size < 10_000) byMask.set(mask, v);
  }
  return v;
}

/** [zh, en] label lists of the codes in `codes`, joined for a sentence. */
function joinLabels(list: Labels, codes: readonly string[]): [string, string] {
  if (codes.length === 0) return ['无', 'none'];
  return [codes.map((c) => list[c]?.[0] ?? c).join('、'), codes.map((c) => list[c]?.[1] ?? c).join(', ')];
}

function labelPair(list: Labels, code: string | null | undefined): [string, string] {
  if (!code) return ['未填写', 'not given'];
  const l = list[code];
  return l ? [l[0], l[1]] : [code, code];
}

function maskCodes(all: readonly string[], mask: number): string[] {
  return all.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** 1234567 → "1,234,567" (a plain loop: this runs for every explained pair) */
export function groupDigits(n: number): string {
  const s = String(n);
  const start = s[0] === '-' ? 1 : 0;
  let out = s.slice(0, start);
  for (let i = start; i < s.length; i++) {
    if (i > start && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return out;
}

function signedRate(bp: number): string {
  return bp < 0 ? `-${formatRate(-bp)}` : `+${formatRate(bp)}`;
}

function criterion(key: HardCriterionKey, met: boolean, messageKey: string, params: CriterionParams = {}): Criterion {
  return { key, hard: true, met, messageKey: `matching.${messageKey}`, params };
}

export function amountCriterion(need: NeedForMatch, product: ProductForMatch): Criterion {
  // each amount in both units: 万元 without the unit (formatWan) and grouped 元
  const params = {
    amount: formatWan(need.amount, ''),
    min: formatWan(product.amountMin, ''),
    max: formatWan(product.amountMax, ''),
    amountYuan: groupDigits(need.amount),
    minYuan: groupDigits(product.amountMin),
    maxYuan: groupDigits(product.amountMax),
  };
  if (need.amount < product.amountMin) return criterion('amount', false, 'amount.below', params);
  if (need.amount > product.amountMax) return criterion('amount', false, 'amount.above', params);
  return criterion('amount', true, 'amount.within', params);
}

export function termCriterion(need: NeedForMatch, product: ProductForMatch): Criterion {
  const params = { term: need.termMonths, min: product.termMin, max: product.termMax };
  if (need.termMonths < product.termMin) return criterion('term', false, 'term.below', params);
  if (need.termMonths > product.termMax) return criterion('term', false, 'term.above', params);
  return criterion('term', true, 'term.within', params);
}

export function guaranteeCriterion(need: NeedForMatch, product: ProductForMatch): Criterion {
  const [offeredZh, offeredEn] = maskLabels(GUARANTEE_TYPES, GUARANTEE_CODES, need.guaranteeMask);
  const [acceptedZh, acceptedEn] = maskLabels(GUARANTEE_TYPES, GUARANTEE_CODES, product.guaranteeMask);
  const [commonZh, commonEn] = maskLabels(GUARANTEE_TYPES, GUARANTEE_CODES, need.guaranteeMask & product.guaranteeMask);
  const params = { offered: offeredZh, offeredEn, accepted: acceptedZh, acceptedEn, common: commonZh, commonEn };
  const met = passesGuarantee(product.guaranteeMask, need.guaranteeMask);
  if (!met) return criterion('guarantee', false, 'guarantee.missed', params);
  if (product.guaranteeMask & CREDIT_BIT) return criterion('guarantee', true, 'guarantee.credit', params);
  return criterion('guarantee', true, 'guarantee.accepted', params);
}

export function regionCriterion(need: NeedForMatch, product: ProductForMatch): Criterion {
  const code = need.enterprise.regionCode;
  const covering = coveringRegion(product.regions, code);
  const params: CriterionParams = {
    region: regionName(code),
    regionCode: code,
    productRegions: product.regions.map((r) => regionName(r)).join('、') || '无',
    productRegionsEn: product.regions.map((r) => `${regionName(r)} (${r})`).join(', ') || 'none',
  };
  if (covering == null) return criterion('region', false, product.regions.length ? 'region.outside' : 'region.none', params);
  params.productRegion = regionName(covering);
  params.productRegionCode = covering;
  return criterion('region', true, covering === code ? 'region.same' : 'region.covered', params);
}

function maskCriterion(
  key: 'industry' | 'size',
  productMask: number,
  value: string | null,
  bit: number,
  all: readonly string[],
  list: Labels,
): Criterion {
  const [label, labelEn] = labelPair(list, value);
  const [allowed, allowedEn] = maskLabels(list, all, productMask);
  const params = { value: label, valueEn: labelEn, allowed, allowedEn };
  if (productMask === 0) return criterion(key, true, `${key}.any`, params);
  if (bit === 0) return criterion(key, false, `${key}.unknown`, params);
  return passesMask(productMask, bit) ? criterion(key, true, `${key}.accepted`, params) : criterion(key, false, `${key}.excluded`, params);
}

export function industryCriterion(need: NeedForMatch, product: ProductForMatch): Criterion {
  const v = need.enterprise.industry;
  return maskCriterion('industry', product.industryMask, v, industryBitOf(v), INDUSTRY_CODES, INDUSTRIES);
}

export function sizeCriterion(need: NeedForMatch, product: ProductForMatch): Criterion {
  const v = need.enterprise.size;
  return maskCriterion('size', product.sizeMask, v, sizeBitOf(v), SIZE_CODES, SIZES);
}

export function yearsCriterion(need: NeedForMatch, product: ProductForMatch, ctx: MatchContext): Criterion {
  const years = yearsInOperation(need.enterprise.foundedYear, ctx.today);
  const params: CriterionParams = { minYears: product.minYears };
  if (years != null) params.years = years;
  if (product.minYears <= 0) return criterion('years', true, 'years.none', params);
  if (years == null) return criterion('years', false, 'years.unknown', params);
  return passesYears(years, product.minYears)
    ? criterion('years', true, 'years.met', params)
    : criterion('years', false, 'years.short', params);
}

export function rateCriterion(need: NeedForMatch, product: ProductForMatch, ctx: MatchContext): Criterion {
  const eff = effectiveRateBp(product.rateType, product.rateMinBp, ctx.lpr1yBp);
  const lpr = product.rateType === 'lpr';
  const params: CriterionParams = { rate: formatRate(eff) };
  if (lpr) {
    params.lpr = formatRate(ctx.lpr1yBp);
    params.spread = signedRate(product.rateMinBp);
  }
  const suffix = lpr ? 'Lpr' : '';
  if (need.maxRateBp == null) return criterion('rate', true, `rate.noCeiling${suffix}`, params);
  params.maxRate = formatRate(need.maxRateBp);
  return passesRate(eff, need.maxRateBp)
    ? criterion('rate', true, `rate.within${suffix}`, params)
    : criterion('rate', false, `rate.above${suffix}`, params);
}

export function employmentCriterion(need: NeedForMatch, product: ProductForMatch): Criterion {
  const params = { hires: need.plannedHires, minHires: product.minNewHires };
  if (!product.employmentLinked) return criterion('employment', true, 'employment.notLinked', params);
  return passesEmployment(true, need.plannedHires, product.minNewHires)
    ? criterion('employment', true, 'employment.met', params)
    : criterion('employment', false, 'employment.short', params);
}

/** The hard criteria in HARD_CRITERIA order. */
export function hardCriteria(need: NeedForMatch, product: ProductForMatch, ctx: MatchContext): Criterion[] {
  return [
    amountCriterion(need, product),
    termCriterion(need, product),
    guaranteeCriterion(need, product),
    regionCriterion(need, product),
    industryCriterion(need, product),
    sizeCriterion(need, product),
    yearsCriterion(need, product, ctx),
    rateCriterion(need, product, ctx),
    employmentCriterion(need, product),
  ];
}

/** [zh, en] labels of a purpose and a category, for the purpose-fit sentence. */
export function purposeCategoryParams(purpose: string, category: string): CriterionParams {
  const [p, pEn] = labelPair(NEED_PURPOSES, purpose);
  const [c, cEn] = labelPair(PRODUCT_CATEGORIES, category);
  return { purpose: p, purposeEn: pEn, category: c, categoryEn: cEn };
}
