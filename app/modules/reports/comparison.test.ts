import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeBp, comparedMonth, comparedMonths, formatChangeBp, pointsChangeBp, sameMonthLastYear } from './comparison';

describe('dashboard comparisons (decision 036h)', () => {
  it('compares the to month, else the last complete month', () => {
    expect(comparedMonth('2026-06', '2026-12')).toBe('2026-06');
    expect(comparedMonth(undefined, '2026-12')).toBe('2026-11');
    expect(comparedMonth(undefined, '2026-01')).toBe('2025-12');
    expect(sameMonthLastYear('2026-02')).toBe('2025-02');
    expect(comparedMonths('2026-01')).toEqual(['2026-01', '2025-12', '2025-01']);
  });

  it('changes in basis points, half away from zero, none against nothing', () => {
    expect(changeBp(110, 100)).toBe(1000);
    expect(changeBp(90, 100)).toBe(-1000);
    expect(changeBp(0, 100)).toBe(-10000);
    expect(changeBp(5, 0)).toBeNull();
    expect(changeBp(0, 0)).toBeNull();
    // 1/3 → 3333.33… bp; 2/3 → 6666.67 bp
    expect(changeBp(4, 3)).toBe(3333);
    expect(changeBp(5, 3)).toBe(6667);
    expect(changeBp(1, 3)).toBe(-6667);
    // exact beyond 2^53 after × 10,000
    expect(changeBp(900_000_000_000_001, 900_000_000_000_000)).toBe(0);
    expect(pointsChangeBp(1530, 1200)).toBe(330);
    expect(pointsChangeBp(null, 1200)).toBeNull();
  });

  it('is the rounded exact ratio and antisymmetric in sign', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 1, max: 10 ** 12 }), (cur, before) => {
        const bp = changeBp(cur, before)!;
        const exact = ((cur - before) * 10_000) / before;
        expect(Math.abs(bp - exact)).toBeLessThanOrEqual(0.5 + 1e-6);
        expect(Math.sign(bp) === Math.sign(cur - before) || bp === 0).toBe(true);
      }),
    );
  });

  it('formats with a sign', () => {
    expect(formatChangeBp(1234)).toBe('+12.3%');
    expect(formatChangeBp(-400)).toBe('-4.0%');
    expect(formatChangeBp(4)).toBe('0.0%');
    expect(formatChangeBp(null)).toBe('—');
  });
});
