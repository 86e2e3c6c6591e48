import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { ErrorView } from '~/components/error-view';
import { GroupedOptions } from '~/components/form';
import { formatDate, formatNeedValue, guaranteeLabels, positionText } from '~/components/need-display';
import { Pagination } from '~/components/pagination';
import { RegionSelect } from '~/components/region-select';
import { DataTable } from '~/components/table';
import { Badge, Button, Card, cx, FilterPanel, LinkButton, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrgMember, requireOrganizer, requireRole } from '~/modules/auth/guards.server';
import { GUARANTEE_CODES, GUARANTEE_TYPES, NEED_PURPOSE_CODES, NEED_PURPOSES } from '~/modules/catalog/codes';
import { isVerifiedOrg } from '~/modules/needs/access';
import { listFinancingDirectory, listHiringDirectory, type DirectoryViewer } from '~/modules/needs/directory.server';
import { directoryFiltersFromUrl } from '~/modules/needs/schema';
import { INDUSTRIES, INDUSTRY_CODES, label, SIZE_CODES, SIZES } from '~/modules/organizations/reference';
import { platformScope, regionFullName, regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { pageJson } from '~/utils/page-json.server';
import { httpError } from '~/utils/errors';
import { formatWan, toWan } from '~/utils/money';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'needs.dir.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'bank', 'organizer');
  let viewer: DirectoryViewer;
  let scope: string;
  if (user.role === 'bank') {
    const member = await requireOrgMember({ request, context }, 'bank');
    if (!isVerifiedOrg(member.org.status)) throw httpError(403, 'needs.err.dirNotVerified');
    viewer = { showFinances: true };
    scope = platformScope();
  } else {
    const organizer = await requireOrganizer({ request, context });
    viewer = { showFinances: false, regionScope: organizer.regionCode };
    scope = organizer.regionCode;
  }
  const url = new URL(request.url);
  const filters = directoryFiltersFromUrl(url);
  const db = await getDb();
  const base = {
    kind: filters.kind,
    filters: {
      amount_min: url.searchParams.get('amount_min') ?? '',
      amount_max: url.searchParams.get('amount_max') ?? '',
      term_min: filters.termMin ?? '',
      term_max: filters.termMax ?? '',
      guarantee: filters.guarantee ?? '',
      industry: filters.industry ?? '',
      region: filters.region ?? '',
      purpose: filters.purpose ?? '',
      size: filters.size ?? '',
      q: filters.q ?? '',
      sort: filters.sort,
    },
    scopeName: viewer.regionScope ? regionFullName(viewer.regionScope) : null,
    regionScope: scope,
    showFinances: viewer.showFinances,
  };
  if (filters.kind === 'hiring') {
    const page = await listHiringDirectory(db, filters, viewer);
    return pageJson({
      ...base,
      financing: null,
      hiring: { ...page, rows: page.rows.map((r) => ({ ...r, region_name: regionName(r.region_code) })) },
    });
  }
  const page = await listFinancingDirectory(db, filters, viewer);
  return pageJson({
    ...base,
    financing: { ...page, rows: page.rows.map((r) => ({ ...r, region_name: regionName(r.region_code) })) },
    hiring: null,
  });
}

const INPUT =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700';

function Filter({ id, label, children }: { id: string; label: ReactNode; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
    </div>
  );
}

function Select({
  id,
  value,
  options,
  any,
}: {
  id: string;
  value: string | number;
  options: { value: string; label: string; group?: string }[];
  any: string;
}) {
  return (
    <select id={id} name={id} defaultValue={String(value)} className={INPUT}>
      <GroupedOptions options={options} empty={any} />
    </select>
  );
}

const FINANCING_ONLY = new Set(['amount_min', 'amount_max', 'term_min', 'term_max', 'guarantee', 'purpose']);

