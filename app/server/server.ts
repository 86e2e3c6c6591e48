/**
 * The HTTP server: Node's http server in front of the Remix build (decision records 001, 024, 050a).
 * Every response gets the security headers; every non-GET request is checked
 * against its Origin; every request gets an id, generated here, that appears in
 * the log and on error pages (a client's X-Request-Id is logged beside it, never
 * echoed). Who is asking is resolved once per request, before Remix, and handed
 * to loaders and actions in the load context (`context.who`); the session
 * renewal cookie is set here.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import serveStatic from 'serve-static';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import pino from 'pino';
import { withDomainErrors } from '../utils/errors.server';
import type { ServerHooks } from './hooks';
import { appendHeader, clientIp, compileTrustProxy, header, requestPath, sendJson, sendText, trustedForwardedHost } from './http-basics';
import { PageCache, pageCacheOptionsFromEnv } from './page-cache';
import { createRemixRequest, remixUrl, sendRemixResponse } from './remix-adapter';
import { createRouteMatchingHandler } from './route-cache';

const LOG_LEVEL = process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'warn' : 'info');

/**
 * Log lines leave in batches instead of one synchronous write per line (a write that
 * waits on a busy disk or a slow log reader held up every request): a line waits until
 * 3 KB are buffered or at most LOG_FLUSH_MS (250 ms); what is buffered is written out
 * synchronously when the process exits (pino's exit hook). Each write is at most 4 KB of
 * whole lines, so the workers' lines do not interleave on a shared pipe. LOG_SYNC=1:
 * every line at once, as before.
 */
const LOG_SYNC = process.env.LOG_SYNC === '1';
const logDestination = pino.destination({ dest: 1, sync: LOG_SYNC, minLength: LOG_SYNC ? 0 : 3072, maxWrite: 4096 });
let logPending = false;
if (!LOG_SYNC) {
  setInterval(
    () => {
      if (!logPending) return;
      logPending = false;
      logDestination.flush();
    },
    Math.max(10, Number(process.env.LOG_FLUSH_MS) || 250),
  ).unref();
}
const logHooks = {
  logMethod(this: pino.Logger, args: Parameters<pino.LogFn>, method: pino.LogFn) {
    logPending = true;
    (method as (...a: unknown[]) => void).apply(this, args);
  },
};

export const logger = pino(
  {
    level: LOG_LEVEL,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'], remove: true },
    hooks: logHooks,
  },
  logDestination,
);

/** The request lines: fixed fields the server fills itself (no headers, no bodies), so no redaction pass over each. */
const requestLogger = pino({ level: LOG_LEVEL, hooks: logHooks }, logDestination);

/**
 * CSP nonces: 16 random bytes each, cut from a buffer filled 256 nonces at a time
 * (one call into the system's random source per 256 requests instead of one per request).
 */
const noncePool = Buffer.alloc(16 * 256);
let nonceAt = noncePool.length;
function cspNonce(): string {
  if (nonceAt >= noncePool.length) {
    crypto.randomFillSync(noncePool);
    nonceAt = 0;
  }
  const nonce = noncePool.toString('base64', nonceAt, nonceAt + 16);
  nonceAt += 16;
  return nonce;
}

/** Probes answered before everything else, and not logged when they succeed (monitoring asks every few seconds). */
const QUIET_PATHS = new Set(['/ping', '/healthz']);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Largest request body accepted (MAX_BODY_MB, default 21 MB: the import page takes files up to 20 MB plus the form around them): forms are small, spreadsheet imports are the big ones. */
const MAX_BODY_BYTES = Math.max(1, Number(process.env.MAX_BODY_MB) || 21) * 1024 * 1024;

