import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { EventStatusBadge } from '~/components/event-tabs';
import { PagedTable, type Column } from '~/components/table';
import { Button, Card, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { EVENT_STATUSES } from '~/modules/events/lifecycle';
import { listOrganizerEvents } from '~/modules/events/events.server';
import { regionFullName, regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { formatTotal } from '~/utils/money';
import { pageTitle } from '~/utils/meta';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';
import type { EventStatus } from '#db/schema';
import { pageJson } from '~/utils/page-json.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'events.listTitle');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireOrganizer({ request, context });
  const url = new URL(request.url);
  const raw = url.searchParams.get('status') ?? '';
  const status = (EVENT_STATUSES as readonly string[]).includes(raw) ? (raw as EventStatus) : undefined;
  const page = pageFromUrl(url);
  const { rows, total } = await listOrganizerEvents(await getDb(), user.regionCode, { status, page, pageSize: DEFAULT_PAGE_SIZE });
  return pageJson({
    region: regionFullName(user.regionCode),
    status: status ?? '',
    page,
    pageSize: DEFAULT_PAGE_SIZE,
    total,
    rows: rows.map((r) => ({ ...r, regionName: regionName(r.regionCode), signedText: formatTotal(r.signing.signedTotal) })),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number];

const SELECT_CLASS =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700';

export default function OrganizerEvents() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const columns: Column<Row>[] = [
    {
      key: 'title',
      header: t('events.field.title'),
      cell: (r) => (
        <div>
          <Link to={`/organizer/events/${r.id}`} className="font-medium text-brand-800 underline">
            {r.title}
          </Link>
          <p className="text-xs text-slate-600">
            {r.number ? (
              <span className="mr-2 font-mono" data-testid="event-number">
                {r.number}
              </span>
            ) : null}
            {r.theme}
            {r.recordedPast ? <span className="ml-2 rounded bg-slate-100 px-1 text-slate-700">{t('events.past.badge')}</span> : null}
          </p>
        </div>
      ),
    },
    {
      key: 'date',
      header: t('events.field.date'),
      cell: (r) => (
        <span className="whitespace-nowrap tabular-nums">
          {r.eventDate} {r.startTime}
        </span>
      ),
    },
    { key: 'region', header: t('events.field.region'), cell: (r) => r.regionName, wide: true },
    { key: 'status', header: t('events.field.status'), cell: (r) => <EventStatusBadge status={r.status} /> },
    { key: 'attending', header: t('events.col.attending'), cell: (r) => r.attending, align: 'right' },
    { key: 'invited', header: t('events.col.awaiting'), cell: (r) => r.invited, align: 'right', wide: true },
    { key: 'reps', header: t('events.col.representatives'), cell: (r) => `${r.representatives} / ${r.capacity}`, align: 'right' },
    { key: 'meetings', header: t('events.count.meetings'), cell: (r) => r.signing.meetings, align: 'right', wide: true },
    {
      key: 'signed',
      header: t('events.col.signed'),
      cell: (r) => (
        <span className="whitespace-nowrap tabular-nums" data-testid="event-signed">
          {r.signedText}
          <span className="block text-xs text-slate-600">
            {t('events.signedParties', { agreements: r.signing.agreements, banks: r.signing.banks, enterprises: r.signing.enterprises })}
          </span>
        </span>
      ),
      align: 'right',
    },
  ];
  return (
    <div>
      <PageHeader
        title={t('events.listTitle')}
        subtitle={t('events.listLead', { region: data.region })}
        actions={<LinkButton to="/organizer/events/new">{t('events.action.new')}</LinkButton>}
      />
      <Card className="mb-4">
        <Form method="get" className="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_auto]">
          <div>
            <label htmlFor="filter-status" className="mb-1 block text-sm font-medium text-slate-800">
              {t('events.field.status')}
            </label>
            <select id="filter-status" name="status" defaultValue={data.status} className={SELECT_CLASS}>
              <option value="">{t('events.filter.all')}</option>
              {EVENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`events.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary">{t('events.filter.apply')}</Button>
        </Form>
      </Card>
      <Card>
        <PagedTable
          columns={columns}
          rows={data.rows}
          rowKey={(r) => r.id}
          caption={t('events.listTitle')}
          empty={t('events.listEmpty')}
          page={data}
        />
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
