import { describe, expect, it } from 'vitest';
import { barChartSvg } from '~/modules/reports/charts.server';
import { CHART_FONT, compactSvg } from './chart-style';

describe('compactSvg', () => {
  it('writes the texts’ common font once, on the root element, and keeps every text', () => {
    const drawn = barChartSvg({ categories: ['舞钢市', '叶县'], series: [{ name: '签约金额', values: [1, 2] }], unit: '万元' });
    expect(drawn.startsWith(`<svg style="font-size:12px;font-family:${CHART_FONT}" `)).toBe(true);
    expect(drawn).not.toContain(`font-family:${CHART_FONT};"`);
    expect(drawn).toContain('舞钢市');
    expect(drawn.match(/<text /g)?.length).toBeGreaterThan(4);
  });

  it('leaves a text with its own style, and an SVG without the common style, as they are', () => {
    const own = '<svg width="1"><text style="font-size:16px;font-family:serif;">标题</text></svg>';
    expect(compactSvg(own)).toBe(own);
    const mixed = `<svg width="1"><text style="font-size:12px;font-family:${CHART_FONT};">a</text><text style="font-size:16px;">b</text></svg>`;
    expect(compactSvg(mixed)).toBe(
      `<svg style="font-size:12px;font-family:${CHART_FONT}" width="1"><text>a</text><text style="font-size:16px;">b</text></svg>`,
    );
  });
});
