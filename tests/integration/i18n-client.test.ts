/**
 * One language per page (issue 19): the browser gets the messages of the page's
 * language only. The scripts of a page (its module preloads, imports and every
 * chunk they import) carry no messages at all; the messages file the page names
 * holds its own language and not the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

/** Distinctive messages of each language (app/i18n/messages/common.ts), as source text and as JS escapes. */
const ZH = ['退出登录', '让企业融资与用工需求高效对接银行产品与政府服务'];
const EN = ['Log out', 'financing and hiring needs with bank products and public services'];
const escaped = (s: string) =>
  [...s].map((c) => (c.charCodeAt(0) > 127 ? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : c)).join('');
const forms = (words: string[]) => words.flatMap((w) => [w, escaped(w), escaped(w).toLowerCase()]);

describe('the browser gets one language', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Every script a page loads: its /build/ URLs and, transitively, the chunks they import. */
  async function scriptsOf(html: string): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    const queue = [...html.matchAll(/["'(](\/build\/[^"')]+\.js)["')]/g)].map((m) => m[1]);
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      const res = await fetch(server.url + url);
      expect(res.status, url).toBe(200);
      const text = await res.text();
      seen.set(url, text);
      for (const m of text.matchAll(/["'](\/build\/[^"']+\.js)["']/g)) queue.push(m[1]);
    }
    return seen;
  }

  for (const { locale, own, other } of [
    { locale: 'zh-CN', own: ZH, other: EN },
    { locale: 'en', own: EN, other: ZH },
  ]) {
    it(`${locale}: the page's scripts hold no messages; its messages file holds ${locale} only`, async () => {
      const client = new HttpClient(server.url);
      if (locale === 'en') client.cookies.set('finmatch_lang', 'en');
      const res = await client.get('/products');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<html lang="${locale}"`);

      const scripts = await scriptsOf(html);
      expect(scripts.size).toBeGreaterThan(3);
      for (const [url, text] of scripts) {
        for (const word of forms([...ZH, ...EN])) expect(text.includes(word), `${url} contains ${word}`).toBe(false);
      }

      const href = /<link id="finmatch-messages"[^>]*href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      expect(href).toMatch(new RegExp(`^/i18n/${locale}\\.json\\?v=[0-9a-f]{12}$`));
      const file = await fetch(server.url + href);
      expect(file.status).toBe(200);
      expect(file.headers.get('cache-control')).toContain('immutable');
      const body = await file.text();
      for (const word of own) expect(body).toContain(word);
      for (const word of forms(other)) expect(body.includes(word), `messages contain ${word}`).toBe(false);
      expect((JSON.parse(body) as Record<string, string>)['nav.logout']).toBe(own[0]);
    });
  }

  it('answers an unknown language with 404 and an old version without long caching', async () => {
    expect((await fetch(`${server.url}/i18n/fr.json`)).status).toBe(404);
    const stale = await fetch(`${server.url}/i18n/en.json?v=000000000000`);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-control')).toBe('no-cache');
  });
});
