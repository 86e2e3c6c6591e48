import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { formatDate, formatNeedValue, NeedStatusBadge } from '~/components/need-display';
import { type Column, DataTable } from '~/components/table';
import type { Translate } from '~/i18n/translate';
import { Button, Card, LinkButton, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { NEED_STATUSES } from '~/modules/catalog/codes';
import { listOwnNeeds } from '~/modules/needs/directory.server';
import { statusFilterFromUrl } from '~/modules/needs/schema';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';
import { pageJson } from '~/utils/page-json.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'needs.mine.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'enterprise');
  const status = statusFilterFromUrl(new URL(request.url));
  const needs = await listOwnNeeds(await getDb(), member.org.id, status);
  return pageJson({ status: status ?? '', ...needs });
}

/** A table of the enterprise's own needs of one kind: title (linking to the need), the kind's own columns, then status, responses, published. */
function ownNeedColumns<R extends OwnNeedRow>(t: Translate, kind: 'financing' | 'hiring', middle: Column<R>[]): Column<R>[] {
  return [
    {
      key: 'title',
      header: t('needs.field.title'),
      cell: (r) => (
        <Link className="font-medium text-brand-800 underline" to={`/enterprise/needs/${kind}/${r.id}`}>
          {r.title}
        </Link>
      ),
    },
    ...middle,
    { key: 'status', header: t('needs.field.status'), cell: (r) => <NeedStatusBadge status={r.status} /> },
    { key: 'responses', header: t('needs.field.responses'), align: 'right', cell: (r) => r.responses },
    { key: 'published', header: t('needs.field.published_at'), cell: (r) => formatDate(r.published_at), wide: true },
  ];
}

interface OwnNeedRow {
  id: string;
  title: string;
  status: string;
  responses: number;
  published_at: string | null;
}

export default function MyNeeds() {
  const t = useT();
  const locale = useLocale();
  const { status, financing, hiring } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('needs.mine.title')}
        subtitle={t('needs.mine.subtitle')}
        actions={
          <>
            <LinkButton to="/enterprise/needs/financing/new">{t('needs.action.newFinancing')}</LinkButton>
            <LinkButton to="/enterprise/needs/hiring/new" variant="secondary">
              {t('needs.action.newHiring')}
            </LinkButton>
          </>
        }
      />
      <Form method="get" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="status" className="mb-1 block text-sm font-medium text-slate-800">
            {t('needs.field.status')}
          </label>
          <select
            id="status"
            name="status"
            defaultValue={status}
            className="block rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300"
          >
            <option value="">{t('needs.mine.all')}</option>
            {NEED_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`needs.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary">{t('needs.action.filter')}</Button>
      </Form>
      <Card title={t('needs.kind.financing')}>
        <DataTable
          rows={financing}
          rowKey={(r) => r.id}
          empty={t('needs.mine.emptyFinancing')}
          columns={ownNeedColumns<(typeof financing)[number]>(t, 'financing', [
            { key: 'amount', header: t('needs.field.amount'), align: 'right', cell: (r) => formatNeedValue('amount', r.amount, t, locale) },
            {
              key: 'term',
              header: t('needs.field.term_months'),
              cell: (r) => formatNeedValue('term_months', r.term_months, t, locale),
              wide: true,
            },
            { key: 'purpose', header: t('needs.field.purpose'), cell: (r) => formatNeedValue('purpose', r.purpose, t, locale), wide: true },
          ])}
        />
      </Card>
      <Card title={t('needs.kind.hiring')}>
        <DataTable
          rows={hiring}
          rowKey={(r) => r.id}
          empty={t('needs.mine.emptyHiring')}
          columns={ownNeedColumns<(typeof hiring)[number]>(t, 'hiring', [
            {
              key: 'headcount',
              header: t('needs.field.total_headcount'),
              align: 'right',
              cell: (r) => t('needs.unit.people', { n: r.total_headcount }),
            },
          ])}
        />
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