const CSP_REST = [
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function contentSecurityPolicy(nonce: string): string {
  return `default-src 'self'; script-src 'self' 'nonce-${nonce}'; ${CSP_REST}`;
}

const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Origin check (CSRF): a browser's non-GET request must come from this very host;
 * forwardedHost only when a proxy the deployment trusts (TRUST_PROXY) sent it (trustedForwardedHost).
 */
export function isForeignOrigin(origin: string | undefined, host: string | undefined, forwardedHost?: string): boolean {
  if (!origin) return false; // non-browser clients send none; SameSite=Lax keeps cookies off cross-site POSTs
  if (origin === 'null') return true;
  try {
    const o = new URL(origin).host;
    return o !== host && o !== forwardedHost;
  } catch {
    return true;
  }
}

interface RequestState {
  requestId: string;
  cspNonce: string;
}

/**
 * The server's request listener: probes first, then the headers every answer carries, the
 * refusals (bad URL, body size, method, origin), static files, who is asking, and Remix.
 * `http.createServer(createApp(build, …))` serves it.
 */
export function createApp(build: ServerBuild, opts: { publicDir: string; assetsDir?: string }): RequestListener {
  const hooks = (build.entry.module as { serverHooks?: ServerHooks }).serverHooks;
  if (!hooks) throw new Error('the server build exports no serverHooks (app/entry.server.tsx)');
  // X-Forwarded-* are the client's word unless a proxy we trust (TRUST_PROXY) sets them
  const trust = compileTrustProxy(process.env.TRUST_PROXY);
  const hsts = process.env.NODE_ENV === 'production';

  const assets = serveStatic(opts.assetsDir ?? path.join(opts.publicDir, 'build'), { immutable: true, maxAge: '1y' });
  const publicFiles = serveStatic(opts.publicDir, { maxAge: '1h' });
  // a domain error (AppError) escaping a loader or action answers with its status and message;
  // the routes a path needs are matched once per path (app/server/route-cache.ts)
  const remix = createRouteMatchingHandler(withDomainErrors(build), process.env.NODE_ENV === 'production' ? 'production' : 'development');
  // rendered GET answers kept per session while the data is unchanged; off unless PAGE_CACHE_TTL_MS is set (app/server/page-cache.ts)
  const cache = new PageCache(pageCacheOptionsFromEnv(), hooks.dataVersion);

  /** Errors outside Remix (static files, the adapter): logged with the request id, which the answer shows. */
  const fail = (req: IncomingMessage, res: ServerResponse, state: RequestState, err: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const e = err as { status?: number; statusCode?: number; message?: string; stack?: string };
    const status = e.status ?? e.statusCode ?? 500;
    if (status >= 500) logger.error({ requestId: state.requestId, err: { message: e.message, stack: e.stack } }, 'unhandled error');
    const text =
      status >= 500
        ? `Internal Server Error: 服务器错误，错误编号 ${state.requestId} / error reference ${state.requestId}`
        : `请求无效 / invalid request (${state.requestId})`;
    req.resume();
    sendText(res, status >= 400 && status < 600 ? status : 500, text);
  };

  /** A static file under `root` when there is one; `next` when there is none (a page's URL). */
  const staticFile = (
    handler: ReturnType<typeof serveStatic>,
    req: IncomingMessage,
    res: ServerResponse,
    strip: string,
    next: (err?: unknown) => void,
  ) => {
    const original = req.url ?? '/';
    if (strip) req.url = original.slice(strip.length) || '/';
    handler(req, res, (err?: unknown) => {
      req.url = original;
      next(err);
    });
  };

  const page = async (req: IncomingMessage, res: ServerResponse, state: RequestState, url: URL, pathname: string) => {
    // who is asking: once per request, before any loader (decision record 024)
    const cookie = header(req, 'cookie');
    const { who, setCookie } = await hooks.resolveWho(cookie);
    if (setCookie) appendHeader(res, 'Set-Cookie', setCookie);
    const context: AppLoadContext = {
      requestId: state.requestId,
      cspNonce: state.cspNonce,
      clientIp: clientIp(req, trust),
      who: who ?? null,
    };
    const render = () => remix.handle(createRemixRequest(req, res, url), context, url.pathname);
    const key = cache.enabled
      ? cache.keyFor({
          method: req.method ?? 'GET',
          path: pathname,
          url: req.url ?? '/',
          cookie: cookie ?? '',
          principal: context.who?.session.id ?? 'anonymous',
          keyedCookiesOnly: hooks.keyedCookiesOnly(cookie ?? ''),
        })
      : null;
    let response: Response;
    if (key) {
      const answer = await cache.answer(key, { nonce: context.cspNonce, requestId: context.requestId }, render);
      res.setHeader('X-Page-Cache', answer.outcome);
      response = answer.response;
    } else {
      response = await render();
    }
    await sendRemixResponse(res, response);
  };

  return (req, res) => {
    const method = req.method ?? 'GET';
    const pathname = requestPath(req);
    // The liveness probe and the benchmarks' baseline: answered first, with no request id,
    // no log line and none of the page headers, and without the session lookup, Remix's
    // request objects and its route matching (app/routes/ping.ts answers the same).
    if (pathname === '/ping' && (method === 'GET' || method === 'HEAD')) {
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      sendText(res, 200, 'pong\n');
      return;
    }

    // always ours: a client-chosen id must never reach a page (or a stored page)
    const state: RequestState = { requestId: crypto.randomUUID(), cspNonce: cspNonce() };
    res.setHeader('X-Request-Id', state.requestId);
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(state.cspNonce));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    if (hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (pathname.startsWith('/build/') || pathname === '/favicon.ico') return;
      if (res.statusCode < 400 && QUIET_PATHS.has(pathname)) return;
      if (!requestLogger.isLevelEnabled('info')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const clientRequestId = (header(req, 'x-request-id') ?? '').slice(0, 64).replace(/[^\w-]/g, '') || undefined;
      const cache = res.getHeader('x-page-cache');
      requestLogger.info(
        {
          requestId: state.requestId,
          ...(clientRequestId ? { clientRequestId } : {}),
          method,
          path: pathname,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          ...(cache ? { cache } : {}),
        },
        'request',
      );
    });

    // liveness and the database's state (monitoring): before the session lookup and Remix
    if (pathname === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      hooks.health().then(
        ({ status, body }) => sendJson(res, status, body, { 'Cache-Control': 'no-store' }),
        (err) => fail(req, res, state, err),
      );
      return;
    }

    // Requests Remix could not even turn into a URL (a broken Host header) or bodies
    // too large to read: refused here, with the request id, instead of a bare 500.
    let url: URL;
    try {
      url = remixUrl(req, trust);
    } catch {
      sendText(res, 400, `Bad Request: 请求无效 / invalid request (${state.requestId})`);
      return;
    }
    if (!SAFE_METHODS.has(method)) {
      const length = Number(header(req, 'content-length') ?? 0);
      if (header(req, 'transfer-encoding') && !header(req, 'content-length')) {
        sendText(res, 411, 'Length Required: 请求须注明长度 / Content-Length required');
        return;
      }
      if (length > MAX_BODY_BYTES) {
        sendText(res, 413, 'Payload Too Large: 提交内容过大 / request body too large');
        req.resume();
        return;
      }
    }

    // Methods the app answers; TRACE, CONNECT and the like get a plain 405, not a 500 from Remix.
    if (!ALLOWED_METHODS.has(method)) {
      sendText(res, 405, 'Method Not Allowed: 不支持的请求方法 / method not allowed', { Allow: [...ALLOWED_METHODS].join(', ') });
      return;
    }

    if (!SAFE_METHODS.has(method)) {
      const origin = header(req, 'origin');
      if (isForeignOrigin(origin, header(req, 'host'), trustedForwardedHost(req, trust))) {
        logger.warn({ requestId: state.requestId, origin }, 'rejected foreign origin');
        sendText(res, 403, 'Forbidden: 请求来源无效 / invalid request origin');
        return;
      }
    }

    const toPage = (err?: unknown) => {
      if (err) fail(req, res, state, err);
      else page(req, res, state, url, pathname).catch((e) => fail(req, res, state, e));
    };
    if (pathname === '/build' || pathname.startsWith('/build/')) {
      staticFile(assets, req, res, '/build', toPage);
      return;
    }
    // public/ holds files with an extension (favicon.svg …): page URLs skip the file-system lookup
    if (/\.[A-Za-z0-9]+$/.test(pathname)) {
      staticFile(publicFiles, req, res, '', toPage);
      return;
    }
    toPage();
  };
}
