/**
 * Failed-login throttling, per account and per client IP, kept in the database
 * so that every app process sees the same counts.
 * Policy: 5 failures for one account, or 30 from one IP, within 15 minutes
 * block further attempts until the oldest failure leaves the window.
 */
import type { DB } from '~/utils/db.server';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_ACCOUNT_FAILURES = 5;
export const MAX_IP_FAILURES = 30;

export function throttleKeys(email: string, ip: string | null): { account: string; ip: string | null } {
  return { account: `account:${email.trim().toLowerCase()}`, ip: ip ? `ip:${ip}` : null };
}

async function blockedFor(db: DB, key: string, limit: number, now: Date): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const rows = await db
    .selectFrom('login_failures')
    .select('failed_at')
    .where('throttle_key', '=', key)
    .where('failed_at', '>', since)
    .orderBy('failed_at', 'desc')
    .limit(limit)
    .execute();
  if (rows.length < limit) return 0;
  // Blocked until the limit-th most recent failure leaves the window.
  const oldest = new Date(rows[rows.length - 1].failed_at).getTime();
  return Math.max(0, oldest + THROTTLE_WINDOW_MS - now.getTime());
}

/** Milliseconds the caller must wait before trying again (0 = allowed). */
export async function loginRetryAfterMs(db: DB, email: string, ip: string | null, now = new Date()): Promise<number> {
  const keys = throttleKeys(email, ip);
  const account = await blockedFor(db, keys.account, MAX_ACCOUNT_FAILURES, now);
  const byIp = keys.ip ? await blockedFor(db, keys.ip, MAX_IP_FAILURES, now) : 0;
  return Math.max(account, byIp);
}

export async function recordLoginFailure(db: DB, email: string, ip: string | null, now = new Date()): Promise<void> {
  const keys = throttleKeys(email, ip);
  const failed_at = now.toISOString();
  const rows = [{ throttle_key: keys.account, failed_at }];
  if (keys.ip) rows.push({ throttle_key: keys.ip, failed_at });
  await db.insertInto('login_failures').values(rows).execute();
  // Housekeeping: drop failures that no longer count (only this module's keys: others keep their own windows).
  await db
    .deleteFrom('login_failures')
    .where((eb) => eb.or([eb('throttle_key', 'like', 'account:%'), eb('throttle_key', 'like', 'ip:%')]))
    .where('failed_at', '<', new Date(now.getTime() - 2 * THROTTLE_WINDOW_MS).toISOString())
    .execute();
}

export async function clearLoginFailures(db: DB, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('throttle_key', '=', throttleKeys(email, null).account).execute();
}
