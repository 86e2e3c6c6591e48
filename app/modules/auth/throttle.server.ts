/**
 * Failed-login throttling (decision 026a), kept in the database so that every
 * app process sees the same counts.
 *
 * The attacker is throttled, not the account: counts are kept per client IP and
 * per account × IP. Five attempts for one account from one IP (thirty from one
 * IP across accounts) are let through in a round; the failure that fills the
 * round blocks that key for 1 minute, and every further block doubles the delay
 * (2, 4, 8, then 15 minutes) with one attempt allowed between blocks. A day
 * without failures forgets the level. The owner who knows the password is never
 * refused from another client, and is told by notification when five wrong
 * passwords for their account arrive within an hour.
 *
 * Count and check are one statement (an upsert that returns the new count): an
 * attempt is counted before its password is checked, so 40 simultaneous
 * attempts check at most the round's allowance of passwords, on SQLite and
 * PostgreSQL alike.
 */
import { sql } from 'kysely';
import { notifyUser } from '~/modules/notifications/notifications.server';
import type { DB } from '~/utils/db.server';

export const ROUND_MS = 15 * 60 * 1000;
export const ACCOUNT_IP_ATTEMPTS = 5;
export const IP_ATTEMPTS = 30;
/** Blocks by level: 1, 2, 4, 8, then 15 minutes. */
export const BLOCK_DELAYS_MS = [1, 2, 4, 8, 15].map((m) => m * 60 * 1000);
/** A key without failures for this long starts again at level 0. */
export const LEVEL_MEMORY_MS = 24 * 60 * 60 * 1000;
/** Wrong passwords for one account (from any IP) within NOTIFY_WINDOW_MS that make the owner hear of it. */
export const NOTIFY_AFTER_FAILURES = 5;
export const NOTIFY_WINDOW_MS = 60 * 60 * 1000;

export function blockDelayMs(level: number): number {
  return BLOCK_DELAYS_MS[Math.min(level, BLOCK_DELAYS_MS.length - 1)];
}

export interface ThrottleKeys {
  ip: string;
  accountIp: string;
  account: string;
}

export function throttleKeys(email: string, ip: string | null): ThrottleKeys {
  const e = email.trim().toLowerCase();
  const address = ip ?? 'unknown';
  return { ip: `ip:${address}`, accountIp: `account-ip:${e}|${address}`, account: `account:${e}` };
}

const iso = (ms: number) => new Date(ms).toISOString();

interface Gate {
  allowed: boolean;
  retryAfterMs: number;
}

/**
 * Counts one attempt on `key` and says whether it may go on — one statement.
 * A key that is blocked keeps its count; a block that has ended, or a round
 * older than ROUND_MS, starts a new round.
 */
async function take(db: DB, key: string, allowance: number, now: Date): Promise<Gate> {
  const t = now.getTime();
  const nowIso = iso(t);
  const roundCutoff = iso(t - ROUND_MS);
  const levelCutoff = iso(t - LEVEL_MEMORY_MS);
  const { rows } = await sql<{ attempts: number | string; level: number | string; blocked_until: string | null }>`
    insert into login_throttle (throttle_key, attempts, round_started_at, level, blocked_until, last_failure_at)
    values (${key}, 1, ${nowIso}, 0, null, null)
    on conflict (throttle_key) do update set
      attempts = case
        when login_throttle.blocked_until > ${nowIso} then login_throttle.attempts
        when login_throttle.blocked_until is not null or login_throttle.round_started_at <= ${roundCutoff} then 1
        else login_throttle.attempts + 1 end,
      round_started_at = case
        when login_throttle.blocked_until > ${nowIso} then login_throttle.round_started_at
        when login_throttle.blocked_until is not null or login_throttle.round_started_at <= ${roundCutoff} then ${nowIso}
        else login_throttle.round_started_at end,
      blocked_until = case when login_throttle.blocked_until > ${nowIso} then login_throttle.blocked_until else null end,
      level = case
        when login_throttle.last_failure_at is null or login_throttle.last_failure_at <= ${levelCutoff} then 0
        else login_throttle.level end
    returning attempts, level, blocked_until`.execute(db);
  const row = rows[0];
  const level = Number(row.level);
  if (row.blocked_until && row.blocked_until > nowIso) return { allowed: false, retryAfterMs: Date.parse(row.blocked_until) - t };
  const allowed = Number(row.attempts) <= (level === 0 ? allowance : 1);
  // A full round whose attempts are still being checked: wait at least the next block's length.
  return allowed ? { allowed, retryAfterMs: 0 } : { allowed, retryAfterMs: blockDelayMs(level) };
}

/** Gives back an attempt counted by `take` (a success, or refused by the other key). */
async function giveBack(db: DB, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({
      attempts: eb
        .case()
        .when('attempts', '>', 0)
        .then(eb('attempts', '-', 1))
        .else(0)
        .end(),
    }))
    .where('throttle_key', '=', key)
    .execute();
}

