/**
 * Life cycle of a letter of intent (合作意向书) — pure rules, no database:
 *
 *   proposed ──confirm──→ signed ──approve──→ approved ──tranche──→ disbursed ⟲ tranche
 *       │                   │                   │ ⟲ approve (correction)  │ ⟲ approve (correction)
 *       └──decline──→ declined                  └────────┬───────────────┘
 *                           └────────terminate───────────┴──→ terminated
 *
 * declined and terminated are final. Only confirmed agreements (confirmed_at set)
 * count in totals; a confirmed agreement that is later terminated keeps its signed
 * amount in the signed total (docs/decisions/017-agreements.md).
 *
 * Who acts (a `Side` relative to one agreement): its bank, its enterprise, or an
 * organizer whose region covers it. The side that proposed cannot confirm or
 * decline its own proposal; the other side or the organizer does. Only the bank
 * (or the organizer) reports 授信 / 放款 and terminates.
 *
 * `planStep` turns a requested step into the columns to write (or a refusal);
 * the server applies it in one transaction with its audit entry.
 */
import type { Selectable } from 'kysely';
import type { AgreementsTable, AgreementStatus } from '#db/schema';
import { isValidDate } from '~/modules/calendar/working-days';

export type AgreementRow = Selectable<AgreementsTable>;
export type { AgreementStatus };

export const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['proposed', 'signed', 'approved', 'disbursed', 'declined', 'terminated'];

export type Side = 'bank' | 'enterprise' | 'organizer';

export type StepKind = 'confirm' | 'decline' | 'edit' | 'approve' | 'disburse' | 'terminate';

/** The words kept in agreement_audit.action. */
export type AuditAction = 'created' | 'confirmed' | 'declined' | 'edited' | 'approved' | 'approval_changed' | 'disbursed' | 'terminated';
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'created',
  'confirmed',
  'declined',
  'edited',
  'approved',
  'approval_changed',
  'disbursed',
  'terminated',
];

/** Largest amount on a letter of intent: 1,000亿元. */
export const AGREEMENT_AMOUNT_MAX = 100_000_000_000;
/** A proposal may be dated up to a year ahead (signed at a coming event). */
export const SIGNED_ON_MAX_AHEAD_DAYS = 366;

const TRANSITIONS: Record<AgreementStatus, readonly AgreementStatus[]> = {
  proposed: ['signed', 'declined'],
  signed: ['approved', 'terminated'],
  approved: ['disbursed', 'terminated'],
  disbursed: ['terminated'],
  declined: [],
  terminated: [],
};

export function canTransition(from: AgreementStatus, to: AgreementStatus): boolean {
  return (TRANSITIONS[from] ?? []).includes(to);
}

export function isFinal(status: AgreementStatus): boolean {
  return status === 'declined' || status === 'terminated';
}

/** Confirmed by both sides (or recorded by an organizer): counts in totals. */
export function isConfirmed(row: Pick<AgreementRow, 'confirmed_at'>): boolean {
  return row.confirmed_at !== null;
}

/** Which side recorded the agreement. */
export function proposerSide(row: Pick<AgreementRow, 'proposed_by_org_id' | 'bank_org_id' | 'enterprise_org_id'>): Side {
  if (row.proposed_by_org_id === row.bank_org_id) return 'bank';
  if (row.proposed_by_org_id === row.enterprise_org_id) return 'enterprise';
  return 'organizer';
}

/** Every step a side may take on the agreement in its current state. */
export function allowedSteps(row: AgreementRow, side: Side): StepKind[] {
  const out: StepKind[] = [];
  const s = row.status;
  const reporter = side === 'bank' || side === 'organizer';
  if (s === 'proposed' && side !== proposerSide(row)) out.push('confirm', 'decline');
  if (!isFinal(s) && (s === 'proposed' ? side === proposerSide(row) || side === 'organizer' : reporter)) out.push('edit');
  if (reporter && (s === 'signed' || s === 'approved' || s === 'disbursed')) out.push('approve');
  if (reporter && (s === 'approved' || s === 'disbursed')) out.push('disburse');
  if (reporter && (s === 'signed' || s === 'approved' || s === 'disbursed')) out.push('terminate');
  return out;
}

/* ---------------------------------------------------------------- dates */

