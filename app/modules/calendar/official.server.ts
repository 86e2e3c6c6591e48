/**
 * The statutory calendar (法定节假日 and 调休上班 days) as published each year by
 * the State Council, from the `chinese-days` package: it is kept upstream and
 * updated when the next year's notice comes out, so nobody types holidays in.
 *
 * Only the days that differ from the plain weekend rule are kept: a weekday that
 * is a holiday → "holiday", a weekend day that is worked → "workday". Years past
 * the package's data fall back to weekends only (upgrade the package when the
 * State Council publishes the next year's arrangement, usually in November).
 * Per-region overrides from the settings table are applied on top of this
 * (settings.server.ts).
 */
import chineseDays from 'chinese-days';
import type { DayOverride, Holidays } from './working-days';

/** The years the calendar is built for (the package starts with 2004). */
const FIRST_YEAR = 2004;
const DAY_MS = 86_400_000;

let official: Map<string, DayOverride> | null = null;

function lastYear(): number {
  // the package covers up to the year after the current one at most
  return new Date().getUTCFullYear() + 2;
}

/** Official holidays and 调休 workdays that differ from the weekend rule (memoized). */
export function officialCalendar(): Holidays {
  if (official) return official;
  const map = new Map<string, DayOverride>();
  const end = Date.UTC(lastYear(), 11, 31);
  for (let ms = Date.UTC(FIRST_YEAR, 0, 1); ms <= end; ms += DAY_MS) {
    const date = new Date(ms).toISOString().slice(0, 10);
    const dow = new Date(ms).getUTCDay();
    const weekend = dow === 0 || dow === 6;
    const work = chineseDays.isWorkday(date);
    if (work === weekend) map.set(date, work ? 'workday' : 'holiday');
  }
  official = map;
  return map;
}

/** The package's name for the day, e.g. "国庆节", when it is a holiday or 调休 day. */
export function officialDayName(date: string): string | null {
  if (!officialCalendar().has(date)) return null;
  const detail = chineseDays.getDayDetail(date);
  const parts = detail.name.split(',');
  return parts.length >= 2 ? parts[1] : null;
}
