/**
 * The score (0–100) that orders eligible products. It is the sum of six
 * integer parts, each shown to the user as a soft criterion with its points:
 *
 * | part         | weight | full points when |
 * |--------------|-------:|------------------|
 * | amountFit    | 20 | the amount sits in the middle of the product's range (log scale) |
 * | termFit      | 15 | the term sits in the middle of the product's term range |
 * | rateFit      | 20 | the product's lowest rate is ≥ 1.50% below the need's ceiling (or below LPR + 2% without one) |
 * | guaranteeFit | 10 | the product lends on credit (no collateral); 5 when collateral is required |
 * | purposeFit   | 20 | the category suits the purpose (研发 ↔ 科技贷, 续贷 ↔ 无还本续贷, 稳岗 ↔ 稳岗贷 …) |
 * | proximity    | 15 | the product is offered in the enterprise's own county (city 10, province 5) |
 *
 * Floats appear only in these ratios, never in money.
 */
import { PRODUCT_CATEGORY_CODES } from '~/modules/catalog/codes';
import { formatRate } from '~/utils/money';
import { CREDIT_BIT, coverLevel, coveringRegion, effectiveRateBp, purposeCategoryParams } from './rules';
import { regionPrefix } from '~/modules/regions/regions.server';
import type { Criterion, CriterionParams, MatchContext, NeedForMatch, ProductForMatch, SoftCriterionKey } from './types';

export const WEIGHTS = {
  amountFit: 20,
  termFit: 15,
  rateFit: 20,
  guaranteeFit: 10,
  purposeFit: 20,
  proximity: 15,
} as const satisfies Record<SoftCriterionKey, number>;

/** Without a ceiling of its own, a need is scored against LPR + this many bp. */
export const NO_CEILING_MARGIN_BP = 200;
/** Headroom (ceiling − lowest rate) that earns the full rate points. */
export const FULL_HEADROOM_BP = 150;

/** How well a purpose suits a category: 1 strong, 0.5 partial, 0 none. */
export const PURPOSE_AFFINITY: Record<string, Record<string, number>> = {
  working_capital: { credit: 1, tax: 1, guarantee: 0.5, supply_chain: 0.5, mortgage: 0.5 },
  fixed_assets: { mortgage: 1, guarantee: 0.5 },
  tech_upgrade: { tech: 1, ip_pledge: 0.5, mortgage: 0.5 },
  rnd: { tech: 1, ip_pledge: 1, credit: 0.5 },
  order_financing: { supply_chain: 1, tax: 0.5, credit: 0.5 },
  renewal: { renewal: 1 },
  startup: { startup_guarantee: 1, credit: 0.5 },
  payroll: { job_stable: 1, startup_guarantee: 0.5, credit: 0.5 },
  other: {},
};

export function purposeAffinity(purpose: string, category: string): number {
  return PURPOSE_AFFINITY[purpose]?.[category] ?? 0;
}

/** Affinity of `purpose` to every category, indexed like PRODUCT_CATEGORY_CODES (last slot: unknown category). */
export function affinityRow(purpose: string): Float64Array {
  const row = new Float64Array(PRODUCT_CATEGORY_CODES.length + 1);
  PRODUCT_CATEGORY_CODES.forEach((c, i) => (row[i] = purposeAffinity(purpose, c)));
  return row;
}

/** log scale for amounts: a 10万–1亿 range is centred near 300万, not at 5,000万. */
export const logAmount = (yuan: number) => Math.log(yuan + 1);

/** 0 at either end of [lo, hi], 1 in the middle; 1 when the range is a single point. */
function centred(x: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 1;
  const p = (x - lo) / (hi - lo);
  return Math.max(0, 1 - Math.abs(2 * p - 1));
}

export const amountPoints = (logAmt: number, logMin: number, logMax: number) =>
  Math.round(WEIGHTS.amountFit * centred(logAmt, logMin, logMax));
