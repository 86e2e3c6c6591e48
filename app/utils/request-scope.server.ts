/**
 * What one request keeps for itself while it is answered (decision 041e): the server
 * (app/server/server.ts) runs each Remix request inside a scope, and code deep in the
 * modules reads it without every function passing it along. Outside a request (jobs,
 * scripts, tests calling modules directly) there is no scope and nothing is kept.
 *
 * The storage lives on globalThis under a registered symbol: the server's bundle and
 * the Remix build each have their own copy of this module, and both must see one store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestScope {
  /** settings rows read in this request, by key (null: no such row) */
  settings: Map<string, Promise<string | null>>;
  /** keys asked for in this turn of the event loop, read together at its end */
  settingsBatch: { keys: string[]; read: Promise<Map<string, string>> } | null;
}

const STORE = Symbol.for('finmatch.request-scope');
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestScope> | undefined>;
holder[STORE] ??= new AsyncLocalStorage<RequestScope>();
const storage = holder[STORE];

/** Runs `fn` (one request's work) with a fresh scope. */
export function inRequestScope<T>(fn: () => T): T {
  return storage.run({ settings: new Map(), settingsBatch: null }, fn);
}

/** The scope of the request being answered, if any. */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
