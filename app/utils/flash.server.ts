/**
 * One-time messages across a redirect ("已保存"), in a signed cookie.
 * The message is an i18n key (optionally with params via `msg`).
 */
import { createCookie, redirect } from '@remix-run/node';
import { isProduction } from './env.server';

const flashCookie = createCookie('finmatch_flash', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  maxAge: 60,
  secrets: [process.env.SESSION_SECRET || 'finmatch-dev-secret-not-for-production'],
  get secure() {
    return isProduction() && process.env.COOKIE_SECURE !== 'false';
  },
});

export interface Flash {
  tone: 'success' | 'info' | 'warning' | 'error';
  message: string;
}

/** Headers for a redirect that shows `flash` on the next page. */
export async function flashHeaders(flash: Flash, init?: HeadersInit): Promise<Headers> {
  const headers = new Headers(init);
  headers.append('Set-Cookie', await flashCookie.serialize(flash));
  return headers;
}

/** Redirects to the page the form was posted from (same path and query) and shows `flash` there. */
export async function redirectBack(request: Request, flash: Flash): Promise<Response> {
  const url = new URL(request.url);
  return redirect(url.pathname + url.search, { headers: await flashHeaders(flash) });
}

/** Reads and clears the flash (call from the root loader). */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const value = (await flashCookie.parse(request.headers.get('Cookie'))) as Flash | null;
  if (!value || typeof value !== 'object' || typeof value.message !== 'string') return { flash: null, setCookie: null };
  return { flash: value, setCookie: await flashCookie.serialize('', { maxAge: 0 }) };
}