export { isValidDate };

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/* ---------------------------------------------------------------- steps */

/** The terms a party may correct (with a reason). */
export interface EditValues {
  amount: number;
  term_months: number | null;
  document_no: string | null;
  signed_on: string;
  bank_signatory: string;
  enterprise_signatory: string;
}
export const EDIT_FIELDS: readonly (keyof EditValues)[] = [
  'amount',
  'term_months',
  'document_no',
  'signed_on',
  'bank_signatory',
  'enterprise_signatory',
];

export type Step =
  | { kind: 'confirm' }
  | { kind: 'decline'; reason: string }
  | { kind: 'edit'; values: EditValues; reason: string }
  | { kind: 'approve'; amount: number; date: string; reason?: string | null }
  | { kind: 'disburse'; amount: number; date: string }
  | { kind: 'terminate'; reason: string };

export interface StepContext {
  userId: string;
  /** ISO timestamp of the write */
  now: string;
  /** China-local date of the write */
  today: string;
  /** the earliest tranche's date, or null */
  firstDisbursedOn: string | null;
}

export type Refusal = { ok: false; status: 400 | 403 | 409; error: string; field?: string };
export type Plan = { ok: true; action: AuditAction; patch: Partial<AgreementRow>; reason: string | null } | Refusal;

const refuse = (status: 400 | 403 | 409, error: string, field?: string): Refusal =>
  field ? { ok: false, status, error, field } : { ok: false, status, error };

const REPORTER_STEPS: readonly StepKind[] = ['approve', 'disburse', 'terminate'];

/** Why `side` may not take `kind` at all, whatever the state (checked before the version). */
function roleRefusal(side: Side, kind: StepKind): Refusal | null {
  if (REPORTER_STEPS.includes(kind) && side === 'enterprise') return refuse(403, 'agreements.err.bankOnly');
  return null;
}

/** Field-level checks of the terms (creation and edit). */
export function checkTerms(v: Pick<EditValues, 'amount' | 'signed_on'>, today: string): Refusal | null {
  if (!Number.isSafeInteger(v.amount) || v.amount <= 0) return refuse(400, 'agreements.v.amountPositive', 'amount');
  if (v.amount > AGREEMENT_AMOUNT_MAX) return refuse(400, 'money.tooLarge', 'amount');
  if (!isValidDate(v.signed_on)) return refuse(400, 'agreements.v.date', 'signedOn');
  if (v.signed_on > addCalendarDays(today, SIGNED_ON_MAX_AHEAD_DAYS)) return refuse(400, 'agreements.v.signedTooFar', 'signedOn');
  return null;
}

/**
 * Plans one step by `side` on `row`, based on the `version` the user saw.
 * The patch holds only the columns the step changes (the server adds version and updated_at).
 */
