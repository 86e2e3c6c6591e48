/**
 * What the HTTP server (app/server/server.ts) takes from the Remix build: the
 * server build bundles the app's own modules once, and the server reaches them
 * through `serverHooks`, exported by app/entry.server.tsx, so the app's code
 * (database handle, session logic) exists once per process.
 */
import type { ResolvedWho } from '~/modules/auth/who.server';
import type { Health } from '~/modules/health/health.server';

export interface ServerHooks {
  /** who is asking, from the Cookie header: one query; the renewal cookie when due */
  resolveWho: (cookieHeader: string | undefined) => Promise<ResolvedWho>;
  /** the page cache's data version (changes with every committed write) */
  dataVersion: () => Promise<string>;
  /** whether every cookie in the header is one the page cache key covers */
  keyedCookiesOnly: (cookieHeader: string) => boolean;
  /** `/healthz`: liveness and the database's state, answered before Remix */
  health: () => Promise<Health>;
}
