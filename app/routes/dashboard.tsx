import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node';
import { type ClientLoaderFunctionArgs, Form, useLoaderData, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { AdvisorKpiCard } from '~/components/advisor-kpis';
import { ErrorView } from '~/components/error-view';
import { FieldErrors, GroupedOptions } from '~/components/form';
import { DataTable, type Column } from '~/components/table';
import { Link } from '~/components/link';
import { LiveChart } from '~/components/live-chart';
import { TargetProgressTable } from '~/components/target-progress';
import { FollowThroughSection } from '~/components/follow-through';
import { Alert, Button, Card, LinkButton, PageHeader, Stat, buttonClass, cx } from '~/components/ui';
import { localeFromRequest } from '~/i18n/locale';
import { useLocale, useT } from '~/i18n/use-t';
import { dashboardAdvisorKpis } from '~/modules/advisors/advisors.server';
import { drawSvg, type SvgDrawer } from '~/components/chart-style';
// on the server it draws a chart's SVG into the markup; in the browser build it is an empty module (never called there)
import { chartSvg, dashboardCharts, type DashboardChart } from '~/modules/reports/charts.server';
import {
  dashboardFilters,
  dashboardOptions,
  loadDashboardView,
  requireDashboardViewer,
  type FigureRow,
} from '~/modules/reports/dashboard.server';
import { formatChangeBp } from '~/modules/reports/comparison';
import { DASHBOARD_VIEWS, dashboardView, type DashboardView } from '~/modules/reports/dashboard-views';
import type { ComparedFigure } from '~/modules/reports/headline.server';
import { formatPercentBp, formatPointsBp } from '~/modules/reports/ranking-month';
import { POLICY_TOOLS } from '~/modules/catalog/codes';
import { getDb } from '~/utils/db.server';
import { isAppError } from '~/utils/errors';
import { pageTitle } from '~/utils/meta';
import { pageJson } from '~/utils/page-json.server';
import { formatTotal, toWan } from '~/utils/money';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'dashboard.title');

/**
 * The bank table lists every bank serving the region (50 and more in a city): the page
 * shows the largest by signed amount and the rest on demand (`?banks=all`, a plain link
 * that works without JavaScript); a few more than that are shown whole. The exports
 * always list every bank.
 */
const BANK_ROWS = 10;
const BANK_SLACK = 5;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireDashboardViewer({ request, context });
  const url = new URL(request.url);
  const locale = localeFromRequest(request);
  const db = await getDb();
  // the page of the dashboard (decision 044a): each reads and sends only its own figures
  const view = dashboardView(url.searchParams.get('view'), viewer.kind);
  const typed = {
    from: url.searchParams.get('from') ?? '',
    to: url.searchParams.get('to') ?? '',
    district: url.searchParams.get('district') ?? '',
    event: url.searchParams.get('event') ?? '',
  };
  try {
    const data = await loadDashboardView(db, viewer, dashboardFilters(url.searchParams), locale, view);
    // 金融顾问 (decision 037b): organizers only
    const advisors =
      view === 'work' && viewer.kind === 'organizer' ? await dashboardAdvisorKpis(db, viewer.regionCode, data.filters) : null;
    // the overview's charts are drawn from every row (its breakdowns are not sent: only the charts show them);
    // the tables show the top banks unless asked for all (decision 039b)
    const { options, filters, filterLabels: _labels, viewer: _viewer, breakdowns, ...shown } = data;
    const charts = view === 'overview' && breakdowns ? dashboardCharts({ breakdowns, filters, viewer: viewer.kind }, locale) : [];
    const bankCount = breakdowns?.bank.length ?? 0;
    const allBanks = url.searchParams.get('banks') === 'all' || bankCount <= BANK_ROWS + BANK_SLACK;
    const tables =
      view === 'tables' && breakdowns ? (allBanks ? breakdowns : { ...breakdowns, bank: breakdowns.bank.slice(0, BANK_ROWS) }) : null;
    // loader data Remix need not parse back before the render (decision 040c)
    return pageJson({
      view,
      typed,
      errors: {} as Record<string, string[] | null>,
      data: { ...shown, breakdowns: tables, bankCount },
      charts,
      advisors,
      options,
      viewer: viewer.kind,
      scopeName: data.scopeName,
    });
  } catch (e) {
    // bad filters are shown beside the filter form, with what was typed
    if (!isAppError(e) || !e.fieldErrors) throw e;
    const scopeName = viewer.kind === 'organizer' ? null : viewer.bankName;
    return pageJson(
      {
        view,
        typed,
        errors: e.fieldErrors,
        data: null,
        charts: [],
        advisors: null,
        options: await dashboardOptions(db, viewer),
        viewer: viewer.kind,
        scopeName,
      },
      { status: e.status },
    );
  }
}

