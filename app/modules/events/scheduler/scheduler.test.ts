import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agendaFor,
  schedule,
  validateManualMove,
  validateSwap,
  type ManualPlacement,
  type MeetingRequest,
  type ScheduleInput,
  type ScheduleResult,
} from './index';

// ---- helpers ----

const ent = (i: number) => `e${i}`;

/** mulberry32, for reproducible generated instances. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const bank = (i: number) => `b${i}`;

function unavailableOf(input: ScheduleInput, id: string): readonly number[] {
  const u = input.unavailable;
  if (!u) return [];
  if (u instanceof Map) return u.get(id) ?? [];
  return (u as Record<string, number[]>)[id] ?? [];
}

/** Checks every hard rule of a schedule; returns nothing, throws on the first violation. */
function expectValid(input: ScheduleInput, result: ScheduleResult): void {
  const byId = new Map<string, MeetingRequest>();
  for (const r of input.requests) if (!byId.has(r.id)) byId.set(r.id, r);
  const cells = new Set<string>();
  const busy = new Set<string>();
  const seen = new Set<string>();
  const pairs = new Set<string>();
  for (const p of result.placements) {
    const r = byId.get(p.requestId);
    expect(r, `placed request ${p.requestId} exists`).toBeDefined();
    expect(p.enterpriseId).toBe(r!.enterpriseId);
    expect(p.bankId).toBe(r!.bankId);
    expect(seen.has(p.requestId), `request ${p.requestId} placed once`).toBe(false);
    seen.add(p.requestId);
    const pair = `${p.enterpriseId}|${p.bankId}`;
    expect(pairs.has(pair), `pair ${pair} placed once`).toBe(false);
    pairs.add(pair);
    expect(Number.isInteger(p.slot) && p.slot >= 0 && p.slot < input.slots).toBe(true);
    expect(Number.isInteger(p.table) && p.table >= 0 && p.table < input.tables).toBe(true);
    const cell = `${p.slot}|${p.table}`;
    expect(cells.has(cell), `table ${cell} double-booked`).toBe(false);
    cells.add(cell);
    for (const id of [p.enterpriseId, p.bankId]) {
      const k = `${id}|${p.slot}`;
      expect(busy.has(k), `${id} double-booked in slot ${p.slot}`).toBe(false);
      busy.add(k);
      expect(unavailableOf(input, id).includes(p.slot), `${id} unavailable in slot ${p.slot}`).toBe(false);
    }
  }
  // Manual placements: each is kept exactly or reported.
  const reported = new Set(result.manualConflicts.map((c) => c.placement));
  for (const m of input.manual ?? []) {
    if (reported.has(m)) continue;
    const kept = result.placements.find((p) => p.requestId === m.requestId);
    expect(kept, `manual placement of ${m.requestId} kept`).toMatchObject({ slot: m.slot, table: m.table, manual: true });
  }
  for (const c of result.manualConflicts) expect(c.conflicts.length).toBeGreaterThan(0);
  // Accounting: every request is placed or listed as unplaced, once.
  const unplaced = result.unplaced.map((u) => u.requestId);
  expect(result.placements.length + unplaced.length).toBe(input.requests.length);
  for (const u of result.unplaced) {
    if (u.reason !== 'invalid') expect(seen.has(u.requestId), `${u.requestId} both placed and unplaced`).toBe(false);
  }
  expect(result.placed).toBe(result.placements.length);
  expect(result.placed).toBeLessThanOrEqual(result.bound);
  expect(result.bound).toBeLessThanOrEqual(input.slots * input.tables);
}

