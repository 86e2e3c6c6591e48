import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '~/i18n/use-t';
import { Pagination } from './pagination';
import { cx } from './ui';

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: 'left' | 'right';
  /** hide on narrow screens */
  wide?: boolean;
  /** never wrap the cell (set automatically for right-aligned columns and for amounts, dates and other figures) */
  nowrap?: boolean;
}

/**
 * Figures, amounts, dates and times — "3,000万元", "2026-12-04", "10:30",
 * "12 个月", "LPR + 0.35%" — must not break inside (decision 034a).
 */
const FIGURE =
  /^[\s\d,.:%+\-–~−/()（）A-Za-z]*\d[\s\d,.:%+\-–~−/()（）A-Za-z]*(?:万元|亿元|元|万|亿|个月|个|月|年|天|人|家|笔|项|分|个百分点)?[\s\d,.:%+\-–~−]*$/;
export function isFigure(value: ReactNode): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'string' && value.length <= 40 && FIGURE.test(value);
}

/**
 * The scroll container of a wide table (decision 034a, 037a). While the table is
 * wider than its box: a "左右滑动查看更多" hint, a fade over the edge where there is
 * more to see (left once scrolled, right until the end), and the box takes
 * keyboard focus so it scrolls without a mouse. Without JavaScript the box still
 * scrolls and shows CSS edge shadows (class `scroll-cue`).
 */
export function ScrollTable({
  children,
  className,
  label,
  testId = 'table-scroll',
}: {
  children: ReactNode;
  className?: string;
  /** names the scrolling region for screen readers (the hint is used otherwise) */
  label?: string;
  testId?: string;
}) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState<{ wide: boolean; left: boolean; right: boolean }>({ wide: false, left: false, right: false });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => {
      const wide = el.scrollWidth > el.clientWidth + 1;
      const left = wide && el.scrollLeft > 1;
      const right = wide && el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
      setEdges((e) => (e.wide === wide && e.left === left && e.right === right ? e : { wide, left, right }));
    };
    check();
    el.addEventListener('scroll', check, { passive: true });
    window.addEventListener('resize', check);
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(check);
    observer?.observe(el);
    if (el.firstElementChild) observer?.observe(el.firstElementChild);
    return () => {
      el.removeEventListener('scroll', check);
      window.removeEventListener('resize', check);
      observer?.disconnect();
    };
  }, []);
  const { wide } = edges;
  return (
    <div className={cx('min-w-0', className)} data-overflow={wide ? 'true' : 'false'}>
      {wide ? (
        <p className="mb-1 text-right text-xs text-slate-600" data-testid="scroll-hint">
          <span aria-hidden="true">⇆ </span>
          {t('table.scrollHint')}
        </p>
      ) : null}
      <div className="relative">
        {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the label is set only together with role="region" (a wide table must be reachable by keyboard to scroll) */}
        <div
          ref={ref}
          className="scroll-cue relative overflow-x-auto"
          data-testid={testId}
          tabIndex={wide ? 0 : undefined}
          role={wide ? 'region' : undefined}
          aria-label={wide ? (label ?? t('table.scrollHint')) : undefined}
        >
          {children}
        </div>
        <div aria-hidden="true" data-testid="scroll-fade-left" className={edges.left ? 'fade-l opacity-100' : 'fade-l opacity-0'} />
        <div aria-hidden="true" data-testid="scroll-fade-right" className={edges.right ? 'fade-r opacity-100' : 'fade-r opacity-0'} />
      </div>
    </div>
  );
}

/** A data table that scrolls sideways on phones instead of breaking the layout. */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  empty,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  caption?: ReactNode;
  empty?: ReactNode;
}) {
  const t = useT();
  if (rows.length === 0) {
    return <p className="rounded-md bg-slate-50 px-4 py-6 text-center text-sm text-slate-600">{empty ?? t('table.empty')}</p>;
  }
  return (
    <ScrollTable className="-mx-4 sm:mx-0">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={cx('th', c.align === 'right' && 'text-right', c.wide && 'td-wide')}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="hover:bg-slate-50">
              {columns.map((c) => {
                const value = c.cell(row);
                const figure = isFigure(value);
                return (
                  <td
                    key={c.key}
                    // component classes (app/styles/tailwind.css): a table has hundreds of cells
                    className={cx('td', c.align === 'right' ? 'td-r' : figure ? 'td-fig' : c.nowrap && 'td-nw', c.wide && 'td-wide')}
                  >
                    {value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** A page of a numbered list: the data table, then its page links (none while the list is empty). */
export function PagedTable<Row>({
  page,
  ...table
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  caption?: ReactNode;
  empty?: ReactNode;
  page: { page: number; pageSize: number; total: number };
}) {
  return (
    <>
      <DataTable {...table} />
      {page.total > 0 ? <Pagination page={page.page} pageSize={page.pageSize} total={page.total} /> : null}
    </>
  );
}
