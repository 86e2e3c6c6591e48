import { z } from 'zod';
import { email, newPassword, refinePasswordStrength, type PasswordCheck } from '~/utils/zod-helpers';

export const LoginSchema = z.object({
  email,
  password: z.string({ required_error: 'v.required' }).min(1, 'v.required').max(200),
  redirectTo: z.string().max(500).optional(),
});

/** `check` (server only): the password-strength check, with the account's own words in `userInputs`. */
export function changePasswordSchema(check?: PasswordCheck, userInputs: string[] = []) {
  return z
    .object({
      currentPassword: z.string({ required_error: 'v.required' }).min(1, 'v.required').max(200),
      newPassword,
      confirmPassword: z.string({ required_error: 'v.required' }),
    })
    .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'v.passwordMismatch' })
    .superRefine((v, c) => refinePasswordStrength(c, check, v.newPassword, userInputs, 'newPassword'));
}

export const ChangePasswordSchema = changePasswordSchema();

/** The forms of /account/sessions: end one session, or every session but this one. */
export const SessionActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('revoke'), sessionId: z.string({ required_error: 'v.required' }).min(1, 'v.required').max(128) }),
  z.object({ intent: z.literal('revokeOthers') }),
]);

/** Redirect targets: the one check of the whole app lives in ~/utils/safe-redirect. */
export { safeRedirect } from '~/utils/safe-redirect';

/** The set-password page (first password from admin:create, password reset). */
export const SetPasswordSchema = z
  .object({
    password: newPassword,
    confirmPassword: z.string({ required_error: 'v.required' }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'v.passwordMismatch' });