/** True optimum by exhaustive search (tiny instances only): tables are interchangeable. */
function bruteForceOptimum(input: ScheduleInput): number {
  const kept = new Set<string>();
  for (const m of input.manual ?? []) kept.add(m.requestId);
  const reqs: MeetingRequest[] = [];
  const pairSeen = new Set<string>();
  const idSeen = new Set<string>();
  for (const r of input.requests) {
    const pair = `${r.enterpriseId}|${r.bankId}`;
    if (idSeen.has(r.id) || pairSeen.has(pair)) continue;
    idSeen.add(r.id);
    pairSeen.add(pair);
    reqs.push(r);
  }
  const S = input.slots;
  const busy = new Set<string>();
  const count = new Array<number>(S).fill(0);
  let best = 0;
  const go = (i: number, placed: number) => {
    if (placed + (reqs.length - i) <= best) return;
    if (i === reqs.length) {
      best = Math.max(best, placed);
      return;
    }
    const r = reqs[i];
    for (let s = 0; s < S; s++) {
      if (count[s] >= input.tables) continue;
      const a = `${r.enterpriseId}|${s}`;
      const b = `${r.bankId}|${s}`;
      if (busy.has(a) || busy.has(b)) continue;
      if (unavailableOf(input, r.enterpriseId).includes(s) || unavailableOf(input, r.bankId).includes(s)) continue;
      busy.add(a);
      busy.add(b);
      count[s]++;
      go(i + 1, placed + 1);
      busy.delete(a);
      busy.delete(b);
      count[s]--;
    }
    go(i + 1, placed);
  };
  go(0, 0);
  return best;
}

interface Shape {
  slots: number;
  tables: number;
  enterprises: number;
  banks: number;
  pairs: [number, number][];
  unavailable: number[][];
  manual: [number, number, number][];
}

const shape = (o: { maxSlots: number; maxTables: number; maxE: number; maxB: number; maxReq: number; avail: boolean; manual: boolean }) =>
  fc
    .record({
      slots: fc.integer({ min: 1, max: o.maxSlots }),
      tables: fc.integer({ min: 1, max: o.maxTables }),
      enterprises: fc.integer({ min: 1, max: o.maxE }),
      banks: fc.integer({ min: 1, max: o.maxB }),
    })
    .chain((s) =>
      fc.record({
        slots: fc.constant(s.slots),
        tables: fc.constant(s.tables),
        enterprises: fc.constant(s.enterprises),
        banks: fc.constant(s.banks),
        pairs: fc.array(fc.tuple(fc.nat(s.enterprises - 1), fc.nat(s.banks - 1)), { maxLength: o.maxReq }),
        unavailable: o.avail
          ? fc.array(fc.oneof(fc.constant([] as number[]), fc.uniqueArray(fc.nat(s.slots - 1), { maxLength: s.slots })), {
              minLength: s.enterprises + s.banks,
              maxLength: s.enterprises + s.banks,
            })
          : fc.constant([] as number[][]),
        manual: o.manual
          ? fc.array(fc.tuple(fc.nat(o.maxReq), fc.integer({ min: -1, max: s.slots }), fc.integer({ min: 0, max: s.tables })), {
              maxLength: 5,
            })
          : fc.constant([] as [number, number, number][]),
      }),
    );

function toInput(s: Shape): ScheduleInput {
  const requests = s.pairs.map(([e, b], i) => ({ id: `r${i}`, enterpriseId: ent(e), bankId: bank(b) }));
  const unavailable: Record<string, number[]> = {};
  s.unavailable.forEach((slots, p) => {
    if (slots.length) unavailable[p < s.enterprises ? ent(p) : bank(p - s.enterprises)] = slots;
  });
  const manual: ManualPlacement[] = s.manual
    .filter(([r]) => r < requests.length)
    .map(([r, slot, table]) => ({ requestId: `r${r}`, slot, table }));
  return { slots: s.slots, tables: s.tables, requests, unavailable, manual };
}

