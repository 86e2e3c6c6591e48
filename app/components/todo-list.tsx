/** The to-do centre of a role's home: one card per item, each linked to where the work is done. */
import { Link } from '~/components/link';
import type { ReactNode } from 'react';
import { useLocale, useT } from '~/i18n/use-t';
import { formatTotal } from '~/utils/money';
import { cx } from './ui';

export interface TodoEntryView {
  id: string;
  label: string;
  detail?: string;
  detailKey?: string;
  detailParams?: Record<string, string | number>;
  date?: string;
  to: string;
  urgent?: boolean;
}

/**
 * What an entry's date is, per card: a bare date on a to-do list reads as a deadline, so each
 * card says whether it is the publication, the deadline, the session day…
 * (`home.date.<kind>`; cards without dates, such as regions, are absent).
 */
export const TODO_DATE_KINDS: Record<
  string,
  | 'published'
  | 'due'
  | 'signed'
  | 'session'
  | 'updated'
  | 'applied'
  | 'received'
  | 'sent'
  | 'accepted'
  | 'approved'
  | 'submitted'
  | 'edited'
  | 'created'
  | 'signedIn'
> = {
  interestsToAnswer: 'received',
  openNeeds: 'published',
  drafts: 'edited',
  agreementsToConfirm: 'signed',
  invitations: 'session',
  nextSession: 'session',
  newNeeds: 'published',
  overdueNeeds: 'published',
  unansweredNeeds: 'published',
  interestsAwaiting: 'sent',
  interestsAccepted: 'accepted',
  toApprove: 'signed',
  toDisburse: 'approved',
  verifications: 'submitted',
  lateAgreements: 'signed',
  weekSessions: 'session',
  organizers: 'created',
  signIns: 'signedIn',
  accountChanges: 'updated',
  applications: 'updated',
  applicationsToHandle: 'applied',
  overdueApplications: 'applied',
  listsToAnswer: 'due',
  listCoverage: 'due',
  dispatchesToAnswer: 'due',
  dispatchesEscalated: 'due',
  problemsToRate: 'due',
  problemsToHandle: 'due',
  problemsOverdue: 'due',
  problemsToAssign: 'due',
};

export interface TodoItemView {
  key: string;
  count: number;
  to: string;
  emptyTo?: string;
  urgent?: boolean;
  entries: TodoEntryView[];
}

/** Amount parameters are 元; shown as 万元/亿元 in the reader's language. */
function formatParams(params: Record<string, string | number> | undefined, locale: string, t: (k: string) => string) {
  if (!params) return undefined;
  const out: Record<string, string | number> = {};
  // a parameter that is itself a message key (a stage name) is translated too
  for (const [k, v] of Object.entries(params))
    out[k] =
      k === 'amount' && typeof v === 'number'
        ? formatTotal(v, locale)
        : typeof v === 'string' && /^[a-z]+\.[a-z]+\.[a-z_]+$/.test(v)
          ? t(v)
          : v;
  return out;
}

/**
 * A figure with its unit — "3,000万元", "11 个工作日", "7/13", "2026-12-02" — kept on
 * one line inside a detail line that may wrap (decision 034a).
 */
const FIGURE_RUN =
  /\d{4}-\d{2}-\d{2}|\d[\d,.:/]*(?:\s?(?:万元|亿元|元|个工作日|个账户|个月|家|个|%)|\s(?:working days|accounts|bank responses))?/g;
export function KeepFigures({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(FIGURE_RUN)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(
      <span key={at} className="whitespace-nowrap">
        {m[0]}
      </span>,
    );
    last = at + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

export function TodoCard({ item }: { item: TodoItemView }) {
  const t = useT();
  const locale = useLocale();
  const title = t(`home.todo.${item.key}`);
  const headingId = `todo-${item.key}-h`;
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`todo-${item.key}`}
      className={cx('flex min-w-0 flex-col rounded-lg bg-white p-4 shadow-sm ring-1', item.urgent ? 'ring-amber-400' : 'ring-slate-200')}
    >
      <div className="flex items-start justify-between gap-3">
        <h3 id={headingId} className="text-sm font-semibold text-slate-900">
          <Link to={item.to} className="hover:underline">
            {title}
          </Link>
        </h3>
        <span
          className={cx(
            'shrink-0 rounded-full px-2 py-0.5 text-sm font-semibold tabular-nums',
            item.count > 0 ? (item.urgent ? 'bg-amber-100 text-amber-900' : 'bg-brand-50 text-brand-800') : 'bg-slate-100 text-slate-600',
          )}
          data-testid="todo-count"
        >
          {item.count}
        </span>
      </div>
      {item.count === 0 ? (
        <p className="mt-2 text-sm text-slate-600">
          {t(`home.todo.${item.key}.empty`)}{' '}
          {item.emptyTo ? (
            <Link to={item.emptyTo} className="font-medium text-brand-800 underline">
              {t('home.todo.go')} →
            </Link>
          ) : null}
        </p>
      ) : (
        <>
          <ul className="mt-2 divide-y divide-slate-100">
            {item.entries.map((e) => (
              <li key={e.id} className="flex items-baseline justify-between gap-3 py-1.5 text-sm">
                <div className="min-w-0">
                  <Link to={e.to} className="font-medium text-brand-800 underline">
                    {e.label}
                  </Link>
                  {e.detail || e.detailKey ? (
                    <p className="break-words text-xs text-slate-600">
                      <KeepFigures
                        text={`${e.detail ?? ''}${e.detail && e.detailKey ? ' · ' : ''}${e.detailKey ? t(e.detailKey, formatParams(e.detailParams, locale, t)) : ''}`}
                      />
                    </p>
                  ) : null}
                </div>
                {e.date ? (
                  <span
                    className={cx(
                      'shrink-0 whitespace-nowrap text-xs tabular-nums',
                      e.urgent ? 'font-semibold text-red-700' : 'text-slate-600',
                    )}
                  >
                    {TODO_DATE_KINDS[item.key] ? `${t(`home.date.${TODO_DATE_KINDS[item.key]}`)} ` : ''}
                    {e.date}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="mt-auto pt-2">
            <Link to={item.to} className="text-sm font-medium text-brand-800 underline">
              {item.count > item.entries.length ? t('home.todo.viewAll', { count: item.count }) : t('home.todo.go')} →
            </Link>
          </div>
        </>
      )}
    </section>
  );
}

export function TodoList({ items }: { items: TodoItemView[] }) {
  const t = useT();
  return (
    <div>
      <h2 className="sr-only">{t('home.todo.title')}</h2>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {items.map((item) => (
          <TodoCard key={item.key} item={item} />
        ))}
      </div>
    </div>
  );
}
