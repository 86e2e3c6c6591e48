import { describe, expect, it } from 'vitest';
import { heldBody } from '~/server/document-body';
import { pageJson } from './page-json.server';

describe('pageJson', () => {
  const data = { a: 1, list: [{ name: '银行', rate: '3.45' }], none: null, flag: true };

  it('is a JSON response with the serialised body, status and headers', async () => {
    const res = pageJson(data, { status: 201, headers: { 'Cache-Control': 'private, no-store', 'Set-Cookie': 'a=1' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('Cache-Control')).toBe('private, no-store');
    expect(res.headers.get('Set-Cookie')).toBe('a=1');
    expect(await res.text()).toBe(JSON.stringify(data));
  });

  it('keeps a Content-Type given', () => {
    expect(pageJson(data, { headers: { 'Content-Type': 'application/vnd.api+json' } }).headers.get('Content-Type')).toBe(
      'application/vnd.api+json',
    );
  });

  it('reads back the data without parsing; the JSON is written only when the body is asked for', async () => {
    const res = pageJson(data);
    expect(await res.json()).toBe(data);
    expect(heldBody(res)?.toString('utf8')).toBe(JSON.stringify(data));
    expect(await res.text()).toBe(JSON.stringify(data));
    expect(await res.json()).toBe(data);
    // a clone carries the bytes, and parses them
    const parsed = await res.clone().json();
    expect(parsed).not.toBe(data);
    expect(parsed).toEqual(data);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(Buffer.from(JSON.stringify(data))));
    // the body stream, made when asked for, reads the same bytes
    expect(await new Response(pageJson(data).body).text()).toBe(JSON.stringify(data));
  });

  it('writes no JSON when the body stream is only looked at, as Remix’s router does with every loader answer', async () => {
    let serialised = 0;
    const watched = {
      ...data,
      toJSON() {
        serialised++;
        return data;
      },
    };
    // a JsonValue by shape for the type check; toJSON counts the serialisations
    const res = pageJson(watched as unknown as typeof data);
    const body = res.body;
    expect(body).not.toBeNull();
    await new Promise((r) => setTimeout(r, 10));
    expect(serialised).toBe(0);
    expect(await new Response(body).text()).toBe(JSON.stringify(data));
    expect(serialised).toBe(1);
  });

  it('refuses data that JSON would change (type check)', () => {
    // @ts-expect-error a Date is not what the browser gets back
    pageJson({ at: new Date(0) });
    // @ts-expect-error nor is a Map
    pageJson({ rows: new Map<string, number>() });
    expect(true).toBe(true);
  });
});
