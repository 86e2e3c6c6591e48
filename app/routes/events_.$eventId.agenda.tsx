import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AgendaView } from '~/components/agenda-view';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { loadMemberAgenda } from '~/modules/events/agenda-download.server';
import { personalAgendaPath } from '~/modules/events/publish.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'agenda.title');

/**
 * The organization's agenda in the session: time, table (桌号) and counterpart of each
 * meeting, PDF and .ics; and each representative's personal link to pass on.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event, org, agenda } = await loadMemberAgenda({ request, context }, params.eventId ?? '');
  return json({
    event: { id: event.id, title: event.title, date: event.event_date, startTime: event.start_time, venue: event.venue },
    orgName: org.name,
    published: agenda.published,
    items: agenda.items,
    representatives: agenda.representatives.map((r) => ({
      name: r.name,
      title: r.title,
      link: r.agendaToken ? personalAgendaPath(r.agendaToken) : null,
    })),
  });
}

export default function AgendaPage() {
  const t = useT();
  const { event, orgName, published, items, representatives } = useLoaderData<typeof loader>();
  const links = representatives.filter((r) => r.link);
  return (
    <div>
      <PageHeader
        title={t('agenda.title')}
        subtitle={`${event.title} · ${t('agenda.subtitle', { date: event.date, venue: event.venue })}`}
      />
      <EventTabs eventId={event.id} view="member" />
      <AgendaView
        event={event}
        orgName={orgName}
        representatives={representatives.map((r) => r.name)}
        published={published}
        items={items}
        fileBase={`/events/${event.id}/agenda`}
      />
      {links.length ? (
        <Card title={t('agenda.personalLinks')} className="mt-4">
          <p className="mb-2 text-sm text-slate-700">{t('agenda.personalLinksLead')}</p>
          <ul className="space-y-1 text-sm" data-testid="agenda-personal-links">
            {links.map((r) => (
              <li key={r.link} className="break-all">
                <span className="font-medium text-slate-900">{r.name}</span>{' '}
                <a href={r.link!} className="text-brand-800 underline">
                  {r.link}
                </a>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
