import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutNul } from './entry.server';

describe('withoutNul', () => {
  it('drops exactly the NUL bytes and keeps everything else in order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat({ max: 299 }), { maxLength: 20 }), (bytes, zeros) => {
        const buf = Buffer.from(bytes);
        for (const z of zeros) if (z < buf.length) buf[z] = 0;
        expect([...withoutNul(buf)]).toEqual([...buf].filter((b) => b !== 0));
      }),
      { seed: 20261126, numRuns: 500 },
    );
  });

  it('hands a buffer without NUL back as it is', () => {
    const buf = Buffer.from('<p>政银企对接</p>');
    expect(withoutNul(buf)).toBe(buf);
  });
});
