/** Parses `page` from a URL with sane bounds (hostile input falls back to 1). */
export function pageFromUrl(url: URL, max = 100_000): number {
  const raw = url.searchParams.get('page') ?? '1';
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 && n <= max ? n : 1;
}

export const DEFAULT_PAGE_SIZE = 20;
