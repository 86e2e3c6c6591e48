import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  chinaDate,
  chinaDayEndIso,
  chinaDateTime,
  isPastDue,
  isWorkingDay,
  latestOverdueStart,
  parseHolidays,
  workingDaysBetween,
} from './working-days';

// 2026-11-23 is a Monday.
const MON = '2026-11-23';

describe('working days', () => {
  it('treats weekends as rest days', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true);
    expect(isWorkingDay('2026-11-27')).toBe(true);
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(isWorkingDay('2026-11-29')).toBe(false);
  });

  it('adds working days across a weekend', () => {
    expect(addWorkingDays(MON, 0)).toBe(MON);
    expect(addWorkingDays(MON, 3)).toBe('2026-11-26');
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30');
    expect(addWorkingDays(MON, 10)).toBe('2026-12-07');
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween(MON, '2026-11-26')).toBe(3);
    expect(workingDaysBetween('2026-11-27', '2026-11-30')).toBe(1);
    expect(workingDaysBetween(MON, MON)).toBe(0);
    expect(workingDaysBetween('2026-11-26', MON)).toBe(0);
  });

  it('applies holiday and make-up workday overrides', () => {
    const h = parseHolidays(
      '{"2026-10-01":"holiday","2026-10-02":"holiday","2026-10-05":"holiday","2026-10-06":"holiday","2026-10-07":"holiday","2026-10-08":"holiday","2026-10-11":"workday"}',
    );
    expect(isWorkingDay('2026-10-01', h)).toBe(false);
    expect(isWorkingDay('2026-10-11', h)).toBe(true); // a Sunday worked in exchange
    // 2026-09-30 (Wed) + 1 working day skips the National Day holidays → Sunday 10-11 (调休上班)
    expect(addWorkingDays('2026-09-30', 1, h)).toBe('2026-10-09');
    expect(addWorkingDays('2026-10-09', 1, h)).toBe('2026-10-11');
    expect(workingDaysBetween('2026-09-30', '2026-10-12', h)).toBe(3);
  });

  it('ignores malformed holiday settings instead of failing', () => {
    expect(parseHolidays('not json').size).toBe(0);
    expect(parseHolidays('[1,2]').size).toBe(0);
    expect([...parseHolidays('{"2026-02-30":"holiday","2026-10-01":"maybe","2026-10-02":"holiday"}')]).toEqual([['2026-10-02', 'holiday']]);
    expect(parseHolidays(null).size).toBe(0);
  });

  it('flags a deadline as past only after its last working day', () => {
    // published Monday, 3 working days → due Thursday
    expect(isPastDue(MON, 3, '2026-11-26')).toBe(false);
    expect(isPastDue(MON, 3, '2026-11-27')).toBe(true);
    // published Tuesday → due Friday; Saturday is already past due
    expect(isPastDue('2026-11-24', 3, '2026-11-28')).toBe(true);
  });

  it('finds the latest overdue start date consistently with isPastDue', () => {
    const h = parseHolidays('{"2026-10-01":"holiday","2026-10-11":"workday"}');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 60 }), (offset, n, back) => {
        const today = new Date(Date.UTC(2026, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const start = new Date(Date.parse(`${today}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
        const cutoff = latestOverdueStart(today, n, h);
        expect(isPastDue(start, n, today, h)).toBe(start <= cutoff);
      }),
      { numRuns: 150 },
    );
  });

  it('converts instants to China-local dates', () => {
    expect(chinaDate('2026-11-23T15:59:59.000Z')).toBe('2026-11-23');
    expect(chinaDate('2026-11-23T16:00:00.000Z')).toBe('2026-11-24');
    expect(chinaDayEndIso('2026-11-23')).toBe('2026-11-23T16:00:00.000Z');
  });

  it('gives the same China date for a stored timestamp the first and the next time, and for a Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        const expected = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
        expect(chinaDate(iso)).toBe(expected);
        expect(chinaDate(iso)).toBe(expected);
        expect(chinaDate(`${iso.slice(0, 19)}Z`)).toBe(expected);
        expect(chinaDate(new Date(ms))).toBe(expected);
      }),
      { numRuns: 300 },
    );
    // not a stored UTC timestamp: parsed as given
    expect(chinaDate('2026-11-23T23:30:00+08:00')).toBe('2026-11-23');
    expect(() => chinaDate('2026-11-23T10:99:00Z')).toThrow(RangeError);
    expect(() => chinaDate('not a time')).toThrow(RangeError);
  });

  it('rejects impossible dates', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays(MON, -1)).toThrow(RangeError);
  });
});

describe('China wall-clock display', () => {
  it('shows an instant in China Standard Time as 2026-11-23 09:30', () => {
    expect(chinaDateTime('2026-11-23T01:30:00Z')).toBe('2026-11-23 09:30');
  });
});
