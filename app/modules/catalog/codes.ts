/**
 * Code lists shared by needs, products and matching. Labels are [zh, en].
 * Guarantee types, industries and sizes are also stored as bit masks so that
 * filters and matching test set intersection with one integer AND
 * (docs/decisions/006-bitmask-sets.md).
 */
import { INDUSTRY_CODES, SIZE_CODES, type IndustryCode, type SizeCode } from '~/modules/organizations/reference';

export const GUARANTEE_TYPES = {
  credit: ['信用', 'Unsecured (credit)'],
  guarantee: ['保证/担保', 'Guarantee'],
  mortgage: ['抵押', 'Mortgage'],
  pledge: ['质押', 'Pledge'],
  ip_pledge: ['知识产权质押', 'IP pledge'],
  receivable_pledge: ['应收账款质押', 'Receivables pledge'],
  gov_guarantee: ['政府性融资担保', 'Government financing guarantee'],
} as const;
export type GuaranteeType = keyof typeof GUARANTEE_TYPES;
export const GUARANTEE_CODES = Object.keys(GUARANTEE_TYPES) as GuaranteeType[];

export const NEED_PURPOSES = {
  working_capital: ['流动资金', 'Working capital'],
  fixed_assets: ['固定资产投资', 'Fixed-asset investment'],
  tech_upgrade: ['技术改造', 'Technical upgrade'],
  rnd: ['研发', 'Research and development'],
  order_financing: ['订单融资', 'Order financing'],
  renewal: ['续贷/周转', 'Renewal / bridging'],
  startup: ['创业', 'Start-up'],
  payroll: ['稳岗/发放工资', 'Payroll / job retention'],
  other: ['其他', 'Other'],
} as const;
export type NeedPurpose = keyof typeof NEED_PURPOSES;
export const NEED_PURPOSE_CODES = Object.keys(NEED_PURPOSES) as NeedPurpose[];

export const PRODUCT_CATEGORIES = {
  credit: ['信用贷', 'Credit loan'],
  tax: ['税务贷/银税互动', 'Tax-based loan'],
  tech: ['科技贷', 'Technology loan'],
  ip_pledge: ['知识产权质押贷', 'IP-pledge loan'],
  mortgage: ['抵押贷', 'Mortgage loan'],
  guarantee: ['担保贷', 'Guaranteed loan'],
  supply_chain: ['供应链/应收账款融资', 'Supply-chain / receivables financing'],
  renewal: ['无还本续贷', 'Renewal without principal repayment'],
  job_stable: ['稳岗贷', 'Job-retention loan'],
  startup_guarantee: ['创业担保贷款', 'Start-up guaranteed loan'],
  other: ['其他', 'Other'],
} as const;
export type ProductCategory = keyof typeof PRODUCT_CATEGORIES;
export const PRODUCT_CATEGORY_CODES = Object.keys(PRODUCT_CATEGORIES) as ProductCategory[];
/** Categories whose terms are tied to hiring (稳岗贷, 创业担保贷款). */
export const EMPLOYMENT_LINKED_CATEGORIES: readonly ProductCategory[] = ['job_stable', 'startup_guarantee'];

/**
 * Policy tools a loan product or a letter of intent uses (issue 18): organizers
 * report totals by tool. A product or an agreement may use several (a bit set).
 */
export const POLICY_TOOLS = {
  risk_compensation: ['政府风险补偿', 'Government risk compensation'],
  gov_guarantee: ['政府性融资担保', 'Government financing guarantee'],
  interest_subsidy: ['贴息', 'Interest subsidy'],
  renewal: ['无还本续贷', 'Renewal without principal repayment'],
  first_loan: ['首贷', 'First loan'],
  credit: ['信用贷', 'Credit loan'],
} as const;
export type PolicyTool = keyof typeof POLICY_TOOLS;
export const POLICY_TOOL_CODES = Object.keys(POLICY_TOOLS) as PolicyTool[];

export const NEED_STATUSES = ['draft', 'published', 'matched', 'closed', 'withdrawn'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
export const PRODUCT_STATUSES = ['draft', 'published', 'retired'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const RATE_TYPES = ['fixed', 'lpr'] as const;
export type RateType = (typeof RATE_TYPES)[number];

/* ---------- bit masks ---------- */

function maskOf<T extends string>(all: readonly T[], items: readonly T[]): number {
  let m = 0;
  for (const it of items) {
    const i = all.indexOf(it);
    if (i >= 0) m |= 1 << i;
  }
  return m;
}
function itemsOf<T extends string>(all: readonly T[], mask: number): T[] {
  return all.filter((_, i) => (mask & (1 << i)) !== 0);
}

export const guaranteeMask = (items: readonly GuaranteeType[]) => maskOf(GUARANTEE_CODES, items);
export const guaranteesOf = (mask: number) => itemsOf(GUARANTEE_CODES, mask);
export const guaranteeBit = (g: GuaranteeType) => 1 << GUARANTEE_CODES.indexOf(g);

/** 0 means "any industry" on a product. */
export const industryMask = (items: readonly IndustryCode[]) => maskOf(INDUSTRY_CODES, items);
export const industriesOf = (mask: number) => itemsOf(INDUSTRY_CODES, mask);
export const industryBit = (c: IndustryCode) => 1 << INDUSTRY_CODES.indexOf(c);

/** 0 means "any size" on a product. */
export const sizeMask = (items: readonly SizeCode[]) => maskOf(SIZE_CODES, items);
export const sizesOf = (mask: number) => itemsOf(SIZE_CODES, mask);
export const sizeBit = (c: SizeCode) => 1 << SIZE_CODES.indexOf(c);

/** Policy tools as a bit set (0 = none). */
export const policyMask = (items: readonly PolicyTool[]) => maskOf(POLICY_TOOL_CODES, items);
export const policiesOf = (mask: number) => itemsOf(POLICY_TOOL_CODES, mask);
export const policyBit = (p: PolicyTool) => 1 << POLICY_TOOL_CODES.indexOf(p);
