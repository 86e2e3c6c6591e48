/**
 * Applications from a match (一键申请, decision 028): the bank's answers and the
 * stage the enterprise follows. Pure: no database.
 *
 * submitted ─受理→ accepted ─批准→ approved (a letter of intent: agreements flow)
 *     │  └──────────┬─ more_info (需补充材料) ─┘
 *     └─ declined (with a reason) from any open state
 *
 * Stages shown to the enterprise: 已提交 → 已受理 → 审批中 → 已授信 → 已放款; the
 * last three follow the letter of intent an approval became (proposed/signed →
 * 审批中, approved → 已授信, disbursed → 已放款).
 */
import type { AgreementStatus, ApplicationStatus } from '#db/schema';

export const APPLICATION_STATUSES = [
  'submitted',
  'accepted',
  'more_info',
  'declined',
  'approved',
  'withdrawn',
] as const satisfies readonly ApplicationStatus[];
export const OPEN_STATUSES: readonly ApplicationStatus[] = ['submitted', 'accepted', 'more_info'];

export type BankStep = 'accept' | 'more_info' | 'decline' | 'approve';

const NEXT: Record<BankStep, ApplicationStatus> = { accept: 'accepted', more_info: 'more_info', decline: 'declined', approve: 'approved' };

/** The status a bank step leads to, or null when the step is not open in this status. */
export function bankTransition(status: ApplicationStatus, step: BankStep): ApplicationStatus | null {
  if (!OPEN_STATUSES.includes(status)) return null;
  if (step === 'accept' && status !== 'submitted' && status !== 'more_info') return null;
  return NEXT[step];
}

/** The bank steps open in a status (the buttons it sees). */
export function bankSteps(status: ApplicationStatus): BankStep[] {
  return (['accept', 'more_info', 'decline', 'approve'] as const).filter((s) => bankTransition(status, s) !== null);
}

export const STAGES = ['submitted', 'accepted', 'review', 'credit', 'disbursed'] as const;
export type Stage = (typeof STAGES)[number] | 'declined' | 'withdrawn' | 'ended';

/** Where the enterprise's application stands. */
export function applicationStage(status: ApplicationStatus, agreementStatus: AgreementStatus | null): Stage {
  if (status === 'declined') return 'declined';
  if (status === 'withdrawn') return 'withdrawn';
  if (status === 'submitted') return 'submitted';
  if (status === 'accepted' || status === 'more_info') return 'accepted';
  // approved: follow the letter of intent
  switch (agreementStatus) {
    case 'approved':
      return 'credit';
    case 'disbursed':
      return 'disbursed';
    case 'declined':
    case 'terminated':
      return 'ended';
    default:
      return 'review';
  }
}

/** 0-based position on the 5-step track, or -1 off the track (declined, withdrawn, ended). */
export function stageIndex(stage: Stage): number {
  return (STAGES as readonly string[]).indexOf(stage);
}
