/**
 * A per-user cache of rendered GET answers in front of Remix (decision record 023).
 *
 * Server-rendered pages cost 10–120 ms of CPU; most GETs ask for a page whose data has
 * not changed since the same user last saw it. An answer is kept per (session,
 * cookie, URL) together with the data version it was computed from
 * (app/modules/cache/page-cache-probe.server.ts) and served again only while
 *   - the session is still valid (checked on every request),
 *   - no write has been committed anywhere since (the data version is the same),
 *   - it is younger than PAGE_CACHE_TTL_MS (default 10 s: bounds what depends on
 *     the clock alone, e.g. "today" or a deadline passing).
 * Only 200 answers without Set-Cookie are kept. The per-response tokens inside a
 * page (the CSP nonce, the request id) are replaced by the current request's.
 * Requests for a page that is being computed under the same version wait for that
 * answer instead of computing it again (after a write, every connection of a
 * session would otherwise render the same page at once).
 * PAGE_CACHE_TTL_MS=0 turns the cache off.
 */
import type express from 'express';

export interface PageCacheProbe {
  principal: string;
  version: string;
}
export type ProbeFn = (request: { cookie: string }) => Promise<PageCacheProbe | null>;

export interface PageCacheOptions {
  ttlMs: number;
  /** memory budget of the stored bodies, per process */
  maxBytes: number;
  /** larger answers (big exports) are not kept */
  maxEntryBytes: number;
}

export function pageCacheOptionsFromEnv(env: Record<string, string | undefined> = process.env): PageCacheOptions {
  const ttl = env.PAGE_CACHE_TTL_MS === undefined || env.PAGE_CACHE_TTL_MS === '' ? 10_000 : Number(env.PAGE_CACHE_TTL_MS);
  const mb = Number(env.PAGE_CACHE_MB) || 64;
  return { ttlMs: Number.isFinite(ttl) && ttl > 0 ? ttl : 0, maxBytes: mb * 1024 * 1024, maxEntryBytes: 2 * 1024 * 1024 };
}

/** Routes that must run every time: health and the bare-stack baseline, logout. */
const NEVER = new Set(['/healthz', '/ping', '/logout']);

/** Headers the outer middleware sets per request, or that belong to one transfer. */
const PER_RESPONSE_HEADERS = new Set([
  'x-request-id', 'content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options',
  'cross-origin-opener-policy', 'permissions-policy', 'strict-transport-security',
  'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-page-cache',
]);

interface Entry {
  version: string;
  storedAt: number;
  status: number;
  headers: [string, string | string[]][];
  /** the body cut where per-response tokens stood; tokens[i] goes between parts[i] and parts[i+1] */
  parts: Buffer[];
  tokens: ('nonce' | 'requestId')[];
  bytes: number;
}

interface Tokens {
  nonce: string;
  requestId: string;
}

/** Cuts `body` at every occurrence of the response's own tokens. */
export function cutAtTokens(body: Buffer, tokens: Tokens): { parts: Buffer[]; tokens: (keyof Tokens)[] } {
  const needles = (Object.keys(tokens) as (keyof Tokens)[])
    .filter((k) => tokens[k].length >= 8)
    .map((k) => ({ kind: k, bytes: Buffer.from(tokens[k]) }));
  const parts: Buffer[] = [];
  const order: (keyof Tokens)[] = [];
  let start = 0;
  for (;;) {
    let best: { at: number; kind: keyof Tokens; len: number } | null = null;
    for (const n of needles) {
      const at = body.indexOf(n.bytes, start);
      if (at >= 0 && (!best || at < best.at)) best = { at, kind: n.kind, len: n.bytes.length };
    }
    if (!best) break;
    parts.push(body.subarray(start, best.at));
    order.push(best.kind);
    start = best.at + best.len;
  }
  parts.push(body.subarray(start));
  return { parts, tokens: order };
}

