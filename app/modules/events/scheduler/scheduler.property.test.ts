/**
 * Property-based tests of the scheduler that complement scheduler.test.ts: the
 * guarantees the database layer (schedule.server.ts) relies on when it re-runs the
 * scheduler with the stored manual placements and saves hand moves.
 *
 * - no participant and no table double-booked, availability respected — also with
 *   availability AND valid manual placements together;
 * - re-running with a previous schedule pinned keeps every pinned meeting exactly;
 * - valid manual placements are never reported, reported ones name real conflicts;
 * - placed ≤ bound always, placed = bound without availability limits;
 * - the bound never grows when requests disappear or availability shrinks;
 * - validateManualMove / validateSwap accept exactly the moves that keep the grid valid;
 * - unplaced reasons are true; agendaFor returns exactly a participant's meetings.
 */
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

/* ---------- instances ---------- */

interface Instance {
  slots: number;
  tables: number;
  requests: MeetingRequest[];
  unavailable: Record<string, number[]>;
}

/** Distinct (enterprise, bank) pairs, some participants unavailable in some slots (when `avail`). */
const instance = (o: { maxSlots: number; maxTables: number; maxE: number; maxB: number; maxReq: number; avail: boolean }) =>
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
        enterprises: fc.constant(s.enterprises),
      }),
    )
    .map(({ slots, tables, pairs, away, enterprises }): Instance => {
      const unavailable: Record<string, number[]> = {};
      away.forEach((list, p) => {
        // about half of the participants keep every slot
        if (list.length && p % 2 === 0) unavailable[p < enterprises ? `e${p}` : `b${p - enterprises}`] = list;
      });
      return { slots, tables, requests: pairs.map(([e, b], i) => ({ id: `r${i}`, enterpriseId: `e${e}`, bankId: `b${b}` })), unavailable };
    });

const away = (inst: { unavailable?: Record<string, readonly number[]> }, id: string) => inst.unavailable?.[id] ?? [];

/* ---------- the hard rules, checked independently of the scheduler ---------- */

type Cell = { requestId: string; slot: number; table: number };

/** The violations of a grid: double-booked participants and tables, unavailable slots, out of range, unknown requests. */
function violations(inst: Instance, cells: readonly Cell[]): string[] {
  const byId = new Map(inst.requests.map((r) => [r.id, r]));
  const out: string[] = [];
  const taken = new Set<string>();
  const busy = new Set<string>();
  const seen = new Set<string>();
  for (const c of cells) {
    const r = byId.get(c.requestId);
    if (!r) {
      out.push(`unknown ${c.requestId}`);
      continue;
    }
    if (seen.has(c.requestId)) out.push(`${c.requestId} twice`);
    seen.add(c.requestId);
    if (!(Number.isInteger(c.slot) && c.slot >= 0 && c.slot < inst.slots)) out.push(`slot ${c.slot} out of range`);
    if (!(Number.isInteger(c.table) && c.table >= 0 && c.table < inst.tables)) out.push(`table ${c.table} out of range`);
    const cell = `${c.slot}|${c.table}`;
    if (taken.has(cell)) out.push(`table ${cell} double-booked`);
    taken.add(cell);
    for (const p of [r.enterpriseId, r.bankId]) {
      if (busy.has(`${p}|${c.slot}`)) out.push(`${p} double-booked in ${c.slot}`);
      busy.add(`${p}|${c.slot}`);
      if (away(inst, p).includes(c.slot)) out.push(`${p} unavailable in ${c.slot}`);
    }
  }
  return out;
}

const cellsOf = (r: ScheduleResult): Cell[] => r.placements.map((p) => ({ requestId: p.requestId, slot: p.slot, table: p.table }));

function run(inst: Instance, manual: ManualPlacement[] = []): ScheduleResult {
  const input: ScheduleInput = { slots: inst.slots, tables: inst.tables, requests: inst.requests, unavailable: inst.unavailable, manual };
  return schedule(input);
}

const SMALL = { maxSlots: 6, maxTables: 5, maxE: 9, maxB: 6, maxReq: 40, avail: true };

/* ---------- properties ---------- */

