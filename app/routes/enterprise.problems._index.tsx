import { getFormProps, useForm } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, SelectField, TextareaField } from '~/components/form';
import { ProblemList } from '~/components/problem-view';
import { Button, Card, PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { PROBLEM_CATEGORIES } from '~/modules/followup/problem-rules';
import { RecordProblemSchema } from '~/modules/followup/problem-schema';
import { listProblems, recordProblem } from '~/modules/followup/problems.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'problems.enterprise.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { org } = await requireOrgMember({ request, context }, 'enterprise');
  const { rows } = await listProblems(await getDb(), { kind: 'enterprise', orgId: org.id });
  return json({ rows });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, org } = await requireOrgMember({ request, context }, 'enterprise');
  const submission = parseWithZod(await readFormData(request), { schema: RecordProblemSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const db = await getDb();
  let id: string;
  try {
    id = await recordProblem(db, { kind: 'enterprise', userId: user.id, orgId: org.id }, submission.value);
  } catch (e) {
    return replyWithError(e, submission);
  }
  const code = (await db.selectFrom('problems').select('ledger_code').where('id', '=', id).executeTakeFirst())?.ledger_code ?? '';
  return redirect(`/enterprise/problems/${id}`, {
    headers: await flashHeaders({ tone: 'success', message: msg('problems.flash.recorded', { code }) }),
  });
}

export default function EnterpriseProblems() {
  const t = useT();
  const { rows } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: 'record-problem',
    lastResult: last,
    constraint: getZodConstraint(RecordProblemSchema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecordProblemSchema }),
  });
  return (
    <div>
      <PageHeader title={t('problems.enterprise.title')} subtitle={t('problems.enterprise.lead')} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <ProblemList rows={rows} linkTo={(id) => `/enterprise/problems/${id}`} />
        </div>
        <Card title={t('problems.record')}>
          <Form method="post" {...getFormProps(form)} className="space-y-4">
            <FormErrors errors={form.errors} />
            <SelectField
              field={fields.category}
              label={t('problems.category')}
              options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`problems.category.${c}`) }))}
            />
            <TextareaField field={fields.description} label={t('problems.description')} rows={5} />
            <Button>{t('problems.record')}</Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
