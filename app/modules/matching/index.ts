/**
 * Explainable matching of financing needs and loan products — the public API.
 *
 *   evaluate(need, product, ctx)                       → one pair, every criterion explained
 *   createProductIndex(products, ctx)                  → products bucketed by region prefix, rates pre-computed
 *   rankProductsForNeed(need, productsOrIndex, ctx, o) → best products for a need
 *   rankNeedsForProduct(product, needs, ctx, o)        → best needs for a product
 *
 * Pure functions: no database, no HTTP, no clock (`ctx.today` is given).
 * Ordering: score descending, then id ascending (code-unit order), so equal input
 * in any order gives the same output.
 */
import { PRODUCT_CATEGORY_CODES } from '~/modules/catalog/codes';
import { regionPrefix } from '~/modules/regions/regions.server';
import {
  CREDIT_BIT,
  coverLevel,
  effectiveRateBp,
  hardCriteria,
  industryBitOf,
  passesAmount,
  passesEmployment,
  passesGuarantee,
  passesMask,
  passesRate,
  passesTerm,
  passesYears,
  sizeBitOf,
  yearsInOperation,
} from './rules';
import { affinityRow, ceilingFor, logAmount, softCriteria, totalScore } from './score';
import type {
  HardCriterionKey,
  MatchContext,
  MatchEvaluation,
  NeedForMatch,
  NeedMatch,
  ProductForMatch,
  ProductMatch,
  RankOptions,
} from './types';

export * from './types';
export { WEIGHTS, PURPOSE_AFFINITY, purposeAffinity } from './score';
export { effectiveRateBp, coveringRegion, yearsInOperation } from './rules';

export const DEFAULT_LIMIT = 20;

/* ---------- one pair ---------- */

export function evaluate(need: NeedForMatch, product: ProductForMatch, ctx: MatchContext): MatchEvaluation {
  const criteria = hardCriteria(need, product, ctx);
  const missed = criteria.filter((c) => !c.met).map((c) => c.key as HardCriterionKey);
  const eligible = missed.length === 0;
  let score = 0;
  if (eligible) {
    const softs = softCriteria(need, product, ctx);
    for (const s of softs) score += Number(s.params.points);
    criteria.push(...softs);
  }
  return { needId: need.id, productId: product.id, bankId: product.bankId, eligible, score, criteria, missed };
}

/* ---------- pre-computed forms ---------- */

const UNKNOWN_CATEGORY = PRODUCT_CATEGORY_CODES.length;
const CATEGORY_INDEX = new Map<string, number>(PRODUCT_CATEGORY_CODES.map((c, i) => [c, i]));

interface PreparedNeed {
  amount: number;
  logAmount: number;
  term: number;
  guarantee: number;
  industryBit: number;
  sizeBit: number;
  years: number | null;
  maxRate: number | null;
  ceiling: number;
  hires: number;
  affinity: Float64Array;
  /** distinct covering prefixes of the enterprise region, most specific first */
  prefixes: string[];
}

const affinityCache = new Map<string, Float64Array>();
function cachedAffinityRow(purpose: string): Float64Array {
  let row = affinityCache.get(purpose);
  if (!row) affinityCache.set(purpose, (row = affinityRow(purpose)));
  return row;
}

function enterprisePrefixes(code: string): string[] {
  const out: string[] = [];
  for (const len of [6, 4, 2]) {
    const p = code.slice(0, len);
    if (p.length === len && !out.includes(p)) out.push(p);
  }
  return out;
}

function prepareNeed(need: NeedForMatch, ctx: MatchContext): PreparedNeed {
  return {
    amount: need.amount,
    logAmount: logAmount(need.amount),
    term: need.termMonths,
    guarantee: need.guaranteeMask,
    industryBit: industryBitOf(need.enterprise.industry),
    sizeBit: sizeBitOf(need.enterprise.size),
    years: yearsInOperation(need.enterprise.foundedYear, ctx.today),
    maxRate: need.maxRateBp,
    ceiling: ceilingFor(need.maxRateBp, ctx.lpr1yBp),
    hires: need.plannedHires,
    affinity: cachedAffinityRow(need.purpose),
    prefixes: enterprisePrefixes(need.enterprise.regionCode),
  };
}

/**
 * Products in id order, as columns of numbers, bucketed by the prefix of each
 * of their regions ("41" province, "4104" city, "410481" county). A need then
 * looks at three buckets only instead of every product.
 */
