import type { LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ErrorView } from '~/components/error-view';
import { Alert, Card, EmptyState, LinkButton, PageHeader, Stat } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { getAuth } from '~/modules/auth/guards.server';
import { enterpriseNeedSummary } from '~/modules/needs/directory.server';
import { countOrganizers, organizationSummary, regionOrgCounts } from '~/modules/organizations/stats.server';
import { EnterpriseNeedSummary } from '~/components/need-summary';
import { regionFullName } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  if (!auth) return json({ kind: 'anonymous' as const });
  const db = await getDb();
  const { user } = auth;
  if (user.role === 'organizer' && user.regionCode) {
    const counts = await regionOrgCounts(db, user.regionCode);
    return json({ kind: 'organizer' as const, name: user.name, region: regionFullName(user.regionCode), counts });
  }
  if (user.role === 'admin') {
    return json({ kind: 'admin' as const, name: user.name, organizers: await countOrganizers(db) });
  }
  const org = user.organizationId ? await organizationSummary(db, user.organizationId) : undefined;
  return json({
    kind: user.role === 'bank' ? ('bank' as const) : ('enterprise' as const),
    name: user.name,
    org: org ? { name: org.name, status: org.status, reason: org.status_reason } : null,
    needs: user.role === 'enterprise' && user.organizationId ? await enterpriseNeedSummary(db, user.organizationId) : null,
  });
}

function Landing() {
  const t = useT();
  const cards = [
    { title: t('home.anon.enterprise'), text: t('home.anon.enterpriseText'), to: '/signup/enterprise' },
    { title: t('home.anon.bank'), text: t('home.anon.bankText'), to: '/signup/bank' },
    { title: t('home.anon.organizer'), text: t('home.anon.organizerText'), to: '/login' },
  ];
  return (
    <div>
      <section className="rounded-xl bg-gradient-to-br from-brand-800 to-brand-900 px-6 py-12 text-white shadow">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{t('home.anon.title')}</h1>
        <p className="mt-4 max-w-2xl text-base text-white/90">{t('home.anon.lead')}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <LinkButton to="/signup" variant="secondary">{t('nav.signup')}</LinkButton>
          <LinkButton to="/login" variant="secondary">{t('nav.login')}</LinkButton>
        </div>
      </section>
      <div className="mt-8 grid gap-4 md:grid-cols-3">
        {cards.map((c) => (
          <Card key={c.to + c.title} title={c.title}>
            <p className="text-sm text-slate-700">{c.text}</p>
            <div className="mt-4">
              <LinkButton to={c.to} variant="ghost">{c.title} →</LinkButton>
            </div>
          </Card>
        ))}
      </div>
    </div>
  );
}

export default function Home() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  if (data.kind === 'anonymous') return <Landing />;
  if (data.kind === 'organizer') {
    return (
      <div>
        <PageHeader title={t('home.organizer.title')} subtitle={`${t('home.welcome', { name: data.name })} · ${t('home.organizer.region')}：${data.region}`} />
        <dl className="grid gap-4 sm:grid-cols-3">
          <Stat label={t('home.organizer.pending')} value={data.counts.pending} to="/organizer/verifications" />
          <Stat label={t('home.organizer.enterprises')} value={data.counts.verifiedEnterprises} />
          <Stat label={t('home.organizer.banks')} value={data.counts.verifiedBanks} />
        </dl>
        {data.counts.pending > 0 ? (
          <div className="mt-6">
            <LinkButton to="/organizer/verifications">{t('home.goVerify')}</LinkButton>
          </div>
        ) : null}
      </div>
    );
  }
  if (data.kind === 'admin') {
    return (
      <div>
        <PageHeader title={t('home.admin.title')} subtitle={t('home.welcome', { name: data.name })} />
        <dl className="grid gap-4 sm:grid-cols-3">
          <Stat label={t('home.admin.organizers')} value={data.organizers} to="/admin/organizers" />
        </dl>
      </div>
    );
  }
  const isBank = data.kind === 'bank';
  return (
    <div>
      <PageHeader title={t(isBank ? 'home.bank.title' : 'home.enterprise.title')} subtitle={`${t('home.welcome', { name: data.name })}${data.org ? ` · ${data.org.name}` : ''}`} />
      {data.org?.status === 'pending' ? <Alert tone="warning">{t('home.pendingNotice')}</Alert> : null}
      {data.org?.status === 'rejected' ? <Alert tone="error">{t('home.rejectedNotice', { reason: data.org.reason ?? '' })}</Alert> : null}
      {!isBank && data.needs ? <EnterpriseNeedSummary summary={data.needs} /> : <EmptyState
        title={t(isBank ? 'home.empty.products' : 'home.empty.needs')}
        hint={t(isBank ? 'home.empty.productsHint' : 'home.empty.needsHint')}
        action={<LinkButton to="/org/profile" variant="secondary">{t('nav.orgProfile')}</LinkButton>}
      />}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
