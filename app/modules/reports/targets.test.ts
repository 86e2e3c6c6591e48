import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elapsedDays, monthsSoFar, parsePeriod, periodsContaining, progress } from './targets';

const periodArb = fc
  .tuple(fc.integer({ min: 2020, max: 2030 }), fc.constantFrom(null, 1, 2, 3, 4))
  .map(([y, q]) => parsePeriod(q ? `${y}-Q${q}` : String(y))!);
const dateArb = fc
  .date({ min: new Date('2019-06-01T00:00:00Z'), max: new Date('2031-06-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const amount = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000_000_000 }));

describe('periods', () => {
  it('reads a year and a quarter, leap years included', () => {
    expect(parsePeriod('2026')).toMatchObject({ start: '2026-01-01', end: '2026-12-31', fromMonth: '2026-01', toMonth: '2026-12' });
    expect(parsePeriod('2028-Q1')).toMatchObject({ start: '2028-01-01', end: '2028-03-31', quarter: 1 });
    expect(parsePeriod('2026-Q4')).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(elapsedDays(parsePeriod('2028')!, '2028-12-31')).toEqual({ elapsed: 366, total: 366 });
    expect(elapsedDays(parsePeriod('2026-Q1')!, '2026-02-28')).toEqual({ elapsed: 59, total: 90 });
    for (const bad of ['26', '2026-Q5', '2026-Q0', '2026-1', '2026Q1', '']) expect(parsePeriod(bad)).toBeNull();
    expect(periodsContaining('2026-11-05')).toEqual(['2026', '2026-Q4']);
    expect(periodsContaining('2026-03-31')).toEqual(['2026', '2026-Q1']);
  });

  it('counts the months signed so far, up to the date and within the period', () => {
    const y = parsePeriod('2026')!;
    expect(monthsSoFar(y, '2025-12-31')).toBeNull();
    expect(monthsSoFar(y, '2026-10-31')).toEqual({ from: '2026-01', to: '2026-10' });
    expect(monthsSoFar(y, '2027-02-01')).toEqual({ from: '2026-01', to: '2026-12' });
  });
});

describe('progress', () => {
  it('gives 完成率 and 时序进度, behind when the first is below the second', () => {
    // 2026-06-30: 181 of 365 days = 49.6%
    const p = progress(parsePeriod('2026')!, 100_000_000, 40_000_000, '2026-06-30');
    expect(p).toMatchObject({ completionBp: 4000, timeShareBp: 4959, behind: true });
    expect(progress(parsePeriod('2026')!, 100_000_000, 50_000_000, '2026-06-30').behind).toBe(false);
    // over: the whole period has elapsed, and 完成率 may pass 100%
    expect(progress(parsePeriod('2025-Q4')!, 1000, 1500, '2026-03-01')).toMatchObject({
      completionBp: 15000,
      timeShareBp: 10000,
      behind: false,
      asOf: '2025-12-31',
    });
    // not begun: nobody is behind
    expect(progress(parsePeriod('2027')!, 1000, 0, '2026-12-06')).toMatchObject({ timeShareBp: 0, behind: false });
    // a zero target: no 完成率, never behind
    expect(progress(parsePeriod('2026')!, 0, 0, '2026-12-06')).toMatchObject({ completionBp: null, behind: false });
  });

  it('time share stays within 0–100% and never falls as the date moves on', () => {
    fc.assert(
      fc.property(periodArb, dateArb, dateArb, (period, a, b) => {
        const [d1, d2] = a <= b ? [a, b] : [b, a];
        const s1 = progress(period, 1, 0, d1).timeShareBp;
        const s2 = progress(period, 1, 0, d2).timeShareBp;
        expect(s1).toBeGreaterThanOrEqual(0);
        expect(s2).toBeLessThanOrEqual(10000);
        expect(s1).toBeLessThanOrEqual(s2);
        if (d2 < period.start) expect(s2).toBe(0);
        if (d1 >= period.end) expect(s1).toBe(10000);
      }),
    );
  });

  it('behind exactly when actual ÷ target < elapsed ÷ total; more reached never makes a unit behind', () => {
    fc.assert(
      fc.property(periodArb, dateArb, amount, amount, amount, (period, asOf, target, actual, more) => {
        const p = progress(period, target, actual, asOf);
        const { elapsed, total } = elapsedDays(period, asOf);
        expect(p.behind).toBe(target > 0 && BigInt(actual) * BigInt(total) < BigInt(target) * BigInt(elapsed));
        if (p.behind) {
          // the rounded figures never contradict it: 完成率 shown ≤ 时序进度 shown
          expect(p.completionBp!).toBeLessThanOrEqual(p.timeShareBp);
        }
        if (!progress(period, target, actual, asOf).behind) expect(progress(period, target, actual + more, asOf).behind).toBe(false);
        // at the end of the period, behind = the target not reached
        const atEnd = progress(period, target, actual, period.end);
        expect(atEnd.behind).toBe(target > 0 && actual < target);
        // before it starts, nobody is behind
        if (asOf < period.start) expect(p.behind).toBe(false);
      }),
    );
  });
});
