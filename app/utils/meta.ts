import type { MetaDescriptor } from '@remix-run/node';
import { DEFAULT_LOCALE, isLocale } from '~/i18n/locale';
import { makeTranslator } from '~/i18n/translate';

/** `<title>` in the user's language: "{page} · {app name}" (the locale comes from the root loader). */
export function pageTitle(matches: readonly { id: string; data?: unknown }[], key: string): MetaDescriptor[] {
  const root = matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined;
  const t = makeTranslator(isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE);
  return [{ title: `${t(key)} · ${t('app.name')}` }];
}
