/**
 * 跟进成效 (issue 18, decision 037d): the follow-through figures as headline cards
 * and tables by district, bank and month, each rate with its numerator/denominator
 * under it and its definition on hover. Used by the dashboard and the monthly ranking.
 */
import { type ReactNode, useId } from 'react';
import { DataTable, type Column } from '~/components/table';
import { Card, Stat, cx } from '~/components/ui';
import { useT } from '~/i18n/use-t';
import { OUTCOME_NOTES, type OutcomeCounts, type OutcomeRow } from '~/modules/followup/outcomes';
import type { FollowThroughOutcomes } from '~/modules/followup/outcomes.server';
import { formatPercentBp, ratioBp } from '~/modules/reports/ranking-month';

type T = ReturnType<typeof useT>;
type Hint = 'visit' | 'credit' | 'pickup' | 'dispatch' | 'inTime' | 'satisfaction';

/**
 * A rate with "num/den" under it and its definition with the two numbers. In a table
 * the definition is the cell's title (hover); a headline rate (`focusable`) is a button that
 * takes the keyboard focus and shows the definition in a tooltip on hover and on focus (Esc
 * hides it), also read out as the rate's description.
 */
export function Ratio({
  num,
  den,
  hint,
  testId,
  focusable,
}: {
  num: number;
  den: number;
  hint: Hint;
  testId?: string;
  focusable?: boolean;
}) {
  const t = useT();
  const definition = t(`followThrough.hint.${hint}`, { num, den });
  if (!focusable)
    // a table cell (the dashboard has a hundred and more): the rate as text, "num/den" under it, one element fewer each
    return (
      <span className="ratio" title={definition} data-testid={testId}>
        {formatPercentBp(ratioBp(num, den))}
        <span className="ratio-sub">{`${num}/${den}`}</span>
      </span>
    );
  return <FocusableRatio num={num} den={den} definition={definition} testId={testId} />;
}

/** A headline rate: a button with the definition in a tooltip on hover and on focus. */
function FocusableRatio({ num, den, definition, testId }: { num: number; den: number; definition: string; testId?: string }) {
  const tipId = useId();
  const figures = (
    <>
      <span>{formatPercentBp(ratioBp(num, den))}</span>
      <span className="text-xs font-normal text-slate-600">
        {num}/{den}
      </span>
    </>
  );
  return (
    <button
      type="button"
      className="group relative inline-flex cursor-help flex-col items-end rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-700"
      aria-describedby={tipId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.currentTarget.blur();
      }}
      data-testid={testId}
    >
      {figures}
      <span
        id={tipId}
        role="tooltip"
        className="absolute left-0 top-full z-10 mt-1 hidden w-max max-w-[15rem] rounded bg-slate-900 px-2 py-1 text-left text-sm font-normal text-white shadow group-hover:block group-focus:block"
        data-testid={testId ? `${testId}-definition` : undefined}
      >
        {definition}
      </span>
    </button>
  );
}

type Row = OutcomeRow & { href?: string; strong?: boolean };

/** The firms a row counts, then how many of them were visited (走访) and granted credit (授信). */
function coverageColumns<R extends { firms: number; visited: number; granted: number }>(t: T, firmsHeader: string): Column<R>[] {
  return [
    { key: 'firms', header: firmsHeader, align: 'right', cell: (r) => r.firms },
    {
      key: 'visit',
      header: t('followThrough.col.visit'),
      align: 'right',
      cell: (r) => <Ratio num={r.visited} den={r.firms} hint="visit" />,
    },
    {
      key: 'credit',
      header: t('followThrough.col.credit'),
      align: 'right',
      cell: (r) => <Ratio num={r.granted} den={r.firms} hint="credit" />,
    },
  ];
}

/**
 * The figures' columns every breakdown shares, after its own name column: the firms
 * counted and the five rates; banks answer dispatches where districts and months show pickup.
 */
function rateColumns(t: T, firmsHeader: string, pickup: 'pickup' | 'dispatch'): Column<Row>[] {
  return [
    ...coverageColumns<Row>(t, firmsHeader),
    {
      key: pickup,
      header: t(`followThrough.col.${pickup}`),
      align: 'right',
      cell: (r) => <Ratio num={r.inTime} den={r.needs} hint={pickup} />,
    },
    {
      key: 'inTime',
      header: t('followThrough.col.inTime'),
      align: 'right',
      cell: (r) => <Ratio num={r.closedInTime} den={r.due} hint="inTime" />,
    },
    {
      key: 'satisfaction',
      header: t('followThrough.col.satisfaction'),
      align: 'right',
      cell: (r) => <Ratio num={r.satisfied} den={r.rated} hint="satisfaction" />,
    },
  ];
}

/** A name column; `wide`: long names (banks) keep a readable width on a phone instead of a character per line. */
const plainName = (header: string, wide = false): Column<Row> => ({
  key: 'name',
  header,
  cell: (r) => <span className={cx(wide && 'inline-block min-w-[7rem]', r.strong && 'font-semibold') || undefined}>{r.label}</span>,
});

function districtColumns(t: T): Column<Row>[] {
  return [
    {
      key: 'name',
      header: t('followThrough.col.district'),
      cell: (r) =>
        r.href ? (
          <a
            href={r.href}
            className="text-brand-800 underline"
            data-testid="outcome-district-link"
            title={t('followThrough.showDistrict', { name: r.label })}
          >
            {r.label}
          </a>
        ) : (
          <span className={r.strong ? 'font-semibold' : undefined}>{r.label}</span>
        ),
    },
    ...rateColumns(t, t('followThrough.col.firms'), 'pickup'),
  ];
}

