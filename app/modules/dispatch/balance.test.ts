import { describe, expect, it } from 'vitest';
import { assignBalanced, maxOverMean, type DispatchCandidate } from './balance';

const bank = (i: number) => `b${String(i).padStart(3, '0')}`;

describe('派单 load balancing', () => {
  it('gives each need its best banks while they have room', () => {
    const cands: DispatchCandidate[] = [
      {
        needId: 'n1',
        banks: [
          { bankId: 'a', score: 90 },
          { bankId: 'b', score: 80 },
          { bankId: 'c', score: 70 },
        ],
      },
      {
        needId: 'n2',
        banks: [
          { bankId: 'b', score: 95 },
          { bankId: 'c', score: 60 },
        ],
      },
    ];
    const r = assignBalanced(cands, { perNeed: 2 });
    expect(r.picks[0].banks.map((b) => [b.bankId, b.rank])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(r.picks[1].banks.map((b) => b.bankId)).toEqual(['b', 'c']);
  });

  it('spreads needs that all prefer the same banks (max ÷ mean ≤ 1.5) and never leaves a need without a bank it has', () => {
    // 2,000 needs; every need ranks the same 5 big banks first, then 6 of 60 smaller ones by a seeded shuffle
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const cands: DispatchCandidate[] = [];
    for (let n = 0; n < 2000; n++) {
      const banks = [0, 1, 2, 3, 4].map((i) => ({ bankId: bank(i), score: 100 - i }));
      const small = new Set<number>();
      while (small.size < 6) small.add(5 + Math.floor(rand() * 60));
      for (const i of small) banks.push({ bankId: bank(i), score: 50 - Math.floor(rand() * 10) });
      cands.push({ needId: `n${n}`, banks: banks.sort((a, b) => b.score - a.score) });
    }
    // a need with a single candidate keeps it even when that bank is full
    cands.push({ needId: 'lonely', banks: [{ bankId: bank(0), score: 10 }] });
    const r = assignBalanced(cands, { perNeed: 2 });
    expect(r.picks.every((p) => p.banks.length >= 1)).toBe(true);
    expect(r.picks.at(-1)!.banks[0].bankId).toBe(bank(0));
    expect(maxOverMean(r.load)!).toBeLessThanOrEqual(1.5);
    // the naive choice (each need's best two) would give two banks everything
    const naive = new Map<string, number>();
    for (const c of cands) for (const b of c.banks.slice(0, 2)) naive.set(b.bankId, (naive.get(b.bankId) ?? 0) + 1);
    for (const c of cands) for (const b of c.banks) if (!naive.has(b.bankId)) naive.set(b.bankId, 0);
    expect(maxOverMean(naive)!).toBeGreaterThan(10);
  });

  it('counts the open assignments banks already hold', () => {
    const cands: DispatchCandidate[] = Array.from({ length: 10 }, (_, i) => ({
      needId: `n${i}`,
      banks: [
        { bankId: 'busy', score: 99 },
        { bankId: 'idle', score: 50 },
      ],
    }));
    const r = assignBalanced(cands, { perNeed: 1, existingLoad: new Map([['busy', 20]]) });
    expect(r.picks.filter((p) => p.banks[0].bankId === 'idle').length).toBe(10);
  });
});
