/**
 * A signed-in user's own account: changing the password and managing the
 * sessions (devices) that are signed in.
 */
import { msg } from '~/i18n/translate';
import type { DB } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { hashPassword, verifyPassword } from './password.server';
import { invalidateUserSessions, listUserSessions } from './auth-session.server';
import { beginLoginAttempt, loginAttemptFailed, loginAttemptSucceeded, retryMinutes } from './throttle.server';
import { describeUserAgent, type DeviceDescription } from './user-agent';

/**
 * Checks the current password (wrong attempts count towards the login throttle
 * of the account × IP and of the IP), stores the new argon2id hash and ends every
 * other session of the user, keeping `keepSessionId` (the device in use); returns
 * how many ended. Throws AppError: 429 `password.throttled` (with the minutes to
 * wait), 400 `password.wrongCurrent` on the `currentPassword` field.
 */
export async function changePassword(
  db: DB,
  input: { userId: string; currentPassword: string; newPassword: string; keepSessionId: string; ip: string | null },
): Promise<{ endedSessions: number }> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash'])
    .where('id', '=', input.userId)
    .executeTakeFirstOrThrow();
  const gate = await beginLoginAttempt(db, user.email, input.ip);
  if (!gate.allowed) throw new AppError(429, msg('password.throttled', { minutes: retryMinutes(gate.retryAfterMs) }));
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    await loginAttemptFailed(db, user.email, input.ip, user.id);
    throw new AppError(400, 'password.wrongCurrent', { field: 'currentPassword' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const endedSessions = await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: nowIso() }).where('id', '=', user.id).execute();
    return invalidateUserSessions(trx, user.id, input.keepSessionId);
  });
  await loginAttemptSucceeded(db, user.email, input.ip);
  return { endedSessions };
}

export interface AccountSession {
  id: string;
  current: boolean;
  device: DeviceDescription;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** The user's unexpired sessions, the current one first, then by last activity. */
export async function listAccountSessions(db: DB, userId: string, currentSessionId: string, now = new Date()): Promise<AccountSession[]> {
  const rows = await listUserSessions(db, userId, now);
  const sessions = rows.map((r) => ({
    id: r.id,
    current: r.id === currentSessionId,
    device: describeUserAgent(r.user_agent),
    ip: r.ip,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
  }));
  return sessions.sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Ends one of the user's own sessions. Returns false (and changes nothing) when
 * `sessionId` is not a session of this user: the caller answers 404.
 */
export async function revokeAccountSession(db: DB, userId: string, sessionId: string): Promise<boolean> {
  const res = await db.deleteFrom('auth_sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows ?? 0) > 0;
}

/** Ends every session of the user except the current one; returns how many ended. */
export function revokeOtherSessions(db: DB, userId: string, currentSessionId: string): Promise<number> {
  return invalidateUserSessions(db, userId, currentSessionId);
}
