import type { ReactNode } from 'react';
import type { Translate } from '~/i18n/translate';
import type { Locale } from '~/i18n/locale';
import { BANK_TYPES, BRANCH_LEVELS, INDUSTRIES, SIZES, label } from '~/modules/organizations/reference';

interface KindFacts {
  kind: string;
  bank_type: string | null;
  branch_level: string | null;
  regionsServedNames: string[];
  industry: string | null;
  size: string | null;
  founded_year: number | null;
  employees: number | null;
  registeredCapitalText: string;
  annualRevenueText: string;
}

/**
 * The facts proper to an organization's kind, for a DescriptionList: a bank's type,
 * level and regions served; an enterprise's industry, size, year, staff and amounts.
 * `industryCode` puts the 行业 code before its name; `noneServed` is shown for a bank
 * serving no region.
 */
export function orgKindFacts(
  t: Translate,
  locale: Locale,
  org: KindFacts,
  { industryCode = false, noneServed = '' }: { industryCode?: boolean; noneServed?: string } = {},
): { label: string; value: ReactNode }[] {
  if (org.kind === 'bank') {
    return [
      { label: t('org.field.bankType'), value: label(BANK_TYPES, org.bank_type, locale) },
      { label: t('org.field.branchLevel'), value: label(BRANCH_LEVELS, org.branch_level, locale) },
      { label: t('org.field.regionsServed'), value: org.regionsServedNames.join('、') || noneServed },
    ];
  }
  const industry = label(INDUSTRIES, org.industry, locale);
  return [
    { label: t('org.field.industry'), value: industryCode && org.industry ? `${org.industry} ${industry}` : industry },
    { label: t('org.field.size'), value: label(SIZES, org.size, locale) },
    { label: t('org.field.foundedYear'), value: org.founded_year == null ? '' : String(org.founded_year) },
    { label: t('org.field.employees'), value: org.employees == null ? '' : String(org.employees) },
    { label: t('org.field.registeredCapital'), value: org.registeredCapitalText },
    { label: t('org.field.annualRevenue'), value: org.annualRevenueText },
  ];
}
