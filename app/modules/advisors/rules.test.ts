import { describe, expect, it } from 'vitest';
import { periodOf, tallyAdvisors, type TalliedPairing } from './rules';

const pairing = (n: number, officer: string, bank: string): TalliedPairing => ({
  pairingId: `p${n}`,
  enterpriseId: `e${n}`,
  officerId: officer,
  officerName: officer,
  bankId: bank,
  bankName: bank,
});

describe('tallyAdvisors', () => {
  it('counts firms, contacted firms, problems closed in time and the ratings of the advisor’s bank', () => {
    const k = tallyAdvisors(
      [pairing(1, 'o1', 'A'), pairing(2, 'o1', 'A'), pairing(3, 'o2', 'A'), pairing(4, 'o3', 'B')],
      [{ pairingId: 'p1' }, { pairingId: 'p1' }, { pairingId: 'p4' }],
      [
        { enterpriseId: 'e1', due: true, inTime: true },
        { enterpriseId: 'e1', due: true, inTime: false },
        { enterpriseId: 'e3', due: false, inTime: false },
      ],
      [
        { enterpriseId: 'e4', ratedOrgId: 'B', score: 5 },
        { enterpriseId: 'e4', ratedOrgId: 'A', score: 1 }, // another bank: not the advisor's
        { enterpriseId: 'e2', ratedOrgId: 'A', score: 3 },
      ],
    );
    expect(k.total).toMatchObject({ firms: 4, contacted: 2, contacts: 3, contactRate: 50, problemsDue: 2, problemsInTime: 1, rated: 2 });
    expect(k.byOfficer.find((r) => r.key === 'o1')).toMatchObject({ firms: 2, contacted: 1, contactRate: 50, inTimeRate: 50 });
    expect(k.byBank.find((r) => r.key === 'B')).toMatchObject({ firms: 1, contacted: 1, rated: 1, satisfied: 1, satisfactionRate: 100 });
    expect(k.byBank.find((r) => r.key === 'A')).toMatchObject({ rated: 1, satisfied: 0, satisfactionRate: 0 });
    for (const f of ['firms', 'contacted', 'contacts', 'problemsDue', 'problemsInTime', 'rated', 'satisfied'] as const) {
      expect(k.byBank.reduce((s, r) => s + r[f], 0)).toBe(k.total[f]);
      expect(k.byOfficer.reduce((s, r) => s + r[f], 0)).toBe(k.total[f]);
    }
  });

  it('has no rates without a denominator', () => {
    expect(tallyAdvisors([], [], [], []).total).toMatchObject({ firms: 0, contactRate: null, inTimeRate: null, satisfactionRate: null });
  });
});

describe('periodOf', () => {
  it('defaults to the current year up to this month, and orders a reversed period', () => {
    expect(periodOf(null, null, '2026-12-06')).toEqual({ from: '2026-01', to: '2026-12' });
    expect(periodOf('2026-05', 'bad', '2026-12-06')).toEqual({ from: '2026-05', to: '2026-12' });
    expect(periodOf('2026-09', '2026-03', '2026-12-06')).toEqual({ from: '2026-03', to: '2026-09' });
  });
});
