import { describe, expect, it } from 'vitest';
import { cutAtTokens, joinWithTokens, PageCache, PageStore, pageCacheOptionsFromEnv, storable, type Tokens } from './page-cache';

const entry = (bytes: number) => ({ version: '1', storedAt: 0, status: 200, headers: [], parts: [Buffer.alloc(bytes)], tokens: [], bytes });

describe('per-response tokens', () => {
  it('cuts a page at its nonce and request id and puts new ones in their places', () => {
    const old = { nonce: 'OLDnonce0123456789abc==', requestId: '11111111-2222-3333-4444-555555555555' };
    const page = Buffer.from(
      `<script nonce="${old.nonce}">1</script>中文<script nonce="${old.nonce}">{"requestId":"${old.requestId}"}</script>`,
    );
    const cut = cutAtTokens(page, old);
    expect(cut.tokens).toEqual(['nonce', 'nonce', 'requestId']);
    expect(joinWithTokens(cut.parts, cut.tokens, old).equals(page)).toBe(true);
    const fresh = { nonce: 'NEWnonce9876543210xyz==', requestId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };
    const out = joinWithTokens(cut.parts, cut.tokens, fresh).toString();
    expect(out).toBe(
      `<script nonce="${fresh.nonce}">1</script>中文<script nonce="${fresh.nonce}">{"requestId":"${fresh.requestId}"}</script>`,
    );
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
  it('is off by default and on with PAGE_CACHE_TTL_MS', () => {
    expect(pageCacheOptionsFromEnv({}).ttlMs).toBe(0);
    expect(pageCacheOptionsFromEnv({ PAGE_CACHE_TTL_MS: '10000' }).ttlMs).toBe(10_000);
    expect(pageCacheOptionsFromEnv({ PAGE_CACHE_TTL_MS: '0' }).ttlMs).toBe(0);
    expect(pageCacheOptionsFromEnv({ PAGE_CACHE_TTL_MS: 'abc' }).ttlMs).toBe(0);
    expect(pageCacheOptionsFromEnv({ PAGE_CACHE_MB: '8' }).maxBytes).toBe(8 * 1024 * 1024);
  });
});

describe('what may be stored', () => {
  it('keeps plain 200 pages, never one with Set-Cookie, Cache-Control: no-store or another status', () => {
    expect(storable(new Response('x'))).toBe(true);
    expect(storable(new Response('x', { headers: { 'Cache-Control': 'private, max-age=0' } }))).toBe(true);
    expect(storable(new Response('x', { headers: { 'Cache-Control': 'no-store' } }))).toBe(false);
    expect(storable(new Response('x', { headers: { 'Cache-Control': 'private, No-Store' } }))).toBe(false);
    expect(storable(new Response('x', { headers: { 'Set-Cookie': 'a=b' } }))).toBe(false);
    expect(storable(new Response('x', { status: 404 }))).toBe(false);
  });
});

describe('pages being computed', () => {
  /** The cache in front of a slow page; `renders` counts how often the page was computed. */
  function slowPage(answer: (tokens: Tokens) => Response) {
    const cache = new PageCache({ ttlMs: 10_000, maxBytes: 1 << 20, maxEntryBytes: 1 << 20 }, async () => '7');
    let renders = 0;
    let n = 0;
    const key = cache.keyFor({ method: 'GET', path: '/page', url: '/page', cookie: '', principal: 'user-1', keyedCookiesOnly: true })!;
    const get = async () => {
      n += 1;
      const tokens = {
        nonce: `nonce-of-request-${String(n).padStart(4, '0')}`,
        requestId: `request-id-number-${String(n).padStart(4, '0')}`,
      };
      const { outcome, response } = await cache.answer(key, tokens, async () => {
        renders += 1;
        await new Promise((r) => setTimeout(r, 80));
        return answer(tokens);
      });
      return { how: outcome, body: await response.text() };
    };
    return { get, renders: () => renders };
  }

  it('computes a page once for requests that arrive while it is being computed, each with its own nonce', async () => {
    const s = slowPage((t) => new Response(`<p nonce="${t.nonce}">页面</p>`));
    const answers = await Promise.all(Array.from({ length: 8 }, () => s.get()));
    expect(s.renders()).toBe(1);
    expect(answers.filter((a) => a.how === 'miss')).toHaveLength(1);
    expect(answers.filter((a) => a.how === 'shared')).toHaveLength(7);
    const nonces = answers.map((a) => /nonce="([^"]+)"/.exec(a.body)?.[1]);
    expect(new Set(nonces).size).toBe(8);
    expect(answers.every((a) => a.body.includes('页面'))).toBe(true);
  });

  it('lets the waiting requests compute their own page when the first answer could not be kept', async () => {
    const s = slowPage(() => new Response('busy', { status: 503 }));
    const answers = await Promise.all(Array.from({ length: 4 }, () => s.get()));
    expect(answers.every((a) => a.how === 'miss' && a.body === 'busy')).toBe(true);
    expect(s.renders()).toBe(4);
  });

  it('does not answer at all when it is off, for other methods, cookies it does not key on, or the never-cached paths', () => {
    const base = { method: 'GET', path: '/page', url: '/page', cookie: '', principal: 'anonymous', keyedCookiesOnly: true };
    const on = new PageCache({ ttlMs: 1000, maxBytes: 1 << 20, maxEntryBytes: 1 << 20 }, async () => '1');
    const off = new PageCache({ ttlMs: 0, maxBytes: 1 << 20, maxEntryBytes: 1 << 20 }, async () => '1');
    expect(on.keyFor(base)).not.toBeNull();
    expect(off.keyFor(base)).toBeNull();
    expect(on.keyFor({ ...base, method: 'POST' })).toBeNull();
    expect(on.keyFor({ ...base, keyedCookiesOnly: false })).toBeNull();
    expect(on.keyFor({ ...base, path: '/logout', url: '/logout' })).toBeNull();
  });
});
