import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, type TempDatabase } from '../../../tests/support/temp-db';
import { officialCalendar, officialDayName } from './official.server';
import { getHolidayOverrides, getHolidays, holidaysLookup, setHolidays } from './settings.server';
import { addWorkingDays, isPastDue, isWorkingDay, workingDaysBetween } from './working-days';

// 2026 as published by the State Council (the yearly 国务院办公厅 notice), checked against the package's data:
// 国庆节 10-01..10-07 off (中秋 09-25..27 is separate), 调休上班 Sunday 09-20 and Saturday 10-10;
// 春节 02-15..02-23 off, 调休上班 Saturday 02-14 and Saturday 02-28; 元旦 01-01..03 off, Sunday 01-04 worked;
// 劳动节 05-01..05 off, Saturday 05-09 worked.
describe('official calendar (chinese-days)', () => {
  const cal = officialCalendar();

  it('knows the 2026 holidays and 调休 workdays', () => {
    for (const d of [
      '2026-10-01',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
      '2026-09-25',
      '2026-02-16',
      '2026-02-23',
      '2026-05-05',
      '2026-01-02',
    ])
      expect(isWorkingDay(d, cal), d).toBe(false);
    for (const d of ['2026-09-20', '2026-10-10', '2026-02-14', '2026-02-28', '2026-01-04', '2026-05-09'])
      expect(isWorkingDay(d, cal), d).toBe(true);
    // 10-08 is an ordinary Thursday again; 10-03 and 10-04 are the weekend inside the holiday
    expect(isWorkingDay('2026-10-08', cal)).toBe(true);
    expect(isWorkingDay('2026-10-03', cal)).toBe(false);
    expect(officialDayName('2026-10-01')).toBe('国庆节');
    expect(officialDayName('2026-10-10')).toBe('国庆节');
    expect(officialDayName('2026-11-23')).toBeNull();
  });

  it('counts deadlines across National Day', () => {
    // Wednesday 09-30 + 1 working day: 10-01..07 off → Thursday 10-08; then Friday 10-09, Saturday 10-10 (worked)
    expect(addWorkingDays('2026-09-30', 1, cal)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, cal)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 4, cal)).toBe('2026-10-12');
    expect(workingDaysBetween('2026-09-30', '2026-10-12', cal)).toBe(4);
    // Friday 09-18 + 1 → Sunday 09-20 (调休上班)
    expect(addWorkingDays('2026-09-18', 1, cal)).toBe('2026-09-20');
    expect(isPastDue('2026-09-29', 3, '2026-10-09', cal)).toBe(false);
    expect(isPastDue('2026-09-29', 3, '2026-10-10', cal)).toBe(true);
  });

  it('spans Spring Festival 2026', () => {
    // Friday 02-13 + 1 → Saturday 02-14 (worked); + 2 → Tuesday 02-24 after 02-15..23 off
    expect(addWorkingDays('2026-02-13', 1, cal)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2, cal)).toBe('2026-02-24');
  });
});

let t: TempDatabase;
beforeAll(async () => {
  t = await createTempDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

describe('per-region overrides on top of the official calendar', () => {
  it('without overrides, every region gets the official calendar', async () => {
    const h = await getHolidays(t.db, '410481');
    expect(isWorkingDay('2026-10-01', h)).toBe(false);
    expect(isWorkingDay('2026-10-10', h)).toBe(true);
  });

  it('layers platform, province, city and county overrides, nearest last', async () => {
    await setHolidays(t.db, new Map([['2026-11-23', 'holiday']]), null); // platform-wide
    await setHolidays(t.db, new Map([['2026-11-24', 'holiday']]), null, '410000');
    await setHolidays(
      t.db,
      new Map([
        ['2026-11-25', 'holiday'],
        ['2026-11-24', 'workday'],
      ]),
      null,
      '410400',
    );
    await setHolidays(t.db, new Map([['2026-10-10', 'holiday']]), null, '410481');
    const county = await getHolidays(t.db, '410481');
    expect(isWorkingDay('2026-11-23', county)).toBe(false);
    expect(isWorkingDay('2026-11-24', county)).toBe(true); // the city's workday beats the province's holiday
    expect(isWorkingDay('2026-11-25', county)).toBe(false);
    expect(isWorkingDay('2026-10-10', county)).toBe(false); // the county's own override beats the official 调休
    expect(isWorkingDay('2026-10-01', county)).toBe(false); // official still applies

    const otherCity = await getHolidays(t.db, '410100');
    expect(isWorkingDay('2026-11-24', otherCity)).toBe(false); // province
    expect(isWorkingDay('2026-11-25', otherCity)).toBe(true); // not 410400's
    expect(isWorkingDay('2026-10-10', otherCity)).toBe(true);

    const elsewhere = await getHolidays(t.db, '110101');
    expect(isWorkingDay('2026-11-24', elsewhere)).toBe(true);
    expect(isWorkingDay('2026-11-23', elsewhere)).toBe(false);

    expect([...(await getHolidayOverrides(t.db, '410481'))]).toEqual([['2026-10-10', 'holiday']]);
    const lookup = holidaysLookup(t.db);
    expect(isWorkingDay('2026-11-25', await lookup('410481'))).toBe(false);
    expect(isWorkingDay('2026-11-25', await lookup(null))).toBe(true);
  });
});