export const termPoints = (term: number, min: number, max: number) => Math.round(WEIGHTS.termFit * centred(term, min, max));
export function ratePoints(effectiveMinBp: number, ceilingBp: number): number {
  const f = (ceilingBp - effectiveMinBp) / FULL_HEADROOM_BP;
  return Math.round(WEIGHTS.rateFit * Math.min(1, Math.max(0, f)));
}
export const guaranteePoints = (acceptsCredit: boolean) => (acceptsCredit ? WEIGHTS.guaranteeFit : WEIGHTS.guaranteeFit / 2);
export const purposePoints = (affinity: number) => Math.round(WEIGHTS.purposeFit * affinity);
/** level: 3 county, 2 city, 1 province */
export const proximityPoints = (level: number) => (level >= 3 ? 15 : level === 2 ? 10 : level === 1 ? 5 : 0);

export const ceilingFor = (maxRateBp: number | null, lpr1yBp: number) => maxRateBp ?? lpr1yBp + NO_CEILING_MARGIN_BP;

/** The score of an eligible pair from pre-computed numbers (the ranking hot loop). */
export function totalScore(
  logAmt: number,
  logMin: number,
  logMax: number,
  term: number,
  termMin: number,
  termMax: number,
  effectiveMinBp: number,
  ceilingBp: number,
  acceptsCredit: boolean,
  affinity: number,
  level: number,
): number {
  return (
    amountPoints(logAmt, logMin, logMax) +
    termPoints(term, termMin, termMax) +
    ratePoints(effectiveMinBp, ceilingBp) +
    guaranteePoints(acceptsCredit) +
    purposePoints(affinity) +
    proximityPoints(level)
  );
}

/** `params` must be a fresh object: the points and weight are added to it. */
function soft(key: SoftCriterionKey, points: number, messageKey: string, params: CriterionParams = {}): Criterion {
  const weight = WEIGHTS[key];
  params.points = points;
  params.weight = weight;
  return { key, hard: false, met: points * 2 >= weight, messageKey: `matching.${messageKey}`, params };
}

/** The soft criteria of an eligible pair; their points add up to the score. */
export function softCriteria(need: NeedForMatch, product: ProductForMatch, ctx: MatchContext): Criterion[] {
  const eff = effectiveRateBp(product.rateType, product.rateMinBp, ctx.lpr1yBp);
  const ceiling = ceilingFor(need.maxRateBp, ctx.lpr1yBp);
  const credit = (product.guaranteeMask & CREDIT_BIT) !== 0;
  const affinity = purposeAffinity(need.purpose, product.category);
  const covering = coveringRegion(product.regions, need.enterprise.regionCode);
  const level = covering == null ? 0 : coverLevel(regionPrefix(covering).length);

  const a = amountPoints(logAmount(need.amount), logAmount(product.amountMin), logAmount(product.amountMax));
  const t = termPoints(need.termMonths, product.termMin, product.termMax);
  const r = ratePoints(eff, ceiling);
  const g = guaranteePoints(credit);
  const p = purposePoints(affinity);
  const x = proximityPoints(level);

  const rateParams: CriterionParams = { rate: formatRate(eff), headroom: formatRate(Math.max(0, ceiling - eff)).replace('%', '') };
  if (need.maxRateBp != null) rateParams.maxRate = formatRate(need.maxRateBp);
  return [
    soft('amountFit', a, a * 2 >= WEIGHTS.amountFit ? 'fit.amountCentred' : 'fit.amountEdge'),
    soft('termFit', t, t * 2 >= WEIGHTS.termFit ? 'fit.termCentred' : 'fit.termEdge'),
    soft('rateFit', r, need.maxRateBp == null ? 'fit.rateNoCeiling' : 'fit.rateHeadroom', rateParams),
    soft('guaranteeFit', g, credit ? 'fit.credit' : 'fit.collateral'),
    soft(
      'purposeFit',
      p,
      affinity >= 1 ? 'fit.purposeStrong' : affinity > 0 ? 'fit.purposePartial' : 'fit.purposeNone',
      purposeCategoryParams(need.purpose, product.category),
    ),
    soft('proximity', x, level >= 3 ? 'fit.county' : level === 2 ? 'fit.city' : 'fit.province'),
  ];
}
