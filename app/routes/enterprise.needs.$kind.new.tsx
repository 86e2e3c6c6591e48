import { getFormProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, useSchemaForm } from '~/components/form';
import { FinancingNeedFields, HiringNeedFields, paddedPositions } from '~/components/need-forms';
import { Alert, Button, Card, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { isNeedKind } from '~/modules/interests/rules';
import { needKindParam } from '~/modules/needs/viewer.server';
import { assertMayPublishNeed, isVerifiedOrg } from '~/modules/needs/access';
import { createNeed } from '~/modules/needs/needs.server';
import { NEED_FORMS } from '~/modules/needs/schema';
import { getDb } from '~/utils/db.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

/** What the new-need page shows per kind. */
const VIEW = {
  financing: { title: 'needs.new.financingTitle', Fields: FinancingNeedFields, defaultValue: undefined, width: 'max-w-3xl' },
  hiring: {
    title: 'needs.new.hiringTitle',
    Fields: HiringNeedFields,
    defaultValue: { positions: paddedPositions([]) },
    width: 'max-w-4xl',
  },
} as const;

export const meta: MetaFunction = ({ matches, params }) =>
  pageTitle(matches, isNeedKind(params.kind) ? VIEW[params.kind].title : 'error.notFound');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const kind = needKindParam(params.kind);
  const member = await requireOrgMember({ request, context }, 'enterprise');
  return json({ kind, verified: isVerifiedOrg(member.org.status) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const kind = needKindParam(params.kind);
  const member = await requireOrgMember({ request, context }, 'enterprise');
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: NEED_FORMS[kind].create });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const publish = submission.value.intent === 'publish';
  if (publish) assertMayPublishNeed(member.org);
  const { intent: _intent, ...values } = submission.value;
  const id = await createNeed(await getDb(), kind, { orgId: member.org.id, values, publish });
  return redirect(`/enterprise/needs/${kind}/${id}`, {
    headers: await flashHeaders({ tone: 'success', message: publish ? 'needs.flash.published' : 'needs.flash.draftSaved' }),
  });
}

export default function NewNeed() {
  const t = useT();
  const { kind, verified } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const view = VIEW[kind];
  const schema = NEED_FORMS[kind].create;
  const [form, fields] = useSchemaForm(schema, {
    id: `new-${kind}`,
    lastResult,
    // corrected errors disappear while typing, not on the blur of clicking a button (which would move it)
    shouldRevalidate: 'onInput',
    defaultValue: view.defaultValue,
  });
  const busy = navigation.state === 'submitting';
  const Fields = view.Fields as (props: { fields: typeof fields }) => JSX.Element;
  return (
    <div className={`mx-auto ${view.width}`}>
      <PageHeader
        title={t(view.title)}
        actions={
          <LinkButton to="/enterprise/needs" variant="ghost">
            {t('action.back')}
          </LinkButton>
        }
      />
      {!verified ? <Alert tone="warning">{t('needs.new.pendingNotice')}</Alert> : null}
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <FormErrors errors={form.errors} />
          <Fields fields={fields} />
          <div className="flex flex-wrap gap-2">
            <Button name="intent" value="draft" variant="secondary" disabled={busy}>
              {t('needs.action.saveDraft')}
            </Button>
            {verified ? (
              <Button name="intent" value="publish" disabled={busy}>
                {t('needs.action.saveAndPublish')}
              </Button>
            ) : null}
          </div>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
