/**
 * The organizer's side of the 1:1 meeting grid: the pure scheduler
 * (./scheduler, decision record 012) wired to the database.
 *
 * - runSchedule: all accepted requests between attending organizations, their
 *   availability and the current manual placements → schedule(); in one
 *   transaction the placements are replaced (kept manual ones stay), the figures
 *   stored on the event, and the event moves open → scheduled.
 * - moveMeeting / swapMeetings: checked with validateManualMove / validateSwap
 *   against the stored grid, then saved as manual (pinned) placements.
 *
 * Every change first locks the event row (lockEvent) and compares the grid's
 * stamp with the one the organizer saw, so two organizers never overwrite each
 * other's moves unknowingly.
 */
import type { MeetingRequestStatus } from '#db/schema';
import { msg } from '~/i18n/translate';
import type { DB } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { agendaOf, scheduleStamp, slotTime, unplacedReasons, type AgendaItem, type PlacedMeeting, type UnplacedWhy } from './agenda';
import { inTransaction } from '~/utils/db.server';
import { activeUsersOf, notifyUsers } from '~/modules/notifications/notifications.server';
import { attendingOrganizations, lockEvent, placedMeetings, type EventRow } from './meetings.server';
import { agendaPath, currentMeetings, syncPublishedSchedule, writePublished } from './publish.server';
import { changeEventStatus } from './events.server';
import {
  assignDesks,
  deskConflict,
  schedule,
  scheduleFixedDesks,
  validateManualMove,
  validateMoves,
  validateSwap,
  type DeskMap,
  type MeetingRequest,
  type MoveConflict,
  type ScheduleState,
} from './scheduler';

/** The organizer may (re)schedule while the event is open or scheduled; draft is not ready, held/closed are frozen. */
function scheduleError(status: EventRow['status']): string | null {
  if (status === 'draft') return 'meetings.schedule.notOpen';
  if (status === 'held' || status === 'closed') return 'meetings.schedule.frozen';
  return null;
}

export interface AcceptedRequest extends MeetingRequest {
  enterpriseName: string;
  bankName: string;
  acceptedAt: string | null;
  /** both organizations still attend the event */
  attending: boolean;
}

/** Accepted requests of the event with names, and whether both sides still attend. */
export async function acceptedRequests(db: DB, eventId: string): Promise<AcceptedRequest[]> {
  const rows = await db
    .selectFrom('meeting_requests as r')
    .innerJoin('organizations as e', 'e.id', 'r.enterprise_org_id')
    .innerJoin('organizations as b', 'b.id', 'r.bank_org_id')
    .leftJoin('event_participants as pe', (j) =>
      j.onRef('pe.event_id', '=', 'r.event_id').onRef('pe.organization_id', '=', 'r.enterprise_org_id'),
    )
    .leftJoin('event_participants as pb', (j) =>
      j.onRef('pb.event_id', '=', 'r.event_id').onRef('pb.organization_id', '=', 'r.bank_org_id'),
    )
    .select([
      'r.id',
      'r.enterprise_org_id',
      'r.bank_org_id',
      'r.responded_at',
      'e.name as enterprise_name',
      'b.name as bank_name',
      'pe.status as pe_status',
      'pb.status as pb_status',
    ])
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'accepted')
    // request order = acceptance order: earlier accepted requests come first in the scheduler's tie-breaks
    .orderBy('r.responded_at')
    .orderBy('r.id')
    .execute();
  const attending = (s: string | null) => s === 'accepted' || s === 'registered';
  return rows.map((r) => ({
    id: r.id,
    enterpriseId: r.enterprise_org_id,
    bankId: r.bank_org_id,
    enterpriseName: r.enterprise_name,
    bankName: r.bank_name,
    acceptedAt: r.responded_at,
    attending: attending(r.pe_status) && attending(r.pb_status),
  }));
}

/** Unavailable slots (0-based) by organization. */
export async function unavailability(db: DB, eventId: string): Promise<Map<string, number[]>> {
  const rows = await db
    .selectFrom('event_unavailability')
    .select(['organization_id', 'slot'])
    .where('event_id', '=', eventId)
    .orderBy('slot')
    .execute();
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const list = out.get(r.organization_id);
    if (list) list.push(r.slot);
    else out.set(r.organization_id, [r.slot]);
  }
  return out;
}

