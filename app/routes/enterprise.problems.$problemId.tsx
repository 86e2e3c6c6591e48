import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { ProblemPage } from '~/components/problem-view';
import { Button, Card } from '~/components/ui';
import { msg } from '~/i18n/translate';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { listDocuments } from '~/modules/documents/documents.server';
import { PROBLEM_RATINGS } from '~/modules/followup/problem-rules';
import { EnterpriseProblemSchema } from '~/modules/followup/problem-schema';
import { attachDocument, problemDetail, rateProblem } from '~/modules/followup/problems.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { recordTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => recordTitle(matches, data?.problem.ledgerCode, 'problems.title');

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { org } = await requireOrgMember({ request, context }, 'enterprise');
  const db = await getDb();
  const d = await problemDetail(db, { kind: 'enterprise', orgId: org.id }, params.problemId ?? '');
  const linked = new Set(d.attachments.map((a) => a.id));
  const documents = (await listDocuments(db, org.id))
    .filter((doc) => !linked.has(doc.id))
    .map((doc) => ({ id: doc.id, name: doc.file_name }));
  return json({ ...d, documents });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, org } = await requireOrgMember({ request, context }, 'enterprise');
  const submission = parseWithZod(await readFormData(request), { schema: EnterpriseProblemSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const id = params.problemId ?? '';
  const actor = { userId: user.id, orgId: org.id };
  let message: string;
  try {
    if (v.intent === 'attach') {
      await attachDocument(await getDb(), actor, id, v.documentId);
      message = 'problems.flash.attached';
    } else {
      const r = await rateProblem(await getDb(), actor, id, { rating: v.rating, reopen: v.reopen === '1' });
      message = r.status === 'closed' ? 'problems.flash.closed' : msg('problems.flash.reopened', { date: r.dueOn ?? '' });
    }
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/enterprise/problems/${id}`, { headers: await flashHeaders({ tone: 'success', message }) });
}

const INPUT = 'mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm';

export default function EnterpriseProblem() {
  const t = useT();
  const d = useLoaderData<typeof loader>();
  const p = d.problem;
  return (
    <ProblemPage backTo="/enterprise/problems" record={d}>
      {p.status === 'replied' ? (
        <Card title={t('problems.rateTitle')}>
          <Form method="post" className="space-y-3" data-testid="rate-form">
            <input type="hidden" name="intent" value="rate" />
            <fieldset>
              <legend className="text-sm font-medium text-slate-800">{t('problems.rating')}</legend>
              <div className="mt-1 flex flex-wrap gap-4">
                {PROBLEM_RATINGS.map((r) => (
                  <label key={r} className="flex items-center gap-2 text-sm">
                    <input type="radio" name="rating" value={r} required defaultChecked={r === 'satisfied'} />
                    {t(`problems.rating.${r}`)}
                  </label>
                ))}
              </div>
            </fieldset>
            <p className="text-xs text-slate-600">{t('problems.reopenHint')}</p>
            <div className="flex flex-wrap gap-2">
              <Button name="reopen" value="">
                {t('problems.close')}
              </Button>
              <Button name="reopen" value="1" variant="secondary">
                {t('problems.reopen')}
              </Button>
            </div>
          </Form>
        </Card>
      ) : null}
      {p.status !== 'closed' ? (
        <Card title={t('problems.attach')}>
          {d.documents.length ? (
            <Form method="post" className="flex flex-wrap items-end gap-2">
              <input type="hidden" name="intent" value="attach" />
              <label className="block min-w-0 flex-1 text-sm">
                {t('problems.attachHint')}
                <select name="documentId" required className={INPUT}>
                  {d.documents.map((doc) => (
                    <option key={doc.id} value={doc.id}>
                      {doc.name}
                    </option>
                  ))}
                </select>
              </label>
              <Button variant="secondary">{t('problems.attach')}</Button>
            </Form>
          ) : (
            <p className="text-sm text-slate-700">
              {t('problems.noDocuments')}{' '}
              <Link to="/org/documents" className="text-brand-800 underline">
                {t('problems.uploadLink')}
              </Link>
            </p>
          )}
        </Card>
      ) : null}
    </ProblemPage>
  );
}

export const ErrorBoundary = ErrorView;
