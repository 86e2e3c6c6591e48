import { describe, expect, it } from 'vitest';
import { cutAtTokens, joinWithTokens, PageStore, pageCacheOptionsFromEnv } from './page-cache';

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
