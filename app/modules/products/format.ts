/** Display helpers for loan products (usable in the browser). */
import { formatRate, formatWan, toWan } from '~/utils/money';

/** A spread over LPR: 35 → "LPR + 0.35%", -20 → "LPR − 0.20%", 0 → "LPR". */
export function formatSpread(bp: number): string {
  if (bp === 0) return 'LPR';
  return `LPR ${bp < 0 ? '−' : '+'} ${formatRate(Math.abs(bp))}`;
}

/** "3.45%", "3.45%–4.35%", "LPR + 0.35%", "LPR + 0.35% ~ LPR + 1.00%". */
export function formatProductRate(rateType: string, minBp: number, maxBp: number): string {
  const one = (bp: number) => (rateType === 'lpr' ? formatSpread(bp) : formatRate(bp));
  if (minBp === maxBp) return one(minBp);
  return rateType === 'lpr' ? `${one(minBp)} ~ ${one(maxBp)}` : `${formatRate(minBp)}–${formatRate(maxBp)}`;
}

/** "10–300万元" */
export function formatAmountRange(min: number, max: number): string {
  return min === max ? formatWan(max) : `${toWan(min)}–${formatWan(max)}`;
}

/** A percent input's value from basis points: 35 → "0.35", -20 → "-0.20". */
export function bpToPercentInput(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const a = Math.abs(bp);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
