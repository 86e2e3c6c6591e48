import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { Alert, Card, EmptyState, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { loadMemberAgenda } from '~/modules/events/agenda-download.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'agenda.title');

/** The personal agenda a representative carries: time, table (桌号) and counterpart of each meeting, PDF and .ics. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event, org, agenda } = await loadMemberAgenda({ request, context }, params.eventId ?? '');
  return json({
    event: { id: event.id, title: event.title, date: event.event_date, startTime: event.start_time, venue: event.venue },
    orgName: org.name,
    published: agenda.published,
    items: agenda.items,
    representatives: agenda.representatives,
  });
}

export default function AgendaPage() {
  const t = useT();
  const { event, orgName, published, items, representatives } = useLoaderData<typeof loader>();
  const base = `/events/${event.id}/agenda`;
  return (
    <div>
      <PageHeader
        title={t('agenda.title')}
        subtitle={`${event.title} · ${t('agenda.subtitle', { date: event.date, venue: event.venue })}`}
      />
      <EventTabs eventId={event.id} view="member" />
      <div className="space-y-4">
        <Card>
          <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-slate-600">{t('agenda.session')}</dt>
              <dd className="font-medium text-slate-900">{t('agenda.sessionTime', { date: event.date, time: event.startTime })}</dd>
            </div>
            <div>
              <dt className="text-slate-600">{t('agenda.organization')}</dt>
              <dd className="break-words font-medium text-slate-900">{orgName}</dd>
            </div>
            <div>
              <dt className="text-slate-600">{t('agenda.representatives')}</dt>
              <dd className="break-words font-medium text-slate-900" data-testid="agenda-representatives">
                {representatives.length ? representatives.map((r) => r.name).join('、') : t('agenda.noRepresentatives')}
              </dd>
            </div>
          </dl>
        </Card>
        {!published ? (
          <Alert tone="info">{t('agenda.notPublished')}</Alert>
        ) : (
          <Card title={t('agenda.meetings')}>
            {items.length === 0 ? (
              <EmptyState title={t('agenda.empty')} />
            ) : (
              <ol className="divide-y divide-slate-200" data-testid="agenda-items">
                {items.map((m) => (
                  <li key={m.requestId} className="flex flex-wrap items-baseline gap-x-4 gap-y-1 py-3" data-testid="agenda-item">
                    <span className="whitespace-nowrap text-lg font-semibold tabular-nums text-slate-900">
                      {m.start}–{m.end}
                    </span>
                    <span className="whitespace-nowrap rounded bg-brand-50 px-2 py-0.5 font-semibold text-brand-800">
                      {t('meetings.tableNo', { n: m.tableNumber })}
                    </span>
                    <span className="min-w-0 break-words text-slate-900">{m.counterpartName}</span>
                  </li>
                ))}
              </ol>
            )}
            <div className="mt-4 flex flex-wrap gap-3">
              <a
                href={`${base}.pdf`}
                className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
                data-testid="agenda-pdf"
                download
              >
                {t('agenda.downloadPdf')}
              </a>
              <a
                href={`${base}.ics`}
                className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-50"
                data-testid="agenda-ics"
                download
              >
                {t('agenda.downloadIcs')}
              </a>
            </div>
          </Card>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
