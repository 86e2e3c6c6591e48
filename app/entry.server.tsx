import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { renderToString } from 'react-dom/server';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { readSessionToken } from './modules/auth/auth-session.server';
import { NonceContext } from './utils/nonce';
import { resolveWho } from './modules/auth/who.server';
import { currentDataVersion, keyedCookiesOnly } from './modules/cache/page-cache-probe.server';
import { health } from './modules/health/health.server';
import { DocumentSlots, documentResponse } from './server/document-body';
import { MarkupSlotsContext } from './utils/late-markup';
import type { ServerHooks } from './server/hooks';
import { getDb } from './utils/db.server';

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  // a page that is not there (and any other 4xx error response) is the visitor's mistake: its
  // request line records the status; an error line would only bury the real failures
  if (isRouteErrorResponse(error) && error.status < 500) return;
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

/**
 * Pages are rendered whole, to one string (the app has no deferred data or
 * Suspense boundaries, so a stream would only cut the same page into 2 KB pieces):
 * React's string renderer does none of the streaming renderer's per-chunk byte
 * encoding, and the page leaves as one body with its length
 * (app/server/remix-adapter.ts). See docs/decisions/031d-fast-pages.md.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? '';
  // large ready-made markup (chart SVG) joins the page's bytes after the render (app/utils/late-markup.ts, decision 045b)
  const slots = new DocumentSlots(nonce || crypto.randomUUID());
  // and so does the loader data's script (10 KB and more: the same bytes, out of the render's string)
  const context = remixContext.serverHandoffString
    ? { ...remixContext, serverHandoffString: slots.hold(remixContext.serverHandoffString) }
    : remixContext;
  // a render error throws here, and Remix renders the error boundary instead (as onShellError did)
  const markup = renderToString(
    <NonceContext.Provider value={nonce}>
      <MarkupSlotsContext.Provider value={slots}>
        <RemixServer context={context} url={request.url} nonce={nonce} />
      </MarkupSlotsContext.Provider>
    </NonceContext.Provider>,
  );
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  if (readSessionToken(request)) responseHeaders.set('Cache-Control', SIGNED_IN_CACHE_CONTROL);
  // the bytes travel beside the Response too: the server sends them without reading the stream (app/server/document-body.ts)
  return documentResponse(`<!DOCTYPE html>${markup}`, { headers: responseHeaders, status: responseStatusCode }, slots);
}

export { startBackgroundJobs } from './modules/jobs/start.server';

/** What the HTTP server takes from the build (app/server/hooks.ts, decision record 024). */
export const serverHooks: ServerHooks = {
  resolveWho: async (cookieHeader) => resolveWho(await getDb(), cookieHeader),
  dataVersion: currentDataVersion,
  keyedCookiesOnly,
  health,
};
