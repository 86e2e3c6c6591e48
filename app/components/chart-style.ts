/**
 * What a dashboard chart's SVG is drawn with besides its own option: the palette,
 * the font and no animation. The server draws the SVG of the page's markup with it
 * (charts.server.ts); after a client navigation the browser draws the same SVG
 * (routes/dashboard.tsx, clientLoader) — the SVG travels once, in the markup, never
 * in the loader data (decision 038b).
 */
export const CHART_FONT = 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, Noto Sans SC, sans-serif';
/** brand blue, green, amber: distinguishable and dark enough on white */
export const CHART_PALETTE = ['#1d4ed8', '#15803d', '#b45309', '#7c3aed', '#be123c', '#0e7490', '#4d7c0f', '#a16207', '#475569', '#c2410c'];

/** A chart's option as the SVG is drawn from it. */
export function svgOption(option: Record<string, unknown>): Record<string, unknown> {
  return { animation: false, color: CHART_PALETTE, textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: '#334155' }, ...option };
}

/** The minimum of ECharts that draws an SVG string (`ssr: true`): the server's echarts/core, the browser's lazily loaded bundle. */
export interface SvgDrawer {
  init: (
    dom: null,
    theme: null,
    opts: { renderer: 'svg'; ssr: true; width: number; height: number },
  ) => { setOption: (option: Record<string, unknown>) => void; renderToSVGString: () => string; dispose: () => void };
}

export function drawSvg(echarts: SvgDrawer, option: Record<string, unknown>, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(svgOption(option));
    return compactSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** The style ECharts writes on every text of the chart (the option's textStyle): about a fifth of a chart's markup. */
const TEXT_STYLE = ` style="font-size:12px;font-family:${CHART_FONT};"`;

/**
 * The same drawing with the texts' common font written once, on the root element, which
 * every text inherits it from (a text with another size or font keeps its own style).
 */
export function compactSvg(svg: string): string {
  if (!svg.startsWith('<svg ') || !svg.includes(TEXT_STYLE)) return svg;
  return `<svg style="font-size:12px;font-family:${CHART_FONT}" ${svg.slice(5).split(TEXT_STYLE).join('')}`;
}
