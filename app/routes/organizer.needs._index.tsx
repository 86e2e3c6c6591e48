import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { Pagination } from '~/components/pagination';
import { DataTable } from '~/components/table';
import { Badge, LinkButton, PageHeader, buttonClass } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { regionApplications } from '~/modules/applications/applications.server';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { TRACKING_FILTERS, regionNeedTracking, type TrackingFilter } from '~/modules/interests/overdue.server';
import { regionFullName } from '~/modules/regions/regions.server';
import { needPath } from '~/modules/interests/rules';
import { getDb } from '~/utils/db.server';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'interests.tracking.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const url = new URL(request.url);
  const raw = url.searchParams.get('filter');
  const filter: TrackingFilter = (TRACKING_FILTERS as readonly string[]).includes(raw ?? '') ? (raw as TrackingFilter) : 'overdue';
  const page = pageFromUrl(url);
  const db = await getDb();
  const [result, applications] = await Promise.all([
    regionNeedTracking(db, organizer.regionCode, { filter, page }),
    // applications (一键申请) run on the same working-day clock: the overdue ones are tracked here too
    filter === 'overdue' ? regionApplications(db, organizer.regionCode, { open: true }) : Promise.resolve([]),
  ]);
  return json({
    overdueApplications: applications.filter((a) => a.clock.overdue),
    filter,
    page,
    region: regionFullName(organizer.regionCode),
    ...result,
    rows: result.rows.map((r) => ({ ...r, publishedAtText: chinaDateTime(r.publishedAt), regionName: regionFullName(r.regionCode) })),
  });
}

export default function OrganizerNeedsPage() {
  const t = useT();
  const { rows, total, page, filter, counts, dueDays, region, today, overdueApplications } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title={t('interests.tracking.title')}
        subtitle={`${region} · ${t('interests.tracking.subtitle', { n: dueDays })} ${t('interests.tracking.today', { date: today })}`}
        actions={
          <LinkButton to="/organizer/settings" variant="secondary">
            {t('interests.tracking.settings')}
          </LinkButton>
        }
      />
      <nav aria-label={t('interests.filter.label')} className="mb-4 flex flex-wrap gap-2">
        {(['overdue', 'waiting', 'none', 'all'] as const).map((f) => (
          <Link
            key={f}
            to={`/organizer/needs?filter=${f}`}
            className={buttonClass(filter === f ? 'primary' : 'secondary')}
            aria-current={filter === f ? 'page' : undefined}
          >
            {t(`interests.tracking.tab.${f}`)} ({counts[f]})
          </Link>
        ))}
      </nav>
      {filter === 'overdue' && overdueApplications.length > 0 ? (
        <section id="overdue-applications" className="mb-6" data-testid="overdue-applications">
          <DataTable
            caption={t('interests.tracking.overdueApplications', { n: overdueApplications.length })}
            rows={overdueApplications}
            rowKey={(a) => a.id}
            empty=""
            columns={[
              {
                key: 'need',
                header: t('interests.tracking.need'),
                cell: (a) => (
                  <Link to={needPath('financing', a.needId)} className="font-medium text-brand-800 underline">
                    {a.needTitle}
                  </Link>
                ),
              },
              { key: 'enterprise', header: t('interests.tracking.enterprise'), cell: (a) => a.enterpriseName },
              { key: 'bank', header: t('interests.tracking.bank'), cell: (a) => `${a.bankName} · ${a.productName}` },
              { key: 'applied', header: t('interests.tracking.appliedOn'), cell: (a) => a.createdOn },
              {
                key: 'due',
                header: t('interests.tracking.dueOn'),
                cell: (a) => (
                  <span className="inline-flex items-center gap-2 whitespace-nowrap">
                    {a.clock.dueOn}
                    <Badge tone="red">{t('interests.tracking.overdue')}</Badge>
                  </span>
                ),
              },
            ]}
          />
        </section>
      ) : null}
      <DataTable
        caption={t(`interests.tracking.tab.${filter}`)}
        rows={rows}
        rowKey={(r) => `${r.kind}:${r.id}`}
        empty={t('interests.tracking.empty')}
        columns={[
          {
            key: 'need',
            header: t('interests.tracking.need'),
            cell: (r) => (
              <div data-testid="tracked-need">
                <Link to={needPath(r.kind, r.id)} className="font-medium text-brand-800 underline">
                  {r.title}
                </Link>
                <p className="text-xs text-slate-600">
                  {t(`interests.kind.${r.kind}`)} · {r.regionName}
                </p>
              </div>
            ),
          },
          { key: 'enterprise', header: t('interests.tracking.enterprise'), cell: (r) => r.enterpriseName },
          { key: 'published', header: t('interests.tracking.publishedAt'), cell: (r) => r.publishedAtText, wide: true },
          {
            key: 'waiting',
            header: t('interests.tracking.waiting'),
            align: 'right',
            cell: (r) => (
              <span className="inline-flex items-center gap-2">
                {r.workingDaysWaiting}
                {r.overdue ? <Badge tone="red">{t('interests.tracking.overdue')}</Badge> : null}
              </span>
            ),
          },
          { key: 'responses', header: t('interests.tracking.responses'), align: 'right', cell: (r) => r.responses },
          { key: 'status', header: t('interests.tracking.status'), cell: (r) => t(`interests.needStatus.${r.status}`), wide: true },
          {
            key: 'matches',
            header: <span className="sr-only">{t('interests.tracking.matches')}</span>,
            cell: (r) =>
              r.kind === 'financing' ? (
                <Link to={`/organizer/needs/${r.kind}/${r.id}/matches`} className="text-sm text-brand-800 underline">
                  {t('interests.tracking.matches')}
                </Link>
              ) : null,
          },
        ]}
      />
      <Pagination page={page} pageSize={DEFAULT_PAGE_SIZE} total={total} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
