/** The progress of targets (decision 030d): the targets page and the dashboard show the same table. */
import type { ReactNode } from 'react';
import { DataTable, type Column } from '~/components/table';
import { Badge } from '~/components/ui';
import { useLocale, useT } from '~/i18n/use-t';
import { formatPercentBp } from '~/modules/reports/ranking-month';
import { isAmountMetric, type TargetMetric } from '~/modules/reports/targets';
import { formatTotal } from '~/utils/money';

export interface TargetProgressView {
  id: string;
  unitName: string;
  period: string;
  metric: TargetMetric;
  target: number;
  actual: number;
  completionBp: number | null;
  timeShareBp: number;
  behind: boolean;
}

export function TargetProgressTable({ rows, actions }: { rows: TargetProgressView[]; actions?: (row: TargetProgressView) => ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const value = (metric: TargetMetric, n: number) => (isAmountMetric(metric) ? formatTotal(n, locale) : t('targets.enterprises', { n }));
  const period = (p: string) => {
    const [y, q] = p.split('-Q');
    return q ? t('targets.period.quarter', { year: y, q }) : t('targets.period.year', { year: y });
  };
  const columns: Column<TargetProgressView>[] = [
    { key: 'unit', header: t('targets.col.unit'), cell: (r) => r.unitName },
    { key: 'period', header: t('targets.col.period'), cell: (r) => period(r.period) },
    { key: 'metric', header: t('targets.col.metric'), cell: (r) => t(`targets.metric.${r.metric}`) },
    { key: 'target', header: t('targets.col.target'), align: 'right', cell: (r) => value(r.metric, r.target) },
    { key: 'actual', header: t('targets.col.actual'), align: 'right', cell: (r) => value(r.metric, r.actual) },
    { key: 'completion', header: t('targets.col.completion'), align: 'right', cell: (r) => formatPercentBp(r.completionBp) },
    { key: 'time', header: t('targets.col.timeShare'), align: 'right', cell: (r) => formatPercentBp(r.timeShareBp) },
    {
      key: 'status',
      header: t('targets.col.status'),
      cell: (r) =>
        r.behind ? (
          <Badge tone="red">{t('targets.status.behind')}</Badge>
        ) : r.timeShareBp === 0 ? (
          <Badge tone="gray">{t('targets.status.notStarted')}</Badge>
        ) : (
          <Badge tone="green">{t('targets.status.ok')}</Badge>
        ),
    },
    ...(actions ? [{ key: 'actions', header: '', cell: actions } satisfies Column<TargetProgressView>] : []),
  ];
  return (
    <div data-testid="target-progress">
      <DataTable columns={columns} rows={rows} rowKey={(r) => r.id} empty={t('targets.empty')} />
    </div>
  );
}
