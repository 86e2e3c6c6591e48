/**
 * 金融顾问 KPIs (issue 18, decision 037b): one table per officer or per bank, and
 * the dashboard's card (its own component, so the dashboard page only places it).
 */
import type { AdvisorKpiRow, AdvisorKpis } from '~/modules/advisors/rules';
import { useT } from '~/i18n/use-t';
import { DataTable, type Column } from './table';
import { Card } from './ui';

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

export function AdvisorKpiTable({ rows, by, caption }: { rows: AdvisorKpiRow[]; by: 'bank' | 'officer'; caption: string }) {
  const t = useT();
  const columns: Column<AdvisorKpiRow>[] = [
    {
      key: 'name',
      header: t(by === 'bank' ? 'advisors.col.bank' : 'advisors.col.officer'),
      cell: (r) =>
        by === 'bank' ? (
          r.name
        ) : (
          <span>
            {r.name}
            <span className="block text-xs text-slate-600">{r.bankName}</span>
          </span>
        ),
    },
    { key: 'firms', header: t('advisors.col.firms'), align: 'right', cell: (r) => r.firms },
    { key: 'contacted', header: t('advisors.col.contacted'), align: 'right', cell: (r) => `${r.contacted}/${r.firms}` },
    { key: 'contactRate', header: t('advisors.col.contactRate'), align: 'right', cell: (r) => pct(r.contactRate) },
    { key: 'problems', header: t('advisors.col.problems'), align: 'right', cell: (r) => `${r.problemsInTime}/${r.problemsDue}` },
    { key: 'inTime', header: t('advisors.col.inTimeRate'), align: 'right', cell: (r) => pct(r.inTimeRate) },
    {
      key: 'satisfaction',
      header: t('advisors.col.satisfaction'),
      align: 'right',
      cell: (r) => (r.rated ? `${pct(r.satisfactionRate)} (${r.satisfied}/${r.rated})` : '—'),
    },
  ];
  return (
    <div data-testid={`advisor-kpi-${by}`}>
      <DataTable caption={caption} rows={rows} rowKey={(r) => r.key} columns={columns} empty={t('advisors.kpi.empty')} />
    </div>
  );
}

/** The one-line total: firms paired, contacted, coverage, contacts. */
export function AdvisorKpiTotal({ kpis }: { kpis: AdvisorKpis }) {
  const t = useT();
  const k = kpis.total;
  return (
    <p className="text-sm tabular-nums text-slate-900" data-testid="advisor-kpi-total">
      {t('advisors.kpi.total', { firms: k.firms, contacted: k.contacted, rate: pct(k.contactRate), contacts: k.contacts })}
      {' · '}
      {t('advisors.col.inTimeRate')} {pct(k.inTimeRate)} · {t('advisors.col.satisfaction')} {pct(k.satisfactionRate)}
    </p>
  );
}

/** The dashboard's card: the total and the banks' rows, with a link to the organizer's page. */
export function AdvisorKpiCard({ kpis, period }: { kpis: AdvisorKpis; period: { from: string; to: string } }) {
  const t = useT();
  return (
    <section aria-labelledby="dashboard-advisors" className="min-w-0 space-y-2" data-testid="dashboard-advisors">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="dashboard-advisors" className="text-lg font-semibold text-slate-900">
          {t('advisors.kpi.title')}
        </h2>
        <a href={`/organizer/advisors?from=${period.from}&to=${period.to}`} className="text-sm text-brand-800 underline">
          {t('advisors.kpi.more')}
        </a>
      </div>
      <p className="text-xs text-slate-600">
        {t('advisors.period')} {t('advisors.period.value', period)}
      </p>
      <AdvisorKpiTotal kpis={kpis} />
      <Card title={t('advisors.kpi.byBank')}>
        <AdvisorKpiTable rows={kpis.byBank} by="bank" caption={t('advisors.kpi.byBank')} />
      </Card>
    </section>
  );
}
