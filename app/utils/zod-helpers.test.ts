import { parseWithZod } from '@conform-to/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { int, longText, optionalText, text } from './zod-helpers';

const form = (entries: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
};

describe('number fields (issue 13, point 10)', () => {
  const schema = z.object({ employees: int(0, 1000) });
  it('refuse hex, exponents and binary that Number() would read', () => {
    for (const v of ['0x10', '1e3', '0b11', '0o7', '16abc', 'Infinity']) {
      const r = parseWithZod(form({ employees: v }), { schema });
      expect(r.status, v).toBe('error');
      expect(r.status === 'error' ? r.error?.employees : null, v).toEqual(['v.int']);
    }
  });
  it('accept decimal digits, full-width too', () => {
    for (const [v, n] of [
      ['16', 16],
      [' 0 ', 0],
      ['１６', 16],
      ['+7', 7],
    ] as const) {
      const r = parseWithZod(form({ employees: v }), { schema });
      expect(r.status === 'success' && r.value.employees, v).toBe(n);
    }
    const empty = parseWithZod(form({}), { schema });
    expect(empty.status === 'error' ? empty.error?.employees : null).toEqual(['v.required']);
  });
});

describe('invisible format characters in stored text (issue 13, point 10)', () => {
  it('are dropped from single-line, optional and long text', () => {
    expect(text(50).parse('\u200e中国工商银行\u200f平顶山分行\u200b')).toBe('中国工商银行平顶山分行');
    expect(optionalText(50).parse('\ufeff舞钢\u2060市')).toBe('舞钢市');
    expect(longText(500).parse('第一行\u00ad\n第二行\u061c')).toBe('第一行\n第二行');
  });
  it('a name of invisible characters only is empty, and bidi overrides stay refused', () => {
    expect(text(50).safeParse('\u200e\u200f').error?.issues[0].message).toBe('v.required');
    expect(text(50).safeParse('abc\u202edef').error?.issues[0].message).toBe('v.control');
  });
});
