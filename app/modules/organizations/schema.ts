/**
 * zod schemas for sign-up, the organization profile and verification.
 * Shared by the server (actions) and the browser (conform's onValidate), so no
 * server-only import here: checks that need server data (the region list) come
 * in through `OrgSchemaContext`. Messages are i18n keys.
 */
import { z } from 'zod';
import { msg } from '~/i18n/translate';
import { email, int, longText, mobile, moneyWan, newPassword, refinePasswordStrength, text, type PasswordCheck } from '~/utils/zod-helpers';
import { validateCreditCode } from './credit-code';
import { BANK_TYPE_CODES, BRANCH_LEVEL_CODES, INDUSTRY_CODES, SIZE_CODES } from './reference';

export interface OrgSchemaContext {
  /** server only: is this a known region inside the platform's area? */
  regionExists?: (code: string) => boolean;
  /** server only: the password-strength check (issue 13) */
  passwordCheck?: PasswordCheck;
}

export const MIN_FOUNDED_YEAR = 1900;
export const MAX_EMPLOYEES = 10_000_000;
export const MAX_REGIONS_SERVED = 300;

/** One of a fixed list; `message` when the value is missing or not on the list. */
function oneOf<T extends string>(values: readonly T[], message = 'v.choice') {
  return z.enum(values as [T, ...T[]], { errorMap: () => ({ message }) });
}

/** Unified social credit code: normalised (upper case, no spaces), check character verified. */
export const creditCode = z
  .string({ required_error: 'v.required', invalid_type_error: 'v.required' })
  .max(40, msg('v.tooLong', { max: 18 }))
  .transform((s, ctx) => {
    const r = validateCreditCode(s);
    if (!r.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error });
      return z.NEVER;
    }
    return r.code;
  });

/** A mobile number, or a landline with area code (0375-1234567, 037512345678). */
export const contactPhone = z
  .string({ required_error: 'v.required' })
  .trim()
  .transform((s) => s.replace(/[\s()（）]/g, '').replace(/^\+?86-?/, ''))
  .refine((s) => /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(s), 'org.v.contactPhone');

export function regionCode(ctx: OrgSchemaContext = {}) {
  return z
    .string({ required_error: 'v.required' })
    .trim()
    .refine((s) => /^\d{6}$/.test(s) && (!ctx.regionExists || ctx.regionExists(s)), 'v.region');
}

const foundedYear = int(MIN_FOUNDED_YEAR, 9999).superRefine((y, ctx) => {
  const max = new Date().getUTCFullYear();
  if (y > max) ctx.addIssue({ code: z.ZodIssueCode.custom, message: msg('v.year', { min: MIN_FOUNDED_YEAR, max }) });
});

/* ---------- the pieces ---------- */

/** The person who signs up (becomes the organization's first user). */
export const personFields = {
  name: text(50),
  phone: mobile,
  email,
};

/** The SMS code sent to the sign-up's number (获取验证码): sign-up verifies the number. */
const signupCode = {
  code: z
    .string({ required_error: 'signup.v.code' })
    .trim()
    .regex(/^\d{6}$/, 'signup.v.code'),
};

/** Password and its confirmation: checked on their own so the mismatch shows even when other fields fail. */
export const passwordPair = z
  .object({
    password: newPassword,
    confirmPassword: z.string({ required_error: 'v.required' }),
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirmPassword)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['confirmPassword'], message: 'v.passwordMismatch' });
  });

const contactFields = {
  contactName: text(50),
  contactPhone,
  contactEmail: email.optional(),
};

export function enterpriseOrgFields(ctx: OrgSchemaContext = {}) {
  return {
    orgName: text(100, 2),
    creditCode,
    regionCode: regionCode(ctx),
    industry: oneOf(INDUSTRY_CODES, 'v.industry'),
    size: oneOf(SIZE_CODES),
    foundedYear,
    registeredCapital: moneyWan(),
    annualRevenue: moneyWan(),
    employees: int(0, MAX_EMPLOYEES),
    ...contactFields,
    description: longText(2000),
  };
}

export function bankOrgFields(ctx: OrgSchemaContext = {}) {
  return {
    orgName: text(100, 2),
    creditCode: creditCode.optional(),
    bankType: oneOf(BANK_TYPE_CODES),
    branchLevel: oneOf(BRANCH_LEVEL_CODES),
    regionCode: regionCode(ctx),
    regionsServed: z
      .array(regionCode(ctx), { required_error: 'org.v.regionsServed', invalid_type_error: 'org.v.regionsServed' })
      .min(1, 'org.v.regionsServed')
      .max(MAX_REGIONS_SERVED, msg('org.v.regionsServedMax', { max: MAX_REGIONS_SERVED }))
      .transform((codes) => [...new Set(codes)].sort()),
    ...contactFields,
    description: longText(2000),
  };
}

/* ---------- the forms ---------- */

export function enterpriseProfileSchema(ctx: OrgSchemaContext = {}) {
  return z.object(enterpriseOrgFields(ctx));
}

export function bankProfileSchema(ctx: OrgSchemaContext = {}) {
  return z.object(bankOrgFields(ctx));
}

export function enterpriseSignupSchema(ctx: OrgSchemaContext = {}) {
  return z
    .intersection(z.object({ ...personFields, ...signupCode, ...enterpriseOrgFields(ctx) }), passwordPair)
    .superRefine((v, c) => refinePasswordStrength(c, ctx.passwordCheck, v.password, [v.email, v.name, v.orgName], 'password'));
}

export function bankSignupSchema(ctx: OrgSchemaContext = {}) {
  return z
    .intersection(z.object({ ...personFields, ...signupCode, ...bankOrgFields(ctx) }), passwordPair)
    .superRefine((v, c) => refinePasswordStrength(c, ctx.passwordCheck, v.password, [v.email, v.name, v.orgName], 'password'));
}

export type EnterpriseProfileInput = z.output<ReturnType<typeof enterpriseProfileSchema>>;
export type BankProfileInput = z.output<ReturnType<typeof bankProfileSchema>>;
export type EnterpriseSignupInput = z.output<ReturnType<typeof enterpriseSignupSchema>>;
export type BankSignupInput = z.output<ReturnType<typeof bankSignupSchema>>;

/** Browser-side versions (format checks only; the server adds the region list). */
export const EnterpriseSignupSchema = enterpriseSignupSchema();
export const BankSignupSchema = bankSignupSchema();
export const EnterpriseProfileSchema = enterpriseProfileSchema();
export const BankProfileSchema = bankProfileSchema();

/* ---------- verification ---------- */

export const VERIFICATION_STATUS_FILTERS = ['pending', 'verified', 'rejected', 'all'] as const;
export type VerificationStatusFilter = (typeof VERIFICATION_STATUS_FILTERS)[number];
export const VERIFICATION_KIND_FILTERS = ['all', 'enterprise', 'bank'] as const;
export type VerificationKindFilter = (typeof VERIFICATION_KIND_FILTERS)[number];

export const VerificationDecisionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('verify') }),
    z.object({ intent: z.literal('reject'), reason: text(500) }),
    // a verified organization's held change of identity (issue 13, decision 031c)
    z.object({ intent: z.literal('approveChange') }),
    z.object({ intent: z.literal('rejectChange'), reason: text(500) }),
  ],
  { errorMap: () => ({ message: 'error.badRequest' }) },
);
export type VerificationDecision = z.output<typeof VerificationDecisionSchema>;
