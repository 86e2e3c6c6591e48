/**
 * The cheapest page of the app: no session, no database, a few bytes of text.
 * It is the baseline of `npm run bench:http` (what the HTTP stack, Express and
 * Remix cost before any work of our own), and a liveness probe for a load
 * balancer that must not touch the database (/healthz does).
 */
export function loader() {
  return new Response('pong\n', { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}
