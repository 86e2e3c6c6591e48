import type { DB } from '~/utils/db.server';
import { dummyPasswordHash, verifyPassword } from './password.server';
import { clearLoginFailures, loginRetryAfterMs, recordLoginFailure } from './throttle.server';

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; error: 'login.invalid' | 'login.inactive' }
  | { ok: false; error: 'login.throttled'; retryAfterMinutes: number };

export async function authenticate(db: DB, emailInput: string, password: string, ip: string | null): Promise<LoginResult> {
  const email = emailInput.trim().toLowerCase();
  const wait = await loginRetryAfterMs(db, email, ip);
  if (wait > 0) return { ok: false, error: 'login.throttled', retryAfterMinutes: Math.max(1, Math.ceil(wait / 60000)) };
  const user = await db.selectFrom('users').select(['id', 'password_hash', 'active']).where('email', '=', email).executeTakeFirst();
  const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !valid) {
    await recordLoginFailure(db, email, ip);
    return { ok: false, error: 'login.invalid' };
  }
  if (!user.active) return { ok: false, error: 'login.inactive' };
  await clearLoginFailures(db, email);
  return { ok: true, userId: user.id };
}
