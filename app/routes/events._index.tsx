import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { EventStatusBadge, ParticipationBadge } from '~/components/event-tabs';
import { Alert, Card, EmptyState, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { memberEvents, type MemberEventRow } from '~/modules/events/invitations.server';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';
import { pageJson } from '~/utils/page-json.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'events.memberTitle');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context });
  const lists = await memberEvents(await getDb(), member.org);
  return pageJson({ ...lists, verified: member.org.status === 'verified' });
}

function EventList({ rows, testId, showDeadline }: { rows: MemberEventRow[]; testId: string; showDeadline?: boolean }) {
  const t = useT();
  return (
    <ul className="divide-y divide-slate-100" data-testid={testId}>
      {rows.map((r) => (
        <li key={r.id} className="flex flex-col gap-1 py-3 sm:flex-row sm:items-center sm:justify-between">
          <div className="min-w-0">
            <Link to={`/events/${r.id}`} className="font-medium text-brand-800 underline">
              {r.title}
            </Link>
            <p className="text-sm text-slate-600">
              {t('events.when', { date: r.eventDate, time: r.startTime, venue: r.venue })}
              {showDeadline ? <> · {t('events.deadlineOn', { date: r.registrationDeadline })}</> : null}
            </p>
          </div>
          <div className="flex shrink-0 items-center gap-2">
            <EventStatusBadge status={r.status} />
            {r.participation ? <ParticipationBadge status={r.participation} /> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

export default function MemberEvents() {
  const t = useT();
  const { toAnswer, mine, open, verified } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title={t('events.memberTitle')} subtitle={t('events.memberLead')} />
      {toAnswer.length ? (
        <Card title={t('events.member.toAnswer', { n: toAnswer.length })} className="mb-4">
          <EventList rows={toAnswer} testId="events-to-answer" showDeadline />
        </Card>
      ) : null}
      <Card title={t('events.member.mine')} className="mb-4">
        {mine.length ? <EventList rows={mine} testId="events-mine" /> : <EmptyState title={t('events.member.mineEmpty')} />}
      </Card>
      <Card title={t('events.member.open')}>
        {!verified ? <Alert tone="warning">{t('events.member.notVerified')}</Alert> : null}
        {open.length ? (
          <EventList rows={open} testId="events-open" showDeadline />
        ) : (
          <p className="text-sm text-slate-600">{t('events.member.openEmpty')}</p>
        )}
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
