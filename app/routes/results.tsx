/**
 * 对接成效 — the public results page (no sign-in; decision 030e): a region's
 * headline figures by year and month, only aggregates, only the figures its
 * organizer publishes, with the 口径说明. `?region=` (a region with an organizer)
 * and `?year=`.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { DataTable } from '~/components/table';
import { Alert, Button, Card, PageHeader, Stat } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { chinaDate } from '~/modules/calendar/working-days';
import { platformScope } from '~/modules/regions/regions.server';
import type { PublicFigure } from '~/modules/reports/public-figures';
import { loadPublicResults, publishingRegions } from '~/modules/reports/public-results.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { pageTitle } from '~/utils/meta';
import { formatTotal } from '~/utils/money';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'results.title');

const FIRST_YEAR = 2020;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const db = await getDb();
  const regions = await publishingRegions(db);
  const thisYear = Number(chinaDate(new Date()).slice(0, 4));
  const askedRegion = url.searchParams.get('region');
  const askedYear = url.searchParams.get('year');
  const fallback = regions.find((r) => r.code === platformScope())?.code ?? regions[0]?.code ?? null;
  const regionCode = askedRegion || fallback;
  if (askedRegion && !regions.some((r) => r.code === askedRegion)) throw httpError(404, 'error.notFound');
  if (askedYear && !(/^\d{4}$/.test(askedYear) && Number(askedYear) >= FIRST_YEAR && Number(askedYear) <= thisYear))
    throw httpError(400, 'results.badYear');
  const year = askedYear ? Number(askedYear) : thisYear;
  const years: number[] = [];
  for (let y = thisYear; y >= FIRST_YEAR && y >= thisYear - 5; y--) years.push(y);
  const results = regionCode ? await loadPublicResults(db, regionCode, year) : null;
  return json({ regions, years, results });
}

const AMOUNT: ReadonlySet<PublicFigure> = new Set(['signed', 'disbursed']);

export default function ResultsPage() {
  const t = useT();
  const locale = useLocale();
  const { regions, years, results } = useLoaderData<typeof loader>();
  const value = (f: PublicFigure, n: number | undefined) =>
    n === undefined ? '—' : AMOUNT.has(f) ? formatTotal(n, locale) : t(`results.unit.${f}`, { n });
  return (
    <div className="space-y-6">
      <PageHeader title={t('results.title')} subtitle={results ? t('results.subtitle', { region: results.regionName }) : undefined} />
      <Card>
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <label className="text-sm text-slate-800">
            <span className="mb-1 block text-xs font-medium">{t('results.region')}</span>
            <select name="region" defaultValue={results?.regionCode} className="rounded-md px-3 py-2 text-sm ring-1 ring-slate-300">
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm text-slate-800">
            <span className="mb-1 block text-xs font-medium">{t('results.year')}</span>
            <select name="year" defaultValue={results?.year} className="rounded-md px-3 py-2 text-sm ring-1 ring-slate-300">
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <Button variant="secondary">{t('results.show')}</Button>
        </Form>
      </Card>
      {!results || results.figures.length === 0 ? (
        <Alert tone="info">{t('results.none')}</Alert>
      ) : (
        <>
          <section aria-labelledby="results-year">
            <h2 id="results-year" className="mb-2 text-lg font-semibold text-slate-900">
              {t('results.yearTitle', { year: results.year })}
            </h2>
            <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="results-figures">
              {results.figures.map((f) => (
                <Stat
                  key={f}
                  label={t(`results.figure.${f}`)}
                  value={<span data-testid={`results-${f}`}>{value(f, results.total[f])}</span>}
                />
              ))}
            </dl>
          </section>
          <Card title={t('results.byMonth')}>
            <div data-testid="results-months">
              <DataTable
                rows={results.months}
                rowKey={(r) => r.month}
                columns={[
                  { key: 'month', header: t('results.month'), cell: (r) => r.month },
                  ...results.figures.map((f) => ({
                    key: f,
                    header: t(`results.figure.${f}`),
                    align: 'right' as const,
                    cell: (r: (typeof results.months)[number]) => value(f, r.values[f]),
                  })),
                ]}
              />
            </div>
          </Card>
          <Card title={t('dashboard.def.title')}>
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="results-definitions">
              {results.figures.map((f) => (
                <li key={f}>{t(`results.def.${f}`)}</li>
              ))}
              <li>{t('results.def.scope', { date: results.asOf })}</li>
            </ul>
          </Card>
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
