import { describe, expect, it } from 'vitest';
import { interpolate } from './translate';

describe('interpolate', () => {
  it('fills every placeholder, keeps unknown ones and text without any', () => {
    expect(interpolate('走访率 = 有反馈的企业 {num} ÷ 企业 {den}', { num: 2, den: 123 })).toBe('走访率 = 有反馈的企业 2 ÷ 企业 123');
    expect(interpolate('{a}{a} and {b}', { a: 'x' })).toBe('xx and {b}');
    expect(interpolate('{n} 家', { n: 0 })).toBe('0 家');
    expect(interpolate('no placeholders', { n: 1 })).toBe('no placeholders');
    expect(interpolate('{n}', undefined)).toBe('{n}');
    expect(interpolate('{ not a name } {n}', { n: 'y' })).toBe('{ not a name } y');
  });

  it('gives the same text the second time (the cut template is kept)', () => {
    for (let i = 0; i < 3; i++)
      expect(interpolate('共 {total} 家银行，前 {shown} 家', { total: 17 + i, shown: 10 })).toBe(`共 ${17 + i} 家银行，前 10 家`);
  });
});
