// The dry run's review, as pure functions (issue 13, points 11 and 12): the
// amounts' total and the ones needing a confirmation, the columns changed on
// the platform since the last import, and changes shown stored → new.
import { describe, expect, it } from 'vitest';
import { platformConflicts, sameMark } from './marks.server';
import { AMOUNT_CAP_YUAN, fieldChanges, lowerMedian, showAmount, showMoney, summariseAmounts } from './review';

const row = (n: number, wan: number, action: 'create' | 'update' | 'unchanged' | 'kept' = 'create') => ({
  sheet: null,
  row: n,
  action,
  amount: wan * 10_000,
});

describe('amounts', () => {
  it('shows 万元 below 1亿 and 亿元 from there', () => {
    expect(showAmount(5_000_000)).toBe('500万元');
    expect(showAmount(50_000_000_000)).toBe('500亿元');
    expect(showAmount(317_700_000)).toBe('3.177亿元');
    expect(showMoney(null)).toBe('—');
  });

  it('takes the lower middle as the median', () => {
    expect(lowerMedian([5])).toBe(5);
    expect(lowerMedian([300, 5_000_000])).toBe(300);
    expect(lowerMedian([3, 1, 2])).toBe(2);
  });

  it('flags 5000000 typed in 元 into the 万元 column (500亿元): above the cap for one letter', () => {
    const s = summariseAmounts([row(2, 300), row(3, 500), row(4, 5_000_000)]);
    expect(s).toEqual({
      count: 3,
      total: 50_008_000_000,
      median: 5_000_000,
      outliers: [{ sheet: null, row: 4, amount: 50_000_000_000, reason: 'cap' }],
    });
    // one such letter alone too
    expect(summariseAmounts([row(2, 5_000_000)])!.outliers).toHaveLength(1);
    // exactly 50亿元 is still a possible letter
    expect(summariseAmounts([row(2, AMOUNT_CAP_YUAN / 10_000)])!.outliers).toEqual([]);
  });

  it('flags an amount above 100 times the file’s median, and nothing in a usual file', () => {
    expect(summariseAmounts([row(2, 100), row(3, 120), row(4, 90), row(5, 20_000)])!.outliers).toEqual([
      { sheet: null, row: 5, amount: 200_000_000, reason: 'median' },
    ]);
    expect(summariseAmounts([row(2, 100), row(3, 120), row(4, 9_000)])!.outliers).toEqual([]);
  });

  it('asks only about rows the import writes', () => {
    expect(summariseAmounts([row(2, 100), row(3, 5_000_000, 'unchanged'), row(4, 5_000_000, 'kept')])!.outliers).toEqual([]);
    expect(summariseAmounts([{ sheet: null, row: 2, action: 'create' }])).toBeNull();
  });
});

describe('changed on the platform since the last import', () => {
  const mark = { fields: { amount: 5_000_000, term_months: 12 }, fileName: 'a.csv', importedAt: '2026-12-01T00:00:00.000Z' };

  it('is every changing column when no import wrote the row', () => {
    expect(platformConflicts(['amount', 'term_months'], { amount: 8_000_000, term_months: 12 }, undefined)).toEqual([
      'amount',
      'term_months',
    ]);
  });

  it('is the changing columns whose stored value differs from what the last import wrote', () => {
    // corrected 500万 → 800万 on the page; the file says 500万 again
    expect(platformConflicts(['amount'], { amount: 8_000_000, term_months: 12 }, mark)).toEqual(['amount']);
    // the file changes only the term, which nobody touched
    expect(platformConflicts(['term_months'], { amount: 8_000_000, term_months: 12 }, mark)).toEqual([]);
    expect(platformConflicts(['amount'], { amount: 5_000_000, term_months: 12 }, mark)).toEqual([]);
  });

  it('needs no new mark when it holds the same values', () => {
    expect(sameMark(mark, { amount: 5_000_000, term_months: 12 })).toBe(true);
    expect(sameMark(mark, { amount: 8_000_000, term_months: 12 })).toBe(false);
    expect(sameMark(undefined, { amount: 5_000_000 })).toBe(false);
  });

  it('shows each change stored → new, with the platform’s changes marked', () => {
    expect(
      fieldChanges(
        { amount: 5_000_000, bank_signatory: '王芳' },
        { amount: 8_000_000, bank_signatory: '' },
        { amount: 'col.amount', bank_signatory: 'col.bank' },
        ['amount'],
        { amount: showMoney },
      ),
    ).toEqual([
      { column: 'col.amount', before: '800万元', after: '500万元', platform: true },
      { column: 'col.bank', before: '—', after: '王芳', platform: false },
    ]);
  });
});
