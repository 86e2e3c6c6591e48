// Input normalisation: dedupe requests, index participants, validate and keep manual
// placements, and derive the free availability left for the scheduler.
import type {
  DuplicateRequest,
  ManualConflict,
  ManualPlacement,
  MeetingRequest,
  MoveConflict,
  Placement,
  ScheduleInput,
  Unavailability,
  Unplaced,
} from './types';

/** A request the scheduler still has to place (participants as indices). */
export interface FreeRequest {
  readonly id: string;
  readonly enterpriseId: string;
  readonly bankId: string;
  /** Enterprise index 0 … enterprises−1. */
  readonly e: number;
  /** Bank index 0 … banks−1. */
  readonly b: number;
  /** Participant index of the bank in the shared arrays: enterprises + b. */
  readonly pb: number;
  /** Slots where both are available, not held by a manual meeting, and with a free table. */
  readonly allowed: readonly number[];
}

export interface Model {
  readonly S: number;
  readonly T: number;
  readonly enterprises: number;
  readonly banks: number;
  readonly free: readonly FreeRequest[];
  /** Free tables per slot (T minus kept manual placements). */
  readonly cap: Int32Array;
  /** Per participant p (enterprise e = p, bank b = enterprises + b) and slot s at p·S + s: usable. */
  readonly usable: Uint8Array;
  /** Tables held by manual placements, at s·T + t. */
  readonly tableTaken: Uint8Array;
  readonly manualPlacements: readonly Placement[];
  readonly manualConflicts: readonly ManualConflict[];
  readonly duplicates: readonly DuplicateRequest[];
  /** Duplicate and invalid requests. */
  readonly rejected: readonly Unplaced[];
  /** Some participant of a request is unavailable in some slot. */
  readonly hasAvailabilityLimits: boolean;
}

export function unavailableSlots(unavailable: Unavailability | undefined, participantId: string): readonly number[] {
  if (!unavailable) return [];
  if (unavailable instanceof Map) return unavailable.get(participantId) ?? [];
  const rec = unavailable as Readonly<Record<string, readonly number[]>>;
  return Object.hasOwn(rec, participantId) ? rec[participantId] : [];
}

export function checkEventGrid(slots: number, tables: number): void {
  if (!Number.isInteger(slots) || slots < 1) throw new RangeError(`slots must be a positive integer, got ${slots}`);
  if (!Number.isInteger(tables) || tables < 1) throw new RangeError(`tables must be a positive integer, got ${tables}`);
}

function inRange(x: number, n: number): boolean {
  return Number.isInteger(x) && x >= 0 && x < n;
}

