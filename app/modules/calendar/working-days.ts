/**
 * Working days (工作日) for response deadlines. Pure: no database, no clock.
 *
 * Saturdays and Sundays are rest days unless an override says "workday"
 * (调休上班); any date may be overridden to "holiday" (法定节假日). Overrides
 * come from the settings table, key `holidays`, as JSON:
 * `{"2026-10-01":"holiday","2026-10-11":"workday"}`.
 *
 * Dates are `YYYY-MM-DD` in China Standard Time (UTC+8, no daylight saving).
 */

export type DayOverride = 'holiday' | 'workday';
export type Holidays = ReadonlyMap<string, DayOverride>;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;
/** The IANA zone of China Standard Time, for Intl formatting and cron schedules. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

export const NO_HOLIDAYS: Holidays = new Map();

function toUtcMs(date: string): number {
  if (!DATE_RE.test(date)) throw new RangeError(`not a date: ${date}`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return ms;
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** A UTC timestamp as `nowIso()` writes it (seconds, optional milliseconds, `Z`). */
const UTC_ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:[0-5]\d:[0-5]\d(?:\.\d{1,3})?Z$/;
/**
 * The China dates of a UTC date's instants: before 16:00 UTC, and from 16:00 on (UTC+8 has
 * no daylight saving, so every UTC date splits there). Kept per UTC date: a few thousand
 * dates cover years of rows, where a key per hour did not fit the memo.
 */
const chinaDatesOfDay = new Map<string, readonly [string, string]>();
const CHINA_DATE_MEMO_MAX = 20_000;

function chinaDateOfMs(ms: number, instant: string | Date): string {
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${String(instant)}`);
  return fromUtcMs(ms + CST_OFFSET_MS);
}

/**
 * The China-local calendar date of an instant (ISO timestamp or Date). Lists call it
 * for every row (a directory's dates, the dashboard's pickup of thousands of needs):
 * a stored UTC timestamp's date is looked up by its UTC date and hour instead of going
 * through a Date each time.
 */
export function chinaDate(instant: string | Date): string {
  if (typeof instant !== 'string') return chinaDateOfMs(instant.getTime(), instant);
  if (!UTC_ISO_RE.test(instant)) return chinaDateOfMs(Date.parse(instant), instant);
  const day = instant.slice(0, 10);
  let dates = chinaDatesOfDay.get(day);
  if (dates === undefined) {
    dates = [chinaDateOfMs(Date.parse(`${day}T00:00:00Z`), instant), chinaDateOfMs(Date.parse(`${day}T16:00:00Z`), instant)];
    if (chinaDatesOfDay.size >= CHINA_DATE_MEMO_MAX) chinaDatesOfDay.clear();
    chinaDatesOfDay.set(day, dates);
  }
  return instant.slice(11, 13) < '16' ? dates[0] : dates[1];
}

/** A real calendar date written YYYY-MM-DD. */
export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today's date in China (UTC+8), `YYYY-MM-DD`: "not in the past" is judged by local users. */
export function todayInChina(now: Date = new Date()): string {
  return chinaDate(now);
}

/** An instant as a Date whose UTC fields are China's wall clock (for spreadsheet cells, which carry no zone). */
export function chinaWallClock(instant: string | Date): Date {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + CST_OFFSET_MS);
}

/** The first instant (UTC ISO) of the China-local day `date`. */
export function chinaDayStartIso(date: string): string {
  return new Date(toUtcMs(date) - CST_OFFSET_MS).toISOString();
}

/** The first instant (UTC ISO) of the China-local day after `date`. */
export function chinaDayEndIso(date: string): string {
  return new Date(toUtcMs(date) + DAY_MS - CST_OFFSET_MS).toISOString();
}

/** Reads the `holidays` setting; entries that are not a valid date → holiday/workday are ignored. */
export function parseHolidays(json: string | null | undefined): Map<string, DayOverride> {
  const map = new Map<string, DayOverride>();
  if (!json) return map;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return map;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return map;
  for (const [date, kind] of Object.entries(raw as Record<string, unknown>)) {
    if (!DATE_RE.test(date) || (kind !== 'holiday' && kind !== 'workday')) continue;
    try {
      toUtcMs(date);
    } catch {
      continue;
    }
    map.set(date, kind);
  }
  return map;
}

export function isWorkingDay(date: string, holidays: Holidays = NO_HOLIDAYS): boolean {
  const override = holidays.get(date);
  if (override) return override === 'workday';
  const dow = new Date(toUtcMs(date)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The date `n` working days after `date` (n ≥ 0). With n = 0 it is `date` itself.
 * A need published on Monday with 3 working days to answer is due by Thursday.
 */
export function addWorkingDays(date: string, n: number, holidays: Holidays = NO_HOLIDAYS): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a working-day count: ${n}`);
  let ms = toUtcMs(date);
  let left = n;
  while (left > 0) {
    ms += DAY_MS;
    if (isWorkingDay(fromUtcMs(ms), holidays)) left--;
  }
  return fromUtcMs(ms);
}

/**
 * Working days after `from` up to and including `to` (0 when `to` ≤ `from`).
 * Monday → Thursday is 3; Friday → Monday is 1.
 */
export function workingDaysBetween(from: string, to: string, holidays: Holidays = NO_HOLIDAYS): number {
  let ms = toUtcMs(from);
  const end = toUtcMs(to);
  let count = 0;
  while (ms < end) {
    ms += DAY_MS;
    if (isWorkingDay(fromUtcMs(ms), holidays)) count++;
  }
  return count;
}

/** Overdue: `today` is after the deadline of `n` working days from `start`. */
export function isPastDue(start: string, n: number, today: string, holidays: Holidays = NO_HOLIDAYS): boolean {
  return today > addWorkingDays(start, n, holidays);
}

/**
 * The latest start date that is past due on `today`: every start ≤ the result is
 * overdue, every later one is not (addWorkingDays is monotone). Lets a query
 * filter `published_at` with one comparison.
 */
export function latestOverdueStart(today: string, n: number, holidays: Holidays = NO_HOLIDAYS): string {
  let d = addDays(today, -1);
  // n working days back need at most n + weekends + holidays; bounded well below this.
  for (let i = 0; i < 3660; i++) {
    if (addWorkingDays(d, n, holidays) < today) return d;
    d = addDays(d, -1);
  }
  return d;
}

/** "2026-11-23 09:30" in China Standard Time, for display. */
export function chinaDateTime(instant: string | null | undefined): string {
  if (!instant) return '';
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
