// Types of the 1:1 meeting scheduler for a matchmaking event (对接会).
// Slots and tables are 0-based indices: slot 0 … S−1, table 0 … T−1.

/** An accepted meeting request between one enterprise and one bank. */
export interface MeetingRequest {
  readonly id: string;
  readonly enterpriseId: string;
  readonly bankId: string;
}

/** A meeting fixed by the organizer; the scheduler keeps it exactly where it is. */
export interface ManualPlacement {
  readonly requestId: string;
  readonly slot: number;
  readonly table: number;
}

/** Slots in which a participant (enterprise or bank) cannot meet, by participant id. */
export type Unavailability = ReadonlyMap<string, readonly number[]> | Readonly<Record<string, readonly number[]>>;

export interface ScheduleInput {
  /** Number of time slots S (≥ 1). */
  readonly slots: number;
  /** Number of tables T (≥ 1). */
  readonly tables: number;
  readonly requests: readonly MeetingRequest[];
  readonly unavailable?: Unavailability;
  readonly manual?: readonly ManualPlacement[];
  /** Seed of the local search's pseudo-random choices (default 1). Same input + seed → same output. */
  readonly seed?: number;
  /** Rounds of perturbation local search when the bound is not reached (default 400). */
  readonly searchRounds?: number;
}

export interface Placement {
  readonly requestId: string;
  readonly enterpriseId: string;
  readonly bankId: string;
  readonly slot: number;
  readonly table: number;
  /** True for a kept manual placement. */
  readonly manual: boolean;
}

export type UnplacedReason =
  /** Same (enterprise, bank) pair as an earlier request; see `duplicates`. */
  | 'duplicate'
  /** Same request id as an earlier request, or enterprise id equal to the bank id, or a participant on both sides. */
  | 'invalid'
  /** No slot in which both participants are available (after manual placements). */
  | 'no-common-slot'
  /** Every (slot, table) is taken. */
  | 'event-full'
  /** Every slot in which the enterprise is available already holds one of its meetings. */
  | 'enterprise-full'
  /** Every slot in which the bank is available already holds one of its meetings. */
  | 'bank-full'
  /** A common free slot exists, but each one is blocked by other meetings or full tables. */
  | 'conflicts'
  /** Fixed desks: the bank has no desk (more banks than tables). */
  | 'no-desk';

export interface Unplaced {
  readonly requestId: string;
  readonly reason: UnplacedReason;
}

export interface DuplicateRequest {
  readonly requestId: string;
  /** The earlier request of the same pair (or with the same id) that is scheduled instead. */
  readonly duplicateOf: string;
}

export type MoveConflict =
  | { readonly kind: 'unknown-request'; readonly requestId: string }
  | { readonly kind: 'slot-out-of-range'; readonly slot: number }
  | { readonly kind: 'table-out-of-range'; readonly table: number }
  | { readonly kind: 'participant-unavailable'; readonly participantId: string; readonly slot: number }
  | {
      readonly kind: 'participant-busy';
      readonly participantId: string;
      readonly slot: number;
      /** The meeting that already holds the participant in that slot. */
      readonly requestId: string;
    }
  | {
      readonly kind: 'table-taken';
      readonly slot: number;
      readonly table: number;
      /** The meeting that already holds the table. */
      readonly requestId: string;
    }
  /** A manual placement given for a request that already has one (or for a duplicate request). */
  | { readonly kind: 'already-placed'; readonly requestId: string }
  /** Fixed desks: the meeting must sit at its bank's desk. */
  | { readonly kind: 'not-bank-desk'; readonly bankId: string; readonly table: number; readonly desk: number }
  /** Fixed desks: the bank has no desk. */
  | { readonly kind: 'no-desk'; readonly bankId: string };

export interface ManualConflict {
  readonly placement: ManualPlacement;
  readonly conflicts: readonly MoveConflict[];
}

/** How the bound was obtained; `bound` is the minimum of the caps plus the kept manual placements. */
export interface BoundDetail {
  /** Kept manual placements. */
  readonly manual: number;
  /** Max flow of the b-matching relaxation over the requests still to place. */
  readonly flow: number;
  /** Free (slot, table) cells: S·T minus the manual placements. */
  readonly cells: number;
  /** Requests still to place that have at least one common free slot. */
  readonly requests: number;
  /** Σ over slots of min(free tables, maximum matching of the requests possible in that slot). */
  readonly slotMatching: number;
}

export interface ScheduleResult {
  readonly slots: number;
  readonly tables: number;
  /** Kept manual placements and scheduled meetings, by slot then table. */
  readonly placements: readonly Placement[];
  readonly unplaced: readonly Unplaced[];
  readonly duplicates: readonly DuplicateRequest[];
  /** Manual placements that could not be kept; their requests were scheduled like the others. */
  readonly manualConflicts: readonly ManualConflict[];
  readonly placed: number;
  /** Proven upper bound on the number of requests any schedule can place. */
  readonly bound: number;
  readonly boundDetail: BoundDetail;
  /** 'exact' — no availability limits and no manual placements: placed = bound by construction. */
  readonly method: 'exact' | 'heuristic';
}

/** A schedule being edited by hand: the event, its requests and the current placements. */
export interface ScheduleState {
  readonly slots: number;
  readonly tables: number;
  readonly requests: readonly MeetingRequest[];
  readonly unavailable?: Unavailability;
  readonly placements: readonly Pick<Placement, 'requestId' | 'slot' | 'table'>[];
}

export type MoveCheck = { readonly ok: true } | { readonly ok: false; readonly conflicts: readonly MoveConflict[] };
