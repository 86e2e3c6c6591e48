/**
 * One-time links that set a password: `set` (the first administrator's link from
 * `npm run admin:create -- --link`, valid 24 h) and `reset` (忘记密码, 30 min).
 * The token lives only in the link; the database keeps its SHA-256. Using a link
 * stores the new password, marks the link used (once: a second use finds it used)
 * and ends every session of the account.
 */
import type { DB } from '~/utils/db.server';
import { AppError, notFound } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { hashPassword } from './password.server';
import { passwordWeakness } from './password-policy';
import { generateSessionToken, invalidateUserSessions, sessionIdFromToken } from './auth-session.server';
import { clearAccountThrottle } from './throttle.server';

export type PasswordTokenPurpose = 'set' | 'reset';

export const PASSWORD_TOKEN_TTL_MS: Record<PasswordTokenPurpose, number> = {
  set: 24 * 60 * 60 * 1000,
  reset: 30 * 60 * 1000,
};

/** Tokens are 32 base32 characters (160 random bits). */
export const PASSWORD_TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/**
 * A new link for `userId`. Earlier unused links of the same purpose stop working:
 * only the newest link counts.
 */
export async function issuePasswordToken(
  db: DB,
  userId: string,
  purpose: PasswordTokenPurpose,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(now.getTime() + PASSWORD_TOKEN_TTL_MS[purpose]);
  await db
    .deleteFrom('password_tokens')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('password_tokens')
    .values({
      id: sessionIdFromToken(token),
      user_id: userId,
      purpose,
      expires_at: expiresAt.toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return { token, expiresAt };
}

export interface PasswordTokenInfo {
  userId: string;
  purpose: PasswordTokenPurpose;
  email: string;
  name: string;
  expiresAt: string;
}

/** The account a link belongs to, or null when the link is unknown, used, expired or its account disabled. */
export async function findPasswordToken(db: DB, token: string, now = new Date()): Promise<PasswordTokenInfo | null> {
  if (!PASSWORD_TOKEN_PATTERN.test(token)) return null;
  const row = await db
    .selectFrom('password_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.user_id', 't.purpose', 't.expires_at', 't.used_at', 'u.email', 'u.name', 'u.active'])
    .where('t.id', '=', sessionIdFromToken(token))
    .executeTakeFirst();
  if (!row || row.used_at || !row.active || new Date(row.expires_at).getTime() <= now.getTime()) return null;
  return { userId: row.user_id, purpose: row.purpose, email: row.email, name: row.name, expiresAt: row.expires_at };
}

/**
 * Sets the password through a link. Refuses (AppError) a weak password with 400
 * on the `password` field (nothing changes, the link stays usable), and an
 * unknown, used or expired link with 404 `setPassword.invalidLink`.
 */
export async function redeemPasswordToken(
  db: DB,
  token: string,
  password: string,
  now = new Date(),
): Promise<{ userId: string; email: string; endedSessions: number }> {
  const info = await findPasswordToken(db, token, now);
  if (!info) throw notFound('setPassword.invalidLink');
  const weak = passwordWeakness(password, [info.email, info.name]);
  if (weak) throw new AppError(400, weak, { field: 'password' });
  const passwordHash = await hashPassword(password);
  const ended = await db.transaction().execute(async (trx) => {
    // the guarded update is the single use: of two simultaneous submissions one updates nothing
    const res = await trx
      .updateTable('password_tokens')
      .set({ used_at: now.toISOString() })
      .where('id', '=', sessionIdFromToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return null;
    await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: nowIso() }).where('id', '=', info.userId).execute();
    // the other links of the account die with this one
    await trx.deleteFrom('password_tokens').where('user_id', '=', info.userId).where('used_at', 'is', null).execute();
    return invalidateUserSessions(trx, info.userId);
  });
  if (ended === null) throw notFound('setPassword.invalidLink');
  await clearAccountThrottle(db, info.email);
  return { userId: info.userId, email: info.email, endedSessions: ended };
}
