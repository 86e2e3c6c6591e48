/**
 * Liveness and database state for monitoring (`/healthz`): answered by the HTTP
 * server before Remix and before who-is-asking (app/server/server.ts, through the
 * build's `serverHooks`), and by app/routes/healthz.ts for the same path.
 */
import { sql } from 'kysely';
import { getDatabase } from '~/utils/db.server';

const startedAt = new Date().toISOString();

export interface Health {
  /** 200, or 503 when the database does not answer */
  status: number;
  body: {
    status: 'ok' | 'degraded';
    app: { name: string; version: string; startedAt: string; uptimeS: number };
    database: { kind: string; ok: boolean; ms?: number; error?: string };
  };
}

export async function health(): Promise<Health> {
  const started = performance.now();
  let database: Health['body']['database'];
  try {
    const handle = await getDatabase();
    await sql`select 1`.execute(handle.db);
    database = { kind: handle.kind, ok: true, ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    database = { kind: 'unknown', ok: false, error: 'unreachable' };
  }
  return {
    status: database.ok ? 200 : 503,
    body: {
      status: database.ok ? 'ok' : 'degraded',
      app: { name: 'finmatch', version: process.env.npm_package_version ?? '0.1.0', startedAt, uptimeS: Math.round(process.uptime()) },
      database,
    },
  };
}
