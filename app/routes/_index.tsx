import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { EnterpriseAdvisorCard } from '~/components/advisor-card';
import { ErrorView } from '~/components/error-view';
import { TargetProgressTable } from '~/components/target-progress';
import { TodoList } from '~/components/todo-list';
import { Alert, Card, LinkButton, PageHeader, Stat } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { enterpriseAdvisor, officerFirmCount } from '~/modules/advisors/advisors.server';
import { getAuth } from '~/modules/auth/guards.server';
import { adminHome, bankHome, enterpriseHome, organizerHome } from '~/modules/homes/todo.server';
import { organizationSummary } from '~/modules/organizations/stats.server';
import { chinaDate } from '~/modules/calendar/working-days';
import { regionFullName } from '~/modules/regions/regions.server';
import { bankTargetProgress } from '~/modules/reports/targets.server';
import { getDb } from '~/utils/db.server';
import { formatTotal } from '~/utils/money';
import { pageJson } from '~/utils/page-json.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth({ request, context });
  if (!auth) return pageJson({ kind: 'anonymous' as const });
  const db = await getDb();
  const { user } = auth;
  if (user.role === 'organizer' && user.regionCode) {
    const home = await organizerHome(db, user.regionCode);
    return pageJson({ kind: 'organizer' as const, name: user.name, region: regionFullName(user.regionCode), ...home });
  }
  if (user.role === 'admin') {
    return pageJson({ kind: 'admin' as const, name: user.name, ...(await adminHome(db)) });
  }
  const org = user.organizationId ? await organizationSummary(db, user.organizationId) : undefined;
  const orgView = org ? { name: org.name, status: org.status, reason: org.status_reason } : null;
  if (!org) return pageJson({ kind: 'noOrg' as const, name: user.name });
  const homeOrg = { id: org.id, kind: org.kind, status: org.status, name: org.name, region_code: org.region_code };
  if (user.role === 'bank') {
    const [home, targets, advisedFirms] = await Promise.all([
      bankHome(db, { userId: user.id, sessionId: auth.session.id, org: homeOrg }),
      // the bank's own targets, set by the regions it serves (decision 036h)
      org.status === 'verified' ? bankTargetProgress(db, org.id, chinaDate(new Date())) : Promise.resolve([]),
      // 金融顾问: the firms paired with this officer (decision 037b)
      officerFirmCount(db, { userId: user.id, orgId: org.id }),
    ]);
    return pageJson({ kind: 'bank' as const, name: user.name, org: orgView, ...home, targets, advisedFirms });
  }
  const [home, advisor] = await Promise.all([enterpriseHome(db, { userId: user.id, org: homeOrg }), enterpriseAdvisor(db, org.id)]);
  return pageJson({ kind: 'enterprise' as const, name: user.name, org: orgView, ...home, advisor });
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
          <LinkButton to="/signup" variant="secondary">
            {t('nav.signup')}
          </LinkButton>
          <LinkButton to="/login" variant="secondary">
            {t('nav.login')}
          </LinkButton>
        </div>
      </section>
      <div className="mt-8 grid gap-4 md:grid-cols-3">
        {cards.map((c) => (
          <Card key={c.to + c.title} title={c.title}>
            <p className="text-sm text-slate-700">{c.text}</p>
            <div className="mt-4">
              <LinkButton to={c.to} variant="ghost">
                {c.title} →
              </LinkButton>
            </div>
          </Card>
        ))}
      </div>
    </div>
  );
}

