/** The row schema of each kind: what a valid row becomes, and the error of each bad cell. */
import { describe, expect, it } from 'vitest';
import { withCheckChar } from '~/modules/organizations/credit-code';
import { agreementRowSchema, AGREEMENT_COLUMNS } from './agreements.server';
import { bankRowSchema, BANK_COLUMNS } from './banks.server';
import { enterpriseRowSchema, ENTERPRISE_COLUMNS } from './enterprises.server';
import { HANDLERS } from './import.server';
import { productRowSchema, PRODUCT_COLUMNS } from './products.server';
import type { ColumnDef } from './types';
import { ROW_KINDS } from './types';

const actor = { id: 'u', regionCode: '410400', organizationId: null };
const TODAY = '2026-11-25';
const example = (columns: readonly ColumnDef[], over: Record<string, string> = {}) => ({
  ...Object.fromEntries(columns.map((c) => [c.key, c.example])),
  ...over,
});
const issues = (r: { ok: boolean; issues?: { path: string; message: string }[] }) =>
  r.ok ? [] : r.issues!.map((i) => [i.path, i.message]);

describe('every template’s example row', () => {
  it.each(ROW_KINDS)('passes the %s row check', (kind) => {
    const h = HANDLERS[kind];
    const r = h.rowSchema(actor, TODAY).check(example(h.columns));
    expect(issues(r)).toEqual([]);
  });
});

describe('enterprises', () => {
  const schema = enterpriseRowSchema(actor);

  it('turns the example into stored values (万元 → 元, labels → codes)', () => {
    const r = schema.check(example(ENTERPRISE_COLUMNS));
    expect(r).toEqual({
      ok: true,
      value: {
        name: '示例：舞钢市恒达特种钢材有限公司',
        creditCode: withCheckChar('91410481MA9G7XKQ1'),
        regionCode: '410481',
        industry: 'C',
        size: 'small',
        foundedYear: 2015,
        registeredCapital: 5_000_000,
        annualRevenue: 12_005_000,
        employees: 86,
        contactName: '张伟',
        contactPhone: '0375-2345678',
        contactEmail: 'zhangwei@example.com',
        description: '特种钢材深加工',
      },
    });
  });

  it('leaves optional cells empty as null', () => {
    const r = schema.check(
      example(ENTERPRISE_COLUMNS, {
        foundedYear: '',
        registeredCapital: '',
        annualRevenue: '',
        employees: '',
        contactEmail: '',
        description: '',
      }),
    );
    expect(r.ok && [r.value.foundedYear, r.value.registeredCapital, r.value.contactEmail, r.value.description]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('names each bad cell', () => {
    const code = withCheckChar('91410481MA9G7XKQ1');
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const r = schema.check(
      example(ENTERPRISE_COLUMNS, {
        name: '甲',
        creditCode: wrong,
        regionCode: '410102',
        industry: 'Z',
        size: '巨型',
        foundedYear: '1800',
        registeredCapital: '-1',
        employees: '3.5',
        contactPhone: '110',
        contactEmail: 'no-at',
      }),
    );
    expect(issues(r)).toEqual([
      ['name', 'v.tooShort|{"min":2}'],
      ['creditCode', 'creditCode.check'],
      ['regionCode', 'v.regionOutOfScope'],
      ['industry', 'v.industry'],
      ['size', 'imports.e.choice|{"value":"巨型"}'],
      ['foundedYear', `v.range|{"min":1900,"max":${new Date().getUTCFullYear()}}`],
      ['registeredCapital', 'money.negative'],
      ['employees', 'v.int'],
      ['contactPhone', 'org.v.contactPhone'],
      ['contactEmail', 'v.email'],
    ]);
  });

  it('is also a zod schema with the column as path', () => {
    const r = schema.zod.safeParse(example(ENTERPRISE_COLUMNS, { industry: '' }));
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => [i.path, i.message])).toEqual([[['industry'], 'v.required']]);
  });
});

describe('banks', () => {
  const schema = bankRowSchema(actor);
  it('reads bank types, levels and the regions served', () => {
    const r = schema.check(example(BANK_COLUMNS, { bankType: '城商行', branchLevel: '市级分行', regionsServed: '410402，410481' }));
    expect(r.ok && [r.value.bankType, r.value.branchLevel, r.value.regionsServed, r.value.contactEmail]).toEqual([
      'city',
      'city',
      ['410402', '410481'],
      null,
    ]);
  });
  it('names each bad cell', () => {
    const r = schema.check(example(BANK_COLUMNS, { creditCode: '', bankType: '信托公司', regionsServed: '410481 410102' }));
    expect(issues(r)).toEqual([
      ['creditCode', 'v.required'],
      ['bankType', 'imports.e.choice|{"value":"信托公司"}'],
      ['regionsServed', 'v.regionOutOfScope'],
    ]);
  });
});

describe('products', () => {
  const schema = productRowSchema(actor);
  it('applies the bank form’s rules: 万元 → 元, percent → basis points, codes from labels', () => {
    const r = schema.check(example(PRODUCT_COLUMNS));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      name: '示例：科创信用贷',
      category: 'tech',
      amountMin: 100_000,
      amountMax: 5_000_000,
      termMin: 3,
      termMax: 36,
      rateType: 'lpr',
      rateMin: 35,
      rateMax: 120,
      guarantees: ['credit', 'guarantee'],
      industries: ['C', 'I'],
      sizes: ['small', 'micro'],
      minYears: 2,
      regions: ['410481'],
    });
  });
  it('reports rules across columns on the later column', () => {
    expect(issues(schema.check(example(PRODUCT_COLUMNS, { amountMin: '600', termMin: '48', rateMax: '0.1' })))).toEqual([
      ['amountMax', 'products.v.amountOrder'],
      ['termMax', 'products.v.termOrder'],
      ['rateMax', 'products.v.rateOrder'],
    ]);
    expect(issues(schema.check(example(PRODUCT_COLUMNS, { category: '稳岗贷', minNewHires: '' })))).toEqual([
      ['minNewHires', 'products.v.newHiresRequired'],
    ]);
    expect(issues(schema.check(example(PRODUCT_COLUMNS, { rateType: '固定利率', rateMin: '-1' })))).toEqual([
      ['rateMin', 'products.v.fixedRateRange'],
    ]);
  });
  it('names each bad cell', () => {
    expect(
      issues(schema.check(example(PRODUCT_COLUMNS, { guarantees: '', amountMin: 'abc', termMax: '十二', rateMin: '三点五' }))),
    ).toEqual([['guarantees', 'products.v.guaranteeRequired']]);
    expect(issues(schema.check(example(PRODUCT_COLUMNS, { amountMin: 'abc', termMax: '十二', rateMin: '三点五' })))).toEqual([
      ['amountMin', 'money.invalid'],
      ['termMax', 'v.int'],
      ['rateMin', 'rate.invalid'],
    ]);
  });
});

