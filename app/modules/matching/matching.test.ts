import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GUARANTEE_CODES,
  NEED_PURPOSE_CODES,
  PRODUCT_CATEGORY_CODES,
  guaranteeMask,
  industryMask,
  sizeMask,
} from '~/modules/catalog/codes';
import { INDUSTRY_CODES, SIZE_CODES } from '~/modules/organizations/reference';
import { regionCovers } from '~/modules/regions/regions.server';
import { makeTranslator } from '~/i18n/translate';
import { zh as zhMessages, en as enMessages } from '~/i18n/messages/matching';
import { formatRate, parseMoney } from '~/utils/money';
import {
  HARD_CRITERIA,
  SOFT_CRITERIA,
  bestBanksForNeed,
  createProductIndex,
  evaluate,
  rankNeedsForProduct,
  rankProductsForNeed,
  type Criterion,
  type HardCriterionKey,
  type MatchContext,
  type NeedForMatch,
  type ProductForMatch,
} from './index';

const ctx: MatchContext = { lpr1yBp: 300, today: '2026-11-25' };
const WAN = 10_000;

/* ---------- a reference implementation of the hard rules, written independently ---------- */

function referenceRules(need: NeedForMatch, p: ProductForMatch, c: MatchContext): Record<HardCriterionKey, boolean> {
  const e = need.enterprise;
  const eff = p.rateType === 'lpr' ? c.lpr1yBp + p.rateMinBp : p.rateMinBp;
  const years = e.foundedYear == null ? null : Number(c.today.slice(0, 4)) - e.foundedYear;
  const offered = GUARANTEE_CODES.filter((_, i) => need.guaranteeMask & (1 << i));
  const accepted = GUARANTEE_CODES.filter((_, i) => p.guaranteeMask & (1 << i));
  return {
    amount: p.amountMin <= need.amount && need.amount <= p.amountMax,
    term: p.termMin <= need.termMonths && need.termMonths <= p.termMax,
    guarantee: accepted.includes('credit') || offered.some((g) => accepted.includes(g)),
    region: p.regions.some((r) => regionCovers(r, e.regionCode)),
    industry: p.industryMask === 0 || (e.industry != null && (p.industryMask & industryMask([e.industry as never])) !== 0),
    size: p.sizeMask === 0 || (e.size != null && (p.sizeMask & sizeMask([e.size as never])) !== 0),
    years: p.minYears === 0 || (years != null && years >= p.minYears),
    rate: need.maxRateBp == null || eff <= need.maxRateBp,
    employment: !p.employmentLinked || need.plannedHires >= p.minNewHires,
  };
}
const referenceEligible = (n: NeedForMatch, p: ProductForMatch, c = ctx) => Object.values(referenceRules(n, p, c)).every(Boolean);

/* ---------- generators ---------- */

const COUNTIES = ['410102', '410181', '410402', '410481', '410482', '411002', '420102'];
const REGIONS = ['410000', '410100', '410400', '411000', '420000', '420100', ...COUNTIES];

const needArb: fc.Arbitrary<Omit<NeedForMatch, 'id'>> = fc.record({
  amount: fc.oneof(
    fc.integer({ min: 1, max: 50_000 }).map((w) => w * WAN),
    fc.integer({ min: 0, max: 600_000_000 }),
  ),
  termMonths: fc.integer({ min: 1, max: 120 }),
  guaranteeMask: fc.integer({ min: 0, max: 127 }),
  maxRateBp: fc.option(fc.integer({ min: 150, max: 1200 }), { nil: null }),
  purpose: fc.constantFrom(...NEED_PURPOSE_CODES),
  enterprise: fc.record({
    id: fc.constantFrom('e1', 'e2', 'e3'),
    regionCode: fc.constantFrom(...COUNTIES, '410400'),
    industry: fc.option(fc.constantFrom(...INDUSTRY_CODES), { nil: null }),
    size: fc.option(fc.constantFrom(...SIZE_CODES), { nil: null }),
    foundedYear: fc.option(fc.integer({ min: 1990, max: 2026 }), { nil: null }),
  }),
  plannedHires: fc.integer({ min: 0, max: 120 }),
});

