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

export interface Database {
  users: UsersTable;
  organizations: OrganizationsTable;
  bank_regions: BankRegionsTable;
  auth_sessions: AuthSessionsTable;
  login_failures: LoginFailuresTable;
}
