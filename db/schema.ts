/**
 * The one `Database` interface Kysely is typed with.
 *
 * Conventions (see docs/decisions/002-portable-schema.md):
 * - ids are random text (no dialect-specific auto-increment);
 * - timestamps are ISO-8601 UTC text, dates are `YYYY-MM-DD` text;
 * - money is an integer number of 元 (BIGINT on PostgreSQL, read back as number);
 * - booleans are integers 0/1.
 */
import type { Generated } from 'kysely';

export type Role = 'enterprise' | 'bank' | 'organizer' | 'admin';
export type OrgKind = 'enterprise' | 'bank' | 'government';
export type OrgStatus = 'pending' | 'verified' | 'rejected';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  phone: string;
  password_hash: string;
  role: Role;
  organization_id: string | null;
  /** organizers only: the 6-digit region they act in */
  region_code: string | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface OrganizationsTable {
  id: string;
  kind: OrgKind;
  name: string;
  status: OrgStatus;
  status_reason: string | null;
  status_changed_by: string | null;
  status_changed_at: string | null;
  credit_code: string | null;
  region_code: string;
  /** enterprise */
  industry: string | null;
  size: string | null;
  founded_year: number | null;
  registered_capital: number | null;
  employees: number | null;
  annual_revenue: number | null;
  /** bank */
  bank_type: string | null;
  branch_level: string | null;
  contact_name: string;
  contact_phone: string;
  contact_email: string | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface BankRegionsTable {
  organization_id: string;
  region_code: string;
}

export interface AuthSessionsTable {
  /** SHA-256 of the token, hex; the token itself is never stored */
  id: string;
  user_id: string;
  expires_at: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  /** `account:<email>` or `ip:<address>` */
  throttle_key: string;
  failed_at: string;
}


/* ---------- needs, products, interest (issue: needs & matching) ---------- */

export type NeedStatus = 'draft' | 'published' | 'matched' | 'closed' | 'withdrawn';
export type ProductStatus = 'draft' | 'published' | 'retired';

export interface FinancingNeedsTable {
  id: string;
  organization_id: string;
  title: string;
  /** 元 */
  amount: number;
  term_months: number;
  purpose: string;
  /** bit set of guarantee types the enterprise can offer (app/modules/catalog/codes.ts) */
  guarantee_mask: number;
  /** highest acceptable annual rate, basis points; null = no ceiling */
  max_rate_bp: number | null;
  wanted_by: string | null;
  description: string | null;
  /** JSON array of attachment names */
  attachments: string;
  status: NeedStatus;
  /** copied from the enterprise so directory filters need no join */
  region_code: string;
  /** lower-cased title + description + enterprise name, for substring search */
  search_text: string;
  version: Generated<number>;
  published_at: string | null;
  closed_at: string | null;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface HiringNeedsTable {
  id: string;
  organization_id: string;
  title: string;
  description: string | null;
  training_support: number;
  /** sum of the positions' headcounts */
  total_headcount: number;
  wanted_by: string | null;
  status: NeedStatus;
  region_code: string;
  search_text: string;
  version: Generated<number>;
  published_at: string | null;
  closed_at: string | null;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface HiringPositionsTable {
  id: string;
  hiring_need_id: string;
  title: string;
  headcount: number;
  /** monthly wage range, 元 */
  wage_min: number;
  wage_max: number;
  skills: string | null;
  sort_order: number;
}

/** Edits of published needs keep their reason (who, when, why, what changed). */
export interface NeedEditsTable {
  id: string;
  need_kind: 'financing' | 'hiring';
  need_id: string;
  user_id: string;
  reason: string;
  /** JSON: { field: [before, after] } */
  changes: string;
  created_at: string;
}

export interface LoanProductsTable {
  id: string;
  organization_id: string;
  name: string;
  category: string;
  amount_min: number;
  amount_max: number;
  term_min_months: number;
  term_max_months: number;
  /** 'fixed': rates are annual bp; 'lpr': rates are spreads over the 1-year LPR, bp (may be negative) */
  rate_type: 'fixed' | 'lpr';
  rate_min_bp: number;
  rate_max_bp: number;
  guarantee_mask: number;
  /** 0 = every industry */
  industry_mask: number;
  /** 0 = every size */
  size_mask: number;
  min_years: number;
  employment_linked: number;
  /** employment-linked products: new hires the enterprise must plan */
  min_new_hires: number;
  materials: string | null;
  description: string | null;
  status: ProductStatus;
  search_text: string;
  version: Generated<number>;
  published_at: string | null;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Regions a product is offered in (a code covers its sub-regions). */
export interface ProductRegionsTable {
  product_id: string;
  region_code: string;
}

export type InterestStatus = 'pending' | 'accepted' | 'declined' | 'withdrawn';

export interface NeedInterestsTable {
  id: string;
  need_kind: 'financing' | 'hiring';
  need_id: string;
  /** the enterprise that owns the need */
  enterprise_org_id: string;
  bank_org_id: string;
  product_id: string | null;
  user_id: string;
  message: string;
  status: InterestStatus;
  response_message: string | null;
  responded_by: string | null;
  created_at: string;
  responded_at: string | null;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  /** JSON parameters for the message */
  payload: string;
  link: string | null;
  read_at: string | null;
  created_at: string;
}

/** Platform settings (e.g. response_due_working_days, lpr_1y_bp). */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface Database {
  users: UsersTable;
  organizations: OrganizationsTable;
  bank_regions: BankRegionsTable;
  auth_sessions: AuthSessionsTable;
  login_failures: LoginFailuresTable;
  financing_needs: FinancingNeedsTable;
  hiring_needs: HiringNeedsTable;
  hiring_positions: HiringPositionsTable;
  need_edits: NeedEditsTable;
  loan_products: LoanProductsTable;
  product_regions: ProductRegionsTable;
  need_interests: NeedInterestsTable;
  notifications: NotificationsTable;
  settings: SettingsTable;
}
