import { describe, expect, it } from 'vitest';
import { enterpriseVisibility, expressInterestError, interestTransition, needStatusAfterAccept } from './rules';

describe('interest rules', () => {
  it('lets only a pending interest be accepted, declined or withdrawn', () => {
    expect(interestTransition('pending', 'accept')).toEqual({ ok: true, next: 'accepted' });
    expect(interestTransition('pending', 'decline')).toEqual({ ok: true, next: 'declined' });
    expect(interestTransition('pending', 'withdraw')).toEqual({ ok: true, next: 'withdrawn' });
    for (const s of ['accepted', 'declined', 'withdrawn'] as const) {
      for (const a of ['accept', 'decline', 'withdraw'] as const)
        expect(interestTransition(s, a)).toEqual({ ok: false, error: 'interests.notPending' });
    }
  });

  it('moves only a published need to matched on acceptance', () => {
    expect(needStatusAfterAccept('published')).toBe('matched');
    expect(needStatusAfterAccept('matched')).toBe('matched');
    expect(needStatusAfterAccept('closed')).toBe('closed');
    expect(needStatusAfterAccept('withdrawn')).toBe('withdrawn');
  });

  it('allows one interest per bank per need, from verified banks, in published needs', () => {
    expect(expressInterestError('published', 'verified', null)).toBeNull();
    expect(expressInterestError('published', 'pending', null)).toBe('interests.bankNotVerified');
    expect(expressInterestError('published', 'rejected', null)).toBe('interests.bankNotVerified');
    expect(expressInterestError('draft', 'verified', null)).toBe('interests.needNotOpen');
    expect(expressInterestError('closed', 'verified', null)).toBe('interests.needNotOpen');
    expect(expressInterestError('published', 'verified', 'pending')).toBe('interests.duplicate');
    expect(expressInterestError('published', 'verified', 'declined')).toBe('interests.duplicate');
    expect(expressInterestError('published', 'verified', 'accepted')).toBe('interests.duplicate');
    expect(expressInterestError('published', 'verified', 'withdrawn')).toBeNull();
    // a bank that already answered hears so, even when the need has moved on
    expect(expressInterestError('matched', 'verified', 'pending')).toBe('interests.duplicate');
    expect(expressInterestError('matched', 'verified', 'withdrawn')).toBe('interests.needNotOpen');
  });

  it('shows finances to verified banks and contacts only after acceptance', () => {
    expect(enterpriseVisibility({ role: 'bank', orgStatus: 'verified' })).toEqual({ finances: true, contact: false });
    expect(enterpriseVisibility({ role: 'bank', orgStatus: 'verified', accepted: true })).toEqual({ finances: true, contact: true });
    expect(enterpriseVisibility({ role: 'bank', orgStatus: 'pending', accepted: true })).toEqual({ finances: false, contact: false });
    expect(enterpriseVisibility({ role: 'enterprise', owner: false })).toEqual({ finances: false, contact: false });
    expect(enterpriseVisibility({ role: 'organizer' })).toEqual({ finances: true, contact: true });
  });
});
