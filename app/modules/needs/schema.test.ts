import { parseWithZod } from '@conform-to/zod';
import { describe, expect, it } from 'vitest';
import { makeTranslator } from '~/i18n/translate';
import { diffValues } from './edits.server';
import { regionBounds } from './directory.server';
import { directoryFiltersFromUrl, FinancingNeedSchema, financingEditSchema, HiringNeedSchema, isValidDate, todayInChina } from './schema';

function form(entries: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  return fd;
}

const VALID = {
  title: '购置纺织设备技术改造',
  amount: '800',
  term_months: '36',
  purpose: 'tech_upgrade',
  guarantees: ['mortgage', 'guarantee'],
  max_rate: '4.35',
  wanted_by: '',
  description: '',
  attachments: '报告.pdf\n\n  审计报告.pdf  ',
};

function errors(result: { status?: string; reply: () => { error?: Record<string, string[] | null> | null } }): Record<string, string[]> {
  return result.status === 'success' ? {} : ((result.reply().error ?? {}) as Record<string, string[]>);
}

describe('financing need schema', () => {
  it('turns 万元 into 元, percent into basis points, lines into attachment names', () => {
    const r = parseWithZod(form({ ...VALID, intent: 'publish' }), { schema: FinancingNeedSchema });
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.value).toMatchObject({
      amount: 8_000_000,
      term_months: 36,
      max_rate: 435,
      guarantees: ['mortgage', 'guarantee'],
      attachments: ['报告.pdf', '审计报告.pdf'],
      intent: 'publish',
    });
    expect(r.value.wanted_by).toBeUndefined();
    expect(r.value.description).toBeUndefined();
  });

  it('accepts an amount with its own unit and no rate at all', () => {
    const r = parseWithZod(form({ ...VALID, amount: '1.5亿', max_rate: '' }), { schema: FinancingNeedSchema });
    expect(r.status === 'success' && r.value).toMatchObject({ amount: 150_000_000, max_rate: undefined, intent: 'draft' });
  });

  it('gives a message key per bad field', () => {
    const e = errors(
      parseWithZod(
        form({
          ...VALID,
          title: 'x'.repeat(101),
          amount: 'abc',
          term_months: '0',
          purpose: 'nope',
          guarantees: ['credit', 'bogus'],
          max_rate: '100.01',
          wanted_by: '2020-01-01',
        }),
        { schema: FinancingNeedSchema },
      ),
    );
    expect(e.title).toEqual(['v.tooLong|{"max":100}']);
    expect(e.amount).toEqual(['money.invalid']);
    expect(e.term_months).toEqual(['v.range|{"min":1,"max":360}']);
    expect(e.purpose).toEqual(['v.choice']);
    expect(e['guarantees[1]']).toEqual(['v.choice']);
    expect(e.max_rate).toEqual(['rate.range']);
    expect(e.wanted_by).toEqual(['needs.v.datePast']);
  });

  it('refuses zero, 361 months, no guarantee, bad dates and bad attachment names', () => {
    const e = errors(
      parseWithZod(
        form({ ...VALID, amount: '0', term_months: '361', guarantees: [], wanted_by: '2026-02-30', attachments: '../etc/passwd' }),
        { schema: FinancingNeedSchema },
      ),
    );
    expect(e.amount).toEqual(['needs.v.amountPositive']);
    expect(e.term_months).toEqual(['v.range|{"min":1,"max":360}']);
    expect(e.guarantees).toEqual(['needs.v.guaranteeRequired']);
    expect(e.wanted_by).toEqual(['needs.v.date']);
    expect(e.attachments).toEqual(['needs.v.attachmentName']);
    const many = errors(
      parseWithZod(form({ ...VALID, attachments: Array.from({ length: 11 }, (_, i) => `f${i}.pdf`).join('\n') }), {
        schema: FinancingNeedSchema,
      }),
    );
    expect(many.attachments).toEqual(['needs.v.attachmentsMax|{"max":10}']);
    const rate = errors(parseWithZod(form({ ...VALID, max_rate: '-1' }), { schema: FinancingNeedSchema }));
    expect(rate.max_rate).toEqual(['rate.invalid']);
  });

  it('keeps an old wanted-by date on edit but refuses a new past one', () => {
    const schema = financingEditSchema('2020-05-01');
    expect(parseWithZod(form({ ...VALID, wanted_by: '2020-05-01', intent: 'save', version: '3' }), { schema }).status).toBe('success');
    expect(errors(parseWithZod(form({ ...VALID, wanted_by: '2020-05-02', intent: 'save', version: '3' }), { schema })).wanted_by).toEqual([
      'needs.v.datePast',
    ]);
    expect(parseWithZod(form({ ...VALID, wanted_by: todayInChina(), intent: 'save', version: '3' }), { schema }).status).toBe('success');
  });

  it('has Chinese and English texts for every message it can produce', () => {
    const zh = makeTranslator('zh-CN');
    const en = makeTranslator('en');
    for (const key of [
      'needs.v.amountPositive',
      'needs.v.guaranteeRequired',
      'needs.v.datePast',
      'needs.v.date',
      'needs.v.attachmentName',
      'needs.v.wageRange',
      'needs.v.positionsRequired',
      'needs.err.stale',
      'needs.err.editReasonRequired',
    ]) {
      expect(zh(key)).not.toBe(key);
      expect(en(key)).not.toBe(key);
    }
    expect(zh('needs.v.attachmentsMax|{"max":10}')).toBe('最多 10 个附件');
  });
});

