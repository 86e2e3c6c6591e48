/**
 * Months of the monthly ranking (一月一排名) and the ratio format it shows. Pure:
 * shared by the ranking module, its PDF / XLSX and the page (browser too).
 *
 * A month is 'YYYY-MM' in China Standard Time; ratios are integer basis points
 * (1 % = 100 bp), like interest rates elsewhere.
 */
import { z } from 'zod';
import { chinaDate, chinaDayStartIso } from '~/modules/calendar/working-days';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

export function isMonth(value: string): boolean {
  const m = MONTH_RE.exec(value);
  return !!m && Number(m[1]) >= MIN_YEAR && Number(m[1]) <= MAX_YEAR;
}

/** `?month=2026-11` of the ranking page, PDF and XLSX; empty → the current month. */
export const RankingQuerySchema = z.object({
  month: z
    .string({ invalid_type_error: 'ranking.month.invalid' })
    .trim()
    .refine(isMonth, 'ranking.month.invalid')
    .refine((m) => !isMonth(m) || m <= chinaMonth(), 'ranking.month.future')
    .optional(),
});

/** '2026-01' → '2025-12' */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** '2026-12' → '2027-01' */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** '2026-02' → '2026-02-28' */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

/** The China-local month of an instant. */
export function chinaMonth(instant: Date = new Date()): string {
  return chinaDate(instant).slice(0, 7);
}

/** The first instant (UTC ISO) of a China-local month. */
export function monthStartIso(month: string): string {
  return chinaDayStartIso(`${month}-01`);
}

/**
 * part ÷ whole in basis points, rounded half up, computed on integers (BigInt:
 * part × 10,000 may pass 2^53 for large sums of 元). null when whole is 0.
 */
export function ratioBp(part: number, whole: number): number | null {
  if (!whole) return null;
  const p = BigInt(Math.round(part));
  const w = BigInt(Math.round(whole));
  return Number((p * 20_000n + w) / (2n * w));
}

/** 8527 → "85.3%" (one decimal, half up); null → "—". */
export function formatPercentBp(bp: number | null | undefined): string {
  if (bp == null) return '—';
  const tenths = Math.floor((Math.abs(bp) + 5) / 10);
  const s = `${Math.floor(tenths / 10)}.${tenths % 10}%`;
  return bp < 0 && tenths > 0 ? `-${s}` : s;
}

/** A change of a ratio in percentage points: 130 → "+1.3", -45 → "-0.5" (half away from zero). */
export function formatPointsBp(bp: number | null | undefined): string {
  if (bp == null) return '—';
  const tenths = Math.floor((Math.abs(bp) + 5) / 10);
  const s = `${Math.floor(tenths / 10)}.${tenths % 10}`;
  if (tenths === 0) return '0.0';
  return bp < 0 ? `-${s}` : `+${s}`;
}
