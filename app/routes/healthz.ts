import { json } from '@remix-run/node';
import { sql } from 'kysely';
import { getDatabase } from '~/utils/db.server';

const startedAt = new Date().toISOString();

/** Liveness and database state for monitoring; 503 when the database does not answer. */
export async function loader() {
  const started = performance.now();
  let database: { kind: string; ok: boolean; ms?: number; error?: string };
  try {
    const handle = await getDatabase();
    await sql`select 1`.execute(handle.db);
    database = { kind: handle.kind, ok: true, ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    database = { kind: 'unknown', ok: false, error: 'unreachable' };
  }
  return json(
    {
      status: database.ok ? 'ok' : 'degraded',
      app: { name: 'finmatch', version: process.env.npm_package_version ?? '0.1.0', startedAt, uptimeS: Math.round(process.uptime()) },
      database,
    },
    { status: database.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
