import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors } from '~/components/form';
import { HiringNeedFields, paddedPositions } from '~/components/need-forms';
import { Alert, Button, Card, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { createHiringNeed } from '~/modules/needs/hiring.server';
import { HiringNeedSchema } from '~/modules/needs/schema';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { flashHeaders } from '~/utils/flash.server';

export const meta: MetaFunction = () => [{ title: '发布用工需求 · 政银企对接平台' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireOrgMember(request, 'enterprise');
  return json({ verified: member.org.status === 'verified' });
}

export async function action({ request }: ActionFunctionArgs) {
  const member = await requireOrgMember(request, 'enterprise');
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: HiringNeedSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const publish = submission.value.intent === 'publish';
  // Only a verified enterprise publishes; a pending one keeps drafts.
  if (publish && member.org.status !== 'verified') throw httpError(403, 'needs.err.notVerified');
  const { intent: _intent, ...values } = submission.value;
  const id = await createHiringNeed(await getDb(), { orgId: member.org.id, values, publish });
  return redirect(`/enterprise/needs/hiring/${id}`, {
    headers: await flashHeaders({ tone: 'success', message: publish ? 'needs.flash.published' : 'needs.flash.draftSaved' }),
  });
}

export default function NewHiringNeed() {
  const t = useT();
  const { verified } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(HiringNeedSchema),
    shouldValidate: 'onBlur',
    // corrected errors disappear while typing, not on the blur of clicking a button (which would move it)
    shouldRevalidate: 'onInput',
    defaultValue: { positions: paddedPositions([]) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HiringNeedSchema }),
  });
  const busy = navigation.state === 'submitting';
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title={t('needs.new.hiringTitle')} actions={<LinkButton to="/enterprise/needs" variant="ghost">{t('action.back')}</LinkButton>} />
      {!verified ? <Alert tone="warning">{t('needs.new.pendingNotice')}</Alert> : null}
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <FormErrors errors={form.errors} />
          <HiringNeedFields fields={fields} />
          <div className="flex flex-wrap gap-2">
            <Button name="intent" value="draft" variant="secondary" disabled={busy}>{t('needs.action.saveDraft')}</Button>
            {verified ? (
              <Button name="intent" value="publish" disabled={busy}>{t('needs.action.saveAndPublish')}</Button>
            ) : null}
          </div>
        </Form>
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
