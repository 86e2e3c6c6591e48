import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '~/i18n/use-t';
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
 * The scroll container of a wide table: edge shadows show that there is more
 * to the side (pure CSS, class `scroll-cue`), and a "左右滑动查看" hint appears
 * while the table is wider than its box.
 */
export function ScrollTable({ children, className }: { children: ReactNode; className?: string }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setWide(el.scrollWidth > el.clientWidth + 1);
    check();
    window.addEventListener('resize', check);
    return () => window.removeEventListener('resize', check);
  }, []);
  return (
    <div className={className}>
      {wide ? (
        <p className="mb-1 text-right text-xs text-slate-600" data-testid="scroll-hint">
          <span aria-hidden="true">⇆ </span>
          {t('table.scrollHint')}
        </p>
      ) : null}
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the label is set only together with role="region" (a wide table must be reachable by keyboard to scroll) */}
      <div
        ref={ref}
        className="scroll-cue overflow-x-auto"
        data-testid="table-scroll"
        tabIndex={wide ? 0 : undefined}
        role={wide ? 'region' : undefined}
        aria-label={wide ? t('table.scrollHint') : undefined}
      >
        {children}
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
              <th
                key={c.key}
                scope="col"
                className={cx(
                  'whitespace-nowrap px-3 py-2 font-semibold text-slate-800',
                  c.align === 'right' ? 'text-right' : 'text-left',
                  c.wide && 'hidden md:table-cell',
                )}
              >
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
                    className={cx(
                      'px-3 py-2 align-top text-slate-800',
                      c.align === 'right' ? 'text-right' : 'text-left',
                      (c.align === 'right' || figure) && 'tabular-nums',
                      (c.nowrap || c.align === 'right' || figure) && 'whitespace-nowrap',
                      c.wide && 'hidden md:table-cell',
                    )}
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