export function buildModel(input: ScheduleInput): Model {
  const S = input.slots;
  const T = input.tables;
  checkEventGrid(S, T);

  // 1. Requests: drop repeated ids, self-pairs, ids on both sides; dedupe pairs.
  const rejected: Unplaced[] = [];
  const duplicates: DuplicateRequest[] = [];
  const seenId = new Set<string>();
  const pairOwner = new Map<string, string>();
  const side = new Map<string, 'e' | 'b'>();
  const valid: MeetingRequest[] = [];
  for (const r of input.requests) {
    if (seenId.has(r.id)) {
      rejected.push({ requestId: r.id, reason: 'invalid' });
      continue;
    }
    seenId.add(r.id);
    const se = side.get(r.enterpriseId);
    const sb = side.get(r.bankId);
    if (r.enterpriseId === r.bankId || se === 'b' || sb === 'e') {
      rejected.push({ requestId: r.id, reason: 'invalid' });
      continue;
    }
    const key = `${r.enterpriseId}\u0000${r.bankId}`;
    const owner = pairOwner.get(key);
    if (owner !== undefined) {
      duplicates.push({ requestId: r.id, duplicateOf: owner });
      rejected.push({ requestId: r.id, reason: 'duplicate' });
      continue;
    }
    pairOwner.set(key, r.id);
    side.set(r.enterpriseId, 'e');
    side.set(r.bankId, 'b');
    valid.push(r);
  }

  // 2. Participants as indices: enterprises 0 … E−1, banks E … E+B−1 in the shared arrays.
  const eIndex = new Map<string, number>();
  const bIndex = new Map<string, number>();
  for (const r of valid) {
    if (!eIndex.has(r.enterpriseId)) eIndex.set(r.enterpriseId, eIndex.size);
    if (!bIndex.has(r.bankId)) bIndex.set(r.bankId, bIndex.size);
  }
  const E = eIndex.size;
  const B = bIndex.size;
  const P = E + B;
  const avail = new Uint8Array(P * S).fill(1);
  let hasAvailabilityLimits = false;
  const markUnavailable = (id: string, p: number) => {
    for (const s of unavailableSlots(input.unavailable, id)) {
      if (inRange(s, S) && avail[p * S + s]) {
        avail[p * S + s] = 0;
        hasAvailabilityLimits = true;
      }
    }
  };
  for (const [id, e] of eIndex) markUnavailable(id, e);
  for (const [id, b] of bIndex) markUnavailable(id, E + b);

  // 3. Manual placements, in the order given: keep each one that fits with those kept before.
  const byId = new Map<string, MeetingRequest>();
  for (const r of valid) byId.set(r.id, r);
  const busyBy = new Map<number, string>(); // p·S + s → request id
  const tableBy = new Map<number, string>(); // s·T + t → request id
  const manuallyPlaced = new Set<string>();
  const manualPlacements: Placement[] = [];
  const manualConflicts: ManualConflict[] = [];
  for (const m of input.manual ?? []) {
    const conflicts = checkPlacement(m, byId, S, T, eIndex, bIndex, E, avail, busyBy, tableBy, manuallyPlaced);
    if (conflicts.length) {
      manualConflicts.push({ placement: m, conflicts });
      continue;
    }
    const r = byId.get(m.requestId)!;
    const pe = eIndex.get(r.enterpriseId)!;
    const pb = E + bIndex.get(r.bankId)!;
    busyBy.set(pe * S + m.slot, r.id);
    busyBy.set(pb * S + m.slot, r.id);
    tableBy.set(m.slot * T + m.table, r.id);
    manuallyPlaced.add(r.id);
    manualPlacements.push({
      requestId: r.id,
      enterpriseId: r.enterpriseId,
      bankId: r.bankId,
      slot: m.slot,
      table: m.table,
      manual: true,
    });
  }

  const cap = new Int32Array(S).fill(T);
  const tableTaken = new Uint8Array(S * T);
  for (const p of manualPlacements) {
    cap[p.slot]--;
    tableTaken[p.slot * T + p.table] = 1;
  }
  const usable = new Uint8Array(P * S);
  for (let p = 0; p < P; p++) {
    for (let s = 0; s < S; s++) usable[p * S + s] = avail[p * S + s] && !busyBy.has(p * S + s) && cap[s] > 0 ? 1 : 0;
  }

  const free: FreeRequest[] = [];
  for (const r of valid) {
    if (manuallyPlaced.has(r.id)) continue;
    const e = eIndex.get(r.enterpriseId)!;
    const b = bIndex.get(r.bankId)!;
    const pb = E + b;
    const allowed: number[] = [];
    for (let s = 0; s < S; s++) if (usable[e * S + s] && usable[pb * S + s]) allowed.push(s);
    free.push({ id: r.id, enterpriseId: r.enterpriseId, bankId: r.bankId, e, b, pb, allowed });
  }

  return {
    S,
    T,
    enterprises: E,
    banks: B,
    free,
    cap,
    usable,
    tableTaken,
    manualPlacements,
    manualConflicts,
    duplicates,
    rejected,
    hasAvailabilityLimits,
  };
}

function checkPlacement(
  m: ManualPlacement,
  byId: ReadonlyMap<string, MeetingRequest>,
  S: number,
  T: number,
  eIndex: ReadonlyMap<string, number>,
  bIndex: ReadonlyMap<string, number>,
  E: number,
  avail: Uint8Array,
  busyBy: ReadonlyMap<number, string>,
  tableBy: ReadonlyMap<number, string>,
  manuallyPlaced: ReadonlySet<string>,
): MoveConflict[] {
  const r = byId.get(m.requestId);
  if (!r) return [{ kind: 'unknown-request', requestId: m.requestId }];
  if (manuallyPlaced.has(r.id)) return [{ kind: 'already-placed', requestId: r.id }];
  const conflicts: MoveConflict[] = [];
  const slotOk = inRange(m.slot, S);
  if (!slotOk) conflicts.push({ kind: 'slot-out-of-range', slot: m.slot });
  const tableOk = inRange(m.table, T);
  if (!tableOk) conflicts.push({ kind: 'table-out-of-range', table: m.table });
  if (!slotOk) return conflicts;
  const sides: [string, number][] = [
    [r.enterpriseId, eIndex.get(r.enterpriseId)!],
    [r.bankId, E + bIndex.get(r.bankId)!],
  ];
  for (const [id, p] of sides) {
    if (!avail[p * S + m.slot]) conflicts.push({ kind: 'participant-unavailable', participantId: id, slot: m.slot });
    const other = busyBy.get(p * S + m.slot);
    if (other !== undefined) conflicts.push({ kind: 'participant-busy', participantId: id, slot: m.slot, requestId: other });
  }
  if (tableOk) {
    const other = tableBy.get(m.slot * T + m.table);
    if (other !== undefined) conflicts.push({ kind: 'table-taken', slot: m.slot, table: m.table, requestId: other });
  }
  return conflicts;
}
