import { parseWithZod } from '@conform-to/zod';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ApplicationCards } from '~/components/application-cards';
import { StageTrack } from '~/components/application-stage';
import { ErrorView } from '~/components/error-view';
import { FormErrors, replyErrors } from '~/components/form';
import { EmptyState, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { applicationActor, applyForProduct, enterpriseApplications } from '~/modules/applications/applications.server';
import { ApplySchema } from '~/modules/applications/schema';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { getDb } from '~/utils/db.server';
import { replyWithError } from '~/utils/errors.server';
import { flashHeaders } from '~/utils/flash.server';
import { pageTitle } from '~/utils/meta';
import { formatTotal } from '~/utils/money';
import { readFormData } from '~/server/form-guard';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'applications.enterpriseTitle');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'enterprise');
  return json({ rows: await enterpriseApplications(await getDb(), member.org.id) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'enterprise');
  const submission = parseWithZod(await readFormData(request), { schema: ApplySchema });
  if (submission.status !== 'success') return json(submission.reply(), { status: 400 });
  try {
    await applyForProduct(await getDb(), applicationActor(member), submission.value);
  } catch (e) {
    return replyWithError(e, submission);
  }
  return redirect('/enterprise/applications', { headers: await flashHeaders({ tone: 'success', message: 'applications.flash.applied' }) });
}

export default function EnterpriseApplications() {
  const t = useT();
  const { rows } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const errors = replyErrors(last);
  return (
    <div>
      <PageHeader
        title={t('applications.enterpriseTitle')}
        subtitle={t('applications.enterpriseLead')}
        actions={
          <LinkButton to="/products" variant="secondary">
            {t('applications.findProducts')}
          </LinkButton>
        }
      />
      <FormErrors errors={errors} />
      {rows.length === 0 ? (
        <EmptyState
          title={t('applications.emptyEnterprise')}
          hint={t('applications.emptyEnterpriseHint')}
          action={<LinkButton to="/enterprise/needs">{t('applications.toNeeds')}</LinkButton>}
        />
      ) : (
        <ApplicationCards
          rows={rows}
          summary={(r) => (
            <>
              <p className="font-semibold text-slate-900">
                <Link to={`/products/${r.productId}`} className="text-brand-800 underline">
                  {r.productName}
                </Link>{' '}
                · {r.bankName}
              </p>
              <p className="text-sm text-slate-600">
                <Link to={`/enterprise/needs/financing/${r.needId}`} className="underline">
                  {r.needTitle}
                </Link>{' '}
                · <span className="whitespace-nowrap tabular-nums">{formatTotal(r.needAmount)}</span> ·{' '}
                <span className="whitespace-nowrap tabular-nums">{t('applications.appliedOn', { date: r.createdOn })}</span>
              </p>
            </>
          )}
          state={(r) =>
            r.agreementId ? (
              <Link to={`/agreements/${r.agreementId}`} className="shrink-0 text-sm font-medium text-brand-800 underline">
                {t('applications.toAgreement')}
              </Link>
            ) : null
          }
          details={(r) => (
            <>
              <div className="mt-3">
                <StageTrack stage={r.stage} />
              </div>
              {r.status === 'more_info' ? (
                <p className="mt-2 text-sm text-amber-900">{t('applications.moreInfoAsked', { reason: r.reason ?? '' })}</p>
              ) : null}
              {r.status === 'declined' ? (
                <p className="mt-2 text-sm text-red-800">{t('applications.declinedWhy', { reason: r.reason ?? '' })}</p>
              ) : null}
              {r.stage === 'review' && r.agreementStatus === 'proposed' ? (
                <p className="mt-2 text-sm text-slate-700">{t('applications.confirmAgreement')}</p>
              ) : null}
            </>
          )}
        />
      )}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
