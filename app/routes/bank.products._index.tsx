import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { Pagination } from '~/components/pagination';
import { DataTable } from '~/components/table';
import { Alert, Badge, Button, EmptyState, LinkButton, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { PRODUCT_CATEGORIES, PRODUCT_STATUSES } from '~/modules/catalog/codes';
import { label } from '~/modules/organizations/reference';
import { formatAmountRange, formatProductRate } from '~/modules/products/format';
import { listOwnProducts } from '~/modules/products/products.server';
import { statusFromUrl } from '~/modules/products/schema';
import { getDb } from '~/utils/db.server';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';
import { pageTitle } from '~/utils/meta';
import { pageJson } from '~/utils/page-json.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'products.title');

const STATUS_TONE = { draft: 'gray', published: 'green', retired: 'yellow' } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const url = new URL(request.url);
  const status = statusFromUrl(url);
  const page = pageFromUrl(url);
  const { rows, total } = await listOwnProducts(await getDb(), member.org.id, { status, page, pageSize: DEFAULT_PAGE_SIZE });
  return pageJson({ rows, total, page, pageSize: DEFAULT_PAGE_SIZE, status: status ?? '', verified: member.org.status === 'verified' });
}

export default function BankProducts() {
  const t = useT();
  const locale = useLocale();
  const { rows, total, page, pageSize, status, verified } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title={t('products.title')}
        subtitle={t('products.subtitle')}
        actions={<LinkButton to="/bank/products/new">{t('products.new')}</LinkButton>}
      />
      {!verified ? <Alert tone="warning">{t('products.pendingNotice')}</Alert> : null}
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-2">
        <label className="text-sm text-slate-800">
          <span className="mb-1 block font-medium">{t('products.field.status')}</span>
          <select name="status" defaultValue={status} className="rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300">
            <option value="">{t('products.status.all')}</option>
            {PRODUCT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`products.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary">{t('products.directory.apply')}</Button>
      </Form>
      {total === 0 && !status ? (
        <EmptyState
          title={t('products.empty')}
          hint={t('products.emptyHint')}
          action={<LinkButton to="/bank/products/new">{t('products.new')}</LinkButton>}
        />
      ) : (
        <>
          <DataTable
            caption={t('products.title')}
            rows={rows}
            rowKey={(r) => r.id}
            columns={[
              {
                key: 'name',
                header: t('products.field.name'),
                cell: (r) => (
                  <Link to={`/bank/products/${r.id}`} className="font-medium text-brand-800 underline">
                    {r.name}
                  </Link>
                ),
              },
              { key: 'category', header: t('products.field.category'), cell: (r) => label(PRODUCT_CATEGORIES, r.category, locale) },
              {
                key: 'amount',
                header: t('products.field.amount'),
                align: 'right',
                cell: (r) => formatAmountRange(r.amount_min, r.amount_max),
              },
              {
                key: 'term',
                header: t('products.field.term'),
                wide: true,
                cell: (r) => t('products.months', { min: r.term_min_months, max: r.term_max_months }),
              },
              {
                key: 'rate',
                header: t('products.field.rate'),
                wide: true,
                cell: (r) => formatProductRate(r.rate_type, r.rate_min_bp, r.rate_max_bp),
              },
              {
                key: 'status',
                header: t('products.field.status'),
                cell: (r) => <Badge tone={STATUS_TONE[r.status]}>{t(`products.status.${r.status}`)}</Badge>,
              },
              { key: 'updated', header: t('products.field.updatedAt'), wide: true, cell: (r) => r.updated_at.slice(0, 10) },
            ]}
          />
          <Pagination page={page} pageSize={pageSize} total={total} />
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
