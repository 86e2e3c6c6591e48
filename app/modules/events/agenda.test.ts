import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agendaOf, gridOf, scheduleStamp, slotTime, slotTimes, unplacedReasons, type GridState, type PlacedMeeting } from './agenda';
import { schedule, validateManualMove } from './scheduler';

const EVENT = { first_slot_time: '10:00', slot_minutes: 20, slot_count: 6 };

function meeting(requestId: string, e: string, b: string, slot: number, table: number, manual = false): PlacedMeeting {
  return { requestId, enterpriseId: e, enterpriseName: `企业${e}`, bankId: b, bankName: `银行${b}`, slot, table, manual };
}

describe('slot times', () => {
  it('computes first_slot_time + slot × slot_minutes', () => {
    expect(slotTime('10:00', 20, 0)).toEqual({ slot: 0, start: '10:00', end: '10:20' });
    expect(slotTime('10:00', 20, 3)).toEqual({ slot: 3, start: '11:00', end: '11:20' });
    expect(slotTime('09:45', 25, 2)).toEqual({ slot: 2, start: '10:35', end: '11:00' });
    expect(slotTime('23:50', 20, 1)).toEqual({ slot: 1, start: '00:10', end: '00:30' });
  });

  it('lists one entry per slot, contiguous', () => {
    const times = slotTimes(EVENT);
    expect(times.map((s) => s.start)).toEqual(['10:00', '10:20', '10:40', '11:00', '11:20', '11:40']);
    for (let i = 1; i < times.length; i++) expect(times[i].start).toBe(times[i - 1].end);
  });

  it('shows a dash for a malformed first slot time instead of crashing', () => {
    expect(slotTime('10h', 20, 1)).toEqual({ slot: 1, start: '—', end: '—' });
  });
});

