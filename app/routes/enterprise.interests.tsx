import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { FormErrors } from '~/components/form';
import { Pagination } from '~/components/pagination';
import { Badge, Button, Card, EmptyState, PageHeader, buttonClass } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { replyWithError } from '~/utils/errors.server';
import { listEnterpriseInterests, respondToInterest } from '~/modules/interests/interests.server';
import { RespondInterestSchema } from '~/modules/interests/schema';
import { needPath } from '~/modules/interests/rules';
import { getDb } from '~/utils/db.server';
import { redirectBack } from '~/utils/flash.server';
import { pageFromUrl } from '~/utils/pagination';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'interests.ent.pageTitle');

const PAGE_SIZE = 10;
const INTEREST_TONE = { pending: 'yellow', accepted: 'green', declined: 'red', withdrawn: 'gray' } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'enterprise');
  const url = new URL(request.url);
  const page = pageFromUrl(url);
  const status = url.searchParams.get('status') === 'pending' ? ('pending' as const) : undefined;
  const { groups, total, pending } = await listEnterpriseInterests(await getDb(), member.org.id, { page, pageSize: PAGE_SIZE, status });
  return json({
    page,
    total,
    pending,
    status: status ?? 'all',
    groups: groups.map((g) => ({
      ...g,
      interests: g.interests.map((i) => ({
        id: i.id,
        bankName: i.bankName,
        status: i.status,
        message: i.message,
        productName: i.productName,
        responseMessage: i.responseMessage,
        createdAtText: chinaDateTime(i.createdAt),
        respondedAtText: chinaDateTime(i.respondedAt),
      })),
    })),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'enterprise');
  const formData = await readFormData(request);
  const submission = parseWithZod(formData, { schema: RespondInterestSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  try {
    await respondToInterest(
      await getDb(),
      { enterpriseOrgId: member.org.id, userId: member.user.id },
      { interestId: v.interestId, decision: v.intent, message: v.message ?? null },
    );
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirectBack(request, {
    tone: 'success',
    message: v.intent === 'accept' ? 'interests.flash.accepted' : 'interests.flash.declined',
  });
}

function RespondForm({ interestId }: { interestId: string }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  return (
    <Form method="post" className="mt-3 space-y-2" aria-label={t('interests.ent.responseMessage')}>
      <input type="hidden" name="interestId" value={interestId} />
      <label htmlFor={`reply-${interestId}`} className="block text-xs font-medium text-slate-700">
        {t('interests.ent.responseMessage')}
      </label>
      <textarea
        id={`reply-${interestId}`}
        name="message"
        rows={2}
        maxLength={500}
        className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-brand-700"
      />
      <div className="flex gap-2">
        <Button name="intent" value="accept" disabled={busy}>
          {t('interests.ent.accept')}
        </Button>
        <Button name="intent" value="decline" variant="secondary" disabled={busy}>
          {t('interests.ent.decline')}
        </Button>
      </div>
    </Form>
  );
}

export default function EnterpriseInterestsPage() {
  const t = useT();
  const { groups, total, page, pending, status } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formErrors = lastResult && 'error' in lastResult ? (lastResult.error?.[''] as string[] | undefined) : undefined;
  return (
    <div>
      <PageHeader
        title={t('interests.ent.pageTitle')}
        subtitle={t('interests.ent.pageSubtitle')}
        actions={pending > 0 ? <Badge tone="yellow">{t('interests.ent.pending', { n: pending })}</Badge> : undefined}
      />
      <nav aria-label={t('interests.filter.label')} className="mb-4 flex gap-2">
        <Link
          to="/enterprise/interests"
          className={buttonClass(status === 'all' ? 'primary' : 'secondary')}
          aria-current={status === 'all' ? 'page' : undefined}
        >
          {t('interests.filter.all')}
        </Link>
        <Link
          to="/enterprise/interests?status=pending"
          className={buttonClass(status === 'pending' ? 'primary' : 'secondary')}
          aria-current={status === 'pending' ? 'page' : undefined}
        >
          {t('interests.filter.pending')}
        </Link>
      </nav>
      <FormErrors errors={formErrors} />
      {groups.length === 0 ? (
        <EmptyState title={t('interests.ent.empty')} hint={t('interests.ent.emptyHint')} />
      ) : (
        <div className="space-y-6">
          {groups.map((g) => (
            <Card
              key={`${g.kind}:${g.needId}`}
              title={
                <span className="flex flex-wrap items-center gap-2">
                  <span>{g.title}</span>
                  <Badge tone="blue">{t(`interests.kind.${g.kind}`)}</Badge>
                  <Badge>{t(`interests.needStatus.${g.needStatus}`)}</Badge>
                </span>
              }
              actions={
                <span className="flex gap-3 text-sm">
                  <Link to={needPath(g.kind, g.needId)} className="font-medium text-brand-800 underline">
                    {t('interests.matches.viewNeed')}
                  </Link>
                  {g.kind === 'financing' ? (
                    <Link to={`/enterprise/needs/financing/${g.needId}/matches`} className="font-medium text-brand-800 underline">
                      {t('interests.ent.viewMatches')}
                    </Link>
                  ) : null}
                </span>
              }
            >
              <ul className="divide-y divide-slate-100">
                {g.interests.map((i) => (
                  <li key={i.id} className="py-3" data-testid="incoming-interest">
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <p className="font-medium text-slate-900">{i.bankName}</p>
                      <Badge tone={INTEREST_TONE[i.status]}>{t(`interests.status.${i.status}`)}</Badge>
                    </div>
                    <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{i.message}</p>
                    <p className="mt-1 text-xs text-slate-600">
                      {i.productName ? `${t('interests.banks.product')}：${i.productName} · ` : ''}
                      {t('interests.banks.createdAt')}：{i.createdAtText}
                      {i.respondedAtText ? ` · ${t('interests.ent.respondedAt')}：${i.respondedAtText}` : ''}
                    </p>
                    {i.responseMessage ? (
                      <p className="mt-1 text-sm text-slate-700">
                        {t('interests.my.response')}：{i.responseMessage}
                      </p>
                    ) : null}
                    {i.status === 'pending' ? <RespondForm interestId={i.id} /> : null}
                  </li>
                ))}
              </ul>
            </Card>
          ))}
        </div>
      )}
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
