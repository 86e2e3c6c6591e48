/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * 18 characters from 0-9 A-H J-N P-R T U W-Y (no I, O, S, V, Z); the last is a
 * check character over the first 17 with weights 3^i mod 31.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeError = 'creditCode.length' | 'creditCode.chars' | 'creditCode.check';

export function normalizeCreditCode(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** The check character for the first 17 characters, or null if one is not allowed. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[check];
}

export function validateCreditCode(input: string): { ok: true; code: string } | { ok: false; error: CreditCodeError } {
  const code = normalizeCreditCode(input);
  if (code.length !== 18) return { ok: false, error: 'creditCode.length' };
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return { ok: false, error: 'creditCode.chars' };
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, error: 'creditCode.check' };
  return { ok: true, code };
}

/** Completes 17 characters into a valid code (demo data, tests). */
export function withCheckChar(first17: string): string {
  const c = creditCodeCheckChar(first17);
  if (!c) throw new Error(`invalid credit code body: ${first17}`);
  return first17 + c;
}
