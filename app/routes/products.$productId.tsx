import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ApplyForm } from '~/components/application-stage';
import { ErrorView } from '~/components/error-view';
import { Alert, Badge, Card, DescriptionList, LinkButton, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { getAuth } from '~/modules/auth/guards.server';
import { GUARANTEE_TYPES, PRODUCT_CATEGORIES, guaranteesOf, industriesOf, sizesOf } from '~/modules/catalog/codes';
import { BANK_TYPES, INDUSTRIES, SIZES, label } from '~/modules/organizations/reference';
import { formatAmountRange, formatProductRate } from '~/modules/products/format';
import { getProduct } from '~/modules/products/products.server';
import { regionFullName } from '~/modules/regions/regions.server';
import { needsToApplyWith } from '~/modules/applications/applications.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { recordTitle } from '~/utils/meta';
import { pageJson } from '~/utils/page-json.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => recordTitle(matches, data?.product.name, 'products.title');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const product = await getProduct(await getDb(), params.productId ?? '');
  if (!product) throw httpError(404, 'error.notFound');
  const auth = await getAuth({ request, context });
  // Unpublished products are visible to their own bank only; anyone else is told nothing exists.
  const owner = auth?.user.role === 'bank' && auth.user.organizationId === product.organization_id;
  if (product.status !== 'published' && !owner) throw httpError(404, 'error.notFound');
  const { organization_id: _org, ...visible } = product;
  // 一键申请: an enterprise applies with one of its open financing needs
  const canApply = product.status === 'published' && auth?.user.role === 'enterprise' && !!auth.user.organizationId;
  const needs = canApply && auth?.user.organizationId ? await needsToApplyWith(await getDb(), auth.user.organizationId) : null;
  return pageJson({ product: { ...visible, regionNames: product.regions.map((c) => regionFullName(c)) }, owner, needs });
}

export default function ProductDetailPage() {
  const t = useT();
  const locale = useLocale();
  const { product: p, owner, needs } = useLoaderData<typeof loader>();
  const industries = industriesOf(p.industry_mask);
  const sizes = sizesOf(p.size_mask);
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={p.name}
        subtitle={`${p.bank_name}${p.bank_type ? ` · ${label(BANK_TYPES, p.bank_type, locale)}` : ''}`}
        actions={
          <>
            <LinkButton to="/products" variant="ghost">
              {t('products.action.backToDirectory')}
            </LinkButton>
            {owner ? (
              <LinkButton to={`/bank/products/${p.id}`} variant="secondary">
                {t('action.edit')}
              </LinkButton>
            ) : null}
          </>
        }
      />
      {needs ? (
        <Card title={t('applications.apply')} className="mb-4">
          <ApplyForm productId={p.id} needs={needs} />
        </Card>
      ) : null}
      {p.status === 'draft' ? <Alert tone="warning">{t('products.draftNotice')}</Alert> : null}
      {p.status === 'retired' ? <Alert tone="info">{t('products.retiredNotice')}</Alert> : null}
      <Card>
        <div className="mb-4 flex flex-wrap gap-2">
          <Badge tone="blue">{label(PRODUCT_CATEGORIES, p.category, locale)}</Badge>
          {p.status !== 'published' ? <Badge>{t(`products.status.${p.status}`)}</Badge> : null}
          {p.employment_linked ? <Badge tone="green">{t('products.field.employmentLinked')}</Badge> : null}
        </div>
        <DescriptionList
          items={[
            { label: t('products.field.amount'), value: formatAmountRange(p.amount_min, p.amount_max) },
            {
              label: t('products.field.term'),
              value:
                p.term_min_months === p.term_max_months
                  ? t('products.monthsOne', { n: p.term_min_months })
                  : t('products.months', { min: p.term_min_months, max: p.term_max_months }),
            },
            { label: t('products.field.rateType'), value: t(`products.rateType.${p.rate_type}`) },
            { label: t('products.field.rate'), value: formatProductRate(p.rate_type, p.rate_min_bp, p.rate_max_bp) },
            {
              label: t('products.field.guarantees'),
              value: guaranteesOf(p.guarantee_mask)
                .map((g) => label(GUARANTEE_TYPES, g, locale))
                .join('、'),
            },
            {
              label: t('products.field.industries'),
              value: industries.length ? industries.map((c) => label(INDUSTRIES, c, locale)).join('、') : t('products.allIndustries'),
            },
            {
              label: t('products.field.sizes'),
              value: sizes.length ? sizes.map((c) => label(SIZES, c, locale)).join('、') : t('products.allSizes'),
            },
            { label: t('products.field.minYears'), value: p.min_years ? t('products.years', { n: p.min_years }) : t('products.any') },
            ...(p.employment_linked
              ? [{ label: t('products.field.minNewHires'), value: t('products.newHires', { n: p.min_new_hires }) }]
              : []),
            { label: t('products.field.regions'), value: p.regionNames.join('、') },
            { label: t('products.field.publishedAt'), value: p.published_at?.slice(0, 10) ?? '' },
          ]}
        />
        {p.materials ? (
          <section className="mt-6">
            <h2 className="text-sm font-semibold text-slate-900">{t('products.field.materials')}</h2>
            <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{p.materials}</p>
          </section>
        ) : null}
        {p.description ? (
          <section className="mt-6">
            <h2 className="text-sm font-semibold text-slate-900">{t('products.field.description')}</h2>
            <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{p.description}</p>
          </section>
        ) : null}
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