describe('agreements', () => {
  const schema = agreementRowSchema(actor, TODAY);
  it('reads amounts in 万元 and dates written in several ways', () => {
    const r = schema.check(example(AGREEMENT_COLUMNS, { amount: '3.177亿', signedOn: '2026年3月8日', termMonths: '', bankSignatory: '' }));
    expect(r.ok && [r.value.amount, r.value.signedOn, r.value.termMonths, r.value.bankSignatory]).toEqual([
      317_700_000,
      '2026-03-08',
      null,
      null,
    ]);
  });
  it('names each bad cell', () => {
    expect(
      issues(
        schema.check(
          example(AGREEMENT_COLUMNS, {
            documentNo: 'x'.repeat(41),
            amount: '0',
            signedOn: '2026-11-26',
            termMonths: '0',
            enterpriseCreditCode: '123',
          }),
        ),
      ),
    ).toEqual([
      ['documentNo', 'v.tooLong|{"max":40}'],
      ['enterpriseCreditCode', 'creditCode.length'],
      ['amount', 'imports.e.amountPositive'],
      ['signedOn', 'imports.e.dateFuture'],
      ['termMonths', 'v.range|{"min":1,"max":360}'],
    ]);
    expect(issues(schema.check(example(AGREEMENT_COLUMNS, { signedOn: '2026-02-29', amount: '-3' })))).toEqual([
      ['amount', 'money.negative'],
      ['signedOn', 'imports.e.date'],
    ]);
  });
});
