import type { MetaFunction } from '@remix-run/node';
import { Link } from '~/components/link';
import { ErrorView } from '~/components/error-view';
import { Card, LinkButton, PageHeader } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { guestLoader } from '~/modules/auth/guards.server';
import { pageTitle } from '~/utils/meta';

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signup.title');

export const loader = guestLoader;

export default function SignupChoice() {
  const t = useT();
  const choices = [
    { to: '/signup/enterprise', title: t('signup.enterprise.title'), text: t('signup.enterprise.text'), kind: t('org.kind.enterprise') },
    { to: '/signup/bank', title: t('signup.bank.title'), text: t('signup.bank.text'), kind: t('org.kind.bank') },
  ];
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t('signup.title')} subtitle={t('signup.lead')} />
      <div className="grid gap-4 sm:grid-cols-2">
        {choices.map((c) => (
          <Card key={c.to} title={c.title}>
            <p className="text-sm text-slate-700">{c.text}</p>
            <div className="mt-4">
              <LinkButton to={c.to}>
                {t('signup.choose')} · {c.kind}
              </LinkButton>
            </div>
          </Card>
        ))}
      </div>
      <p className="mt-6 text-sm text-slate-700">{t('signup.governmentNote')}</p>
      <p className="mt-2 text-sm text-slate-700">
        {t('signup.haveAccount')}{' '}
        <Link to="/login" className="font-medium text-brand-800 underline">
          {t('signup.loginLink')}
        </Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = ErrorView;
