/**
 * The one `Database` interface Kysely is typed with.
 *
 * Conventions (see docs/decisions/002-portable-schema.md):
 * - ids are random text (no dialect-specific auto-increment);
 * - timestamps are ISO-8601 UTC text, dates are `YYYY-MM-DD` text;
 * - money is an integer number of 元 (BIGINT on PostgreSQL, read back as number);
 * - booleans are integers 0/1.
 */
import type { ColumnType, Generated } from 'kysely';

export type Role = 'enterprise' | 'bank' | 'organizer' | 'admin';
export type OrgKind = 'enterprise' | 'bank' | 'government';
export type OrgStatus = 'pending' | 'verified' | 'rejected';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  phone: string;
  /** when the number was confirmed by an SMS code; a verified number is unique and signs in (issue 14) */
  phone_verified_at: Generated<string | null>;
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

/** Login throttle counters (issue 13; decision 026a): one row per key, changed in single statements. */
export interface LoginThrottleTable {
  /** `ip:<address>`, `account-ip:<email>|<address>` or `account:<email>` */
  throttle_key: string;
  attempts: number;
  round_started_at: string;
  level: Generated<number>;
  blocked_until: string | null;
  last_failure_at: string | null;
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
  /**
   * the earliest created_at of the need's financing interests not withdrawn and of its
   * applications; null while it has none. Kept by database triggers (migration
   * 2026-12-13-a-need-first-answer, decision 041a): the app never writes it.
   */
  first_answer_at: Generated<string | null>;
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
  /** policy tools used (bit set over POLICY_TOOL_CODES, 0 = none; issue 18) */
  policy_mask: Generated<number>;
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

/* ---------- matchmaking sessions 对接会 (issue: sessions) ---------- */

export type EventStatus = 'draft' | 'open' | 'scheduled' | 'held' | 'closed';
export type ParticipantRole = 'bank' | 'enterprise' | 'government';
/** invited: waiting for an answer; registered: joined an open session on its own initiative */
export type ParticipantStatus = 'invited' | 'accepted' | 'declined' | 'registered';
export type MeetingRequestStatus = 'pending' | 'accepted' | 'declined' | 'withdrawn';

export interface EventsTable {
  id: string;
  /** the region the session serves; organizers whose region covers it manage it */
  region_code: string;
  created_by: string;
  title: string;
  theme: string;
  /** YYYY-MM-DD */
  event_date: string;
  /** HH:MM, local time */
  start_time: string;
  venue: string;
  /** maximum number of attending representatives, all organizations together */
  capacity: number;
  /** YYYY-MM-DD, last day to register / accept / name representatives */
  registration_deadline: string;
  /** 1: every verified organization of the region may register itself */
  open_registration: number;
  /** the 1:1 meeting grid */
  slot_count: number;
  slot_minutes: number;
  table_count: number;
  /** HH:MM of the first meeting slot */
  first_slot_time: string;
  description: string | null;
  status: EventStatus;
  /** last scheduler run: placed meetings and the proven upper bound */
  schedule_placed: number | null;
  schedule_bound: number | null;
  scheduled_at: string | null;
  /** session number 舞钢-2026-003: the region and year it was given in, and the sequence (issue 16) */
  number_region: string | null;
  number_year: string | null;
  number_seq: number | null;
  /** 1: recorded after it took place (补录; created held, nobody invited) */
  recorded_past: Generated<number>;
  /** fixed: each bank keeps one desk for the whole session; free: tables change per slot */
  desk_mode: Generated<DeskMode>;
  /** when the organizer published the meeting schedule to the participants (issue 16); null: a draft */
  schedule_published_at: Generated<string | null>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type DeskMode = 'fixed' | 'free';

export interface EventAgendaItemsTable {
  id: string;
  event_id: string;
  /** HH:MM */
  starts_at: string;
  title: string;
  speaker: string | null;
  sort_order: number;
}

export interface EventParticipantsTable {
  id: string;
  event_id: string;
  organization_id: string;
  role: ParticipantRole;
  status: ParticipantStatus;
  invited_by: string | null;
  responded_by: string | null;
  responded_at: string | null;
  /** random token in the organization's check-in QR code */
  checkin_token: string;
  /** a bank's fixed desk (0-based, shown + 1) in desk mode 'fixed' */
  desk_no: number | null;
  /** lead signatory order (主签约单位: 1 first), null when not a lead */
  lead_order: number | null;
  created_at: string;
}

export interface EventRepresentativesTable {
  id: string;
  event_id: string;
  participant_id: string;
  organization_id: string;
  name: string;
  title: string;
  /** mobile phone, 11 digits; unique within an event (one person registers once) */
  phone: string;
  checked_in_at: string | null;
  checked_in_by: string | null;
  /** how the arrival was recorded (issue 16): the organizer's list, a scanned badge, or self check-in at the door */
  checked_in_via: ColumnType<CheckinVia | null, CheckinVia | null | undefined, CheckinVia | null>;
  created_at: string;
  /** opens the representative's own agenda without signing in (/agenda/:token, issue 16); unique */
  agenda_token: Generated<string | null>;
}

export type CheckinVia = 'desk' | 'badge' | 'self';

/** A lead signatory (主签约单位) the organizer marked for a session, in order (decision 036d). */
export interface EventLeadSignatoriesTable {
  event_id: string;
  organization_id: string;
  side: 'bank' | 'enterprise';
  /** 1 first, per side */
  position: number;
  created_at: string;
}

/** A representative waiting for a place (候补) while the session is full, promoted by `seq` (decision 036d). */
export interface EventWaitlistTable {
  id: string;
  event_id: string;
  participant_id: string;
  organization_id: string;
  name: string;
  title: string;
  phone: string;
  /** 1, 2, … per session in the order they came; never reused */
  seq: number;
  created_by: string;
  created_at: string;
}

export interface MeetingRequestsTable {
  id: string;
  event_id: string;
  enterprise_org_id: string;
  bank_org_id: string;
  /** the organization that asked (enterprise or bank) */
  requested_by_org_id: string;
  requested_by_user_id: string;
  message: string | null;
  /** JSON array of matching reason keys shown with the suggestion, or '[]' */
  reasons: string;
  status: MeetingRequestStatus;
  responded_by: string | null;
  responded_at: string | null;
  created_at: string;
}

/** A participant organization cannot meet in this slot (0-based). */
export interface EventUnavailabilityTable {
  event_id: string;
  organization_id: string;
  slot: number;
}

/** Where an accepted meeting request sits in the grid. */
/** A meeting as the participants were last told of it (issue 16): a change notifies only those affected. */
export interface PublishedMeetingsTable {
  event_id: string;
  request_id: string;
  enterprise_org_id: string;
  bank_org_id: string;
  /** YYYY-MM-DD HH:MM, China time */
  starts_at: string;
  /** 0-based */
  table_no: number;
}

export type EventReminderKind = 'response' | 'dayBefore' | 'meetingSoon';

/** One row per reminder sent (issue 16): the primary key makes each one once. */
export interface EventRemindersTable {
  kind: EventReminderKind;
  event_id: string;
  /** participant organization (response, dayBefore) or meeting request (meetingSoon) */
  target_id: string;
  sent_at: string;
}

export interface MeetingPlacementsTable {
  request_id: string;
  event_id: string;
  /** 0-based */
  slot: number;
  /** 0-based; shown as table number + 1 */
  table_no: number;
  /** 1: placed or moved by the organizer by hand; the scheduler keeps it */
  manual: number;
  placed_at: string;
}

/* ---------- letters of intent 合作意向书 (issue: agreements) ---------- */

/**
 * proposed: recorded by one side, waiting for the other side or the organizer;
 * declined: the proposal was refused; signed: confirmed (counts in totals);
 * approved: credit approved (授信); disbursed: at least one tranche lent (放款);
 * terminated: ended with a reason (a confirmed agreement keeps counting in the
 * signed total; see docs/decisions).
 */
export type AgreementStatus = 'proposed' | 'declined' | 'signed' | 'approved' | 'disbursed' | 'terminated';

export interface AgreementsTable {
  id: string;
  /** 合作意向书编号; unique when present (the import key) */
  document_no: string | null;
  event_id: string | null;
  bank_org_id: string;
  enterprise_org_id: string;
  /** a financing need this answers, optional */
  need_id: string | null;
  product_id: string | null;
  /** copied from the enterprise when recorded: district/county for breakdowns */
  region_code: string;
  /** copied from the enterprise: GB/T 4754 section */
  industry: string | null;
  /** copied from the product, or null */
  product_category: string | null;
  /** policy tools used (bit set over POLICY_TOOL_CODES, 0 = none; issue 18) */
  policy_mask: Generated<number>;
  /** 签约金额, 元 */
  amount: number;
  term_months: number | null;
  /** YYYY-MM-DD */
  signed_on: string;
  /** YYYY-MM of signed_on, for monthly breakdowns */
  signed_month: string;
  bank_signatory: string;
  enterprise_signatory: string;
  status: AgreementStatus;
  proposed_by_org_id: string;
  proposed_by_user_id: string;
  confirmed_by_user_id: string | null;
  confirmed_at: string | null;
  /** 授信 */
  approved_amount: number | null;
  approved_on: string | null;
  /** sum of the tranches, 元 */
  disbursed_amount: Generated<number>;
  last_disbursed_on: string | null;
  /** reason of a decline or a termination */
  status_reason: string | null;
  terminated_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AgreementTranchesTable {
  id: string;
  agreement_id: string;
  amount: number;
  /** YYYY-MM-DD */
  disbursed_on: string;
  created_by: string;
  created_at: string;
}

/** Every change of an agreement's amounts or status: who, when, before, after, why. */
export interface AgreementAuditTable {
  id: string;
  agreement_id: string;
  user_id: string;
  /** e.g. created, confirmed, declined, edited, approved, disbursed, terminated */
  action: string;
  /** JSON: { field: [before, after] } — replaying them in order rebuilds the row */
  changes: string;
  reason: string | null;
  created_at: string;
}

/* ---------- reports: pre-aggregated totals (issue: agreements; docs/decisions/018) ---------- */

/**
 * Sums of confirmed agreements per grain and key, kept in step by
 * app/modules/reports/rollups.server.ts (`applyAgreementChange`, `rebuildRollups`).
 * Dimensions the grain does not keep are '' (no session / industry / category is '' too).
 */
export interface ReportRollupsTable {
  grain: string;
  event_id: string;
  bank_org_id: string;
  /** district/county code, or the city code (XXXX00) in city-level grains */
  region_code: string;
  signed_month: string;
  industry: string;
  product_category: string;
  signed_count: number;
  /** 元 */
  signed_amount: number;
  approved_count: number;
  approved_amount: number;
  disbursed_count: number;
  disbursed_amount: number;
  terminated_count: number;
  terminated_amount: number;
}

/**
 * A dense number per enterprise that has had a confirmed agreement: the enterprise
 * sets below hold these numbers (decision 038a). Assigned once, never reused.
 */
export interface ReportEnterpriseNumbersTable {
  no: Generated<number>;
  enterprise_org_id: string;
}

/**
 * The enterprises with a confirmed agreement per (bank, district, signing month)
 * — bank '' for all banks —, kept in step by app/modules/reports/enterprise-sets.server.ts
 * with the rollups (decision 038a). `members`: the encoded set of enterprise numbers.
 */
export interface ReportEnterpriseSetsTable {
  bank_org_id: string;
  region_code: string;
  signed_month: string;
  members: Uint8Array;
  member_count: number;
}

/**
 * Sums of confirmed agreements per (bank, district, signing month, policy mask) — bank ''
 * for all banks —, kept in step with the rollups by app/modules/reports/policy-rollups.server.ts
 * (decision 039a). An agreement's tools are its `policy_mask`.
 */
export interface ReportPolicyRollupsTable {
  bank_org_id: string;
  region_code: string;
  signed_month: string;
  policy_mask: number;
  signed_count: number;
  /** 元 */
  signed_amount: number;
  approved_amount: number;
  disbursed_amount: number;
}

/* ---------- bulk import 批量导入 (issue: agreements; docs/decisions/020) ---------- */

/**
 * An organizer's upload that passed the dry run, kept until it is committed
 * (then its content is emptied and the row stays as the import's record) or
 * expires. Migration: db/migrations/2026-11-27-imports.ts.
 */
export interface ImportUploadsTable {
  /** SHA-256 (hex) of the token handed to the organizer; the token itself is never stored */
  id: string;
  user_id: string;
  /** enterprises | banks | products | agreements | workbook */
  kind: string;
  file_name: string;
  /** the uploaded bytes, base64 ('' once committed) */
  content: string;
  byte_size: number;
  created_at: string;
  expires_at: string;
  committed_at: string | null;
  /** JSON totals of the commit: { rows, create, update, unchanged } */
  summary: string | null;
}

/**
 * What the last import wrote into a row: the values of the columns an import
 * manages, as they stood after it (JSON). A dry run compares them with the row
 * to find what was changed on the platform since (issue 13, decision 031b).
 * Migration: db/migrations/2026-12-05-13-import-marks.ts.
 */
export interface ImportMarksTable {
  /** organization | loan_product | agreement */
  subject: string;
  entity_id: string;
  /** JSON: { column: value } after the import */
  fields: string;
  file_name: string;
  imported_by: string | null;
  imported_at: string;
}

/* ---------- adoption: password links, jobs, outbox, documents (issue 14) ---------- */

/** One-time set-password / reset links; only the SHA-256 (hex) of the token is stored. */
export interface PasswordTokensTable {
  id: string;
  user_id: string;
  purpose: 'set' | 'reset';
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** 'signup': the number of a sign-up form, before the account exists (user_id null). */
export type SmsCodePurpose = 'verify' | 'login' | 'reset' | 'signup';

/** A code sent by SMS (issue 14): only its hash, tries counted, used once. */
export interface SmsCodesTable {
  id: string;
  purpose: SmsCodePurpose;
  phone: string;
  /** null for a sign-up code (the account does not exist yet) */
  user_id: string | null;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export type DocumentKind = 'licence' | 'other';

/** A file an organization handed in (issue 14); the bytes are in the file storage under storage_key. */
export interface DocumentsTable {
  id: string;
  organization_id: string;
  kind: DocumentKind;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  created_at: string;
}

export type JobState = 'queued' | 'active' | 'done' | 'failed';

/** SQLite's job queue (app/modules/jobs; PostgreSQL uses pg-boss's own tables). */
export interface JobsTable {
  id: string;
  name: string;
  /** JSON */
  data: string;
  state: JobState;
  attempts: Generated<number>;
  max_attempts: number;
  retry_delay_s: number;
  run_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** SQLite's recurring jobs: the next run of each, claimed by one process. */
export interface JobSchedulesTable {
  name: string;
  cron: string;
  next_run_at: string;
  updated_at: string;
}

/* ---------- applications from a match 一键申请 (issue 15; decision 028) ---------- */

export type ApplicationStatus = 'submitted' | 'accepted' | 'more_info' | 'declined' | 'approved' | 'withdrawn';

export interface ApplicationsTable {
  id: string;
  enterprise_org_id: string;
  bank_org_id: string;
  product_id: string;
  /** the financing need it applies with */
  need_id: string;
  user_id: string;
  /** the enterprise's district (deadline region, organizer's tracking) */
  region_code: string;
  message: string;
  status: ApplicationStatus;
  /** why declined, or which material is missing */
  status_reason: string | null;
  /** the letter of intent an approval became */
  agreement_id: string | null;
  /** the bank's first answer: stops the response clock */
  responded_at: string | null;
  responded_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type OutboxChannel = 'email' | 'sms';
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'held';

/** Messages that leave the app, written with the change that caused them (app/modules/outbox). */
export interface OutboxMessagesTable {
  id: string;
  user_id: string | null;
  channel: OutboxChannel;
  recipient: string;
  kind: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** SMS: the template parameters (JSON object of strings) */
  params: string | null;
  /** who took the message: smtp, aliyun, demo (the administrators' outbox page) */
  provider: string | null;
}

/** A user's channels for one kind of message (decision 033a); no row = the defaults. */
export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  email: number;
  sms: number;
  updated_at: string;
}

/** A published need whose answer deadline passed, announced once (the need.overdue sweep). */
export interface NeedOverdueNoticesTable {
  need_kind: 'financing' | 'hiring';
  need_id: string;
  notified_at: string;
}

export interface Database {
  users: UsersTable;
  organizations: OrganizationsTable;
  bank_regions: BankRegionsTable;
  auth_sessions: AuthSessionsTable;
  login_failures: LoginFailuresTable;
  login_throttle: LoginThrottleTable;
  financing_needs: FinancingNeedsTable;
  hiring_needs: HiringNeedsTable;
  hiring_positions: HiringPositionsTable;
  need_edits: NeedEditsTable;
  loan_products: LoanProductsTable;
  product_regions: ProductRegionsTable;
  need_interests: NeedInterestsTable;
  notifications: NotificationsTable;
  settings: SettingsTable;
  events: EventsTable;
  event_agenda_items: EventAgendaItemsTable;
  event_participants: EventParticipantsTable;
  event_representatives: EventRepresentativesTable;
  event_lead_signatories: EventLeadSignatoriesTable;
  event_waitlist: EventWaitlistTable;
  meeting_requests: MeetingRequestsTable;
  event_unavailability: EventUnavailabilityTable;
  meeting_placements: MeetingPlacementsTable;
  published_meetings: PublishedMeetingsTable;
  event_reminders: EventRemindersTable;
  agreements: AgreementsTable;
  agreement_tranches: AgreementTranchesTable;
  agreement_audit: AgreementAuditTable;
  report_rollups: ReportRollupsTable;
  report_enterprise_numbers: ReportEnterpriseNumbersTable;
  report_enterprise_sets: ReportEnterpriseSetsTable;
  report_policy_rollups: ReportPolicyRollupsTable;
  import_uploads: ImportUploadsTable;
  import_marks: ImportMarksTable;
  applications: ApplicationsTable;
  password_tokens: PasswordTokensTable;
  sms_codes: SmsCodesTable;
  documents: DocumentsTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  // ---- reports: the formal 通报 (issue 17, decision 030c) ----
  bulletin_settings: BulletinSettingsTable;
  bulletins: BulletinsTable;
  report_targets: ReportTargetsTable;
  outbox_messages: OutboxMessagesTable;
  // ---- held identity changes of verified organizations (issue 13, decision 031c) ----
  org_change_requests: OrgChangeRequestsTable;
  organization_audit: OrganizationAuditTable;
  notification_preferences: NotificationPreferencesTable;
  need_overdue_notices: NeedOverdueNoticesTable;
  // ---- 推荐清单 with bank feedback (issue 18, decision 035h) ----
  recommended_lists: RecommendedListsTable;
  recommended_list_firms: RecommendedListFirmsTable;
  recommended_list_banks: RecommendedListBanksTable;
  recommended_feedback: RecommendedFeedbackTable;
  recommended_list_planned_banks: RecommendedListPlannedBanksTable;
  // ---- 问题诉求台账 (issue 18, decision 035h) ----
  problems: ProblemsTable;
  problem_events: ProblemEventsTable;
  // ---- 派单 of unanswered needs (issue 18, decision 036f) ----
  need_dispatch_claims: NeedDispatchClaimsTable;
  need_dispatches: NeedDispatchesTable;
  // ---- after the meeting and satisfaction (issues 16 and 18, decision 036c) ----
  meeting_outcomes: MeetingOutcomesTable;
  ratings: RatingsTable;
  meeting_followups: MeetingFollowupsTable;
  problem_documents: ProblemDocumentsTable;
  // ---- 金融顾问 / 首席金融服务官 (issue 18, decision 037b) ----
  advisor_pairings: AdvisorPairingsTable;
  advisor_contacts: AdvisorContactsTable;
}

/* ---------- 金融顾问 / 首席金融服务官 (issue 18, decision 037b) ---------- */

export type AdvisorChannel = 'visit' | 'phone' | 'online';

export interface AdvisorPairingsTable {
  id: string;
  /** the enterprise's district */
  region_code: string;
  enterprise_org_id: string;
  bank_org_id: string;
  officer_user_id: string;
  /** China date */
  started_on: string;
  started_at: string;
  paired_by: string;
  /** null while current (at most one current row per enterprise) */
  ended_at: string | null;
  ended_on: string | null;
  ended_by: string | null;
  end_reason: 'repaired' | 'ended' | null;
}

export interface AdvisorContactsTable {
  id: string;
  pairing_id: string;
  enterprise_org_id: string;
  bank_org_id: string;
  officer_user_id: string;
  channel: AdvisorChannel;
  /** YYYY-MM-DD, China */
  contact_on: string;
  summary: string;
  next_step: string | null;
  created_at: string;
}

/* ---------- 派单 of unanswered needs (issue 18, decision 036f) ---------- */

export type DispatchAnswer = 'interest' | 'declined';

export interface NeedDispatchClaimsTable {
  need_kind: 'financing' | 'hiring';
  need_id: string;
  claimed_at: string;
  /** how many banks the need went to (0: no eligible bank) */
  banks: number;
}

export interface NeedDispatchesTable {
  id: string;
  need_kind: 'financing' | 'hiring';
  need_id: string;
  region_code: string;
  enterprise_org_id: string;
  bank_org_id: string;
  /** the bank's best product score for the need */
  score: number;
  /** 1 = the best of the banks chosen for the need */
  rank: number;
  /** YYYY-MM-DD China date of the dispatch, and the last working day to answer */
  dispatched_on: string;
  due_on: string;
  dispatched_at: string;
  answer: DispatchAnswer | null;
  answered_at: string | null;
  decline_reason: string | null;
  /** the silence sweep's escalation to the organizers */
  escalated_at: string | null;
}

/* ---------- after the meeting and satisfaction (issues 16 and 18, decision 036c) ---------- */

export type MeetingOutcome = 'held' | 'no_show';

/** A scheduled meeting (accepted request) marked held or no-show; the last mark wins. */
export interface MeetingOutcomesTable {
  request_id: string;
  event_id: string;
  outcome: MeetingOutcome;
  marked_by_user_id: string;
  /** null when the organizer marked it */
  marked_by_org_id: string | null;
  marked_at: string;
}

export type RatingSubject = 'meeting' | 'interest' | 'application' | 'problem';

/** One rating per item and rater, 1–5 with reason codes (app/modules/ratings). */
export interface RatingsTable {
  id: string;
  subject_kind: RatingSubject;
  subject_id: string;
  rater_org_id: string;
  rater_kind: 'enterprise' | 'bank';
  rated_org_id: string;
  rated_kind: 'enterprise' | 'bank' | 'government';
  /** the rating enterprise's district (or the enterprise's, for a bank's rating of a meeting) */
  region_code: string;
  /** 1..5 */
  score: number;
  /** JSON array of reason codes (RATING_REASONS) */
  reasons: string;
  comment: string | null;
  /** YYYY-MM, China: the month of the last change, the month the rating counts in */
  rated_month: string;
  rated_by_user_id: string;
  created_at: string;
  updated_at: string;
}

/** 是否达成融资？ asked once, three months after a session, of a pair that met. */
export interface MeetingFollowupsTable {
  id: string;
  event_id: string;
  enterprise_org_id: string;
  bank_org_id: string;
  asked_at: string;
  answer: 'yes' | 'no' | null;
  answered_by_user_id: string | null;
  answered_by_org_id: string | null;
  answered_at: string | null;
  agreement_id: string | null;
}

/* ---------- 问题诉求台账 (issue 18, decision 035h) ---------- */

export type ProblemCategory = 'financing' | 'hiring' | 'policy' | 'other';
export type ProblemStatus = 'open' | 'assigned' | 'replied' | 'closed';
export type ProblemRating = 'satisfied' | 'basically' | 'dissatisfied';

export interface ProblemsTable {
  id: string;
  region_code: string;
  enterprise_org_id: string;
  category: ProblemCategory;
  description: string;
  recorded_by: string;
  status: ProblemStatus;
  handler_org_id: string | null;
  due_working_days: number | null;
  /** YYYY-MM-DD: the day the current clock started (交办 or the last reopening) */
  clock_started_on: string | null;
  /** YYYY-MM-DD: the last working day of the current clock */
  due_on: string | null;
  reopen_count: Generated<number>;
  reply: string | null;
  replied_at: string | null;
  rating: ProblemRating | null;
  closed_at: string | null;
  /** the overdue sweep's 督办 of the current clock */
  escalated_at: string | null;
  created_at: string;
  updated_at: string;
  /** the ledger's sequence (migration 18c): the district's year and number, and its citation 舞钢-问题-2026-0007 */
  ledger_year: number | null;
  seq_no: number | null;
  ledger_code: string | null;
  /** YYYY-MM-DD: the current clock's contact and reply deadlines (due_on is the close deadline) */
  contact_due_on: string | null;
  reply_due_on: string | null;
  /** the handler's first contact with the enterprise on the current clock */
  contacted_at: string | null;
  /** contact | reply | close: the deadline whose miss the sweep escalated */
  escalated_stage: ProblemStage | null;
}

export type ProblemStage = 'contact' | 'reply' | 'close';

export interface ProblemDocumentsTable {
  problem_id: string;
  document_id: string;
  added_at: string;
}

export interface ProblemEventsTable {
  id: string;
  problem_id: string;
  action: 'recorded' | 'assigned' | 'contacted' | 'replied' | 'rated' | 'reopened' | 'closed' | 'escalated' | 'attached';
  user_id: string | null;
  note: string;
  at: string;
}

/* ---------- 推荐清单 with bank feedback (issue 18, decision 035h) ---------- */

export interface RecommendedListsTable {
  id: string;
  /** the organizer's region: firms and banks stay inside it */
  region_code: string;
  title: string;
  note: string;
  due_working_days: number;
  /** the first push; null while the list is a draft */
  pushed_at: string | null;
  /** YYYY-MM-DD (China): the last working day to answer, set by the first push */
  due_on: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface RecommendedListFirmsTable {
  list_id: string;
  enterprise_org_id: string;
  added_at: string;
}

export interface RecommendedListBanksTable {
  list_id: string;
  bank_org_id: string;
  pushed_at: string;
}

/** The banks a list is meant to be pushed to (named by an import), until the organizer pushes it. */
export interface RecommendedListPlannedBanksTable {
  list_id: string;
  bank_org_id: string;
  added_at: string;
}

export type FeedbackOutcome = 'visited' | 'granted' | 'declined';
export type FeedbackReason = 'no_need' | 'unqualified' | 'no_guarantee' | 'withdrew' | 'other';

export interface RecommendedFeedbackTable {
  list_id: string;
  enterprise_org_id: string;
  bank_org_id: string;
  outcome: FeedbackOutcome;
  visited_on: string | null;
  officer: string | null;
  /** 授信 amount in 元 */
  amount: number | null;
  reason_code: FeedbackReason | null;
  reason_text: string | null;
  /** 1 = answered after due_on */
  late: Generated<number>;
  answered_by: string;
  answered_at: string;
}

/* ---------- the formal monthly 通报 (issue 17, decision 030c) ---------- */

/** The issuing office of a region's 通报: one row per organizer region. */
export interface BulletinSettingsTable {
  region_code: string;
  /** 发文机关, e.g. 平顶山市地方金融管理局 */
  issuer: string;
  /** 文号 with {year} and {no}, e.g. 平金融〔{year}〕{no}号 */
  number_pattern: string;
  /** 主送 line */
  main_to: string;
  /** 抄送 line (may be empty) */
  cc: string;
  /** 落款 (signature block; lines separated by newlines) */
  signature: string;
  /** 1 = red 版头 (issuer's name in red over a red rule) */
  red_header: number;
  updated_by: string | null;
  updated_at: string;
}

/** An issued 通报: its number in the region's year (unique), one per region and month. */
export interface BulletinsTable {
  id: string;
  region_code: string;
  month: string;
  year: number;
  number: number;
  document_no: string;
  /** China-local YYYY-MM-DD */
  issued_on: string;
  issued_by: string | null;
  created_at: string;
}

/* ---------- targets of an organizer region (issue 17, decision 030d) ---------- */

export type TargetMetric = 'signed' | 'disbursed' | 'enterprises';

/** A yearly or quarterly target of a region (or one of its districts) or of a bank in it. */
export interface ReportTargetsTable {
  id: string;
  /** the organizer region that set it */
  region_code: string;
  /** 'region': unit_id is a region code within region_code; 'bank': a bank's organization id */
  unit_kind: 'region' | 'bank';
  unit_id: string;
  /** '2026' or '2026-Q3' */
  period: string;
  metric: TargetMetric;
  /** 元 for signed / disbursed, a count for enterprises */
  value: number;
  updated_by: string | null;
  updated_at: string;
}

/* ---------- held identity changes (issue 13, point 1; decision 031c) ---------- */

export type OrgChangeStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/**
 * A verified organization's proposed change of name, credit code, region or bank
 * type. The organizations row keeps the verified values until an organizer
 * approves; at most one pending request per organization (partial unique index).
 */
export interface OrgChangeRequestsTable {
  id: string;
  organization_id: string;
  status: OrgChangeStatus;
  /** the proposed identity, all four values (changed or not) */
  name: string;
  credit_code: string | null;
  region_code: string;
  bank_type: string | null;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** the organizer's reason for a rejection */
  decision_reason: string | null;
  updated_at: string;
}

/** Changes of an organization's identity: who, when, what (before, after), why. */
export interface OrganizationAuditTable {
  id: string;
  organization_id: string;
  user_id: string;
  /** change.requested | change.approved | change.rejected | change.withdrawn */
  action: string;
  /** JSON: { field: [before, after] } */
  changes: string;
  reason: string | null;
  created_at: string;
}