/** A dense instance without availability limits: degrees reach S, the total reaches S·T. */
const denseInput = fc
  .record({
    slots: fc.integer({ min: 1, max: 7 }),
    enterprises: fc.integer({ min: 1, max: 12 }),
    banks: fc.integer({ min: 1, max: 9 }),
    density: fc.double({ min: 0.5, max: 1, noNaN: true }),
    tablesShare: fc.double({ min: 0.2, max: 1.2, noNaN: true }),
    seed: fc.integer(),
  })
  .map(({ slots, enterprises, banks, density, tablesShare, seed }) => {
    let x = seed >>> 0 || 1;
    const random = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 4294967296;
    const requests: MeetingRequest[] = [];
    for (let e = 0; e < enterprises; e++) {
      for (let b = 0; b < banks; b++) {
        if (random() < density) requests.push({ id: `r${requests.length}`, enterpriseId: ent(e), bankId: bank(b) });
      }
    }
    const tables = Math.max(1, Math.round(Math.min(enterprises, banks) * tablesShare));
    return { slots, tables, requests } satisfies ScheduleInput;
  });

// ---- properties ----

describe('meeting scheduler: properties', () => {
  it('never double-books, respects availability, keeps or reports manual placements, placed ≤ bound', () => {
    fc.assert(
      fc.property(shape({ maxSlots: 6, maxTables: 5, maxE: 9, maxB: 6, maxReq: 40, avail: true, manual: true }), (s) => {
        const input = toInput(s);
        expectValid(input, schedule(input));
      }),
      { numRuns: 200 },
    );
  });

  it('reaches the bound when there are no availability limits', () => {
    fc.assert(
      fc.property(shape({ maxSlots: 6, maxTables: 5, maxE: 9, maxB: 6, maxReq: 40, avail: false, manual: false }), (s) => {
        const input = toInput(s);
        const result = schedule(input);
        expectValid(input, result);
        expect(result.method).toBe('exact');
        expect(result.placed).toBe(result.bound);
      }),
      { numRuns: 200 },
    );
  });

  it('reaches the bound on dense instances (degrees up to S, total up to S·T)', () => {
    let saturated = 0;
    fc.assert(
      fc.property(denseInput, (input) => {
        const result = schedule(input);
        expectValid(input, result);
        expect(result.placed).toBe(result.bound);
        if (result.placed === input.slots * input.tables) saturated++;
      }),
      { numRuns: 200 },
    );
    expect(saturated).toBeGreaterThan(30);
  });

  it('the bound is at least the true optimum, and the heuristic finds it on tiny instances', () => {
    fc.assert(
      fc.property(shape({ maxSlots: 3, maxTables: 3, maxE: 4, maxB: 3, maxReq: 8, avail: true, manual: false }), (s) => {
        const input = toInput(s);
        const result = schedule(input);
        expectValid(input, result);
        const optimum = bruteForceOptimum(input);
        expect(result.bound).toBeGreaterThanOrEqual(optimum);
        expect(result.placed).toBe(optimum);
      }),
      { numRuns: 200 },
    );
  });

  it('reaches the bound on most near-regular instances with availability limits (ejection chains)', () => {
    // Every enterprise asks for S banks and 30 % of the participants miss 1–3 slots: a list
    // edge-colouring problem where greedy placement alone falls short.
    let reached = 0;
    let worst = 1;
    const instances = 40;
    for (let seed = 1; seed <= instances; seed++) {
      const random = seeded(seed * 104729);
      const S = 4 + Math.floor(random() * 5);
      const N = 8 + Math.floor(random() * 14);
      const requests: MeetingRequest[] = [];
      const pairs = new Set<string>();
      for (let e = 0; e < N; e++) {
        for (let k = 0, guard = 0; k < S && guard < 1000; guard++) {
          const b = Math.floor(random() * N);
          if (pairs.has(`${e}:${b}`)) continue;
          pairs.add(`${e}:${b}`);
          k++;
          requests.push({ id: `r${requests.length}`, enterpriseId: ent(e), bankId: bank(b) });
        }
      }
      const unavailable: Record<string, number[]> = {};
      for (let p = 0; p < 2 * N; p++) {
        if (random() >= 0.3) continue;
        const slots = new Set<number>();
        const k = 1 + Math.floor(random() * 3);
        while (slots.size < k) slots.add(Math.floor(random() * S));
        unavailable[p < N ? ent(p) : bank(p - N)] = [...slots];
      }
      const input: ScheduleInput = { slots: S, tables: N, requests, unavailable };
      const result = schedule(input);
      expectValid(input, result);
      if (result.placed === result.bound) reached++;
      worst = Math.min(worst, result.placed / result.bound);
    }
    expect(reached).toBeGreaterThanOrEqual(instances * 0.95);
    expect(worst).toBeGreaterThanOrEqual(0.95);
  });

  it('is deterministic for the same input and seed', () => {
    fc.assert(
      fc.property(shape({ maxSlots: 5, maxTables: 4, maxE: 8, maxB: 5, maxReq: 30, avail: true, manual: true }), (s) => {
        const input = toInput(s);
        expect(schedule(input)).toEqual(schedule(input));
      }),
      { numRuns: 50 },
    );
  });
});