/* ---------- the organizer's overview ---------- */

export type RequestCounts = Record<MeetingRequestStatus, number>;

export async function requestCounts(db: DB, eventId: string): Promise<RequestCounts> {
  const rows = await db
    .selectFrom('meeting_requests')
    .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('event_id', '=', eventId)
    .groupBy('status')
    .execute();
  const out: RequestCounts = { pending: 0, accepted: 0, declined: 0, withdrawn: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export interface EventRequestRow {
  id: string;
  enterpriseName: string;
  bankName: string;
  /** the side that asked */
  requestedBy: 'enterprise' | 'bank';
  status: MeetingRequestStatus;
  createdAt: string;
}

/** All requests of the event, optionally of one status, newest first, one page. */
export async function listEventRequests(
  db: DB,
  eventId: string,
  opts: { status?: MeetingRequestStatus; page: number; pageSize: number },
): Promise<{ rows: EventRequestRow[]; total: number }> {
  let base = db.selectFrom('meeting_requests as r').where('r.event_id', '=', eventId);
  if (opts.status) base = base.where('r.status', '=', opts.status);
  const [rows, total] = await Promise.all([
    base
      .innerJoin('organizations as e', 'e.id', 'r.enterprise_org_id')
      .innerJoin('organizations as b', 'b.id', 'r.bank_org_id')
      .select([
        'r.id',
        'r.enterprise_org_id',
        'r.requested_by_org_id',
        'r.status',
        'r.created_at',
        'e.name as enterprise_name',
        'b.name as bank_name',
      ])
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      enterpriseName: r.enterprise_name,
      bankName: r.bank_name,
      requestedBy: r.requested_by_org_id === r.enterprise_org_id ? 'enterprise' : 'bank',
      status: r.status,
      createdAt: r.created_at,
    })),
    total: Number(total.n),
  };
}

export interface UnplacedRow {
  requestId: string;
  enterpriseName: string;
  bankName: string;
  why: UnplacedWhy | { reason: 'not-attending' };
}

export interface GridView {
  meetings: PlacedMeeting[];
  accepted: AcceptedRequest[];
  unplaced: UnplacedRow[];
  stamp: string;
}

/** The stored grid with names, the accepted requests, why the others are not placed, and the grid's stamp. */
export async function loadGrid(db: DB, event: EventRow): Promise<GridView> {
  const [meetings, accepted, unavailable] = await Promise.all([
    placedMeetings(db, event.id),
    acceptedRequests(db, event.id),
    unavailability(db, event.id),
  ]);
  const live = accepted.filter((r) => r.attending);
  const reasons = unplacedReasons({
    slots: event.slot_count,
    tables: event.table_count,
    requests: live,
    unavailable,
    placements: meetings,
    scheduledAt: event.scheduled_at,
  });
  const placed = new Set(meetings.map((m) => m.requestId));
  const unplaced: UnplacedRow[] = [];
  for (const r of accepted) {
    if (placed.has(r.id)) continue;
    const why = r.attending ? reasons.get(r.id) : { reason: 'not-attending' as const };
    if (why) unplaced.push({ requestId: r.id, enterpriseName: r.enterpriseName, bankName: r.bankName, why });
  }
  return { meetings, accepted, unplaced, stamp: scheduleStamp(meetings) };
}

/* ---------- fixed bank desks (decision 029) ---------- */

export interface BankDesk {
  participantId: string;
  bankId: string;
  bankName: string;
  /** 0-based; null: no desk (more attending banks than tables) */
  desk: number | null;
}

/** The attending banks of the event and their desks, by desk then name. */
export async function listDesks(db: DB, eventId: string): Promise<BankDesk[]> {
  const rows = await db
    .selectFrom('event_participants as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.id', 'p.organization_id', 'o.name', 'p.desk_no'])
    .where('p.event_id', '=', eventId)
    .where('p.role', '=', 'bank')
    .where('p.status', 'in', ['accepted', 'registered'])
    .execute();
  return rows
    .map((r) => ({ participantId: r.id, bankId: r.organization_id, bankName: r.name, desk: r.desk_no }))
    .sort((a, b) => (a.desk ?? 1e9) - (b.desk ?? 1e9) || a.bankName.localeCompare(b.bankName, 'zh-CN'));
}

