import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { PagedTable, type Column } from '~/components/table';
import { OrgStatusBadge } from '~/components/status-badge';
import { Badge, Button, Card, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import {
  VERIFICATION_KIND_FILTERS,
  VERIFICATION_STATUS_FILTERS,
  type VerificationKindFilter,
  type VerificationStatusFilter,
} from '~/modules/organizations/schema';
import { listForVerification } from '~/modules/organizations/verification.server';
import { regionFullName, regionName } from '~/modules/regions/regions.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'verify.title');

function pick<T extends string>(values: readonly T[], raw: string | null, fallback: T): T {
  return (values as readonly string[]).includes(raw ?? '') ? (raw as T) : fallback;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const organizer = await requireOrganizer({ request, context });
  const url = new URL(request.url);
  const status = pick<VerificationStatusFilter>(VERIFICATION_STATUS_FILTERS, url.searchParams.get('status'), 'pending');
  const kind = pick<VerificationKindFilter>(VERIFICATION_KIND_FILTERS, url.searchParams.get('kind'), 'all');
  const page = pageFromUrl(url);
  const { rows, total } = await listForVerification(await getDb(), organizer.regionCode, {
    status,
    kind,
    page,
    pageSize: DEFAULT_PAGE_SIZE,
  });
  return json({
    region: regionFullName(organizer.regionCode),
    filters: { status, kind },
    page,
    pageSize: DEFAULT_PAGE_SIZE,
    total,
    rows: rows.map((r) => ({
      ...r,
      regionName: regionName(r.region_code),
      waitingSince: chinaDate(r.change_requested_at ?? r.created_at),
    })),
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number];

const SELECT_CLASS =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700';

export default function Verifications() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const columns: Column<Row>[] = [
    {
      key: 'name',
      header: t('verify.col.name'),
      cell: (r) => (
        <>
          <Link to={`/organizer/verifications/${r.id}`} className="font-medium text-brand-800 underline">
            {r.name}
          </Link>
          {r.proposed_name !== null && r.proposed_name !== r.name ? (
            <span className="block text-xs text-amber-800" data-role="proposed-name">{`→ ${r.proposed_name}`}</span>
          ) : null}
        </>
      ),
    },
    { key: 'kind', header: t('org.field.kind'), cell: (r) => t(`org.kind.${r.kind}`) },
    {
      key: 'credit',
      header: t('org.field.creditCode'),
      cell: (r) => <span className="font-mono text-xs">{r.credit_code ?? '—'}</span>,
      wide: true,
    },
    { key: 'region', header: t('org.field.regionCode'), cell: (r) => r.regionName },
    {
      key: 'status',
      header: t('org.field.status'),
      cell: (r) => (
        <span className="flex flex-wrap gap-1">
          <OrgStatusBadge status={r.status} />
          {r.change_requested_at ? <Badge tone="yellow">{t('verify.change.badge')}</Badge> : null}
          {r.status === 'pending' && r.rejections > 0 ? (
            <Badge tone="blue">{t('verify.resubmission', { count: r.rejections })}</Badge>
          ) : null}
        </span>
      ),
    },
    { key: 'created', header: t('org.field.submittedAt'), cell: (r) => r.waitingSince, wide: true },
  ];
  return (
    <div>
      <PageHeader title={t('verify.title')} subtitle={t('verify.lead', { region: data.region })} />
      <Card className="mb-4">
        <Form method="get" className="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
          <div>
            <label htmlFor="filter-status" className="mb-1 block text-sm font-medium text-slate-800">
              {t('verify.filter.status')}
            </label>
            <select id="filter-status" name="status" defaultValue={data.filters.status} className={SELECT_CLASS}>
              {VERIFICATION_STATUS_FILTERS.map((s) => (
                <option key={s} value={s}>
                  {s === 'all' ? t('verify.filter.all') : t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-kind" className="mb-1 block text-sm font-medium text-slate-800">
              {t('verify.filter.kind')}
            </label>
            <select id="filter-kind" name="kind" defaultValue={data.filters.kind} className={SELECT_CLASS}>
              {VERIFICATION_KIND_FILTERS.map((k) => (
                <option key={k} value={k}>
                  {k === 'all' ? t('verify.filter.all') : t(`org.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <Button variant="secondary">{t('verify.filter.apply')}</Button>
        </Form>
      </Card>
      <Card>
        <PagedTable
          columns={columns}
          rows={data.rows}
          rowKey={(r) => r.id}
          caption={t('verify.title')}
          empty={t('verify.empty')}
          page={data}
        />
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
