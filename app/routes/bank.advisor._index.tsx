import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { Badge, Card, EmptyState, PageHeader, buttonClass } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { officerFirms } from '~/modules/advisors/advisors.server';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'advisors.bank.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const firms = await officerFirms(await getDb(), { userId: member.user.id, orgId: member.org.id });
  return json({ firms: firms.map((f) => ({ ...f, regionName: regionFullName(f.regionCode) })) });
}

export default function BankAdvisorFirms() {
  const t = useT();
  const { firms } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title={t('advisors.bank.title')} subtitle={t('advisors.bank.lead')} />
      {firms.length === 0 ? (
        <EmptyState title={t('advisors.bank.empty')} />
      ) : (
        <ul className="space-y-3" data-testid="advisor-firms">
          {firms.map((f) => (
            <li key={f.enterpriseId} data-testid="advisor-firm">
              <Card>
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <Link to={`/bank/advisor/${f.enterpriseId}`} className="font-semibold text-brand-800 underline">
                      {f.name}
                    </Link>
                    <p className="text-sm text-slate-700">{f.regionName}</p>
                    <p className="text-xs text-slate-600">
                      {t('advisors.bank.since', { date: f.startedOn })} · {t('advisors.bank.contacts', { n: f.contacts })}
                    </p>
                    {f.nextStep ? <p className="mt-1 text-sm text-slate-700">{t('advisors.bank.next', { text: f.nextStep })}</p> : null}
                  </div>
                  <div className="flex flex-col items-end gap-2">
                    {f.lastContactOn ? (
                      <Badge tone="green">{t('advisors.bank.last', { date: f.lastContactOn })}</Badge>
                    ) : (
                      <Badge tone="yellow">{t('advisors.never')}</Badge>
                    )}
                    <Link to={`/bank/advisor/${f.enterpriseId}`} className={buttonClass('secondary')}>
                      {t('advisors.bank.open')}
                    </Link>
                  </div>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
