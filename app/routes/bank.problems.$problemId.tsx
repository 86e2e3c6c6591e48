import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { ProblemHandlerForms } from '~/components/problem-handler-forms';
import { ProblemPage } from '~/components/problem-view';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { HandlerProblemSchema } from '~/modules/followup/problem-schema';
import { contactProblem, problemDetail, replyToProblem } from '~/modules/followup/problems.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { recordTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  recordTitle(matches, data?.problem.ledgerCode, 'problems.bank.title');

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { org } = await requireOrgMember({ request, context }, 'bank');
  return json(await problemDetail(await getDb(), { kind: 'bank', orgId: org.id }, params.problemId ?? ''));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, org } = await requireOrgMember({ request, context }, 'bank');
  const submission = parseWithZod(await readFormData(request), { schema: HandlerProblemSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const id = params.problemId ?? '';
  const actor = { userId: user.id, orgId: org.id };
  const v = submission.value;
  try {
    if (v.intent === 'contact') await contactProblem(await getDb(), actor, id);
    else await replyToProblem(await getDb(), actor, id, v.reply);
  } catch (e) {
    return replyWithError(e, submission);
  }
  const message = v.intent === 'contact' ? 'problems.flash.contacted' : 'problems.flash.replied';
  return redirect(`/bank/problems/${id}`, { headers: await flashHeaders({ tone: 'success', message }) });
}

export default function BankProblem() {
  const _t = useT();
  const d = useLoaderData<typeof loader>();
  return (
    <ProblemPage backTo="/bank/problems" record={d}>
      <ProblemHandlerForms p={d.problem} />
    </ProblemPage>
  );
}

export const ErrorBoundary = ErrorView;
