import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { CheckinCounts, RepresentativeCheckinItem, useCheckinDesk } from '~/components/checkin';
import { CheckinTools } from '~/components/checkin-tools';
import { doorPath } from '~/modules/events/badges.server';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { FormErrors, replyErrors } from '~/components/form';
import { Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import {
  arrivalRow,
  CheckinFormSchema,
  checkinCounts,
  markArrival,
  SEARCH_LIMIT,
  searchRepresentatives,
} from '~/modules/events/checkin.server';
import { getDb } from '~/utils/db.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'roster.checkin.title');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const q = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 100);
  const db = await getDb();
  const [counts, found] = await Promise.all([checkinCounts(db, event.id), searchRepresentatives(db, event.id, q)]);
  return json(
    {
      doorPath: doorPath(event.id),
      event: { id: event.id, title: event.title, eventDate: event.event_date },
      q,
      counts,
      more: found.more,
      limit: SEARCH_LIMIT,
      representatives: found.rows.map((r) => ({
        ...arrivalRow(r),
        orgName: r.orgName,
        role: r.role,
        tokenPath: `/organizer/events/${event.id}/checkin/${r.checkinToken}`,
      })),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  const submission = parseWithZod(await readFormData(request), { schema: CheckinFormSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const { intent, repId, q } = submission.value;
  const db = await getDb();
  const flash = await markArrival(db, event.id, intent, repId, user.id);
  const back = `/organizer/events/${event.id}/checkin${q ? `?q=${encodeURIComponent(q)}` : ''}`;
  return redirect(back, { headers: await flashHeaders(flash) });
}

export default function Checkin() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>();
  const busy = useCheckinDesk();
  return (
    <div>
      <PageHeader title={t('roster.checkin.title')} subtitle={data.event.title} />
      <EventTabs eventId={data.event.id} view="organizer" />
      <CheckinCounts counts={data.counts} />
      <p className="mb-4 text-xs text-slate-600">{t('roster.checkin.autoRefresh')}</p>
      <CheckinTools eventId={data.event.id} doorPath={data.doorPath} className="mb-4" />
      <FormErrors errors={replyErrors(actionResult)} />
      <Card className="mb-4">
        <Form method="get" role="search" className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="min-w-0 flex-1">
            <label htmlFor="checkin-q" className="mb-1 block text-sm font-medium text-slate-800">
              {t('roster.checkin.search.label')}
            </label>
            <input
              id="checkin-q"
              type="search"
              name="q"
              defaultValue={data.q}
              maxLength={100}
              autoComplete="off"
              placeholder={t('roster.checkin.search.placeholder')}
              className="block w-full rounded-md border-0 px-3 py-2 text-base text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-brand-700"
            />
          </div>
          <Button variant="secondary">{t('roster.checkin.search.submit')}</Button>
        </Form>
      </Card>
      {data.representatives.length === 0 ? (
        <p className="rounded-md bg-white px-4 py-6 text-center text-sm text-slate-600 ring-1 ring-slate-200">
          {t('roster.checkin.noResults')}
        </p>
      ) : (
        <ul className="space-y-2" aria-label={t('roster.checkin.results')}>
          {data.representatives.map((r) => (
            <RepresentativeCheckinItem key={r.id} rep={r} busy={busy} hidden={{ q: data.q }} orgLink={r.tokenPath} />
          ))}
        </ul>
      )}
      {data.more ? <p className="mt-3 text-sm text-slate-600">{t('roster.checkin.more', { limit: data.limit })}</p> : null}
      <p className="mt-6 text-sm">
        <Link to={`/organizer/events/${data.event.id}/roster`} className="text-brand-800 underline">
          {t('roster.checkin.toRoster')}
        </Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
