import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { MatchCriteria, MatchesPage } from '~/components/match-criteria';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { needMatchesForProduct } from '~/modules/interests/matches.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { formatWan } from '~/utils/money';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'interests.matches.productTitle');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'bank');
  const db = await getDb();
  const product = await db
    .selectFrom('loan_products')
    .select(['id', 'name'])
    .where('id', '=', params.productId ?? '')
    .where('organization_id', '=', member.org.id)
    .executeTakeFirst();
  if (!product) throw httpError(404, 'error.notFound');
  const matches = await needMatchesForProduct(db, product.id);
  if (!matches) throw httpError(404, 'error.notFound');
  return json({ product, matches });
}

export default function ProductNeedMatchesPage() {
  const t = useT();
  const { product, matches } = useLoaderData<typeof loader>();
  return (
    <MatchesPage
      title={t('interests.matches.productTitle')}
      subtitle={t('interests.matches.productSubtitle', { name: product.name })}
      backTo={`/bank/products/${product.id}`}
      count={matches.length}
    >
      <ol className="space-y-4">
        {matches.map((m, i) => (
          <li key={m.needId} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="need-match">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <p className="text-base font-semibold text-slate-900">
                  <span className="mr-2 text-slate-600">{i + 1}.</span>
                  <Link to={`/needs/financing/${m.needId}`} className="text-brand-800 underline">
                    {m.title}
                  </Link>
                </p>
                <p className="text-sm text-slate-700">
                  {m.enterpriseName} · {formatWan(m.amount)} · {t('interests.need.termMonths', { n: m.termMonths })}
                </p>
              </div>
              <span className="rounded-md bg-green-50 px-2 py-1 text-sm font-semibold text-green-800 ring-1 ring-inset ring-green-600/30">
                {t('interests.matches.score', { score: m.score })}
              </span>
            </div>
            <MatchCriteria criteria={m.criteria} />
          </li>
        ))}
      </ol>
    </MatchesPage>
  );
}

export const ErrorBoundary = ErrorView;
