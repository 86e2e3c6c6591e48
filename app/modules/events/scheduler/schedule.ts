// The scheduler's entry points: place requests, check manual moves, read an agenda.
// Pure: no HTTP, no database. See docs/decisions/012-meeting-scheduler.md.
import { solveRelaxation } from './bound';
import { colorBipartiteEdges } from './edge-coloring';
import { scheduleHeuristic } from './heuristic';
import { buildModel, checkEventGrid, unavailableSlots, type Model } from './model';
import type {
  MeetingRequest,
  MoveCheck,
  MoveConflict,
  Placement,
  ScheduleInput,
  ScheduleResult,
  ScheduleState,
  Unplaced,
  UnplacedReason,
} from './types';

/**
 * Places as many requests as possible in (slot, table) cells: no participant in two meetings
 * of a slot, one meeting per cell, availability respected, valid manual placements kept.
 */
export function schedule(input: ScheduleInput): ScheduleResult {
  const model = buildModel(input);
  const relax = solveRelaxation(model);
  const exact = !model.hasAvailabilityLimits && model.manualPlacements.length === 0;
  let slotOf: Int32Array;
  if (exact) {
    // Every participant is usable in all S slots: colour the b-matching (b = S, trimmed to
    // S·T edges) with S colours, classes balanced to ≤ ⌈|M|/S⌉ ≤ T meetings per slot.
    slotOf = new Int32Array(model.free.length).fill(-1);
    const chosen = relax.chosen;
    const color = colorBipartiteEdges(
      model.enterprises,
      model.banks,
      chosen.map((i) => model.free[i].e),
      chosen.map((i) => model.free[i].b),
      model.S,
    );
    chosen.forEach((i, k) => (slotOf[i] = color[k]));
  } else {
    slotOf = scheduleHeuristic(model, {
      preferred: relax.chosen,
      target: relax.cap,
      seed: input.seed ?? 1,
      rounds: input.searchRounds ?? 400,
    });
  }
  return assemble(model, relax, slotOf, exact);
}

function assemble(model: Model, relax: ReturnType<typeof solveRelaxation>, slotOf: Int32Array, exact: boolean): ScheduleResult {
  const { S, T, free } = model;
  const placements: Placement[] = [...model.manualPlacements];
  // Tables: within each slot, the free tables in order, meetings in request order.
  const nextTable = new Int32Array(S);
  const takeTable = (s: number) => {
    let t = nextTable[s];
    while (t < T && model.tableTaken[s * T + t]) t++;
    if (t >= T) throw new Error(`scheduler: slot ${s} over capacity (unreachable)`);
    nextTable[s] = t + 1;
    return t;
  };
  for (let i = 0; i < free.length; i++) {
    const s = slotOf[i];
    if (s < 0) continue;
    const r = free[i];
    placements.push({ requestId: r.id, enterpriseId: r.enterpriseId, bankId: r.bankId, slot: s, table: takeTable(s), manual: false });
  }
  placements.sort((a, b) => a.slot - b.slot || a.table - b.table);

  // Reasons for the requests left out.
  const usedSlots = new Int32Array(model.enterprises + model.banks);
  const usableSlots = new Int32Array(model.enterprises + model.banks);
  for (let p = 0; p < usableSlots.length; p++) for (let s = 0; s < S; s++) usableSlots[p] += model.usable[p * S + s];
  for (let i = 0; i < free.length; i++) {
    if (slotOf[i] >= 0) {
      usedSlots[free[i].e]++;
      usedSlots[free[i].pb]++;
    }
  }
  const placedCount = placements.length;
  const unplaced: Unplaced[] = [...model.rejected];
  for (let i = 0; i < free.length; i++) {
    if (slotOf[i] >= 0) continue;
    const r = free[i];
    let reason: UnplacedReason;
    if (r.allowed.length === 0) reason = 'no-common-slot';
    else if (placedCount >= S * T) reason = 'event-full';
    else if (usedSlots[r.e] >= usableSlots[r.e]) reason = 'enterprise-full';
    else if (usedSlots[r.pb] >= usableSlots[r.pb]) reason = 'bank-full';
    else reason = 'conflicts';
    unplaced.push({ requestId: r.id, reason });
  }

  const manual = model.manualPlacements.length;
  return {
    slots: S,
    tables: T,
    placements,
    unplaced,
    duplicates: model.duplicates,
    manualConflicts: model.manualConflicts,
    placed: placedCount,
    bound: manual + relax.cap,
    boundDetail: {
      manual,
      flow: relax.flow,
      cells: relax.cells,
      requests: relax.requests,
      slotMatching: relax.slotMatching,
    },
    method: exact ? 'exact' : 'heuristic',
  };
}

