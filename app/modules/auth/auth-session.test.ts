import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDatabase, insertUser, type TempDatabase } from '../../../tests/support/temp-db';
import {
  createSession,
  generateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  listUserSessions,
  readSessionToken,
  SESSION_LIFETIME_MS,
  SESSION_RENEW_WITHIN_MS,
  SESSION_TOUCH_INTERVAL_MS,
  sessionCookie,
  sessionIdFromToken,
  validateSessionToken,
} from './auth-session.server';

const DAY = 24 * 60 * 60 * 1000;
let t: TempDatabase;
let userId: string;

beforeAll(async () => {
  t = await createTempDatabase();
  userId = await insertUser(t.db, { role: 'enterprise' });
});
afterAll(async () => {
  await t.cleanup();
});

describe('session tokens', () => {
  it('are 32 lower-case base32 characters (160 random bits) and never repeat', () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const token = generateSessionToken();
      expect(token).toMatch(/^[a-z2-7]{32}$/);
      tokens.add(token);
    }
    expect(tokens.size).toBe(2000);
    // every base32 character shows up: the bytes are not biased towards a few values
    const chars = new Set([...tokens].join(''));
    expect(chars.size).toBe(32);
  });

  it('are stored only as their SHA-256 hash', async () => {
    const token = generateSessionToken();
    const session = await createSession(t.db, token, userId, { ip: '10.0.0.1', userAgent: 'Mozilla/5.0' });
    const hash = createHash('sha256').update(token).digest('hex');
    expect(session.id).toBe(hash);
    expect(sessionIdFromToken(token)).toBe(hash);
    const rows = await t.db.selectFrom('auth_sessions').selectAll().execute();
    expect(rows.some((r) => r.id === hash && r.ip === '10.0.0.1' && r.user_agent === 'Mozilla/5.0')).toBe(true);
    for (const r of rows) expect(Object.values(r)).not.toContain(token);
  });
});

describe('validateSessionToken', () => {
  it('returns the user for a live session and null for unknown or malformed tokens', async () => {
    const token = generateSessionToken();
    await createSession(t.db, token, userId);
    const res = await validateSessionToken(t.db, token);
    expect(res?.user).toMatchObject({ id: userId, role: 'enterprise' });
    expect(res?.session.renewed).toBe(false);
    expect(await validateSessionToken(t.db, generateSessionToken())).toBeNull();
    expect(await validateSessionToken(t.db, 'not a token')).toBeNull();
    expect(await validateSessionToken(t.db, sessionIdFromToken(token))).toBeNull(); // the stored hash is not a token
  });

  it('expires after 30 days and deletes the expired row', async () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const token = generateSessionToken();
    const session = await createSession(t.db, token, userId, {}, start);
    expect(session.expiresAt.getTime() - start.getTime()).toBe(SESSION_LIFETIME_MS);
    expect(await validateSessionToken(t.db, token, session.expiresAt)).toBeNull();
    expect(await t.db.selectFrom('auth_sessions').select('id').where('id', '=', session.id).executeTakeFirst()).toBeUndefined();

    const alive = generateSessionToken();
    const s2 = await createSession(t.db, alive, userId, {}, start);
    expect(await validateSessionToken(t.db, alive, new Date(s2.expiresAt.getTime() - 1))).not.toBeNull();
  });

  it('is not renewed in the first 15 days, and renewed for 30 days when used in the last 15', async () => {
    const start = new Date('2026-02-01T00:00:00Z');
    const token = generateSessionToken();
    const session = await createSession(t.db, token, userId, {}, start);
    const early = await validateSessionToken(t.db, token, new Date(start.getTime() + 14 * DAY));
    expect(early?.session.renewed).toBe(false);
    expect(early?.session.expiresAt.toISOString()).toBe(session.expiresAt.toISOString());

    const lateNow = new Date(start.getTime() + SESSION_LIFETIME_MS - SESSION_RENEW_WITHIN_MS + 1000);
    const late = await validateSessionToken(t.db, token, lateNow);
    expect(late?.session.renewed).toBe(true);
    expect(late?.session.expiresAt.getTime()).toBe(lateNow.getTime() + SESSION_LIFETIME_MS);
    const row = await t.db
      .selectFrom('auth_sessions')
      .select(['expires_at', 'last_seen_at'])
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.expires_at).toBe(late!.session.expiresAt.toISOString());
    expect(row.last_seen_at).toBe(lateNow.toISOString());
    // still valid long after the original expiry
    expect(await validateSessionToken(t.db, token, new Date(start.getTime() + SESSION_LIFETIME_MS + 10 * DAY))).not.toBeNull();
  });

  it('writes the last activity at most once an hour (each write would empty the page cache)', async () => {
    const start = new Date('2026-03-01T00:00:00Z');
    const token = generateSessionToken();
    const session = await createSession(t.db, token, userId, {}, start);
    const lastSeen = async () =>
      (await t.db.selectFrom('auth_sessions').select('last_seen_at').where('id', '=', session.id).executeTakeFirstOrThrow()).last_seen_at;
    for (const minutes of [1, 10, 30, 59]) {
      expect(await validateSessionToken(t.db, token, new Date(start.getTime() + minutes * 60_000))).not.toBeNull();
      expect(await lastSeen()).toBe(start.toISOString());
    }
    const later = new Date(start.getTime() + SESSION_TOUCH_INTERVAL_MS + 1000);
    await validateSessionToken(t.db, token, later);
    expect(await lastSeen()).toBe(later.toISOString());
  });

  it('ends the sessions of a deactivated user', async () => {
    const other = await insertUser(t.db, { role: 'bank' });
    const token = generateSessionToken();
    await createSession(t.db, token, other);
    await t.db.updateTable('users').set({ active: 0 }).where('id', '=', other).execute();
    expect(await validateSessionToken(t.db, token)).toBeNull();
    expect(await t.db.selectFrom('auth_sessions').select('id').where('user_id', '=', other).execute()).toHaveLength(0);
  });
});

