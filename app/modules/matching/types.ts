/**
 * Shapes the matching engine works on. They are plain data: loaders
 * (queries.server.ts) build them from the database, tests and benchmarks build
 * them by hand. Money is integer 元, rates are basis points, terms are months.
 */

export interface EnterpriseForMatch {
  id: string;
  /** 6-digit GB/T 2260 code of the enterprise (usually a county) */
  regionCode: string;
  /** GB/T 4754 section letter A–T; null when the profile does not say */
  industry: string | null;
  /** 'large' | 'medium' | 'small' | 'micro'; null when unknown */
  size: string | null;
  foundedYear: number | null;
}

export interface NeedForMatch {
  id: string;
  /** 元 */
  amount: number;
  termMonths: number;
  /** guarantee types the enterprise can offer (bit set, app/modules/catalog/codes.ts) */
  guaranteeMask: number;
  /** highest acceptable annual rate in bp; null = no ceiling */
  maxRateBp: number | null;
  /** NEED_PURPOSES code */
  purpose: string;
  enterprise: EnterpriseForMatch;
  /** headcount of the enterprise's published hiring needs */
  plannedHires: number;
}

export type RateType = 'fixed' | 'lpr';

export interface ProductForMatch {
  id: string;
  bankId: string;
  name: string;
  /** PRODUCT_CATEGORIES code */
  category: string;
  /** 元 */
  amountMin: number;
  amountMax: number;
  termMin: number;
  termMax: number;
  /** 'fixed': annual rates in bp; 'lpr': spreads over the 1-year LPR in bp (may be negative) */
  rateType: RateType;
  rateMinBp: number;
  rateMaxBp: number;
  guaranteeMask: number;
  /** 0 = every industry */
  industryMask: number;
  /** 0 = every size */
  sizeMask: number;
  minYears: number;
  employmentLinked: boolean;
  minNewHires: number;
  /** 6-digit codes; a code covers its sub-regions */
  regions: string[];
}

export interface MatchContext {
  /** 1-year LPR in bp (settings key `lpr_1y_bp`) */
  lpr1yBp: number;
  /** 'YYYY-MM-DD'; years in operation are counted from it */
  today: string;
}

/** Hard criteria exclude a product; soft criteria only add to the score. */
export const HARD_CRITERIA = ['amount', 'term', 'guarantee', 'region', 'industry', 'size', 'years', 'rate', 'employment'] as const;
export type HardCriterionKey = (typeof HARD_CRITERIA)[number];

export const SOFT_CRITERIA = ['amountFit', 'termFit', 'rateFit', 'guaranteeFit', 'purposeFit', 'proximity'] as const;
export type SoftCriterionKey = (typeof SOFT_CRITERIA)[number];

export type CriterionKey = HardCriterionKey | SoftCriterionKey;

export type CriterionParams = Record<string, string | number>;

export interface Criterion {
  key: CriterionKey;
  /** true: failing it excludes the product */
  hard: boolean;
  /** hard: the rule holds; soft: the fit is favourable (at least half of its weight) */
  met: boolean;
  /** i18n key in app/i18n/messages/matching.ts */
  messageKey: string;
  /** ready-to-show values (amounts through formatWan, rates through formatRate) */
  params: CriterionParams;
}

export interface MatchEvaluation {
  needId: string;
  productId: string;
  bankId: string;
  /** every hard criterion is met */
  eligible: boolean;
  /** 0–100, the sum of the soft criteria's `points`; 0 when not eligible */
  score: number;
  /** hard criteria always (in HARD_CRITERIA order); soft criteria only when eligible */
  criteria: Criterion[];
  /** keys of the hard criteria that are not met */
  missed: HardCriterionKey[];
}

export interface ProductMatch extends MatchEvaluation {
  product: ProductForMatch;
}

export interface NeedMatch extends MatchEvaluation {
  need: NeedForMatch;
}

export interface RankOptions {
  /** how many results at most (default 20) */
  limit?: number;
  /** also return excluded candidates after the eligible ones (fewest missed rules first) */
  includeExcluded?: boolean;
  /** build the criteria (default true); bulk runs may skip them and call evaluate() later */
  explain?: boolean;
}
