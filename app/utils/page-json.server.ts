/**
 * `json()` for the loaders every page or the busiest pages run (decision 040c): the same
 * `Response` — status, headers, the same JSON body for the browser's data requests — but
 * its `json()`, which Remix calls to read the loader data back before rendering the
 * document, hands back the object the loader gave instead of parsing the body that was
 * just serialised from it (undici reads the body stream, decodes it and parses it: ~2 % of
 * a directory page's CPU).
 *
 * Only for data that is already what JSON makes of it — strings, finite numbers, booleans,
 * null, arrays and plain objects (no `Date`, `Map`, `BigInt`, `toJSON`) — so that the page
 * rendered on the server sees what the browser gets from the handoff script. Keys whose
 * value is `undefined` are dropped by JSON and render alike. The object must not be
 * changed after the loader returns it (render code must not sort it in place): the server
 * render would see the change, and the browser's handoff script not.
 */
import type { TypedResponse } from '@remix-run/node';
import { HeldBodyResponse } from '~/server/document-body';

/**
 * The JSON is written only when the body is read (a browser's data request, whose answer Remix
 * copies with this body stream); a page rendered on the server only calls `json()` (decision 046b).
 */
class PageDataResponse extends HeldBodyResponse {
  readonly #data: unknown;

  constructor(data: unknown, init: ResponseInit) {
    const headers = new Headers(init.headers);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json; charset=utf-8');
    super(() => Buffer.from(JSON.stringify(data), 'utf8'), { ...init, headers });
    this.#data = data;
  }

  override json(): Promise<unknown> {
    return Promise.resolve(this.#data);
  }
}

/** Plain data, as JSON carries it (a key whose value is `undefined` is one JSON leaves out). */
export type JsonValue = string | number | boolean | null | undefined | JsonValue[] | { [key: string]: JsonValue };

/** What JSON keeps as it is; a `Date`, `Map`, `Set`, `bigint` or function anywhere in the data fails to type-check. */
type JsonShaped<T> = T extends JsonValue
  ? T
  : T extends Date | ReadonlyMap<unknown, unknown> | ReadonlySet<unknown> | bigint | ((...args: never[]) => unknown)
    ? never
    : T extends readonly unknown[]
      ? { [K in keyof T]: JsonShaped<T[K]> }
      : { [K in keyof T]: JsonShaped<T[K]> };

/** Like `json` of `@remix-run/node`, for JSON-shaped data (see above). */
export function pageJson<Data>(data: Data & JsonShaped<Data>, init: ResponseInit = {}): TypedResponse<Data> {
  return new PageDataResponse(data, init) as TypedResponse<Data>;
}
