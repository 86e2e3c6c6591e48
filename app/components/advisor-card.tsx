/** The enterprise's 金融顾问 on its home (issue 18, decision 037b). */
import type { EnterpriseAdvisor } from '~/modules/advisors/advisors.server';
import { useT } from '~/i18n/use-t';
import { Card, DescriptionList } from './ui';

export function EnterpriseAdvisorCard({ advisor }: { advisor: EnterpriseAdvisor }) {
  const t = useT();
  return (
    <div className="mt-6" data-testid="home-advisor">
      <Card title={t('advisors.home.title')}>
        <p className="mb-3 text-sm text-slate-700">{t('advisors.home.lead')}</p>
        <DescriptionList
          items={[
            { label: t('advisors.home.name'), value: advisor.name },
            { label: t('advisors.home.bank'), value: advisor.bankName },
            {
              label: t('advisors.home.phone'),
              value: (
                <a href={`tel:${advisor.phone}`} className="text-brand-800 underline">
                  {advisor.phone}
                </a>
              ),
            },
            {
              label: t('advisors.home.since', { date: advisor.since }),
              value: advisor.lastContactOn ? t('advisors.home.last', { date: advisor.lastContactOn }) : t('advisors.never'),
            },
          ]}
        />
      </Card>
    </div>
  );
}
