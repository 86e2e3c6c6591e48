import { Form, useLocation } from '@remix-run/react';
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { useLocale, useT } from '~/i18n/use-t';
import type { Role } from '#db/schema';
import { accountItems, isActive, isGroup, NAV_BY_ROLE, type NavGroup, type NavItem } from './nav-items';
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
      <button
        type="submit"
        className="rounded px-2 py-1 text-sm text-white/90 underline-offset-2 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-white"
        lang={locale === 'en' ? 'zh-CN' : 'en'}
      >
        {t('lang.switch')}
      </button>
    </Form>
  );
}

/** A navigation item: component classes (app/styles/tailwind.css), one short name per item of the menus. */
function itemClass(active: boolean) {
  return active ? 'nav-item-on' : 'nav-item';
}

function ItemLink({ item, pathname }: { item: NavItem; pathname: string }) {
  const t = useT();
  const active = isActive(item, pathname);
  return (
    <Link to={item.to} className={itemClass(active)} aria-current={active ? 'page' : undefined}>
      {t(item.labelKey)}
    </Link>
  );
}

const summaryClass =
  'flex cursor-pointer list-none items-center gap-1 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium [&::-webkit-details-marker]:hidden';

/** A group of the desktop navigation: a <details> menu (works without JavaScript). */
function NavMenu({ group, pathname }: { group: NavGroup; pathname: string }) {
  const t = useT();
  const active = group.items.some((i) => isActive(i, pathname));
  return (
    <details className="group relative" data-testid="nav-menu">
      <summary className={cx(summaryClass, active ? 'bg-brand-50 text-brand-900' : 'text-slate-700 hover:bg-slate-100')}>
        {t(group.labelKey)}
        <span aria-hidden="true" className="text-xs transition group-open:rotate-180">
          ▾
        </span>
      </summary>
      <ul className="absolute left-0 z-30 mt-1 min-w-44 rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200">
        {group.items.map((i) => (
          <li key={i.to}>
            <ItemLink item={i} pathname={pathname} />
          </li>
        ))}
      </ul>
    </details>
  );
}

function LogoutButton({ className }: { className: string }) {
  const t = useT();
  return (
    <Form method="post" action="/logout">
      <button type="submit" className={className}>
        {t('nav.logout')}
      </button>
    </Form>
  );
}

