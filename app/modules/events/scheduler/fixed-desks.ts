// Fixed bank desks (桌牌): each bank keeps one desk for the whole session and the
// enterprises walk between desks. See docs/decisions/029-fixed-desks.md for the proof
// that this is the free-table problem with the table constraint made slack, so the
// free-table scheduler and its bound apply unchanged:
//
//   every fixed-desk schedule puts at most one meeting per bank in a slot, so at most
//   (banks with a desk) ≤ T meetings per slot — it is a valid free-table schedule; and
//   every free-table schedule of the requests of desked banks becomes a fixed-desk one
//   by moving each meeting to its bank's desk (two meetings of one slot never share a
//   bank, hence never a desk). Same feasible sets up to the table number, same optimum,
//   same bound; without availability limits the exact edge colouring reaches it.
import { schedule } from './schedule';
import type { ManualPlacement, MeetingRequest, MoveConflict, Placement, ScheduleInput, ScheduleResult, Unplaced } from './types';

/** Desk (0-based table) of each bank; banks not in the map have no desk. */
export type DeskMap = ReadonlyMap<string, number>;

export interface FixedDeskResult extends ScheduleResult {
  /** requests of banks without a desk (more banks than tables): never placed, not in the bound */
  readonly noDesk: readonly string[];
}

/** Checks the desk map: desks distinct and within 0 … tables−1. */
export function checkDesks(desks: DeskMap, tables: number): void {
  const seen = new Set<number>();
  for (const [bank, d] of desks) {
    if (!Number.isInteger(d) || d < 0 || d >= tables) throw new RangeError(`desk of ${bank} out of range: ${d}`);
    if (seen.has(d)) throw new RangeError(`desk ${d} given twice`);
    seen.add(d);
  }
}

/**
 * Gives every bank without a desk the lowest free desk, banks in the given order
 * (kept desks stay where they are). Banks beyond the number of tables get none.
 */
export function assignDesks(banks: readonly string[], tables: number, kept: DeskMap = new Map()): Map<string, number> {
  const out = new Map<string, number>();
  const taken = new Set<number>();
  for (const b of banks) {
    const d = kept.get(b);
    if (d !== undefined && d >= 0 && d < tables && !taken.has(d)) {
      out.set(b, d);
      taken.add(d);
    }
  }
  let next = 0;
  for (const b of banks) {
    if (out.has(b)) continue;
    while (next < tables && taken.has(next)) next++;
    if (next >= tables) break;
    out.set(b, next);
    taken.add(next);
  }
  return out;
}

/**
 * Schedules with fixed bank desks: every meeting of a bank sits at the bank's desk.
 * Manual placements are kept at their slot and moved to the bank's desk.
 */
export function scheduleFixedDesks(input: ScheduleInput, desks: DeskMap): FixedDeskResult {
  checkDesks(desks, input.tables);
  const requests: MeetingRequest[] = [];
  const noDesk: MeetingRequest[] = [];
  for (const r of input.requests) (desks.has(r.bankId) ? requests : noDesk).push(r);
  const bankOf = new Map(requests.map((r) => [r.id, r.bankId]));
  const manual: ManualPlacement[] = (input.manual ?? []).map((m) => {
    const bank = bankOf.get(m.requestId);
    return bank === undefined ? m : { ...m, table: desks.get(bank)! };
  });
  const inner = schedule({ ...input, requests, manual });
  const placements: Placement[] = inner.placements
    .map((p) => ({ ...p, table: desks.get(p.bankId)! }))
    .sort((a, b) => a.slot - b.slot || a.table - b.table);
  const unplaced: Unplaced[] = [...inner.unplaced, ...noDesk.map((r) => ({ requestId: r.id, reason: 'no-desk' as const }))];
  return { ...inner, placements, unplaced, noDesk: noDesk.map((r) => r.id) };
}

/** A hand move in fixed mode: the table must be the bank's desk. */
export function deskConflict(desks: DeskMap, bankId: string, table: number): MoveConflict | null {
  const desk = desks.get(bankId);
  if (desk === undefined) return { kind: 'no-desk', bankId };
  return desk === table ? null : { kind: 'not-bank-desk', bankId, table, desk };
}
