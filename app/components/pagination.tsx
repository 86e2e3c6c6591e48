import { Link, useLocation } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { buttonClass } from './ui';

/** Links keep every other query parameter (filters, sort) and change only `page`. */
export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const t = useT();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set('page', String(p));
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label={t('pagination.label')} className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
      <span>{t('pagination.summary', { page, pages, total })}</span>
      <span className="flex gap-2">
        {page > 1 ? <Link className={buttonClass('secondary')} to={href(page - 1)} rel="prev">{t('pagination.prev')}</Link> : null}
        {page < pages ? <Link className={buttonClass('secondary')} to={href(page + 1)} rel="next">{t('pagination.next')}</Link> : null}
      </span>
    </nav>
  );
}

