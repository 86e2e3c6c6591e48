/**
 * Targets and their progress (decision 030d), pure: a period is a calendar year
 * ('2026') or quarter ('2026-Q3'); the 时序进度 (time-elapsed share) of a period on
 * a China-local date is the share of its days that have passed, that date
 * included; the 完成率 is the actual figure over the target; a unit is **behind**
 * when its 完成率 is below the 时序进度 — compared exactly, on integers
 * (actual × days in the period < target × days elapsed), not on rounded percents.
 */
import { ratioBp } from './ranking-month';

export const TARGET_METRICS = ['signed', 'disbursed', 'enterprises'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** Amount metrics are in 元; enterprises is a count. */
export const isAmountMetric = (m: TargetMetric): boolean => m !== 'enterprises';

export interface Period {
  period: string;
  year: number;
  /** 1–4, or null for a whole year */
  quarter: number | null;
  /** first and last day, YYYY-MM-DD, inclusive */
  start: string;
  end: string;
  /** first and last month, YYYY-MM */
  fromMonth: string;
  toMonth: string;
}

const PERIOD = /^(\d{4})(?:-Q([1-4]))?$/;

export function isPeriod(p: string): boolean {
  return PERIOD.test(p);
}

const pad = (n: number) => String(n).padStart(2, '0');

export function parsePeriod(p: string): Period | null {
  const m = PERIOD.exec(p);
  if (!m) return null;
  const year = Number(m[1]);
  const quarter = m[2] ? Number(m[2]) : null;
  const firstMonth = quarter ? quarter * 3 - 2 : 1;
  const lastMonth = quarter ? quarter * 3 : 12;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return {
    period: p,
    year,
    quarter,
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${year}-${pad(lastMonth)}-${pad(lastDay)}`,
    fromMonth: `${year}-${pad(firstMonth)}`,
    toMonth: `${year}-${pad(lastMonth)}`,
  };
}

/** The year and the quarter that contain a date ('2026-11-05' → ['2026', '2026-Q4']). */
export function periodsContaining(date: string): [string, string] {
  const year = date.slice(0, 4);
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  return [year, `${year}-Q${q}`];
}

const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

/** Days of the period, and how many of them have passed on `asOf` (that day included; 0 before, all after). */
export function elapsedDays(period: Period, asOf: string): { elapsed: number; total: number } {
  const start = dayNumber(period.start);
  const total = dayNumber(period.end) - start + 1;
  const elapsed = Math.min(total, Math.max(0, dayNumber(asOf) - start + 1));
  return { elapsed, total };
}

export interface Progress {
  /** the target (元 or a count) and the figure reached */
  target: number;
  actual: number;
  /** actual ÷ target, basis points (may pass 10000); null for a zero target */
  completionBp: number | null;
  /** days elapsed ÷ days of the period, basis points (0–10000) */
  timeShareBp: number;
  /** 完成率 below 时序进度 (exact comparison) */
  behind: boolean;
  /** the last day counted (the period's end when it is over) */
  asOf: string;
}

export function progress(period: Period, target: number, actual: number, asOf: string): Progress {
  const { elapsed, total } = elapsedDays(period, asOf);
  const behind = target > 0 && BigInt(actual) * BigInt(total) < BigInt(target) * BigInt(elapsed);
  return {
    target,
    actual,
    completionBp: ratioBp(actual, target),
    timeShareBp: ratioBp(elapsed, total) ?? 0,
    behind,
    asOf: asOf > period.end ? period.end : asOf,
  };
}

/** The signing months of a period that have begun by `asOf` (null: the period has not begun). */
export function monthsSoFar(period: Period, asOf: string): { from: string; to: string } | null {
  if (asOf < period.start) return null;
  const month = asOf.slice(0, 7);
  const to = [month, period.toMonth].sort()[0];
  return { from: period.fromMonth, to };
}

/** The date a month's report measures targets on: the month's last day, or `today` while the month runs. */
export function targetDateOfMonth(month: string, today: string): string {
  const [y, m] = month.split('-').map(Number);
  const last = `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
  return today < last ? today : last;
}
