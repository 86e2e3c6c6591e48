import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { ProblemList, RecordProblemForm } from '~/components/problem-view';
import { PageHeader } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { RecordProblemSchema } from '~/modules/followup/problem-schema';
import { listProblems, recordProblem } from '~/modules/followup/problems.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';
import { useSchemaForm } from '~/components/form';

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
  const [form, fields] = useSchemaForm(RecordProblemSchema, {
    id: 'record-problem',
    lastResult: last,
  });
  return (
    <div>
      <PageHeader title={t('problems.enterprise.title')} subtitle={t('problems.enterprise.lead')} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <ProblemList rows={rows} linkTo={(id) => `/enterprise/problems/${id}`} />
        </div>
        <RecordProblemForm title={t('problems.record')} form={form} fields={fields} rows={5} />
      </div>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
