import { msg } from '~/i18n/translate';
import type { DB } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { dummyPasswordHash, verifyPassword } from './password.server';
import { beginLoginAttempt, loginAttemptFailed, loginAttemptSucceeded, retryMinutes } from './throttle.server';

/**
 * Checks an email and password; returns the user's id. Throws AppError: 429
 * `login.throttled` (with the minutes to wait) while the account × IP or the IP
 * is held back, 401 `login.invalid` for a wrong email or password, 401
 * `login.inactive` for a deactivated account with the right password.
 */
export async function authenticate(db: DB, emailInput: string, password: string, ip: string | null): Promise<string> {
  const email = emailInput.trim().toLowerCase();
  const gate = await beginLoginAttempt(db, email, ip);
  if (!gate.allowed) throw new AppError(429, msg('login.throttled', { minutes: retryMinutes(gate.retryAfterMs) }));
  const user = await db.selectFrom('users').select(['id', 'password_hash', 'active']).where('email', '=', email).executeTakeFirst();
  const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !valid) {
    await loginAttemptFailed(db, email, ip, user?.id ?? null);
    throw new AppError(401, 'login.invalid');
  }
  await loginAttemptSucceeded(db, email, ip);
  if (!user.active) throw new AppError(401, 'login.inactive');
  return user.id;
}
