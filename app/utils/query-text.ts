/**
 * A text value read from a URL's query string: NFKC, control and invisible format
 * characters turned into spaces (PostgreSQL refuses a NUL inside text, which made a
 * `?q=abc%00` filter a 500: issue 13, point 8), whitespace collapsed, trimmed, cut.
 */
export function queryText(params: URLSearchParams, key: string, max = 100): string {
  return (params.get(key) ?? '')
    .normalize('NFKC')
    .replace(/[\s\p{Cc}\p{Cf}]+/gu, ' ')
    .trim()
    .slice(0, max);
}
