/** Check-in on the day (签到): counts, one representative's row, and the periodic refresh. */
import { Form, useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useT } from '~/i18n/use-t';
import { Badge, Button, cx } from './ui';

type Group = 'bank' | 'enterprise' | 'government';
interface Count {
  organizations: number;
  representatives: number;
  checkedIn: number;
}

/**
 * Re-runs the page's loaders every `ms` while the tab is visible and nothing
 * else is loading: the counts follow the other check-in desks. Without
 * JavaScript the page is fresh after every action instead.
 */
export function useAutoRevalidate(ms: number) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const state = useRef({ revalidator, busy: false });
  state.current = { revalidator, busy: navigation.state !== 'idle' || revalidator.state !== 'idle' };
  useEffect(() => {
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible' && !state.current.busy) state.current.revalidator.revalidate();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms]);
}

/** A check-in desk page: refreshed every 5 s; true while one of its forms is on its way. */
export function useCheckinDesk(): boolean {
  const navigation = useNavigation();
  useAutoRevalidate(5_000);
  return navigation.state !== 'idle';
}

/** Arrivals against registered representatives, in total and by group. */
export function CheckinCounts({ counts }: { counts: Record<Group | 'total', Count> }) {
  const t = useT();
  const box = (key: Group | 'total', label: string) => {
    const c = counts[key];
    const pct = c.representatives ? Math.round((c.checkedIn / c.representatives) * 100) : 0;
    return (
      <div
        key={key}
        data-testid={`checkin-count-${key}`}
        className={cx('rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200', key === 'total' && 'col-span-2 sm:col-span-1')}
      >
        <dt className="text-sm text-slate-600">{label}</dt>
        <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900">
          <span data-testid="arrived">{c.checkedIn}</span>
          <span className="text-base font-normal text-slate-600"> / {c.representatives}</span>
        </dd>
        <div className="mt-2 h-1.5 overflow-hidden rounded bg-slate-100" aria-hidden="true">
          <div className="h-full bg-green-600" style={{ width: `${pct}%` }} />
        </div>
      </div>
    );
  };
  return (
    <section aria-label={t('roster.checkin.counts.label')} className="mb-2">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {box('total', t('roster.checkin.counts.total'))}
        {box('bank', t('roster.group.bank'))}
        {box('enterprise', t('roster.group.enterprise'))}
        {box('government', t('roster.group.government'))}
      </dl>
    </section>
  );
}

export interface CheckinRep {
  id: string;
  name: string;
  title: string;
  phone: string;
  orgName?: string;
  /** HH:MM (Beijing time) or null */
  arrivedAt: string | null;
}

/** One representative with the button that marks (or undoes) the arrival. `hidden` fields travel with the form. */
export function RepresentativeCheckinItem({
  rep,
  busy,
  hidden = {},
  orgLink,
}: {
  rep: CheckinRep;
  busy: boolean;
  hidden?: Record<string, string>;
  orgLink?: string;
}) {
  const t = useT();
  const arrived = rep.arrivedAt !== null;
  return (
    <li
      data-testid="checkin-rep"
      className="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium text-slate-900">
          {rep.name} <span className="text-sm font-normal text-slate-600">{rep.title}</span>
        </p>
        {rep.orgName ? (
          <p className="text-sm text-slate-700">
            {orgLink ? (
              <a href={orgLink} className="text-brand-800 underline">
                {rep.orgName}
              </a>
            ) : (
              rep.orgName
            )}
          </p>
        ) : null}
        <p className="text-sm tabular-nums text-slate-600">
          <a href={`tel:${rep.phone}`} className="underline">
            {rep.phone}
          </a>
        </p>
      </div>
      <div className="flex items-center gap-2">
        {arrived ? (
          <Badge tone="green">{t('roster.status.arrivedAt', { time: rep.arrivedAt! })}</Badge>
        ) : (
          <Badge>{t('roster.status.notArrived')}</Badge>
        )}
        <Form method="post" preventScrollReset>
          <input type="hidden" name="repId" value={rep.id} />
          {Object.entries(hidden).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
          {arrived ? (
            <Button
              name="intent"
              value="undo"
              variant="secondary"
              disabled={busy}
              aria-label={t('roster.checkin.action.undoFor', { name: rep.name })}
            >
              {t('roster.checkin.action.undo')}
            </Button>
          ) : (
            <Button name="intent" value="checkin" disabled={busy} aria-label={t('roster.checkin.action.checkinFor', { name: rep.name })}>
              {t('roster.checkin.action.checkin')}
            </Button>
          )}
        </Form>
      </div>
    </li>
  );
}
