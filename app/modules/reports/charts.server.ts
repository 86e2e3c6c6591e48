/**
 * Dashboard charts rendered on the server as SVG with Apache ECharts
 * (`ssr: true`, SVG renderer): the page embeds the markup, no chart script runs in
 * the browser, so nothing needs a CSP exception (inline `style` attributes are
 * allowed by the policy; there is no script and no event handler in the output).
 * ECharts escapes text it writes into the SVG (names come from user data).
 *
 * Amounts are plotted in 万元, converted from integer 元 with the shared rounding
 * rule (~/utils/money, 2 decimals) — display only, never added up again.
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Locale } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';
import { toWan } from '~/utils/money';
import type { DashboardData, FigureRow } from './dashboard.server';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

const FONT = 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, Noto Sans SC, sans-serif';
/** brand blue, green, amber: distinguishable and dark enough on white */
const PALETTE = ['#1d4ed8', '#15803d', '#b45309', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a16207', '#475569', '#c2410c'];

/** 元 → 万元 as a plotted number (2 decimals, half up). */
export function wanValue(yuan: number): number {
  return Number(toWan(yuan, 2).replace(/,/g, ''));
}

/*
 * A chart's SVG is a pure function of its option and size, and drawing one costs
 * 10–30 ms of CPU: the same figures (every organizer of a region, or one user
 * reloading) are drawn once per process and kept, the most recent 200 charts.
 */
const drawn = new Map<string, string>();
const DRAWN_MAX = 200;

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const key = `${width}x${height}:${JSON.stringify(option)}`;
  const known = drawn.get(key);
  if (known !== undefined) {
    drawn.delete(key);
    drawn.set(key, known);
    return known;
  }
  const svg = draw(option, width, height);
  drawn.set(key, svg);
  if (drawn.size > DRAWN_MAX) drawn.delete(drawn.keys().next().value!);
  return svg;
}

function draw(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT, fontSize: 12, color: '#334155' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface BarSpec {
  categories: string[];
  series: { name: string; values: number[] }[];
  /** bars grow to the right, categories listed top-down (long names: banks, events) */
  horizontal?: boolean;
  /** axis name, e.g. 万元 */
  unit: string;
  width?: number;
}

export function barChartSvg(spec: BarSpec): string {
  const width = spec.width ?? 640;
  const legend = spec.series.length > 1;
  const top = legend ? 36 : 16;
  if (spec.horizontal) {
    const height = top + 40 + spec.categories.length * (14 + 10 * spec.series.length);
    return render(
      {
        legend: legend ? { top: 4, textStyle: { fontFamily: FONT } } : undefined,
        grid: { left: 8, right: 40, top, bottom: 28, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
        xAxis: { type: 'value', name: spec.unit, nameLocation: 'end', nameGap: 4, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'category', inverse: true, data: spec.categories, axisLabel: { width: 150, overflow: 'truncate', interval: 0 } },
        series: spec.series.map((s) => ({ type: 'bar', name: s.name, data: s.values, barMaxWidth: 18 })),
      },
      width,
      height,
    );
  }
  return render(
    {
      legend: legend ? { top: 4, textStyle: { fontFamily: FONT } } : undefined,
      grid: { left: 8, right: 16, top: top + 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      xAxis: { type: 'category', data: spec.categories, axisLabel: { hideOverlap: true, rotate: spec.categories.length > 8 ? 45 : 0 } },
      yAxis: { type: 'value', name: spec.unit, nameGap: 8 },
      series: spec.series.map((s) => ({ type: 'bar', name: s.name, data: s.values, barMaxWidth: 24 })),
    },
    width,
    320,
  );
}

export interface PieSpec {
  items: { name: string; value: number }[];
  width?: number;
}

export function pieChartSvg(spec: PieSpec): string {
  const width = spec.width ?? 640;
  return render(
    {
      series: [
        {
          type: 'pie',
          radius: ['35%', '62%'],
          center: ['50%', '52%'],
          data: spec.items,
          label: { formatter: '{b}', overflow: 'truncate', width: 140 },
          // tiny slices get no label (the table below lists every line)
          minShowLabelAngle: 6,
          labelLine: { length: 8, length2: 8 },
        },
      ],
    },
    width,
    320,
  );
}

export interface DashboardChart {
  /** the breakdown it shows: month, district, bank, event, industry, category */
  id: string;
  /** i18n key of its title */
  titleKey: string;
  svg: string;
}

/** Top `n` rows by signed amount, the rest summed into one "others" row. */
function top(rows: FigureRow[], n: number, others: string): { label: string; signedAmount: number; disbursedAmount: number }[] {
  const sorted = [...rows].sort((a, b) => b.signedAmount - a.signedAmount);
  const head = sorted.slice(0, n).map((r) => ({ label: r.label, signedAmount: r.signedAmount, disbursedAmount: r.disbursedAmount }));
  const rest = sorted.slice(n);
  if (rest.length) {
    head.push({
      label: others,
      signedAmount: rest.reduce((s, r) => s + r.signedAmount, 0),
      disbursedAmount: rest.reduce((s, r) => s + r.disbursedAmount, 0),
    });
  }
  return head;
}

/** The charts of a dashboard (only breakdowns with figures). */
export function dashboardCharts(data: DashboardData, locale: Locale): DashboardChart[] {
  const t = makeTranslator(locale);
  const unit = t('dashboard.unit.wan');
  const signed = t('dashboard.col.signedAmount');
  const approved = t('dashboard.col.approvedAmount');
  const disbursed = t('dashboard.col.disbursedAmount');
  const others = t('dashboard.chart.others');
  const charts: DashboardChart[] = [];
  const b = data.breakdowns;

  if (b.month.length) {
    charts.push({
      id: 'month',
      titleKey: 'dashboard.chart.month',
      svg: barChartSvg({
        categories: b.month.map((r) => r.label),
        series: [
          { name: signed, values: b.month.map((r) => wanValue(r.signedAmount)) },
          { name: approved, values: b.month.map((r) => wanValue(r.approvedAmount)) },
          { name: disbursed, values: b.month.map((r) => wanValue(r.disbursedAmount)) },
        ],
        unit,
      }),
    });
  }
  const horizontal = (id: 'district' | 'bank' | 'event', rows: FigureRow[]) => {
    if (!rows.some((r) => r.signedAmount > 0)) return;
    const shown = top(
      rows.filter((r) => r.signedAmount > 0),
      10,
      others,
    );
    charts.push({
      id,
      titleKey: `dashboard.chart.${id}`,
      svg: barChartSvg({
        horizontal: true,
        categories: shown.map((r) => r.label),
        series: [
          { name: signed, values: shown.map((r) => wanValue(r.signedAmount)) },
          { name: disbursed, values: shown.map((r) => wanValue(r.disbursedAmount)) },
        ],
        unit,
      }),
    });
  };
  horizontal('district', b.district);
  horizontal('bank', b.bank);
  horizontal('event', b.event);
  for (const id of ['industry', 'category'] as const) {
    const rows = b[id].filter((r) => r.signedAmount > 0);
    if (!rows.length) continue;
    charts.push({
      id,
      titleKey: `dashboard.chart.${id}`,
      svg: pieChartSvg({ items: top(rows, 8, others).map((r) => ({ name: r.label, value: wanValue(r.signedAmount) })) }),
    });
  }
  return charts;
}
