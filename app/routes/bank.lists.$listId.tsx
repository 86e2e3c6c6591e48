import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors, replyErrors } from '~/components/form';
import { Alert, Badge, Button, Card, PageHeader } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { todayInChina } from '~/modules/calendar/working-days';
import { answerForFirm, bankListDetail } from '~/modules/followup/lists.server';
import { pct, REASONS } from '~/modules/followup/rules';
import { FeedbackSchema } from '~/modules/followup/schema';
import { INDUSTRIES, label, SIZES } from '~/modules/organizations/reference';
import { regionName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { formatTotal } from '~/utils/money';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'followup.bank.title');

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const d = await bankListDetail(await getDb(), { userId: member.user.id, orgId: member.org.id }, params.listId ?? '');
  return json({
    ...d,
    today: todayInChina(),
    firms: d.firms.map((f) => ({ ...f, regionName: regionName(f.regionCode) })),
    answers: d.answers.map((a) => ({ ...a, amountText: a.amount === null ? '' : formatTotal(a.amount) })),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const submission = parseWithZod(await readFormData(request), { schema: FeedbackSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  const listId = params.listId ?? '';
  let late: boolean;
  try {
    ({ late } = await answerForFirm(await getDb(), { userId: member.user.id, orgId: member.org.id }, listId, v.enterpriseId, {
      outcome: v.outcome,
      visitedOn: 'visitedOn' in v ? v.visitedOn : null,
      officer: 'officer' in v ? v.officer : null,
      amount: 'amount' in v ? v.amount : null,
      reasonCode: 'reasonCode' in v ? v.reasonCode : null,
      reasonText: 'reasonText' in v ? (v.reasonText ?? null) : null,
    }));
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect(`/bank/lists/${listId}`, {
    headers: await flashHeaders({
      tone: late ? 'warning' : 'success',
      message: late ? 'followup.flash.answeredLate' : 'followup.flash.answered',
    }),
  });
}

const INPUT = 'mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm';

export default function BankList() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const errors = replyErrors(last);
  return (
    <div className="space-y-4">
      <PageHeader
        title={d.list.title}
        subtitle={d.list.note || undefined}
        actions={
          <Link to="/bank/lists" className="text-sm text-brand-800 underline">
            {t('followup.detail.back')}
          </Link>
        }
      />
      {d.list.overdue && d.list.dueOn ? <Alert tone="warning">{t('followup.bank.overdue', { date: d.list.dueOn })}</Alert> : null}
      <FormErrors errors={errors} />
      <p className="text-sm tabular-nums text-slate-800" data-testid="bank-coverage">
        {d.list.dueOn ? `${t('followup.dueOn', { date: d.list.dueOn })} · ` : ''}
        {t('followup.bank.answered', { answered: d.coverage.visited, firms: d.coverage.firms })} · {t('followup.visitRate')}{' '}
        {pct(d.coverage.visitRate)} · {t('followup.creditRate')} {pct(d.coverage.creditRate)}
      </p>
      <ul className="space-y-3" data-testid="firms">
        {d.firms.map((f) => {
          const a = d.answers.find((x) => x.enterpriseId === f.id);
          return (
            <li key={f.id} data-testid={`firm-${f.id}`}>
              <Card>
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div>
                    <p className="font-semibold text-slate-900">{f.name}</p>
                    <p className="text-sm text-slate-600">
                      {[f.regionName, label(INDUSTRIES, f.industry, locale), label(SIZES, f.size, locale)].filter(Boolean).join(' · ')}
                    </p>
                  </div>
                  {a ? (
                    <div className="flex flex-wrap items-center gap-2 text-sm">
                      <Badge tone={a.outcome === 'granted' ? 'green' : a.outcome === 'declined' ? 'red' : 'blue'}>
                        {t(`followup.outcome.${a.outcome}`)}
                      </Badge>
                      {a.outcome === 'visited' ? t('followup.visitedLine', { date: a.visitedOn ?? '', officer: a.officer ?? '' }) : null}
                      {a.amountText}
                      {a.reasonCode ? t(`followup.reason.${a.reasonCode}`) : null}
                      {a.reasonText ? `“${a.reasonText}”` : null}
                      {a.late ? <Badge tone="yellow">{t('followup.late')}</Badge> : null}
                    </div>
                  ) : (
                    <Badge>{t('followup.detail.noAnswer')}</Badge>
                  )}
                </div>
                <details className="mt-3 rounded-md ring-1 ring-slate-200" open={!a}>
                  <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
                    {a ? t('followup.bank.change') : t('followup.bank.submit')}
                  </summary>
                  <div className="grid gap-3 p-3 sm:grid-cols-3">
                    <Form method="post" className="space-y-2 rounded-md bg-slate-50 p-2">
                      <input type="hidden" name="outcome" value="visited" />
                      <input type="hidden" name="enterpriseId" value={f.id} />
                      <label className="block text-sm">
                        {t('followup.bank.visitedOn')}
                        <input type="date" name="visitedOn" defaultValue={d.today} max={d.today} required className={INPUT} />
                      </label>
                      <label className="block text-sm">
                        {t('followup.bank.officer')}
                        <input name="officer" required maxLength={40} className={INPUT} />
                      </label>
                      <Button variant="secondary">{t('followup.outcome.visited')}</Button>
                    </Form>
                    <Form method="post" className="space-y-2 rounded-md bg-slate-50 p-2">
                      <input type="hidden" name="outcome" value="granted" />
                      <input type="hidden" name="enterpriseId" value={f.id} />
                      <label className="block text-sm">
                        {t('followup.bank.amountWan')}
                        <input name="amount" inputMode="decimal" required className={INPUT} />
                      </label>
                      <Button variant="secondary">{t('followup.outcome.granted')}</Button>
                    </Form>
                    <Form method="post" className="space-y-2 rounded-md bg-slate-50 p-2">
                      <input type="hidden" name="outcome" value="declined" />
                      <input type="hidden" name="enterpriseId" value={f.id} />
                      <label className="block text-sm">
                        {t('followup.bank.reason')}
                        <select name="reasonCode" required className={INPUT}>
                          {REASONS.map((r) => (
                            <option key={r} value={r}>
                              {t(`followup.reason.${r}`)}
                            </option>
                          ))}
                        </select>
                      </label>
                      <label className="block text-sm">
                        {t('followup.bank.reasonText')}
                        <input name="reasonText" maxLength={200} className={INPUT} />
                      </label>
                      <Button variant="secondary">{t('followup.outcome.declined')}</Button>
                    </Form>
                  </div>
                </details>
              </Card>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
