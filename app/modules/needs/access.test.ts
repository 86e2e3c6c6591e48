import { describe, expect, it } from 'vitest';
import { isAppError } from '~/utils/errors';
import { assertMayPublishNeed, isVerifiedOrg, needVisibleTo } from './access';

const need = (status: 'draft' | 'published' | 'matched' | 'closed' | 'withdrawn') => ({
  status,
  organizationId: 'ent1',
  regionCode: '410481',
});

describe('who may see a need', () => {
  it('shows no draft to anyone on the shared pages', () => {
    expect(needVisibleTo(need('draft'), { role: 'enterprise', orgId: 'ent1' })).toBe(false);
    expect(needVisibleTo(need('draft'), { role: 'organizer', regionCode: '410000' })).toBe(false);
    expect(needVisibleTo(need('draft'), { role: 'bank', answered: true })).toBe(false);
  });

  it('shows the organizer the needs of a region covering it, and the enterprise its own', () => {
    expect(needVisibleTo(need('closed'), { role: 'organizer', regionCode: '410400' })).toBe(true);
    expect(needVisibleTo(need('closed'), { role: 'organizer', regionCode: '410500' })).toBe(false);
    expect(needVisibleTo(need('withdrawn'), { role: 'enterprise', orgId: 'ent1' })).toBe(true);
    expect(needVisibleTo(need('published'), { role: 'enterprise', orgId: 'ent2' })).toBe(false);
  });

  it('shows a bank open needs, and any need it already answered', () => {
    expect(needVisibleTo(need('published'), { role: 'bank', answered: false })).toBe(true);
    expect(needVisibleTo(need('matched'), { role: 'bank', answered: false })).toBe(true);
    expect(needVisibleTo(need('closed'), { role: 'bank', answered: false })).toBe(false);
    expect(needVisibleTo(need('closed'), { role: 'bank', answered: true })).toBe(true);
  });
});

describe('verification', () => {
  it('counts only a verified organization as verified, and lets only it publish', () => {
    expect(isVerifiedOrg('verified')).toBe(true);
    expect(isVerifiedOrg('pending')).toBe(false);
    expect(isVerifiedOrg(undefined)).toBe(false);
    expect(() => assertMayPublishNeed({ status: 'verified' })).not.toThrow();
    try {
      assertMayPublishNeed({ status: 'pending' });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && [e.status, e.messageKey]).toEqual([403, 'needs.err.notVerified']);
    }
  });
});
