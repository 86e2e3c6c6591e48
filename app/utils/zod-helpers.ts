/**
 * zod building blocks whose messages are i18n keys (see app/i18n/translate.ts).
 * Shared by forms, import and API so that the same rule gives the same message.
 */
import { z } from 'zod';
import { msg } from '~/i18n/translate';
import { parseMoney, parseRateBp } from './money';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/**
 * Invisible format characters (Unicode Cf: U+200B–U+200F, U+2060–U+2064, U+FEFF,
 * U+00AD, U+061C …) are dropped from stored text (issue 13, point 10): pasted from
 * Word or chat they make two equal-looking names differ. Bidi overrides
 * (U+202A–U+202E, U+2066–U+2069) are refused instead, as before (they reorder text).
 */
const INVISIBLE = /(?![\u202A-\u202E\u2066-\u2069])\p{Cf}/gu;

export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE, '').trim();
}

/** Required single-line text, trimmed, length-limited, no control or bidi-override characters. */
export function text(max: number, min = 1) {
  return z
    .string({ required_error: 'v.required', invalid_type_error: 'v.required' })
    .trim()
    .min(min, min <= 1 ? 'v.required' : msg('v.tooShort', { min }))
    .max(max, msg('v.tooLong', { max }))
    .refine((s) => !CONTROL.test(s), 'v.control')
    .transform(stripInvisible)
    .refine((s) => s.length >= min, min <= 1 ? 'v.required' : msg('v.tooShort', { min }));
}

/** Trimmed, at most `max` characters, newlines and tabs allowed, invisible characters dropped. */
function optionalTrimmed(base: z.ZodString, max: number) {
  return base
    .trim()
    .max(max, msg('v.tooLong', { max }))
    .refine((s) => !CONTROL.test(s.replace(/[\r\n\t]/g, '')), 'v.control')
    .transform(stripInvisible)
    .optional();
}

/** Optional text: empty becomes undefined. */
export function optionalText(max: number) {
  return optionalTrimmed(z.string({ invalid_type_error: 'v.required' }), max);
}

/** Multi-line text (descriptions): newlines allowed. */
export function longText(max: number) {
  return optionalTrimmed(z.string(), max);
}

export const email = z
  .string({ required_error: 'v.required' })
  .trim()
  .toLowerCase()
  .max(254, msg('v.tooLong', { max: 254 }))
  .email('v.email');

/** Mainland mobile number: 11 digits starting 1[3-9]. */
export const mobile = z
  .string({ required_error: 'v.required' })
  .trim()
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^\+?86/, ''))
  .refine((s) => /^1[3-9]\d{9}$/.test(s), 'v.phone');

/**
 * A server-side password-strength check (issue 13: `passwordWeakness` of
 * ~/modules/auth/password-policy): an i18n message key, or null. Schemas take it through their context
 * so the large dictionaries stay out of the browser bundle.
 */
export type PasswordCheck = (password: string, userInputs: string[]) => string | null;

/** Adds the strength check's message to `path` when `check` is given and finds the password weak. */
export function refinePasswordStrength(
  ctx: z.RefinementCtx,
  check: PasswordCheck | undefined,
  password: unknown,
  userInputs: unknown[],
  path: string,
): void {
  if (!check || typeof password !== 'string' || password.length < 10) return;
  const message = check(
    password,
    userInputs.filter((s): s is string => typeof s === 'string' && s !== ''),
  );
  if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
}

export const newPassword = z
  .string({ required_error: 'v.required' })
  .min(10, 'v.passwordWeak')
  .max(200, msg('v.tooLong', { max: 200 }))
  // short passwords already have this message: show it once
  .refine((s) => s.length < 10 || (/[A-Za-z]/.test(s) && /\d/.test(s)), 'v.passwordWeak');

/**
 * A typed whole number: decimal digits only (full-width digits allowed). The form
 * library's own coercion is `Number(text)`, which read `0x10` as 16, `1e3` as 1000
 * and `0b11` as 3 (issue 13, point 10); anything but digits becomes NaN here, so it
 * is refused with the field's message.
 */
export function strictIntText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.normalize('NFKC').trim();
  if (t === '') return v;
  return /^[+-]?\d{1,15}$/.test(t) ? Number(t) : Number.NaN;
}

export function int(min: number, max: number) {
  return z.preprocess(
    strictIntText,
    z
      .number({ required_error: 'v.required', invalid_type_error: 'v.int' })
      .int('v.int')
      .min(min, msg('v.range', { min, max }))
      .max(max, msg('v.range', { min, max })),
  ) as unknown as z.ZodEffects<z.ZodNumber, number, number>;
}

export function choice<T extends string>(values: readonly T[]) {
  return z.enum(values as [T, ...T[]], { errorMap: () => ({ message: 'v.choice' }) });
}

/** Amount typed in 万元 (or with its own unit, e.g. "3.177亿"), stored as integer 元. */
export function moneyWan(opts: { max?: number; min?: number } = {}) {
  return z
    .string({ required_error: 'v.required', invalid_type_error: 'money.invalid' })
    .trim()
    .min(1, 'v.required')
    .transform((s, ctx) => {
      const r = parseMoney(s, '万元');
      if (!r.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error });
        return z.NEVER;
      }
      if (opts.min !== undefined && r.yuan < opts.min) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg('v.min', { min: opts.min / 10000 }) });
        return z.NEVER;
      }
      if (opts.max !== undefined && r.yuan > opts.max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'money.tooLarge' });
        return z.NEVER;
      }
      return r.yuan;
    });
}

/** Percentage typed as "3.45", stored as basis points. */
export const rateBp = z
  .string({ required_error: 'v.required' })
  .trim()
  .min(1, 'v.required')
  .transform((s, ctx) => {
    const r = parseRateBp(s);
    if (!r.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error });
      return z.NEVER;
    }
    return r.bp;
  });
