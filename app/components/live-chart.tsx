/**
 * A dashboard chart that becomes explorable in the browser (decisions 030f, 036h):
 * the page carries the server-drawn SVG (print, export, no JavaScript); once
 * hydrated, ECharts is loaded lazily (a chunk of our own bundle: the CSP's
 * script-src 'self' holds) and draws the same option with tooltips, toggling
 * legends, zoom on the month axis and click-through links. The SVG stays for
 * print (`print:block`).
 *
 * The chart is drawn into an element that already has its on-screen size (laid
 * out but invisible until ECharts is up): drawn into a `display: none` element
 * ECharts measures 0 × 0 and no pointer event ever lands on a bar (decision 036h).
 */
import { useNavigate } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useLateMarkup } from '~/utils/late-markup';

export interface LiveChartSpec {
  option: Record<string, unknown>;
  width: number;
  height: number;
  unit: string;
  kind: 'bar' | 'pie';
  links: (string | null)[];
  /** a month axis: zoom with the wheel or the slider below it */
  zoom?: boolean;
}

/** What a chart's element carries once drawn, for the browser tests (pixel positions of data points). */
export interface ChartHandle {
  convertToPixel: (finder: Record<string, number>, value: (number | string)[]) => number[];
  getOption: () => Record<string, unknown>;
}

export function LiveChart({ id, svg, live, label }: { id: string; svg: string; live: LiveChartSpec; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const navigate = useNavigate();
  // on the server the SVG joins the page's bytes after the render (app/utils/late-markup.ts)
  const late = useLateMarkup();

  useEffect(() => {
    let disposed = false;
    let chart: { dispose: () => void; resize: () => void } | null = null;
    const onResize = () => chart?.resize();
    void import('echarts').then((echarts) => {
      const el = host.current;
      if (disposed || !el) return;
      const c = echarts.init(el, null, { renderer: 'svg', height: live.height });
      const fmt = (v: unknown) =>
        `${typeof v === 'number' ? v.toLocaleString('zh-CN', { maximumFractionDigits: 2 }) : String(v)} ${live.unit}`;
      const option = live.option as Record<string, unknown> & { legend?: Record<string, unknown>; grid?: Record<string, unknown> };
      c.setOption({
        color: ['#1d4ed8', '#15803d', '#b45309', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a16207', '#475569', '#c2410c'],
        textStyle: {
          fontFamily: 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, Noto Sans SC, sans-serif',
          fontSize: 12,
          color: '#334155',
        },
        ...option,
        legend: option.legend ? { ...option.legend, selectedMode: true } : undefined,
        tooltip:
          live.kind === 'pie'
            ? { trigger: 'item', valueFormatter: fmt, confine: true, transitionDuration: 0 }
            : { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt, confine: true, transitionDuration: 0 },
        ...(live.zoom
          ? {
              grid: { ...option.grid, bottom: 44 },
              dataZoom: [
                { type: 'inside', xAxisIndex: 0, filterMode: 'filter' },
                { type: 'slider', xAxisIndex: 0, height: 18, bottom: 6, filterMode: 'filter', labelFormatter: '' },
              ],
            }
          : {}),
      });
      c.on('click', (p: { dataIndex?: number; componentType?: string }) => {
        const href = p.componentType === 'series' && p.dataIndex != null ? live.links[p.dataIndex] : null;
        if (href) navigate(href);
      });
      // a click on the category label of a bar (or beside a short bar) works too
      c.getZr().on('click', (e: { offsetX: number; offsetY: number; target?: unknown }) => {
        if (e.target || live.kind !== 'bar') return;
        const horizontal = (option.yAxis as { type?: string } | undefined)?.type === 'category';
        const point = c.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY]) as number[] | undefined;
        const index = point ? Math.round(horizontal ? point[1] : point[0]) : -1;
        const href = live.links[index];
        if (href && c.containPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY])) navigate(href);
      });
      (el as HTMLDivElement & { chart?: ChartHandle }).chart = c as unknown as ChartHandle;
      chart = c;
      window.addEventListener('resize', onResize);
      setReady(true);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [live, navigate]);

  return (
    <div className="relative">
      <div
        role="img"
        aria-label={label}
        aria-hidden={ready ? true : undefined}
        data-testid={`chart-svg-${id}`}
        className={`w-full max-w-full overflow-hidden [&_svg]:h-auto [&_svg]:max-w-full [&_svg]:w-full ${ready ? 'hidden print:block' : ''}`}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered ECharts SVG (charts.server.ts): no script, names escaped by ECharts
        dangerouslySetInnerHTML={{ __html: late(svg) }}
      />
      <div
        ref={host}
        data-testid={`chart-live-${id}`}
        data-ready={ready ? 'true' : undefined}
        role="img"
        aria-label={label}
        aria-hidden={ready ? undefined : true}
        // laid out at its width before ECharts draws (invisible, over the SVG), never display:none
        className={ready ? 'w-full cursor-pointer print:hidden' : 'invisible absolute inset-x-0 top-0 w-full print:hidden'}
        style={{ height: live.height }}
      />
    </div>
  );
}