describe('revocation', () => {
  it('invalidateSession ends exactly one session', async () => {
    const a = generateSessionToken();
    const b = generateSessionToken();
    await createSession(t.db, a, userId);
    await createSession(t.db, b, userId);
    await invalidateSession(t.db, sessionIdFromToken(a));
    expect(await validateSessionToken(t.db, a)).toBeNull();
    expect(await validateSessionToken(t.db, b)).not.toBeNull();
  });

  it('invalidateUserSessions ends every session of the user but the one kept, and no one else’s', async () => {
    const u = await insertUser(t.db, { role: 'organizer', regionCode: '410400' });
    const bystander = await insertUser(t.db, { role: 'admin' });
    const tokens = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
    for (const tok of tokens) await createSession(t.db, tok, u);
    const otherToken = generateSessionToken();
    await createSession(t.db, otherToken, bystander);

    const ended = await invalidateUserSessions(t.db, u, sessionIdFromToken(tokens[0]));
    expect(ended).toBe(2);
    expect(await validateSessionToken(t.db, tokens[0])).not.toBeNull();
    expect(await validateSessionToken(t.db, tokens[1])).toBeNull();
    expect(await validateSessionToken(t.db, tokens[2])).toBeNull();
    expect(await validateSessionToken(t.db, otherToken)).not.toBeNull();

    expect(await invalidateUserSessions(t.db, u)).toBe(1);
    expect(await validateSessionToken(t.db, tokens[0])).toBeNull();
    expect(await validateSessionToken(t.db, otherToken)).not.toBeNull();
  });

  it('listUserSessions lists only unexpired sessions of that user', async () => {
    const u = await insertUser(t.db, { role: 'bank' });
    const now = new Date('2026-03-01T00:00:00Z');
    await createSession(t.db, generateSessionToken(), u, {}, new Date(now.getTime() - 40 * DAY)); // expired
    await createSession(t.db, generateSessionToken(), u, { userAgent: 'x' }, new Date(now.getTime() - DAY));
    const list = await listUserSessions(t.db, u, now);
    expect(list).toHaveLength(1);
    expect(list[0].user_agent).toBe('x');
  });
});

describe('cookie', () => {
  it('is HttpOnly, SameSite=Lax, path-wide, and read back from the Cookie header', () => {
    const token = generateSessionToken();
    const c = sessionCookie(token, new Date('2026-05-01T00:00:00Z'));
    expect(c).toMatch(new RegExp(`^finmatch_session=${token};`));
    expect(c).toContain('HttpOnly');
    expect(c).toContain('SameSite=Lax');
    expect(c).toContain('Path=/');
    const req = new Request('http://x/', { headers: { Cookie: `a=1; finmatch_session=${token}; b=2` } });
    expect(readSessionToken(req)).toBe(token);
    expect(readSessionToken(new Request('http://x/'))).toBeNull();
  });
});