/**
 * Gives every attending bank a desk (kept desks stay; new banks take the lowest
 * free ones in name order) and frees the desks of banks no longer attending. The
 * caller holds the event's lock. Returns bank id → desk.
 */
export async function ensureDesks(trx: DB, event: Pick<EventRow, 'id' | 'table_count'>): Promise<Map<string, number>> {
  await trx
    .updateTable('event_participants')
    .set({ desk_no: null })
    .where('event_id', '=', event.id)
    .where((eb) =>
      eb.or([eb('role', '!=', 'bank'), eb('status', 'not in', ['accepted', 'registered']), eb('desk_no', '>=', event.table_count)]),
    )
    .where('desk_no', 'is not', null)
    .execute();
  const banks = (await listDesks(trx, event.id)).sort(
    (a, b) => a.bankName.localeCompare(b.bankName, 'zh-CN') || a.bankId.localeCompare(b.bankId),
  );
  const kept = new Map<string, number>();
  for (const b of banks) if (b.desk !== null) kept.set(b.bankId, b.desk);
  const desks = assignDesks(
    banks.map((b) => b.bankId),
    event.table_count,
    kept,
  );
  for (const b of banks) {
    const d = desks.get(b.bankId) ?? null;
    if (d !== b.desk) await trx.updateTable('event_participants').set({ desk_no: d }).where('id', '=', b.participantId).execute();
  }
  return desks;
}

/**
 * The organizer gives a bank another desk; a bank already there takes the first
 * bank's old desk (a swap). Placed meetings follow their banks' desks.
 */
export async function setBankDesk(db: DB, eventId: string, input: { participantId: string; desk: number }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    if (event.status === 'closed') throw new AppError(409, 'meetings.schedule.frozen');
    if (!Number.isInteger(input.desk) || input.desk < 0 || input.desk >= event.table_count)
      throw new AppError(400, msg('meetings.conflict.tableOutOfRange', { table: input.desk + 1, tables: event.table_count }), {
        field: 'desk',
      });
    await ensureDesks(trx, event);
    const banks = await listDesks(trx, eventId);
    const me = banks.find((b) => b.participantId === input.participantId);
    if (!me) throw new AppError(404, 'error.notFound');
    if (me.desk === input.desk) return;
    const other = banks.find((b) => b.desk === input.desk);
    // free both desks first: the (event, desk) index is unique
    await trx
      .updateTable('event_participants')
      .set({ desk_no: null })
      .where('id', 'in', [me.participantId, ...(other ? [other.participantId] : [])])
      .execute();
    await trx.updateTable('event_participants').set({ desk_no: input.desk }).where('id', '=', me.participantId).execute();
    if (other) await trx.updateTable('event_participants').set({ desk_no: me.desk }).where('id', '=', other.participantId).execute();
    await followDesks(trx, eventId);
    await syncPublishedSchedule(trx, eventId);
  });
}

/**
 * The desk signs to print: every attending bank with its desk (1-based). Banks not yet
 * given a desk are shown at the desk the next scheduling run would give them (nothing
 * is written on a download); banks beyond the number of tables are left out.
 */
export async function deskSigns(db: DB, event: Pick<EventRow, 'id' | 'table_count'>): Promise<{ desk: number; bankName: string }[]> {
  const banks = await listDesks(db, event.id);
  const kept = new Map<string, number>();
  for (const b of banks) if (b.desk !== null && b.desk < event.table_count) kept.set(b.bankId, b.desk);
  const byName = [...banks].sort((x, y) => x.bankName.localeCompare(y.bankName, 'zh-CN') || x.bankId.localeCompare(y.bankId));
  const desks = assignDesks(
    byName.map((b) => b.bankId),
    event.table_count,
    kept,
  );
  return banks
    .filter((b) => desks.has(b.bankId))
    .map((b) => ({ desk: desks.get(b.bankId)! + 1, bankName: b.bankName }))
    .sort((x, y) => x.desk - y.desk);
}

