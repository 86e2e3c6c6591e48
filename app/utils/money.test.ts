import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTotal, formatWan, formatYi, parseMoney, parseRateBp, toWan, toYi, yuanToWanInput } from './money';

describe('parseMoney', () => {
  it('reads amounts with units exactly', () => {
    expect(parseMoney('3.177亿')).toEqual({ ok: true, yuan: 317_700_000 });
    expect(parseMoney('3.177亿元')).toEqual({ ok: true, yuan: 317_700_000 });
    expect(parseMoney('31,770万元')).toEqual({ ok: true, yuan: 317_700_000 });
    expect(parseMoney('500', '万元')).toEqual({ ok: true, yuan: 5_000_000 });
    expect(parseMoney('0.0001', '万元')).toEqual({ ok: true, yuan: 1 });
    expect(parseMoney('１２万')).toEqual({ ok: true, yuan: 120_000 });
    expect(parseMoney('1200元', '万元')).toEqual({ ok: true, yuan: 1200 });
  });
  it('rejects what is not an amount', () => {
    expect(parseMoney('abc')).toEqual({ ok: false, error: 'money.invalid' });
    expect(parseMoney('')).toEqual({ ok: false, error: 'money.invalid' });
    expect(parseMoney('-5万')).toEqual({ ok: false, error: 'money.negative' });
    expect(parseMoney('1.00001万')).toEqual({ ok: false, error: 'money.tooPrecise' });
    expect(parseMoney('0.5元')).toEqual({ ok: false, error: 'money.tooPrecise' });
    expect(parseMoney('99999999亿')).toEqual({ ok: false, error: 'money.tooLarge' });
    expect(parseMoney('1e9')).toEqual({ ok: false, error: 'money.invalid' });
  });
  it('round-trips any amount through the 万元 input format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (yuan) => {
        expect(parseMoney(yuanToWanInput(yuan), '万元')).toEqual({ ok: true, yuan });
      }),
    );
  });
});

describe('formatting', () => {
  it('shows 万元 and 亿元 with half-up rounding', () => {
    expect(formatYi(317_700_000)).toBe('3.177亿元');
    expect(formatWan(317_700_000)).toBe('31,770万元');
    expect(toWan(5_000_000)).toBe('500');
    expect(toWan(12_345)).toBe('1.2345');
    expect(toWan(12_345, 2)).toBe('1.23');
    expect(toWan(12_350, 2)).toBe('1.24');
    expect(toYi(123_456_789, 2)).toBe('1.23');
    expect(toYi(125_000_000, 1)).toBe('1.3');
    expect(formatTotal(317_700_000)).toBe('3.18亿元');
    expect(formatTotal(289_500_000)).toBe('2.90亿元');
    expect(formatTotal(100_000_000)).toBe('1.00亿元');
    expect(formatTotal(1_234_567_890_123)).toBe('12,345.68亿元');
    expect(formatTotal(50_000_000)).toBe('5,000万元');
  });
  it('refuses non-integer amounts instead of guessing', () => {
    expect(() => toWan(1.5)).toThrow(RangeError);
  });
});

describe('rates', () => {
  it('reads percentages into basis points', () => {
    expect(parseRateBp('3.45')).toEqual({ ok: true, bp: 345 });
    expect(parseRateBp('3.45%')).toEqual({ ok: true, bp: 345 });
    expect(parseRateBp('4')).toEqual({ ok: true, bp: 400 });
    expect(parseRateBp('100')).toEqual({ ok: true, bp: 10_000 });
    expect(parseRateBp('100.01')).toEqual({ ok: false, error: 'rate.range' });
    expect(parseRateBp('3.456')).toEqual({ ok: false, error: 'rate.invalid' });
    expect(parseRateBp('-1')).toEqual({ ok: false, error: 'rate.invalid' });
  });
});
