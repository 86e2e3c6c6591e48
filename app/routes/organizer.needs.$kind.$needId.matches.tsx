import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { ProductMatchList } from '~/components/match-criteria';
import { Alert, EmptyState, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { requireOrganizer } from '~/modules/auth/guards.server';
import { productMatchesForNeed } from '~/modules/interests/matches.server';
import { needPath } from '~/modules/interests/rules';
import { needKindParam, requireNeedViewer } from '~/modules/needs/viewer.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'interests.matches.needTitle');

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireOrganizer({ request, context });
  const kind = needKindParam(params.kind);
  const { db, need } = await requireNeedViewer({ request, context }, kind, params.needId ?? '', ['organizer']);
  const matches = kind === 'financing' ? await productMatchesForNeed(db, need.id) : [];
  return json({ need: { kind, id: need.id, title: need.title }, matches: matches ?? [] });
}

export default function OrganizerNeedMatchesPage() {
  const t = useT();
  const { need, matches } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title={`${t('interests.matches.needTitle')} · ${need.title}`}
        subtitle={t('interests.matches.needSubtitle')}
        actions={
          <>
            <LinkButton to={needPath(need.kind, need.id)} variant="secondary">
              {t('interests.matches.viewNeed')}
            </LinkButton>
            <LinkButton to="/organizer/needs" variant="secondary">
              {t('interests.matches.back')}
            </LinkButton>
          </>
        }
      />
      {need.kind === 'hiring' ? (
        <Alert tone="info">{t('interests.matches.hiring')}</Alert>
      ) : matches.length === 0 ? (
        <EmptyState title={t('interests.matches.empty')} />
      ) : (
        <ProductMatchList matches={matches} productHref={(id) => `/products/${id}`} />
      )}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
