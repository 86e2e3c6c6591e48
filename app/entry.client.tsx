import { RemixBrowser } from '@remix-run/react';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { provideMessages } from './i18n/translate';

// One language per page (issue 19): the browser bundle holds no messages; the
// messages of the page's language (the <html lang> the server rendered) are
// fetched — preloaded by the root route, kept by the browser — before hydrating.
// Switching the language reloads the document (app/components/layout.tsx).
async function loadMessages() {
  const locale = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
  const link = document.getElementById('finmatch-messages') as HTMLLinkElement | null;
  try {
    const res = await fetch(link?.href ?? `/i18n/${locale}.json`);
    if (res.ok) provideMessages(locale, (await res.json()) as Record<string, string>);
  } catch {
    /* the page stays as the server rendered it until the next navigation */
  }
}

void loadMessages().then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
