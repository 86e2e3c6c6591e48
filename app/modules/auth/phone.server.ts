/**
 * Mobile numbers and SMS codes (issue 14; decision 035f).
 *
 * A user's number counts once it is verified: a 6-digit code sent by SMS through
 * the outbox (the SMS provider of ../outbox/sms.server.ts; `demo` in development
 * and tests) and typed back. A verified number belongs to one account (a partial
 * unique index) and then signs in — with the password or with a code — and
 * resets a forgotten password by code.
 *
 * Codes (sms_codes): only SHA-256 of `<row id>:<code>` is stored; valid
 * SMS_CODE_TTL_MS (5 min); SMS_CODE_TRIES (5) wrong tries end the code; used once
 * (a guarded update); a new code for the same account and purpose replaces the
 * unused one.
 *
 * Limits (login_throttle counters, shared by every app process), the same whether
 * or not the number has an account, so that no answer tells accounts apart:
 * - one code per number and purpose per SMS_RESEND_MS (60 s);
 * - SMS_PER_NUMBER codes per number and purpose per hour;
 * - SMS_PER_IP codes and SMS_CHECKS_PER_IP code checks per client IP per hour.
 * Asking a code for sign-in or reset of a number without an (active, verified)
 * account answers like for a real one and sends nothing; its codes are simply
 * never right.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { SmsCodePurpose } from '#db/schema';
import { makeTranslator, msg } from '~/i18n/translate';
import { queueSms } from '~/modules/outbox/outbox.server';
import { uniqueViolation } from '~/utils/db-errors';
import { inTransaction, type DB } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { generateSessionToken, sessionIdFromToken } from './auth-session.server';
import { countInWindow } from './password-reset.server';
import { issuePasswordToken } from './password-tokens.server';
import { dummyPasswordHash, verifyPassword } from './password.server';
import { beginLoginAttempt, loginAttemptFailed, loginAttemptSucceeded, retryMinutes } from './throttle.server';

export const SMS_CODE_TTL_MS = 5 * 60 * 1000;
export const SMS_CODE_TRIES = 5;
export const SMS_RESEND_MS = 60 * 1000;
export const SMS_WINDOW_MS = 60 * 60 * 1000;
export const SMS_PER_NUMBER = 5;
export const SMS_PER_IP = 20;
export const SMS_CHECKS_PER_IP = 60;
/** Asking a code for sign-in or reset takes at least this long, account or not. */
export const SMS_MIN_DURATION_MS = 300;

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

const codeHash = (id: string, code: string) => createHash('sha256').update(`${id}:${code}`).digest('hex');

async function atLeast<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    const rest = ms - (Date.now() - started);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
}

async function limitSends(db: DB, purpose: SmsCodePurpose, phone: string, ip: string | null, now: Date): Promise<void> {
  const byIp = await countInWindow(db, `sms-ip:${ip ?? 'unknown'}`, now, SMS_WINDOW_MS);
  if (byIp.attempts > SMS_PER_IP) {
    const wait = Date.parse(byIp.startedAt) + SMS_WINDOW_MS - now.getTime();
    throw new AppError(429, msg('sms.throttled', { minutes: retryMinutes(wait) }));
  }
  const recent = await countInWindow(db, `sms-resend:${purpose}:${phone}`, now, SMS_RESEND_MS);
  if (recent.attempts > 1) {
    const wait = Date.parse(recent.startedAt) + SMS_RESEND_MS - now.getTime();
    throw new AppError(429, msg('sms.resendWait', { seconds: Math.max(1, Math.ceil(wait / 1000)) }));
  }
  const byNumber = await countInWindow(db, `sms-number:${purpose}:${phone}`, now, SMS_WINDOW_MS);
  if (byNumber.attempts > SMS_PER_NUMBER) {
    const wait = Date.parse(byNumber.startedAt) + SMS_WINDOW_MS - now.getTime();
    throw new AppError(429, msg('sms.throttled', { minutes: retryMinutes(wait) }));
  }
}

