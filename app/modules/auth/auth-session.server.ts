/**
 * Sessions on Lucia's design: a random token lives only in the user's cookie;
 * the database keeps its SHA-256 hash as the session id. Sessions expire after
 * 30 days and are renewed when used in their last 15 days. See
 * docs/decisions/003-auth-sessions.md.
 */
import { createHash } from 'node:crypto';
import { isProduction } from '~/utils/env.server';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { DB } from '~/utils/db.server';
import type { Role } from '#db/schema';

export const SESSION_COOKIE = 'finmatch_session';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
export const SESSION_RENEW_WITHIN_MS = 15 * DAY_MS;
/**
 * last_seen_at ("最近活动" in the signed-in devices list) is written at most this
 * often: every such write is a commit, which also invalidates every page kept by
 * the page cache (decision record 023), so it must stay rare.
 */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  phone: string;
  role: Role;
  organizationId: string | null;
  regionCode: string | null;
}

export interface AuthSession {
  id: string;
  userId: string;
  expiresAt: Date;
  /** true when this validation extended the expiry: the cookie must be re-sent */
  renewed: boolean;
}

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The session id: the token's SHA-256 in hex (Node's native hash: it runs on every signed-in request). */
export function sessionIdFromToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createSession(
  db: DB,
  token: string,
  userId: string,
  meta: { ip?: string | null; userAgent?: string | null } = {},
  now = new Date(),
): Promise<AuthSession> {
  const session: AuthSession = {
    id: sessionIdFromToken(token),
    userId,
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
    renewed: false,
  };
  await db
    .insertInto('auth_sessions')
    .values({
      id: session.id,
      user_id: userId,
      expires_at: session.expiresAt.toISOString(),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      ip: meta.ip?.slice(0, 64) ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return session;
}

/*
 * Concurrent checks of one token share one lookup. A page's loaders run side by
 * side and each starts with a guard (the root loader and the route's loader), so
 * one page asked the database the same question at the same moment. A lookup is
 * shared only while it is in flight: once it has answered, the next check reads
 * the database again, so a logout on this or any other process is seen by the
 * next request. See docs/decisions/021-scale-out-and-performance.md.
 */
type Validation = { session: AuthSession; user: SessionUser } | null;
const inFlight = new WeakMap<object, Map<string, Promise<Validation>>>();

export function validateSessionToken(db: DB, token: string, now?: Date): Promise<Validation> {
  if (now) return lookupSession(db, token, now);
  let pending = inFlight.get(db);
  if (!pending) inFlight.set(db, (pending = new Map()));
  const shared = pending.get(token);
  if (shared !== undefined) return shared;
  const lookup = lookupSession(db, token, new Date());
  pending.set(token, lookup);
  const forget = () => {
    if (pending.get(token) === lookup) pending.delete(token);
  };
  lookup.then(forget, forget);
  return lookup;
}

/**
 * The expiry and renewal rule for a stored session row, shared by the plain
 * validation and the per-request resolution (who.server.ts): an expired session
 * or an inactive user's is deleted (null); one near its end is renewed; last_seen_at
 * is written at most once per SESSION_TOUCH_INTERVAL_MS.
 */
export async function settleSession(
  db: DB,
  id: string,
  row: { user_id: string; expires_at: string; last_seen_at: string; active: number | boolean },
  now: Date,
): Promise<AuthSession | null> {
  const expiresAt = new Date(row.expires_at);
  if (now.getTime() >= expiresAt.getTime() || !row.active) {
    await db.deleteFrom('auth_sessions').where('id', '=', id).execute();
    return null;
  }
  const session: AuthSession = { id, userId: row.user_id, expiresAt, renewed: false };
  const update: { expires_at?: string; last_seen_at?: string } = {};
  if (now.getTime() >= expiresAt.getTime() - SESSION_RENEW_WITHIN_MS) {
    session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    session.renewed = true;
    update.expires_at = session.expiresAt.toISOString();
  }
  if (now.getTime() - new Date(row.last_seen_at).getTime() > SESSION_TOUCH_INTERVAL_MS) update.last_seen_at = now.toISOString();
  if (update.expires_at || update.last_seen_at) {
    await db.updateTable('auth_sessions').set(update).where('id', '=', id).execute();
  }
  return session;
}

/** The session and user columns every session check reads (here and in who.server's one query). */
export const SESSION_USER_COLUMNS = [
  's.id',
  's.user_id',
  's.expires_at',
  's.last_seen_at',
  'u.email',
  'u.name',
  'u.phone',
  'u.role',
  'u.organization_id',
  'u.region_code',
  'u.active',
] as const;

/** The user of a row read with SESSION_USER_COLUMNS. */
export function sessionUser(row: {
  user_id: string;
  email: string;
  name: string;
  phone: string;
  role: Role;
  organization_id: string | null;
  region_code: string | null;
}): SessionUser {
  return {
    id: row.user_id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    role: row.role,
    organizationId: row.organization_id,
    regionCode: row.region_code,
  };
}

async function lookupSession(db: DB, token: string, now: Date): Promise<Validation> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = sessionIdFromToken(token);
  const row = await db
    .selectFrom('auth_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(SESSION_USER_COLUMNS)
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const session = await settleSession(db, id, row, now);
  if (!session) return null;
  return { session, user: sessionUser(row) };
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
  inFlight.delete(db);
  await db.deleteFrom('auth_sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, optionally keeping one (the current device). */
export async function invalidateUserSessions(db: DB, userId: string, keepSessionId?: string): Promise<number> {
  inFlight.delete(db);
  let q = db.deleteFrom('auth_sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '<>', keepSessionId);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}

export async function listUserSessions(db: DB, userId: string, now = new Date()) {
  return db
    .selectFrom('auth_sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/* ---------- cookie ---------- */

function secureCookies(): boolean {
  if (process.env.COOKIE_SECURE === 'true') return true;
  if (process.env.COOKIE_SECURE === 'false') return false;
  return isProduction();
}

/**
 * The cookie's name: with Secure cookies (production) `__Host-finmatch_session`,
 * which browsers accept only from this exact host over HTTPS, with Path=/ and no
 * Domain — a sibling subdomain cannot plant or shadow it (issue 13, point 5).
 */
export function sessionCookieName(): string {
  return secureCookies() ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const parts = [`${sessionCookieName()}=${token}`, 'HttpOnly', 'SameSite=Lax', 'Path=/', `Expires=${expiresAt.toUTCString()}`];
  if (secureCookies()) parts.push('Secure');
  return parts.join('; ');
}

export function blankSessionCookie(): string {
  const parts = [`${sessionCookieName()}=`, 'HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=0'];
  if (secureCookies()) parts.push('Secure');
  return parts.join('; ');
}

const SESSION_COOKIE_PATTERN = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]*)`);
const HOST_SESSION_COOKIE_PATTERN = new RegExp(`(?:^|;\\s*)__Host-${SESSION_COOKIE}=([^;]*)`);

/** The session token from a Cookie header: only the cookie of the current name (the prefixed one in production). */
export function sessionTokenFromCookieHeader(cookie: string | null): string | null {
  const m = (secureCookies() ? HOST_SESSION_COOKIE_PATTERN : SESSION_COOKIE_PATTERN).exec(cookie ?? '');
  return m && m[1] ? m[1] : null;
}

export function readSessionToken(request: Request): string | null {
  return sessionTokenFromCookieHeader(request.headers.get('Cookie'));
}
