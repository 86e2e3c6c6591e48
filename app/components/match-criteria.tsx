import type { ReactNode } from 'react';
import { useT } from '~/i18n/use-t';
import { cx } from './ui';

export interface MatchCriterionItem {
  key: string;
  hard: boolean;
  met: boolean;
  messageKey: string;
  params: Record<string, string | number>;
}

/** One line per matching criterion, met or missed, in words (not colour alone). */
export function MatchCriteria({ criteria }: { criteria: MatchCriterionItem[] }) {
  const t = useT();
  return (
    <ul className="mt-2 space-y-1 text-sm" data-testid="match-criteria">
      {criteria.map((c) => (
        <li key={c.key} className="flex gap-2">
          <span
            className={cx(
              'inline-flex h-5 shrink-0 items-center rounded px-1.5 text-xs font-medium ring-1 ring-inset',
              c.met ? 'bg-green-50 text-green-800 ring-green-600/30' : c.hard ? 'bg-red-50 text-red-800 ring-red-600/30' : 'bg-amber-50 text-amber-900 ring-amber-600/40',
            )}
          >
            {c.met ? t('interests.matches.met') : t('interests.matches.missed')}
          </span>
          <span className="text-slate-800">{t(c.messageKey, c.params)}</span>
        </li>
      ))}
    </ul>
  );
}

export interface ProductMatchItem {
  productId: string;
  productName: string;
  bankName: string;
  eligible: boolean;
  score: number;
  criteria: MatchCriterionItem[];
}

/** Ranked products for a need: eligible ones with their score, then near misses. */
export function ProductMatchList({ matches, productHref, action }: { matches: ProductMatchItem[]; productHref: (id: string) => string; action?: (m: ProductMatchItem) => ReactNode }) {
  const t = useT();
  return (
    <ol className="space-y-4">
      {matches.map((m, i) => (
        <li key={m.productId} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="product-match">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div>
              <p className="text-base font-semibold text-slate-900">
                <span className="mr-2 text-slate-600">{i + 1}.</span>
                <a href={productHref(m.productId)} className="text-brand-800 underline">{m.productName}</a>
              </p>
              <p className="text-sm text-slate-700">{m.bankName}</p>
            </div>
            <span className={cx('rounded-md px-2 py-1 text-sm font-semibold ring-1 ring-inset', m.eligible ? 'bg-green-50 text-green-800 ring-green-600/30' : 'bg-slate-100 text-slate-700 ring-slate-300')}>
              {m.eligible ? t('interests.matches.score', { score: m.score }) : t('interests.matches.excluded')}
            </span>
          </div>
          <MatchCriteria criteria={m.criteria} />
          {action ? <div className="mt-3">{action(m)}</div> : null}
        </li>
      ))}
    </ol>
  );
}
