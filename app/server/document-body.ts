/**
 * A rendered page's bytes, carried beside its Response (issue 19, decision 037f).
 *
 * app/entry.server.tsx renders a page to one string; the Response it hands back to
 * Remix has that body as a stream, which the server would read back chunk by chunk
 * (web-stream machinery, a copy per chunk). The entry also attaches the bytes to
 * the Response object itself, and the server (app/server/remix-adapter.ts) sends
 * those when the Response it gets is that same object; any other Response — a
 * HEAD answer Remix made from it, a page from the page cache — is read as a stream.
 *
 * The key is `Symbol.for(…)`: the server build (app/entry.server.tsx) and the
 * server (app/server, loaded on its own) each hold their own copy of this module.
 */
const BODY: unique symbol = Symbol.for('finmatch.documentBody') as never;

type WithBody = Response & { [BODY]?: Buffer };

/** A Response with `body` as its body, whose bytes the server can send without reading the stream. */
export function documentResponse(body: string, init: ResponseInit): Response {
  const bytes = Buffer.from(body, 'utf8');
  const response: WithBody = new Response(bytes, init);
  response[BODY] = bytes;
  return response;
}

/** The bytes attached by `documentResponse`, if this is such a Response. */
export function documentBody(response: Response): Buffer | undefined {
  return (response as WithBody)[BODY];
}
