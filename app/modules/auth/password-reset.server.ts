/**
 * 忘记密码 (issue 14, point 4; decision 033a). Whoever asks gets the same answer,
 * in about the same time, whether or not the address belongs to an account. For a
 * real, active account a single-use link (password_tokens, purpose 'reset', 30 min,
 * only its SHA-256 stored) is issued and its e-mail queued in the outbox in one
 * transaction; the set-password page redeems it and ends every session of the
 * account.
 *
 * Throttled in the login_throttle table (shared by all app processes):
 * - per client IP, RESET_IP_LIMIT requests per RESET_WINDOW_MS — the only refusal
 *   anyone sees (it says nothing about any account);
 * - per account, RESET_ACCOUNT_LIMIT e-mails per RESET_WINDOW_MS — further requests
 *   get the same answer and send nothing (a mailbox cannot be flooded).
 */
import { sql } from 'kysely';
import { makeTranslator, msg } from '~/i18n/translate';
import { queueEmail } from '~/modules/outbox/outbox.server';
import { inTransaction, type DB } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { issuePasswordToken } from './password-tokens.server';
import { retryMinutes } from './throttle.server';

export const RESET_WINDOW_MS = 60 * 60 * 1000;
export const RESET_IP_LIMIT = 10;
export const RESET_ACCOUNT_LIMIT = 3;
/** Every answer takes at least this long, so that timing does not tell accounts apart. */
export const RESET_MIN_DURATION_MS = 400;

/**
 * Counts one request on `key` within a window of `windowMs` (one statement, shared
 * by every app process); returns the count and when the window started.
 */
export async function countInWindow(
  db: DB,
  key: string,
  now: Date,
  windowMs = RESET_WINDOW_MS,
): Promise<{ attempts: number; startedAt: string }> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - windowMs).toISOString();
  const { rows } = await sql<{ attempts: number | string; round_started_at: string }>`
    insert into login_throttle (throttle_key, attempts, round_started_at, level, blocked_until, last_failure_at)
    values (${key}, 1, ${at}, 0, null, null)
    on conflict (throttle_key) do update set
      attempts = case when login_throttle.round_started_at <= ${cutoff} then 1 else login_throttle.attempts + 1 end,
      round_started_at = case when login_throttle.round_started_at <= ${cutoff} then ${at} else login_throttle.round_started_at end
    returning attempts, round_started_at`.execute(db);
  return { attempts: Number(rows[0].attempts), startedAt: rows[0].round_started_at };
}

/** The link in the e-mail: APP_URL when configured (never a Host header an attacker chose), else the server's own origin. */
export function resetLink(token: string, fallbackOrigin: string): string {
  const base = (process.env.APP_URL || fallbackOrigin).replace(/\/+$/, '');
  return `${base}/set-password/${token}`;
}

/**
 * Handles one 忘记密码 request. Throws AppError 429 when this IP asked too often;
 * otherwise returns nothing, whatever happened.
 */
export async function requestPasswordReset(
  db: DB,
  input: { email: string; ip: string | null; origin: string },
  now = new Date(),
): Promise<void> {
  const started = Date.now();
  try {
    const email = input.email.trim().toLowerCase();
    const byIp = await countInWindow(db, `reset-ip:${input.ip ?? 'unknown'}`, now);
    if (byIp.attempts > RESET_IP_LIMIT) {
      const wait = Date.parse(byIp.startedAt) + RESET_WINDOW_MS - now.getTime();
      throw new AppError(429, msg('forgot.throttled', { minutes: retryMinutes(wait) }));
    }
    const user = await db.selectFrom('users').select(['id', 'email', 'name', 'active']).where('email', '=', email).executeTakeFirst();
    if (!user || user.active !== 1) return;
    const byAccount = await countInWindow(db, `reset-account:${email}`, now);
    if (byAccount.attempts > RESET_ACCOUNT_LIMIT) return;
    const t = makeTranslator('zh-CN');
    await inTransaction(db, async (trx) => {
      const { token } = await issuePasswordToken(trx, user.id, 'reset', now);
      await queueEmail(trx, {
        userId: user.id,
        to: user.email,
        kind: 'password.reset',
        subject: t('forgot.mail.subject'),
        text: t('forgot.mail.body', { name: user.name, email: user.email, url: resetLink(token, input.origin) }),
      });
    });
  } finally {
    const rest = RESET_MIN_DURATION_MS - (Date.now() - started);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
}
