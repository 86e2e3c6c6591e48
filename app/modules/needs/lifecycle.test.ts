import { describe, expect, it } from 'vitest';
import { NEED_STATUSES, type NeedStatus } from '~/modules/catalog/codes';
import { allowedTransitions, canTransition, checkTransition, editNeedsReason, isEditable, isFinal, isOpenForBanks } from './lifecycle';

const ALLOWED: [NeedStatus, NeedStatus][] = [
  ['draft', 'published'],
  ['draft', 'withdrawn'],
  ['published', 'matched'],
  ['published', 'closed'],
  ['published', 'withdrawn'],
  ['matched', 'closed'],
];

describe('need life cycle', () => {
  it('allows exactly the documented transitions', () => {
    for (const from of NEED_STATUSES) {
      for (const to of NEED_STATUSES) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('treats closed and withdrawn as final', () => {
    expect(isFinal('closed')).toBe(true);
    expect(isFinal('withdrawn')).toBe(true);
    expect(allowedTransitions('closed')).toEqual([]);
    expect(isFinal('matched')).toBe(false);
    expect(checkTransition('closed', 'published')).toEqual({ ok: false, error: 'needs.err.final' });
    expect(checkTransition('withdrawn', 'closed')).toEqual({ ok: false, error: 'needs.err.final' });
  });

  it('forbids skipping or going back', () => {
    expect(checkTransition('draft', 'matched')).toEqual({ ok: false, error: 'needs.err.transition' });
    expect(checkTransition('draft', 'closed')).toEqual({ ok: false, error: 'needs.err.transition' });
    expect(checkTransition('matched', 'published')).toEqual({ ok: false, error: 'needs.err.transition' });
    expect(checkTransition('matched', 'withdrawn')).toEqual({ ok: false, error: 'needs.err.transition' });
    expect(checkTransition('published', 'draft')).toEqual({ ok: false, error: 'needs.err.transition' });
  });

  it('needs a reason to withdraw, not to close', () => {
    expect(checkTransition('published', 'withdrawn')).toEqual({ ok: false, error: 'needs.err.reasonRequired' });
    expect(checkTransition('published', 'withdrawn', '   ')).toEqual({ ok: false, error: 'needs.err.reasonRequired' });
    expect(checkTransition('published', 'withdrawn', '已解决')).toEqual({ ok: true });
    expect(checkTransition('matched', 'closed')).toEqual({ ok: true });
    expect(checkTransition('published', 'closed', null)).toEqual({ ok: true });
  });

  it('lets drafts change freely and asks a reason once published', () => {
    expect(isEditable('draft')).toBe(true);
    expect(editNeedsReason('draft')).toBe(false);
    expect(isEditable('published') && editNeedsReason('published')).toBe(true);
    expect(isEditable('matched') && editNeedsReason('matched')).toBe(true);
    expect(isEditable('closed')).toBe(false);
    expect(isEditable('withdrawn')).toBe(false);
  });

  it('shows banks published needs only', () => {
    expect(NEED_STATUSES.filter(isOpenForBanks)).toEqual(['published']);
  });
});
