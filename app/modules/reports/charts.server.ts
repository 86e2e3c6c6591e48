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
import { createRequire } from 'node:module';
import type * as ECharts from 'echarts/core';
import type { Locale } from '~/i18n/locale';
import { CHART_FONT, drawSvg, type SvgDrawer } from '~/components/chart-style';
import { makeTranslator } from '~/i18n/translate';
import type { JsonValue } from '~/utils/page-json.server';
import { toWan, toYi2, YUAN_PER_YI } from '~/utils/money';
import type { DashboardData, FigureRow } from './dashboard.server';
import { nextMonth } from './ranking-month';

const require = createRequire(import.meta.url);
let loaded: typeof ECharts | null = null;

/** ECharts, required on the first chart a process draws: its ~0.6 s load was paid by every server start (decision 036i). */
function echarts(): typeof ECharts {
  if (!loaded) {
    const core = require('echarts/core') as typeof ECharts;
    const { BarChart, PieChart } = require('echarts/charts') as typeof import('echarts/charts');
    const { GridComponent, LegendComponent } = require('echarts/components') as typeof import('echarts/components');
    const { SVGRenderer } = require('echarts/renderers') as typeof import('echarts/renderers');
    core.use([BarChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);
    loaded = core;
  }
  return loaded;
}

const FONT = CHART_FONT;

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

function render(option: ECharts.EChartsCoreOption, width: number, height: number): string {
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

function draw(option: ECharts.EChartsCoreOption, width: number, height: number): string {
  return drawSvg(echarts() as unknown as SvgDrawer, option as Record<string, unknown>, width, height);
}

/** The SVG of a dashboard chart (its `live` option and size): drawn into the page's markup on the server, not sent as data (decision 038b). */
export function chartSvg(chart: { option: ChartOption; width: number; height: number }): string {
  return render(chart.option, chart.width, chart.height);
}

/** The option a chart was drawn with, for the browser to draw it again interactively (no functions: plain JSON). */
export type ChartOption = { [key: string]: JsonValue };

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
  const { option, width, height } = barChart(spec);
  return render(option, width, height);
}

export function barChart(spec: BarSpec): { option: ChartOption; width: number; height: number } {
  const width = spec.width ?? 640;
  const legend = spec.series.length > 1;
  const top = legend ? 36 : 16;
  if (spec.horizontal) {
    const height = top + 40 + spec.categories.length * (14 + 10 * spec.series.length);
    return {
      option: {
        legend: legend ? { top: 4, textStyle: { fontFamily: FONT } } : undefined,
        grid: { left: 8, right: 40, top, bottom: 28, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
        xAxis: { type: 'value', name: spec.unit, nameLocation: 'end', nameGap: 4, axisLabel: { hideOverlap: true } },
        yAxis: { type: 'category', inverse: true, data: spec.categories, axisLabel: { width: 150, overflow: 'truncate', interval: 0 } },
        series: spec.series.map((s) => ({ type: 'bar', name: s.name, data: s.values, barMaxWidth: 18 })),
      },
      width,
      height,
    };
  }
  return {
    option: {
      legend: legend ? { top: 4, textStyle: { fontFamily: FONT } } : undefined,
      grid: { left: 8, right: 16, top: top + 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      // every month on the axis: no label is dropped (rotated when many)
      xAxis: { type: 'category', data: spec.categories, axisLabel: { interval: 0, rotate: spec.categories.length > 8 ? 45 : 0 } },
      yAxis: { type: 'value', name: spec.unit, nameGap: 8 },
      series: spec.series.map((s) => ({ type: 'bar', name: s.name, data: s.values, barMaxWidth: 24 })),
    },
    width,
    height: 320,
  };
}

export interface PieSpec {
  items: { name: string; value: number }[];
  width?: number;
}

export function pieChartSvg(spec: PieSpec): string {
  const { option, width, height } = pieChart(spec);
  return render(option, width, height);
}

export function pieChart(spec: PieSpec): { option: ChartOption; width: number; height: number } {
  const width = spec.width ?? 640;
  return {
    option: {
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
    height: 320,
  };
}

export interface DashboardChart {
  /** the breakdown it shows: month, district, bank, event, industry, category */
  id: string;
  /** i18n key of its title; its `{unit}` is the value unit (万元 or 亿元) */
  titleKey: string;
  /**
   * the chart (decision 030f): its option, size, value unit and click-through links by category; the SVG is
   * drawn from it into the markup (chartSvg), the browser draws it again interactively
   */
  live: {
    option: ChartOption;
    width: number;
    height: number;
    unit: string;
    kind: 'bar' | 'pie';
    links: (string | null)[];
    /** the month axis: zoom in the browser */
    zoom?: boolean;
  };
}

/** Top `n` rows by signed amount, the rest summed into one "others" row. */
function top(
  rows: FigureRow[],
  n: number,
  others: string,
): { key: string | null; label: string; signedAmount: number; disbursedAmount: number }[] {
  const sorted = [...rows].sort((a, b) => b.signedAmount - a.signedAmount);
  const head = sorted
    .slice(0, n)
    .map((r) => ({ key: r.key, label: r.label, signedAmount: r.signedAmount, disbursedAmount: r.disbursedAmount }));
  const rest = sorted.slice(n);
  if (rest.length) {
    head.push({
      key: null,
      label: others,
      signedAmount: rest.reduce((s, r) => s + r.signedAmount, 0),
      disbursedAmount: rest.reduce((s, r) => s + r.disbursedAmount, 0),
    });
  }
  return head;
}

/** 亿元 when the largest plotted amount reaches 1亿 (decision 030f), else 万元; values exact from 元, two decimals. */
function amountScale(t: (k: string) => string, yuans: number[]): { unit: string; value: (yuan: number) => number } {
  const max = Math.max(0, ...yuans);
  if (max >= YUAN_PER_YI) return { unit: t('dashboard.unit.yi'), value: (y) => Number(toYi2(y).replace(/,/g, '')) };
  return { unit: t('dashboard.unit.wan'), value: wanValue };
}

/** Every month from the first to the last (the filter's period when given), empty ones included. */
export function everyMonth(rows: FigureRow[], from?: string, to?: string): FigureRow[] {
  const first = from ?? rows[0]?.key ?? null;
  const last = to ?? rows.at(-1)?.key ?? null;
  if (!first || !last || first > last) return rows;
  const known = new Map(rows.map((r) => [r.key, r]));
  const out: FigureRow[] = [];
  for (let m = first; m <= last && out.length < 240; m = nextMonth(m)) {
    out.push(
      known.get(m) ?? {
        key: m,
        label: m,
        signedCount: 0,
        signedAmount: 0,
        approvedCount: 0,
        approvedAmount: 0,
        disbursedCount: 0,
        disbursedAmount: 0,
        terminatedCount: 0,
        terminatedAmount: 0,
        fulfilmentBp: null,
      },
    );
  }
  return out;
}

/** The charts of a dashboard (only breakdowns with figures). */
export function dashboardCharts(data: Pick<DashboardData, 'breakdowns' | 'filters' | 'viewer'>, locale: Locale): DashboardChart[] {
  const t = makeTranslator(locale);
  const signed = t('dashboard.col.signedAmount');
  const approved = t('dashboard.col.approvedAmount');
  const disbursed = t('dashboard.col.disbursedAmount');
  const others = t('dashboard.chart.others');
  const charts: DashboardChart[] = [];
  const b = data.breakdowns;
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...data.filters, ...extra })) if (v) p.set(k, String(v));
    return p.toString();
  };

  if (b.month.length) {
    const months = everyMonth(b.month, data.filters.from, data.filters.to);
    const scale = amountScale(
      t,
      months.map((r) => r.signedAmount),
    );
    const chart = barChart({
      categories: months.map((r) => r.label),
      series: [
        { name: signed, values: months.map((r) => scale.value(r.signedAmount)) },
        { name: approved, values: months.map((r) => scale.value(r.approvedAmount)) },
        { name: disbursed, values: months.map((r) => scale.value(r.disbursedAmount)) },
      ],
      unit: scale.unit,
    });
    charts.push({
      id: 'month',
      titleKey: 'dashboard.chart.month',
      // a month → the dashboard of that month
      live: {
        ...chart,
        unit: scale.unit,
        kind: 'bar',
        links: months.map((r) => `/dashboard?${query({ from: r.key!, to: r.key! })}`),
        zoom: months.length > 1,
      },
    });
  }
  const horizontal = (id: 'district' | 'bank' | 'event', rows: FigureRow[]) => {
    if (!rows.some((r) => r.signedAmount > 0)) return;
    const shown = top(
      rows.filter((r) => r.signedAmount > 0),
      10,
      others,
    );
    const scale = amountScale(
      t,
      shown.map((r) => r.signedAmount),
    );
    const chart = barChart({
      horizontal: true,
      categories: shown.map((r) => r.label),
      series: [
        { name: signed, values: shown.map((r) => scale.value(r.signedAmount)) },
        { name: disbursed, values: shown.map((r) => scale.value(r.disbursedAmount)) },
      ],
      unit: scale.unit,
    });
    // click-through: a district → its banks (the dashboard narrowed to it); a bank → its agreements
    const link = (key: string | null): string | null => {
      if (!key) return null;
      if (id === 'district') return `/dashboard?${query({ district: key })}`;
      if (id === 'bank' && data.viewer === 'organizer') {
        const p = new URLSearchParams({ bank: key });
        if (data.filters.district) p.set('district', data.filters.district);
        return `/agreements?${p}`;
      }
      if (id === 'event') return `/dashboard?${query({ event: key })}`;
      return null;
    };
    charts.push({
      id,
      titleKey: `dashboard.chart.${id}`,
      live: { ...chart, unit: scale.unit, kind: 'bar', links: shown.map((r) => link(r.key)) },
    });
  };
  horizontal('district', b.district);
  horizontal('bank', b.bank);
  horizontal('event', b.event);
  for (const id of ['industry', 'category'] as const) {
    const rows = b[id].filter((r) => r.signedAmount > 0);
    if (!rows.length) continue;
    const shown = top(rows, 8, others);
    const scale = amountScale(
      t,
      shown.map((r) => r.signedAmount),
    );
    const chart = pieChart({ items: shown.map((r) => ({ name: r.label, value: scale.value(r.signedAmount) })) });
    charts.push({
      id,
      titleKey: `dashboard.chart.${id}`,
      live: { ...chart, unit: scale.unit, kind: 'pie', links: shown.map(() => null) },
    });
  }
  return charts;
}
