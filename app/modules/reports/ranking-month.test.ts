import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chinaMonth,
  formatPercentBp,
  formatPointsBp,
  isMonth,
  monthEnd,
  monthStartIso,
  previousMonth,
  ratioBp,
  RankingQuerySchema,
} from './ranking-month';

describe('months', () => {
  it('validates YYYY-MM', () => {
    expect(['2026-11', '2000-01', '2100-12'].every(isMonth)).toBe(true);
    expect(['2026-13', '2026-00', '2026-1', '26-11', '1999-12', '2101-01', '2026-11-01', ''].some(isMonth)).toBe(false);
    expect(RankingQuerySchema.safeParse({ month: '2026-13' }).success).toBe(false);
    expect(RankingQuerySchema.safeParse({}).success).toBe(true);
  });

  it('steps back a month across the year and knows month ends (leap years too)', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
    expect(monthEnd('2026-02')).toBe('2026-02-28');
    expect(monthEnd('2028-02')).toBe('2028-02-29');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
    expect(monthEnd('2026-04')).toBe('2026-04-30');
  });

  it('uses China Standard Time for the month of an instant and its first instant', () => {
    expect(chinaMonth(new Date('2026-10-31T16:00:00Z'))).toBe('2026-11');
    expect(chinaMonth(new Date('2026-10-31T15:59:59Z'))).toBe('2026-10');
    expect(monthStartIso('2026-11')).toBe('2026-10-31T16:00:00.000Z');
  });
});

describe('ratios in basis points', () => {
  it('rounds half up on integers, with no rate when the whole is zero', () => {
    expect(ratioBp(600, 9000)).toBe(667);
    expect(ratioBp(1, 3)).toBe(3333);
    expect(ratioBp(1, 8)).toBe(1250);
    expect(ratioBp(1, 20_000)).toBe(1); // 0.5 bp rounds up
    expect(ratioBp(0, 5)).toBe(0);
    expect(ratioBp(5, 0)).toBeNull();
    // sums of 元 far beyond 2^53 / 10,000 stay exact
    expect(ratioBp(999_949_999_999, 1_000_000_000_000)).toBe(9999);
    expect(ratioBp(999_950_000_000, 1_000_000_000_000)).toBe(10000);
  });

  it('is never off by more than half a basis point (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000_000 }), fc.integer({ min: 0, max: 1_000 }), (whole, permille) => {
        const part = Math.floor((whole * permille) / 1000);
        const bp = ratioBp(part, whole)!;
        expect(Math.abs(bp - (part * 10_000) / whole)).toBeLessThanOrEqual(0.5 + 1e-9);
      }),
    );
  });

  it('formats percentages and percentage points', () => {
    expect(formatPercentBp(8527)).toBe('85.3%');
    expect(formatPercentBp(10000)).toBe('100.0%');
    expect(formatPercentBp(667)).toBe('6.7%');
    expect(formatPercentBp(0)).toBe('0.0%');
    expect(formatPercentBp(null)).toBe('—');
    expect(formatPointsBp(130)).toBe('+1.3');
    expect(formatPointsBp(-45)).toBe('-0.5');
    expect(formatPointsBp(4)).toBe('0.0');
    expect(formatPointsBp(null)).toBe('—');
  });

  it('shows rank changes with arrows', () => {});
});
