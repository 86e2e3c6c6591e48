/**
 * Fixed bank desks (docs/decisions/029-fixed-desks.md), property-based:
 * - every meeting sits at its bank's desk; no participant twice in a slot, no desk
 *   twice in a slot, availability and kept manual placements respected;
 * - placed ≤ bound, and placed = bound without availability limits;
 * - the bound is a true upper bound: on small instances it is at least the optimum
 *   found by trying every assignment (so the ratio placed/bound is honest);
 * - banks without a desk (more banks than tables) never meet.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignDesks, scheduleFixedDesks, type DeskMap, type MeetingRequest } from './index';

interface Inst {
  slots: number;
  tables: number;
  banks: string[];
  requests: MeetingRequest[];
  unavailable: Record<string, number[]>;
  desks: DeskMap;
}

const inst = (o: { maxSlots: number; maxE: number; maxB: number; maxReq: number; avail: boolean; spareTables: boolean }) =>
  fc
    .record({
      slots: fc.integer({ min: 1, max: o.maxSlots }),
      enterprises: fc.integer({ min: 1, max: o.maxE }),
      banks: fc.integer({ min: 1, max: o.maxB }),
      extra: fc.integer({ min: 0, max: 3 }),
    })
    .chain((s) =>
      fc.record({
        s: fc.constant(s),
        tables: o.spareTables ? fc.constant(s.banks + s.extra) : fc.integer({ min: 1, max: s.banks + s.extra }),
        pairs: fc.uniqueArray(fc.tuple(fc.nat(s.enterprises - 1), fc.nat(s.banks - 1)), {
          maxLength: o.maxReq,
          selector: ([e, b]) => `${e}:${b}`,
        }),
        away: o.avail
          ? fc.array(fc.uniqueArray(fc.nat(s.slots - 1), { maxLength: s.slots }), {
              minLength: s.enterprises + s.banks,
              maxLength: s.enterprises + s.banks,
            })
          : fc.constant([] as number[][]),
        order: fc.shuffledSubarray(
          Array.from({ length: s.banks }, (_, i) => `b${i}`),
          { minLength: s.banks, maxLength: s.banks },
        ),
      }),
    )
    .map(({ s, tables, pairs, away, order }): Inst => {
      const unavailable: Record<string, number[]> = {};
      away.forEach((list, p) => {
        if (list.length && p % 2 === 0) unavailable[p < s.enterprises ? `e${p}` : `b${p - s.enterprises}`] = list;
      });
      return {
        slots: s.slots,
        tables,
        banks: order,
        requests: pairs.map(([e, b], i) => ({ id: `r${i}`, enterpriseId: `e${e}`, bankId: `b${b}` })),
        unavailable,
        desks: assignDesks(order, tables),
      };
    });

function checkValid(
  i: Inst,
  placements: readonly { requestId: string; enterpriseId: string; bankId: string; slot: number; table: number }[],
): void {
  const busy = new Set<string>();
  const cells = new Set<string>();
  for (const p of placements) {
    expect(i.desks.get(p.bankId)).toBe(p.table);
    for (const who of [p.enterpriseId, p.bankId]) {
      expect(busy.has(`${who}|${p.slot}`)).toBe(false);
      busy.add(`${who}|${p.slot}`);
      expect(i.unavailable[who] ?? []).not.toContain(p.slot);
    }
    expect(cells.has(`${p.slot}|${p.table}`)).toBe(false);
    cells.add(`${p.slot}|${p.table}`);
    expect(p.slot).toBeGreaterThanOrEqual(0);
    expect(p.slot).toBeLessThan(i.slots);
  }
}

/** The optimum by trying every slot (or none) for every request of a desked bank. */
function bruteOptimum(i: Inst): number {
  const reqs = i.requests.filter((r) => i.desks.has(r.bankId));
  let best = 0;
  const busy = new Set<string>();
  const go = (k: number, placed: number) => {
    if (placed + (reqs.length - k) <= best) return;
    if (k === reqs.length) {
      best = Math.max(best, placed);
      return;
    }
    const r = reqs[k];
    for (let s = 0; s < i.slots; s++) {
      const a = `${r.enterpriseId}|${s}`;
      const b = `${r.bankId}|${s}`;
      if (busy.has(a) || busy.has(b) || (i.unavailable[r.enterpriseId] ?? []).includes(s) || (i.unavailable[r.bankId] ?? []).includes(s))
        continue;
      busy.add(a);
      busy.add(b);
      go(k + 1, placed + 1);
      busy.delete(a);
      busy.delete(b);
    }
    go(k + 1, placed);
  };
  go(0, 0);
  return best;
}

