/**
 * Keyset (cursor) pagination of the product and needs directories (issue 19):
 * following the next links gives exactly the rows of the numbered pages (the
 * offset order, ties on the sort key broken by id), the previous links walk back
 * over the same pages, and a tampered cursor shows the first page — never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, HttpClient } from '../support/http-client';
import { startServer, type TestServer } from '../support/server';

const TIE = '2026-06-01T08:00:00.000Z';

/** The record links of a directory page, in page order. */
function idsOf(html: string, prefix: string): string[] {
  const ids: string[] = [];
  for (const m of html.matchAll(new RegExp(`href="${prefix}([A-Za-z0-9_-]+)"`, 'g'))) if (!ids.includes(m[1])) ids.push(m[1]);
  return ids;
}
function linkOf(html: string, rel: 'next' | 'prev'): string | null {
  const tag = [...html.matchAll(/<a [^>]*>/g)].map((m) => m[0]).find((a) => a.includes(`rel="${rel}"`));
  const href = tag ? /href="([^"]+)"/.exec(tag)?.[1] : undefined;
  return href ? href.replaceAll('&amp;', '&') : null;
}

describe('keyset pagination of the directories', () => {
  let server: TestServer;
  let bank: HttpClient;

  beforeAll(async () => {
    server = await startServer();
    const { db } = await server.database();
    // enough rows for several pages, with ties: copies of the demo rows with the same publication time and amount
    const products = await db.selectFrom('loan_products').selectAll().where('status', '=', 'published').execute();
    for (let k = 1; products.length * (k + 1) < 70; k++) {
      await db
        .insertInto('loan_products')
        .values(products.map((p) => ({ ...p, id: `${p.id}k${k}` })))
        .execute();
    }
    await db.updateTable('loan_products').set({ published_at: TIE, amount_max: 5_000_000 }).where('status', '=', 'published').execute();
    const needs = await db.selectFrom('financing_needs').selectAll().where('status', '=', 'published').execute();
    for (let k = 1; needs.length * (k + 1) < 70; k++) {
      await db
        .insertInto('financing_needs')
        .values(needs.map((n) => ({ ...n, id: `${n.id}k${k}` })))
        .execute();
    }
    await db.updateTable('financing_needs').set({ published_at: TIE }).where('status', '=', 'published').execute();
    bank = new HttpClient(server.url);
    await bank.login(DEMO.bank, DEMO.password);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function page(client: HttpClient, path: string): Promise<string> {
    const res = await client.get(path);
    expect(res.status, path).toBe(200);
    return res.text();
  }

  const cases = [
    { name: 'products, newest', start: '/products', prefix: '/products/', who: () => new HttpClient(server.url) },
    {
      name: 'products, by amount (all equal)',
      start: '/products?sort=amount',
      prefix: '/products/',
      who: () => new HttpClient(server.url),
    },
    { name: 'products, by rate', start: '/products?sort=rate', prefix: '/products/', who: () => new HttpClient(server.url) },
    { name: 'financing needs, newest (all at one time)', start: '/needs', prefix: '/needs/financing/', who: () => bank },
    { name: 'financing needs, by amount', start: '/needs?sort=amount', prefix: '/needs/financing/', who: () => bank },
    { name: 'financing needs, by date wanted (nulls last)', start: '/needs?sort=wanted_by', prefix: '/needs/financing/', who: () => bank },
  ];

  for (const c of cases) {
    it(`${c.name}: next links give the numbered pages' rows, previous links walk back`, async () => {
      const client = c.who();
      const sep = c.start.includes('?') ? '&' : '?';
      // the numbered pages (offset), the reference order
      const numbered: string[][] = [];
      for (let n = 1; n <= 10; n++) {
        const ids = idsOf(await page(client, `${c.start}${sep}page=${n}`), c.prefix);
        if (!ids.length || (numbered.length && ids.join() === numbered[numbered.length - 1].join())) break;
        numbered.push(ids);
      }
      expect(numbered.length, 'at least three pages').toBeGreaterThanOrEqual(3);
      expect(new Set(numbered.flat()).size, 'no row twice').toBe(numbered.flat().length);

      // forwards by cursor
      let html = await page(client, c.start);
      const walked: string[][] = [idsOf(html, c.prefix)];
      const forward: string[] = [c.start];
      for (let next = linkOf(html, 'next'); next; next = linkOf(html, 'next')) {
        expect(next).toContain('after=');
        html = await page(client, next);
        walked.push(idsOf(html, c.prefix));
        forward.push(next);
      }
      expect(walked).toEqual(numbered);

      // backwards from the last page
      const back: string[][] = [idsOf(html, c.prefix)];
      for (let prev = linkOf(html, 'prev'); prev; prev = linkOf(html, 'prev')) {
        html = await page(client, prev);
        back.unshift(idsOf(html, c.prefix));
      }
      expect(back).toEqual(numbered);
    });
  }

  it('shows the first page for a tampered or foreign cursor, never an error', async () => {
    const anonymous = new HttpClient(server.url);
    const first = idsOf(await page(anonymous, '/products'), '/products/');
    const firstNeeds = idsOf(await page(bank, '/needs'), '/needs/financing/');
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const hostile = [
      'garbage',
      '%00',
      b64(['x']),
      b64([1, 2, 3]),
      b64({ a: 1 }),
      b64([null, null]),
      b64(['2026-01-01', 12]),
      b64([1e300, 'x']),
      'A'.repeat(5000),
    ];
    for (const cursor of hostile) {
      for (const param of ['after', 'before']) {
        const p = await anonymous.get(`/products?page=3&${param}=${encodeURIComponent(cursor)}`);
        expect(p.status, `${param}=${cursor.slice(0, 40)}`).toBe(200);
        expect(idsOf(await p.text(), '/products/')).toEqual(first);
        const n = await bank.get(`/needs?page=3&${param}=${encodeURIComponent(cursor)}`);
        expect(n.status, `${param}=${cursor.slice(0, 40)}`).toBe(200);
        expect(idsOf(await n.text(), '/needs/financing/')).toEqual(firstNeeds);
      }
    }
    // a cursor of the right shape is only a value: bound as a parameter, it matches no row
    const injected = await anonymous.get(`/products?page=2&after=${b64(["'; drop table loan_products; --", 'x'])}`);
    expect(injected.status).toBe(200);
    expect(idsOf(await page(anonymous, '/products'), '/products/')).toEqual(first);
    // a cursor of another sort (three keys for two) is refused as well
    const rateNext = linkOf(await page(anonymous, '/products?sort=rate'), 'next')!;
    const foreign = new URL(rateNext, server.url).searchParams.get('after')!;
    const res = await anonymous.get(`/products?page=2&after=${foreign}`);
    expect(res.status).toBe(200);
    expect(idsOf(await res.text(), '/products/')).toEqual(first);
  });
});
