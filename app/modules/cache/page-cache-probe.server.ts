/**
 * What the optional page cache (app/server/page-cache.ts) needs from the app:
 * which state of the data an answer would be computed from, and whether a
 * request's cookies are all ones its key covers. Who is asking is not decided
 * here: the server resolved it once for the request (decision record 024).
 * Decision record 023 explains the design.
 *
 * `dataVersion` changes with every committed write from any process. The server
 * reads it after resolving who is asking (which may itself write) and before the
 * page is computed, so a write that lands while the page renders leaves the
 * stored copy under a version that no longer matches.
 */
import { sql } from 'kysely';
import { LOCALE_COOKIE } from '~/i18n/locale';
import { SESSION_COOKIE } from '~/modules/auth/auth-session.server';
import { getDatabase } from '~/utils/db.server';
import type { DatabaseHandle } from '#db/connection';

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
export async function dataVersion(handle: Pick<DatabaseHandle, 'kind' | 'db'>): Promise<string> {
  if (handle.kind === 'sqlite') {
    // answered by the reader connection while a transaction holds the writer (db/sqlite-split.ts):
    // its counters are its own, so the version says which connection gave it
    const { rows } = await sql<{
      c: number;
      v: number;
      r: number;
    }>`select total_changes() as c, (select data_version from pragma_data_version) as v, (select query_only from pragma_query_only) as r`.execute(
      handle.db,
    );
    return `${rows[0].r ? 'r' : 'w'}${rows[0].v}.${rows[0].c}`;
  }
  const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(handle.db);
  return rows[0].snapshot;
}

/** Whether every cookie of a Cookie header is one the cache key covers (session, language); a flash message is not. */
export function keyedCookiesOnly(cookie: string): boolean {
  return !cookieNames(cookie).some((name) => !KEYED_COOKIES.has(name));
}

export async function currentDataVersion(): Promise<string> {
  return dataVersion(await getDatabase());
}
