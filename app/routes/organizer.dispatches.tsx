import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { Pagination } from '~/components/pagination';
import { DataTable } from '~/components/table';
import { Badge, PageHeader, buttonClass } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { regionDispatches } from '~/modules/dispatch/dispatch.server';
import { needPath } from '~/modules/interests/rules';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';
import { formatWan } from '~/utils/money';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'dispatch.organizer.title');

const FILTERS = ['escalated', 'all'] as const;
const TONE = { open: 'blue', overdue: 'red', interest: 'green', declined: 'gray' } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const url = new URL(request.url);
  const filter: (typeof FILTERS)[number] = url.searchParams.get('filter') === 'all' ? 'all' : 'escalated';
  const page = pageFromUrl(url);
  const result = await regionDispatches(await getDb(), organizer.regionCode, { filter, page });
  return json({
    filter,
    page,
    region: regionFullName(organizer.regionCode),
    ...result,
    rows: result.rows.map((r) => ({ ...r, amountWan: formatWan(r.amount, ''), regionName: regionFullName(r.regionCode) })),
  });
}

export default function OrganizerDispatches() {
  const t = useT();
  const { rows, counts, filter, page, total, region } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title={t('dispatch.organizer.title')} subtitle={`${region} · ${t('dispatch.organizer.lead')}`} />
      <nav aria-label={t('dispatch.organizer.title')} className="mb-4 flex flex-wrap gap-2">
        {FILTERS.map((f) => (
          <Link
            key={f}
            to={`/organizer/dispatches?filter=${f}`}
            className={buttonClass(filter === f ? 'primary' : 'secondary')}
            aria-current={filter === f ? 'page' : undefined}
          >
            {t(`dispatch.tab.${f}`, { n: counts[f] })}
          </Link>
        ))}
      </nav>
      <DataTable
        caption={t(`dispatch.tab.${filter}`, { n: counts[filter] })}
        rows={rows}
        rowKey={(r) => r.id}
        empty={t('dispatch.empty')}
        columns={[
          {
            key: 'need',
            header: t('interests.tracking.need'),
            cell: (r) => (
              <div data-testid="dispatch-row">
                <Link to={needPath('financing', r.needId)} className="font-medium text-brand-800 underline">
                  {r.needTitle}
                </Link>
                <p className="text-xs text-slate-600">
                  {r.enterpriseName} · {r.regionName} ·{' '}
                  <span className="figure">{t('dispatch.amount', { amount: r.amountWan, term: r.termMonths })}</span>
                </p>
              </div>
            ),
          },
          { key: 'bank', header: t('dispatch.bank'), cell: (r) => `${r.bankName} · ${t('dispatch.score', { score: r.score })}` },
          { key: 'dispatched', header: t('dispatch.pickup.dispatched'), cell: (r) => r.dispatchedOn },
          { key: 'due', header: t('interests.tracking.dueOn'), cell: (r) => r.dueOn },
          {
            key: 'state',
            header: t('dispatch.stateHeader'),
            cell: (r) => (
              <span className="inline-flex flex-wrap gap-1">
                <Badge tone={TONE[r.state]}>{t(`dispatch.state.${r.state}`)}</Badge>
                {r.escalated && r.state === 'overdue' ? <Badge tone="red">{t('dispatch.escalated')}</Badge> : null}
              </span>
            ),
          },
        ]}
      />
      <Pagination page={page} pageSize={DEFAULT_PAGE_SIZE} total={total} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