/** Most of the time each restriction is lifted, so that enough products are eligible. */
const productArb: fc.Arbitrary<Omit<ProductForMatch, 'id'>> = fc
  .record({
    bankId: fc.constantFrom('b1', 'b2'),
    name: fc.constant('产品'),
    category: fc.constantFrom(...PRODUCT_CATEGORY_CODES),
    amounts: fc.oneof(
      { arbitrary: fc.constant([0, 1_000_000_000]), weight: 3 },
      fc
        .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 60_000 }))
        .map(([a, b]) => [Math.min(a, b) * WAN, Math.max(a, b) * WAN]),
    ),
    terms: fc.oneof(
      { arbitrary: fc.constant([1, 120]), weight: 3 },
      fc.tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 120 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]),
    ),
    rateType: fc.constantFrom('fixed' as const, 'lpr' as const),
    rate: fc.integer({ min: -80, max: 900 }),
    spreadWidth: fc.integer({ min: 0, max: 300 }),
    guaranteeMask: fc.oneof({ arbitrary: fc.constant(guaranteeMask(['credit'])), weight: 2 }, fc.integer({ min: 1, max: 127 })),
    industryMask: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, fc.integer({ min: 1, max: (1 << 20) - 1 })),
    sizeMask: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, fc.integer({ min: 1, max: 15 })),
    minYears: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, fc.integer({ min: 1, max: 8 })),
    employmentLinked: fc.oneof({ arbitrary: fc.constant(false), weight: 2 }, fc.constant(true)),
    minNewHires: fc.integer({ min: 0, max: 60 }),
    regions: fc.oneof(
      { arbitrary: fc.constant(['410000']), weight: 2 },
      fc.uniqueArray(fc.constantFrom(...REGIONS), { maxLength: 3 }),
    ) as fc.Arbitrary<string[]>,
  })
  .map(({ amounts, terms, rate, spreadWidth, rateType, ...p }) => ({
    ...p,
    rateType,
    amountMin: amounts[0],
    amountMax: amounts[1],
    termMin: terms[0],
    termMax: terms[1],
    // fixed rates are positive; LPR spreads may be negative
    rateMinBp: rateType === 'fixed' ? Math.max(100, rate) : Math.min(rate, 300),
    rateMaxBp: (rateType === 'fixed' ? Math.max(100, rate) : Math.min(rate, 300)) + spreadWidth,
  }));

const withIds = <T>(prefix: string, items: T[]) => items.map((it, i) => ({ ...it, id: `${prefix}${String(i).padStart(4, '0')}` }));
const needWithId = needArb.map((n) => ({ ...n, id: 'n0001' }));
const productsArb = fc.array(productArb, { maxLength: 40 }).map((ps) => withIds('p', ps));
const ctxArb = fc.record({ lpr1yBp: fc.integer({ min: 250, max: 400 }), today: fc.constantFrom('2026-11-25', '2024-01-01') });

/** Pairs whose numbers sit on, or one step past, the product's limits. */
const boundaryPairArb = fc
  .tuple(
    productArb,
    needArb,
    fc.constantFrom(-1, 0, 1),
    fc.constantFrom(-1, 0, 1),
    fc.constantFrom(-1, 0),
    fc.constantFrom(-1, 0),
    fc.constantFrom(-1, 0),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([p0, n0, da, dt, dr, dh, dy, lowEnd, lowTerm]) => {
    const product = { ...p0, id: 'p1' };
    const eff = product.rateType === 'lpr' ? ctx.lpr1yBp + product.rateMinBp : product.rateMinBp;
    const need: NeedForMatch = {
      ...n0,
      id: 'n1',
      amount: Math.max(
        0,
        (lowEnd ? product.amountMin - (da === 1 ? 1 : 0) : product.amountMax + (da === 1 ? 1 : 0)) + (da === -1 ? (lowEnd ? 1 : -1) : 0),
      ),
      termMonths: Math.max(1, lowTerm ? product.termMin - (dt === 1 ? 1 : 0) : product.termMax + (dt === 1 ? 1 : 0)),
      maxRateBp: eff + dr,
      plannedHires: Math.max(0, product.minNewHires + dh),
      enterprise: { ...n0.enterprise, foundedYear: 2026 - product.minYears - dy },
    };
    return { need, product };
  });

const hard = (cs: Criterion[]) => cs.filter((c) => c.hard);
const soft = (cs: Criterion[]) => cs.filter((c) => !c.hard);

/* ---------- properties ---------- */

