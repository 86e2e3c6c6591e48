import { describe, expect, it } from 'vitest';
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

  it('reads back the data without parsing the body; a clone or a read body is parsed', async () => {
    const res = pageJson(data);
    const clone = res.clone();
    expect(await res.json()).toBe(data);
    const parsed = await clone.json();
    expect(parsed).not.toBe(data);
    expect(parsed).toEqual(data);
    const read = pageJson(data);
    expect(await read.text()).toBe(JSON.stringify(data));
    await expect(read.json()).rejects.toThrow();
  });

  it('refuses data that JSON would change (type check)', () => {
    // @ts-expect-error a Date is not what the browser gets back
    pageJson({ at: new Date(0) });
    // @ts-expect-error nor is a Map
    pageJson({ rows: new Map<string, number>() });
    expect(true).toBe(true);
  });
});
