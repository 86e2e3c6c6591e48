import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { EventTabs } from '~/components/event-tabs';
import { Pagination } from '~/components/pagination';
import { DataTable, type Column } from '~/components/table';
import { Badge, buttonClass, Card, cx, EmptyState, PageHeader, Stat } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireEventForOrganizer } from '~/modules/events/access.server';
import { arrivalRow } from '~/modules/events/checkin.server';
import { isRosterGroup, loadOrganizerRosterPage, type RosterGroup } from '~/modules/events/roster.server';
import { warmRosterWorker } from '~/modules/events/roster-worker.server';
import { getDb } from '~/utils/db.server';
import { pageJson } from '~/utils/page-json.server';
import { pageTitle } from '~/utils/meta';
import { pageFromUrl } from '~/utils/pagination';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'roster.title');

const ORGS_PER_PAGE = 20;
/** the groups in display order (a .server module's values do not reach the browser) */
const GROUPS: readonly RosterGroup[] = ['bank', 'enterprise', 'government'];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event } = await requireEventForOrganizer({ request, context }, params.eventId ?? '');
  // the page's own data only: the needs, agenda and schedule are read by the downloads
  const roster = await loadOrganizerRosterPage(await getDb(), event.id);
  const url = new URL(request.url);
  const rawGroup = url.searchParams.get('group');
  const group: RosterGroup | 'all' = isRosterGroup(rawGroup) ? rawGroup : 'all';
  const page = pageFromUrl(url);
  const orgs = group === 'all' ? roster.organizations : roster.organizations.filter((o) => o.role === group);
  // a download is likely next: start the renderer and load its fonts now
  warmRosterWorker();
  return pageJson(
    {
      event: { id: event.id, title: event.title, eventDate: event.event_date, startTime: event.start_time, venue: event.venue },
      counts: roster.counts,
      meetings: roster.meetings,
      group,
      page,
      pageSize: ORGS_PER_PAGE,
      total: orgs.length,
      organizations: orgs.slice((page - 1) * ORGS_PER_PAGE, page * ORGS_PER_PAGE).map((o) => ({
        id: o.id,
        name: o.name,
        role: o.role,
        checkinPath: `/organizer/events/${event.id}/checkin/${o.checkinToken}`,
        representatives: o.representatives.map(arrivalRow),
      })),
    },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

type Org = ReturnType<typeof useLoaderData<typeof loader>>['organizations'][number];
type Rep = Org['representatives'][number];

export default function OrganizerRoster() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const base = `/organizer/events/${data.event.id}`;
  const columns: Column<Rep>[] = [
    { key: 'name', header: t('roster.col.name'), cell: (r) => <span className="font-medium">{r.name}</span> },
    { key: 'title', header: t('roster.col.title'), cell: (r) => r.title },
    {
      key: 'phone',
      header: t('roster.col.phone'),
      cell: (r) => (
        <a href={`tel:${r.phone}`} className="tabular-nums underline">
          {r.phone}
        </a>
      ),
    },
    {
      key: 'status',
      header: t('roster.col.checkedIn'),
      cell: (r) =>
        r.arrivedAt ? (
          <Badge tone="green">{t('roster.status.arrivedAt', { time: r.arrivedAt })}</Badge>
        ) : (
          <Badge>{t('roster.status.notArrived')}</Badge>
        ),
    },
  ];
  const filters: (RosterGroup | 'all')[] = ['all', ...GROUPS];
  return (
    <div>
      <PageHeader
        title={t('roster.title')}
        subtitle={`${data.event.title} · ${data.event.eventDate} ${data.event.startTime} · ${data.event.venue}`}
      />
      <EventTabs eventId={data.event.id} view="organizer" />
      <p className="mb-4 text-sm text-slate-700">{t('roster.lead')}</p>

      <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat
          label={t('roster.total')}
          value={t('roster.stat.value', { orgs: data.counts.total.organizations, reps: data.counts.total.representatives })}
        />
        {GROUPS.map((g) => (
          <Stat
            key={g}
            label={t(`roster.group.${g}`)}
            value={t('roster.stat.value', { orgs: data.counts[g].organizations, reps: data.counts[g].representatives })}
          />
        ))}
      </dl>

      <Card title={t('roster.downloads')} className="mb-4">
        <div className="flex flex-wrap gap-2">
          <a href={`${base}/roster.pdf`} download className={buttonClass('primary')} data-testid="download-pdf">
            {t('roster.download.pdf')}
          </a>
          <a href={`${base}/roster.xlsx`} download className={buttonClass('secondary')} data-testid="download-xlsx">
            {t('roster.download.xlsx')}
          </a>
          <a href={`${base}/roster.csv`} download className={buttonClass('secondary')} data-testid="download-csv">
            {t('roster.download.csv')}
          </a>
          <Link to={`${base}/checkin`} className={buttonClass('ghost')}>
            {t('roster.toCheckin')}
          </Link>
        </div>
        <p className="mt-3 text-sm text-slate-600">{t('roster.download.hint', { meetings: data.meetings })}</p>
      </Card>

      <nav aria-label={t('roster.filter.label')} className="mb-4 flex flex-wrap gap-2">
        {filters.map((g) => {
          const active = data.group === g;
          return (
            <Link
              key={g}
              to={g === 'all' ? `${base}/roster` : `${base}/roster?group=${g}`}
              aria-current={active ? 'page' : undefined}
              className={cx(
                'rounded-full px-3 py-1 text-sm ring-1 ring-inset',
                active ? 'bg-brand-700 text-white ring-brand-700' : 'bg-white text-slate-800 ring-slate-300 hover:bg-slate-50',
              )}
            >
              {g === 'all' ? t('roster.filter.all') : t(`roster.group.${g}`)}
            </Link>
          );
        })}
      </nav>

      {data.organizations.length === 0 ? (
        <EmptyState title={t('roster.empty')} />
      ) : (
        <div className="space-y-4">
          {data.organizations.map((o) => (
            <Card key={o.id} className="!p-4">
              <div data-testid="roster-org" className="flex flex-col gap-4 sm:flex-row">
                <div className="min-w-0 flex-1">
                  <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold text-slate-900">
                    {o.name} <Badge tone="blue">{t(`roster.group.${o.role}`)}</Badge>
                    <span className="text-sm font-normal text-slate-600">{t('roster.orgReps', { count: o.representatives.length })}</span>
                  </h2>
                  <div className="mt-3">
                    <DataTable
                      columns={columns}
                      rows={o.representatives}
                      rowKey={(r) => r.id}
                      caption={o.name}
                      empty={t('roster.noRepresentatives')}
                    />
                  </div>
                </div>
                <figure className="flex shrink-0 flex-col items-center gap-1 self-start">
                  <img
                    // an image of its own (decision 039g), not a data URL in both the markup and the data
                    src={`${o.checkinPath}/qr.png`}
                    width={112}
                    height={112}
                    alt={t('roster.qr.alt', { name: o.name })}
                    className="h-28 w-28 [image-rendering:pixelated]"
                  />
                  <figcaption>
                    <Link to={o.checkinPath} className="text-sm text-brand-800 underline">
                      {t('roster.qr.open')}
                    </Link>
                  </figcaption>
                </figure>
              </div>
            </Card>
          ))}
        </div>
      )}
      {data.total > 0 ? <Pagination page={data.page} pageSize={data.pageSize} total={data.total} /> : null}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