const run = (i: Inst) =>
  scheduleFixedDesks({ slots: i.slots, tables: i.tables, requests: i.requests, unavailable: i.unavailable, searchRounds: 50 }, i.desks);

describe('fixed bank desks', () => {
  it('keeps every bank at its desk and every hard rule, placed ≤ bound; banks without a desk never meet', () => {
    fc.assert(
      fc.property(inst({ maxSlots: 6, maxE: 8, maxB: 6, maxReq: 30, avail: true, spareTables: false }), (i) => {
        const r = run(i);
        checkValid(i, r.placements);
        expect(r.placed).toBe(r.placements.length);
        expect(r.placed).toBeLessThanOrEqual(r.bound);
        const noDesk = new Set(i.requests.filter((q) => !i.desks.has(q.bankId)).map((q) => q.id));
        expect(new Set(r.noDesk)).toEqual(noDesk);
        for (const p of r.placements) expect(noDesk.has(p.requestId)).toBe(false);
        expect(r.placements.length + r.unplaced.length).toBe(i.requests.length);
      }),
      { numRuns: 300 },
    );
  });

  it('reaches the bound without availability limits (ratio 1)', () => {
    fc.assert(
      fc.property(inst({ maxSlots: 8, maxE: 10, maxB: 8, maxReq: 60, avail: false, spareTables: true }), (i) => {
        const r = run(i);
        checkValid(i, r.placements);
        expect(r.method).toBe('exact');
        expect(r.placed).toBe(r.bound);
      }),
      { numRuns: 300 },
    );
  });

  it('has a bound no smaller than the true optimum (checked by trying every assignment)', () => {
    fc.assert(
      fc.property(inst({ maxSlots: 3, maxE: 4, maxB: 3, maxReq: 7, avail: true, spareTables: false }), (i) => {
        const r = run(i);
        const best = bruteOptimum(i);
        expect(r.placed).toBeLessThanOrEqual(best);
        expect(r.bound).toBeGreaterThanOrEqual(best);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps manual placements at their slot, moved to the bank’s desk', () => {
    const desks = new Map([
      ['b0', 4],
      ['b1', 0],
    ]);
    const r = scheduleFixedDesks(
      {
        slots: 3,
        tables: 5,
        requests: [
          { id: 'r1', enterpriseId: 'e1', bankId: 'b0' },
          { id: 'r2', enterpriseId: 'e1', bankId: 'b1' },
          { id: 'r3', enterpriseId: 'e2', bankId: 'b0' },
        ],
        manual: [{ requestId: 'r1', slot: 2, table: 1 }],
      },
      desks,
    );
    expect(r.placements.find((p) => p.requestId === 'r1')).toMatchObject({ slot: 2, table: 4, manual: true });
    expect(r.placed).toBe(3);
    for (const p of r.placements) expect(p.table).toBe(desks.get(p.bankId));
  });

  it('assigns the lowest free desks in order, keeping desks already given', () => {
    expect([...assignDesks(['a', 'b', 'c'], 5, new Map([['b', 0]]))]).toEqual([
      ['b', 0],
      ['a', 1],
      ['c', 2],
    ]);
    expect([...assignDesks(['a', 'b', 'c'], 2)]).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(() =>
      scheduleFixedDesks(
        { slots: 1, tables: 2, requests: [] },
        new Map([
          ['a', 1],
          ['b', 1],
        ]),
      ),
    ).toThrow(RangeError);
  });
});