// ---- examples ----

describe('meeting scheduler: examples', () => {
  it('fills every slot of a complete bipartite K_{S,S} instance', () => {
    const S = 6;
    const requests: MeetingRequest[] = [];
    for (let e = 0; e < S; e++) for (let b = 0; b < S; b++) requests.push({ id: `r${e}-${b}`, enterpriseId: ent(e), bankId: bank(b) });
    const input = { slots: S, tables: S, requests };
    const result = schedule(input);
    expectValid(input, result);
    expect(result.placed).toBe(S * S);
    expect(result.bound).toBe(S * S);
    expect(result.unplaced).toEqual([]);
    for (let s = 0; s < S; s++) expect(result.placements.filter((p) => p.slot === s)).toHaveLength(S);
    for (let e = 0; e < S; e++) expect(agendaFor(ent(e), result).map((p) => p.slot)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reports duplicate requests and schedules the pair once', () => {
    const input: ScheduleInput = {
      slots: 2,
      tables: 2,
      requests: [
        { id: 'a', enterpriseId: 'e1', bankId: 'b1' },
        { id: 'b', enterpriseId: 'e1', bankId: 'b1' },
        { id: 'a', enterpriseId: 'e2', bankId: 'b1' },
        { id: 'c', enterpriseId: 'x', bankId: 'x' },
      ],
    };
    const result = schedule(input);
    expect(result.duplicates).toEqual([{ requestId: 'b', duplicateOf: 'a' }]);
    expect(result.unplaced).toEqual(
      expect.arrayContaining([
        { requestId: 'b', reason: 'duplicate' },
        { requestId: 'a', reason: 'invalid' },
        { requestId: 'c', reason: 'invalid' },
      ]),
    );
    expect(result.placements.map((p) => p.requestId)).toEqual(['a']);
    expect(result.bound).toBe(1);
  });

  it('keeps manual placements and reports a conflicting one instead of dropping it silently', () => {
    const requests: MeetingRequest[] = [
      { id: 'r1', enterpriseId: 'e1', bankId: 'b1' },
      { id: 'r2', enterpriseId: 'e1', bankId: 'b2' },
      { id: 'r3', enterpriseId: 'e2', bankId: 'b2' },
    ];
    const manual: ManualPlacement[] = [
      { requestId: 'r1', slot: 0, table: 0 },
      { requestId: 'r2', slot: 0, table: 1 }, // e1 is already in r1 at slot 0
      { requestId: 'r3', slot: 1, table: 0 },
    ];
    const input: ScheduleInput = { slots: 2, tables: 2, requests, manual };
    const result = schedule(input);
    expectValid(input, result);
    expect(result.manualConflicts).toEqual([
      {
        placement: manual[1],
        conflicts: [{ kind: 'participant-busy', participantId: 'e1', slot: 0, requestId: 'r1' }],
      },
    ]);
    expect(result.placements.find((p) => p.requestId === 'r1')).toMatchObject({ slot: 0, table: 0, manual: true });
    expect(result.placements.find((p) => p.requestId === 'r3')).toMatchObject({ slot: 1, table: 0, manual: true });
    // r2 cannot go to slot 0 (e1 busy) nor slot 1 (b2 busy with r3).
    expect(result.unplaced).toEqual([{ requestId: 'r2', reason: 'no-common-slot' }]);
    expect(result.bound).toBe(2);
  });

  it('reports every kind of manual-placement conflict', () => {
    const input: ScheduleInput = {
      slots: 2,
      tables: 1,
      requests: [
        { id: 'r1', enterpriseId: 'e1', bankId: 'b1' },
        { id: 'r2', enterpriseId: 'e2', bankId: 'b2' },
      ],
      unavailable: new Map([['b2', [1]]]),
      manual: [
        { requestId: 'r1', slot: 0, table: 0 },
        { requestId: 'r2', slot: 0, table: 0 },
        { requestId: 'r2', slot: 1, table: 0 },
        { requestId: 'r2', slot: 2, table: 5 },
        { requestId: 'nope', slot: 0, table: 0 },
        { requestId: 'r1', slot: 1, table: 0 },
      ],
    };
    const kinds = schedule(input).manualConflicts.map((c) => c.conflicts.map((x) => x.kind));
    expect(kinds).toEqual([
      ['table-taken'],
      ['participant-unavailable'],
      ['slot-out-of-range', 'table-out-of-range'],
      ['unknown-request'],
      ['already-placed'],
    ]);
  });

  it('counts manual placements against the capacity in the bound', () => {
    const input: ScheduleInput = {
      slots: 1,
      tables: 1,
      requests: [
        { id: 'r1', enterpriseId: 'e1', bankId: 'b1' },
        { id: 'r2', enterpriseId: 'e2', bankId: 'b2' },
      ],
      manual: [{ requestId: 'r1', slot: 0, table: 0 }],
    };
    const result = schedule(input);
    expect(result.bound).toBe(1);
    expect(result.boundDetail).toMatchObject({ manual: 1, cells: 0 });
    expect(result.unplaced).toEqual([{ requestId: 'r2', reason: 'no-common-slot' }]);
  });

  it('bounds by the slots a bank is available in', () => {
    const requests = [1, 2, 3, 4].map((i) => ({ id: `r${i}`, enterpriseId: ent(i), bankId: 'b' }));
    const input: ScheduleInput = { slots: 4, tables: 4, requests, unavailable: { b: [0, 2] } };
    const result = schedule(input);
    expectValid(input, result);
    expect(result.bound).toBe(2);
    expect(result.placed).toBe(2);
    expect(result.placements.map((p) => p.slot).sort()).toEqual([1, 3]);
    expect(result.unplaced.map((u) => u.reason)).toEqual(['bank-full', 'bank-full']);
  });

  it('rejects an event without slots or tables', () => {
    expect(() => schedule({ slots: 0, tables: 1, requests: [] })).toThrow(RangeError);
    expect(() => schedule({ slots: 2, tables: 1.5, requests: [] })).toThrow(RangeError);
  });
});

describe('validateManualMove and validateSwap', () => {
  const requests: MeetingRequest[] = [
    { id: 'r1', enterpriseId: 'e1', bankId: 'b1' },
    { id: 'r2', enterpriseId: 'e1', bankId: 'b2' },
    { id: 'r3', enterpriseId: 'e2', bankId: 'b3' },
    { id: 'r4', enterpriseId: 'e3', bankId: 'b1' },
  ];
  const state = {
    slots: 3,
    tables: 2,
    requests,
    unavailable: { b3: [2] },
    placements: [
      { requestId: 'r1', slot: 0, table: 0 },
      { requestId: 'r2', slot: 1, table: 0 },
      { requestId: 'r3', slot: 1, table: 1 },
    ],
  };

  it('accepts a free move, including staying in place', () => {
    expect(validateManualMove(state, 'r4', 2, 1)).toEqual({ ok: true });
    expect(validateManualMove(state, 'r1', 0, 0)).toEqual({ ok: true });
    expect(validateManualMove(state, 'r1', 2, 0)).toEqual({ ok: true });
  });

  it('detects a busy participant', () => {
    expect(validateManualMove(state, 'r4', 0, 1)).toEqual({
      ok: false,
      conflicts: [{ kind: 'participant-busy', participantId: 'b1', slot: 0, requestId: 'r1' }],
    });
  });

  it('detects a taken table', () => {
    expect(validateManualMove(state, 'r4', 1, 0)).toEqual({
      ok: false,
      conflicts: [{ kind: 'table-taken', slot: 1, table: 0, requestId: 'r2' }],
    });
  });

  it('detects an unavailable participant', () => {
    expect(validateManualMove(state, 'r3', 2, 1)).toEqual({
      ok: false,
      conflicts: [{ kind: 'participant-unavailable', participantId: 'b3', slot: 2 }],
    });
  });

  it('detects slots and tables out of range and unknown requests', () => {
    expect(validateManualMove(state, 'r4', 3, 0)).toEqual({ ok: false, conflicts: [{ kind: 'slot-out-of-range', slot: 3 }] });
    expect(validateManualMove(state, 'r4', -1, 2)).toEqual({
      ok: false,
      conflicts: [
        { kind: 'slot-out-of-range', slot: -1 },
        { kind: 'table-out-of-range', table: 2 },
      ],
    });
    expect(validateManualMove(state, 'zz', 0, 0)).toEqual({ ok: false, conflicts: [{ kind: 'unknown-request', requestId: 'zz' }] });
  });

  it('checks a swap as two simultaneous moves', () => {
    // r1 (e1,b1 @0) ⇄ r3 (e2,b3 @1): r1 to slot 1 meets e1's r2 there.
    expect(validateSwap(state, 'r1', 'r3')).toEqual({
      ok: false,
      conflicts: [{ kind: 'participant-busy', participantId: 'e1', slot: 1, requestId: 'r2' }],
    });
    // r2 (e1 @1, table 0) ⇄ r3 (@1, table 1): same slot, tables exchanged.
    expect(validateSwap(state, 'r2', 'r3')).toEqual({ ok: true });
    expect(validateSwap(state, 'r1', 'r4')).toEqual({ ok: false, conflicts: [{ kind: 'unknown-request', requestId: 'r4' }] });
  });

  it('agrees with the scheduler: every placement of a schedule is a valid move in it', () => {
    fc.assert(
      fc.property(shape({ maxSlots: 5, maxTables: 4, maxE: 8, maxB: 5, maxReq: 30, avail: true, manual: true }), (s) => {
        const input = toInput(s);
        const result = schedule(input);
        const st = { ...input, placements: result.placements };
        for (const p of result.placements) expect(validateManualMove(st, p.requestId, p.slot, p.table)).toEqual({ ok: true });
      }),
      { numRuns: 100 },
    );
  });
});

describe('agendaFor', () => {
  it('lists a participant’s meetings in slot order, on either side', () => {
    const placements = [
      { requestId: 'x', enterpriseId: 'e1', bankId: 'b1', slot: 2, table: 0, manual: false },
      { requestId: 'y', enterpriseId: 'e2', bankId: 'b1', slot: 0, table: 1, manual: true },
      { requestId: 'z', enterpriseId: 'e1', bankId: 'b2', slot: 1, table: 0, manual: false },
    ];
    expect(agendaFor('e1', { placements }).map((p) => p.requestId)).toEqual(['z', 'x']);
    expect(agendaFor('b1', { placements }).map((p) => p.requestId)).toEqual(['y', 'x']);
    expect(agendaFor('nobody', { placements })).toEqual([]);
  });
});