/**
 * A client navigation (the filter form, a chart's click-through): the charts' SVG is not in
 * the loader data (decision 038b), so the browser draws it from the same option before the
 * page shows, as the server draws it into the markup of a page load.
 */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  // ECharts (the chunk the live charts load anyway) arrives while the data is fetched
  const [data, echarts] = await Promise.all([serverLoader<typeof loader>(), import('echarts') as unknown as Promise<SvgDrawer>]);
  const charts = data.charts as SerializeFrom<DashboardChart>[];
  if (!charts.length) return data;
  return {
    ...data,
    charts: charts.map((c) => ({ ...c, svg: drawSvg(echarts, c.live.option, c.live.width, c.live.height) })),
  };
}

/**
 * A chart's SVG: drawn in the browser after a client navigation (clientLoader); else drawn
 * by the server into the markup, and on hydration kept as the markup holds it.
 */
function chartMarkup(c: Pick<DashboardChart, 'id' | 'live'> & { svg?: string }): string {
  if (c.svg !== undefined) return c.svg;
  if (typeof document === 'undefined') return chartSvg(c.live);
  return document.querySelector(`[data-testid="chart-svg-${c.id}"]`)?.innerHTML ?? '';
}

const INPUT =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700 aria-[invalid=true]:ring-red-600';

function Filter({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[] | null;
  children: ReactNode;
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={`${id}-error`} errors={errors ?? undefined} />
    </div>
  );
}

const wan = (yuan: number) => toWan(yuan);