describe('agendaOf', () => {
  const meetings = [
    meeting('r1', 'e1', 'b1', 2, 0),
    meeting('r2', 'e2', 'b1', 0, 4),
    meeting('r3', 'e1', 'b2', 0, 1),
    meeting('r4', 'e3', 'b3', 1, 0),
  ];

  it('lists an enterprise’s meetings in time order with table numbers from 1 and the bank as counterpart', () => {
    expect(agendaOf('e1', meetings, EVENT)).toEqual([
      { requestId: 'r3', slot: 0, start: '10:00', end: '10:20', tableNumber: 2, counterpartId: 'b2', counterpartName: '银行b2' },
      { requestId: 'r1', slot: 2, start: '10:40', end: '11:00', tableNumber: 1, counterpartId: 'b1', counterpartName: '银行b1' },
    ]);
  });

  it('lists a bank’s meetings with the enterprise as counterpart', () => {
    expect(agendaOf('b1', meetings, EVENT).map((a) => [a.start, a.tableNumber, a.counterpartName])).toEqual([
      ['10:00', 5, '企业e2'],
      ['10:40', 1, '企业e1'],
    ]);
  });

  it('never contains another organization’s meetings', () => {
    const arb = fc.array(
      fc.record({ e: fc.integer({ min: 0, max: 4 }), b: fc.integer({ min: 0, max: 3 }), slot: fc.nat(8), table: fc.nat(5) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(
        arb,
        fc.oneof(
          fc.integer({ min: 0, max: 4 }).map((i) => `e${i}`),
          fc.integer({ min: 0, max: 3 }).map((i) => `b${i}`),
        ),
        (rows, org) => {
          const ms = rows.map((r, i) => meeting(`r${i}`, `e${r.e}`, `b${r.b}`, r.slot, r.table));
          const agenda = agendaOf(org, ms, EVENT);
          const own = ms.filter((m) => m.enterpriseId === org || m.bankId === org);
          expect(agenda.map((a) => a.requestId).sort()).toEqual(own.map((m) => m.requestId).sort());
          for (const a of agenda) expect(a.counterpartId).not.toBe(org);
          for (let i = 1; i < agenda.length; i++) expect(agenda[i].slot).toBeGreaterThanOrEqual(agenda[i - 1].slot);
        },
      ),
    );
  });
});

describe('gridOf', () => {
  it('puts each meeting in its (slot, table) cell and leaves the rest empty', () => {
    const grid = gridOf(3, 2, [
      { slot: 0, table: 1, id: 'a' },
      { slot: 2, table: 0, id: 'b' },
      { slot: 5, table: 0, id: 'out' },
    ]);
    expect(grid.map((row) => row.map((c) => c?.id ?? null))).toEqual([
      [null, 'a'],
      [null, null],
      ['b', null],
    ]);
  });
});

describe('scheduleStamp', () => {
  const a = { requestId: 'r1', slot: 0, table: 0, manual: false };
  const b = { requestId: 'r2', slot: 1, table: 2, manual: true };

  it('does not depend on the order of the placements', () => {
    expect(scheduleStamp([a, b])).toBe(scheduleStamp([b, a]));
  });

  it('changes when a meeting moves, is pinned, appears or disappears', () => {
    const base = scheduleStamp([a, b]);
    expect(scheduleStamp([{ ...a, slot: 2 }, b])).not.toBe(base);
    expect(scheduleStamp([{ ...a, table: 1 }, b])).not.toBe(base);
    expect(scheduleStamp([{ ...a, manual: true }, b])).not.toBe(base);
    expect(scheduleStamp([a])).not.toBe(base);
    expect(scheduleStamp([])).not.toBe(base);
  });
});

describe('unplacedReasons', () => {
  const state = (over: Partial<GridState>): GridState => ({
    slots: 2,
    tables: 1,
    requests: [],
    unavailable: new Map(),
    placements: [],
    scheduledAt: '2026-11-20T00:00:00.000Z',
    ...over,
  });
  const req = (id: string, e: string, b: string, acceptedAt = '2026-11-19T00:00:00.000Z') => ({
    id,
    enterpriseId: e,
    bankId: b,
    acceptedAt,
  });

  it('says "not run" before the first run and for requests accepted after the last one', () => {
    expect(unplacedReasons(state({ requests: [req('r1', 'e1', 'b1')], scheduledAt: null })).get('r1')).toEqual({ reason: 'never-run' });
    expect(unplacedReasons(state({ requests: [req('r1', 'e1', 'b1', '2026-11-21T00:00:00.000Z')] })).get('r1')).toEqual({
      reason: 'not-run',
    });
  });

  it('names a free slot when one exists', () => {
    const s = state({ requests: [req('r1', 'e1', 'b1'), req('r2', 'e2', 'b2')], placements: [{ requestId: 'r1', slot: 0, table: 0 }] });
    expect(unplacedReasons(s).get('r2')).toEqual({ reason: 'placeable', slot: 1 });
    expect(unplacedReasons(s).has('r1')).toBe(false);
  });

  it('tells no common slot, a full event, a fully booked enterprise or bank apart', () => {
    const away = new Map([
      ['e9', [0]],
      ['b9', [1]],
    ]);
    expect(unplacedReasons(state({ requests: [req('r9', 'e9', 'b9')], unavailable: away })).get('r9')).toEqual({
      reason: 'no-common-slot',
    });
    const full = state({
      requests: [req('r1', 'e1', 'b1'), req('r2', 'e2', 'b2'), req('r3', 'e3', 'b3')],
      placements: [
        { requestId: 'r1', slot: 0, table: 0 },
        { requestId: 'r2', slot: 1, table: 0 },
      ],
    });
    expect(unplacedReasons(full).get('r3')).toEqual({ reason: 'event-full' });
    const two = { slots: 2, tables: 3 };
    const entFull = state({
      ...two,
      requests: [req('r1', 'e1', 'b1'), req('r2', 'e1', 'b2'), req('r3', 'e1', 'b3')],
      placements: [
        { requestId: 'r1', slot: 0, table: 0 },
        { requestId: 'r2', slot: 1, table: 0 },
      ],
    });
    expect(unplacedReasons(entFull).get('r3')).toEqual({ reason: 'enterprise-full' });
    const bankFull = state({
      ...two,
      requests: [req('r1', 'e1', 'b1'), req('r2', 'e2', 'b1'), req('r3', 'e3', 'b1')],
      placements: [
        { requestId: 'r1', slot: 0, table: 0 },
        { requestId: 'r2', slot: 1, table: 0 },
      ],
    });
    expect(unplacedReasons(bankFull).get('r3')).toEqual({ reason: 'bank-full' });
  });

  it('agrees with validateManualMove: "placeable" exactly when some cell accepts the request', () => {
    const arb = fc.record({
      slots: fc.integer({ min: 1, max: 4 }),
      tables: fc.integer({ min: 1, max: 3 }),
      pairs: fc.uniqueArray(fc.tuple(fc.nat(4), fc.nat(3)), { maxLength: 16, selector: ([e, b]) => `${e}:${b}` }),
      away: fc.array(fc.tuple(fc.nat(8), fc.nat(3)), { maxLength: 6 }),
      drop: fc.nat(),
    });
    fc.assert(
      fc.property(arb, ({ slots, tables, pairs, away, drop }) => {
        const requests = pairs.map(([e, b], i) => req(`r${i}`, `e${e}`, `b${b}`));
        const unavailable = new Map<string, number[]>();
        for (const [p, s] of away) {
          const id = p < 5 ? `e${p}` : `b${p - 5}`;
          unavailable.set(id, [...(unavailable.get(id) ?? []), s % slots]);
        }
        // a schedule, then some meetings leave it (declined, an availability change …)
        const result = schedule({ slots, tables, requests, unavailable });
        const placements = result.placements
          .filter((_, i) => (drop >> (i % 30)) & 1)
          .map((p) => ({ requestId: p.requestId, slot: p.slot, table: p.table }));
        const reasons = unplacedReasons({ slots, tables, requests, unavailable, placements, scheduledAt: '2026-11-20T00:00:00.000Z' });
        const placed = new Set(placements.map((p) => p.requestId));
        expect(reasons.size).toBe(requests.length - placed.size);
        for (const [id, why] of reasons) {
          const fits: number[] = [];
          for (let s = 0; s < slots; s++)
            for (let t = 0; t < tables; t++)
              if (validateManualMove({ slots, tables, requests, unavailable, placements }, id, s, t).ok) fits.push(s);
          if (why.reason === 'placeable') expect(fits).toContain(why.slot);
          else expect(fits).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