describe('scheduler properties for the stored grid', () => {
  it('never double-books a participant or a table and respects availability, with or without manual placements', () => {
    fc.assert(
      fc.property(instance(SMALL), fc.nat(), (inst, pick) => {
        const first = run(inst);
        expect(violations(inst, cellsOf(first))).toEqual([]);
        // pin an arbitrary subset of a valid schedule, then schedule again
        const manual = first.placements
          .filter((_, i) => (pick >> (i % 30)) & 1)
          .map((p) => ({ requestId: p.requestId, slot: p.slot, table: p.table }));
        const second = run(inst, manual);
        expect(violations(inst, cellsOf(second))).toEqual([]);
        expect(second.placed).toBeLessThanOrEqual(second.bound);
      }),
      { numRuns: 150 },
    );
  });

  it('re-running with the previous schedule pinned keeps every meeting exactly where it was', () => {
    fc.assert(
      fc.property(instance(SMALL), (inst) => {
        const first = run(inst);
        const manual = first.placements.map((p) => ({ requestId: p.requestId, slot: p.slot, table: p.table }));
        const again = run(inst, manual);
        expect(again.manualConflicts).toEqual([]);
        for (const m of manual) {
          expect(again.placements.find((p) => p.requestId === m.requestId)).toMatchObject({ slot: m.slot, table: m.table, manual: true });
        }
        expect(again.placed).toBeGreaterThanOrEqual(first.placed);
        expect(again.placed).toBeLessThanOrEqual(again.bound);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps valid manual placements, and every reported one names a real conflict', () => {
    const withManual = instance(SMALL).chain((inst) =>
      fc.record({
        inst: fc.constant(inst),
        manual: fc.array(
          fc.record({
            r: fc.nat(Math.max(0, inst.requests.length - 1)),
            slot: fc.integer({ min: -1, max: inst.slots }),
            table: fc.integer({ min: -1, max: inst.tables }),
          }),
          { maxLength: 8 },
        ),
      }),
    );
    fc.assert(
      fc.property(withManual, ({ inst, manual }) => {
        const placements: ManualPlacement[] = inst.requests.length
          ? manual.map((m) => ({ requestId: inst.requests[m.r].id, slot: m.slot, table: m.table }))
          : [];
        const result = run(inst, placements);
        expect(violations(inst, cellsOf(result))).toEqual([]);
        const reported = new Set(result.manualConflicts.map((c) => c.placement));
        // kept in the order given: a placement is kept iff it fits with the ones kept before it
        const kept: Cell[] = [];
        for (const m of placements) {
          const fits = violations(inst, [...kept, m]).length === 0;
          expect(reported.has(m), `placement ${JSON.stringify(m)} fits=${fits}`).toBe(!fits);
          if (fits) kept.push(m);
        }
        for (const k of kept)
          expect(result.placements.find((p) => p.requestId === k.requestId)).toMatchObject({ slot: k.slot, table: k.table, manual: true });
        for (const c of result.manualConflicts) {
          for (const x of c.conflicts) {
            if (x.kind === 'participant-unavailable') expect(away(inst, x.participantId)).toContain(x.slot);
            if (x.kind === 'table-taken')
              expect(kept.some((k) => k.requestId === x.requestId && k.slot === x.slot && k.table === x.table)).toBe(true);
            if (x.kind === 'participant-busy') {
              const holder = inst.requests.find((r) => r.id === x.requestId)!;
              expect(kept.some((k) => k.requestId === x.requestId && k.slot === x.slot)).toBe(true);
              expect([holder.enterpriseId, holder.bankId]).toContain(x.participantId);
            }
            if (x.kind === 'slot-out-of-range') expect(x.slot < 0 || x.slot >= inst.slots).toBe(true);
            if (x.kind === 'table-out-of-range') expect(x.table < 0 || x.table >= inst.tables).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('placed = bound without availability limits; placed ≤ bound with them', () => {
    fc.assert(
      fc.property(instance({ ...SMALL, avail: false }), (inst) => {
        const r = run(inst);
        expect(r.placed).toBe(r.bound);
      }),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(instance(SMALL), (inst) => {
        const r = run(inst);
        expect(r.placed).toBeLessThanOrEqual(r.bound);
        expect(r.bound).toBeLessThanOrEqual(Math.min(inst.slots * inst.tables, inst.requests.length));
      }),
      { numRuns: 150 },
    );
  });

  it('the bound never grows when a request is declined or a participant becomes unavailable', () => {
    fc.assert(
      fc.property(instance(SMALL), fc.nat(), fc.nat(), (inst, dropAt, awayAt) => {
        const base = run(inst).bound;
        if (inst.requests.length > 0) {
          const fewer = { ...inst, requests: inst.requests.filter((_, i) => i !== dropAt % inst.requests.length) };
          expect(run(fewer).bound).toBeLessThanOrEqual(base);
          const who = inst.requests[awayAt % inst.requests.length].bankId;
          const more = {
            ...inst,
            unavailable: { ...inst.unavailable, [who]: [...new Set([...(inst.unavailable[who] ?? []), awayAt % inst.slots])] },
          };
          expect(run(more).bound).toBeLessThanOrEqual(base);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('validateManualMove accepts exactly the moves that leave a valid grid', () => {
    fc.assert(
      fc.property(
        instance(SMALL),
        fc.nat(),
        fc.integer({ min: -1, max: 7 }),
        fc.integer({ min: -1, max: 6 }),
        (inst, which, slot, table) => {
          if (inst.requests.length === 0) return;
          const grid = cellsOf(run(inst));
          const requestId = inst.requests[which % inst.requests.length].id;
          const check = validateManualMove({ ...inst, placements: grid }, requestId, slot, table);
          const moved = [...grid.filter((c) => c.requestId !== requestId), { requestId, slot, table }];
          expect(check.ok).toBe(violations(inst, moved).length === 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('validateSwap accepts exactly the swaps that leave a valid grid', () => {
    fc.assert(
      fc.property(instance(SMALL), fc.nat(), fc.nat(), (inst, i, j) => {
        const grid = cellsOf(run(inst));
        if (grid.length < 2) return;
        const a = grid[i % grid.length];
        const b = grid[j % grid.length];
        if (a.requestId === b.requestId) return;
        const check = validateSwap({ ...inst, placements: grid }, a.requestId, b.requestId);
        const swapped = grid.map((c) =>
          c.requestId === a.requestId
            ? { ...c, slot: b.slot, table: b.table }
            : c.requestId === b.requestId
              ? { ...c, slot: a.slot, table: a.table }
              : c,
        );
        expect(check.ok).toBe(violations(inst, swapped).length === 0);
      }),
      { numRuns: 300 },
    );
  });

  it('gives true reasons for the requests it leaves out', () => {
    fc.assert(
      fc.property(instance(SMALL), (inst) => {
        const r = run(inst);
        const byId = new Map(inst.requests.map((x) => [x.id, x]));
        const busy = new Set(r.placements.flatMap((p) => [`${p.enterpriseId}|${p.slot}`, `${p.bankId}|${p.slot}`]));
        const usable = (id: string) => Array.from({ length: inst.slots }, (_, s) => s).filter((s) => !away(inst, id).includes(s));
        for (const u of r.unplaced) {
          const req = byId.get(u.requestId)!;
          const e = usable(req.enterpriseId);
          const b = usable(req.bankId);
          if (u.reason === 'no-common-slot') expect(e.filter((s) => b.includes(s))).toEqual([]);
          if (u.reason === 'event-full') expect(r.placed).toBe(inst.slots * inst.tables);
          if (u.reason === 'enterprise-full') expect(e.every((s) => busy.has(`${req.enterpriseId}|${s}`))).toBe(true);
          if (u.reason === 'bank-full') expect(b.every((s) => busy.has(`${req.bankId}|${s}`))).toBe(true);
          // whatever the reason, no (slot, table) is free for it: the schedule is maximal
          for (let s = 0; s < inst.slots; s++) {
            for (let t = 0; t < inst.tables; t++)
              expect(validateManualMove({ ...inst, placements: cellsOf(r) }, u.requestId, s, t).ok).toBe(false);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agendaFor returns exactly the participant’s own meetings, one per slot at most', () => {
    fc.assert(
      fc.property(instance(SMALL), fc.nat(), (inst, who) => {
        const r = run(inst);
        const ids = [...new Set(inst.requests.flatMap((x) => [x.enterpriseId, x.bankId]))];
        if (ids.length === 0) return;
        const id = ids[who % ids.length];
        const agenda = agendaFor(id, r);
        const expected = r.placements
          .filter((p) => p.enterpriseId === id || p.bankId === id)
          .map((p) => p.requestId)
          .sort();
        expect(agenda.map((p) => p.requestId).sort()).toEqual(expected);
        expect(new Set(agenda.map((p) => p.slot)).size).toBe(agenda.length);
        for (let i = 1; i < agenda.length; i++) expect(agenda[i].slot).toBeGreaterThan(agenda[i - 1].slot);
      }),
      { numRuns: 150 },
    );
  });
});
