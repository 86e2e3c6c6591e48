/** Presentation helpers shared by the agreements pages (no server code). */
import type { AgreementStatus } from './lifecycle';

export const STATUS_TONE: Record<AgreementStatus, 'gray' | 'green' | 'yellow' | 'red' | 'blue'> = {
  proposed: 'yellow',
  signed: 'blue',
  approved: 'green',
  disbursed: 'green',
  declined: 'gray',
  terminated: 'red',
};

/** Columns whose values are money (元) in the audit trail. */
export const MONEY_COLUMNS: ReadonlySet<string> = new Set(['amount', 'approved_amount', 'disbursed_amount']);