/** Moves every placed meeting of a fixed-desk event to its bank's desk (after desks changed). */
async function followDesks(trx: DB, eventId: string): Promise<void> {
  const desks = new Map((await listDesks(trx, eventId)).filter((b) => b.desk !== null).map((b) => [b.bankId, b.desk!]));
  const rows = await trx
    .selectFrom('meeting_placements as m')
    .innerJoin('meeting_requests as r', 'r.id', 'm.request_id')
    .select(['m.request_id', 'm.slot', 'm.table_no', 'm.manual', 'm.placed_at', 'r.bank_org_id'])
    .where('m.event_id', '=', eventId)
    .execute();
  const moved = rows.filter((r) => desks.get(r.bank_org_id) !== r.table_no);
  if (moved.length === 0) return;
  await trx
    .deleteFrom('meeting_placements')
    .where(
      'request_id',
      'in',
      moved.map((r) => r.request_id),
    )
    .execute();
  const back = moved.filter((r) => desks.has(r.bank_org_id));
  if (back.length) {
    await trx
      .insertInto('meeting_placements')
      .values(
        back.map((r) => ({
          request_id: r.request_id,
          event_id: eventId,
          slot: r.slot,
          table_no: desks.get(r.bank_org_id)!,
          manual: r.manual,
          placed_at: r.placed_at,
        })),
      )
      .execute();
  }
}

/* ---------- running the scheduler ---------- */

export interface RunSummary {
  placed: number;
  bound: number;
  /** accepted requests between attending organizations (the scheduler's input) */
  accepted: number;
  manualKept: number;
  /** manual placements that no longer fit (availability changed …): their requests were scheduled like the others */
  manualDropped: number;
}

/**
 * Runs the scheduler and stores its grid; an open event becomes scheduled (through
 * the life cycle's changeEventStatus, in the same transaction). Throws AppError 404 / 409.
 */
export async function runSchedule(db: DB, eventId: string, user: { id: string; regionCode: string | null }): Promise<RunSummary> {
  return inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    const refused = scheduleError(event.status);
    if (refused) throw new AppError(409, refused);
    const [accepted, unavailable, manualRows] = await Promise.all([
      acceptedRequests(trx, eventId),
      unavailability(trx, eventId),
      trx
        .selectFrom('meeting_placements')
        .select(['request_id', 'slot', 'table_no'])
        .where('event_id', '=', eventId)
        .where('manual', '=', 1)
        .orderBy('placed_at')
        .orderBy('request_id')
        .execute(),
    ]);
    const requests = accepted.filter((r) => r.attending).map(({ id, enterpriseId, bankId }) => ({ id, enterpriseId, bankId }));
    const input = {
      slots: event.slot_count,
      tables: event.table_count,
      requests,
      unavailable,
      manual: manualRows.map((m) => ({ requestId: m.request_id, slot: m.slot, table: m.table_no })),
    };
    const result = event.desk_mode === 'fixed' ? scheduleFixedDesks(input, await ensureDesks(trx, event)) : schedule(input);
    const now = nowIso();
    const kept = result.placements.filter((p) => p.manual).map((p) => p.requestId);
    // Everything but the kept manual placements goes; the new grid does not collide with them by construction.
    let del = trx.deleteFrom('meeting_placements').where('event_id', '=', eventId);
    if (kept.length) del = del.where('request_id', 'not in', kept);
    await del.execute();
    const fresh = result.placements
      .filter((p) => !p.manual)
      .map((p) => ({ request_id: p.requestId, event_id: eventId, slot: p.slot, table_no: p.table, manual: 0, placed_at: now }));
    for (let i = 0; i < fresh.length; i += 200)
      await trx
        .insertInto('meeting_placements')
        .values(fresh.slice(i, i + 200))
        .execute();
    if (event.status === 'open') await changeEventStatus(trx, event, 'scheduled', user);
    const upd = await trx
      .updateTable('events')
      .set({ schedule_placed: result.placed, schedule_bound: result.bound, scheduled_at: now, updated_at: now })
      .where('id', '=', eventId)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    if (Number(upd.numUpdatedRows) !== 1) throw new AppError(409, 'meetings.schedule.frozen');
    // a published schedule: those whose meetings moved, appeared or went away hear of it (the draft before publishing: nobody)
    await syncPublishedSchedule(trx, eventId, now);
    return {
      placed: result.placed,
      bound: result.bound,
      accepted: requests.length,
      manualKept: kept.length,
      manualDropped: result.manualConflicts.length,
    };
  });
}

