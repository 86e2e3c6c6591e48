import { useLocation } from '@remix-run/react';
import { Link } from '~/components/link';
import { useT } from '~/i18n/use-t';
import { buttonClass } from './ui';

/**
 * Links keep every other query parameter (filters, sort) and change only the page.
 * With `cursors` (keyset pagination, app/utils/keyset.server.ts) the links name the
 * row the next or previous page starts from (`after` / `before`); `page` then only
 * numbers the page, and the first page needs no cursor.
 */
export function Pagination({
  page,
  pageSize,
  total,
  cursors,
}: {
  page: number;
  pageSize: number;
  total: number;
  cursors?: { prev: string | null; next: string | null };
}) {
  const t = useT();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number, cursor?: { after?: string | null; before?: string | null }) => {
    const params = new URLSearchParams(location.search);
    params.set('page', String(p));
    if (cursors) {
      params.delete('after');
      params.delete('before');
      if (p > 1 && cursor?.after) params.set('after', cursor.after);
      if (p > 1 && cursor?.before) params.set('before', cursor.before);
    }
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label={t('pagination.label')} className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
      <span>{t('pagination.summary', { page, pages, total })}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={buttonClass('secondary')} to={href(page - 1, cursors ? { before: cursors.prev } : undefined)} rel="prev">
            {t('pagination.prev')}
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={buttonClass('secondary')} to={href(page + 1, cursors ? { after: cursors.next } : undefined)} rel="next">
            {t('pagination.next')}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
