export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'finmatch_lang';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** Reads the language from the persisted cookie; Chinese unless the user switched. */
export function localeFromCookieHeader(cookie: string | null): Locale {
  const m = /(?:^|;\s*)finmatch_lang=([^;]+)/.exec(cookie ?? '');
  const v = m ? decodeURIComponent(m[1]) : '';
  return isLocale(v) ? v : DEFAULT_LOCALE;
}

export function localeFromRequest(request: Request): Locale {
  return localeFromCookieHeader(request.headers.get('Cookie'));
}
