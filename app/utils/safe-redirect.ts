/**
 * The one check for redirect targets that come from users (`redirectTo` of /login
 * and /lang, `next` of /notifications, links stored in notifications): issue 13,
 * points 8 and 9.
 *
 * Only same-site paths. Browsers drop tabs and line breaks from a Location and read
 * a backslash as a slash, so `/\t/evil.example` or `/\evil.example` would become
 * `//evil.example`: any control character, invisible format character or
 * backslash is refused, and the path must still resolve to this origin. The
 * answer is the URL's own serialisation (path, query, fragment), so non-ASCII
 * targets such as `/需求` come back percent-encoded: a header value can only
 * carry ASCII, and a raw `/需求` made the redirect throw (a 500).
 */
const LOCAL_ORIGIN = 'http://finmatch.invalid';
// eslint-disable-next-line no-control-regex
const REFUSED = /[\u0000-\u001f\u007f-\u009f\\\p{Cf}]/u;

export function safeRedirect(to: string | null | undefined, fallback = '/'): string {
  return redirectTarget(to) ?? fallback;
}

/** The same check, answering null for a refused target (for links that are shown only when safe). */
export function redirectTarget(to: string | null | undefined): string | null {
  if (typeof to !== 'string' || !to.startsWith('/') || to.length > 2000 || REFUSED.test(to)) return null;
  let url: URL;
  try {
    url = new URL(to, LOCAL_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== LOCAL_ORIGIN || url.pathname.startsWith('//')) return null;
  return url.pathname + url.search + url.hash;
}