describe('hiring need schema', () => {
  const row = (i: number, v: [string, string, string, string, string]) => ({
    [`positions[${i}].title`]: v[0],
    [`positions[${i}].headcount`]: v[1],
    [`positions[${i}].wage_min`]: v[2],
    [`positions[${i}].wage_max`]: v[3],
    [`positions[${i}].skills`]: v[4],
  });
  const empty = (i: number) => row(i, ['', '', '', '', '']);

  it('ignores empty rows and keeps the filled ones in order', () => {
    const r = parseWithZod(
      form({
        title: '招工',
        training_support: 'on',
        ...empty(0),
        ...row(1, ['挡车工', '20', '4500', '6000', '']),
        ...empty(2),
        ...row(3, ['机修工', '4', '6000', '8000', '电工证']),
        ...empty(4),
      }),
      { schema: HiringNeedSchema },
    );
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.value.training_support).toBe(true);
    expect(r.value.positions).toEqual([
      { title: '挡车工', headcount: 20, wage_min: 4500, wage_max: 6000, skills: undefined },
      { title: '机修工', headcount: 4, wage_min: 6000, wage_max: 8000, skills: '电工证' },
    ]);
  });

  it('asks for at least one position, complete rows, headcount ≥ 1 and min ≤ max', () => {
    expect(errors(parseWithZod(form({ title: '招工', ...empty(0) }), { schema: HiringNeedSchema })).positions).toEqual([
      'needs.v.positionsRequired',
    ]);
    const e = errors(
      parseWithZod(form({ title: '招工', ...row(0, ['挡车工', '0', '6000', '4000', '']), ...row(1, ['', '3', '', '', '']) }), {
        schema: HiringNeedSchema,
      }),
    );
    expect(e['positions[0].headcount']).toEqual(['v.range|{"min":1,"max":10000}']);
    expect(e['positions[0].wage_max']).toEqual(['needs.v.wageRange']);
    expect(e['positions[1].title']).toEqual(['v.required']);
    expect(e['positions[1].wage_min']).toEqual(['v.required']);
    const notNumber = errors(
      parseWithZod(form({ title: '招工', ...row(0, ['挡车工', '很多', '4000', '5000', '']) }), { schema: HiringNeedSchema }),
    );
    expect(notNumber['positions[0].headcount']).toEqual(['v.int']);
  });
});

describe('directory filters from the URL', () => {
  it('reads good values and drops malformed ones', () => {
    const f = directoryFiltersFromUrl(
      new URL(
        'http://x/needs?kind=hiring&amount_min=100.5&amount_max=abc&term_min=0&term_max=36&guarantee=ip_pledge&industry=Z&region=410400&purpose=rnd&size=small&q=%20纺织%20&sort=bogus&page=3',
      ),
    );
    expect(f).toMatchObject({
      kind: 'hiring',
      amountMin: 1_005_000,
      amountMax: undefined,
      termMin: undefined,
      termMax: 36,
      guarantee: 'ip_pledge',
      industry: undefined,
      region: '410400',
      purpose: 'rnd',
      size: 'small',
      q: '纺织',
      sort: 'newest',
      page: 3,
    });
    expect(directoryFiltersFromUrl(new URL('http://x/needs?page=-1&region=4104')).page).toBe(1);
    expect(directoryFiltersFromUrl(new URL('http://x/needs?region=4104')).region).toBeUndefined();
  });

  it('reads amounts with the one money parser (units as in the forms)', () => {
    const f = directoryFiltersFromUrl(new URL('http://x/needs?amount_min=1亿&amount_max=1,200'));
    expect(f).toMatchObject({ amountMin: 100_000_000, amountMax: 12_000_000 });
  });

  it('turns a region into index-friendly code bounds that cover its sub-regions', () => {
    expect(regionBounds('410000')).toEqual({ gte: '41', lt: '42' });
    expect(regionBounds('410400')).toEqual({ gte: '4104', lt: '4105' });
    expect(regionBounds('410481')).toEqual({ eq: '410481' });
    expect(regionBounds('419900')).toEqual({ gte: '4199', lt: '4200' });
  });
});

describe('edit history diff', () => {
  it('lists changed fields only, with before and after', () => {
    const before = { title: 'a', amount: 1, guarantees: ['credit'], description: undefined, max_rate: null };
    const after = { title: 'a', amount: 2, guarantees: ['credit', 'mortgage'], description: undefined, max_rate: undefined };
    expect(diffValues(before, after, ['title', 'amount', 'guarantees', 'description', 'max_rate'])).toEqual({
      amount: [1, 2],
      guarantees: [['credit'], ['credit', 'mortgage']],
    });
  });
});

describe('dates', () => {
  it('validates calendar dates', () => {
    expect(isValidDate('2026-02-28')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-2-1')).toBe(false);
    expect(todayInChina(new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
  });
});
