import { describe, expect, it } from 'vitest';
import { formatEventNumber, shortRegionName } from './number';

describe('session number', () => {
  it('shortens region names the way offices write them', () => {
    expect(shortRegionName('舞钢市')).toBe('舞钢');
    expect(shortRegionName('平顶山市')).toBe('平顶山');
    expect(shortRegionName('卫东区')).toBe('卫东');
    expect(shortRegionName('叶县')).toBe('叶县');
    expect(shortRegionName('石龙区')).toBe('石龙');
  });

  it('formats region, year and a three-digit sequence', () => {
    const name = (c: string) => (c === '410481' ? '舞钢市' : c);
    expect(formatEventNumber({ number_region: '410481', number_year: '2026', number_seq: 3 }, name)).toBe('舞钢-2026-003');
    expect(formatEventNumber({ number_region: '410481', number_year: '2026', number_seq: 1234 }, name)).toBe('舞钢-2026-1234');
    expect(formatEventNumber({ number_region: null, number_year: null, number_seq: null }, name)).toBeNull();
  });
});