/* ---------- moves by hand ---------- */

/** Conflicts of a move by hand: a 409 listing every conflict on the form (nothing was changed). */
function conflictError(errors: string[]): AppError {
  return new AppError(409, errors[0] ?? 'meetings.conflict.unknownRequest', { formErrors: errors });
}

interface EditContext {
  /** fixed-desk events: bank id → desk */
  desks: DeskMap | null;
  event: EventRow;
  state: ScheduleState;
  meetings: PlacedMeeting[];
  accepted: AcceptedRequest[];
}

/** Locks the event, checks it may change and that the grid is the one the organizer saw. */
async function editContext(trx: DB, eventId: string, stamp: string): Promise<EditContext> {
  const event = await lockEvent(trx, eventId);
  if (!event) throw new AppError(404, 'error.notFound');
  const refused = scheduleError(event.status);
  if (refused) throw new AppError(409, refused);
  const [meetings, accepted, unavailable] = await Promise.all([
    placedMeetings(trx, eventId),
    acceptedRequests(trx, eventId),
    unavailability(trx, eventId),
  ]);
  if (scheduleStamp(meetings) !== stamp) throw new AppError(409, 'meetings.schedule.stale');
  const requests = accepted.filter((r) => r.attending).map(({ id, enterpriseId, bankId }) => ({ id, enterpriseId, bankId }));
  return {
    desks: event.desk_mode === 'fixed' ? await ensureDesks(trx, event) : null,
    event,
    meetings,
    accepted,
    state: {
      slots: event.slot_count,
      tables: event.table_count,
      requests,
      unavailable,
      placements: meetings.map((m) => ({ requestId: m.requestId, slot: m.slot, table: m.table })),
    },
  };
}

/** Conflicts in words (encoded i18n keys): names of the organizations, times of the slots, the meetings in the way. */
export function conflictMessages(ctx: Pick<EditContext, 'event' | 'meetings' | 'accepted'>, conflicts: readonly MoveConflict[]): string[] {
  const names = new Map<string, string>();
  const label = new Map<string, string>();
  for (const r of ctx.accepted) {
    names.set(r.enterpriseId, r.enterpriseName);
    names.set(r.bankId, r.bankName);
    label.set(r.id, `${r.enterpriseName} — ${r.bankName}`);
  }
  const time = (slot: number) => slotTime(ctx.event.first_slot_time, ctx.event.slot_minutes, slot).start;
  const out: string[] = [];
  for (const c of conflicts) {
    switch (c.kind) {
      case 'unknown-request':
        out.push('meetings.conflict.unknownRequest');
        break;
      case 'already-placed':
        out.push('meetings.conflict.unknownRequest');
        break;
      case 'slot-out-of-range':
        out.push(msg('meetings.conflict.slotOutOfRange', { slot: c.slot + 1, slots: ctx.event.slot_count }));
        break;
      case 'table-out-of-range':
        out.push(msg('meetings.conflict.tableOutOfRange', { table: c.table + 1, tables: ctx.event.table_count }));
        break;
      case 'participant-unavailable':
        out.push(msg('meetings.conflict.unavailable', { name: names.get(c.participantId) ?? '', slot: c.slot + 1, time: time(c.slot) }));
        break;
      case 'participant-busy':
        out.push(
          msg('meetings.conflict.busy', {
            name: names.get(c.participantId) ?? '',
            slot: c.slot + 1,
            time: time(c.slot),
            other: label.get(c.requestId) ?? '',
          }),
        );
        break;
      case 'table-taken':
        out.push(
          msg('meetings.conflict.tableTaken', {
            slot: c.slot + 1,
            time: time(c.slot),
            table: c.table + 1,
            other: label.get(c.requestId) ?? '',
          }),
        );
        break;
      case 'not-bank-desk':
        out.push(msg('meetings.conflict.notBankDesk', { name: names.get(c.bankId) ?? '', table: c.table + 1, desk: c.desk + 1 }));
        break;
      case 'no-desk':
        out.push(msg('meetings.conflict.noDesk', { name: names.get(c.bankId) ?? '' }));
        break;
    }
  }
  return [...new Set(out)];
}

