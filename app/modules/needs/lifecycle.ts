/**
 * Life cycle of a financing or hiring need (pure rules, no database):
 *
 *   draft → published → matched → closed
 *     │         │          │
 *     │         ├→ closed   └→ (closed only)
 *     └→ withdrawn ←┘
 *
 * closed and withdrawn are final. Withdrawing needs a reason. A published or
 * matched need may still be edited, but only with a reason (kept in need_edits).
 */
import type { NeedStatus } from '~/modules/catalog/codes';

export type NeedKind = 'financing' | 'hiring';
export const NEED_KINDS: readonly NeedKind[] = ['financing', 'hiring'];

const TRANSITIONS: Record<NeedStatus, readonly NeedStatus[]> = {
  draft: ['published', 'withdrawn'],
  published: ['matched', 'closed', 'withdrawn'],
  matched: ['closed'],
  closed: [],
  withdrawn: [],
};

export function allowedTransitions(from: NeedStatus): readonly NeedStatus[] {
  return TRANSITIONS[from] ?? [];
}

export function canTransition(from: NeedStatus, to: NeedStatus): boolean {
  return allowedTransitions(from).includes(to);
}

export function isFinal(status: NeedStatus): boolean {
  return allowedTransitions(status).length === 0;
}

/** Drafts, published and matched needs can be edited; closed and withdrawn cannot. */
export function isEditable(status: NeedStatus): boolean {
  return status === 'draft' || status === 'published' || status === 'matched';
}

/** Once a need has been published, every edit must carry a reason. */
export function editNeedsReason(status: NeedStatus): boolean {
  return status === 'published' || status === 'matched';
}

/** Transitions whose reason is mandatory. */
export function transitionNeedsReason(to: NeedStatus): boolean {
  return to === 'withdrawn';
}

/** Banks see (and may respond to) published needs only. */
export function isOpenForBanks(status: NeedStatus): boolean {
  return status === 'published';
}

export type TransitionCheck = { ok: true } | { ok: false; error: 'needs.err.transition' | 'needs.err.reasonRequired' | 'needs.err.final' };

/** Checks a requested status change with its (optional) reason. */
export function checkTransition(from: NeedStatus, to: NeedStatus, reason?: string | null): TransitionCheck {
  if (isFinal(from)) return { ok: false, error: 'needs.err.final' };
  if (!canTransition(from, to)) return { ok: false, error: 'needs.err.transition' };
  if (transitionNeedsReason(to) && !(reason ?? '').trim()) return { ok: false, error: 'needs.err.reasonRequired' };
  return { ok: true };
}
