import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ApplicationCards } from '~/components/application-cards';
import { ErrorView } from '~/components/error-view';
import { FormErrors, replyErrors } from '~/components/form';
import { Badge, Button, EmptyState, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { applicationActor, answerApplication, bankApplications, responseSummary } from '~/modules/applications/applications.server';
import { bankSteps } from '~/modules/applications/rules';
import { BankAnswerSchema } from '~/modules/applications/schema';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { formatTotal, yuanToWanInput } from '~/utils/money';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'applications.bankTitle');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const rows = await bankApplications(await getDb(), member.org.id);
  return json({ rows: rows.map((r) => ({ ...r, steps: bankSteps(r.status) })), summary: responseSummary(rows) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const submission = parseWithZod(await readFormData(request), { schema: BankAnswerSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  try {
    await answerApplication(await getDb(), applicationActor(member), v.applicationId, v.version, {
      kind: v.intent,
      reason: 'reason' in v ? v.reason : undefined,
      amount: 'amount' in v ? v.amount : undefined,
    });
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect('/bank/applications', { headers: await flashHeaders({ tone: 'success', message: `applications.flash.${v.intent}` }) });
}

const TONE = { submitted: 'yellow', accepted: 'blue', more_info: 'yellow', declined: 'red', approved: 'green', withdrawn: 'gray' } as const;

export default function BankApplications() {
  const t = useT();
  const { rows, summary } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const errors = replyErrors(last);
  return (
    <div>
      <PageHeader
        title={t('applications.bankTitle')}
        subtitle={t('applications.bankLead', { answered: summary.answered, onTime: summary.onTime, overdue: summary.overdue })}
      />
      <FormErrors errors={errors} />
      {rows.length === 0 ? (
        <EmptyState
          title={t('applications.emptyBank')}
          hint={t('applications.emptyBankHint')}
          action={<LinkButton to="/bank/products">{t('nav.bankProducts')}</LinkButton>}
        />
      ) : (
        <ApplicationCards
          rows={rows}
          summary={(r) => (
            <>
              <p className="font-semibold text-slate-900">
                {r.enterpriseName} ·{' '}
                <Link to={`/needs/financing/${r.needId}`} className="text-brand-800 underline">
                  {r.needTitle}
                </Link>
              </p>
              <p className="text-sm text-slate-600">
                {r.productName} · <span className="whitespace-nowrap tabular-nums">{formatTotal(r.needAmount)}</span> ·{' '}
                {t('applications.term', { n: r.termMonths })} ·{' '}
                <span className="whitespace-nowrap tabular-nums">{t('applications.appliedOn', { date: r.createdOn })}</span>
              </p>
              {r.message ? <p className="mt-1 text-sm text-slate-800">“{r.message}”</p> : null}
            </>
          )}
          state={(r) => (
            <div className="flex shrink-0 flex-wrap items-center gap-2">
              <Badge tone={TONE[r.status]}>{t(`applications.status.${r.status}`)}</Badge>
              {r.clock.onTime === null ? (
                <span
                  className={
                    r.clock.overdue ? 'whitespace-nowrap text-sm font-semibold text-red-700' : 'whitespace-nowrap text-sm text-slate-700'
                  }
                  data-testid="clock"
                >
                  {t(r.clock.overdue ? 'applications.clock.overdue' : 'applications.clock.due', { date: r.clock.dueOn })}
                </span>
              ) : null}
            </div>
          )}
          details={(r) => (
            <>
              {r.reason ? <p className="mt-2 text-sm text-slate-700">{t('applications.reasonGiven', { reason: r.reason })}</p> : null}
              {r.agreementId ? (
                <p className="mt-2 text-sm">
                  <Link to={`/agreements/${r.agreementId}`} className="font-medium text-brand-800 underline">
                    {t('applications.toAgreement')}
                  </Link>
                </p>
              ) : null}
              {r.steps.length ? (
                <div className="mt-3 flex flex-wrap items-start gap-2">
                  {r.steps.includes('accept') ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="accept" />
                      <input type="hidden" name="applicationId" value={r.id} />
                      <input type="hidden" name="version" value={r.version} />
                      <Button>{t('applications.step.accept')}</Button>
                    </Form>
                  ) : null}
                  {r.steps.includes('approve') ? (
                    <details className="rounded-md ring-1 ring-slate-200">
                      <summary className="cursor-pointer px-3 py-2 text-sm font-medium">{t('applications.step.approve')}</summary>
                      <Form method="post" className="flex flex-wrap items-end gap-2 p-3">
                        <input type="hidden" name="intent" value="approve" />
                        <input type="hidden" name="applicationId" value={r.id} />
                        <input type="hidden" name="version" value={r.version} />
                        <label className="flex flex-col text-sm">
                          <span>{t('applications.amountWan')}</span>
                          <input
                            name="amount"
                            defaultValue={yuanToWanInput(r.needAmount)}
                            inputMode="decimal"
                            required
                            className="mt-1 w-32 rounded-md border border-slate-300 px-2 py-1 text-right tabular-nums"
                          />
                        </label>
                        <Button>{t('applications.step.approveSubmit')}</Button>
                      </Form>
                    </details>
                  ) : null}
                  {(['more_info', 'decline'] as const)
                    .filter((s) => r.steps.includes(s))
                    .map((s) => (
                      <details key={s} className="rounded-md ring-1 ring-slate-200">
                        <summary className="cursor-pointer px-3 py-2 text-sm font-medium">{t(`applications.step.${s}`)}</summary>
                        <Form method="post" className="flex flex-wrap items-end gap-2 p-3">
                          <input type="hidden" name="intent" value={s} />
                          <input type="hidden" name="applicationId" value={r.id} />
                          <input type="hidden" name="version" value={r.version} />
                          <label className="flex min-w-0 flex-col text-sm">
                            <span>{t(s === 'decline' ? 'applications.declineReason' : 'applications.moreInfoReason')}</span>
                            <input
                              name="reason"
                              required
                              maxLength={500}
                              className="mt-1 w-64 max-w-full rounded-md border border-slate-300 px-2 py-1"
                            />
                          </label>
                          <Button variant={s === 'decline' ? 'danger' : 'secondary'}>{t('applications.send')}</Button>
                        </Form>
                      </details>
                    ))}
                </div>
              ) : null}
            </>
          )}
        />
      )}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
