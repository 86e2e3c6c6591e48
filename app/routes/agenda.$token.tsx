import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AgendaView } from '~/components/agenda-view';
import { ErrorView } from '~/components/error-view';
import { PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { loadPersonalAgenda } from '~/modules/events/agenda-download.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, 'agenda.title'), { name: 'robots', content: 'noindex' }];

/**
 * A representative's own agenda through their personal link (no account needed): the
 * unguessable token in the URL is the only key; an unknown one is a 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  const { event, representative, orgName, agenda } = await loadPersonalAgenda(token);
  return json(
    {
      token,
      event: { title: event.title, date: event.event_date, startTime: event.start_time, venue: event.venue },
      representative,
      orgName,
      published: agenda.published,
      items: agenda.items,
    },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

export default function PersonalAgendaPage() {
  const t = useT();
  const { token, event, representative, orgName, published, items } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title={t('agenda.personalTitle', { name: representative.name })}
        subtitle={`${event.title} · ${t('agenda.subtitle', { date: event.date, venue: event.venue })}`}
      />
      <AgendaView
        event={event}
        orgName={orgName}
        representatives={[representative.title ? `${representative.name}（${representative.title}）` : representative.name]}
        published={published}
        items={items}
        fileBase={`/agenda/${token}/agenda`}
      />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
