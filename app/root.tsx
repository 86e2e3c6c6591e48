import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { AppLayout, type LayoutUser } from './components/layout';
import { ErrorView } from './components/error-view';
import { FlashMessage } from './components/flash-message';
import { DEFAULT_LOCALE, localeFromRequest, type Locale } from './i18n/locale';
import { makeTranslator } from './i18n/translate';
import { getAuth } from './modules/auth/guards.server';
import { sessionCookie, readSessionToken } from './modules/auth/auth-session.server';
import { unreadCount } from './modules/notifications/notifications.server';
import { getDb } from './utils/db.server';
import { readFlash } from './utils/flash.server';
import { useNonce } from './utils/nonce';
import stylesheet from './styles/generated.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = makeTranslator(data?.locale ?? DEFAULT_LOCALE);
  return [{ title: t('app.name') }, { name: 'description', content: t('app.tagline') }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = localeFromRequest(request);
  const auth = await getAuth(request);
  let user: LayoutUser | null = null;
  const headers = new Headers();
  if (auth) {
    const db = await getDb();
    // both at once: on PostgreSQL that is one round trip of waiting instead of two
    const [org, unreadNotifications] = await Promise.all([
      auth.user.organizationId
        ? db.selectFrom('organizations').select(['name', 'status']).where('id', '=', auth.user.organizationId).executeTakeFirst()
        : Promise.resolve(undefined),
      unreadCount(db, auth.user.id),
    ]);
    user = { name: auth.user.name, role: auth.user.role, orgName: org?.name ?? null, orgStatus: org?.status ?? null, unreadNotifications };
    const token = readSessionToken(request);
    if (auth.session.renewed && token) headers.append('Set-Cookie', sessionCookie(token, auth.session.expiresAt));
  }
  const { flash, setCookie } = await readFlash(request);
  if (setCookie) headers.append('Set-Cookie', setCookie);
  return json({ locale, user, flash, requestId: context?.requestId ?? null }, { headers });
}

function Document({ locale, children }: { locale: Locale; children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang={locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { locale, user, flash } = useLoaderData<typeof loader>();
  return (
    <Document locale={locale}>
      <AppLayout user={user}>
        {flash ? <FlashMessage flash={flash} /> : null}
        <Outlet />
      </AppLayout>
    </Document>
  );
}

export function ErrorBoundary() {
  const root = useRouteLoaderData<typeof loader>('root');
  return (
    <Document locale={root?.locale ?? DEFAULT_LOCALE}>
      <AppLayout user={root?.user ?? null}>
        <ErrorView />
      </AppLayout>
    </Document>
  );
}
