import { Form, Link, NavLink, useLocation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useLocale, useT } from '~/i18n/use-t';
import type { Role } from '#db/schema';
import { NAV_BY_ROLE } from './nav-items';
import { cx } from './ui';

export interface LayoutUser {
  name: string;
  role: Role;
  orgName: string | null;
  orgStatus: string | null;
  /** unread in-app notifications */
  unreadNotifications?: number;
}

function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  return (
    <Form method="post" action="/lang" className="inline" reloadDocument>
      <input type="hidden" name="locale" value={locale === 'en' ? 'zh-CN' : 'en'} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="rounded px-2 py-1 text-sm text-white/90 underline-offset-2 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-white" lang={locale === 'en' ? 'zh-CN' : 'en'}>
        {t('lang.switch')}
      </button>
    </Form>
  );
}

export function AppLayout({ user, children }: { user: LayoutUser | null; children: ReactNode }) {
  const t = useT();
  const items = NAV_BY_ROLE[user?.role ?? 'anonymous'];
  const navLink = (to: string, label: string, prefix?: boolean) => (
    <NavLink
      key={to}
      to={to}
      end={!prefix}
      className={({ isActive }) =>
        cx('whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium', isActive ? 'bg-brand-50 text-brand-900' : 'text-slate-700 hover:bg-slate-100')
      }
    >
      {label}
    </NavLink>
  );
  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-brand-800">
        {t('nav.skip')}
      </a>
      <header className="bg-brand-800 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 text-lg font-semibold focus-visible:outline focus-visible:outline-2 focus-visible:outline-white">
            <span aria-hidden="true" className="inline-flex h-8 w-8 items-center justify-center rounded bg-white text-sm font-bold text-brand-800">政</span>
            <span>{t('app.name')}</span>
          </Link>
          <div className="flex items-center gap-3 text-sm">
            {user ? (
              <>
                <span className="hidden text-white/90 sm:inline">
                  {user.name}
                  {user.orgName ? ` · ${user.orgName}` : ''} · {t(`role.${user.role}`)}
                </span>
                <Link
                  to="/notifications"
                  className="inline-flex items-center gap-1 rounded px-2 py-1 text-white/90 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-white"
                  aria-label={user.unreadNotifications ? t('notifications.unreadBadge', { n: user.unreadNotifications }) : t('nav.notifications')}
                >
                  {t('nav.notifications')}
                  {user.unreadNotifications ? (
                    <span data-testid="unread-count" className="inline-flex min-w-5 items-center justify-center rounded-full bg-white px-1.5 text-xs font-semibold text-brand-800">{user.unreadNotifications}</span>
                  ) : null}
                </Link>
                <Form method="post" action="/logout">
                  <button type="submit" className="rounded px-2 py-1 text-white/90 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-white">
                    {t('nav.logout')}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <Link to="/login" className="rounded px-2 py-1 hover:underline">{t('nav.login')}</Link>
                <Link to="/signup" className="rounded px-2 py-1 hover:underline">{t('nav.signup')}</Link>
              </>
            )}
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <nav aria-label={t('nav.main')} className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-4 py-2">
          {items.map((i) => navLink(i.to, t(i.labelKey), i.prefix))}
          {user ? (
            <>
              {navLink('/account/password', t('nav.password'))}
              {navLink('/account/sessions', t('nav.sessions'))}
              {navLink('/account/notifications', t('nav.notificationPrefs'))}
            </>
          ) : null}
        </div>
      </nav>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white py-4 text-center text-xs text-slate-600">{t('footer.text')}</footer>
    </div>
  );
}
