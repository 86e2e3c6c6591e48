import { Transform } from 'node:stream';
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { readSessionToken } from './modules/auth/auth-session.server';
import { NonceContext } from './utils/nonce';
import { resolveWho } from './modules/auth/who.server';
import { currentDataVersion, keyedCookiesOnly } from './modules/cache/page-cache-probe.server';
import type { ServerHooks } from './server/hooks';
import { getDb } from './utils/db.server';

const ABORT_DELAY = 5_000;

/**
 * The HTML on its way out:
 * - React 18's stream writer flushes its whole 2048-byte buffer when a multi-byte
 *   character (any Chinese text) does not fit at its end, leaving stray NUL bytes
 *   inside the page. HTML never contains NUL, so they are dropped.
 * - React writes a page as dozens of 2 KB pieces in one go; each piece would cross
 *   a web ReadableStream and the socket on its own. Pieces written in the same turn
 *   of the event loop leave as one chunk (later pieces, e.g. deferred data, still
 *   stream when they come). See docs/decisions/021-scale-out-and-performance.md.
 */
function htmlOut(): Transform {
  let pending: Buffer[] = [];
  let scheduled = false;
  const combined = () => {
    const all = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending = [];
    return withoutNul(all);
  };
  const out: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          if (pending.length && !out.destroyed) out.push(combined());
        });
      }
      callback();
    },
    flush(callback) {
      callback(null, pending.length ? combined() : undefined);
    },
  });
  return out;
}

/** `buf` without its NUL bytes: native searches and copies (a per-byte callback costs ~1 ms per 10 KB). */
export function withoutNul(buf: Buffer): Buffer {
  let at = buf.indexOf(0);
  if (at < 0) return buf;
  const parts: Buffer[] = [];
  let start = 0;
  while (at >= 0) {
    if (at > start) parts.push(buf.subarray(start, at));
    start = at + 1;
    at = buf.indexOf(0, start);
  }
  if (start < buf.length) parts.push(buf.subarray(start));
  return Buffer.concat(parts);
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  // Unknown errors: logged with the request id; the page shows only that id.
  const requestId = (context as Partial<AppLoadContext>)?.requestId;
  console.error(
    JSON.stringify({
      level: 'error',
      requestId,
      url: request.url,
      error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
    }),
  );
};

/**
 * Pages and data of a signed-in visitor are never kept by the browser or a shared
 * cache: after logout on a shared office PC the back button must not show them
 * (issue 13, point 5). Decided by the request's session cookie.
 */
const SIGNED_IN_CACHE_CONTROL = 'private, no-store';

export function handleDataRequest(response: Response, { request }: LoaderFunctionArgs | ActionFunctionArgs): Response {
  if (readSessionToken(request)) response.headers.set('Cache-Control', SIGNED_IN_CACHE_CONTROL);
  return response;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? '';
  const callbackName = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady';
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        [callbackName]: () => {
          shellRendered = true;
          const body = htmlOut();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          if (readSessionToken(request)) responseHeaders.set('Cache-Control', SIGNED_IN_CACHE_CONTROL);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export { startBackgroundJobs } from './modules/jobs/start.server';

/** What the HTTP server takes from the build (app/server/hooks.ts, decision record 024). */
export const serverHooks: ServerHooks = {
  resolveWho: async (cookieHeader) => resolveWho(await getDb(), cookieHeader),
  dataVersion: currentDataVersion,
  keyedCookiesOnly,
};
