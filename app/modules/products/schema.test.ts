import { parseWithZod } from '@conform-to/zod';
import { describe, expect, it } from 'vitest';
import { formatAmountRange, formatProductRate, bpToPercentInput } from './format';
import { parsePercentBp, productEditSchema, productFiltersFromUrl, productFormSchema } from './schema';

const known = (c: string) => ['410000', '410400', '410481'].includes(c);

function parse(fields: Record<string, string | string[]>, edit = false) {
  const fd = new FormData();
  const base: Record<string, string | string[]> = {
    name: '税易贷',
    category: 'tax',
    amountMin: '10',
    amountMax: '300',
    termMin: '1',
    termMax: '12',
    rateType: 'lpr',
    rateMin: '0.35',
    rateMax: '1.2',
    guarantees: ['credit'],
    regions: ['410400'],
  };
  for (const [k, v] of Object.entries({ ...base, ...fields })) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  return parseWithZod(fd, { schema: edit ? productEditSchema({ isKnownRegion: known }) : productFormSchema({ isKnownRegion: known }) });
}

describe('product form schema', () => {
  it('turns 万元 into 元 and percent into basis points', () => {
    const r = parse({ guarantees: ['credit', 'mortgage'], regions: ['410400', '410481'], industries: 'C', minYears: '2' });
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.value).toMatchObject({
      amountMin: 100_000,
      amountMax: 3_000_000,
      rateMin: 35,
      rateMax: 120,
      guarantees: ['credit', 'mortgage'],
      industries: ['C'],
      sizes: [],
      minYears: 2,
    });
  });

  it('accepts negative LPR spreads down to −5.00 %', () => {
    expect(parse({ rateMin: '-0.5', rateMax: '+0.5' }).status).toBe('success');
    expect(parse({ rateMin: '−5', rateMax: '10' }).status).toBe('success');
    expect(parse({ rateMin: '-5.01' }).reply().error).toMatchObject({ rateMin: ['products.v.spreadRange'] });
    expect(parse({ rateMax: '10.01' }).reply().error).toMatchObject({ rateMax: ['products.v.spreadRange'] });
  });

  it('checks fixed rates against 0–100 %', () => {
    expect(parse({ rateType: 'fixed', rateMin: '3.45', rateMax: '4.35' }).status).toBe('success');
    expect(parse({ rateType: 'fixed', rateMin: '-1', rateMax: '4' }).reply().error).toMatchObject({
      rateMin: ['products.v.fixedRateRange'],
    });
    expect(parse({ rateType: 'fixed', rateMin: '3', rateMax: '120' }).reply().error).toMatchObject({
      rateMax: ['products.v.fixedRateRange'],
    });
    expect(parse({ rateType: 'fixed', rateMin: '3.456', rateMax: '4' }).reply().error).toMatchObject({ rateMin: ['rate.invalid'] });
  });

  it('refuses min > max for amount, term and rate', () => {
    expect(parse({ amountMin: '500', amountMax: '300' }).reply().error).toMatchObject({ amountMax: ['products.v.amountOrder'] });
    expect(parse({ termMin: '24', termMax: '12' }).reply().error).toMatchObject({ termMax: ['products.v.termOrder'] });
    expect(parse({ rateMin: '1', rateMax: '0.5' }).reply().error).toMatchObject({ rateMax: ['products.v.rateOrder'] });
  });

  it('refuses term 0 or over 360 months, unknown codes, missing guarantees and regions', () => {
    expect(parse({ termMin: '0' }).reply().error?.termMin?.[0]).toMatch(/^v\.range/);
    expect(parse({ termMax: '361' }).reply().error?.termMax?.[0]).toMatch(/^v\.range/);
    expect(parse({ regions: ['999999'] }).reply().error).toMatchObject({ regions: ['v.region'] });
    expect(parse({ regions: [] }).reply().error).toMatchObject({ regions: ['products.v.regionRequired'] });
    expect(parse({ industries: ['Z'] }).reply().error).toMatchObject({ industries: ['v.industry'] });
    expect(parse({ guarantees: [] }).reply().error).toMatchObject({ guarantees: ['products.v.guaranteeRequired'] });
    expect(parse({ guarantees: ['cash'] }).reply().error).toMatchObject({ guarantees: ['v.choice'] });
    expect(parse({ name: 'x'.repeat(61) }).reply().error?.name?.[0]).toMatch(/^v\.tooLong/);
  });

  it('requires the minimum new hires for employment-linked categories only', () => {
    expect(parse({ category: 'job_stable' }).reply().error).toMatchObject({ minNewHires: ['products.v.newHiresRequired'] });
    expect(parse({ category: 'startup_guarantee', minNewHires: '3' }).status).toBe('success');
    expect(parse({ category: 'tax' }).status).toBe('success');
  });

  it('needs the version for edits', () => {
    expect(parse({}, true).reply().error).toHaveProperty('version');
    expect(parse({ version: '3' }, true).status).toBe('success');
  });

  it('parses percent strings', () => {
    expect(parsePercentBp('3.45')).toBe(345);
    expect(parsePercentBp('3.45%')).toBe(345);
    expect(parsePercentBp('+0.35')).toBe(35);
    expect(parsePercentBp('-0.2')).toBe(-20);
    expect(parsePercentBp('３.５')).toBe(350);
    expect(parsePercentBp('abc')).toBeNull();
    expect(parsePercentBp('1.234')).toBeNull();
  });
});

describe('directory query string', () => {
  const f = (qs: string) => productFiltersFromUrl(new URL(`http://x/products?${qs}`), { isKnownRegion: known });

  it('reads valid filters', () => {
    const r = f('amount=200&term=24&guarantee=credit&industry=C&region=410481&category=tech&bank_type=city&q=纺织&sort=rate&page=2');
    expect(r.errors).toEqual({});
    expect(r.filters).toEqual({
      amount: 2_000_000,
      term: 24,
      guarantee: 'credit',
      industry: 'C',
      region: '410481',
      category: 'tech',
      bankType: 'city',
      q: '纺织',
      sort: 'rate',
      page: 2,
    });
    expect(f('amount=0.5').filters.amount).toBe(5_000);
    // the one money parser: the same units and limits as the forms
    expect(f('amount=1.5亿').filters.amount).toBe(150_000_000);
    expect(f('amount=0.00001').errors.amount).toBe('money.tooPrecise');
  });

  it('drops bad values and names them', () => {
    const r = f('amount=abc&term=0&guarantee=x&industry=Z&region=999999&category=y&bank_type=z&sort=no&page=-1');
    expect(r.filters).toEqual({ sort: 'newest', page: 1 });
    expect(Object.keys(r.errors).sort()).toEqual(['amount', 'bank_type', 'category', 'guarantee', 'industry', 'region', 'sort', 'term']);
  });
});

describe('display', () => {
  it('formats rates, LPR spreads and amount ranges', () => {
    expect(formatProductRate('lpr', 35, 35)).toBe('LPR + 0.35%');
    expect(formatProductRate('lpr', -20, 50)).toBe('LPR − 0.20% ~ LPR + 0.50%');
    expect(formatProductRate('lpr', 0, 0)).toBe('LPR');
    expect(formatProductRate('fixed', 345, 435)).toBe('3.45%–4.35%');
    expect(formatAmountRange(100_000, 3_000_000)).toBe('10–300万元');
    expect(bpToPercentInput(-20)).toBe('-0.20');
    expect(bpToPercentInput(345)).toBe('3.45');
  });
});
