import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { changePassword, listAccountSessions, revokeAccountSession, revokeOtherSessions } from './account.server';
import { hashPassword, verifyPassword } from './password.server';
import { createSession, generateSessionToken, validateSessionToken } from './auth-session.server';
import { beginLoginAttempt } from './throttle.server';

let t: TempDatabase;
let oldHash: string;

beforeAll(async () => {
  t = await createTempDatabase();
  oldHash = await hashPassword('Old-password-1');
});
afterAll(async () => {
  await t.cleanup();
});

async function userWithSessions(n: number) {
  const userId = await insertUser(t.db, { role: 'enterprise', passwordHash: oldHash });
  const tokens: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const token = generateSessionToken();
    tokens.push(token);
    ids.push(
      (
        await createSession(t.db, token, userId, {
          ip: `10.0.0.${i + 1}`,
          userAgent: i === 0 ? 'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0 Safari/537.36' : null,
        })
      ).id,
    );
  }
  return { userId, tokens, ids };
}

describe('changePassword', () => {
  it('re-hashes with argon2id and ends every other session', async () => {
    const { userId, tokens, ids } = await userWithSessions(3);
    const res = await changePassword(t.db, {
      userId,
      currentPassword: 'Old-password-1',
      newPassword: 'New-password-2',
      keepSessionId: ids[1],
      ip: '10.0.0.2',
    });
    expect(res).toEqual({ endedSessions: 2 });
    const row = await t.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash, 'New-password-2')).toBe(true);
    expect(await verifyPassword(row.password_hash, 'Old-password-1')).toBe(false);
    expect(await validateSessionToken(t.db, tokens[0])).toBeNull();
    expect(await validateSessionToken(t.db, tokens[1])).not.toBeNull();
    expect(await validateSessionToken(t.db, tokens[2])).toBeNull();
  });

  it('refuses a wrong current password, changes nothing, and counts it towards the throttle', async () => {
    const { userId, tokens, ids } = await userWithSessions(2);
    const email = (await t.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email;
    for (let i = 0; i < 5; i++) {
      const res = changePassword(t.db, {
        userId,
        currentPassword: `wrong-${i}`,
        newPassword: 'New-password-2',
        keepSessionId: ids[0],
        ip: '10.0.0.9',
      });
      await expect(res).rejects.toMatchObject({
        status: 400,
        messageKey: 'password.wrongCurrent',
        fieldErrors: { currentPassword: ['password.wrongCurrent'] },
      });
    }
    expect((await beginLoginAttempt(t.db, email, '10.0.0.9')).allowed).toBe(false);
    // now even the right password is refused until the window passes
    const blocked = changePassword(t.db, {
      userId,
      currentPassword: 'Old-password-1',
      newPassword: 'New-password-2',
      keepSessionId: ids[0],
      ip: '10.0.0.9',
    });
    await expect(blocked).rejects.toMatchObject({ status: 429, messageKey: expect.stringMatching(/^password\.throttled\|/) });
    const row = await t.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(row.password_hash).toBe(oldHash);
    expect(await validateSessionToken(t.db, tokens[1])).not.toBeNull();
  });
});

describe('sessions of an account', () => {
  it('lists the current session first with a device description', async () => {
    const { userId, ids } = await userWithSessions(3);
    const list = await listAccountSessions(t.db, userId, ids[2]);
    expect(list.map((s) => s.id)[0]).toBe(ids[2]);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list.find((s) => s.id === ids[0])).toMatchObject({ device: { browser: 'Chrome', os: 'Windows' }, ip: '10.0.0.1' });
  });

  it('revokes only the user’s own session; another user’s id changes nothing', async () => {
    const a = await userWithSessions(2);
    const b = await userWithSessions(1);
    expect(await revokeAccountSession(t.db, a.userId, b.ids[0])).toBe(false);
    expect(await validateSessionToken(t.db, b.tokens[0])).not.toBeNull();
    expect(await revokeAccountSession(t.db, a.userId, a.ids[1])).toBe(true);
    expect(await validateSessionToken(t.db, a.tokens[1])).toBeNull();
    expect(await validateSessionToken(t.db, a.tokens[0])).not.toBeNull();
  });

  it('revokes all others and keeps the current one', async () => {
    const a = await userWithSessions(4);
    const b = await userWithSessions(1);
    expect(await revokeOtherSessions(t.db, a.userId, a.ids[0])).toBe(3);
    expect((await listAccountSessions(t.db, a.userId, a.ids[0])).map((s) => s.id)).toEqual([a.ids[0]]);
    expect(await validateSessionToken(t.db, b.tokens[0])).not.toBeNull();
  });
});