export default function DashboardPage() {
  const t = useT();
  const locale = useLocale();
  const { view, typed, errors, data, charts, advisors, options, viewer, scopeName } = useLoaderData<typeof loader>() as SerializeFrom<
    typeof loader
  > & { charts: (SerializeFrom<DashboardChart> & { svg?: string })[] };
  const { search } = useLocation();
  // the page's own figures (the loader reads only what its view shows)
  const overview = data && view === 'overview' ? (data as Overview) : null;
  const tableRows = data && view === 'tables' ? data.breakdowns : null;
  const err = (name: string) => (errors as Record<string, string[] | null>)[name] ?? null;
  const describedBy = (name: string, hint?: boolean) =>
    [hint ? `${name}-hint` : '', err(name) ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  const subtitle = data
    ? viewer === 'organizer'
      ? t('dashboard.subtitle.organizer', { region: data.scopeName })
      : t('dashboard.subtitle.bank', { bank: data.scopeName })
    : (scopeName ?? undefined);

  const figureColumns = (by: keyof NonNullable<NonNullable<typeof data>['breakdowns']>): Column<FigureRow>[] => [
    { key: 'label', header: t(`dashboard.col.${by}`), cell: (r) => <span className="inline-block min-w-[7rem]">{r.label}</span> },
    { key: 'count', header: t('dashboard.col.signedCount'), align: 'right', cell: (r) => r.signedCount },
    {
      key: 'signed',
      header: `${t('dashboard.col.signedAmount')}${t('dashboard.unit.wanParen')}`,
      align: 'right',
      cell: (r) => wan(r.signedAmount),
    },
    {
      key: 'approved',
      header: `${t('dashboard.col.approvedAmount')}${t('dashboard.unit.wanParen')}`,
      align: 'right',
      cell: (r) => wan(r.approvedAmount),
    },
    {
      key: 'disbursed',
      header: `${t('dashboard.col.disbursedAmount')}${t('dashboard.unit.wanParen')}`,
      align: 'right',
      cell: (r) => wan(r.disbursedAmount),
    },
    { key: 'fulfilment', header: t('dashboard.col.fulfilment'), align: 'right', cell: (r) => formatPercentBp(r.fulfilmentBp) },
    { key: 'terminated', header: t('dashboard.col.terminated'), align: 'right', cell: (r) => r.terminatedCount },
    ...(by === 'bank'
      ? ([
          { key: 'response', header: t('dashboard.col.response'), align: 'right', cell: (r) => formatPercentBp(r.response?.rateBp) },
          {
            key: 'pairs',
            header: t('dashboard.col.responsePairs'),
            align: 'right',
            cell: (r) => `${r.response?.answered ?? 0}/${r.response?.eligible ?? 0}`,
          },
        ] satisfies Column<FigureRow>[])
      : []),
  ];

  return (
    <div className="space-y-6">
      <PageHeader
        title={t('dashboard.title')}
        subtitle={subtitle}
        actions={
          data ? (
            <>
              <a href={`/dashboard.xlsx${filterQuery(search)}`} className={buttonClass('secondary')} download>
                {t('dashboard.export.xlsx')}
              </a>
              <a href={`/dashboard.csv${filterQuery(search)}`} className={buttonClass('secondary')} download>
                {t('dashboard.export.csv')}
              </a>
            </>
          ) : null
        }
      />

      <DashboardTabs view={view} viewer={viewer} search={search} />

      <Card title={t('dashboard.filter.label')}>
        <Form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5" noValidate>
          <Filter id="from" label={t('dashboard.filter.from')} hint={t('dashboard.filter.monthHint')} errors={err('from')}>
            <input
              id="from"
              name="from"
              type="month"
              defaultValue={typed.from}
              placeholder="2026-01"
              aria-invalid={err('from') ? true : undefined}
              aria-describedby={describedBy('from', true)}
              className={INPUT}
            />
          </Filter>
          <Filter id="to" label={t('dashboard.filter.to')} hint={t('dashboard.filter.monthHint')} errors={err('to')}>
            <input
              id="to"
              name="to"
              type="month"
              defaultValue={typed.to}
              placeholder="2026-12"
              aria-invalid={err('to') ? true : undefined}
              aria-describedby={describedBy('to', true)}
              className={INPUT}
            />
          </Filter>
          <Filter id="district" label={t('dashboard.filter.district')} errors={err('district')}>
            <select
              id="district"
              name="district"
              defaultValue={typed.district}
              aria-invalid={err('district') ? true : undefined}
              aria-describedby={describedBy('district')}
              className={INPUT}
            >
              <GroupedOptions options={options.districts} empty={t('dashboard.filter.any')} />
            </select>
          </Filter>
          <Filter id="event" label={t('dashboard.filter.event')} errors={err('event')}>
            <select
              id="event"
              name="event"
              defaultValue={typed.event}
              aria-invalid={err('event') ? true : undefined}
              aria-describedby={describedBy('event')}
              className={INPUT}
            >
              <option value="">{t('dashboard.filter.any')}</option>
              {options.events.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </Filter>
          <div className="flex items-end gap-2">
            {/* the filters apply to the page shown */}
            {view !== 'overview' ? <input type="hidden" name="view" value={view} /> : null}
            <Button>{t('dashboard.filter.apply')}</Button>
            <LinkButton to={viewLink('', view)} variant="ghost">
              {t('dashboard.filter.reset')}
            </LinkButton>
          </div>
        </Form>
      </Card>

      {!data ? <Alert tone="error">{t('dashboard.err.fix')}</Alert> : null}

      {overview ? (
        <>
          <section aria-labelledby="dashboard-figures">
            <h2 id="dashboard-figures" className="sr-only">
              {t('dashboard.stat.label')}
            </h2>
            <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="dashboard-stats">
              {HEADLINES.map((h) => {
                const c = overview.comparison;
                const cur = c.current[h.figure];
                const rate = h.figure === 'fulfilmentBp' || h.figure === 'responseBp';
                const text = (v: number | null) =>
                  rate ? formatPercentBp(v) : h.amount ? formatTotal(v ?? 0, locale) : t('dashboard.stat.enterprises', { n: v ?? 0 });
                const change = (bp: number | null) =>
                  rate ? (bp == null ? '—' : t('dashboard.compare.points', { n: formatPointsBp(bp) })) : formatChangeBp(bp);
                return (
                  <Stat
                    key={h.figure}
                    label={t(h.label)}
                    value={
                      <Figure
                        main={h.main(overview, t, locale)}
                        sub={h.sub?.(overview, t)}
                        testId={h.testId}
                        compare={t('dashboard.compare.line', {
                          month: c.month,
                          value: text(cur),
                          mom: change(c.change[h.figure].mom),
                          yoy: change(c.change[h.figure].yoy),
                        })}
                      />
                    }
                  />
                );
              })}
            </dl>
          </section>

          {overview.totals.signedCount === 0 ? <Alert tone="info">{t('dashboard.empty')}</Alert> : null}
          {viewer === 'organizer' || overview.targets.rows.length ? (
            <section aria-labelledby="dashboard-targets" className="space-y-2" data-testid="dashboard-targets">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="dashboard-targets" className="text-lg font-semibold text-slate-900">
                  {t(viewer === 'organizer' ? 'targets.dashboard.title' : 'targets.dashboard.bankTitle')}
                </h2>
                {viewer === 'organizer' ? (
                  <a href="/organizer/targets" className="text-sm text-brand-800 underline">
                    {t('targets.dashboard.manage')}
                  </a>
                ) : null}
              </div>
              {overview.targets.rows.some((r) => r.behind) ? (
                <p className="text-sm font-medium text-red-800" data-testid="targets-behind">
                  {t('targets.dashboard.behindList', {
                    n: overview.targets.rows.filter((r) => r.behind).length,
                    list: [...new Set(overview.targets.rows.filter((r) => r.behind).map((r) => r.unitName))].join(
                      t('targets.dashboard.listSep'),
                    ),
                  })}
                </p>
              ) : null}
              <TargetProgressTable rows={overview.targets.rows} />
              <p className="text-xs text-slate-600">{t('targets.dashboard.note', { date: overview.targets.asOf })}</p>
            </section>
          ) : null}

          {charts.length ? (
            <section aria-labelledby="dashboard-charts" className="space-y-3">
              <h2 id="dashboard-charts" className="text-lg font-semibold text-slate-900">
                {t('dashboard.charts')}
              </h2>
              <p className="text-xs text-slate-600 print:hidden">{t('dashboard.chart.live')}</p>
              <div className="grid gap-4 lg:grid-cols-2">
                {charts.map((c) => (
                  <figure
                    key={c.id}
                    className="min-w-0 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
                    data-testid={`chart-${c.id}`}
                  >
                    <figcaption className="mb-2 text-sm font-semibold text-slate-900">{t(c.titleKey, { unit: c.live.unit })}</figcaption>
                    <LiveChart
                      id={c.id}
                      svg={chartMarkup(c)}
                      live={c.live}
                      label={t('dashboard.chart.alt', { title: t(c.titleKey, { unit: c.live.unit }) })}
                    />
                  </figure>
                ))}
              </div>
            </section>
          ) : null}
        </>
      ) : null}

      {data && view === 'work' ? (
        <>
          {data.pickup ? <PickupSection pickup={data.pickup} /> : null}

          {advisors ? <AdvisorKpiCard kpis={advisors.kpis} period={advisors.period} /> : null}

          {data.followThrough ? (
            <FollowThroughSection
              f={data.followThrough}
              dueDays={data.followThrough.dueDays}
              districtHref={(code) => districtLink(search, code)}
            />
          ) : null}
        </>
      ) : null}

      {data && tableRows ? (
        <>
          {data.totals.signedCount === 0 ? <Alert tone="info">{t('dashboard.empty')}</Alert> : null}
          <Card title={t('dashboard.policy.title')}>
            <p className="mb-2 text-sm text-slate-700">{t('dashboard.policy.lead')}</p>
            <div data-testid="table-policy">
              <DataTable
                caption={t('dashboard.policy.title')}
                rows={data.policies?.rows ?? []}
                rowKey={(r) => r.key ?? '∅'}
                empty={t('dashboard.empty')}
                columns={[
                  {
                    key: 'tool',
                    header: t('dashboard.policy.tool'),
                    cell: (r) => (r.key ? POLICY_TOOLS[r.key][locale === 'en' ? 1 : 0] : t('dashboard.policy.none')),
                  },
                  { key: 'count', header: t('dashboard.col.signedCount'), align: 'right', cell: (r) => r.count },
                  { key: 'signed', header: t('dashboard.col.signedAmount'), align: 'right', cell: (r) => formatTotal(r.signedAmount) },
                  {
                    key: 'approved',
                    header: t('dashboard.col.approvedAmount'),
                    align: 'right',
                    cell: (r) => formatTotal(r.approvedAmount),
                  },
                  {
                    key: 'disbursed',
                    header: t('dashboard.col.disbursedAmount'),
                    align: 'right',
                    cell: (r) => formatTotal(r.disbursedAmount),
                  },
                ]}
              />
            </div>
          </Card>

          <section aria-labelledby="dashboard-tables" className="space-y-4">
            <h2 id="dashboard-tables" className="text-lg font-semibold text-slate-900">
              {t('dashboard.tables')}
            </h2>
            {(['month', 'district', 'event', 'bank', 'industry', 'category'] as const)
              .filter((by) => !(by === 'bank' && viewer === 'bank'))
              .map((by) => (
                <Card key={by} title={t(`dashboard.section.${by}`)}>
                  <div data-testid={`table-${by}`} id={by === 'bank' ? 'banks' : undefined}>
                    <DataTable
                      caption={t(`dashboard.section.${by}`)}
                      rows={tableRows[by]}
                      rowKey={(r) => r.key ?? '∅'}
                      columns={figureColumns(by)}
                      empty={t('dashboard.empty')}
                    />
                  </div>
                  {by === 'bank' && data.bankCount > BANK_ROWS + BANK_SLACK ? (
                    <BankRowsNote shown={tableRows.bank.length} total={data.bankCount} search={search} />
                  ) : null}
                </Card>
              ))}
          </section>
        </>
      ) : null}

      {data && view !== 'work' ? (
        <Card title={t('dashboard.def.title')}>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="definitions">
            <li>{t('dashboard.def.counting')}</li>
            <li>{t('dashboard.def.fulfilment')}</li>
            <li>{t('dashboard.def.response')}</li>
            <li>{t('dashboard.def.rounding')}</li>
            <li>{t('dashboard.def.enterprises')}</li>
            <li>{t('dashboard.def.compare')}</li>
            {viewer === 'organizer' || data.targets?.rows.length ? <li>{t('targets.def')}</li> : null}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

const VIEW_LABELS: Record<DashboardView, string> = {
  overview: 'dashboard.view.overview',
  work: 'dashboard.view.work',
  tables: 'dashboard.view.tables',
};

/**
 * The dashboard's pages as tabs (decision 044a): plain links keeping the filters, the current
 * one marked; a bank has no 工作成效 (pickup and follow-through are the organizers').
 */
function DashboardTabs({ view, viewer, search }: { view: DashboardView; viewer: 'organizer' | 'bank'; search: string }) {
  const t = useT();
  const views = DASHBOARD_VIEWS.filter((v) => v !== 'work' || viewer === 'organizer');
  return (
    <nav
      aria-label={t('dashboard.view.label')}
      className="flex flex-wrap gap-1 border-b border-slate-200 print:hidden"
      data-testid="dashboard-views"
    >
      {views.map((v) => {
        const active = v === view;
        return (
          <Link
            key={v}
            to={viewLink(search, v)}
            aria-current={active ? 'page' : undefined}
            className={cx(
              '-mb-px border-b-2 px-3 py-2 text-sm',
              active ? 'border-brand-700 font-medium text-brand-800' : 'border-transparent text-slate-600 hover:text-slate-900',
            )}
          >
            {t(VIEW_LABELS[v])}
          </Link>
        );
      })}
    </nav>
  );
}

/** The dashboard's page `view` with the same filters (the bank list's length belongs to the tables). */
function viewLink(search: string, view: DashboardView): string {
  const q = new URLSearchParams(search);
  q.delete('view');
  q.delete('banks');
  if (view !== 'overview') q.set('view', view);
  const query = q.toString();
  return `/dashboard${query ? `?${query}` : ''}`;
}

/** The filters alone, for the exports (which hold every page's figures). */
function filterQuery(search: string): string {
  const q = new URLSearchParams(search);
  q.delete('view');
  q.delete('banks');
  const query = q.toString();
  return query ? `?${query}` : '';
}

/** Under the bank table: how many banks it shows, and the link to all of them or back to the top rows (keeping the filters). */
function BankRowsNote({ shown, total, search }: { shown: number; total: number; search: string }) {
  const t = useT();
  const q = new URLSearchParams(search);
  const all = shown >= total;
  if (all) q.delete('banks');
  else q.set('banks', 'all');
  const query = q.toString();
  return (
    <p className="mt-3 flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm text-slate-700" data-testid="bank-rows">
      {all ? null : <span>{t('dashboard.bank.top', { shown, total })}</span>}
      <Link
        to={`/dashboard${query ? `?${query}` : ''}#banks`}
        preventScrollReset
        className="font-medium text-brand-800 underline print:hidden"
        data-testid={all ? 'banks-top' : 'banks-all'}
      >
        {all ? t('dashboard.bank.showTop', { shown: BANK_ROWS }) : t('dashboard.bank.showAll', { total })}
      </Link>
    </p>
  );
}

/** The dashboard narrowed to a district, keeping the other filters. */
function districtLink(search: string, code: string): string {
  const q = new URLSearchParams(search);
  q.set('district', code);
  return `/dashboard?${q.toString()}`;
}

type Pickup = NonNullable<NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['data']>['pickup']>;

/** Pickup of needs within N working days by district and month, and the dispatches by bank (issue 18). */
function PickupSection({ pickup }: { pickup: Pickup }) {
  const t = useT();
  type Row = Pickup['byMonth'][number];
  const cols = (first: string, bank: boolean): Column<Row>[] => [
    { key: 'key', header: first, cell: (r) => r.label ?? r.key },
    { key: 'needs', header: t(bank ? 'dispatch.pickup.bankNeeds' : 'dispatch.pickup.needs'), align: 'right', cell: (r) => r.needs },
    { key: 'inTime', header: t('dispatch.pickup.inTime'), align: 'right', cell: (r) => r.inTime },
    { key: 'picked', header: t('dispatch.pickup.picked'), align: 'right', cell: (r) => r.picked },
    {
      key: 'dispatched',
      header: t(bank ? 'dispatch.pickup.silent' : 'dispatch.pickup.dispatched'),
      align: 'right',
      cell: (r) => r.dispatched,
    },
    { key: 'rate', header: t('dispatch.pickup.rate'), align: 'right', cell: (r) => formatPercentBp(r.rateBp) },
  ];
  return (
    <section aria-labelledby="dashboard-pickup" className="space-y-3" data-testid="dashboard-pickup">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="dashboard-pickup" className="text-lg font-semibold text-slate-900">
          {t('dispatch.pickup.title', { days: pickup.dueDays })}
        </h2>
        <a href="/organizer/dispatches" className="text-sm text-brand-800 underline">
          {t('nav.dispatches')}
        </a>
      </div>
      <p className="text-sm text-slate-700">{t('dispatch.pickup.lead')}</p>
      <p className="text-sm tabular-nums text-slate-900" data-testid="pickup-total">
        {t('dispatch.pickup.rate')} {formatPercentBp(pickup.total.rateBp)} · {t('dispatch.pickup.inTime')} {pickup.total.inTime}/
        {pickup.total.needs} · {t('dispatch.pickup.dispatched')} {pickup.total.dispatched}
      </p>
      {/* min-w-0: a grid item is as wide as its table by default and the phone scrolls sideways */}
      <div className="grid gap-4 lg:grid-cols-2 [&>*]:min-w-0">
        <PickupTable
          title={t('dispatch.pickup.byDistrict')}
          testId="pickup-district"
          rows={pickup.byDistrict}
          columns={cols(t('dashboard.col.district'), false)}
          empty={t('dashboard.empty')}
        />
        <PickupTable
          title={t('dispatch.pickup.byMonth')}
          testId="pickup-month"
          rows={pickup.byMonth}
          columns={cols(t('dashboard.col.month'), false)}
          empty={t('dashboard.empty')}
        />
      </div>
      <PickupTable
        title={t('dispatch.pickup.byBank')}
        testId="pickup-bank"
        rows={pickup.byBank}
        columns={cols(t('dashboard.col.bank'), true)}
        empty={t('dispatch.empty')}
      />
    </section>
  );
}

/** One breakdown of the pickup figures as a titled table. */
function PickupTable<R extends { key: string }>({
  title,
  testId,
  rows,
  columns,
  empty,
}: {
  title: string;
  testId: string;
  rows: R[];
  columns: Column<R>[];
  empty: string;
}) {
  return (
    <Card title={title}>
      <div data-testid={testId}>
        <DataTable caption={title} rows={rows} rowKey={(r) => r.key} columns={columns} empty={empty} />
      </div>
    </Card>
  );
}

function Figure({ main, sub, testId, compare }: { main: string; sub?: string; testId: string; compare?: string }) {
  return (
    <span data-testid={testId}>
      {main}
      {sub ? <span className="mt-0.5 block text-sm font-normal text-slate-600">{sub}</span> : null}
      {compare ? (
        <span className="mt-1 block text-xs font-normal text-slate-700" data-testid={`${testId}-compare`}>
          {compare}
        </span>
      ) : null}
    </span>
  );
}

type Data = NonNullable<SerializeFrom<typeof loader>['data']>;
/** The overview's data: its loader read the headline figures and the targets. */
type Overview = Data & Required<Pick<Data, 'response' | 'enterprises' | 'comparison' | 'targets'>>;
type T = ReturnType<typeof useT>;

/** The headline figures, each with its month's 环比 and 同比 (decision 036h). */
const HEADLINES: {
  figure: ComparedFigure;
  label: string;
  testId: string;
  amount?: boolean;
  main: (d: Overview, t: T, locale: string) => string;
  sub?: (d: Overview, t: T) => string;
}[] = [
  {
    figure: 'signedAmount',
    label: 'dashboard.stat.signed',
    testId: 'stat-signed',
    amount: true,
    main: (d, _t, locale) => formatTotal(d.totals.signedAmount, locale),
    sub: (d, t) => t('dashboard.stat.count', { n: d.totals.signedCount }),
  },
  {
    figure: 'approvedAmount',
    label: 'dashboard.stat.approved',
    testId: 'stat-approved',
    amount: true,
    main: (d, _t, locale) => formatTotal(d.totals.approvedAmount, locale),
    sub: (d, t) => t('dashboard.stat.count', { n: d.totals.approvedCount }),
  },
  {
    figure: 'disbursedAmount',
    label: 'dashboard.stat.disbursed',
    testId: 'stat-disbursed',
    amount: true,
    main: (d, _t, locale) => formatTotal(d.totals.disbursedAmount, locale),
    sub: (d, t) => t('dashboard.stat.count', { n: d.totals.disbursedCount }),
  },
  {
    figure: 'fulfilmentBp',
    label: 'dashboard.stat.fulfilment',
    testId: 'stat-fulfilment',
    main: (d) => formatPercentBp(d.totals.fulfilmentBp),
  },
  {
    figure: 'responseBp',
    label: 'dashboard.stat.response',
    testId: 'stat-response',
    main: (d) => formatPercentBp(d.response.rateBp),
    sub: (d, t) => t('dashboard.stat.responseDetail', { answered: d.response.answered, eligible: d.response.eligible }),
  },
  {
    figure: 'terminatedAmount',
    label: 'dashboard.stat.terminated',
    testId: 'stat-terminated',
    amount: true,
    main: (d, _t, locale) => formatTotal(d.totals.terminatedAmount, locale),
    sub: (d, t) => t('dashboard.stat.count', { n: d.totals.terminatedCount }),
  },
  {
    figure: 'served',
    label: 'dashboard.stat.served',
    testId: 'stat-served',
    main: (d, t) => t('dashboard.stat.enterprises', { n: d.enterprises.served }),
    sub: () => '',
  },
  {
    figure: 'signed',
    label: 'dashboard.stat.signedEnterprises',
    testId: 'stat-enterprises',
    main: (d, t) => t('dashboard.stat.enterprises', { n: d.enterprises.signed }),
    sub: () => '',
  },
];

export const ErrorBoundary = ErrorView;
