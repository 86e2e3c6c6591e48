import { describe, expect, it } from 'vitest';
import { safeRedirect } from './schema';

describe('safeRedirect', () => {
  it('keeps same-site paths with their query and hash', () => {
    for (const to of ['/', '/account/sessions', '/needs?q=%E7%BA%BA%E7%BB%87&page=2', '/agreements/abc#audit', '/needs/纺织']) {
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
});
