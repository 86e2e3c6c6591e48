import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, useSchemaForm } from '~/components/form';
import { ProductFormBody, type ProductFormFields } from '~/components/product-form';
import { Alert, Button, Card, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember, requireVerifiedOrg } from '~/modules/auth/guards.server';
import { createProduct } from '~/modules/products/products.server';
import { productFormSchema } from '~/modules/products/schema';
import { isKnownRegion, regionOptions } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { readFormData } from '~/server/form-guard';
import { pageTitle } from '~/utils/meta';
import { bankServedRegions } from '~/modules/regions/bank-regions.server';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'products.newTitle');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const regions = await bankServedRegions(await getDb(), member.org.id, member.org.region_code);
  return json({ verified: member.org.status === 'verified', defaultRegions: regions, regionOptions: regionOptions() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const publish = formData.get('intent') === 'publish';
  // Only a verified bank publishes; a pending one keeps drafts.
  const member = publish ? await requireVerifiedOrg({ request, context }, 'bank') : await requireOrgMember({ request, context }, 'bank');
  const submission = parseWithZod(formData, { schema: productFormSchema({ isKnownRegion }) });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  let result: Awaited<ReturnType<typeof createProduct>>;
  try {
    result = await createProduct(await getDb(), member.org, submission.value, { publish });
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/bank/products/${result.id}`, {
    headers: await flashHeaders({ tone: 'success', message: publish ? 'products.createdPublished' : 'products.created' }),
  });
}

export default function NewProduct() {
  const t = useT();
  const { verified, defaultRegions, regionOptions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const schema = productFormSchema();
  const [form, fields] = useSchemaForm(schema, {
    lastResult,
    defaultValue: { rateType: 'lpr', termMin: '1', termMax: '12', regions: defaultRegions },
  });
  const busy = navigation.state === 'submitting';
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader
        title={t('products.newTitle')}
        actions={
          <LinkButton to="/bank/products" variant="ghost">
            {t('action.back')}
          </LinkButton>
        }
      />
      {!verified ? <Alert tone="warning">{t('products.pendingNotice')}</Alert> : null}
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <FormErrors errors={form.errors} />
          <ProductFormBody fields={fields as unknown as ProductFormFields} regionOptions={regionOptions} />
          <div className="flex flex-wrap gap-2">
            <Button name="intent" value="draft" variant="secondary" disabled={busy}>
              {t('products.action.saveDraft')}
            </Button>
            {verified ? (
              <Button name="intent" value="publish" disabled={busy}>
                {t('products.action.saveAndPublish')}
              </Button>
            ) : null}
          </div>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
