/**
 * Who is asking, resolved once per request (decision record 024).
 *
 * The HTTP server (app/server/server.ts) calls `resolveWho` for every request
 * that reaches Remix, before any loader runs: one query reads the session, its
 * user, the user's organization and the unread notification count; when the
 * session is due for renewal the expiry moves in the database and the answer
 * carries the cookie to send. The result travels to loaders and actions in the
 * load context (`context.who`) and the guards (./guards.server.ts) read it from
 * there: nothing validates the session a second time.
 */
import { precompiled } from '~/utils/precompiled.server';
import type { DB } from '~/utils/db.server';
import type { OrgKind, OrgStatus } from '#db/schema';
import {
  SESSION_USER_COLUMNS,
  settleSession,
  sessionCookie,
  sessionIdFromToken,
  sessionTokenFromCookieHeader,
  sessionUser,
  type AuthSession,
  type SessionUser,
} from './auth-session.server';

export interface WhoOrg {
  id: string;
  kind: OrgKind;
  status: OrgStatus;
  name: string;
  region_code: string;
}

/** The signed-in person behind a request (null in the context: anonymous). */
export interface Who {
  user: SessionUser;
  session: AuthSession;
  /** the user's organization (bank officers and enterprise users), else null */
  org: WhoOrg | null;
  unreadNotifications: number;
}

export interface ResolvedWho {
  who: Who | null;
  /** the renewal cookie to send with the answer, when the session was renewed */
  setCookie: string | null;
}

interface Row {
  id: string;
  user_id: string;
  expires_at: string;
  last_seen_at: string;
  email: string;
  name: string;
  phone: string;
  role: SessionUser['role'];
  organization_id: string | null;
  region_code: string | null;
  active: number | boolean;
  org_id: string | null;
  org_kind: OrgKind | null;
  org_status: OrgStatus | null;
  org_name: string | null;
  org_region_code: string | null;
  unread: number | string | bigint;
}

function whoQuery(db: DB, sessionId: string) {
  return db
    .selectFrom('auth_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .select([
      ...SESSION_USER_COLUMNS,
      'o.id as org_id',
      'o.kind as org_kind',
      'o.status as org_status',
      'o.name as org_name',
      'o.region_code as org_region_code',
    ])
    .select((eb) =>
      eb
        .selectFrom('notifications as n')
        .select((n) => n.fn.countAll<number>().as('c'))
        .whereRef('n.user_id', '=', 'u.id')
        .where('n.read_at', 'is', null)
        .as('unread'),
    )
    .where('s.id', '=', sessionId);
}

/*
 * The query is compiled once per database handle (decision 047b): the SQL text never
 * changes, only its one parameter (the session id). Building and compiling the Kysely tree
 * on every request cost more than running the query on SQLite.
 */
const whoRow = precompiled<{ sessionId: string }, Row>('who', (db, a) => whoQuery(db, a.sessionId));

/** Resolves the session named by a Cookie header (see the file comment). */
export async function resolveWho(db: DB, cookieHeader: string | null | undefined, now = new Date()): Promise<ResolvedWho> {
  const token = sessionTokenFromCookieHeader(cookieHeader ?? null);
  if (!token || !/^[a-z2-7]{32}$/.test(token)) return { who: null, setCookie: null };
  const id = sessionIdFromToken(token);
  const row = (await whoRow(db, { sessionId: id }))[0];
  if (!row) return { who: null, setCookie: null };
  const session = await settleSession(db, id, row, now);
  if (!session) return { who: null, setCookie: null };
  const who: Who = {
    session,
    user: sessionUser(row),
    org:
      row.org_id && row.org_kind && row.org_status && row.org_name !== null && row.org_region_code !== null
        ? { id: row.org_id, kind: row.org_kind, status: row.org_status, name: row.org_name, region_code: row.org_region_code }
        : null,
    unreadNotifications: Number(row.unread ?? 0),
  };
  return { who, setCookie: session.renewed ? sessionCookie(token, session.expiresAt) : null };
}
