import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { ProblemList } from '~/components/problem-view';
import { PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { listProblems } from '~/modules/followup/problems.server';
import { getDb } from '~/utils/db.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'problems.bank.title');

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { org } = await requireOrgMember({ request, context }, 'bank');
  const { rows } = await listProblems(await getDb(), { kind: 'bank', orgId: org.id });
  return json({ rows });
}

export default function BankProblems() {
  const t = useT();
  const { rows } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title={t('problems.bank.title')} subtitle={t('problems.bank.lead')} />
      <ProblemList rows={rows} linkTo={(id) => `/bank/problems/${id}`} />
    </div>
  );
}

export const ErrorBoundary = ErrorView;
