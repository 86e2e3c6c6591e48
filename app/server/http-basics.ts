/**
 * What the server needs of a request and a response on Node's own http objects
 * (decision 050a): the client's address, protocol and host under the TRUST_PROXY
 * rule, plain-text and JSON answers, a header added beside one already set.
 * These replace the parts of Express the server used; Express's per-request
 * set-up (prototype swaps on every request and response, a query-string parse,
 * a router walk over each middleware) cost more server CPU than `/ping` itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyaddr from 'proxy-addr';

export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as Express read its `trust proxy` setting, plus a whole number as a hop count:
 * unset or empty trusts no proxy; `true` every one; `1`, `2` … that many hops; otherwise
 * addresses, subnets or the names `loopback`, `linklocal`, `uniquelocal`, comma-separated.
 */
export function compileTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (!v || v === 'false') return () => false;
  if (v === 'true') return () => true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(v.split(',').map((s) => s.trim()));
}

/** One header's value; a repeated header's values joined as Node joins them. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The path of the request's URL, without the query. */
export function requestPath(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** The client's address: the socket's, or X-Forwarded-For's through trusted proxies. */
export function clientIp(req: IncomingMessage, trust: TrustProxy): string | null {
  return proxyaddr(req, trust) || null;
}

/** `https` on a TLS socket or when a trusted proxy says so in X-Forwarded-Proto, else `http`. */
export function requestProtocol(req: IncomingMessage, trust: TrustProxy): string {
  const proto = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  if (!trust(req.socket.remoteAddress ?? '', 0)) return proto;
  const forwarded = header(req, 'x-forwarded-proto') || proto;
  const comma = forwarded.indexOf(',');
  return (comma < 0 ? forwarded : forwarded.slice(0, comma)).trim();
}

/** X-Forwarded-Host as sent, when the peer is a proxy we trust; otherwise the client's word, not taken. */
export function trustedForwardedHost(req: IncomingMessage, trust: TrustProxy): string | undefined {
  const host = header(req, 'x-forwarded-host');
  return host && trust(req.socket.remoteAddress ?? '', 0) ? host : undefined;
}

/** The host name without the port: X-Forwarded-Host's when a trusted proxy sets it, else Host's. */
export function requestHostname(req: IncomingMessage, trust: TrustProxy): string | undefined {
  let host = trustedForwardedHost(req, trust);
  if (!host) host = header(req, 'host');
  else if (host.includes(',')) host = host.slice(0, host.indexOf(',')).trimEnd();
  if (!host) return undefined;
  // an IPv6 literal keeps its brackets, and its colons are not a port
  const offset = host[0] === '[' ? host.indexOf(']') + 1 : 0;
  const colon = host.indexOf(':', offset);
  return colon < 0 ? host : host.slice(0, colon);
}

/** Adds a header beside any value already set (Set-Cookie from two places), as Express's `res.append` did. */
export function appendHeader(res: ServerResponse, name: string, value: string): void {
  const prev = res.getHeader(name);
  if (prev === undefined) res.setHeader(name, value);
  else res.setHeader(name, Array.isArray(prev) ? [...prev, value] : [String(prev), value]);
}

/** A text or JSON Content-Type without a charset gets `charset=utf-8`, as Express added it. */
export function withCharset(contentType: string): string {
  if (/;\s*charset\s*=/i.test(contentType)) return contentType;
  return /^\s*(text\/|application\/(javascript|json)\b)/i.test(contentType) ? `${contentType}; charset=utf-8` : contentType;
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers?: Record<string, string>): void {
  res.statusCode = status;
  if (headers) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/** A plain-text answer (the server's own refusals and errors), in both languages where it speaks. */
export function sendText(res: ServerResponse, status: number, text: string, headers?: Record<string, string>): void {
  send(res, status, 'text/plain; charset=utf-8', text, headers);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}