/**
 * Checks an organizer's hand move of `requestId` to (slot, table) against the current
 * placements (the request's own current placement is ignored). Lists every conflict.
 */
export function validateManualMove(state: ScheduleState, requestId: string, slot: number, table: number): MoveCheck {
  return checkMoves(state, [{ requestId, slot, table }]);
}

/** Checks swapping the cells of two placed requests (each takes the other's slot and table). */
export function validateSwap(state: ScheduleState, requestIdA: string, requestIdB: string): MoveCheck {
  const a = state.placements.find((p) => p.requestId === requestIdA);
  const b = state.placements.find((p) => p.requestId === requestIdB);
  const missing: MoveConflict[] = [];
  if (!a) missing.push({ kind: 'unknown-request', requestId: requestIdA });
  if (!b) missing.push({ kind: 'unknown-request', requestId: requestIdB });
  if (!a || !b) return { ok: false, conflicts: missing };
  return checkMoves(state, [
    { requestId: requestIdA, slot: b.slot, table: b.table },
    { requestId: requestIdB, slot: a.slot, table: a.table },
  ]);
}

/** Checks several moves made together (each sees the earlier ones), e.g. a swap in fixed-desk mode. */
export function validateMoves(state: ScheduleState, moves: readonly { requestId: string; slot: number; table: number }[]): MoveCheck {
  return checkMoves(state, moves);
}

function checkMoves(state: ScheduleState, moves: readonly { requestId: string; slot: number; table: number }[]): MoveCheck {
  checkEventGrid(state.slots, state.tables);
  const byId = new Map<string, MeetingRequest>();
  for (const r of state.requests) if (!byId.has(r.id)) byId.set(r.id, r);
  const moving = new Set(moves.map((m) => m.requestId));
  const cellOf = new Map<string, string>();
  const busyOf = new Map<string, string>();
  const key = (a: string | number, b: number) => `${a}\u0000${b}`;
  for (const p of state.placements) {
    if (moving.has(p.requestId)) continue;
    const r = byId.get(p.requestId);
    cellOf.set(key(p.slot, p.table), p.requestId);
    if (r) {
      busyOf.set(key(r.enterpriseId, p.slot), p.requestId);
      busyOf.set(key(r.bankId, p.slot), p.requestId);
    }
  }
  const conflicts: MoveConflict[] = [];
  for (const m of moves) {
    const r = byId.get(m.requestId);
    if (!r) {
      conflicts.push({ kind: 'unknown-request', requestId: m.requestId });
      continue;
    }
    const slotOk = Number.isInteger(m.slot) && m.slot >= 0 && m.slot < state.slots;
    const tableOk = Number.isInteger(m.table) && m.table >= 0 && m.table < state.tables;
    if (!slotOk) conflicts.push({ kind: 'slot-out-of-range', slot: m.slot });
    if (!tableOk) conflicts.push({ kind: 'table-out-of-range', table: m.table });
    if (!slotOk) continue;
    for (const id of [r.enterpriseId, r.bankId]) {
      if (unavailableSlots(state.unavailable, id).includes(m.slot)) {
        conflicts.push({ kind: 'participant-unavailable', participantId: id, slot: m.slot });
      }
      const other = busyOf.get(key(id, m.slot));
      if (other !== undefined) conflicts.push({ kind: 'participant-busy', participantId: id, slot: m.slot, requestId: other });
    }
    if (tableOk) {
      const other = cellOf.get(key(m.slot, m.table));
      if (other !== undefined) conflicts.push({ kind: 'table-taken', slot: m.slot, table: m.table, requestId: other });
    }
    // Later moves of the same batch see this one.
    cellOf.set(key(m.slot, m.table), r.id);
    busyOf.set(key(r.enterpriseId, m.slot), r.id);
    busyOf.set(key(r.bankId, m.slot), r.id);
  }
  return conflicts.length ? { ok: false, conflicts } : { ok: true };
}

/** The participant's meetings (as enterprise or bank), in slot order. */
export function agendaFor(participantId: string, schedule: Pick<ScheduleResult, 'placements'>): Placement[] {
  return schedule.placements
    .filter((p) => p.enterpriseId === participantId || p.bankId === participantId)
    .sort((a, b) => a.slot - b.slot || a.table - b.table);
}
