import type { ReactNode } from 'react';
import { useT } from '~/i18n/use-t';
import { cx } from './ui';

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: 'left' | 'right';
  /** hide on narrow screens */
  wide?: boolean;
}

/** A data table that scrolls sideways on phones instead of breaking the layout. */
export function DataTable<Row>({ columns, rows, rowKey, caption, empty }: { columns: Column<Row>[]; rows: Row[]; rowKey: (row: Row) => string; caption?: ReactNode; empty?: ReactNode }) {
  const t = useT();
  if (rows.length === 0) {
    return <p className="rounded-md bg-slate-50 px-4 py-6 text-center text-sm text-slate-600">{empty ?? t('table.empty')}</p>;
  }
  return (
    <div className="relative -mx-4 overflow-x-auto sm:mx-0">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={cx('whitespace-nowrap px-3 py-2 font-semibold text-slate-800', c.align === 'right' ? 'text-right' : 'text-left', c.wide && 'hidden md:table-cell')}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="hover:bg-slate-50">
              {columns.map((c) => (
                <td key={c.key} className={cx('px-3 py-2 align-top text-slate-800', c.align === 'right' ? 'text-right tabular-nums' : 'text-left', c.wide && 'hidden md:table-cell')}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
