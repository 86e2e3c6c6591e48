import { describe, expect, it } from 'vitest';
import { contentDisposition, safeFileStem } from './download';

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('月度排名-平顶山市-2026-11.pdf', 'ranking-410400-2026-11.pdf')).toBe(
      `attachment; filename="ranking-410400-2026-11.pdf"; filename*=UTF-8''${encodeURIComponent('月度排名-平顶山市-2026-11.pdf')}`,
    );
    expect(contentDisposition("a'(b).pdf", 'a"b.pdf')).toBe(`attachment; filename="a_b.pdf"; filename*=UTF-8''a%27%28b%29.pdf`);
  });
});

describe('safeFileStem', () => {
  it('removes path and reserved characters, and falls back when nothing is left', () => {
    expect(safeFileStem('2026年"政银企"对接会: 第1场/平顶山', 'x')).toBe('2026年 政银企 对接会 第1场 平顶山');
    expect(safeFileStem('///', 'roster')).toBe('roster');
  });
});
