import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ApplyForm, StageTrack } from '~/components/application-stage';
import { ErrorView } from '~/components/error-view';
import { MatchesPage, ProductMatchList } from '~/components/match-criteria';
import { useT } from '~/i18n/use-t';
import { requireOrgMember } from '~/modules/auth/guards.server';
import { getNeedHeader } from '~/modules/interests/interests.server';
import { productMatchesForNeed } from '~/modules/interests/matches.server';
import { enterpriseApplications } from '~/modules/applications/applications.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'interests.matches.needTitle');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const member = await requireOrgMember({ request, context }, 'enterprise');
  const db = await getDb();
  const need = await getNeedHeader(db, 'financing', params.needId ?? '');
  if (!need || need.organizationId !== member.org.id) throw httpError(404, 'error.notFound');
  const matches = await productMatchesForNeed(db, need.id);
  if (!matches) throw httpError(404, 'error.notFound');
  const applied = await enterpriseApplications(db, member.org.id, { needId: need.id });
  const stageOf = Object.fromEntries(
    applied.filter((a) => a.status !== 'declined' && a.status !== 'withdrawn').map((a) => [a.productId, a.stage]),
  );
  return json({
    need: { id: need.id, title: need.title, open: need.status === 'published' || need.status === 'matched' },
    matches,
    stageOf,
    canApply: member.org.status === 'verified',
  });
}

export default function EnterpriseNeedMatchesPage() {
  const t = useT();
  const { need, matches, stageOf, canApply } = useLoaderData<typeof loader>();
  return (
    <MatchesPage
      title={`${t('interests.matches.needTitle')} · ${need.title}`}
      subtitle={t('interests.matches.needSubtitle')}
      backTo={`/enterprise/needs/financing/${need.id}`}
      count={matches.length}
      emptyHint={t('interests.matches.emptyHint')}
    >
      <ProductMatchList
        matches={matches}
        productHref={(id) => `/products/${id}`}
        action={(m) => {
          const stage = stageOf[m.productId];
          if (stage) return <StageTrack stage={stage} />;
          return m.eligible && need.open && canApply ? <ApplyForm productId={m.productId} needs={[]} needId={need.id} /> : null;
        }}
      />
    </MatchesPage>
  );
}

export const ErrorBoundary = ErrorView;