async function pin(trx: DB, eventId: string, moves: readonly { requestId: string; slot: number; table: number }[]): Promise<void> {
  const now = nowIso();
  // delete first, then insert: a swap would otherwise collide with the unique (event, slot, table) cell
  await trx
    .deleteFrom('meeting_placements')
    .where(
      'request_id',
      'in',
      moves.map((m) => m.requestId),
    )
    .execute();
  await trx
    .insertInto('meeting_placements')
    .values(moves.map((m) => ({ request_id: m.requestId, event_id: eventId, slot: m.slot, table_no: m.table, manual: 1, placed_at: now })))
    .execute();
}

/**
 * Moves a meeting (or places an accepted one that has no cell) to (slot, table),
 * both 0-based, and pins it. Conflicts throw AppError 409 with every conflict
 * in `formErrors`; nothing is changed then.
 */
export async function moveMeeting(
  db: DB,
  eventId: string,
  input: { requestId: string; slot: number; table: number; stamp: string },
): Promise<void> {
  return inTransaction(db, async (trx) => {
    const ctx = await editContext(trx, eventId, input.stamp);
    // fixed desks: the meeting goes to its bank's desk whatever table was chosen
    const bankId = ctx.state.requests.find((r) => r.id === input.requestId)?.bankId;
    const desk = ctx.desks && bankId ? ctx.desks.get(bankId) : undefined;
    if (ctx.desks && bankId && desk === undefined)
      throw conflictError(conflictMessages(ctx, [deskConflict(ctx.desks, bankId, input.table)!]));
    const table = desk ?? input.table;
    const check = validateManualMove(ctx.state, input.requestId, input.slot, table);
    if (!check.ok) throw conflictError(conflictMessages(ctx, check.conflicts));
    await pin(trx, eventId, [{ requestId: input.requestId, slot: input.slot, table }]);
    await syncPublishedSchedule(trx, eventId);
  });
}

/** Swaps the cells of two placed meetings and pins both. Conflicts throw AppError 409 (as `moveMeeting`), nothing changed. */
export async function swapMeetings(db: DB, eventId: string, input: { requestA: string; requestB: string; stamp: string }): Promise<void> {
  return inTransaction(db, async (trx) => {
    const ctx = await editContext(trx, eventId, input.stamp);
    const a = ctx.meetings.find((m) => m.requestId === input.requestA);
    const b = ctx.meetings.find((m) => m.requestId === input.requestB);
    // fixed desks: the two meetings swap their slots, each stays at its bank's desk
    const moves =
      a && b && ctx.desks
        ? [
            { requestId: a.requestId, slot: b.slot, table: a.table },
            { requestId: b.requestId, slot: a.slot, table: b.table },
          ]
        : a && b
          ? [
              { requestId: a.requestId, slot: b.slot, table: b.table },
              { requestId: b.requestId, slot: a.slot, table: a.table },
            ]
          : null;
    const check = moves && ctx.desks ? validateMoves(ctx.state, moves) : validateSwap(ctx.state, input.requestA, input.requestB);
    if (!check.ok || !moves) throw conflictError(check.ok ? ['meetings.conflict.unknownRequest'] : conflictMessages(ctx, check.conflicts));
    await pin(trx, eventId, moves);
    await syncPublishedSchedule(trx, eventId);
  });
}

