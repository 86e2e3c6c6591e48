/**
 * Administrator accounts, created from the command line (`npm run admin:create`):
 * on an empty production database this is the only way in. The account gets the
 * password given (checked by the password policy) or none at all, in which case
 * the caller issues a one-time set-password link (valid 24 h).
 */
import { z } from 'zod';
import type { DB } from '~/utils/db.server';
import { uniqueViolation } from '~/utils/db-errors';
import { newId, nowIso } from '~/utils/ids';
import { email, text } from '~/utils/zod-helpers';
import { hashPassword } from '~/modules/auth/password.server';
import { passwordWeakness } from '~/modules/auth/password-policy';
import { issuePasswordToken } from '~/modules/auth/password-tokens.server';

export const AdministratorSchema = z.object({ email, name: text(50) });
export type AdministratorInput = z.output<typeof AdministratorSchema>;

/** Stored instead of a hash when the account has no password yet: no password verifies against it. */
const NO_PASSWORD = '!no-password';

export type CreateAdministratorResult =
  | { ok: true; userId: string; setPasswordToken: string | null; expiresAt: Date | null }
  | { ok: false; field: 'email' | 'name' | 'password'; error: string };

/**
 * Creates an administrator with `password`, or — when `password` is null — without
 * one, returning the token of a set-password link valid 24 h.
 */
export async function createAdministrator(db: DB, raw: { email: string; name: string }, password: string | null, now = new Date()): Promise<CreateAdministratorResult> {
  const parsed = AdministratorSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, field: issue.path[0] === 'name' ? 'name' : 'email', error: issue.message };
  }
  const input = parsed.data;
  if (password !== null) {
    const weak = passwordWeakness(password, [input.email, input.name]);
    if (weak) return { ok: false, field: 'password', error: weak };
  }
  const passwordHash = password === null ? NO_PASSWORD : await hashPassword(password);
  const userId = newId();
  const stamp = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
      if (taken) return { ok: false as const, field: 'email' as const, error: 'v.emailTaken' };
      await trx
        .insertInto('users')
        .values({
          id: userId, email: input.email, name: input.name, phone: '', password_hash: passwordHash, role: 'admin',
          organization_id: null, region_code: null, created_at: stamp, updated_at: nowIso(),
        })
        .execute();
      const link = password === null ? await issuePasswordToken(trx, userId, 'set', now) : null;
      return { ok: true as const, userId, setPasswordToken: link?.token ?? null, expiresAt: link?.expiresAt ?? null };
    });
  } catch (error) {
    if (uniqueViolation(error)?.column === 'email') return { ok: false, field: 'email', error: 'v.emailTaken' };
    throw error;
  }
}
