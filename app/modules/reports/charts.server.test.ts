// Server-rendered ECharts SVG: names from user data come out escaped, the markup
// carries no script or event handler (the page embeds it under the CSP).
import { describe, expect, it } from 'vitest';
import { barChartSvg, chartSvg, dashboardCharts, pieChartSvg, wanValue } from './charts.server';
import type { DashboardData, FigureRow } from './dashboard.server';

const EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

function row(label: string, signed: number, disbursed = 0): FigureRow {
  return {
    key: label,
    label,
    fulfilmentBp: null,
    signedCount: 1,
    signedAmount: signed,
    approvedCount: 0,
    approvedAmount: 0,
    disbursedCount: disbursed ? 1 : 0,
    disbursedAmount: disbursed,
    terminatedCount: 0,
    terminatedAmount: 0,
  };
}

function expectSafe(svg: string) {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/<img/i);
  // no event handler or script URL inside any tag (escaped text may spell them out harmlessly)
  expect(svg).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  expect(svg).not.toMatch(/<[^>]*javascript:/i);
}

describe('charts', () => {
  it('draws a chart again only for other figures (kept drawings follow the data)', () => {
    const spec = (v: number) => ({ categories: ['舞钢市', '汝州市'], series: [{ name: '签约金额', values: [v, 2] }], unit: '万元' });
    const first = barChartSvg(spec(1));
    expect(barChartSvg(spec(1))).toBe(first);
    const changed = barChartSvg(spec(7));
    expect(changed).not.toBe(first);
    expect(barChartSvg({ ...spec(1), horizontal: true })).not.toBe(first);
    expect(barChartSvg(spec(1))).toBe(first);
  });

  it('escapes category names in bar charts (vertical and horizontal)', () => {
    for (const horizontal of [false, true]) {
      const svg = barChartSvg({ categories: [EVIL, '舞钢市'], series: [{ name: '签约金额', values: [1, 2] }], unit: '万元', horizontal });
      expectSafe(svg);
      expect(svg).toContain('&lt;script&gt;');
      // vertical axes hide labels that would overlap (months are short); horizontal ones list every name
      if (horizontal) expect(svg).toContain('舞钢市');
    }
  });

  it('escapes names in pie charts and in series names', () => {
    const svg = pieChartSvg({
      items: [
        { name: EVIL, value: 5 },
        { name: '制造业', value: 3 },
      ],
    });
    expectSafe(svg);
    expect(svg).toContain('&lt;script&gt;');
    const legend = barChartSvg({
      categories: ['a'],
      series: [
        { name: EVIL, values: [1] },
        { name: 'b', values: [2] },
      ],
      unit: '万元',
    });
    expectSafe(legend);
    expect(legend).toContain('&lt;script&gt;');
  });

  it('draws the dashboard charts of the breakdowns that have figures, with names escaped', () => {
    const data = {
      viewer: 'organizer',
      filters: {},
      breakdowns: {
        month: [row('2026-01', 300_000_000, 100_000_000), row('2026-02', 5_000_000)],
        district: [row('舞钢市', 305_000_000)],
        bank: [row(EVIL, 300_000_000), row('中国银行平顶山分行', 5_000_000)],
        event: [],
        industry: [row('C 制造业', 305_000_000)],
        category: [],
      },
    } as unknown as DashboardData;
    const charts = dashboardCharts(data, 'zh-CN');
    expect(charts.map((c) => c.id)).toEqual(['month', 'district', 'bank', 'industry']);
    for (const c of charts) expectSafe(chartSvg(c.live));
    expect(chartSvg(charts.find((c) => c.id === 'bank')!.live)).toContain('&lt;script&gt;');
    expect(chartSvg(charts.find((c) => c.id === 'month')!.live)).toContain('2026-01');
  });

  it('puts every month on the axis, plots 亿元 when amounts are large, and links districts and banks (decision 030f)', () => {
    const data = {
      viewer: 'organizer',
      filters: { from: '2025-12' },
      breakdowns: {
        month: [row('2026-01', 300_000_000, 100_000_000), row('2026-03', 5_000_000)],
        district: [{ ...row('舞钢市', 5_000_000), key: '410481' }],
        bank: [{ ...row('中国银行平顶山分行', 5_000_000), key: 'bank0001' }],
        event: [],
        industry: [],
        category: [],
      },
    } as unknown as DashboardData;
    const charts = dashboardCharts(data, 'zh-CN');
    const month = charts.find((c) => c.id === 'month')!;
    const axis = (month.live.option.xAxis as { data: string[] }).data;
    expect(axis).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    expect(month.live.unit).toBe('亿元');
    expect((month.live.option.series as { data: number[] }[])[0].data).toEqual([0, 3, 0, 0.05]);
    expect(month.live.links[1]).toBe('/dashboard?from=2026-01&to=2026-01');
    const district = charts.find((c) => c.id === 'district')!;
    expect(district.live.unit).toBe('万元');
    expect(district.live.links).toEqual(['/dashboard?from=2025-12&district=410481']);
    expect(charts.find((c) => c.id === 'bank')!.live.links).toEqual(['/agreements?bank=bank0001']);
  });

  it('plots 万元 with the shared rounding rule', () => {
    expect(wanValue(317_700_000)).toBe(31_770);
    expect(wanValue(12_345_678)).toBe(1_234.57);
    expect(wanValue(5_000)).toBe(0.5);
    expect(wanValue(49)).toBe(0);
    expect(wanValue(50)).toBe(0.01);
  });
});