export function joinWithTokens(parts: Buffer[], order: (keyof Tokens)[], tokens: Tokens): Buffer {
  if (order.length === 0) return parts[0];
  const out: Buffer[] = [];
  for (let i = 0; i < parts.length; i++) {
    out.push(parts[i]);
    if (i < order.length) out.push(Buffer.from(tokens[order[i]]));
  }
  return Buffer.concat(out);
}

/** Least recently used first out, within a byte budget. */
export class PageStore {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e) {
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    return e;
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    if (entry.bytes > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  get size(): number {
    return this.entries.size;
  }
}

export function pageCacheMiddleware(probe: ProbeFn, options: PageCacheOptions, onError: (err: unknown) => void): express.RequestHandler {
  const store = new PageStore(options.maxBytes);
  /** pages being computed, by key and version: resolves to the stored entry, or null when it was not storable */
  const computing = new Map<string, Promise<Entry | null>>();
  return (req, res, next) => {
    if (options.ttlMs <= 0 || req.method !== 'GET' || NEVER.has(req.path)) return next();
    const cookie = req.get('cookie') ?? '';
    probe({ cookie }).then(
      (found) => {
        if (!found) return next();
        const key = `${found.principal}\n${cookie}\n${req.originalUrl}`;
        const tokens: Tokens = { nonce: res.locals.cspNonce as string, requestId: res.locals.requestId as string };
        const serve = (entry: Entry, how: 'hit' | 'shared') => {
          for (const [name, value] of entry.headers) res.setHeader(name, value);
          res.setHeader('X-Page-Cache', how);
          res.status(entry.status).end(joinWithTokens(entry.parts, entry.tokens, tokens));
        };
        const hit = store.get(key);
        if (hit && hit.version === found.version && Date.now() - hit.storedAt < options.ttlMs) return serve(hit, 'hit');
        if (hit) store.delete(key);
        const flightKey = `${key}\n${found.version}`;
        const pending = computing.get(flightKey);
        if (pending) {
          // settled only with an entry or null, never rejected
          void pending.then((entry) => {
            if (entry) return serve(entry, 'shared');
            res.setHeader('X-Page-Cache', 'miss');
            next();
          });
          return;
        }
        let stored: Entry | null = null;
        let settle: (entry: Entry | null) => void = () => {};
        computing.set(flightKey, new Promise<Entry | null>((resolve) => (settle = resolve)));
        // 'close' comes after end() (or when the client went away): then waiting requests go on
        res.once('close', () => {
          computing.delete(flightKey);
          settle(stored);
        });
        res.setHeader('X-Page-Cache', 'miss');
        capture(res, options.maxEntryBytes, (body) => {
          if (res.statusCode !== 200 || res.getHeader('set-cookie') !== undefined) return;
          const headers = Object.entries(res.getHeaders())
            .filter(([name, value]) => value !== undefined && !PER_RESPONSE_HEADERS.has(name))
            .map(([name, value]) => [name, typeof value === 'number' ? String(value) : (value as string | string[])] as [string, string | string[]]);
          const cut = cutAtTokens(body, tokens);
          stored = { version: found.version, storedAt: Date.now(), status: res.statusCode, headers, parts: cut.parts, tokens: cut.tokens, bytes: body.length + key.length };
          store.set(key, stored);
        });
        next();
      },
      (err) => {
        // the cache is an optimisation: when it cannot decide, the app answers as usual
        onError(err);
        next();
      },
    );
  };
}

/** Calls `done(body)` once the whole answer went out, unless it grew past `limit`. */
function capture(res: express.Response, limit: number, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (tooBig || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    size += buf.length;
    if (size > limit) {
      tooBig = true;
      chunks.length = 0;
      return;
    }
    // the writer may reuse its buffer after write() returns
    chunks.push(Buffer.from(buf));
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => express.Response;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    const out = end(chunk, ...rest);
    if (!tooBig) done(Buffer.concat(chunks));
    return out;
  }) as typeof res.end;
}
