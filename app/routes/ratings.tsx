/**
 * Satisfaction (issue 18, decision 036c): what the organization took part in and
 * may rate — for an enterprise, the banks' interests it answered, the applications
 * answered, the meetings held and its closed problems; for a bank, the meetings
 * held — each rated once on the 1–5 scale, changeable.
 */
import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { FormErrors, useFormsPage } from '~/components/form';
import { RatingForm, RatingSummary } from '~/components/rating-form';
import { DataTable } from '~/components/table';
import { Card, EmptyState, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { ratableItems, rateItem } from '~/modules/ratings/ratings.server';
import { RateSchema } from '~/modules/ratings/schema';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'ratings.title');

async function rater(args: LoaderFunctionArgs) {
  const member = await requireOrgMember(args);
  if (member.org.kind !== 'enterprise' && member.org.kind !== 'bank') throw httpError(403, 'error.forbidden');
  return member;
}

export async function loader(args: LoaderFunctionArgs) {
  const member = await rater(args);
  const items = await ratableItems(await getDb(), { orgId: member.org.id, orgKind: member.org.kind });
  return json({ items });
}

export async function action(args: ActionFunctionArgs) {
  const member = await rater(args);
  const submission = parseWithZod(await readFormData(args.request), { schema: RateSchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  const v = submission.value;
  try {
    await rateItem(
      await getDb(),
      { userId: member.user.id, orgId: member.org.id, orgKind: member.org.kind },
      { subject: v.subject, subjectId: v.subjectId, score: v.score, reasons: v.reasons, comment: v.comment ?? null },
    );
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect('/ratings', { headers: await flashHeaders({ tone: 'success', message: 'ratings.flash.saved' }) });
}

export default function RatingsPage() {
  const t = useT();
  const { items } = useLoaderData<typeof loader>();
  const { busy, errors } = useFormsPage();
  return (
    <div>
      <PageHeader title={t('ratings.title')} />
      <p className="mb-4 text-sm text-slate-700">{t('ratings.intro')}</p>
      <FormErrors errors={errors} />
      <Card>
        {items.length === 0 ? (
          <EmptyState title={t('ratings.empty')} />
        ) : (
          <div data-testid="ratable-items">
            <DataTable
              caption={t('ratings.title')}
              rows={items}
              rowKey={(i) => `${i.subject}:${i.subjectId}`}
              columns={[
                { key: 'on', header: t('ratings.col.on'), nowrap: true, cell: (i) => i.on },
                { key: 'subject', header: t('ratings.col.subject'), cell: (i) => t(`ratings.subject.${i.subject}`) },
                { key: 'counterpart', header: t('ratings.col.counterpart'), cell: (i) => i.counterpartName },
                { key: 'about', header: t('ratings.col.about'), cell: (i) => i.about },
                {
                  key: 'rating',
                  header: t('ratings.col.rating'),
                  cell: (i) => (
                    <div>
                      <RatingSummary rating={i.rating} />
                      <RatingForm subject={i.subject} subjectId={i.subjectId} rating={i.rating} label={i.counterpartName} busy={busy} />
                    </div>
                  ),
                },
              ]}
            />
          </div>
        )}
      </Card>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
