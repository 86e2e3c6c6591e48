import { describe, expect, it } from 'vitest';
import {
  allowedSteps,
  canTransition,
  isLate,
  lateCutoff,
  planStep,
  proposerSide,
  type AgreementRow,
  type Side,
  type Step,
  type StepContext,
} from './lifecycle';

const BANK = 'bank0000000000001';
const ENT = 'ent00000000000001';

function row(over: Partial<AgreementRow> = {}): AgreementRow {
  return {
    id: 'agr0000000000001',
    document_no: null,
    event_id: null,
    bank_org_id: BANK,
    enterprise_org_id: ENT,
    need_id: null,
    product_id: null,
    region_code: '410481',
    industry: 'C',
    product_category: null,
    policy_mask: 0,
    amount: 5_000_000,
    term_months: 12,
    signed_on: '2026-10-10',
    signed_month: '2026-10',
    bank_signatory: '',
    enterprise_signatory: '',
    status: 'proposed',
    proposed_by_org_id: BANK,
    proposed_by_user_id: 'u1',
    confirmed_by_user_id: null,
    confirmed_at: null,
    approved_amount: null,
    approved_on: null,
    disbursed_amount: 0,
    last_disbursed_on: null,
    status_reason: null,
    terminated_at: null,
    version: 3,
    created_at: '2026-10-10T02:00:00.000Z',
    updated_at: '2026-10-10T02:00:00.000Z',
    ...over,
  };
}

const ctx: StepContext = { userId: 'u9', now: '2026-11-26T02:00:00.000Z', today: '2026-11-26', firstDisbursedOn: null };
const signed = (over: Partial<AgreementRow> = {}) =>
  row({ status: 'signed', confirmed_at: '2026-10-11T00:00:00.000Z', confirmed_by_user_id: 'u2', ...over });
const approved = (over: Partial<AgreementRow> = {}) =>
  signed({ status: 'approved', approved_amount: 4_000_000, approved_on: '2026-10-20', ...over });

function plan(r: AgreementRow, side: Side, step: Step, version = r.version, c = ctx) {
  return planStep(r, side, step, version, c);
}

describe('who may do what', () => {
  it('lets the other side and the organizer confirm a proposal, never the proposing side', () => {
    expect(proposerSide(row())).toBe('bank');
    expect(allowedSteps(row(), 'bank')).not.toContain('confirm');
    expect(allowedSteps(row(), 'enterprise')).toEqual(expect.arrayContaining(['confirm', 'decline']));
    expect(allowedSteps(row(), 'organizer')).toEqual(expect.arrayContaining(['confirm', 'decline', 'edit']));
    const byEnt = row({ proposed_by_org_id: ENT });
    expect(allowedSteps(byEnt, 'enterprise')).not.toContain('confirm');
    expect(allowedSteps(byEnt, 'bank')).toContain('confirm');
    const r = plan(row(), 'bank', { kind: 'confirm' });
    expect(r).toMatchObject({ ok: false, status: 403, error: 'agreements.err.ownProposal' });
  });

  it('lets only the bank and the organizer report 授信 / 放款 and terminate', () => {
    for (const kind of ['approve', 'disburse', 'terminate'] as const) {
      expect(allowedSteps(approved(), 'enterprise')).not.toContain(kind);
      expect(allowedSteps(approved(), 'bank')).toContain(kind);
      expect(allowedSteps(approved(), 'organizer')).toContain(kind);
    }
    expect(plan(signed(), 'enterprise', { kind: 'approve', amount: 1, date: '2026-11-01' })).toMatchObject({
      ok: false,
      status: 403,
      error: 'agreements.err.bankOnly',
    });
  });

  it('lets the enterprise edit only its own proposal; nobody edits a final agreement', () => {
    expect(allowedSteps(row({ proposed_by_org_id: ENT }), 'enterprise')).toContain('edit');
    expect(allowedSteps(signed(), 'enterprise')).not.toContain('edit');
    for (const status of ['declined', 'terminated'] as const) {
      for (const side of ['bank', 'enterprise', 'organizer'] as const) expect(allowedSteps(row({ status }), side)).toEqual([]);
    }
    expect(plan(row({ status: 'terminated' }), 'bank', { kind: 'terminate', reason: 'x' })).toMatchObject({
      ok: false,
      error: 'agreements.err.final',
    });
  });

  it('follows the status flow', () => {
    expect(canTransition('proposed', 'signed')).toBe(true);
    expect(canTransition('proposed', 'approved')).toBe(false);
    expect(canTransition('signed', 'terminated')).toBe(true);
    expect(canTransition('declined', 'signed')).toBe(false);
    expect(plan(row(), 'organizer', { kind: 'approve', amount: 1, date: '2026-11-01' })).toMatchObject({
      ok: false,
      error: 'agreements.err.status',
    });
    expect(plan(signed(), 'bank', { kind: 'disburse', amount: 1, date: '2026-11-01' })).toMatchObject({
      ok: false,
      error: 'agreements.err.status',
    });
  });
});

