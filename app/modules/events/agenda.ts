/**
 * Pure helpers for the persisted 1:1 meeting grid of an event (对接会): slot times,
 * agendas, the slot × table grid, a stamp of the grid for optimistic checks, and why
 * an accepted request has no place in the grid. No database, no HTTP.
 */

/** Minutes after midnight of an `HH:MM` time; NaN when malformed. */
export function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m) return Number.NaN;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return Number.NaN;
  return h * 60 + min;
}

/** `HH:MM` of minutes after midnight (wraps past midnight). */
export function hhmm(minutes: number): string {
  const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The instant of a China-time `YYYY-MM-DD` and `HH:MM` (China has no daylight saving time). */
export function chinaInstant(date: string, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}

export interface SlotTime {
  /** 0-based */
  slot: number;
  start: string;
  end: string;
}

/** Slot `slot` runs from first_slot_time + slot × slot_minutes for slot_minutes. */
export function slotTime(firstSlotTime: string, slotMinutes: number, slot: number): SlotTime {
  const start = minutesOf(firstSlotTime) + slot * slotMinutes;
  if (Number.isNaN(start)) return { slot, start: '—', end: '—' };
  return { slot, start: hhmm(start), end: hhmm(start + slotMinutes) };
}

export function slotTimes(event: { first_slot_time: string; slot_minutes: number; slot_count: number }): SlotTime[] {
  return Array.from({ length: Math.max(0, event.slot_count) }, (_, s) => slotTime(event.first_slot_time, event.slot_minutes, s));
}

/** A placed meeting as stored, with the names of both sides. */
export interface PlacedMeeting {
  requestId: string;
  enterpriseId: string;
  enterpriseName: string;
  bankId: string;
  bankName: string;
  slot: number;
  /** 0-based; shown as table + 1 */
  table: number;
  manual: boolean;
}

export interface AgendaItem {
  requestId: string;
  slot: number;
  start: string;
  end: string;
  /** 1-based table number, as printed on the table card */
  tableNumber: number;
  counterpartId: string;
  counterpartName: string;
}

/** The meetings of one organization (either side), in time order, with times and table numbers. */
export function agendaOf(
  orgId: string,
  meetings: readonly PlacedMeeting[],
  event: { first_slot_time: string; slot_minutes: number },
): AgendaItem[] {
  return meetings
    .filter((m) => m.enterpriseId === orgId || m.bankId === orgId)
    .sort((a, b) => a.slot - b.slot || a.table - b.table)
    .map((m) => {
      const t = slotTime(event.first_slot_time, event.slot_minutes, m.slot);
      const mine = m.enterpriseId === orgId;
      return {
        requestId: m.requestId,
        slot: m.slot,
        start: t.start,
        end: t.end,
        tableNumber: m.table + 1,
        counterpartId: mine ? m.bankId : m.enterpriseId,
        counterpartName: mine ? m.bankName : m.enterpriseName,
      };
    });
}

/** rows = slots, columns = tables; a cell holds its meeting or null. Out-of-range placements are left out. */
export function gridOf<M extends { slot: number; table: number }>(slots: number, tables: number, meetings: readonly M[]): (M | null)[][] {
  const grid: (M | null)[][] = Array.from({ length: Math.max(0, slots) }, () => new Array<M | null>(Math.max(0, tables)).fill(null));
  for (const m of meetings) {
    if (m.slot >= 0 && m.slot < slots && m.table >= 0 && m.table < tables) grid[m.slot][m.table] = m;
  }
  return grid;
}

/**
 * A short fingerprint of the grid (which request sits where, pinned or not). A hand
 * move carries the stamp of the grid it was made on; a different stamp means someone
 * changed the schedule in between (FNV-1a, 32 bits, over the sorted placements).
 */
export function scheduleStamp(placements: readonly { requestId: string; slot: number; table: number; manual: boolean | number }[]): string {
  const parts = placements.map((p) => `${p.requestId}:${p.slot}:${p.table}:${p.manual ? 1 : 0}`).sort();
  let h = 0x811c9dc5;
  const text = `${parts.length};${parts.join(';')}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${parts.length}-${h.toString(16).padStart(8, '0')}`;
}

/** Why an accepted request has no cell in the persisted grid (other placements stay where they are). */
export type UnplacedWhy =
  /** the scheduler has never run for the session */
  | { reason: 'never-run' }
  /** the scheduler has not been run since the request was accepted */
  | { reason: 'not-run' }
  /** there is a slot where both sides are free and a table is free: re-run or place it by hand */
  | { reason: 'placeable'; slot: number }
  /** no slot in which both sides are available */
  | { reason: 'no-common-slot' }
  /** every (slot, table) is taken */
  | { reason: 'event-full' }
  /** every slot the enterprise is available in already holds one of its meetings */
  | { reason: 'enterprise-full' }
  /** every slot the bank is available in already holds one of its meetings */
  | { reason: 'bank-full' }
  /** common free slots exist, but each one is blocked by another meeting or has no free table */
  | { reason: 'conflicts' };

export interface GridState {
  slots: number;
  tables: number;
  requests: readonly { id: string; enterpriseId: string; bankId: string; acceptedAt?: string | null }[];
  unavailable: ReadonlyMap<string, readonly number[]>;
  placements: readonly { requestId: string; slot: number; table: number }[];
  /** when the scheduler last ran, or null */
  scheduledAt: string | null;
}

/** The reason for every accepted request of `state.requests` that has no placement. */
export function unplacedReasons(state: GridState): Map<string, UnplacedWhy> {
  const { slots: S, tables: T } = state;
  const byId = new Map(state.requests.map((r) => [r.id, r]));
  const placed = new Set<string>();
  const busy = new Set<string>();
  const perSlot = new Array<number>(Math.max(0, S)).fill(0);
  for (const p of state.placements) {
    const r = byId.get(p.requestId);
    if (!r) continue;
    placed.add(p.requestId);
    busy.add(`${r.enterpriseId}|${p.slot}`);
    busy.add(`${r.bankId}|${p.slot}`);
    if (p.slot >= 0 && p.slot < S) perSlot[p.slot]++;
  }
  const total = state.placements.filter((p) => byId.has(p.requestId)).length;
  const available = (id: string, s: number) => !(state.unavailable.get(id) ?? []).includes(s);
  const out = new Map<string, UnplacedWhy>();
  for (const r of state.requests) {
    if (placed.has(r.id)) continue;
    if (state.scheduledAt === null) {
      out.set(r.id, { reason: 'never-run' });
      continue;
    }
    if (r.acceptedAt && r.acceptedAt > state.scheduledAt) {
      out.set(r.id, { reason: 'not-run' });
      continue;
    }
    const common: number[] = [];
    for (let s = 0; s < S; s++) if (available(r.enterpriseId, s) && available(r.bankId, s)) common.push(s);
    if (common.length === 0) {
      out.set(r.id, { reason: 'no-common-slot' });
      continue;
    }
    const free = common.find((s) => perSlot[s] < T && !busy.has(`${r.enterpriseId}|${s}`) && !busy.has(`${r.bankId}|${s}`));
    if (free !== undefined) out.set(r.id, { reason: 'placeable', slot: free });
    else if (total >= S * T) out.set(r.id, { reason: 'event-full' });
    else if (allBusy(r.enterpriseId, S, available, busy)) out.set(r.id, { reason: 'enterprise-full' });
    else if (allBusy(r.bankId, S, available, busy)) out.set(r.id, { reason: 'bank-full' });
    else out.set(r.id, { reason: 'conflicts' });
  }
  return out;
}

function allBusy(id: string, S: number, available: (id: string, s: number) => boolean, busy: ReadonlySet<string>): boolean {
  for (let s = 0; s < S; s++) if (available(id, s) && !busy.has(`${id}|${s}`)) return false;
  return true;
}
