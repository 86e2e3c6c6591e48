import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { Badge, Card, EmptyState, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireEventForMember } from '~/modules/events/access.server';
import { loadPublicRoster, type RosterGroup } from '~/modules/events/roster.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'roster.title');

const GROUPS: readonly RosterGroup[] = ['bank', 'enterprise', 'government'];

/**
 * The participants' roster: organizations by group with representative names and
 * titles. Only for organizations that attend or were invited; never phones.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event, participant } = await requireEventForMember({ request, context }, params.eventId ?? '');
  if (!participant || participant.status === 'declined') throw httpError(403, 'events.notAttending');
  const roster = await loadPublicRoster(await getDb(), event.id);
  if (!roster) throw httpError(404, 'error.notFound');
  return json({
    event: { id: event.id, title: event.title, eventDate: event.event_date, startTime: event.start_time, venue: event.venue },
    counts: roster.counts,
    organizations: roster.organizations,
  });
}

export default function PublicRoster() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title={t('roster.title')}
        subtitle={`${data.event.title} · ${data.event.eventDate} ${data.event.startTime} · ${data.event.venue}`}
      />
      <EventTabs eventId={data.event.id} view="member" />
      <p className="mb-4 text-sm text-slate-700">{t('roster.publicLead')}</p>
      {data.organizations.length === 0 ? <EmptyState title={t('roster.empty')} /> : null}
      <div className="space-y-6">
        {GROUPS.map((g) => {
          const orgs = data.organizations.filter((o) => o.role === g);
          if (orgs.length === 0) return null;
          return (
            <section key={g} aria-labelledby={`group-${g}`}>
              <h2 id={`group-${g}`} className="mb-2 text-lg font-semibold text-slate-900">
                {t(`roster.group.${g}`)}{' '}
                <span className="text-sm font-normal text-slate-600">
                  {t('roster.stat.value', { orgs: data.counts[g].organizations, reps: data.counts[g].representatives })}
                </span>
              </h2>
              <ul className="grid grid-cols-1 gap-3 md:grid-cols-2">
                {orgs.map((o) => (
                  <li key={o.id} data-testid="public-roster-org">
                    <Card className="!p-4 h-full">
                      <h3 className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                        {o.name} <Badge tone="blue">{t(`roster.group.${o.role}`)}</Badge>
                      </h3>
                      {o.representatives.length === 0 ? (
                        <p className="mt-2 text-sm text-slate-600">{t('roster.noRepresentatives')}</p>
                      ) : (
                        <ul className="mt-2 space-y-1 text-sm text-slate-800">
                          {o.representatives.map((r) => (
                            <li key={r.id}>
                              <span className="font-medium">{r.name}</span> <span className="text-slate-600">{r.title}</span>
                            </li>
                          ))}
                        </ul>
                      )}
                    </Card>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