describe('planning steps', () => {
  it('refuses a stale version before anything else that depends on the state', () => {
    expect(plan(row(), 'enterprise', { kind: 'confirm' }, 2)).toMatchObject({ ok: false, status: 409, error: 'agreements.err.stale' });
  });

  it('confirms: signed, with who and when', () => {
    expect(plan(row(), 'enterprise', { kind: 'confirm' })).toEqual({
      ok: true,
      action: 'confirmed',
      reason: null,
      patch: { status: 'signed', confirmed_by_user_id: 'u9', confirmed_at: ctx.now },
    });
  });

  it('needs a reason to decline, terminate or edit', () => {
    expect(plan(row(), 'enterprise', { kind: 'decline', reason: '  ' })).toMatchObject({ ok: false, field: 'reason' });
    expect(plan(signed(), 'bank', { kind: 'terminate', reason: '' })).toMatchObject({ ok: false, field: 'reason' });
    const values = { amount: 1, term_months: 12, document_no: null, signed_on: '2026-10-10', bank_signatory: '', enterprise_signatory: '' };
    expect(plan(signed(), 'bank', { kind: 'edit', values, reason: '' })).toMatchObject({ ok: false, field: 'reason' });
  });

  it('edits only what changed, and keeps signed_month with signed_on', () => {
    const values = {
      amount: 6_000_000,
      term_months: 12,
      document_no: null,
      signed_on: '2026-09-30',
      bank_signatory: '',
      enterprise_signatory: '',
    };
    expect(plan(signed(), 'bank', { kind: 'edit', values, reason: '调整' })).toEqual({
      ok: true,
      action: 'edited',
      reason: '调整',
      patch: { amount: 6_000_000, signed_on: '2026-09-30', signed_month: '2026-09' },
    });
    const same = {
      amount: 5_000_000,
      term_months: 12,
      document_no: null,
      signed_on: '2026-10-10',
      bank_signatory: '',
      enterprise_signatory: '',
    };
    expect(plan(signed(), 'bank', { kind: 'edit', values: same, reason: '无' })).toMatchObject({
      ok: false,
      error: 'agreements.err.noChange',
    });
    expect(plan(approved(), 'bank', { kind: 'edit', values: { ...same, signed_on: '2026-10-21' }, reason: '改期' })).toMatchObject({
      ok: false,
      field: 'signedOn',
    });
    expect(plan(signed(), 'bank', { kind: 'edit', values: { ...same, amount: 0 }, reason: '改' })).toMatchObject({
      ok: false,
      field: 'amount',
      error: 'agreements.v.amountPositive',
    });
  });

  it('approves credit: above zero, not before signing, not in the future; a correction needs a reason and stays above what was lent', () => {
    const s = signed();
    expect(plan(s, 'bank', { kind: 'approve', amount: 0, date: '2026-11-01' })).toMatchObject({ ok: false, field: 'approvedAmount' });
    expect(plan(s, 'bank', { kind: 'approve', amount: 1, date: '2026-10-09' })).toMatchObject({
      ok: false,
      error: 'agreements.v.beforeSigning',
    });
    expect(plan(s, 'bank', { kind: 'approve', amount: 1, date: '2026-11-27' })).toMatchObject({
      ok: false,
      error: 'agreements.v.dateFuture',
    });
    // approved may differ from signed (here above it)
    expect(plan(s, 'bank', { kind: 'approve', amount: 9_000_000, date: '2026-10-10' })).toMatchObject({
      ok: true,
      action: 'approved',
      patch: { status: 'approved', approved_amount: 9_000_000 },
    });
    const lent = approved({ status: 'disbursed', disbursed_amount: 3_000_000, last_disbursed_on: '2026-10-25' });
    expect(plan(lent, 'bank', { kind: 'approve', amount: 3_500_000, date: '2026-10-20' })).toMatchObject({ ok: false, field: 'reason' });
    expect(plan(lent, 'bank', { kind: 'approve', amount: 2_000_000, date: '2026-10-20', reason: '更正' })).toMatchObject({
      ok: false,
      error: 'agreements.v.approvedBelowDisbursed',
    });
    expect(
      plan(lent, 'bank', { kind: 'approve', amount: 3_500_000, date: '2026-10-26', reason: '更正' }, lent.version, {
        ...ctx,
        firstDisbursedOn: '2026-10-25',
      }),
    ).toMatchObject({
      ok: false,
      error: 'agreements.v.approvalAfterTranche',
    });
    expect(plan(lent, 'bank', { kind: 'approve', amount: 3_500_000, date: '2026-10-20', reason: '更正' })).toMatchObject({
      ok: true,
      action: 'approval_changed',
      patch: { approved_amount: 3_500_000 },
    });
  });

  it('adds tranches up to the approved credit, dated between the approval and today', () => {
    const a = approved();
    expect(plan(a, 'bank', { kind: 'disburse', amount: 4_000_001, date: '2026-10-21' })).toMatchObject({
      ok: false,
      error: 'agreements.v.overApproved',
    });
    expect(plan(a, 'bank', { kind: 'disburse', amount: 1, date: '2026-10-19' })).toMatchObject({
      ok: false,
      error: 'agreements.v.beforeApproval',
    });
    expect(plan(a, 'bank', { kind: 'disburse', amount: 1, date: '2026-10-09' })).toMatchObject({
      ok: false,
      error: 'agreements.v.beforeSigning',
    });
    expect(plan(a, 'bank', { kind: 'disburse', amount: 1, date: '2026-11-30' })).toMatchObject({
      ok: false,
      error: 'agreements.v.dateFuture',
    });
    expect(plan(a, 'bank', { kind: 'disburse', amount: -5, date: '2026-10-21' })).toMatchObject({ ok: false, field: 'trancheAmount' });
    expect(plan(a, 'bank', { kind: 'disburse', amount: 4_000_000, date: '2026-10-21' })).toEqual({
      ok: true,
      action: 'disbursed',
      reason: null,
      patch: { status: 'disbursed', disbursed_amount: 4_000_000, last_disbursed_on: '2026-10-21' },
    });
    const d = approved({ status: 'disbursed', disbursed_amount: 1_000_000, last_disbursed_on: '2026-11-01' });
    expect(plan(d, 'bank', { kind: 'disburse', amount: 3_000_000, date: '2026-10-25' })).toMatchObject({
      ok: true,
      patch: { disbursed_amount: 4_000_000, last_disbursed_on: '2026-11-01' },
    });
  });
});

describe('late agreements', () => {
  it('are signed, not approved, and at least N days old', () => {
    expect(lateCutoff('2026-11-26', 30)).toBe('2026-10-27');
    expect(isLate({ status: 'signed', signed_on: '2026-10-27' }, 30, '2026-11-26')).toBe(true);
    expect(isLate({ status: 'signed', signed_on: '2026-10-28' }, 30, '2026-11-26')).toBe(false);
    expect(isLate({ status: 'approved', signed_on: '2026-01-01' }, 30, '2026-11-26')).toBe(false);
    expect(isLate({ status: 'proposed', signed_on: '2026-01-01' }, 30, '2026-11-26')).toBe(false);
  });
});
