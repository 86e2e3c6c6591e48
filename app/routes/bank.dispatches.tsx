import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors, replyErrors } from '~/components/form';
import { Pagination } from '~/components/pagination';
import { Badge, Button, Card, EmptyState, PageHeader, buttonClass } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { bankDispatches, declineDispatch } from '~/modules/dispatch/dispatch.server';
import { BANK_DISPATCH_FILTERS, DECLINE_REASON_CODES, DeclineDispatchSchema, type BankDispatchFilter } from '~/modules/dispatch/schema';
import { needPath } from '~/modules/interests/rules';
import { regionFullName } from '~/modules/regions/regions.server';
import { readFormData } from '~/server/form-guard';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { formatWan } from '~/utils/money';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'dispatch.bank.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const url = new URL(request.url);
  const raw = url.searchParams.get('filter');
  const filter: BankDispatchFilter = (BANK_DISPATCH_FILTERS as readonly string[]).includes(raw ?? '')
    ? (raw as BankDispatchFilter)
    : 'open';
  const page = pageFromUrl(url);
  const result = await bankDispatches(await getDb(), member.org.id, { filter, page });
  return json({
    filter,
    page,
    ...result,
    rows: result.rows.map((r) => ({ ...r, amountWan: formatWan(r.amount, ''), regionName: regionFullName(r.regionCode) })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const submission = parseWithZod(await readFormData(request), { schema: DeclineDispatchSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  try {
    await declineDispatch(await getDb(), { bankOrgId: member.org.id, userId: member.user.id }, submission.value.id, {
      reason: submission.value.reason,
      note: submission.value.note,
    });
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect('/bank/dispatches', { headers: await flashHeaders({ tone: 'success', message: 'dispatch.flash.declined' }) });
}

const INPUT = 'mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 text-sm';
const TONE = { open: 'blue', overdue: 'red', interest: 'green', declined: 'gray' } as const;

export default function BankDispatches() {
  const t = useT();
  const { rows, counts, filter, page, total } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const errors = replyErrors(last);
  return (
    <div>
      <PageHeader title={t('dispatch.bank.title')} subtitle={t('dispatch.bank.lead')} />
      <nav aria-label={t('dispatch.bank.title')} className="mb-4 flex flex-wrap gap-2">
        {BANK_DISPATCH_FILTERS.map((f) => (
          <Link
            key={f}
            to={`/bank/dispatches?filter=${f}`}
            className={buttonClass(filter === f ? 'primary' : 'secondary')}
            aria-current={filter === f ? 'page' : undefined}
          >
            {t(`dispatch.tab.${f}`, { n: counts[f] })}
          </Link>
        ))}
      </nav>
      <FormErrors errors={errors} />
      {rows.length === 0 ? (
        <EmptyState title={t('dispatch.empty')} />
      ) : (
        <ul className="space-y-3" data-testid="dispatches">
          {rows.map((r) => (
            <li key={r.id} data-testid="dispatch">
              <Card>
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <Link to={needPath('financing', r.needId)} className="font-semibold text-brand-800 underline">
                      {r.needTitle}
                    </Link>
                    <p className="text-sm text-slate-700">
                      {r.enterpriseName} · {r.regionName}
                    </p>
                    <p className="text-sm tabular-nums text-slate-700">
                      {t('dispatch.amount', { amount: r.amountWan, term: r.termMonths })} · {t('dispatch.score', { score: r.score })}
                    </p>
                    <p className="text-xs text-slate-600">
                      {t('dispatch.dispatchedOn', { date: r.dispatchedOn })} · {t('dispatch.dueOn', { date: r.dueOn })}
                    </p>
                  </div>
                  <div className="flex flex-col items-end gap-1">
                    <Badge tone={TONE[r.state]}>{t(`dispatch.state.${r.state}`)}</Badge>
                    {r.escalated && r.state === 'overdue' ? <Badge tone="red">{t('dispatch.escalated')}</Badge> : null}
                  </div>
                </div>
                {r.state === 'open' || r.state === 'overdue' ? (
                  <div className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end">
                    <Link to={needPath('financing', r.needId)} className={buttonClass('primary')}>
                      {t('dispatch.openNeed')}
                    </Link>
                    <details className="min-w-0 flex-1">
                      <summary className="cursor-pointer text-sm text-brand-800 underline">{t('dispatch.decline')}</summary>
                      <Form method="post" className="mt-2 space-y-2">
                        <input type="hidden" name="id" value={r.id} />
                        <label className="block text-sm">
                          {t('dispatch.reason')}
                          <select name="reason" className={INPUT} required defaultValue="">
                            <option value="" disabled>
                              —
                            </option>
                            {DECLINE_REASON_CODES.map((c) => (
                              <option key={c} value={c}>
                                {t(`dispatch.reason.${c}`)}
                              </option>
                            ))}
                          </select>
                        </label>
                        <label className="block text-sm">
                          {t('dispatch.note')}
                          <input name="note" className={INPUT} maxLength={500} />
                        </label>
                        <Button type="submit" variant="secondary">
                          {t('dispatch.decline')}
                        </Button>
                      </Form>
                    </details>
                  </div>
                ) : r.declineReason ? (
                  <p className="mt-2 text-sm text-slate-700">
                    {t('dispatch.reason')}: {t(`dispatch.reason.${r.declineReason.split(':')[0]}`)}
                    {r.declineReason.includes(':') ? ` — ${r.declineReason.slice(r.declineReason.indexOf(':') + 1).trim()}` : ''}
                  </p>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageSize={DEFAULT_PAGE_SIZE} total={total} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
