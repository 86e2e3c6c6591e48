import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors } from '~/components/form';
import { Pagination } from '~/components/pagination';
import { DataTable } from '~/components/table';
import { Badge, Button, EmptyState, PageHeader, buttonClass } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { replyWithError } from '~/utils/errors.server';
import { listBankInterests, withdrawInterest } from '~/modules/interests/interests.server';
import { WithdrawInterestSchema } from '~/modules/interests/schema';
import { needPath } from '~/modules/interests/rules';
import { getDb } from '~/utils/db.server';
import { redirectBack } from '~/utils/flash.server';
import { DEFAULT_PAGE_SIZE, pageFromUrl } from '~/utils/pagination';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'interests.bank.pageTitle');

const INTEREST_TONE = { pending: 'yellow', accepted: 'green', declined: 'red', withdrawn: 'gray' } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const url = new URL(request.url);
  const page = pageFromUrl(url);
  const status =
    url.searchParams.get('status') === 'accepted'
      ? ('accepted' as const)
      : url.searchParams.get('status') === 'pending'
        ? ('pending' as const)
        : undefined;
  const { rows, total } = await listBankInterests(await getDb(), member.org.id, { page, status });
  return json({
    page,
    total,
    status: status ?? 'all',
    rows: rows.map((r) => ({ ...r, createdAtText: chinaDateTime(r.createdAt), respondedAtText: chinaDateTime(r.respondedAt) })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const submission = parseWithZod(await readFormData(request), { schema: WithdrawInterestSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  try {
    await withdrawInterest(
      await getDb(),
      { bankOrgId: member.org.id, bankStatus: member.org.status, userId: member.user.id },
      submission.value.interestId,
    );
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirectBack(request, { tone: 'success', message: 'interests.flash.withdrawn' });
}

export default function BankInterestsPage() {
  const t = useT();
  const { rows, total, page, status } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const formErrors = lastResult && 'error' in lastResult ? (lastResult.error?.[''] as string[] | undefined) : undefined;
  const tab = (value: string, to: string, labelKey: string) => (
    <Link to={to} className={buttonClass(status === value ? 'primary' : 'secondary')} aria-current={status === value ? 'page' : undefined}>
      {t(labelKey)}
    </Link>
  );
  return (
    <div>
      <PageHeader title={t('interests.bank.pageTitle')} subtitle={t('interests.bank.pageSubtitle')} />
      <nav aria-label={t('interests.filter.label')} className="mb-4 flex flex-wrap gap-2">
        {tab('all', '/bank/interests', 'interests.filter.all')}
        {tab('pending', '/bank/interests?status=pending', 'interests.status.pending')}
        {tab('accepted', '/bank/interests?status=accepted', 'interests.status.accepted')}
      </nav>
      <FormErrors errors={formErrors} />
      {rows.length === 0 && page === 1 ? (
        <EmptyState title={t('interests.bank.empty')} hint={t('interests.bank.emptyHint')} />
      ) : (
        <DataTable
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            {
              key: 'need',
              header: t('interests.bank.need'),
              cell: (r) => (
                <div>
                  <Link to={needPath(r.kind, r.needId)} className="font-medium text-brand-800 underline">
                    {r.needTitle}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {t(`interests.kind.${r.kind}`)} · {t(`interests.needStatus.${r.needStatus}`)}
                  </p>
                </div>
              ),
            },
            { key: 'enterprise', header: t('interests.bank.enterprise'), cell: (r) => r.enterpriseName },
            {
              key: 'status',
              header: t('interests.bank.status'),
              cell: (r) => (
                <div>
                  <Badge tone={INTEREST_TONE[r.status]}>{t(`interests.status.${r.status}`)}</Badge>
                  {r.responseMessage ? <p className="mt-1 text-xs text-slate-700">{r.responseMessage}</p> : null}
                </div>
              ),
            },
            {
              key: 'contact',
              header: t('interests.bank.contact'),
              cell: (r) =>
                r.contact ? (
                  <span data-testid="interest-contact">
                    {r.contact.name} ·{' '}
                    <a href={`tel:${r.contact.phone}`} className="underline">
                      {r.contact.phone}
                    </a>
                  </span>
                ) : (
                  <span className="text-xs text-slate-600">{r.status === 'pending' ? t('interests.contact.afterAccept') : '—'}</span>
                ),
            },
            { key: 'created', header: t('interests.bank.createdAt'), cell: (r) => r.createdAtText, wide: true },
            {
              key: 'actions',
              header: <span className="sr-only">{t('interests.form.withdraw')}</span>,
              cell: (r) =>
                r.status === 'pending' ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="withdraw" />
                    <input type="hidden" name="interestId" value={r.id} />
                    <Button variant="ghost" disabled={navigation.state === 'submitting'}>
                      {t('interests.form.withdraw')}
                    </Button>
                  </Form>
                ) : null,
            },
          ]}
        />
      )}
      <Pagination page={page} pageSize={DEFAULT_PAGE_SIZE} total={total} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
