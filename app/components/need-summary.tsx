/** The enterprise home page's summary of its own needs. */
import { useLocale, useT } from '~/i18n/use-t';
import { formatTotal } from '~/utils/money';
import { Card, EmptyState, LinkButton, Stat } from './ui';

export interface NeedSummaryData {
  byStatus: Record<string, number>;
  total: number;
  pendingResponses: number;
  openAmount: number;
}

export function EnterpriseNeedSummary({ summary }: { summary: NeedSummaryData }) {
  const t = useT();
  const locale = useLocale();
  const actions = (
    <div className="flex flex-wrap gap-2">
      <LinkButton to="/enterprise/needs/financing/new">{t('needs.action.newFinancing')}</LinkButton>
      <LinkButton to="/enterprise/needs/hiring/new" variant="secondary">{t('needs.action.newHiring')}</LinkButton>
    </div>
  );
  if (summary.total === 0) return <EmptyState title={t('needs.home.empty')} hint={t('needs.home.emptyHint')} action={actions} />;
  return (
    <Card title={t('needs.home.title')} actions={<LinkButton to="/enterprise/needs" variant="ghost">{t('needs.home.viewAll')}</LinkButton>}>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <Stat label={t('needs.home.published')} value={summary.byStatus.published ?? 0} to="/enterprise/needs?status=published" />
        <Stat label={t('needs.home.matched')} value={summary.byStatus.matched ?? 0} to="/enterprise/needs?status=matched" />
        <Stat label={t('needs.home.drafts')} value={summary.byStatus.draft ?? 0} to="/enterprise/needs?status=draft" />
        <Stat label={t('needs.home.pendingResponses')} value={summary.pendingResponses} />
        <Stat label={t('needs.home.openAmount')} value={formatTotal(summary.openAmount, locale)} />
      </dl>
      <div className="mt-4">{actions}</div>
    </Card>
  );
}
