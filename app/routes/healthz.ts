import { json } from '@remix-run/node';
import { health } from '~/modules/health/health.server';

/**
 * Liveness and database state for monitoring; 503 when the database does not answer.
 * The HTTP server answers /healthz itself before Remix (app/server/server.ts); this
 * route gives the same answer to anything that reaches Remix with the path.
 */
export async function loader() {
  const { status, body } = await health();
  return json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}
