/**
 * Express request → web Request for Remix, web Response → Express response: the
 * two halves of @remix-run/express (which exports only its whole handler), here so
 * the server can put who-is-asking and the optional page cache between them.
 */
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from '@remix-run/node';
import type express from 'express';

function remixHeaders(requestHeaders: express.Request['headers']): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

export function createRemixRequest(req: express.Request, res: express.Response): Request {
  // req.hostname has no port: take it from X-Forwarded-Host or Host
  const [, forwardedPort] = req.get('X-Forwarded-Host')?.split(':') ?? [];
  const [, hostPort] = req.get('host')?.split(':') ?? [];
  const port = Number.isSafeInteger(Number.parseInt(forwardedPort, 10))
    ? forwardedPort
    : Number.isSafeInteger(Number.parseInt(hostPort, 10))
      ? hostPort
      : '';
  // req.hostname respects the "trust proxy" setting
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`);
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

export async function sendRemixResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
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
  // Pages are rendered whole (no deferred data): collected and sent with their
  // length in one write, instead of a chunked answer written piece by piece.
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
