import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { ErrorView } from '~/components/error-view';
import { Pagination } from '~/components/pagination';
import { RegionSelect } from '~/components/region-select';
import { Alert, Badge, Button, EmptyState, FilterPanel, LinkButton, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { GUARANTEE_TYPES, PRODUCT_CATEGORIES, guaranteesOf } from '~/modules/catalog/codes';
import { BANK_TYPES, INDUSTRIES, label } from '~/modules/organizations/reference';
import { searchProducts } from '~/modules/products/directory.server';
import { formatAmountRange, formatProductRate } from '~/modules/products/format';
import { PRODUCT_SORTS, productFiltersFromUrl } from '~/modules/products/schema';
import { isKnownRegion, platformScope, regionFullName, regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { pageJson } from '~/utils/page-json.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'products.directory.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { filters, raw, errors } = productFiltersFromUrl(url, { isKnownRegion });
  const result = await searchProducts(await getDb(), filters);
  // what a row shows: the first six regions' names, and whether there are more
  const products = result.products.map(({ regions, published_at: _p, min_new_hires: _h, ...p }) => ({
    ...p,
    regionNames: regions.slice(0, 6).map((c) => regionName(c)),
    moreRegions: regions.length > 6,
  }));
  // the region select's options come from /regions.json in the browser (decision 039g): only the choice's name here
  const regionLabel = raw.region && isKnownRegion(raw.region) ? regionFullName(raw.region) : undefined;
  return pageJson({ ...result, products, raw, errors, regionScope: platformScope(), regionLabel });
}

const INPUT =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 aria-[invalid=true]:ring-red-600';

function Filter({ name, label: text, error, children }: { name: string; label: string; error?: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="min-w-0">
      <label htmlFor={`f-${name}`} className="mb-1 block text-sm font-medium text-slate-800">
        {text}
      </label>
      {children}
      {error ? (
        <p id={`f-${name}-error`} className="mt-1 text-sm text-red-700">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

export default function ProductDirectory() {
  const t = useT();
  const locale = useLocale();
  const { products, total, page, pageSize, cursors, raw, errors, regionScope, regionLabel } = useLoaderData<typeof loader>();
  const select = (name: keyof typeof raw, list: Record<string, readonly [string, string]>, withCode = false) => (
    <select
      id={`f-${name}`}
      name={name}
      defaultValue={raw[name]}
      className={INPUT}
      aria-invalid={errors[name] ? true : undefined}
      aria-describedby={errors[name] ? `f-${name}-error` : undefined}
    >
      <option value="">{t('products.any')}</option>
      {Object.keys(list).map((c) => (
        <option key={c} value={c}>
          {withCode ? `${c} ` : ''}
          {label(list, c, locale)}
        </option>
      ))}
    </select>
  );
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <div>
      <PageHeader title={t('products.directory.title')} subtitle={t('products.directory.subtitle')} />
      <FilterPanel
        label={t('products.directory.filters')}
        count={Object.entries(raw).filter(([k, v]) => v && !(k === 'sort' && v === 'newest')).length}
      >
        <Form method="get" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-label={t('products.directory.filters')}>
          {hasErrors ? <Alert tone="warning">{t('products.directory.ignored')}</Alert> : null}
          <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <div className="sm:col-span-2">
              <Filter name="q" label={t('products.field.q')}>
                <input
                  id="f-q"
                  type="search"
                  name="q"
                  defaultValue={raw.q}
                  placeholder={t('products.field.qPlaceholder')}
                  maxLength={100}
                  className={INPUT}
                />
              </Filter>
            </div>
            <Filter name="amount" label={`${t('products.field.needAmount')}（${t('products.unit.wan')}）`} error={errors.amount}>
              <input
                id="f-amount"
                name="amount"
                inputMode="decimal"
                defaultValue={raw.amount}
                className={INPUT}
                aria-invalid={errors.amount ? true : undefined}
                aria-describedby={errors.amount ? 'f-amount-error' : undefined}
              />
            </Filter>
            <Filter name="term" label={t('products.field.needTerm')} error={errors.term}>
              <input
                id="f-term"
                name="term"
                inputMode="numeric"
                defaultValue={raw.term}
                className={INPUT}
                aria-invalid={errors.term ? true : undefined}
                aria-describedby={errors.term ? 'f-term-error' : undefined}
              />
            </Filter>
            <Filter name="guarantee" label={t('products.field.guarantees')} error={errors.guarantee}>
              {select('guarantee', GUARANTEE_TYPES)}
            </Filter>
            <Filter name="industry" label={t('products.field.industries')} error={errors.industry}>
              {select('industry', INDUSTRIES, true)}
            </Filter>
            <Filter name="category" label={t('products.field.category')} error={errors.category}>
              {select('category', PRODUCT_CATEGORIES)}
            </Filter>
            <Filter name="bank_type" label={t('products.field.bankType')} error={errors.bank_type}>
              {select('bank_type', BANK_TYPES)}
            </Filter>
            <Filter name="region" label={t('products.field.region')} error={errors.region}>
              <RegionSelect
                id="f-region"
                name="region"
                scope={regionScope}
                defaultValue={raw.region}
                onDemand
                chosenLabel={regionLabel}
                any={t('products.any')}
                className={INPUT}
                invalid={Boolean(errors.region)}
                describedBy={errors.region ? 'f-region-error' : undefined}
              />
            </Filter>
            <Filter name="sort" label={t('products.field.sort')} error={errors.sort}>
              <select id="f-sort" name="sort" defaultValue={raw.sort || 'newest'} className={INPUT}>
                {PRODUCT_SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t(`products.sort.${s}`)}
                  </option>
                ))}
              </select>
            </Filter>
          </div>
          <div className="mt-4 flex flex-wrap gap-2">
            <Button>{t('products.directory.apply')}</Button>
            <LinkButton to="/products" variant="ghost">
              {t('products.directory.reset')}
            </LinkButton>
          </div>
        </Form>
      </FilterPanel>
      {products.length === 0 ? (
        <EmptyState title={t('products.directory.empty')} hint={t('products.directory.emptyHint')} />
      ) : (
        <ul className="space-y-3" aria-label={t('products.directory.title')}>
          {products.map((p) => (
            <li key={p.id} className="list-card" data-product-id={p.id}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  <h2 className="text-base font-semibold text-slate-900">
                    <Link to={`/products/${p.id}`} className="text-brand-800 underline-offset-2 hover:underline">
                      {p.name}
                    </Link>
                  </h2>
                  <p className="text-sm text-slate-700">
                    {p.bank_name}
                    {p.bank_type ? ` · ${label(BANK_TYPES, p.bank_type, locale)}` : ''}
                  </p>
                </div>
                <div className="flex flex-wrap gap-1">
                  <Badge tone="blue">{label(PRODUCT_CATEGORIES, p.category, locale)}</Badge>
                  {p.employment_linked ? <Badge tone="green">{t('products.field.employmentLinked')}</Badge> : null}
                </div>
              </div>
              <dl className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
                <div>
                  <dt className="label-xs">{t('products.field.amount')}</dt>
                  <dd className="tabular-nums">{formatAmountRange(p.amount_min, p.amount_max)}</dd>
                </div>
                <div>
                  <dt className="label-xs">{t('products.field.term')}</dt>
                  <dd>{t('products.months', { min: p.term_min_months, max: p.term_max_months })}</dd>
                </div>
                <div>
                  <dt className="label-xs">{t('products.field.rate')}</dt>
                  <dd className="tabular-nums">{formatProductRate(p.rate_type, p.rate_min_bp, p.rate_max_bp)}</dd>
                </div>
                <div>
                  <dt className="label-xs">{t('products.field.guarantees')}</dt>
                  <dd>
                    {guaranteesOf(p.guarantee_mask)
                      .map((g) => label(GUARANTEE_TYPES, g, locale))
                      .join('、')}
                  </dd>
                </div>
              </dl>
              <p className="mt-2 text-xs text-slate-600">
                {t('products.field.regions')}：{p.regionNames.join('、')}
                {p.moreRegions ? '…' : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} cursors={cursors} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