export default function Home() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  if (data.kind === 'anonymous') return <Landing />;
  if (data.kind === 'noOrg') return <PageHeader title={t('home.enterprise.title')} subtitle={t('home.welcome', { name: data.name })} />;
  if (data.kind === 'organizer') {
    return (
      <div>
        <PageHeader
          title={t('home.organizer.title')}
          subtitle={`${t('home.welcome', { name: data.name })} · ${t('home.organizer.region')}：${data.region}`}
          actions={<LinkButton to="/organizer/events/new">{t('home.action.newEvent')}</LinkButton>}
        />
        <TodoList items={data.items} />
        <dl className="mt-6 grid gap-4 sm:grid-cols-2">
          <Stat label={t('home.kpi.enterprises')} value={data.counts.verifiedEnterprises} />
          <Stat label={t('home.kpi.banks')} value={data.counts.verifiedBanks} />
        </dl>
      </div>
    );
  }
  if (data.kind === 'admin') {
    return (
      <div>
        <PageHeader
          title={t('home.admin.title')}
          subtitle={t('home.welcome', { name: data.name })}
          actions={<LinkButton to="/admin/organizers">{t('home.action.newOrganizer')}</LinkButton>}
        />
        <TodoList items={data.items} />
      </div>
    );
  }
  const isBank = data.kind === 'bank';
  const notices = (
    <>
      {data.org?.status === 'pending' ? <Alert tone="warning">{t('home.pendingNotice')}</Alert> : null}
      {data.org?.status === 'rejected' ? <Alert tone="error">{t('home.rejectedNotice', { reason: data.org.reason ?? '' })}</Alert> : null}
    </>
  );
  const subtitle = `${t('home.welcome', { name: data.name })}${data.org ? ` · ${data.org.name}` : ''}`;
  if (data.kind === 'bank') {
    return (
      <div>
        <PageHeader
          title={t('home.bank.title')}
          subtitle={`${subtitle} · ${t('home.since', { date: data.since })}`}
          actions={
            <div className="flex flex-wrap gap-2">
              <LinkButton to="/needs">{t('home.action.browseNeeds')}</LinkButton>
              <LinkButton to="/bank/products/new" variant="secondary">
                {t('home.action.newProduct')}
              </LinkButton>
            </div>
          }
        />
        {notices}
        {data.publishedProducts === 0 ? (
          <div className="mb-4">
            <Alert tone="info">{t('home.bank.noProducts')}</Alert>
          </div>
        ) : null}
        <TodoList items={data.items} />
        {data.targets.length ? (
          <section aria-labelledby="home-targets" className="mt-6 space-y-2" data-testid="home-targets">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="home-targets" className="text-lg font-semibold text-slate-900">
                {t('targets.dashboard.bankTitle')}
              </h2>
              <a href="/dashboard" className="text-sm text-brand-800 underline">
                {t('targets.home.dashboard')}
              </a>
            </div>
            {data.targets.some((r) => r.behind) ? (
              <p className="text-sm font-medium text-red-800">
                {t('targets.home.behind', { n: data.targets.filter((r) => r.behind).length })}
              </p>
            ) : null}
            <TargetProgressTable rows={data.targets} />
          </section>
        ) : null}
        <dl className="mt-6 grid gap-4 sm:grid-cols-2">
          <Stat label={t('home.kpi.products')} value={data.publishedProducts} to="/bank/products" />
          <Stat label={t('home.kpi.unread')} value={data.unread} to="/notifications" />
          {data.advisedFirms > 0 ? <Stat label={t('advisors.home.firms')} value={data.advisedFirms} to="/bank/advisor" /> : null}
        </dl>
      </div>
    );
  }
  return (
    <div>
      <PageHeader
        title={t(isBank ? 'home.bank.title' : 'home.enterprise.title')}
        subtitle={subtitle}
        actions={
          <div className="flex flex-wrap gap-2">
            <LinkButton to="/enterprise/needs/financing/new">{t('needs.action.newFinancing')}</LinkButton>
            <LinkButton to="/enterprise/needs/hiring/new" variant="secondary">
              {t('needs.action.newHiring')}
            </LinkButton>
          </div>
        }
      />
      {notices}
      <TodoList items={data.items} />
      <dl className="mt-6 grid gap-4 sm:grid-cols-2">
        <Stat label={t('home.kpi.sought')} value={formatTotal(data.soughtAmount, locale)} to="/enterprise/needs" />
        <Stat label={t('home.kpi.unread')} value={data.unread} to="/notifications" />
      </dl>
      {data.advisor ? <EnterpriseAdvisorCard advisor={data.advisor} /> : null}
    </div>
  );
}

export const ErrorBoundary = ErrorView;
