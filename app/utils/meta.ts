import type { MetaDescriptor } from '@remix-run/node';
import { DEFAULT_LOCALE, isLocale } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';

/** `<title>` in the user's language: "{page} · {app name}" (the locale comes from the root loader). */
export function pageTitle(matches: readonly { id: string; data?: unknown }[], key: string): MetaDescriptor[] {
  const t = translatorOf(matches);
  return [{ title: `${t(key)} · ${t('app.name')}` }];
}

/** `<title>` of a record's page: its name ("{name} · {app name}"), or the message `fallbackKey` while there is none (an error page). */
export function recordTitle(
  matches: readonly { id: string; data?: unknown }[],
  name: string | null | undefined,
  fallbackKey: string,
): MetaDescriptor[] {
  const t = translatorOf(matches);
  return [{ title: `${name || t(fallbackKey)} · ${t('app.name')}` }];
}

function translatorOf(matches: readonly { id: string; data?: unknown }[]) {
  const root = matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined;
  return makeTranslator(isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE);
}
