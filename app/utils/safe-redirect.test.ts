import { describe, expect, it } from 'vitest';
import { redirectTarget, safeRedirect } from './safe-redirect';

describe('safeRedirect', () => {
  it('keeps same-site paths with their query and hash', () => {
    for (const to of ['/', '/account/sessions', '/needs?q=%E7%BA%BA%E7%BB%87&page=2', '/agreements/abc#audit']) {
      expect(safeRedirect(to)).toBe(to);
    }
  });

  it('refuses anything a browser could read as another host', () => {
    const hostile = [
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '/\t/evil.example', // browsers drop the tab: //evil.example
      '/\n/evil.example',
      '/\r\n//evil.example',
      '\t//evil.example',
      '/\u0000/evil.example',
      '/\u0085/evil.example',
      '/foo\\..\\\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      'evil.example',
      '',
      null,
      undefined,
    ];
    for (const to of hostile) expect(safeRedirect(to, '/home'), JSON.stringify(to)).toBe('/home');
  });

  it('percent-encodes non-ASCII targets instead of failing (issue 13, point 8)', () => {
    expect(safeRedirect('/需求')).toBe('/%E9%9C%80%E6%B1%82');
    expect(safeRedirect('/needs/纺织?q=织机#第一')).toBe('/needs/%E7%BA%BA%E7%BB%87?q=%E7%BB%87%E6%9C%BA#%E7%AC%AC%E4%B8%80');
    expect(redirectTarget('/needs')).toBe('/needs');
  });

  it('refuses invisible format characters and backslashes anywhere (issue 13, point 9)', () => {
    for (const to of ['/\\evil.example', '/\u200e/evil.example', '/a\u202e', '/\ufeff/x'])
      expect(redirectTarget(to), JSON.stringify(to)).toBeNull();
  });
});