export interface ProductIndex {
  readonly kind: 'product-index';
  readonly products: readonly ProductForMatch[];
  readonly lpr1yBp: number;
  /** region prefix → product ordinals, by ascending amountMin */
  readonly buckets: ReadonlyMap<string, Int32Array>;
  readonly amountMin: Float64Array;
  readonly amountMax: Float64Array;
  readonly logMin: Float64Array;
  readonly logMax: Float64Array;
  readonly termMin: Int32Array;
  readonly termMax: Int32Array;
  readonly effRate: Float64Array;
  readonly guarantee: Int32Array;
  readonly industry: Int32Array;
  readonly size: Int32Array;
  readonly minYears: Int32Array;
  readonly linked: Uint8Array;
  readonly minHires: Int32Array;
  readonly category: Uint8Array;
  /** scratch: last ranking call that saw each product (dedupes products listed under several regions) */
  readonly seen: Int32Array;
  round: number;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createProductIndex(products: readonly ProductForMatch[], ctx: Pick<MatchContext, 'lpr1yBp'>): ProductIndex {
  const sorted = [...products].sort(byId);
  const n = sorted.length;
  const idx: ProductIndex = {
    kind: 'product-index',
    products: sorted,
    lpr1yBp: ctx.lpr1yBp,
    buckets: new Map(),
    amountMin: new Float64Array(n),
    amountMax: new Float64Array(n),
    logMin: new Float64Array(n),
    logMax: new Float64Array(n),
    termMin: new Int32Array(n),
    termMax: new Int32Array(n),
    effRate: new Float64Array(n),
    guarantee: new Int32Array(n),
    industry: new Int32Array(n),
    size: new Int32Array(n),
    minYears: new Int32Array(n),
    linked: new Uint8Array(n),
    minHires: new Int32Array(n),
    category: new Uint8Array(n),
    seen: new Int32Array(n),
    round: 0,
  };
  const lists = new Map<string, number[]>();
  sorted.forEach((p, i) => {
    idx.amountMin[i] = p.amountMin;
    idx.amountMax[i] = p.amountMax;
    idx.logMin[i] = logAmount(p.amountMin);
    idx.logMax[i] = logAmount(p.amountMax);
    idx.termMin[i] = p.termMin;
    idx.termMax[i] = p.termMax;
    idx.effRate[i] = effectiveRateBp(p.rateType, p.rateMinBp, ctx.lpr1yBp);
    idx.guarantee[i] = p.guaranteeMask;
    idx.industry[i] = p.industryMask;
    idx.size[i] = p.sizeMask;
    idx.minYears[i] = p.minYears;
    idx.linked[i] = p.employmentLinked ? 1 : 0;
    idx.minHires[i] = p.minNewHires;
    idx.category[i] = CATEGORY_INDEX.get(p.category) ?? UNKNOWN_CATEGORY;
    for (const r of new Set(p.regions.map(regionPrefix))) {
      let l = lists.get(r);
      if (!l) lists.set(r, (l = []));
      l.push(i);
    }
  });
  // ascending lowest amount (then id): a need stops reading a bucket at the first product above its amount
  for (const [k, v] of lists) {
    v.sort((a, b) => idx.amountMin[a] - idx.amountMin[b] || a - b);
    (idx.buckets as Map<string, Int32Array>).set(k, Int32Array.from(v));
  }
  return idx;
}

function isIndex(x: unknown): x is ProductIndex {
  return (x as ProductIndex | undefined)?.kind === 'product-index';
}

/** Hard rules other than region, on the index's columns. */
function passesAt(idx: ProductIndex, i: number, n: PreparedNeed): boolean {
  return (
    passesAmount(n.amount, idx.amountMin[i], idx.amountMax[i]) &&
    passesTerm(n.term, idx.termMin[i], idx.termMax[i]) &&
    passesGuarantee(idx.guarantee[i], n.guarantee) &&
    passesMask(idx.industry[i], n.industryBit) &&
    passesMask(idx.size[i], n.sizeBit) &&
    passesYears(n.years, idx.minYears[i]) &&
    passesRate(idx.effRate[i], n.maxRate) &&
    passesEmployment(idx.linked[i] === 1, n.hires, idx.minHires[i])
  );
}

function missedAt(idx: ProductIndex, i: number, n: PreparedNeed, covered: boolean): number {
  return (
    (passesAmount(n.amount, idx.amountMin[i], idx.amountMax[i]) ? 0 : 1) +
    (passesTerm(n.term, idx.termMin[i], idx.termMax[i]) ? 0 : 1) +
    (passesGuarantee(idx.guarantee[i], n.guarantee) ? 0 : 1) +
    (covered ? 0 : 1) +
    (passesMask(idx.industry[i], n.industryBit) ? 0 : 1) +
    (passesMask(idx.size[i], n.sizeBit) ? 0 : 1) +
    (passesYears(n.years, idx.minYears[i]) ? 0 : 1) +
    (passesRate(idx.effRate[i], n.maxRate) ? 0 : 1) +
    (passesEmployment(idx.linked[i] === 1, n.hires, idx.minHires[i]) ? 0 : 1)
  );
}

function scoreAt(idx: ProductIndex, i: number, n: PreparedNeed, level: number): number {
  return totalScore(
    n.logAmount,
    idx.logMin[i],
    idx.logMax[i],
    n.term,
    idx.termMin[i],
    idx.termMax[i],
    idx.effRate[i],
    n.ceiling,
    (idx.guarantee[i] & CREDIT_BIT) !== 0,
    n.affinity[idx.category[i]],
    level,
  );
}

/**
 * The best `k` (key, ordinal) pairs: higher key first, then lower ordinal.
 * Insertion into a short sorted array: cheap when k is small.
 */
class TopK {
  readonly keys: number[] = [];
  readonly ords: number[] = [];
  constructor(readonly k: number) {}
  offer(key: number, ord: number): void {
    const { keys, ords, k } = this;
    if (k <= 0) return;
    let pos = keys.length;
    if (pos === k) {
      const lk = keys[pos - 1];
      if (key < lk || (key === lk && ord > ords[pos - 1])) return;
    }
    while (pos > 0 && (keys[pos - 1] < key || (keys[pos - 1] === key && ords[pos - 1] > ord))) pos--;
    keys.splice(pos, 0, key);
    ords.splice(pos, 0, ord);
    if (keys.length > k) {
      keys.pop();
      ords.pop();
    }
  }
}

/** The best `limit` eligible products of a need (score desc, then ordinal = id order). */
function topEligible(idx: ProductIndex, n: PreparedNeed, limit: number): TopK {
  const round = ++idx.round;
  const top = new TopK(limit);
  const amountMin = idx.amountMin;
  // Most specific prefix first: a product listed for the county and the province counts as local.
  for (const prefix of n.prefixes) {
    const bucket = idx.buckets.get(prefix);
    if (!bucket) continue;
    const level = coverLevel(prefix.length);
    for (let j = 0; j < bucket.length; j++) {
      const i = bucket[j];
      if (amountMin[i] > n.amount) break;
      if (idx.seen[i] === round) continue;
      idx.seen[i] = round;
      if (!passesAt(idx, i, n)) continue;
      top.offer(scoreAt(idx, i, n, level), i);
    }
  }
  return top;
}

/** Shared by every result of a bulk run without explanations (frozen: never mutate). */
const NO_CRITERIA = Object.freeze([]) as unknown as [];

/** A result without explanations (`explain: false`): criteria and missed are empty. */
function bare(needId: string, product: ProductForMatch, eligible: boolean, score: number): ProductMatch {
  return { needId, productId: product.id, bankId: product.bankId, eligible, score, criteria: NO_CRITERIA, missed: NO_CRITERIA, product };
}

function withProduct(ev: MatchEvaluation, product: ProductForMatch): ProductMatch {
  return {
    needId: ev.needId,
    productId: ev.productId,
    bankId: ev.bankId,
    eligible: ev.eligible,
    score: ev.score,
    criteria: ev.criteria,
    missed: ev.missed,
    product,
  };
}

/* ---------- ranking ---------- */

/**
 * Products for one need: eligible ones by score (desc) then id; with
 * `includeExcluded`, the excluded ones follow (fewest missed rules first, then id).
 * `limit` caps the whole list. Pass a ProductIndex when ranking many needs.
 */
export function rankProductsForNeed(
  need: NeedForMatch,
  products: readonly ProductForMatch[] | ProductIndex,
  ctx: MatchContext,
  opts: RankOptions = {},
): ProductMatch[] {
  const limit = Math.max(0, opts.limit ?? DEFAULT_LIMIT);
  const explain = opts.explain ?? true;
  let idx = isIndex(products) ? products : createProductIndex(products, ctx);
  if (idx.lpr1yBp !== ctx.lpr1yBp) idx = createProductIndex(idx.products, ctx);
  const n = prepareNeed(need, ctx);
  const top = topEligible(idx, n, limit);

  const out: ProductMatch[] = [];
  for (let r = 0; r < top.ords.length; r++) {
    const product = idx.products[top.ords[r]];
    out.push(explain ? withProduct(evaluate(need, product, ctx), product) : bare(need.id, product, true, top.keys[r]));
  }

  if (opts.includeExcluded && out.length < limit) {
    // Coverage of every product (the loop above stops early), then fewest missed rules first:
    // key = −missed, so TopK's "higher first" applies.
    const covered = ++idx.round;
    for (const prefix of n.prefixes) for (const i of idx.buckets.get(prefix) ?? []) idx.seen[i] = covered;
    const rest = new TopK(limit - out.length);
    for (let i = 0; i < idx.products.length; i++) {
      const missed = missedAt(idx, i, n, idx.seen[i] === covered);
      if (missed > 0) rest.offer(-missed, i);
    }
    for (let r = 0; r < rest.ords.length; r++) {
      const product = idx.products[rest.ords[r]];
      out.push(explain ? withProduct(evaluate(need, product, ctx), product) : bare(need.id, product, false, 0));
    }
  }
  return out;
}

/**
 * The best banks for a need, for bulk runs (派单): the need's top `productLimit`
 * eligible products — exactly those of `rankProductsForNeed(need, idx, ctx,
 * { limit: productLimit, explain: false })`, in the same order — reduced to each
 * bank's first (best) product, at most `bankLimit` banks, best first. Builds no
 * per-product result objects.
 */
export function bestBanksForNeed(
  need: NeedForMatch,
  idx: ProductIndex,
  ctx: MatchContext,
  productLimit: number,
  bankLimit: number,
): { bankId: string; score: number }[] {
  if (idx.lpr1yBp !== ctx.lpr1yBp) idx = createProductIndex(idx.products, ctx);
  const top = topEligible(idx, prepareNeed(need, ctx), Math.max(0, productLimit));
  const out: { bankId: string; score: number }[] = [];
  for (let r = 0; r < top.ords.length && out.length < bankLimit; r++) {
    const bankId = idx.products[top.ords[r]].bankId;
    if (out.some((b) => b.bankId === bankId)) continue;
    out.push({ bankId, score: top.keys[r] });
  }
  return out;
}

/**
 * Needs for one product: eligible ones by score (desc) then id; with
 * `includeExcluded`, excluded ones follow (fewest missed rules first, then id).
 */
export function rankNeedsForProduct(
  product: ProductForMatch,
  needs: readonly NeedForMatch[],
  ctx: MatchContext,
  opts: RankOptions = {},
): NeedMatch[] {
  const limit = Math.max(0, opts.limit ?? DEFAULT_LIMIT);
  const explain = opts.explain ?? true;
  const idx = createProductIndex([product], ctx);
  const sorted = [...needs].sort(byId);
  const prefixes = new Map<string, number>();
  for (const r of product.regions) {
    const p = regionPrefix(r);
    prefixes.set(p, Math.max(prefixes.get(p) ?? 0, coverLevel(p.length)));
  }
  const levelFor = (code: string): number => {
    let best = 0;
    for (const [p, l] of prefixes) if (l > best && code.startsWith(p)) best = l;
    return best;
  };
  const top = new TopK(limit);
  const rest = new TopK(opts.includeExcluded ? limit : 0);
  for (let j = 0; j < sorted.length; j++) {
    const need = sorted[j];
    const n = prepareNeed(need, ctx);
    const level = levelFor(need.enterprise.regionCode);
    if (level > 0 && passesAt(idx, 0, n)) top.offer(scoreAt(idx, 0, n, level), j);
    else if (opts.includeExcluded) rest.offer(-missedAt(idx, 0, n, level > 0), j);
  }
  const toMatch = (need: NeedForMatch, eligible: boolean, score: number): NeedMatch => {
    const { product: _p, ...ev } = explain ? withProduct(evaluate(need, product, ctx), product) : bare(need.id, product, eligible, score);
    return { ...ev, need };
  };
  const out: NeedMatch[] = top.ords.map((j, r) => toMatch(sorted[j], true, top.keys[r]));
  if (opts.includeExcluded) {
    for (const j of rest.ords) {
      if (out.length >= limit) break;
      out.push(toMatch(sorted[j], false, 0));
    }
  }
  return out;
}
