import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useMatches, useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { AppLayout, type LayoutUser } from './components/layout';
import { NavigateProvider } from './components/link';
import { ErrorView } from './components/error-view';
import { FlashMessage } from './components/flash-message';
import { DEFAULT_LOCALE, localeFromRequest, type Locale } from './i18n/locale';
import { makeTranslator } from './i18n/translate';
import { messagesUrl } from './i18n/messages-file.server';
import { readFlash } from './utils/flash.server';
import { pageJson } from './utils/page-json.server';
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
  // who is asking was resolved once by the server (app/server/server.ts), which also
  // sends the session renewal cookie: nothing here queries the session again
  const who = context.who;
  // the projector screen (a bare page on a shared screen) carries nobody's name, not even in the page data
  const bare = BARE_PATHS.test(new URL(request.url).pathname);
  const user: LayoutUser | null =
    who && !bare
      ? {
          name: who.user.name,
          role: who.user.role,
          orgName: who.org?.name ?? null,
          orgStatus: who.org?.status ?? null,
          unreadNotifications: who.unreadNotifications,
        }
      : null;
  const headers = new Headers();
  const { flash, setCookie } = await readFlash(request);
  if (setCookie) headers.append('Set-Cookie', setCookie);
  return pageJson({ locale, messagesUrl: messagesUrl(locale), user, flash, requestId: context?.requestId ?? null }, { headers });
}

/** Pages shown without the app's chrome whose root data must not carry the signed-in user (see `BareHandle`). */
const BARE_PATHS = /^\/organizer\/events\/[^/]+\/projector\/?$/;

/** Where the browser gets the page language's messages (read by app/entry.client.tsx). */
export const MESSAGES_LINK_ID = 'finmatch-messages';

function Document({ locale, messagesUrl, children }: { locale: Locale; messagesUrl?: string; children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang={locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <link id={MESSAGES_LINK_ID} rel="preload" as="fetch" crossOrigin="anonymous" href={messagesUrl ?? `/i18n/${locale}.json`} />
      </head>
      <body className="h-full text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * A route that exports `handle = { bare: true }` is shown without the app's
 * chrome (header, navigation, user name, flash): the projector screen.
 */
export interface BareHandle {
  bare?: boolean;
}
function useBare(): boolean {
  return useMatches().some((m) => (m.handle as BareHandle | undefined)?.bare === true);
}

export default function App() {
  const { locale, messagesUrl, user, flash } = useLoaderData<typeof loader>();
  const bare = useBare();
  if (bare)
    return (
      <Document locale={locale} messagesUrl={messagesUrl}>
        <NavigateProvider>
          <Outlet />
        </NavigateProvider>
      </Document>
    );
  return (
    <Document locale={locale} messagesUrl={messagesUrl}>
      <NavigateProvider>
        <AppLayout user={user}>
          {flash ? <FlashMessage flash={flash} /> : null}
          <Outlet />
        </AppLayout>
      </NavigateProvider>
    </Document>
  );
}

export function ErrorBoundary() {
  const root = useRouteLoaderData<typeof loader>('root');
  return (
    <Document locale={root?.locale ?? DEFAULT_LOCALE} messagesUrl={root?.messagesUrl}>
      <NavigateProvider>
        <AppLayout user={root?.user ?? null}>
          <ErrorView />
        </AppLayout>
      </NavigateProvider>
    </Document>
  );
}