describe('matching properties', () => {
  it('a product that breaks any hard rule never appears in the ranking; every eligible one does', () => {
    let eligibleSeen = 0;
    let excludedSeen = 0;
    fc.assert(
      fc.property(needWithId, productsArb, ctxArb, (need, products, c) => {
        const ranked = rankProductsForNeed(need, products, c, { limit: 1000 });
        const expected = products
          .filter((p) => referenceEligible(need, p, c))
          .map((p) => p.id)
          .sort();
        expect(ranked.map((r) => r.productId).sort()).toEqual(expected);
        for (const r of ranked) expect(r.eligible).toBe(true);
        eligibleSeen += expected.length;
        excludedSeen += products.length - expected.length;
      }),
      { numRuns: 300 },
    );
    // the generators must exercise both outcomes, or the property says nothing
    expect(eligibleSeen).toBeGreaterThan(100);
    expect(excludedSeen).toBeGreaterThan(100);
  });

  it('each criterion’s met agrees with the rule, and eligible ⇔ all hard criteria met', () => {
    const pairArb = fc.oneof(
      fc.record({ need: needWithId, product: productArb.map((p) => ({ ...p, id: 'p1' })), c: ctxArb }),
      boundaryPairArb.map((x) => ({ ...x, c: ctx })),
    );
    fc.assert(
      fc.property(pairArb, ({ need, product, c }) => {
        const ev = evaluate(need, product, c);
        const rules = referenceRules(need, product, c);
        expect(hard(ev.criteria).map((x) => x.key)).toEqual([...HARD_CRITERIA]);
        for (const cr of hard(ev.criteria)) expect(cr.met, cr.key).toBe(rules[cr.key as HardCriterionKey]);
        expect(ev.eligible).toBe(hard(ev.criteria).every((x) => x.met));
        expect(ev.missed).toEqual(
          hard(ev.criteria)
            .filter((x) => !x.met)
            .map((x) => x.key),
        );
        if (ev.eligible) {
          expect(soft(ev.criteria).map((x) => x.key)).toEqual([...SOFT_CRITERIA]);
          const sum = soft(ev.criteria).reduce((s, x) => s + Number(x.params.points), 0);
          expect(ev.score).toBe(sum);
          expect(ev.score).toBeGreaterThanOrEqual(0);
          expect(ev.score).toBeLessThanOrEqual(100);
          for (const s of soft(ev.criteria)) expect(s.met).toBe(Number(s.params.points) * 2 >= Number(s.params.weight));
        } else {
          expect(soft(ev.criteria)).toEqual([]);
          expect(ev.score).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('explanations agree with the numbers and translate completely in both languages', () => {
    const tZh = makeTranslator('zh-CN');
    const tEn = makeTranslator('en');
    fc.assert(
      fc.property(needWithId, productArb, ctxArb, (need, p0, c) => {
        const product = { ...p0, id: 'p1' };
        const ev = evaluate(need, product, c);
        for (const cr of ev.criteria) {
          expect(zhMessages).toHaveProperty([cr.messageKey]);
          expect(enMessages).toHaveProperty([cr.messageKey]);
          for (const text of [tZh(cr.messageKey, cr.params), tEn(cr.messageKey, cr.params)]) {
            expect(text, cr.messageKey).not.toMatch(/\{\w+\}/);
          }
        }
        const byKey = Object.fromEntries(ev.criteria.map((x) => [x.key, x]));
        const a = byKey.amount.params;
        expect(parseMoney(String(a.amount), '万元')).toEqual({ ok: true, yuan: need.amount });
        expect(parseMoney(String(a.min), '万元')).toEqual({ ok: true, yuan: product.amountMin });
        expect(parseMoney(String(a.max), '万元')).toEqual({ ok: true, yuan: product.amountMax });
        expect(Number(String(a.amountYuan).replace(/,/g, ''))).toBe(need.amount);
        expect(byKey.amount.messageKey).toBe(
          need.amount < product.amountMin
            ? 'matching.amount.below'
            : need.amount > product.amountMax
              ? 'matching.amount.above'
              : 'matching.amount.within',
        );
        expect(byKey.term.params).toEqual({ term: need.termMonths, min: product.termMin, max: product.termMax });
        const eff = product.rateType === 'lpr' ? c.lpr1yBp + product.rateMinBp : product.rateMinBp;
        expect(byKey.rate.params.rate).toBe(formatRate(eff));
        if (need.maxRateBp != null) expect(byKey.rate.params.maxRate).toBe(formatRate(need.maxRateBp));
        if (product.rateType === 'lpr') expect(byKey.rate.params.lpr).toBe(formatRate(c.lpr1yBp));
        expect(byKey.employment.params).toEqual({ hires: need.plannedHires, minHires: product.minNewHires });
      }),
      { numRuns: 300 },
    );
  });

  it('ranking is sorted, deterministic in any input order, and the index gives the same answer', () => {
    fc.assert(
      fc.property(
        needWithId,
        productsArb.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length, maxLength: ps.length }))),
        fc.integer({ min: 1, max: 15 }),
        (need, [products, shuffled], limit) => {
          const a = rankProductsForNeed(need, products, ctx, { limit });
          const b = rankProductsForNeed(need, shuffled, ctx, { limit });
          const idx = createProductIndex(shuffled, ctx);
          const c = rankProductsForNeed(need, idx, ctx, { limit });
          const d = rankProductsForNeed(need, idx, ctx, { limit, explain: false });
          expect(b).toEqual(a);
          expect(c).toEqual(a);
          expect(d.map((x) => [x.productId, x.score])).toEqual(a.map((x) => [x.productId, x.score]));
          expect(a.length).toBe(Math.min(limit, products.filter((p) => referenceEligible(need, p)).length));
          for (let i = 1; i < a.length; i++) {
            const [x, y] = [a[i - 1], a[i]];
            expect(x.score > y.score || (x.score === y.score && x.productId < y.productId)).toBe(true);
          }
          // the top `limit` are the best of all eligible ones
          const all = rankProductsForNeed(need, products, ctx, { limit: 1000 });
          expect(a).toEqual(all.slice(0, limit));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('bestBanksForNeed is the ranking’s top products reduced to each bank’s best one', () => {
    fc.assert(
      fc.property(
        needWithId,
        productsArb,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (need, products, productLimit, bankLimit) => {
          // more banks than the arbitrary's two, so that the bank limit bites
          const ps = products.map((p, i) => ({ ...p, bankId: `b${i % 7}` }));
          const idx = createProductIndex(ps, ctx);
          const expected: { bankId: string; score: number }[] = [];
          for (const m of rankProductsForNeed(need, ps, ctx, { limit: productLimit })) {
            if (expected.length >= bankLimit) break;
            if (!expected.some((b) => b.bankId === m.bankId)) expected.push({ bankId: m.bankId, score: m.score });
          }
          expect(bestBanksForNeed(need, idx, ctx, productLimit, bankLimit)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('includeExcluded lists eligible products first, then excluded ones by fewest missed rules', () => {
    fc.assert(
      fc.property(needWithId, productsArb, (need, products) => {
        const out = rankProductsForNeed(need, products, ctx, { limit: 1000, includeExcluded: true });
        expect(out.length).toBe(products.length);
        const firstExcluded = out.findIndex((x) => !x.eligible);
        if (firstExcluded >= 0) {
          expect(out.slice(firstExcluded).every((x) => !x.eligible)).toBe(true);
          const ex = out.slice(firstExcluded);
          for (let i = 1; i < ex.length; i++) {
            const [x, y] = [ex[i - 1], ex[i]];
            expect(x.missed.length < y.missed.length || (x.missed.length === y.missed.length && x.productId < y.productId)).toBe(true);
          }
        }
        for (const x of out) expect(x.eligible).toBe(referenceEligible(need, x.product));
      }),
      { numRuns: 150 },
    );
  });

  it('rankNeedsForProduct returns exactly the eligible needs, sorted and independent of input order', () => {
    fc.assert(
      fc.property(
        productArb,
        fc
          .array(needArb, { maxLength: 40 })
          .map((ns) => withIds('n', ns))
          .chain((ns) => fc.tuple(fc.constant(ns), fc.shuffledSubarray(ns, { minLength: ns.length, maxLength: ns.length }))),
        (p0, [needs, shuffled]) => {
          const product = { ...p0, id: 'p1' };
          const a = rankNeedsForProduct(product, needs, ctx, { limit: 1000 });
          const b = rankNeedsForProduct(product, shuffled, ctx, { limit: 1000 });
          expect(b).toEqual(a);
          expect(a.map((x) => x.needId).sort()).toEqual(
            needs
              .filter((n) => referenceEligible(n, product))
              .map((n) => n.id)
              .sort(),
          );
          for (const x of a) expect(x.score).toBe(evaluate(x.need, product, ctx).score);
          for (let i = 1; i < a.length; i++) {
            const [x, y] = [a[i - 1], a[i]];
            expect(x.score > y.score || (x.score === y.score && x.needId < y.needId)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

/* ---------- examples: each rule at its boundary ---------- */

function baseNeed(over: Partial<NeedForMatch> = {}, ent: Partial<NeedForMatch['enterprise']> = {}): NeedForMatch {
  return {
    id: 'n1',
    amount: 5_000_000,
    termMonths: 12,
    guaranteeMask: guaranteeMask(['mortgage']),
    maxRateBp: 450,
    purpose: 'working_capital',
    enterprise: { id: 'e1', regionCode: '410481', industry: 'C', size: 'small', foundedYear: 2015, ...ent },
    plannedHires: 0,
    ...over,
  };
}

function baseProduct(over: Partial<ProductForMatch> = {}): ProductForMatch {
  return {
    id: 'p1',
    bankId: 'b1',
    name: '税易贷',
    category: 'tax',
    amountMin: 1_000_000,
    amountMax: 10_000_000,
    termMin: 6,
    termMax: 36,
    rateType: 'fixed',
    rateMinBp: 345,
    rateMaxBp: 450,
    guaranteeMask: guaranteeMask(['mortgage', 'guarantee']),
    industryMask: 0,
    sizeMask: 0,
    minYears: 0,
    employmentLinked: false,
    minNewHires: 0,
    regions: ['410400'],
    ...over,
  };
}

const crit = (n: NeedForMatch, p: ProductForMatch, key: string, c = ctx) => evaluate(n, p, c).criteria.find((x) => x.key === key)!;
const zhT = makeTranslator('zh-CN');
const enT = makeTranslator('en');

describe('matching rules at their boundaries', () => {
  it('amount: equal to min or max is inside, one yuan past is outside, and the sentence says so', () => {
    const p = baseProduct();
    expect(crit(baseNeed({ amount: 1_000_000 }), p, 'amount').met).toBe(true);
    expect(crit(baseNeed({ amount: 10_000_000 }), p, 'amount').met).toBe(true);
    expect(crit(baseNeed({ amount: 999_999 }), p, 'amount').messageKey).toBe('matching.amount.below');
    expect(crit(baseNeed({ amount: 10_000_001 }), p, 'amount').messageKey).toBe('matching.amount.above');
    const c = crit(baseNeed(), p, 'amount');
    expect(zhT(c.messageKey, c.params)).toBe('额度 500万元 在 100–1,000万元 范围内');
    expect(enT(c.messageKey, c.params)).toBe('Amount 5,000,000 yuan is within the range of 1,000,000–10,000,000 yuan');
  });

  it('term: both ends count', () => {
    const p = baseProduct();
    expect(crit(baseNeed({ termMonths: 6 }), p, 'term').met).toBe(true);
    expect(crit(baseNeed({ termMonths: 36 }), p, 'term').met).toBe(true);
    expect(crit(baseNeed({ termMonths: 5 }), p, 'term').met).toBe(false);
    expect(crit(baseNeed({ termMonths: 37 }), p, 'term').met).toBe(false);
    const c = crit(baseNeed({ termMonths: 37 }), p, 'term');
    expect(zhT(c.messageKey, c.params)).toBe('期限 37 个月 长于产品最长期限 36 个月');
  });

  it('rate: fixed and LPR products against the ceiling', () => {
    expect(crit(baseNeed({ maxRateBp: 345 }), baseProduct(), 'rate').met).toBe(true);
    expect(crit(baseNeed({ maxRateBp: 344 }), baseProduct(), 'rate').met).toBe(false);
    // LPR 3.00% + 0.45% = 3.45%
    const lpr = baseProduct({ rateType: 'lpr', rateMinBp: 45, rateMaxBp: 150 });
    expect(crit(baseNeed({ maxRateBp: 345 }), lpr, 'rate').met).toBe(true);
    expect(crit(baseNeed({ maxRateBp: 344 }), lpr, 'rate').met).toBe(false);
    // the same product is out of reach when the LPR rises
    expect(crit(baseNeed({ maxRateBp: 345 }), lpr, 'rate', { ...ctx, lpr1yBp: 310 }).met).toBe(false);
    const c = crit(baseNeed({ maxRateBp: 400 }), lpr, 'rate');
    expect(zhT(c.messageKey, c.params)).toBe('产品最低利率 3.45%（LPR 3.00% +0.45%）不高于可接受上限 4.00%');
    // negative spread
    const below = baseProduct({ rateType: 'lpr', rateMinBp: -20, rateMaxBp: 50 });
    const b = crit(baseNeed({ maxRateBp: 280 }), below, 'rate');
    expect(b.met).toBe(true);
    expect(enT(b.messageKey, b.params)).toBe('The product’s lowest rate 2.80% (LPR 3.00% -0.20%) is within the ceiling of 2.80%');
    expect(crit(baseNeed({ maxRateBp: null }), baseProduct({ rateMinBp: 2000 }), 'rate').met).toBe(true);
  });

  it('guarantee: credit needs no collateral; otherwise one offered type must be accepted', () => {
    const creditOnly = baseProduct({ guaranteeMask: guaranteeMask(['credit']) });
    const nothingOffered = baseNeed({ guaranteeMask: 0 });
    expect(crit(nothingOffered, creditOnly, 'guarantee').messageKey).toBe('matching.guarantee.credit');
    expect(crit(nothingOffered, baseProduct(), 'guarantee').met).toBe(false);
    expect(crit(baseNeed({ guaranteeMask: guaranteeMask(['pledge']) }), baseProduct(), 'guarantee').met).toBe(false);
    const ok = crit(baseNeed({ guaranteeMask: guaranteeMask(['pledge', 'mortgage']) }), baseProduct(), 'guarantee');
    expect(ok.met).toBe(true);
    expect(zhT(ok.messageKey, ok.params)).toBe('产品接受企业可提供的担保方式：抵押');
    const miss = crit(baseNeed({ guaranteeMask: guaranteeMask(['pledge']) }), baseProduct(), 'guarantee');
    expect(zhT(miss.messageKey, miss.params)).toBe('产品要求 保证/担保、抵押，企业可提供 质押');
  });

  it('region: a city covers its counties, a county does not cover its neighbour, the province covers all', () => {
    const n = baseNeed(); // 410481 舞钢市, in 410400 平顶山市
    const city = crit(n, baseProduct({ regions: ['410400'] }), 'region');
    expect(city.met).toBe(true);
    expect(zhT(city.messageKey, city.params)).toBe('企业所在地 舞钢市 在产品服务区域 平顶山市 内');
    expect(crit(n, baseProduct({ regions: ['410481'] }), 'region').messageKey).toBe('matching.region.same');
    expect(crit(n, baseProduct({ regions: ['410482'] }), 'region').met).toBe(false);
    expect(crit(n, baseProduct({ regions: ['410100'] }), 'region').met).toBe(false);
    expect(crit(n, baseProduct({ regions: ['410000'] }), 'region').met).toBe(true);
    expect(crit(n, baseProduct({ regions: ['420000'] }), 'region').met).toBe(false);
    expect(crit(n, baseProduct({ regions: [] }), 'region').messageKey).toBe('matching.region.none');
    // the closer branch scores higher
    const county = evaluate(n, baseProduct({ id: 'a', regions: ['410481'] }), ctx).score;
    const town = evaluate(n, baseProduct({ id: 'b', regions: ['410400'] }), ctx).score;
    const prov = evaluate(n, baseProduct({ id: 'c', regions: ['410000'] }), ctx).score;
    expect(county).toBeGreaterThan(town);
    expect(town).toBeGreaterThan(prov);
    // listing the province and the county: the county counts
    expect(evaluate(n, baseProduct({ regions: ['410000', '410481'] }), ctx).score).toBe(county);
  });

  it('industry, size and years in operation', () => {
    const manufacturing = baseProduct({ industryMask: industryMask(['C']) });
    expect(crit(baseNeed(), manufacturing, 'industry').met).toBe(true);
    expect(crit(baseNeed({}, { industry: 'F' }), manufacturing, 'industry').met).toBe(false);
    expect(crit(baseNeed({}, { industry: null }), manufacturing, 'industry').messageKey).toBe('matching.industry.unknown');
    expect(crit(baseNeed({}, { industry: null }), baseProduct(), 'industry').met).toBe(true);
    const smallMicro = baseProduct({ sizeMask: sizeMask(['small', 'micro']) });
    expect(crit(baseNeed(), smallMicro, 'size').met).toBe(true);
    expect(crit(baseNeed({}, { size: 'large' }), smallMicro, 'size').met).toBe(false);
    const threeYears = baseProduct({ minYears: 3 });
    expect(crit(baseNeed({}, { foundedYear: 2023 }), threeYears, 'years').met).toBe(true); // 2026 − 2023 = 3
    expect(crit(baseNeed({}, { foundedYear: 2024 }), threeYears, 'years').met).toBe(false);
    expect(crit(baseNeed({}, { foundedYear: null }), threeYears, 'years').messageKey).toBe('matching.years.unknown');
    expect(crit(baseNeed({}, { foundedYear: null }), baseProduct(), 'years').met).toBe(true);
  });

  it('employment-linked products need enough planned hires; hiring needs count', () => {
    const jobs = baseProduct({ category: 'job_stable', employmentLinked: true, minNewHires: 10 });
    expect(crit(baseNeed({ plannedHires: 0 }), jobs, 'employment').met).toBe(false);
    expect(crit(baseNeed({ plannedHires: 9 }), jobs, 'employment').met).toBe(false);
    const ok = crit(baseNeed({ plannedHires: 10 }), jobs, 'employment');
    expect(ok.met).toBe(true);
    expect(zhT(ok.messageKey, ok.params)).toBe('计划新增用工 10 人，满足产品至少 10 人的要求');
    expect(crit(baseNeed({ plannedHires: 0 }), baseProduct(), 'employment').messageKey).toBe('matching.employment.notLinked');
    expect(rankProductsForNeed(baseNeed({ plannedHires: 9 }), [jobs], ctx)).toEqual([]);
    expect(rankProductsForNeed(baseNeed({ plannedHires: 12 }), [jobs], ctx).map((m) => m.productId)).toEqual(['p1']);
  });

  it('purpose affinity lifts the fitting category: 研发 ↔ 科技贷, 续贷 ↔ 无还本续贷, 稳岗 ↔ 稳岗贷', () => {
    const products = ['tech', 'renewal', 'job_stable', 'mortgage'].map((category, i) => baseProduct({ id: `p${i}`, category }));
    expect(rankProductsForNeed(baseNeed({ purpose: 'rnd' }), products, ctx)[0].product.category).toBe('tech');
    expect(rankProductsForNeed(baseNeed({ purpose: 'renewal' }), products, ctx)[0].product.category).toBe('renewal');
    expect(rankProductsForNeed(baseNeed({ purpose: 'payroll' }), products, ctx)[0].product.category).toBe('job_stable');
    expect(rankProductsForNeed(baseNeed({ purpose: 'fixed_assets' }), products, ctx)[0].product.category).toBe('mortgage');
  });

  it('a credit loan outranks an otherwise equal secured one; equal scores fall back to id order', () => {
    const secured = baseProduct({ id: 'a' });
    const credit = baseProduct({ id: 'b', guaranteeMask: guaranteeMask(['credit']) });
    expect(rankProductsForNeed(baseNeed(), [secured, credit], ctx).map((m) => m.productId)).toEqual(['b', 'a']);
    const twins = ['z', 'm', 'a'].map((id) => baseProduct({ id }));
    expect(rankProductsForNeed(baseNeed(), twins, ctx).map((m) => m.productId)).toEqual(['a', 'm', 'z']);
    expect(rankProductsForNeed(baseNeed(), twins, ctx, { limit: 2 }).map((m) => m.productId)).toEqual(['a', 'm']);
  });

  it('the index follows a change of LPR', () => {
    const lpr = baseProduct({ rateType: 'lpr', rateMinBp: 45 });
    const idx = createProductIndex([lpr], ctx);
    expect(rankProductsForNeed(baseNeed({ maxRateBp: 345 }), idx, ctx)).toHaveLength(1);
    expect(rankProductsForNeed(baseNeed({ maxRateBp: 345 }), idx, { ...ctx, lpr1yBp: 310 })).toHaveLength(0);
  });
});
