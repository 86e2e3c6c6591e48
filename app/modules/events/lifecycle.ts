/**
 * The life cycle of a matchmaking event (对接会) as a pure transition table,
 * and the rules that depend on the status and the calendar. No database here:
 * events.server.ts applies these rules inside its transactions.
 *
 *   draft ──open──▶ open ──schedule──▶ scheduled ──hold──▶ held ──close──▶ closed
 *
 * - draft: only organizers see it; invitations may be prepared (no one is told).
 * - open: invitees are notified and answer; open registration applies; representatives are named.
 * - scheduled: the 1:1 meeting grid was computed (the scheduler page moves open → scheduled).
 * - held: the day has come; check-in and signings. closed: read-only.
 */
import type { EventStatus, ParticipantStatus } from '#db/schema';

export const EVENT_STATUSES = ['draft', 'open', 'scheduled', 'held', 'closed'] as const satisfies readonly EventStatus[];

/** Allowed moves: from → the statuses it may go to. Anything not listed is refused. */
export const TRANSITIONS: Readonly<Record<EventStatus, readonly EventStatus[]>> = {
  draft: ['open'],
  open: ['scheduled'],
  scheduled: ['held'],
  held: ['closed'],
  closed: [],
};

export function nextStatuses(from: EventStatus): readonly EventStatus[] {
  return TRANSITIONS[from] ?? [];
}

export function canTransition(from: EventStatus, to: EventStatus): boolean {
  return nextStatuses(from).includes(to);
}

export type TransitionError = 'events.transition.notAllowed' | 'events.transition.datePassed' | 'events.transition.notYet';

/**
 * Why `from → to` is refused, or null when it is allowed. Calendar rules: a
 * event whose date has passed cannot be opened; it cannot be marked held
 * before its date. `today` is the China-local date `YYYY-MM-DD`.
 */
export function transitionError(from: EventStatus, to: EventStatus, ctx: { today: string; eventDate: string }): TransitionError | null {
  if (!canTransition(from, to)) return 'events.transition.notAllowed';
  if (to === 'open' && ctx.eventDate < ctx.today) return 'events.transition.datePassed';
  if (to === 'held' && ctx.today < ctx.eventDate) return 'events.transition.notYet';
  return null;
}

/** The event's details (title, date, agenda …) may be edited. */
export function isEditable(status: EventStatus): boolean {
  return status === 'draft' || status === 'open' || status === 'scheduled';
}

/**
 * The organizer may still invite organizations (and toggle open registration). A
 * session recorded after it took place (补录) is held from the start: its
 * participants are added while it is held, without invitations.
 */
export function acceptsInvitations(status: EventStatus, recordedPast = false): boolean {
  if (recordedPast) return status === 'held';
  return status === 'draft' || status === 'open' || status === 'scheduled';
}

/** The registration deadline is inclusive: the whole deadline day counts. */
export function deadlinePassed(deadline: string, today: string): boolean {
  return today > deadline;
}

/** Invitees may accept or decline (and change their answer) while the event is open or scheduled, up to the deadline. */
export function answerError(status: EventStatus, deadline: string, today: string): 'events.answer.closed' | 'events.deadlinePassed' | null {
  if (status !== 'open' && status !== 'scheduled') return 'events.answer.closed';
  if (deadlinePassed(deadline, today)) return 'events.deadlinePassed';
  return null;
}

/** An organization registers itself only while the event is open (not yet scheduled), up to the deadline. */
export function registrationError(
  status: EventStatus,
  openRegistration: boolean,
  deadline: string,
  today: string,
): 'events.register.closed' | 'events.deadlinePassed' | null {
  if (status !== 'open' || !openRegistration) return 'events.register.closed';
  if (deadlinePassed(deadline, today)) return 'events.deadlinePassed';
  return null;
}

/**
 * Who may add or remove representatives: participants while they may answer
 * (open/scheduled, up to the deadline); the organizer until the event is
 * closed (late changes on the day are the organizer's to make).
 */
export function representativesError(
  status: EventStatus,
  deadline: string,
  today: string,
  by: 'organizer' | 'participant',
): 'events.reps.closed' | 'events.deadlinePassed' | null {
  if (by === 'organizer') return status === 'closed' ? 'events.reps.closed' : null;
  if (status !== 'open' && status !== 'scheduled') return 'events.reps.closed';
  if (deadlinePassed(deadline, today)) return 'events.deadlinePassed';
  return null;
}

export type Answer = 'accept' | 'decline';

/**
 * A participant's answer: invited → accepted/declined; an attending organization
 * may withdraw (→ declined); a declined one may change its mind (→ accepted).
 * Returns the new status or an error key.
 */
export function answerTransition(
  current: ParticipantStatus,
  answer: Answer,
): { ok: true; next: ParticipantStatus } | { ok: false; error: 'events.answer.already' } {
  if (answer === 'accept') {
    if (current === 'invited' || current === 'declined') return { ok: true, next: 'accepted' };
    return { ok: false, error: 'events.answer.already' };
  }
  if (current === 'invited' || current === 'accepted' || current === 'registered') return { ok: true, next: 'declined' };
  return { ok: false, error: 'events.answer.already' };
}

/** HH:MM → minutes after midnight; NaN when malformed. */
export function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

/** Minutes after midnight → HH:MM (wraps past midnight). */
export function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The start time of 0-based meeting slot `slot`. */
export function slotStart(firstSlotTime: string, slotMinutes: number, slot: number): string {
  return hhmm(minutesOf(firstSlotTime) + slot * slotMinutes);
}

/** The end of the last meeting slot, in minutes after midnight (may exceed 1440 when the grid does not fit). */
export function gridEndMinutes(grid: { firstSlotTime: string; slotCount: number; slotMinutes: number }): number {
  return minutesOf(grid.firstSlotTime) + grid.slotCount * grid.slotMinutes;
}

/** The organization takes part (accepted an invitation or registered itself); same rule as isAttending in access.server. */
export function isAttendingStatus(status: ParticipantStatus): boolean {
  return status === 'accepted' || status === 'registered';
}
