/**
 * Self-service sign-up of an enterprise or a bank: the organization (pending
 * verification), its regions served (banks) and its first user, in one
 * transaction. Duplicate email / credit code are field errors, also when two
 * sign-ups race (the unique constraint decides, and its error is caught).
 * Sign-ups are throttled per client IP.
 */
import { msg } from '~/i18n/translate';
import type { DB } from '~/utils/db.server';
import { uniqueViolation } from '~/utils/db-errors';
import { AppError } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import { hashPassword } from '~/modules/auth/password.server';
import { checkSignupCode, numberTaken } from '~/modules/auth/phone.server';
import { bankColumns, creditCodeTaken, enterpriseColumns } from './profile.server';
import type { BankSignupInput, EnterpriseSignupInput } from './schema';

/** Policy: at most MAX_SIGNUPS_PER_IP sign-up attempts (valid forms) per IP within the window. */
export const SIGNUP_WINDOW_MS = 60 * 60 * 1000;
export const MAX_SIGNUPS_PER_IP = 10;

export function signupThrottleKey(ip: string): string {
  return `signup-ip:${ip}`;
}

/** Milliseconds until this IP may sign up again (0 = allowed). */
export async function signupRetryAfterMs(db: DB, ip: string | null, now = new Date()): Promise<number> {
  if (!ip) return 0;
  const since = new Date(now.getTime() - SIGNUP_WINDOW_MS).toISOString();
  const rows = await db
    .selectFrom('login_failures')
    .select('failed_at')
    .where('throttle_key', '=', signupThrottleKey(ip))
    .where('failed_at', '>', since)
    .orderBy('failed_at', 'desc')
    .limit(MAX_SIGNUPS_PER_IP)
    .execute();
  if (rows.length < MAX_SIGNUPS_PER_IP) return 0;
  const oldest = new Date(rows[rows.length - 1].failed_at).getTime();
  return Math.max(0, oldest + SIGNUP_WINDOW_MS - now.getTime());
}

export async function recordSignupAttempt(db: DB, ip: string | null, now = new Date()): Promise<void> {
  if (!ip) return;
  await db
    .insertInto('login_failures')
    .values({ throttle_key: signupThrottleKey(ip), failed_at: now.toISOString() })
    .execute();
  // Housekeeping: attempts that no longer count.
  await db
    .deleteFrom('login_failures')
    .where('throttle_key', 'like', 'signup-ip:%')
    .where('failed_at', '<', new Date(now.getTime() - SIGNUP_WINDOW_MS).toISOString())
    .execute();
}

/** The new organization and its first user. */
export interface SignedUp {
  userId: string;
  orgId: string;
}

/** Email or credit code already taken: a 400 on those fields. */
function taken(fieldErrors: Record<string, string[]>): AppError {
  return new AppError(400, Object.values(fieldErrors)[0]?.[0] ?? 'error.badRequest', { fieldErrors });
}

type OrgColumns = ReturnType<typeof enterpriseColumns>;

/**
 * Throws AppError: 429 `signup.throttled` (with the minutes to wait), 400 with
 * `v.emailTaken` on `email`, `v.creditCodeTaken` on `creditCode` and/or
 * `phone.taken` on `phone` (another account verified the number); 400
 * `sms.codeInvalid` on `code`. The number is verified by the sign-up's SMS code
 * (sendSignupCode), used in the transaction that writes the account.
 */
async function signUp(
  db: DB,
  kind: 'enterprise' | 'bank',
  person: { name: string; phone: string; email: string; password: string; code: string },
  columns: OrgColumns,
  regionsServed: string[],
  meta: { ip: string | null },
): Promise<SignedUp> {
  const wait = await signupRetryAfterMs(db, meta.ip);
  if (wait > 0) throw new AppError(429, msg('signup.throttled', { minutes: Math.max(1, Math.ceil(wait / 60000)) }));
  await recordSignupAttempt(db, meta.ip);

  const fieldErrors: Record<string, string[]> = {};
  const existing = await db.selectFrom('users').select('id').where('email', '=', person.email).executeTakeFirst();
  if (existing) fieldErrors.email = ['v.emailTaken'];
  if (await creditCodeTaken(db, columns.credit_code)) fieldErrors.creditCode = ['v.creditCodeTaken'];
  if (await numberTaken(db, person.phone)) fieldErrors.phone = ['phone.taken'];
  if (Object.keys(fieldErrors).length) throw taken(fieldErrors);
  const code = await checkSignupCode(db, { phone: person.phone, code: person.code, ip: meta.ip });

  const passwordHash = await hashPassword(person.password);
  const now = nowIso();
  const orgId = newId();
  const userId = newId();
  const write = async (trx: DB) => {
    await trx
      .insertInto('organizations')
      .values({
        id: orgId,
        kind,
        status: 'pending',
        status_reason: null,
        status_changed_by: null,
        status_changed_at: null,
        ...columns,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (regionsServed.length) {
      await trx
        .insertInto('bank_regions')
        .values(regionsServed.map((region_code) => ({ organization_id: orgId, region_code })))
        .execute();
    }
    await trx
      .insertInto('users')
      .values({
        id: userId,
        email: person.email,
        name: person.name,
        phone: person.phone,
        phone_verified_at: now,
        password_hash: passwordHash,
        role: kind,
        organization_id: orgId,
        region_code: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await code.use(trx);
  };
  try {
    if (db.isTransaction) await write(db);
    else await db.transaction().execute(write);
  } catch (error) {
    // Lost a race with a sign-up that used the same email or credit code.
    const u = uniqueViolation(error);
    if (u?.column === 'email') throw taken({ email: ['v.emailTaken'] });
    if (u?.column === 'credit_code') throw taken({ creditCode: ['v.creditCodeTaken'] });
    if (u?.column === 'phone') throw taken({ phone: ['phone.taken'] });
    throw error;
  }
  return { userId, orgId };
}

export function signUpEnterprise(db: DB, input: EnterpriseSignupInput, meta: { ip: string | null }): Promise<SignedUp> {
  return signUp(db, 'enterprise', input, enterpriseColumns(input), [], meta);
}

export function signUpBank(db: DB, input: BankSignupInput, meta: { ip: string | null }): Promise<SignedUp> {
  return signUp(db, 'bank', input, bankColumns(input), input.regionsServed, meta);
}
