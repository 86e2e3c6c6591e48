/**
 * The HTTP server: Express in front of the Remix build (decision records 001, 024).
 * Every response gets the security headers; every non-GET request is checked
 * against its Origin; every request gets an id, generated here, that appears in
 * the log and on error pages (a client's X-Request-Id is logged beside it, never
 * echoed). Who is asking is resolved once per request, before Remix, and handed
 * to loaders and actions in the load context (`context.who`); the session
 * renewal cookie is set here.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import express from 'express';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import pino from 'pino';
import { withDomainErrors } from '../utils/errors.server';
import type { ServerHooks } from './hooks';
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
 * forwardedHost only when the deployment trusts its proxy (TRUST_PROXY).
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

export function createApp(build: ServerBuild, opts: { publicDir: string; assetsDir?: string }) {
  const hooks = (build.entry.module as { serverHooks?: ServerHooks }).serverHooks;
  if (!hooks) throw new Error('the server build exports no serverHooks (app/entry.server.tsx)');
  const app = express();
  app.disable('x-powered-by');
  if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY);

  // The liveness probe and the benchmarks' baseline: answered first, with no request id,
  // no log line and none of the page headers, and without the session lookup, Remix's
  // request objects and its route matching (app/routes/ping.ts answers the same).
  app.get('/ping', (_req, res) => {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end('pong\n');
  });

  const hsts = process.env.NODE_ENV === 'production';
  app.use((req, res, next) => {
    // always ours: a client-chosen id must never reach a page (or a stored page)
    const requestId = crypto.randomUUID();
    const nonce = cspNonce();
    res.locals.requestId = requestId;
    res.locals.cspNonce = nonce;
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    if (hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const path = req.path;
      if (path.startsWith('/build/') || path === '/favicon.ico') return;
      if (res.statusCode < 400 && QUIET_PATHS.has(path)) return;
      if (!requestLogger.isLevelEnabled('info')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const header = req.headers['x-request-id'];
      const clientRequestId = (typeof header === 'string' ? header : '').slice(0, 64).replace(/[^\w-]/g, '') || undefined;
      const cache = res.getHeader('x-page-cache');
      requestLogger.info(
        {
          requestId,
          ...(clientRequestId ? { clientRequestId } : {}),
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          ...(cache ? { cache } : {}),
        },
        'request',
      );
    });
    next();
  });

  // liveness and the database's state (monitoring): before the session lookup and Remix
  app.get('/healthz', (_req, res, next) => {
    hooks.health().then(({ status, body }) => {
      res.status(status).setHeader('Cache-Control', 'no-store');
      res.json(body);
    }, next);
  });

  // Requests Remix could not even turn into a URL (a broken Host header) or bodies
  // too large to read: refused here, with the request id, instead of a bare 500.
  app.use((req, res, next) => {
    try {
      res.locals.url = remixUrl(req);
    } catch {
      res.status(400).type('text/plain; charset=utf-8').send(`Bad Request: 请求无效 / invalid request (${res.locals.requestId})`);
      return;
    }
    if (SAFE_METHODS.has(req.method)) return next();
    const length = Number(req.get('content-length') ?? 0);
    if (req.get('transfer-encoding') && !req.get('content-length')) {
      res.status(411).type('text/plain; charset=utf-8').send('Length Required: 请求须注明长度 / Content-Length required');
      return;
    }
    if (length > MAX_BODY_BYTES) {
      res.status(413).type('text/plain; charset=utf-8').send('Payload Too Large: 提交内容过大 / request body too large');
      req.resume();
      return;
    }
    next();
  });

  // Methods the app answers; TRACE, CONNECT and the like get a plain 405, not a 500 from Remix.
  app.use((req, res, next) => {
    if (ALLOWED_METHODS.has(req.method)) return next();
    res
      .status(405)
      .set('Allow', [...ALLOWED_METHODS].join(', '))
      .type('text/plain; charset=utf-8')
      .send('Method Not Allowed: 不支持的请求方法 / method not allowed');
  });

  // X-Forwarded-Host is the client's word unless a proxy we trust (TRUST_PROXY) sets it.
  const trustProxy = Boolean(process.env.TRUST_PROXY);
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (isForeignOrigin(req.get('origin'), req.get('host'), trustProxy ? req.get('x-forwarded-host') : undefined)) {
      logger.warn({ requestId: res.locals.requestId, origin: req.get('origin') }, 'rejected foreign origin');
      res.status(403).type('text/plain; charset=utf-8').send('Forbidden: 请求来源无效 / invalid request origin');
      return;
    }
    next();
  });

  app.use('/build', express.static(opts.assetsDir ?? path.join(opts.publicDir, 'build'), { immutable: true, maxAge: '1y' }));
  // public/ holds files with an extension (favicon.svg …): page URLs skip the file-system lookup
  const publicFiles = express.static(opts.publicDir, { maxAge: '1h' });
  app.use((req, res, next) => (/\.[A-Za-z0-9]+$/.test(req.path) ? publicFiles(req, res, next) : next()));

  // who is asking: once per request, before any loader (decision record 024)
  app.use((req, res, next) => {
    hooks.resolveWho(req.get('cookie')).then(({ who, setCookie }) => {
      res.locals.who = who;
      if (setCookie) res.append('Set-Cookie', setCookie);
      next();
    }, next);
  });

  // a domain error (AppError) escaping a loader or action answers with its status and message;
  // the routes a path needs are matched once per path (app/server/route-cache.ts)
  const remix = createRouteMatchingHandler(withDomainErrors(build), process.env.NODE_ENV === 'production' ? 'production' : 'development');
  // rendered GET answers kept per session while the data is unchanged; off unless PAGE_CACHE_TTL_MS is set (app/server/page-cache.ts)
  const cache = new PageCache(pageCacheOptionsFromEnv(), hooks.dataVersion);
  app.all('*', async (req, res, next) => {
    try {
      const context: AppLoadContext = {
        requestId: res.locals.requestId as string,
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? null,
        who: res.locals.who ?? null,
      };
      const url = res.locals.url as URL;
      const render = () => remix.handle(createRemixRequest(req, res, url), context, url.pathname);
      const cookie = req.get('cookie') ?? '';
      const key = cache.enabled
        ? cache.keyFor({
            method: req.method,
            path: req.path,
            url: req.originalUrl,
            cookie,
            principal: context.who?.session.id ?? 'anonymous',
            keyedCookiesOnly: hooks.keyedCookiesOnly(cookie),
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
    } catch (error) {
      next(error);
    }
  });

  // Errors outside Remix (static files, the adapter): logged with the request id, which the page shows.
  app.use((err: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const e = err as { status?: number; statusCode?: number; message?: string; stack?: string };
    const status = e.status ?? e.statusCode ?? 500;
    const requestId = res.locals.requestId as string;
    if (status >= 500) logger.error({ requestId, err: { message: e.message, stack: e.stack } }, 'unhandled error');
    const text =
      status >= 500
        ? `Internal Server Error: 服务器错误，错误编号 ${requestId} / error reference ${requestId}`
        : `请求无效 / invalid request (${requestId})`;
    res
      .status(status >= 400 && status < 600 ? status : 500)
      .type('text/plain; charset=utf-8')
      .send(text);
  });
  return app;
}
