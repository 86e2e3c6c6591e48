/**
 * The live signing screen of an event (签约实况), for the projector: running
 * counts of banks and enterprises, the signed total, the latest confirmed
 * signings and the news sentence. The page polls its JSON resource
 * (./live.json) every few seconds; without JavaScript it shows the figures of the
 * moment it was loaded.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { EventTabs, ProjectorLink } from '~/components/event-tabs';
import { ScrollTable } from '~/components/table';
import { Alert, PageHeader } from '~/components/ui';
import { useLiveFigures } from '~/components/use-live-figures';
import { localeFromRequest } from '~/i18n/locale';
import { useT } from '~/i18n/use-t';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { livePayload, liveSigning } from '~/modules/reports/live.server';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'live.title');

const POLL_MS = 2_500;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const live = await liveSigning(await getDb(), event.id);
  return json({ event: { id: event.id, title: event.title }, live: livePayload(live, localeFromRequest(request)) });
}

function BigFigure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200">
      <dt className="text-lg text-slate-700 sm:text-xl">{label}</dt>
      <dd className="mt-2 break-words text-5xl font-bold tabular-nums text-brand-800 sm:text-6xl" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export default function LiveSigningPage() {
  const t = useT();
  const { event, live: initial } = useLoaderData<typeof loader>();
  const { live, offline } = useLiveFigures(event.id, initial, POLL_MS);
  return (
    <div>
      <PageHeader
        title={t('live.title')}
        subtitle={t('live.subtitle', { title: event.title, seconds: POLL_MS / 1000 })}
        actions={<ProjectorLink eventId={event.id} />}
      />
      <EventTabs eventId={event.id} view="organizer" />
      {offline ? <Alert tone="warning">{t('live.offline')}</Alert> : null}
      <dl className="grid grid-cols-1 gap-4 md:grid-cols-3" aria-live="polite">
        <BigFigure label={t('live.banks')} value={String(live.bankCount)} testId="live-banks" />
        <BigFigure label={t('live.enterprises')} value={String(live.enterpriseCount)} testId="live-enterprises" />
        <BigFigure label={t('live.total')} value={live.totalText} testId="live-total" />
      </dl>
      <p className="mt-3 text-center text-base text-slate-700" data-testid="live-count">
        {t('live.count', { n: live.agreementCount })}
        {live.terminatedCount ? (
          <span data-testid="live-terminated">{t('live.terminatedNote', { n: live.terminatedCount, amount: live.terminatedText })}</span>
        ) : null}
      </p>

      <section aria-labelledby="live-news-heading" className="mt-6 rounded-xl bg-brand-50 p-6 ring-1 ring-brand-700/20">
        <h2 id="live-news-heading" className="text-sm font-semibold text-brand-900">
          {t('live.news')}
        </h2>
        <p className="mt-2 text-xl leading-relaxed text-slate-900 sm:text-2xl" data-testid="live-news">
          {live.news}
        </p>
      </section>

      <section aria-labelledby="live-latest-heading" className="mt-6">
        <h2 id="live-latest-heading" className="mb-3 text-lg font-semibold text-slate-900">
          {t('live.latest')}
        </h2>
        {live.latest.length === 0 ? (
          <p className="rounded-md bg-slate-50 px-4 py-6 text-center text-slate-600">{t('live.none')}</p>
        ) : (
          <ScrollTable label={t('live.latest')}>
            <table className="min-w-full divide-y divide-slate-200 text-base" data-testid="live-latest">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-800">
                    {t('live.col.bank')}
                  </th>
                  <th scope="col" className="px-3 py-2 text-left font-semibold text-slate-800">
                    {t('live.col.enterprise')}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold text-slate-800">
                    {t('live.col.amount')}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right font-semibold text-slate-800">
                    {t('live.col.time')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {live.latest.map((l) => (
                  <tr
                    key={l.id}
                    data-terminated={l.terminated ? 'true' : undefined}
                    className={l.terminated ? 'text-slate-500' : undefined}
                  >
                    <td className="px-3 py-2 text-slate-900">
                      {l.bankName}
                      {l.terminated ? (
                        <span className="ml-2 rounded bg-red-50 px-1.5 text-sm text-red-800 ring-1 ring-red-200">
                          {t('live.terminated')}
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 text-slate-900">{l.enterpriseName}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums text-slate-900">{l.amountText}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums text-slate-700">{l.timeText}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
      <p className="mt-4 text-right text-xs text-slate-600">{t('live.updatedAt', { time: chinaDateTime(live.updatedAt) })}</p>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
