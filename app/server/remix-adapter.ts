/**
 * Node request → web Request for Remix, web Response → Node response: the two halves
 * of @remix-run/express's handler on Node's own http objects, here so the server can
 * put who-is-asking and the optional page cache between them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from '@remix-run/node';
import { heldBody } from './document-body';
import { appendHeader, header, requestHostname, requestProtocol, type TrustProxy, withCharset } from './http-basics';

function remixHeaders(requestHeaders: IncomingMessage['headers']): Headers {
  const headers = new Headers();
  for (const key in requestHeaders) {
    const values = requestHeaders[key];
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

/**
 * The request's URL as Remix sees it; throws when the request cannot be one (a broken
 * Host header): the server answers those with a 400 before anything else runs.
 */
export function remixUrl(req: IncomingMessage, trust: TrustProxy): URL {
  // the host name has no port: take it from X-Forwarded-Host or Host
  const [, forwardedPort] = header(req, 'x-forwarded-host')?.split(':') ?? [];
  const [, hostPort] = header(req, 'host')?.split(':') ?? [];
  const port = Number.isSafeInteger(Number.parseInt(forwardedPort, 10))
    ? forwardedPort
    : Number.isSafeInteger(Number.parseInt(hostPort, 10))
      ? hostPort
      : '';
  // the host name and the protocol respect TRUST_PROXY
  return new URL(`${requestProtocol(req, trust)}://${requestHostname(req, trust)}${port ? `:${port}` : ''}${req.url ?? '/'}`);
}

export function createRemixRequest(req: IncomingMessage, res: ServerResponse, url: URL): Request {
  let controller: AbortController | null = new AbortController();
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers: remixHeaders(req.headers), signal: controller.signal };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = 'half';
  }
  // loaders and actions are aborted when the answer can no longer be sent (close without finish)
  res.on('finish', () => (controller = null));
  res.on('close', () => controller?.abort());
  return new Request(url.href, init);
}

/**
 * The response's headers onto Node's (a header the server set already, such as
 * Set-Cookie, keeps its value and gets this one beside it); a text type without a
 * charset gets `charset=utf-8`.
 */
function copyHeaders(res: ServerResponse, headers: Headers): void {
  for (const [key, value] of headers) {
    if (key === 'content-type') res.setHeader(key, withCharset(value));
    else appendHeader(res, key, value);
  }
}

export async function sendRemixResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.statusCode = response.status;
  copyHeaders(res, response.headers);
  // a page rendered by app/entry.server.tsx: its bytes are held, no stream (a data request's
  // `pageJson` answer arrives copied into a plain Response by Remix, and is read as a stream)
  const rendered = heldBody(response);
  if (rendered) {
    res.setHeader('Content-Length', rendered.byteLength);
    res.end(rendered);
    return;
  }
  if (response.headers.get('Content-Type')?.match(/text\/event-stream/i)) {
    res.flushHeaders();
    if (response.body) await writeReadableStreamToWritable(response.body, res);
    else res.end();
    return;
  }
  if (!response.body) {
    res.end();
    return;
  }
  // Other bodies (resource routes, cached pages) are read whole (no deferred data):
  // collected and sent with their length in one write, instead of a chunked answer.
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  res.setHeader('Content-Length', length);
  res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length));
}
