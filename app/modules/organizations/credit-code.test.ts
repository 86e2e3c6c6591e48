import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ALPHABET, validateCreditCode, withCheckChar } from './credit-code';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts real published codes', () => {
    for (const code of ['91350100M000100Y43', '91110000100003495Y', '911100001000044477']) {
      expect(validateCreditCode(code)).toEqual({ ok: true, code });
    }
  });
  it('normalizes case and spaces', () => {
    expect(validateCreditCode(' 91110000100003495y ')).toEqual({ ok: true, code: '91110000100003495Y' });
  });
  it('names what is wrong', () => {
    expect(validateCreditCode('9111000010000349')).toEqual({ ok: false, error: 'creditCode.length' });
    expect(validateCreditCode('91110000100003495I')).toEqual({ ok: false, error: 'creditCode.chars' });
    expect(validateCreditCode('91110000100003495X')).toEqual({ ok: false, error: 'creditCode.check' });
  });
  it('rejects every single-character change of the check character', () => {
    const body = fc.string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: 17, maxLength: 17 });
    fc.assert(
      fc.property(body, fc.constantFrom(...CREDIT_CODE_ALPHABET), (b, c) => {
        const valid = withCheckChar(b);
        expect(validateCreditCode(valid).ok).toBe(true);
        if (c !== valid[17]) expect(validateCreditCode(b + c)).toEqual({ ok: false, error: 'creditCode.check' });
      }),
    );
  });
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        expect(typeof validateCreditCode(s).ok).toBe('boolean');
      }),
    );
  });
});