/** Unpins a placement: the next run may move it again. A meeting not placed throws AppError 409. */
export async function releaseMeeting(db: DB, eventId: string, input: { requestId: string; stamp: string }): Promise<void> {
  return inTransaction(db, async (trx) => {
    const ctx = await editContext(trx, eventId, input.stamp);
    if (!ctx.meetings.some((m) => m.requestId === input.requestId)) throw conflictError(['meetings.conflict.unknownRequest']);
    await trx
      .updateTable('meeting_placements')
      .set({ manual: 0 })
      .where('request_id', '=', input.requestId)
      .where('event_id', '=', eventId)
      .execute();
  });
}

/* ---------- publishing (issue 16, decision 036a) ---------- */

/**
 * Publishes the session's schedule once the scheduler has run (an open session
 * becomes scheduled, through the life cycle, in the same transaction). Notifies every
 * attending organization. Throws AppError 404, 409 (never scheduled, already
 * published, held or closed).
 */
export async function publishSchedule(
  db: DB,
  eventId: string,
  user: { id: string; regionCode: string | null },
): Promise<{ organizations: number; meetings: number }> {
  return inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    if (event.status === 'held' || event.status === 'closed') throw new AppError(409, 'meetings.schedule.frozen');
    if (event.scheduled_at === null || (event.status !== 'scheduled' && event.status !== 'open'))
      throw new AppError(409, 'meetings.publish.notScheduled');
    if (event.schedule_published_at !== null) throw new AppError(409, 'meetings.publish.already');
    if (event.status === 'open') await changeEventStatus(trx, event, 'scheduled', user);
    const now = nowIso();
    const res = await trx
      .updateTable('events')
      .set({ schedule_published_at: now })
      .where('id', '=', eventId)
      .where('schedule_published_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'meetings.publish.already');
    const meetings = await currentMeetings(trx, event);
    await trx.deleteFrom('published_meetings').where('event_id', '=', eventId).execute();
    await writePublished(trx, eventId, meetings);
    const attending = await attendingOrganizations(trx, eventId);
    await notifyUsers(
      trx,
      await activeUsersOf(
        trx,
        attending.map((o) => o.id),
      ),
      'event.scheduled',
      { title: event.title, date: event.event_date },
      agendaPath(eventId),
      now,
    );
    return { organizations: attending.length, meetings: meetings.length };
  });
}

/* ---------- an organization's agenda, as its representatives carry it ---------- */

export interface MemberAgenda {
  published: boolean;
  items: AgendaItem[];
  /** the organization's representatives, with their personal agenda link's token */
  representatives: { name: string; title: string; agendaToken: string | null }[];
}

/** The organization's agenda in the session once published (empty before), and who represents it. */
export async function memberAgenda(db: DB, event: EventRow, orgId: string): Promise<MemberAgenda> {
  const representatives = await db
    .selectFrom('event_representatives')
    .select(['name', 'title', 'agenda_token as agendaToken'])
    .where('event_id', '=', event.id)
    .where('organization_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (event.schedule_published_at === null) return { published: false, items: [], representatives };
  return {
    published: true,
    items: agendaOf(orgId, await placedMeetings(db, event.id, { orgId }), event),
    representatives,
  };
}

/**
 * A representative's own agenda by the token of their personal link (no sign-in):
 * the event, the representative, their organization and its agenda. Undefined when
 * the token is unknown, the session is a draft, or the organization no longer attends.
 */
export async function personalAgenda(
  db: DB,
  token: string,
): Promise<{ event: EventRow; representative: { name: string; title: string }; orgName: string; agenda: MemberAgenda } | undefined> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
  const rep = await db
    .selectFrom('event_representatives as r')
    .innerJoin('event_participants as p', 'p.id', 'r.participant_id')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .select(['r.event_id', 'r.organization_id', 'r.name', 'r.title', 'o.name as org_name', 'p.status'])
    .where('r.agenda_token', '=', token)
    .executeTakeFirst();
  if (!rep || (rep.status !== 'accepted' && rep.status !== 'registered')) return undefined;
  const event = await db.selectFrom('events').selectAll().where('id', '=', rep.event_id).executeTakeFirst();
  if (!event || event.status === 'draft') return undefined;
  const agenda = await memberAgenda(db, event, rep.organization_id);
  return { event, representative: { name: rep.name, title: rep.title }, orgName: rep.org_name, agenda };
}