export default function NeedsDirectory() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const f = data.filters;
  const isFinancing = data.kind === 'financing';
  const any = t('needs.dir.any');
  const activeFilters = Object.entries(f).filter(
    ([k, v]) => v !== '' && !(k === 'sort' && v === 'newest') && (isFinancing || !FINANCING_ONLY.has(k)),
  ).length;
  const tab = (kind: 'financing' | 'hiring') => (
    <Link
      to={`/needs?kind=${kind}`}
      aria-current={data.kind === kind ? 'page' : undefined}
      className={cx(
        'rounded-md px-3 py-2 text-sm font-medium',
        data.kind === kind ? 'bg-brand-700 text-white' : 'text-brand-800 hover:bg-brand-50',
      )}
    >
      {t(`needs.kind.${kind}`)}
    </Link>
  );
  const enterpriseCell = (r: {
    org_name: string;
    industry: string | null;
    size: string | null;
    region_name: string;
    registered_capital?: number | null;
    annual_revenue?: number | null;
    employees?: number | null;
  }) => (
    // a readable width on a phone, where the table scrolls sideways (the names wrapped a character or two per line)
    <div className="min-w-[9rem]">
      <div className="font-medium text-slate-900">{r.org_name}</div>
      <div className="text-xs text-slate-600">
        {[label(INDUSTRIES, r.industry, locale), label(SIZES, r.size, locale), r.region_name].filter(Boolean).join(' · ')}
      </div>
      {data.showFinances ? (
        <div className="text-xs text-slate-600">
          {[
            r.registered_capital != null ? [t('needs.field.registered_capital'), formatWan(r.registered_capital)] : null,
            r.annual_revenue != null ? [t('needs.field.annual_revenue'), formatWan(r.annual_revenue)] : null,
            r.employees != null ? [t('needs.field.employees'), String(r.employees)] : null,
          ]
            .filter((x): x is string[] => x !== null)
            .map(([name, value], i) => (
              <span key={name}>
                {i > 0 ? ' · ' : ''}
                {name} <span className="figure">{value}</span>
              </span>
            ))}
        </div>
      ) : null}
    </div>
  );
  const page = data.financing ?? data.hiring!;
  return (
    <div className="space-y-4">
      <PageHeader
        title={t('needs.dir.title')}
        subtitle={data.scopeName ? t('needs.dir.scope', { region: data.scopeName }) : t('needs.dir.subtitle')}
      />
      <nav className="flex gap-2" aria-label={t('needs.dir.title')}>
        {tab('financing')}
        {tab('hiring')}
      </nav>
      <FilterPanel label={t('needs.dir.filters')} count={activeFilters}>
        <Card>
          <Form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label={t('needs.dir.filters')}>
            <input type="hidden" name="kind" value={data.kind} />
            <Filter id="q" label={t('needs.dir.q')}>
              <input id="q" name="q" type="search" defaultValue={f.q} placeholder={t('needs.dir.qPlaceholder')} className={INPUT} />
            </Filter>
            <Filter id="region" label={t('needs.field.region')}>
              <RegionSelect
                id="region"
                name="region"
                scope={data.regionScope}
                grouped
                defaultValue={f.region}
                any={any}
                className={INPUT}
              />
            </Filter>
            <Filter id="industry" label={t('needs.field.industry')}>
              <Select
                id="industry"
                value={f.industry}
                options={INDUSTRY_CODES.map((c) => ({ value: c, label: `${c} ${label(INDUSTRIES, c, locale)}` }))}
                any={any}
              />
            </Filter>
            <Filter id="size" label={t('needs.field.size')}>
              <Select id="size" value={f.size} options={SIZE_CODES.map((c) => ({ value: c, label: label(SIZES, c, locale) }))} any={any} />
            </Filter>
            {isFinancing ? (
              <>
                <Filter id="amount_min" label={t('needs.dir.amountMin')}>
                  <input id="amount_min" name="amount_min" inputMode="decimal" defaultValue={f.amount_min} className={INPUT} />
                </Filter>
                <Filter id="amount_max" label={t('needs.dir.amountMax')}>
                  <input id="amount_max" name="amount_max" inputMode="decimal" defaultValue={f.amount_max} className={INPUT} />
                </Filter>
                <Filter id="term_min" label={t('needs.dir.termMin')}>
                  <input id="term_min" name="term_min" inputMode="numeric" defaultValue={f.term_min} className={INPUT} />
                </Filter>
                <Filter id="term_max" label={t('needs.dir.termMax')}>
                  <input id="term_max" name="term_max" inputMode="numeric" defaultValue={f.term_max} className={INPUT} />
                </Filter>
                <Filter id="guarantee" label={t('needs.field.guarantees')}>
                  <Select
                    id="guarantee"
                    value={f.guarantee}
                    options={GUARANTEE_CODES.map((c) => ({ value: c, label: label(GUARANTEE_TYPES, c, locale) }))}
                    any={any}
                  />
                </Filter>
                <Filter id="purpose" label={t('needs.field.purpose')}>
                  <Select
                    id="purpose"
                    value={f.purpose}
                    options={NEED_PURPOSE_CODES.map((c) => ({ value: c, label: label(NEED_PURPOSES, c, locale) }))}
                    any={any}
                  />
                </Filter>
              </>
            ) : null}
            <Filter id="sort" label={t('needs.dir.sort')}>
              <select id="sort" name="sort" defaultValue={f.sort} className={INPUT}>
                <option value="newest">{t('needs.dir.sort.newest')}</option>
                <option value="amount">{t(isFinancing ? 'needs.dir.sort.amount' : 'needs.dir.sort.headcount')}</option>
                <option value="wanted_by">{t('needs.dir.sort.wanted_by')}</option>
              </select>
            </Filter>
            <div className="flex items-end gap-2">
              <Button>{t('needs.action.filter')}</Button>
              <LinkButton to={`/needs?kind=${data.kind}`} variant="ghost">
                {t('needs.action.reset')}
              </LinkButton>
            </div>
          </Form>
        </Card>
      </FilterPanel>
      <p className="text-sm text-slate-700">{t('needs.dir.total', { total: page.total })}</p>
      {data.financing ? (
        <DataTable
          rows={data.financing.rows}
          rowKey={(r) => r.id}
          empty={t('needs.dir.empty')}
          columns={[
            { key: 'enterprise', header: t('needs.field.enterprise'), cell: enterpriseCell },
            {
              key: 'title',
              header: t('needs.field.title'),
              cell: (r) => (
                <Link className="font-medium text-brand-800 underline" to={`/needs/financing/${r.id}`}>
                  {r.title}
                </Link>
              ),
            },
            { key: 'amount', header: t('needs.field.amount'), align: 'right', cell: (r) => `${toWan(r.amount)}${t('needs.unit.wan')}` },
            { key: 'term', header: t('needs.field.term_months'), cell: (r) => formatNeedValue('term_months', r.term_months, t, locale) },
            { key: 'guarantees', header: t('needs.field.guarantees'), cell: (r) => guaranteeLabels(r.guarantee_mask, locale), wide: true },
            { key: 'purpose', header: t('needs.field.purpose'), cell: (r) => formatNeedValue('purpose', r.purpose, t, locale), wide: true },
            { key: 'published', header: t('needs.field.published_at'), cell: (r) => formatDate(r.published_at), wide: true },
            { key: 'responses', header: t('needs.field.responses'), align: 'right', cell: (r) => r.responses },
          ]}
        />
      ) : data.hiring ? (
        <DataTable
          rows={data.hiring.rows}
          rowKey={(r) => r.id}
          empty={t('needs.dir.empty')}
          columns={[
            { key: 'enterprise', header: t('needs.field.enterprise'), cell: enterpriseCell },
            {
              key: 'title',
              header: t('needs.field.title'),
              cell: (r) => (
                <div>
                  <Link className="font-medium text-brand-800 underline" to={`/needs/hiring/${r.id}`}>
                    {r.title}
                  </Link>
                  {r.training_support ? (
                    <span className="ml-2">
                      <Badge tone="blue">{t('needs.dir.training')}</Badge>
                    </span>
                  ) : null}
                  <ul className="mt-1 text-xs text-slate-600">
                    {r.positions.map((p, i) => (
                      <li key={i}>{positionText(p, t)}</li>
                    ))}
                  </ul>
                </div>
              ),
            },
            {
              key: 'headcount',
              header: t('needs.field.total_headcount'),
              align: 'right',
              cell: (r) => t('needs.unit.people', { n: r.total_headcount }),
            },
            { key: 'wanted', header: t('needs.field.wanted_byHiring'), cell: (r) => r.wanted_by ?? '', wide: true },
            { key: 'published', header: t('needs.field.published_at'), cell: (r) => formatDate(r.published_at), wide: true },
            { key: 'responses', header: t('needs.field.responses'), align: 'right', cell: (r) => r.responses },
          ]}
        />
      ) : null}
      <Pagination page={page.page} pageSize={page.pageSize} total={page.total} cursors={page.cursors} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
