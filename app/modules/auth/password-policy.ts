/**
 * Is a new password strong enough? The one call site for every place that sets a
 * password (sign-up, change, set-password link, reset, `admin:create`).
 *
 * Rules: the schema's length and letter+digit rule (`newPassword` in
 * ~/utils/zod-helpers), the password must not contain the account's own
 * e-mail name or the person's name, and the strength estimate
 * (./password-strength.server, zxcvbn-ts, score ≥ 3; issue 13, decision 026a)
 * must find it hard to guess, the message saying why.
 */
import { newPassword } from '~/utils/zod-helpers';
import { passwordStrength } from './password-strength.server';

/** An i18n key saying why the password is refused, or null when it is accepted. */
export function passwordWeakness(password: string, personal: readonly string[] = []): string | null {
  const parsed = newPassword.safeParse(password);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'v.passwordWeak';
  const lower = password.toLowerCase();
  for (const raw of personal) {
    const part = raw.trim().toLowerCase().split('@')[0] ?? '';
    if (part.length >= 4 && lower.includes(part)) return 'v.passwordPersonal';
  }
  if (/^(.)\1+$/.test(password) || /^(?:0123456789|1234567890|abcdefghij|qwertyuiop)/i.test(password)) return 'v.passwordWeak';
  const strength = passwordStrength(password, [...personal]);
  return strength.strong ? null : strength.message;
}
