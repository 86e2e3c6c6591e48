/**
 * Month-on-month (环比) and year-on-year (同比) changes of the dashboard's headline
 * figures (decision 036h). Pure: shared by the dashboard module, its export and
 * the page.
 *
 * - The **month compared** is the `to` month of the dashboard's period when one is
 *   given, else the last complete month (China time): a month five days old is not
 *   compared with a whole one.
 * - 环比 compares it with the month before, 同比 with the same month a year earlier.
 * - An amount or a count changes by (this − that) ÷ that, in basis points, rounded
 *   half away from zero on integers; nothing to compare with (0 then) has no
 *   percentage ("—" on the page, an empty cell in the workbook).
 * - A rate (履约率, 响应率) changes in percentage points (bp difference); no rate
 *   in either month has no change.
 */
import { previousMonth } from './ranking-month';

/** The month a dashboard compares: its `to` month, else the month before `currentMonth`. */
export function comparedMonth(to: string | undefined, currentMonth: string): string {
  return to ?? previousMonth(currentMonth);
}

/** The months a comparison reads: the month, the month before (环比), the same month a year earlier (同比). */
export function comparedMonths(month: string): [string, string, string] {
  return [month, previousMonth(month), sameMonthLastYear(month)];
}

/** '2026-03' → '2025-03' */
export function sameMonthLastYear(month: string): string {
  return `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
}

/** (current − before) ÷ before in basis points, half away from zero; null when before is 0. */
export function changeBp(current: number, before: number): number | null {
  if (!before) return null;
  const d = BigInt(Math.round(current)) - BigInt(Math.round(before));
  const b = BigInt(Math.round(before));
  const neg = d < 0n !== b < 0n;
  const a = (d < 0n ? -d : d) * 10_000n;
  const w = b < 0n ? -b : b;
  const q = Number((a * 2n + w) / (2n * w));
  return neg ? -q : q;
}

/** The change of a rate in basis points (percentage points × 100); null when either is missing. */
export function pointsChangeBp(current: number | null, before: number | null): number | null {
  return current == null || before == null ? null : current - before;
}

/** "+12.3%" / "-4.0%" / "0.0%"; null → "—". */
export function formatChangeBp(bp: number | null): string {
  if (bp == null) return '—';
  const tenths = Math.floor((Math.abs(bp) + 5) / 10);
  const s = `${Math.floor(tenths / 10)}.${tenths % 10}%`;
  return tenths === 0 ? s : `${bp < 0 ? '-' : '+'}${s}`;
}
