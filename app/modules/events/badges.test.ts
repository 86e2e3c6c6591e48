import { describe, expect, it } from 'vitest';
import { badgeToken, badgeUrl, doorPath, doorToken, isDoorToken, parseBadgeText, selfCheckinClosed } from './badges.server';

describe('badge tokens', () => {
  it('is the representative id and a 128-bit MAC that depends on the session and the representative', () => {
    const t = badgeToken('evt0000000000001', 'rep0000000000001');
    expect(t).toMatch(/^rep0000000000001\.[A-Za-z0-9_-]{22}$/);
    expect(badgeToken('evt0000000000001', 'rep0000000000001')).toBe(t);
    expect(badgeToken('evt0000000000002', 'rep0000000000001')).not.toBe(t);
    expect(badgeToken('evt0000000000001', 'rep0000000000002').split('.')[1]).not.toBe(t.split('.')[1]);
  });

  it('reads the token itself, or the scanner URL the QR code holds', () => {
    const t = badgeToken('evt1', 'rep1');
    const expected = { repId: 'rep1', mac: t.split('.')[1] };
    expect(parseBadgeText(t)).toEqual(expected);
    expect(parseBadgeText(`  ${t}\n`)).toEqual(expected);
    expect(parseBadgeText(badgeUrl('https://finmatch.example.cn', 'evt1', t))).toEqual(expected);
    for (const bad of ['', 'rep1', 'rep1.', '.abc', 'rep1.short', `rep 1.${expected.mac}`, 'https://x.example/?t=', 'http://[bad']) {
      expect(parseBadgeText(bad), bad).toBeUndefined();
    }
  });

  it('gives every session its own door token', () => {
    expect(doorToken('evt1')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(doorToken('evt1')).not.toBe(doorToken('evt2'));
    expect(isDoorToken('evt1', doorToken('evt1'))).toBe(true);
    expect(isDoorToken('evt1', doorToken('evt2'))).toBe(false);
    expect(isDoorToken('evt1', 'x')).toBe(false);
    expect(doorPath('evt1')).toBe(`/checkin/evt1/${doorToken('evt1')}`);
  });

  it('opens self check-in on the session’s day, for sessions that take place', () => {
    expect(selfCheckinClosed({ status: 'scheduled', event_date: '2026-12-18' }, '2026-12-18')).toBeNull();
    expect(selfCheckinClosed({ status: 'open', event_date: '2026-12-18' }, '2026-12-17')).toContain('checkin.self.notToday');
    expect(selfCheckinClosed({ status: 'closed', event_date: '2026-12-18' }, '2026-12-18')).toBe('checkin.self.closed');
    expect(selfCheckinClosed({ status: 'draft', event_date: '2026-12-18' }, '2026-12-18')).toBe('checkin.self.closed');
  });
});