export function AppLayout({ user, children }: { user: LayoutUser | null; children: ReactNode }) {
  const t = useT();
  const { pathname } = useLocation();
  const entries = NAV_BY_ROLE[user?.role ?? 'anonymous'];
  const account = user ? accountItems(user.role) : [];
  const who = user ? `${user.name}${user.orgName ? ` · ${user.orgName}` : ''} · ${t(`role.${user.role}`)}` : '';
  return (
    <div className="flex min-h-screen flex-col bg-slate-50">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-brand-800"
      >
        {t('nav.skip')}
      </a>
      <header className="relative bg-brand-800 text-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-2 px-4 py-3">
          <Link
            to="/"
            className="flex min-w-0 items-center gap-2 text-lg font-semibold focus-visible:outline focus-visible:outline-2 focus-visible:outline-white"
          >
            <span
              aria-hidden="true"
              className="inline-flex h-8 w-8 shrink-0 items-center justify-center rounded bg-white text-sm font-bold text-brand-800"
            >
              政
            </span>
            <span className="truncate">{t('app.name')}</span>
          </Link>
          <div className="flex items-center gap-1 text-sm sm:gap-3">
            {user ? (
              <>
                {/* the account menu under the user's name (desktop) */}
                <details key={pathname} className="group relative hidden md:block" data-testid="account-menu">
                  <summary className="flex cursor-pointer list-none items-center gap-1 rounded px-2 py-1 text-white/90 hover:underline [&::-webkit-details-marker]:hidden">
                    <span className="max-w-72 truncate">{who}</span>
                    <span aria-hidden="true" className="text-xs">
                      ▾
                    </span>
                  </summary>
                  <ul className="absolute right-0 z-30 mt-1 min-w-44 rounded-md bg-white p-1 text-slate-800 shadow-lg ring-1 ring-slate-200">
                    {account.map((i) => (
                      <li key={i.to}>
                        <ItemLink item={i} pathname={pathname} />
                      </li>
                    ))}
                    <li className="border-t border-slate-100 pt-1">
                      <LogoutButton className="block w-full rounded-md px-3 py-2 text-left text-sm font-medium text-slate-700 hover:bg-slate-100" />
                    </li>
                  </ul>
                </details>
                <Link
                  to="/notifications"
                  className="inline-flex items-center gap-1 whitespace-nowrap rounded px-2 py-1 text-white/90 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-white"
                  aria-label={
                    user.unreadNotifications ? t('notifications.unreadBadge', { n: user.unreadNotifications }) : t('nav.notifications')
                  }
                >
                  {t('nav.notifications')}
                  {user.unreadNotifications ? (
                    <span
                      data-testid="unread-count"
                      className="inline-flex min-w-5 items-center justify-center rounded-full bg-white px-1.5 text-xs font-semibold text-brand-800"
                    >
                      {user.unreadNotifications}
                    </span>
                  ) : null}
                </Link>
              </>
            ) : (
              <>
                <Link to="/login" className="whitespace-nowrap rounded px-2 py-1 hover:underline">
                  {t('nav.login')}
                </Link>
                <Link to="/signup" className="whitespace-nowrap rounded px-2 py-1 hover:underline">
                  {t('nav.signup')}
                </Link>
              </>
            )}
            <span className={user ? 'hidden md:inline' : undefined}>
              <LanguageSwitch />
            </span>
            {/* the phone menu: the full list, without JavaScript too */}
            <details key={`m${pathname}`} className="group md:hidden" data-testid="phone-menu">
              <summary className="flex cursor-pointer list-none items-center gap-1 whitespace-nowrap rounded border border-white/60 px-2 py-1 text-white [&::-webkit-details-marker]:hidden">
                <span aria-hidden="true">☰</span>
                {t('nav.menu')}
              </summary>
              <nav
                aria-label={t('nav.main')}
                className="absolute inset-x-0 top-full z-40 max-h-[80vh] overflow-y-auto border-b border-slate-200 bg-white px-4 py-3 text-slate-800 shadow-lg"
              >
                <ul className="space-y-1">
                  {entries.map((e) =>
                    isGroup(e) ? (
                      <li key={e.labelKey}>
                        <p className="px-3 pt-2 text-xs font-semibold text-slate-600">{t(e.labelKey)}</p>
                        <ul>
                          {e.items.map((i) => (
                            <li key={i.to}>
                              <ItemLink item={i} pathname={pathname} />
                            </li>
                          ))}
                        </ul>
                      </li>
                    ) : (
                      <li key={e.to}>
                        <ItemLink item={e} pathname={pathname} />
                      </li>
                    ),
                  )}
                </ul>
                {user ? (
                  <div className="mt-3 border-t border-slate-200 pt-2" data-testid="phone-account">
                    <p className="px-3 text-xs font-semibold text-slate-600">{who}</p>
                    <ul>
                      {account.map((i) => (
                        <li key={i.to}>
                          <ItemLink item={i} pathname={pathname} />
                        </li>
                      ))}
                      <li>
                        <LogoutButton className="block w-full rounded-md px-3 py-2 text-left text-sm font-medium text-slate-700 hover:bg-slate-100" />
                      </li>
                    </ul>
                    <div className="px-1 pt-1 [&_button]:text-brand-800">
                      <LanguageSwitch />
                    </div>
                  </div>
                ) : null}
              </nav>
            </details>
          </div>
        </div>
      </header>
      <nav aria-label={t('nav.main')} className="hidden border-b border-slate-200 bg-white md:block" data-testid="desktop-nav">
        <ul key={pathname} className="mx-auto flex max-w-6xl items-center gap-1 px-4 py-2">
          {entries.map((e) =>
            isGroup(e) ? (
              <li key={e.labelKey}>
                <NavMenu group={e} pathname={pathname} />
              </li>
            ) : (
              <li key={e.to}>
                <ItemLink item={e} pathname={pathname} />
              </li>
            ),
          )}
        </ul>
      </nav>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white py-4 text-center text-xs text-slate-600">
        {t('footer.text')} ·{' '}
        <a href="/results" className="text-brand-800 underline">
          {t('results.link')}
        </a>
      </footer>
    </div>
  );
}
