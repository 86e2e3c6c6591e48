import type { DB } from '~/utils/db.server';
import { dummyPasswordHash, verifyPassword } from './password.server';
import { beginLoginAttempt, loginAttemptFailed, loginAttemptSucceeded, retryMinutes } from './throttle.server';

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; error: 'login.invalid' | 'login.inactive' }
  | { ok: false; error: 'login.throttled'; retryAfterMinutes: number };

export async function authenticate(db: DB, emailInput: string, password: string, ip: string | null): Promise<LoginResult> {
  const email = emailInput.trim().toLowerCase();
  const gate = await beginLoginAttempt(db, email, ip);
  if (!gate.allowed) return { ok: false, error: 'login.throttled', retryAfterMinutes: retryMinutes(gate.retryAfterMs) };
  const user = await db.selectFrom('users').select(['id', 'password_hash', 'active']).where('email', '=', email).executeTakeFirst();
  const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !valid) {
    await loginAttemptFailed(db, email, ip, user?.id ?? null);
    return { ok: false, error: 'login.invalid' };
  }
  await loginAttemptSucceeded(db, email, ip);
  if (!user.active) return { ok: false, error: 'login.inactive' };
  return { ok: true, userId: user.id };
}
