/**
 * Administrator accounts, created from the command line (`npm run admin:create`):
 * on an empty production database this is the only way in. The account gets the
 * password given (checked by the password policy) or none at all, in which case
 * the caller issues a one-time set-password link (valid 24 h).
 */
import { z } from 'zod';
import type { DB } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { uniqueViolation } from '~/utils/db-errors';
import { newId, nowIso } from '~/utils/ids';
import { email, text } from '~/utils/zod-helpers';
import { hashPassword } from '~/modules/auth/password.server';
import { passwordWeakness } from '~/modules/auth/password-policy';
import { issuePasswordToken } from '~/modules/auth/password-tokens.server';

export const AdministratorSchema = z.object({ email, name: text(50) });
export type AdministratorInput = z.output<typeof AdministratorSchema>;

const emailTaken = () => new AppError(400, 'v.emailTaken', { field: 'email' });

/** Stored instead of a hash when the account has no password yet: no password verifies against it. */
const NO_PASSWORD = '!no-password';

export interface CreatedAdministrator {
  userId: string;
  setPasswordToken: string | null;
  expiresAt: Date | null;
}

/**
 * Creates an administrator with `password`, or — when `password` is null — without
 * one, returning the token of a set-password link valid 24 h. Throws a 400
 * AppError on the field (`email`, `name`, `password`) for invalid input, a weak
 * password or an email already taken.
 */
export async function createAdministrator(
  db: DB,
  raw: { email: string; name: string },
  password: string | null,
  now = new Date(),
): Promise<CreatedAdministrator> {
  const parsed = AdministratorSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(400, issue.message, { field: issue.path[0] === 'name' ? 'name' : 'email' });
  }
  const input = parsed.data;
  if (password !== null) {
    const weak = passwordWeakness(password, [input.email, input.name]);
    if (weak) throw new AppError(400, weak, { field: 'password' });
  }
  const passwordHash = password === null ? NO_PASSWORD : await hashPassword(password);
  const userId = newId();
  const stamp = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('users').select('id').where('email', '=', input.email).executeTakeFirst();
      if (taken) throw emailTaken();
      await trx
        .insertInto('users')
        .values({
          id: userId,
          email: input.email,
          name: input.name,
          phone: '',
          password_hash: passwordHash,
          role: 'admin',
          organization_id: null,
          region_code: null,
          created_at: stamp,
          updated_at: nowIso(),
        })
        .execute();
      const link = password === null ? await issuePasswordToken(trx, userId, 'set', now) : null;
      return { userId, setPasswordToken: link?.token ?? null, expiresAt: link?.expiresAt ?? null };
    });
  } catch (error) {
    if (uniqueViolation(error)?.column === 'email') throw emailTaken();
    throw error;
  }
}
