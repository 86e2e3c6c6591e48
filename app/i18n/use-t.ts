import { useRouteLoaderData } from '@remix-run/react';
import { DEFAULT_LOCALE, type Locale } from './locale';
import { makeTranslator, type Translate } from './translate';

export function useLocale(): Locale {
  const data = useRouteLoaderData('root') as { locale?: Locale } | undefined;
  return data?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  return makeTranslator(useLocale());
}
