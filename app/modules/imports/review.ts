/**
 * What a dry run shows before anything is written (issue 13, decision 031b):
 * the amounts of a file of letters (their total, and those far outside the
 * usual range, which need an explicit confirmation: 5000000 pasted in 元 into
 * the 万元 column is 500亿元), and each changed column as stored → new.
 * Pure functions: the page and unit tests use them too.
 */
import { formatWan, formatYi, YUAN_PER_YI } from '~/utils/money';
import type { AmountOutlier, AmountSummary, FieldChange, PlannedRow } from './types';

/** Above this, one letter of intent is almost surely a unit mix-up: 50亿元. */
export const AMOUNT_CAP_YUAN = 50 * YUAN_PER_YI;
/** A letter this many times the file's median amount needs a confirmation too. */
export const MEDIAN_FACTOR = 100;

/** The median of a non-empty list (the lower middle for an even count: the safer one here). */
export function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * The file's total, median and the rows to confirm: amounts of rows to create
 * or update above AMOUNT_CAP_YUAN or above MEDIAN_FACTOR × the file's median.
 * Null when no row carries an amount.
 */
export function summariseAmounts(
  rows: readonly (Pick<PlannedRow, 'row' | 'action' | 'amount'> & { sheet: string | null })[],
): AmountSummary | null {
  const withAmount = rows.filter((r): r is typeof r & { amount: number } => typeof r.amount === 'number');
  if (withAmount.length === 0) return null;
  const amounts = withAmount.map((r) => r.amount);
  const median = lowerMedian(amounts);
  const total = amounts.reduce((a, b) => a + b, 0);
  const outliers: AmountOutlier[] = [];
  for (const r of withAmount) {
    if (r.action !== 'create' && r.action !== 'update') continue;
    if (r.amount > AMOUNT_CAP_YUAN) outliers.push({ sheet: r.sheet, row: r.row, amount: r.amount, reason: 'cap' });
    else if (r.amount > MEDIAN_FACTOR * median) outliers.push({ sheet: r.sheet, row: r.row, amount: r.amount, reason: 'median' });
  }
  return { count: withAmount.length, total, median, outliers };
}

/** An amount as people read it: 亿元 from 1亿 up, else 万元 (exact, trailing zeros trimmed). */
export function showAmount(yuan: number): string {
  return Math.abs(yuan) >= YUAN_PER_YI ? formatYi(yuan) : formatWan(yuan);
}

export type ShowValue = (value: unknown) => string;

/** How a stored value is shown in a change (null → —). */
export const showPlain: ShowValue = (v) => (v === null || v === undefined || v === '' ? '—' : String(v));
export const showMoney: ShowValue = (v) => (typeof v === 'number' ? showAmount(v) : showPlain(v));

/**
 * The changes of an update, column by column: `set` holds the new values, `stored`
 * the row as it is; `platform` the columns changed on the platform since the last import.
 */
export function fieldChanges(
  set: Record<string, unknown>,
  stored: Record<string, unknown>,
  labels: Readonly<Record<string, string>>,
  platform: readonly string[],
  show: Readonly<Record<string, ShowValue>> = {},
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [column, after] of Object.entries(set)) {
    const label = labels[column];
    if (!label) continue;
    const fmt = show[column] ?? showPlain;
    out.push({ column: label, before: fmt(stored[column]), after: fmt(after), platform: platform.includes(column) });
  }
  return out;
}
