import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, useSchemaForm } from '~/components/form';
import { ProductFormBody, type ProductFormFields } from '~/components/product-form';
import { Alert, Badge, Button, Card, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember, requireVerifiedOrg } from '~/modules/auth/guards.server';
import { guaranteesOf, industriesOf, policiesOf, sizesOf } from '~/modules/catalog/codes';
import { bpToPercentInput } from '~/modules/products/format';
import { getOwnProduct, publishProduct, retireProduct, updateProduct } from '~/modules/products/products.server';
import { ProductActionSchema, productEditSchema } from '~/modules/products/schema';
import { getRegion, isKnownRegion, regionOptions } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { yuanToWanInput } from '~/utils/money';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'products.editTitle');

const STATUS_TONE = { draft: 'gray', published: 'green', retired: 'yellow' } as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const product = await getOwnProduct(await getDb(), member.org.id, params.productId ?? '');
  if (!product) throw httpError(404, 'error.notFound');
  const options = regionOptions();
  // Regions outside the platform's home area stay selectable on edit.
  for (const code of product.regions) {
    if (!options.some((o) => o.code === code)) options.push({ code, label: getRegion(code)?.fullName ?? code, group: '' });
  }
  return json({ product, verified: member.org.status === 'verified', regionOptions: options });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = params.productId ?? '';
  const formData = await readFormData(request);
  const intent = String(formData.get('intent') ?? 'save');
  const db = await getDb();
  if (intent === 'publish' || intent === 'retire') {
    const member =
      intent === 'publish' ? await requireVerifiedOrg({ request, context }, 'bank') : await requireOrgMember({ request, context }, 'bank');
    const submission = parseWithZod(formData, { schema: ProductActionSchema });
    if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
    try {
      await (intent === 'publish' ? publishProduct : retireProduct)(db, member.org, id, submission.value.version);
    } catch (e) {
      return replyWithError(e, submission);
    }
    return redirect(`/bank/products/${id}`, {
      headers: await flashHeaders({ tone: 'success', message: intent === 'publish' ? 'products.published' : 'products.retired' }),
    });
  }
  const member = await requireOrgMember({ request, context }, 'bank');
  const submission = parseWithZod(formData, { schema: productEditSchema({ isKnownRegion }) });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const { version, ...values } = submission.value;
  try {
    await updateProduct(db, member.org, id, version, values);
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/bank/products/${id}`, { headers: await flashHeaders({ tone: 'success', message: 'products.saved' }) });
}

export default function EditProduct() {
  const t = useT();
  const { product: p, verified, regionOptions } = useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>();
  // Publish/retire replies carry only intent and version: they must not reset the edit form.
  const intent = (actionResult?.initialValue as Record<string, unknown> | undefined)?.intent;
  const stateActionErrors = intent === 'publish' || intent === 'retire' ? (actionResult?.error?.[''] ?? undefined) : undefined;
  const lastResult = stateActionErrors ? undefined : actionResult;
  const navigation = useNavigation();
  const schema = productEditSchema();
  const [form, fields] = useSchemaForm(schema, {
    id: `product-${p.id}-${p.version}`,
    lastResult,
    defaultValue: {
      name: p.name,
      category: p.category,
      amountMin: yuanToWanInput(p.amount_min),
      amountMax: yuanToWanInput(p.amount_max),
      termMin: String(p.term_min_months),
      termMax: String(p.term_max_months),
      rateType: p.rate_type,
      rateMin: bpToPercentInput(p.rate_min_bp),
      rateMax: bpToPercentInput(p.rate_max_bp),
      guarantees: guaranteesOf(p.guarantee_mask),
      policies: policiesOf(p.policy_mask),
      industries: industriesOf(p.industry_mask),
      sizes: sizesOf(p.size_mask),
      minYears: String(p.min_years),
      regions: p.regions,
      minNewHires: p.employment_linked ? String(p.min_new_hires) : '',
      materials: p.materials ?? '',
      description: p.description ?? '',
      version: String(p.version),
    },
  });
  const busy = navigation.state === 'submitting';
  const retired = p.status === 'retired';
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {p.name} <Badge tone={STATUS_TONE[p.status]}>{t(`products.status.${p.status}`)}</Badge>
          </span>
        }
        subtitle={t('products.editTitle')}
        actions={
          <>
            <LinkButton to="/bank/products" variant="ghost">
              {t('products.action.backToList')}
            </LinkButton>
            <LinkButton to={`/products/${p.id}`} variant="secondary">
              {t('products.action.viewPublic')}
            </LinkButton>
          </>
        }
      />
      {!verified && p.status === 'draft' ? <Alert tone="warning">{t('products.pendingNotice')}</Alert> : null}
      {retired ? <Alert tone="info">{t('products.retiredNotice')}</Alert> : null}
      <FormErrors errors={stateActionErrors ?? (retired ? form.errors : undefined)} />
      {!retired ? (
        <Card className="mb-4">
          <div className="flex flex-wrap gap-2">
            {p.status === 'draft' && verified ? (
              <Form method="post">
                <input type="hidden" name="version" value={p.version} />
                <Button name="intent" value="publish" disabled={busy}>
                  {t('products.action.publish')}
                </Button>
              </Form>
            ) : null}
            <Form method="post">
              <input type="hidden" name="version" value={p.version} />
              <Button name="intent" value="retire" variant="danger" disabled={busy}>
                {t('products.action.retire')}
              </Button>
            </Form>
          </div>
        </Card>
      ) : null}
      {!retired ? (
        <Card>
          <Form method="post" {...getFormProps(form)} className="space-y-6">
            <FormErrors errors={form.errors} />
            <input type="hidden" name="version" value={p.version} />
            <ProductFormBody fields={fields as unknown as ProductFormFields} regionOptions={regionOptions} />
            <Button name="intent" value="save" disabled={busy}>
              {t('products.action.save')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