/**
 * A checked attempt failed: the failure that fills the round blocks the key for
 * the level's delay and raises the level (one statement, so of several failures
 * finishing together only one blocks).
 */
async function fail(db: DB, key: string, allowance: number, now: Date): Promise<void> {
  const t = now.getTime();
  const nowIso = iso(t);
  const until = BLOCK_DELAYS_MS.map((d) => iso(t + d));
  const blocks = sql`(login_throttle.blocked_until is null or login_throttle.blocked_until <= ${nowIso})
    and login_throttle.attempts >= case when login_throttle.level = 0 then ${allowance} else 1 end`;
  await sql`
    update login_throttle set
      last_failure_at = ${nowIso},
      blocked_until = case when ${blocks} then
        case when login_throttle.level = 0 then ${until[0]} when login_throttle.level = 1 then ${until[1]}
             when login_throttle.level = 2 then ${until[2]} when login_throttle.level = 3 then ${until[3]} else ${until[4]} end
        else login_throttle.blocked_until end,
      level = case when ${blocks} then login_throttle.level + 1 else login_throttle.level end
    where throttle_key = ${key}`.execute(db);
  // Housekeeping: rows untouched for a day no longer say anything.
  await db
    .deleteFrom('login_throttle')
    .where('round_started_at', '<', iso(t - LEVEL_MEMORY_MS))
    .execute();
}

/**
 * Counts an attempt to use `email`'s password from `ip` and says whether its
 * password may be checked. Every allowed attempt must end in
 * `loginAttemptFailed` or `loginAttemptSucceeded`.
 */
export async function beginLoginAttempt(db: DB, email: string, ip: string | null, now = new Date()): Promise<Gate> {
  const keys = throttleKeys(email, ip);
  const byIp = await take(db, keys.ip, IP_ATTEMPTS, now);
  if (!byIp.allowed) return byIp;
  const byAccount = await take(db, keys.accountIp, ACCOUNT_IP_ATTEMPTS, now);
  if (!byAccount.allowed) await giveBack(db, keys.ip);
  return byAccount;
}

/**
 * The password was wrong: counts towards the IP's and the account × IP's blocks,
 * and towards the owner's notice when `userId` names a real account.
 */
export async function loginAttemptFailed(db: DB, email: string, ip: string | null, userId: string | null, now = new Date()): Promise<void> {
  const keys = throttleKeys(email, ip);
  await fail(db, keys.ip, IP_ATTEMPTS, now);
  await fail(db, keys.accountIp, ACCOUNT_IP_ATTEMPTS, now);
  if (!userId) return;
  const t = now.getTime();
  const { rows } = await sql<{ attempts: number | string; round_started_at: string }>`
    insert into login_throttle (throttle_key, attempts, round_started_at, level, blocked_until, last_failure_at)
    values (${keys.account}, 1, ${iso(t)}, 0, null, ${iso(t)})
    on conflict (throttle_key) do update set
      attempts = case when login_throttle.round_started_at <= ${iso(t - NOTIFY_WINDOW_MS)} then 1 else login_throttle.attempts + 1 end,
      round_started_at = case when login_throttle.round_started_at <= ${iso(t - NOTIFY_WINDOW_MS)} then ${iso(t)} else login_throttle.round_started_at end,
      last_failure_at = ${iso(t)}
    returning attempts, round_started_at`.execute(db);
  // Exactly one attempt sees the count reach the threshold: one notice per window.
  if (Number(rows[0].attempts) === NOTIFY_AFTER_FAILURES) {
    await notifyUser(db, userId, 'account.loginAttack', { failures: NOTIFY_AFTER_FAILURES, ip: ip ?? '—' }, '/account/sessions', iso(t));
  }
}

/** The password was right: this account × IP starts afresh and the IP gets its attempt back. */
export async function loginAttemptSucceeded(db: DB, email: string, ip: string | null): Promise<void> {
  const keys = throttleKeys(email, ip);
  await db.deleteFrom('login_throttle').where('throttle_key', '=', keys.accountIp).execute();
  await giveBack(db, keys.ip);
}

/** A new password was set through a link: the account's blocks from every IP and its notice count start afresh. */
export async function clearAccountThrottle(db: DB, email: string): Promise<void> {
  const keys = throttleKeys(email, null);
  const prefix = keys.accountIp.slice(0, keys.accountIp.lastIndexOf('|') + 1);
  await db
    .deleteFrom('login_throttle')
    .where((eb) =>
      eb.or([eb('throttle_key', '=', keys.account), eb(eb.fn('substr', ['throttle_key', eb.val(1), eb.val(prefix.length)]), '=', prefix)]),
    )
    .execute();
}

/** Whole minutes to show for a wait (at least 1). */
export function retryMinutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60000));
}