/** Writes a new code for `userId` (null: a sign-up's number, no account yet) and queues its SMS, in one transaction. */
async function issueCode(db: DB, purpose: SmsCodePurpose, phone: string, userId: string | null, now: Date): Promise<void> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = sessionIdFromToken(generateSessionToken());
  const t = makeTranslator('zh-CN');
  await inTransaction(db, async (trx) => {
    const earlier = trx.deleteFrom('sms_codes').where('purpose', '=', purpose).where('used_at', 'is', null);
    await (userId ? earlier.where('user_id', '=', userId) : earlier.where('user_id', 'is', null).where('phone', '=', phone)).execute();
    await trx
      .insertInto('sms_codes')
      .values({
        id,
        purpose,
        phone,
        user_id: userId,
        code_hash: codeHash(id, code),
        expires_at: new Date(now.getTime() + SMS_CODE_TTL_MS).toISOString(),
        used_at: null,
        created_at: now.toISOString(),
      })
      .execute();
    await queueSms(trx, {
      userId,
      to: phone,
      kind: `code.${purpose}`,
      text: t('sms.code.text', { code, purpose: t(`sms.purpose.${purpose}`), minutes: SMS_CODE_TTL_MS / 60000 }),
      params: { code },
    });
  });
}

/** The active account whose verified number this is. */
function accountOfNumber(db: DB, phone: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'active'])
    .where('phone', '=', phone)
    .where('phone_verified_at', 'is not', null)
    .executeTakeFirst();
}

/**
 * Sends a code to confirm `phone` for the signed-in user. Refused: a number
 * another account has verified (409 on `phone`), the user's own verified number
 * (400), the limits (429).
 */
export async function sendVerificationCode(db: DB, input: { userId: string; phone: string; ip: string | null }, now = new Date()) {
  const owner = await accountOfNumber(db, input.phone);
  if (owner?.id === input.userId) throw new AppError(400, 'phone.alreadyVerified', { field: 'phone' });
  if (owner) throw new AppError(409, 'phone.taken', { field: 'phone' });
  await limitSends(db, 'verify', input.phone, input.ip, now);
  await issueCode(db, 'verify', input.phone, input.userId, now);
}

/** Whether another account has verified this number (a sign-up cannot take it). */
export async function numberTaken(db: DB, phone: string): Promise<boolean> {
  return Boolean(await accountOfNumber(db, phone));
}

/**
 * Sends the code of a sign-up form to `phone` (issue 14: sign-up verifies the
 * number). Refused: a number another account has verified (409 `phone.taken` on
 * `phone` — a sign-up is told plainly, the number cannot be its own), the limits (429).
 */
export async function sendSignupCode(db: DB, input: { phone: string; ip: string | null }, now = new Date()): Promise<void> {
  if (await numberTaken(db, input.phone)) throw new AppError(409, 'phone.taken', { field: 'phone' });
  await limitSends(db, 'signup', input.phone, input.ip, now);
  await issueCode(db, 'signup', input.phone, null, now);
}

/**
 * Sends a sign-in or reset code to `phone` when it is the verified number of an
 * active account; answers the same (or with the same 429) otherwise.
 */
export async function sendAccountCode(
  db: DB,
  input: { purpose: 'login' | 'reset'; phone: string; ip: string | null },
  now = new Date(),
): Promise<void> {
  await atLeast(SMS_MIN_DURATION_MS, async () => {
    await limitSends(db, input.purpose, input.phone, input.ip, now);
    const owner = await accountOfNumber(db, input.phone);
    if (!owner || owner.active !== 1) return;
    await issueCode(db, input.purpose, input.phone, owner.id, now);
  });
}

/**
 * Checks a code and counts the try; returns the code's row (not yet used). Every
 * failure — unknown number, no code, wrong, expired, used, out of tries — is the
 * same 400 `sms.codeInvalid` on the `code` field; 429 when this IP checked too often.
 */
async function checkSmsCode(
  db: DB,
  input: { purpose: SmsCodePurpose; phone: string; code: string; ip: string | null; userId?: string },
  now: Date,
): Promise<{ id: string; userId: string | null }> {
  const byIp = await countInWindow(db, `sms-check-ip:${input.ip ?? 'unknown'}`, now, SMS_WINDOW_MS);
  if (byIp.attempts > SMS_CHECKS_PER_IP) {
    const wait = Date.parse(byIp.startedAt) + SMS_WINDOW_MS - now.getTime();
    throw new AppError(429, msg('sms.throttled', { minutes: retryMinutes(wait) }));
  }
  const code = input.code.trim();
  if (!/^\d{6}$/.test(code)) throw codeInvalid();
  let query = db
    .selectFrom('sms_codes')
    .select(['id', 'user_id', 'code_hash', 'attempts', 'expires_at'])
    .where('phone', '=', input.phone)
    .where('purpose', '=', input.purpose)
    .where('used_at', 'is', null);
  if (input.userId) query = query.where('user_id', '=', input.userId);
  const row = await query.orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  const at = now.toISOString();
  if (!row || row.expires_at <= at || row.attempts >= SMS_CODE_TRIES) throw codeInvalid();
  // one try counted before the comparison, guarded: simultaneous guesses cannot exceed the tries
  const counted = await db
    .updateTable('sms_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', row.id)
    .where('attempts', '<', SMS_CODE_TRIES)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1) throw codeInvalid();
  const expected = Buffer.from(row.code_hash, 'hex');
  const given = Buffer.from(codeHash(row.id, code), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw codeInvalid();
  return { id: row.id, userId: row.user_id };
}