/** The bank's firms are its tasks (firms on pushed lists) — the column says so, keyed as before. */
function bankColumns(t: T): Column<Row>[] {
  const [firms, ...rates] = rateColumns(t, t('followThrough.col.tasks'), 'dispatch');
  return [plainName(t('followThrough.col.bank'), true), { ...firms, key: 'tasks' }, ...rates];
}

function monthColumns(t: T): Column<Row>[] {
  return [plainName(t('followThrough.col.month')), ...rateColumns(t, t('followThrough.col.listFirms'), 'pickup')];
}

const totalRow = (key: string, label: string, c: OutcomeCounts): Row => ({ ...c, key, label, strong: true });

/** The bank table's rows: the banks, the departments (when they handled or were rated), the banks' total. */
export function bankRows(t: T, f: Pick<FollowThroughOutcomes, 'byBank' | 'departments' | 'banksTotal'>): Row[] {
  const rows: Row[] = [...f.byBank];
  if (f.departments.due || f.departments.rated)
    rows.push({ ...f.departments, key: '__departments', label: t('followThrough.departments') });
  if (f.byBank.length) rows.push(totalRow('__total', t('followThrough.banksTotal'), f.banksTotal));
  return rows;
}

function Table({
  title,
  testId,
  rows,
  columns,
  empty,
}: {
  title: string;
  testId: string;
  rows: Row[];
  columns: Column<Row>[];
  empty: string;
}) {
  return (
    <Card title={title}>
      <div data-testid={testId}>
        <DataTable caption={title} rows={rows} rowKey={(r) => r.key} columns={columns} empty={empty} />
      </div>
    </Card>
  );
}

/** The headline figures and the three tables; `districtHref` makes each district row a link (the dashboard narrowed to it). */
export function FollowThroughSection({
  f,
  dueDays,
  title,
  lead,
  districtHref,
  months = true,
  notes,
}: {
  f: FollowThroughOutcomes;
  dueDays: number | null;
  title?: string;
  lead?: ReactNode;
  districtHref?: (code: string) => string;
  months?: boolean;
  notes?: boolean;
}) {
  const t = useT();
  const empty = t('followThrough.empty');
  const districts: Row[] = f.byDistrict.map((r) => ({ ...r, href: districtHref?.(r.key) }));
  if (districts.length) districts.push(totalRow('__total', t('followThrough.total'), f.total));
  const months_: Row[] = f.byMonth.length ? [...f.byMonth, totalRow('__total', t('followThrough.total'), { ...f.total, ...f.lists })] : [];
  const headline: { label: string; testId: string; num: number; den: number; hint: Hint }[] = [
    { label: t('followThrough.stat.visit'), testId: 'outcome-visit', num: f.total.visited, den: f.total.firms, hint: 'visit' },
    { label: t('followThrough.stat.credit'), testId: 'outcome-credit', num: f.total.granted, den: f.total.firms, hint: 'credit' },
    { label: t('followThrough.stat.lists'), testId: 'outcome-lists', num: f.lists.visited, den: f.lists.firms, hint: 'visit' },
    {
      label: dueDays ? t('followThrough.stat.pickup', { days: dueDays }) : t('followThrough.stat.pickupPlain'),
      testId: 'outcome-pickup',
      num: f.total.inTime,
      den: f.total.needs,
      hint: 'pickup',
    },
    { label: t('followThrough.stat.inTime'), testId: 'outcome-in-time', num: f.total.closedInTime, den: f.total.due, hint: 'inTime' },
    {
      label: t('followThrough.stat.satisfaction'),
      testId: 'outcome-satisfaction',
      num: f.total.satisfied,
      den: f.total.rated,
      hint: 'satisfaction',
    },
  ];
  return (
    <section aria-labelledby="follow-through" className="space-y-3" data-testid="follow-through">
      <h2 id="follow-through" className="text-lg font-semibold text-slate-900">
        {title ?? t('followThrough.title')}
      </h2>
      <p className="text-sm text-slate-700">
        {lead ?? t('followThrough.lead')} {t('followThrough.asOf', { date: f.asOf })}
      </p>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="outcome-stats">
        {headline.map((h) => (
          <Stat key={h.testId} label={h.label} value={<Ratio num={h.num} den={h.den} hint={h.hint} testId={h.testId} focusable />} />
        ))}
      </dl>
      <Table title={t('followThrough.byDistrict')} testId="outcome-district" rows={districts} columns={districtColumns(t)} empty={empty} />
      <Table title={t('followThrough.byBank')} testId="outcome-bank" rows={bankRows(t, f)} columns={bankColumns(t)} empty={empty} />
      {months ? (
        <Table title={t('followThrough.byMonth')} testId="outcome-month" rows={months_} columns={monthColumns(t)} empty={empty} />
      ) : null}
      {f.listRows.length ? (
        <Card title={t('followThrough.byList')}>
          <div data-testid="outcome-lists-table">
            <DataTable
              caption={t('followThrough.byList')}
              rows={f.listRows}
              rowKey={(r) => r.id}
              empty={empty}
              columns={[
                { key: 'title', header: t('followThrough.col.list'), cell: (r) => r.title },
                { key: 'month', header: t('followThrough.col.pushedMonth'), cell: (r) => r.pushedMonth },
                ...coverageColumns<FollowThroughOutcomes['listRows'][number]>(t, t('followThrough.col.listFirms')),
              ]}
            />
          </div>
        </Card>
      ) : null}
      {notes !== false ? <OutcomeNotes /> : null}
    </section>
  );
}

export function OutcomeNotes() {
  const t = useT();
  return (
    <Card title={t('followThrough.notes.title')}>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="outcome-notes">
        {OUTCOME_NOTES.map((k) => (
          <li key={k}>{t(k)}</li>
        ))}
      </ul>
    </Card>
  );
}
