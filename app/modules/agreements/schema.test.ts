import { parseWithZod } from '@conform-to/zod';
import { describe, expect, it } from 'vitest';
import { agreementFiltersFromUrl, filtersQuery, newAgreementSchema, TrancheSchema } from './schema';

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
}

describe('the new-agreement form', () => {
  const base = { amount: '500', signedOn: '2026-11-26', enterpriseId: 'demoent000000001' };

  it('takes 万元 and gives integer 元; optional fields stay optional', () => {
    const r = parseWithZod(form({ ...base, amount: '3.177亿', termMonths: '' }), { schema: newAgreementSchema('bank') });
    expect(r.status).toBe('success');
    if (r.status !== 'success') return;
    expect(r.value).toMatchObject({ amount: 317_700_000, enterpriseId: 'demoent000000001', signedOn: '2026-11-26' });
    expect(r.value.termMonths).toBeUndefined();
    expect(r.value.eventId).toBeUndefined();
  });

  it('says clearly what is wrong with an amount', () => {
    const cases: [string, string][] = [
      ['-5', 'money.negative'],
      ['abc', 'money.invalid'],
      ['0', 'agreements.v.amountPositive'],
      ['0.00001', 'money.tooPrecise'],
      ['', 'v.required'],
    ];
    for (const [amount, key] of cases) {
      const r = parseWithZod(form({ ...base, amount }), { schema: newAgreementSchema('bank') });
      expect(r.status, amount).toBe('error');
      expect(r.reply().error?.amount, amount).toEqual([key]);
    }
  });

  it('asks each role for the counterparties it must name', () => {
    const bank = parseWithZod(form({ amount: '1', signedOn: '2026-11-26' }), { schema: newAgreementSchema('bank') }).reply().error;
    expect(bank?.enterpriseId).toEqual(['agreements.v.enterpriseRequired']);
    expect(bank?.bankId).toBeUndefined();
    const org = parseWithZod(form({ amount: '1', signedOn: '2026-11-26' }), { schema: newAgreementSchema('organizer') }).reply().error;
    expect(org?.bankId).toEqual(['agreements.v.bankRequired']);
    expect(org?.enterpriseId).toEqual(['agreements.v.enterpriseRequired']);
    const bad = parseWithZod(form({ ...base, signedOn: '2026-02-30', eventId: '../x' }), { schema: newAgreementSchema('bank') }).reply()
      .error;
    expect(bad?.signedOn).toEqual(['agreements.v.date']);
    expect(bad?.eventId).toEqual(['v.choice']);
  });

  it('checks tranche forms the same way', () => {
    const r = parseWithZod(form({ intent: 'disburse', version: '2', trancheAmount: '-1', disbursedOn: '2026-11-26' }), {
      schema: TrancheSchema,
    });
    expect(r.reply().error?.trancheAmount).toEqual(['money.negative']);
  });
});

describe('list filters from the URL', () => {
  it('keeps valid filters, drops and reports bad ones', () => {
    const { filters, errors } = agreementFiltersFromUrl(
      new URL('http://x/agreements?status=signed&from=2026-01&to=2025-12&bank=abc123&late=1&q=%20纺织%20'),
    );
    expect(filters).toEqual({ status: 'signed', from: '2026-01', to: '2025-12', bankId: 'abc123', late: true, q: '纺织' });
    expect(errors).toEqual({ to: 'agreements.v.monthOrder' });
    const bad = agreementFiltersFromUrl(new URL('http://x/agreements?status=nope&from=2026-13&event=a%20b'));
    expect(bad.filters).toEqual({});
    expect(bad.errors).toEqual({ status: 'v.choice', from: 'agreements.v.month', event: 'v.choice' });
  });

  it('writes the filters back as a query string', () => {
    expect(filtersQuery({ status: 'signed', q: '纺织', late: '' })).toBe('?status=signed&q=%E7%BA%BA%E7%BB%87');
    expect(filtersQuery({})).toBe('');
  });
});