const codeInvalid = () => new AppError(400, 'sms.codeInvalid', { field: 'code' });

/** Marks a checked code used, once (guarded): 400 `sms.codeInvalid` when it was used or expired meanwhile. */
async function markCodeUsed(db: DB, id: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const used = await db
    .updateTable('sms_codes')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) throw codeInvalid();
}

/**
 * Checks a code of an account; on success marks it used and returns its account.
 * Failures: see checkSmsCode.
 */
export async function redeemSmsCode(
  db: DB,
  input: { purpose: Exclude<SmsCodePurpose, 'signup'>; phone: string; code: string; ip: string | null; userId?: string },
  now = new Date(),
): Promise<string> {
  const row = await checkSmsCode(db, input, now);
  if (!row.userId) throw codeInvalid();
  await markCodeUsed(db, row.id, now);
  return row.userId;
}

/**
 * The sign-up's code for `phone`: checked (and its try counted) now; the returned
 * `use(trx)` marks it used inside the transaction that writes the account, so a
 * sign-up that fails afterwards leaves the code usable. Failures: see checkSmsCode.
 */
export async function checkSignupCode(
  db: DB,
  input: { phone: string; code: string; ip: string | null },
  now = new Date(),
): Promise<{ use: (trx: DB) => Promise<void> }> {
  const row = await checkSmsCode(db, { purpose: 'signup', ...input }, now);
  if (row.userId) throw codeInvalid();
  return { use: (trx) => markCodeUsed(trx, row.id, now) };
}

/** Confirms the signed-in user's number with its code: the number becomes the account's verified number. */
export async function confirmPhone(
  db: DB,
  input: { userId: string; phone: string; code: string; ip: string | null },
  now = new Date(),
): Promise<void> {
  await redeemSmsCode(db, { purpose: 'verify', phone: input.phone, code: input.code, ip: input.ip, userId: input.userId }, now);
  try {
    await db
      .updateTable('users')
      .set({ phone: input.phone, phone_verified_at: now.toISOString(), updated_at: nowIso() })
      .where('id', '=', input.userId)
      .execute();
  } catch (e) {
    // another account verified the same number in the meantime
    if (uniqueViolation(e)) throw new AppError(409, 'phone.taken', { field: 'phone' });
    throw e;
  }
}

/** Signs in with a code sent to a verified number; returns the account. 401 `login.inactive` for a disabled account. */
export async function loginWithSmsCode(db: DB, input: { phone: string; code: string; ip: string | null }): Promise<string> {
  const userId = await redeemSmsCode(db, { purpose: 'login', ...input });
  const user = await db.selectFrom('users').select('active').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!user.active) throw new AppError(401, 'login.inactive');
  return userId;
}

/**
 * Signs in with a verified number and the password, throttled like e-mail sign-in
 * (the number takes the place of the address in the counters). 401
 * `login.phoneInvalid` for an unknown number or a wrong password alike.
 */
export async function authenticateByPhone(db: DB, phone: string, password: string, ip: string | null): Promise<string> {
  const key = `tel:${phone}`;
  const gate = await beginLoginAttempt(db, key, ip);
  if (!gate.allowed) throw new AppError(429, msg('login.throttled', { minutes: retryMinutes(gate.retryAfterMs) }));
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'active'])
    .where('phone', '=', phone)
    .where('phone_verified_at', 'is not', null)
    .executeTakeFirst();
  const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !valid) {
    await loginAttemptFailed(db, key, ip, user?.id ?? null);
    throw new AppError(401, 'login.phoneInvalid');
  }
  await loginAttemptSucceeded(db, key, ip);
  if (!user.active) throw new AppError(401, 'login.inactive');
  return user.id;
}

/**
 * 忘记密码 by SMS: a right reset code is exchanged for a one-time set-password
 * link token (password_tokens, purpose 'reset', 30 min) — the same page and rules
 * as the e-mailed link (single use, ends every session).
 */
export async function exchangeResetCode(db: DB, input: { phone: string; code: string; ip: string | null }, now = new Date()) {
  const userId = await redeemSmsCode(db, { purpose: 'reset', ...input }, now);
  const { token } = await issuePasswordToken(db, userId, 'reset', now);
  return token;
}
