import { describe, expect, it } from 'vitest';
import { queryText } from './query-text';

describe('queryText', () => {
  it('turns NUL, other control and invisible characters into spaces, trims and cuts', () => {
    const p = new URLSearchParams({ q: ' abc\u0000def\u200e  ghi\u0007 ', long: 'x'.repeat(300) });
    expect(queryText(p, 'q')).toBe('abc def ghi');
    expect(queryText(p, 'long', 50)).toHaveLength(50);
    expect(queryText(p, 'missing')).toBe('');
  });

  it('folds full-width forms (NFKC)', () => {
    expect(queryText(new URLSearchParams({ q: 'ＡＢＣ１２３' }), 'q')).toBe('ABC123');
  });
});