export function planStep(row: AgreementRow, side: Side, step: Step, version: number, ctx: StepContext): Plan {
  const roleError = roleRefusal(side, step.kind);
  if (roleError) return roleError;
  if (version !== row.version) return refuse(409, 'agreements.err.stale');
  if (isFinal(row.status)) return refuse(400, 'agreements.err.final');
  if (!allowedSteps(row, side).includes(step.kind)) {
    if ((step.kind === 'confirm' || step.kind === 'decline') && row.status === 'proposed' && side === proposerSide(row))
      return refuse(403, 'agreements.err.ownProposal');
    if (step.kind === 'edit') return refuse(403, 'agreements.err.editNotAllowed');
    return refuse(400, 'agreements.err.status');
  }
  switch (step.kind) {
    case 'confirm':
      return {
        ok: true,
        action: 'confirmed',
        reason: null,
        patch: { status: 'signed', confirmed_by_user_id: ctx.userId, confirmed_at: ctx.now },
      };
    case 'decline': {
      const reason = step.reason.trim();
      if (!reason) return refuse(400, 'agreements.v.reasonRequired', 'reason');
      return { ok: true, action: 'declined', reason, patch: { status: 'declined', status_reason: reason } };
    }
    case 'terminate': {
      const reason = step.reason.trim();
      if (!reason) return refuse(400, 'agreements.v.reasonRequired', 'reason');
      return { ok: true, action: 'terminated', reason, patch: { status: 'terminated', status_reason: reason, terminated_at: ctx.now } };
    }
    case 'edit': {
      const reason = step.reason.trim();
      if (!reason) return refuse(400, 'agreements.v.reasonRequired', 'reason');
      const v = step.values;
      const termsError = checkTerms(v, ctx.today);
      if (termsError) return termsError;
      if (row.approved_on && v.signed_on > row.approved_on) return refuse(400, 'agreements.v.signedAfterApproval', 'signedOn');
      if (ctx.firstDisbursedOn && v.signed_on > ctx.firstDisbursedOn) return refuse(400, 'agreements.v.signedAfterApproval', 'signedOn');
      const patch: Partial<AgreementRow> = {};
      for (const f of EDIT_FIELDS) {
        if ((row[f] ?? null) !== (v[f] ?? null)) (patch as Record<string, unknown>)[f] = v[f] ?? null;
      }
      if (patch.signed_on !== undefined) patch.signed_month = v.signed_on.slice(0, 7);
      if (Object.keys(patch).length === 0) return refuse(400, 'agreements.err.noChange');
      return { ok: true, action: 'edited', reason, patch };
    }
    case 'approve': {
      const correction = row.status === 'approved' || row.status === 'disbursed';
      const reason = (step.reason ?? '').trim();
      if (!Number.isSafeInteger(step.amount) || step.amount <= 0) return refuse(400, 'agreements.v.approvedPositive', 'approvedAmount');
      if (step.amount > AGREEMENT_AMOUNT_MAX) return refuse(400, 'money.tooLarge', 'approvedAmount');
      if (!isValidDate(step.date)) return refuse(400, 'agreements.v.date', 'approvedOn');
      if (step.date < row.signed_on) return refuse(400, 'agreements.v.beforeSigning', 'approvedOn');
      if (step.date > ctx.today) return refuse(400, 'agreements.v.dateFuture', 'approvedOn');
      if (step.amount < row.disbursed_amount) return refuse(400, 'agreements.v.approvedBelowDisbursed', 'approvedAmount');
      if (ctx.firstDisbursedOn && step.date > ctx.firstDisbursedOn) return refuse(400, 'agreements.v.approvalAfterTranche', 'approvedOn');
      if (correction && !reason) return refuse(400, 'agreements.v.reasonRequired', 'reason');
      if (correction && step.amount === row.approved_amount && step.date === row.approved_on) return refuse(400, 'agreements.err.noChange');
      return {
        ok: true,
        action: correction ? 'approval_changed' : 'approved',
        reason: reason || null,
        patch: { ...(correction ? {} : { status: 'approved' as const }), approved_amount: step.amount, approved_on: step.date },
      };
    }
    case 'disburse': {
      if (!Number.isSafeInteger(step.amount) || step.amount <= 0) return refuse(400, 'agreements.v.amountPositive', 'trancheAmount');
      if (!isValidDate(step.date)) return refuse(400, 'agreements.v.date', 'disbursedOn');
      if (step.date < row.signed_on) return refuse(400, 'agreements.v.beforeSigning', 'disbursedOn');
      if (row.approved_on && step.date < row.approved_on) return refuse(400, 'agreements.v.beforeApproval', 'disbursedOn');
      if (step.date > ctx.today) return refuse(400, 'agreements.v.dateFuture', 'disbursedOn');
      const total = row.disbursed_amount + step.amount;
      if (row.approved_amount === null || total > row.approved_amount) return refuse(400, 'agreements.v.overApproved', 'trancheAmount');
      const last = row.last_disbursed_on && row.last_disbursed_on > step.date ? row.last_disbursed_on : step.date;
      return {
        ok: true,
        action: 'disbursed',
        reason: null,
        patch: { status: 'disbursed', disbursed_amount: total, last_disbursed_on: last },
      };
    }
  }
}

/** Signed but nothing approved `days` after signing, as of `today`. */
export function isLate(row: Pick<AgreementRow, 'status' | 'signed_on'>, days: number, today: string): boolean {
  return row.status === 'signed' && row.signed_on <= lateCutoff(today, days);
}

/** The latest signing date that is late today: signed on or before it and still not approved. */
export function lateCutoff(today: string, days: number): string {
  return addCalendarDays(today, -days);
}
