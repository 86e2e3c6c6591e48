/**
 * What the page cache (scripts/page-cache.ts) needs from the app for a GET: who is
 * asking and which state of the data the answer would be computed from. Decision
 * record 023 explains the design.
 *
 * - Who: the validated session (revoked, expired or deactivated → no session, so a
 *   cached page is never served to someone who lost access), or anonymous.
 * - Which state: `dataVersion` changes with every committed write from any process.
 *   It is read after the session check (which may itself write) and before the page
 *   is computed, so a write that lands while the page renders leaves the stored copy
 *   under a version that no longer matches.
 *
 * No probe (null) means "do not use the cache": an invalid or renewed session (the
 * answer sets a cookie), or a cookie the key does not cover (a flash message).
 */
import { sql } from 'kysely';
import { LOCALE_COOKIE } from '~/i18n/locale';
import { SESSION_COOKIE, sessionTokenFromCookieHeader, validateSessionToken } from '~/modules/auth/auth-session.server';
import { getDatabase } from '~/utils/db.server';
import type { DatabaseHandle } from '#db/connection';

export interface PageCacheProbe {
  /** the session id (a hash of the token), or 'anonymous' */
  principal: string;
  version: string;
}

const KEYED_COOKIES = new Set([SESSION_COOKIE, `__Host-${SESSION_COOKIE}`, LOCALE_COOKIE]);

/** Cookie names in a Cookie header. */
function cookieNames(header: string): string[] {
  return header
    .split(';')
    .map((part) => part.split('=')[0]?.trim() ?? '')
    .filter(Boolean);
}

/**
 * SQLite: `data_version` changes when another connection (another process) commits,
 * `total_changes()` counts this connection's own row changes. PostgreSQL: the current
 * snapshot (xmin:xmax:in-progress ids). Two equal snapshots see the same committed
 * data, and every writing transaction changes it when it ends (its id leaves the
 * in-progress list or moves xmax), while readers take no id at all. (The WAL insert
 * position, used before, also moved with checkpoints and vacuum, and a commit could
 * be in the WAL before it was visible.) Either may move without a visible change (a
 * rolled-back write, another database's writes on the same PostgreSQL): that only
 * costs a render.
 */
export async function dataVersion(handle: DatabaseHandle): Promise<string> {
  if (handle.kind === 'sqlite') {
    const { rows } = await sql<{ c: number; v: number }>`select total_changes() as c, (select data_version from pragma_data_version) as v`.execute(handle.db);
    return `${rows[0].v}.${rows[0].c}`;
  }
  const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(handle.db);
  return rows[0].snapshot;
}

export async function pageCacheProbe(request: { cookie: string }): Promise<PageCacheProbe | null> {
  const cookie = request.cookie;
  if (cookieNames(cookie).some((name) => !KEYED_COOKIES.has(name))) return null;
  const handle = await getDatabase();
  let principal = 'anonymous';
  const token = sessionTokenFromCookieHeader(cookie);
  if (token) {
    const auth = await validateSessionToken(handle.db, token);
    if (!auth || auth.session.renewed) return null;
    principal = auth.session.id;
  }
  return { principal, version: await dataVersion(handle) };
}
