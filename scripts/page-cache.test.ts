import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { cutAtTokens, joinWithTokens, PageStore, pageCacheMiddleware, pageCacheOptionsFromEnv } from './page-cache';

const entry = (bytes: number) => ({ version: '1', storedAt: 0, status: 200, headers: [], parts: [Buffer.alloc(bytes)], tokens: [], bytes });

describe('per-response tokens', () => {
  it('cuts a page at its nonce and request id and puts new ones in their places', () => {
    const old = { nonce: 'OLDnonce0123456789abc==', requestId: '11111111-2222-3333-4444-555555555555' };
    const page = Buffer.from(`<script nonce="${old.nonce}">1</script>中文<script nonce="${old.nonce}">{"requestId":"${old.requestId}"}</script>`);
    const cut = cutAtTokens(page, old);
    expect(cut.tokens).toEqual(['nonce', 'nonce', 'requestId']);
    expect(joinWithTokens(cut.parts, cut.tokens, old).equals(page)).toBe(true);
    const fresh = { nonce: 'NEWnonce9876543210xyz==', requestId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };
    const out = joinWithTokens(cut.parts, cut.tokens, fresh).toString();
    expect(out).toBe(`<script nonce="${fresh.nonce}">1</script>中文<script nonce="${fresh.nonce}">{"requestId":"${fresh.requestId}"}</script>`);
  });

  it('leaves a body without tokens as it is', () => {
    const body = Buffer.from('%PDF-1.7 …');
    const cut = cutAtTokens(body, { nonce: 'abcdefghijklmnop', requestId: 'qrstuvwxyz012345' });
    expect(cut.tokens).toEqual([]);
    expect(joinWithTokens(cut.parts, cut.tokens, { nonce: 'x', requestId: 'y' }).equals(body)).toBe(true);
  });
});

describe('PageStore', () => {
  it('drops the least recently used answers beyond its byte budget', () => {
    const store = new PageStore(300);
    store.set('a', entry(100));
    store.set('b', entry(100));
    store.set('c', entry(100));
    expect(store.get('a')).toBeDefined(); // a is now the most recent
    store.set('d', entry(100));
    expect(store.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => store.get(k) !== undefined)).toEqual([true, true, true]);
    store.set('huge', entry(301));
    expect(store.get('huge')).toBeUndefined();
    expect(store.size).toBe(3);
  });
});

describe('options', () => {
  it('is on for 10 s by default and off with PAGE_CACHE_TTL_MS=0', () => {
    expect(pageCacheOptionsFromEnv({}).ttlMs).toBe(10_000);
    expect(pageCacheOptionsFromEnv({ PAGE_CACHE_TTL_MS: '0' }).ttlMs).toBe(0);
    expect(pageCacheOptionsFromEnv({ PAGE_CACHE_TTL_MS: 'abc' }).ttlMs).toBe(0);
    expect(pageCacheOptionsFromEnv({ PAGE_CACHE_MB: '8' }).maxBytes).toBe(8 * 1024 * 1024);
  });
});

describe('pages being computed', () => {
  /** A server with the cache in front of a slow page; `renders` counts how often the page was computed. */
  async function slowServer(answer: (res: express.Response) => void) {
    const app = express();
    let renders = 0;
    let n = 0;
    app.use((_req, res, next) => {
      n += 1;
      res.locals.cspNonce = `nonce-of-request-${n}`;
      res.locals.requestId = `request-id-number-${n}`;
      next();
    });
    const probe = async () => ({ principal: 'user-1', version: '7' });
    app.use(pageCacheMiddleware(probe, { ttlMs: 10_000, maxBytes: 1 << 20, maxEntryBytes: 1 << 20 }, () => {}));
    app.get('/page', (_req, res) => {
      renders += 1;
      setTimeout(() => answer(res), 80);
    });
    const server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;
    const get = () => fetch(`http://127.0.0.1:${port}/page`).then(async (r) => ({ how: r.headers.get('x-page-cache'), body: await r.text() }));
    return { get, renders: () => renders, close: () => new Promise((r) => server.close(r)) };
  }

  it('computes a page once for requests that arrive while it is being computed, each with its own nonce', async () => {
    const s = await slowServer((res) => res.send(`<p nonce="${res.locals.cspNonce}">页面</p>`));
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () => s.get()));
      expect(s.renders()).toBe(1);
      expect(answers.filter((a) => a.how === 'miss')).toHaveLength(1);
      expect(answers.filter((a) => a.how === 'shared')).toHaveLength(7);
      const nonces = answers.map((a) => /nonce="([^"]+)"/.exec(a.body)?.[1]);
      expect(new Set(nonces).size).toBe(8);
      expect(answers.every((a) => a.body.includes('页面'))).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('lets the waiting requests compute their own page when the first answer could not be kept', async () => {
    const s = await slowServer((res) => res.status(503).send('busy'));
    try {
      const answers = await Promise.all(Array.from({ length: 4 }, () => s.get()));
      expect(answers.every((a) => a.how === 'miss' && a.body === 'busy')).toBe(true);
      expect(s.renders()).toBe(4);
    } finally {
      await s.close();
    }
  });
});
