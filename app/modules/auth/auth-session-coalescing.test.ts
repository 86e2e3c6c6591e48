/**
 * Concurrent validations of one session token share one database lookup; a
 * validation that starts after the previous one answered reads the database again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import { createSession, generateSessionToken, invalidateSession, sessionIdFromToken, validateSessionToken } from './auth-session.server';

let t: TempDatabase;
let userId: string;
let queries = 0;

beforeAll(async () => {
  t = await createTempDatabase();
  userId = await insertUser(t.db, { role: 'enterprise' });
  // count the statements the connection runs
  const executor = t.db.getExecutor();
  const execute = executor.executeQuery.bind(executor);
  executor.executeQuery = ((...args: Parameters<typeof execute>) => {
    queries++;
    return execute(...args);
  }) as typeof executor.executeQuery;
});
afterAll(async () => {
  await t.cleanup();
});

describe('session validation under concurrency', () => {
  it('answers concurrent checks of one token with one lookup', async () => {
    const token = generateSessionToken();
    await createSession(t.db, token, userId);
    queries = 0;
    const [a, b, c] = await Promise.all([
      validateSessionToken(t.db, token),
      validateSessionToken(t.db, token),
      validateSessionToken(t.db, token),
    ]);
    expect(queries).toBe(1);
    expect(a?.user.id).toBe(userId);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('reads the database again once the lookup has answered', async () => {
    const token = generateSessionToken();
    await createSession(t.db, token, userId);
    expect(await validateSessionToken(t.db, token)).not.toBeNull();
    // ended behind the module's back (e.g. by another process): the next check sees it
    await t.db.deleteFrom('auth_sessions').where('id', '=', sessionIdFromToken(token)).execute();
    expect(await validateSessionToken(t.db, token)).toBeNull();
  });

  it('does not hand out a lookup that started before a logout', async () => {
    const token = generateSessionToken();
    await createSession(t.db, token, userId);
    const before = validateSessionToken(t.db, token);
    await invalidateSession(t.db, sessionIdFromToken(token));
    const after = validateSessionToken(t.db, token);
    expect(after).not.toBe(before);
    expect(await after).toBeNull();
  });

  it('keeps tokens apart', async () => {
    const [x, y] = [generateSessionToken(), generateSessionToken()];
    await createSession(t.db, x, userId);
    const [vx, vy] = await Promise.all([validateSessionToken(t.db, x), validateSessionToken(t.db, y)]);
    expect(vx?.session.id).toBe(sessionIdFromToken(x));
    expect(vy).toBeNull();
  });
});
