import { regionFullName } from '~/modules/regions/regions.server';
import { formatWan } from '~/utils/money';

/** An organization's identity (name, 信用代码, region, bank type) as the identity-change panel shows it. */
export function identityView(i: { name: string; credit_code: string | null; region_code: string; bank_type: string | null }) {
  return { name: i.name, creditCode: i.credit_code, regionName: regionFullName(i.region_code), bankType: i.bank_type };
}

/** An organization's record with its region names and 万元 amounts as the profile pages show them. */
export function orgProfileView<
  O extends { region_code: string; regionsServed: string[]; registered_capital: number | null; annual_revenue: number | null },
>(org: O) {
  return {
    ...org,
    regionName: regionFullName(org.region_code),
    regionsServedNames: org.regionsServed.map((c) => regionFullName(c)),
    registeredCapitalText: org.registered_capital == null ? '' : formatWan(org.registered_capital),
    annualRevenueText: org.annual_revenue == null ? '' : formatWan(org.annual_revenue),
  };
}
