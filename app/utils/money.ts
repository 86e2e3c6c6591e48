/**
 * Money is an integer number of 元. Display in 万元 (forms, tables) or 亿元 (totals).
 * Parsing is exact decimal string arithmetic: no float ever touches an amount.
 *
 * Rounding rule (docs/decisions/005-money-rounding.md): display rounds half up
 * (away from zero) at the last shown digit; sums are always taken in 元 first.
 */

export const YUAN_PER_WAN = 10_000;
export const YUAN_PER_YI = 100_000_000;

const UNIT_FACTORS: Record<string, number> = {
  '': 1,
  元: 1,
  万: YUAN_PER_WAN,
  万元: YUAN_PER_WAN,
  亿: YUAN_PER_YI,
  亿元: YUAN_PER_YI,
};

export type MoneyParseResult =
  | { ok: true; yuan: number }
  | { ok: false; error: 'money.invalid' | 'money.tooPrecise' | 'money.tooLarge' | 'money.negative' };

/** Largest amount accepted anywhere: 1 万亿元, well inside Number.MAX_SAFE_INTEGER. */
export const MAX_YUAN = 1_000_000_000_000;

/**
 * Parses "3.177亿" → 317700000, "500万元" → 5000000, "1,200" (with a default unit) etc.
 * `defaultUnit` applies when the text carries no unit of its own.
 */
export function parseMoney(input: string, defaultUnit: '元' | '万元' | '亿元' = '元'): MoneyParseResult {
  const text = input.normalize('NFKC').replace(/[\s,，]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d+))?(元|万元?|亿元?)?$/.exec(text);
  if (!m) return { ok: false, error: 'money.invalid' };
  if (m[1]) return { ok: false, error: 'money.negative' };
  const factor = UNIT_FACTORS[m[4] ?? defaultUnit];
  const intPart = m[2].replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const factorDigits = String(factor).length - 1;
  if (frac.length > factorDigits) return { ok: false, error: 'money.tooPrecise' };
  const digits = intPart + frac.padEnd(factorDigits, '0');
  if (digits.length > 16) return { ok: false, error: 'money.tooLarge' };
  const yuan = Number(digits);
  if (!Number.isSafeInteger(yuan) || yuan > MAX_YUAN) return { ok: false, error: 'money.tooLarge' };
  return { ok: true, yuan };
}

/** Exact decimal string of yuan / 10^k, rounded half up to `decimals` digits, trailing zeros trimmed. */
function scaled(yuan: number, factorDigits: number, decimals: number, trim: boolean): string {
  if (!Number.isSafeInteger(yuan)) throw new RangeError(`not an integer amount: ${yuan}`);
  const neg = yuan < 0;
  let v = BigInt(Math.abs(yuan));
  const drop = factorDigits - decimals;
  if (drop > 0) {
    const p = 10n ** BigInt(drop);
    v = (v + p / 2n) / p;
  } else if (drop < 0) {
    v = v * 10n ** BigInt(-drop);
  }
  let s = v.toString().padStart(decimals + 1, '0');
  let intPart = decimals > 0 ? s.slice(0, -decimals) : s;
  let frac = decimals > 0 ? s.slice(-decimals) : '';
  if (trim) frac = frac.replace(/0+$/, '');
  intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  s = frac ? `${intPart}.${frac}` : intPart;
  return neg && /[1-9]/.test(s) ? `-${s}` : s;
}

/** 317700000 → "31,770" (万元), 4 decimals at most, trailing zeros trimmed. */
export function toWan(yuan: number, decimals = 4): string {
  return scaled(yuan, 4, decimals, true);
}

/** 317700000 → "3.177" (亿元). */
export function toYi(yuan: number, decimals = 4): string {
  return scaled(yuan, 8, decimals, true);
}

export function formatWan(yuan: number, unit = '万元'): string {
  return `${toWan(yuan)}${unit}`;
}

export function formatYi(yuan: number, unit = '亿元'): string {
  return `${toYi(yuan)}${unit}`;
}

/** 317700000 → "3.18" (亿元): exactly two decimals, half up (decision 030b). */
export function toYi2(yuan: number): string {
  return scaled(yuan, 8, 2, false);
}

/**
 * Totals: 亿元 from 1亿 up with exactly two decimals ("2.90亿元"), else 万元
 * (decisions 005, 030b). The news sentence keeps its own rule (news.ts).
 */
export function formatTotal(yuan: number, locale: string = 'zh-CN'): string {
  const en = locale.startsWith('en');
  if (Math.abs(yuan) >= YUAN_PER_YI) return en ? `${toYi2(yuan)} hundred million yuan` : `${toYi2(yuan)}亿元`;
  return en ? `${toWan(yuan)} ten-thousand yuan` : formatWan(yuan);
}

/** 元 → the exact 万元 decimal without grouping, for exports and inputs: 317700000 → "31770". */
export function wanText(yuan: number): string {
  return toWan(yuan).replace(/,/g, '');
}

/** For prefilling a 万元 input: exact, no grouping. */
export function yuanToWanInput(yuan: number | null | undefined): string {
  return yuan == null ? '' : wanText(yuan);
}

/* ---------- rates in basis points ---------- */

/** "3.45" or "3.45%" → 345. Up to two decimals; 0–100 %. */
export function parseRateBp(input: string): { ok: true; bp: number } | { ok: false; error: 'rate.invalid' | 'rate.range' } {
  const text = input.normalize('NFKC').trim().replace(/%$/, '');
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return { ok: false, error: 'rate.invalid' };
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (bp > 10_000) return { ok: false, error: 'rate.range' };
  return { ok: true, bp };
}

export function formatRate(bp: number): string {
  const s = (bp / 100).toFixed(2);
  return `${s}%`;
}
