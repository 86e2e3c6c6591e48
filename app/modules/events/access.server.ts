/**
 * Who may see or manage a matchmaking event (对接会). Every events route starts
 * with one of these; an event the user may not see is a 404 (never confirm it exists).
 */
import type { Selectable } from 'kysely';
import { requireOrgMember, requireOrganizer, type GuardArgs, type OrganizerUser, type OrgMember } from '~/modules/auth/guards.server';
import { regionCovers } from '~/modules/regions/regions.server';
import { getDb } from '~/utils/db.server';
import { httpError } from '~/utils/errors';
import type { EventParticipantsTable, EventsTable } from '#db/schema';

export type EventRow = Selectable<EventsTable>;
export type ParticipantRow = Selectable<EventParticipantsTable>;

export async function findEvent(eventId: string): Promise<EventRow | undefined> {
  const db = await getDb();
  return db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
}

/** An organizer whose region covers the event's region: the one who manages it. */
export async function requireEventForOrganizer(args: GuardArgs, eventId: string): Promise<{ user: OrganizerUser; event: EventRow }> {
  const user = await requireOrganizer(args);
  const event = await findEvent(eventId);
  if (!event || !regionCovers(user.regionCode, event.region_code)) throw httpError(404, 'error.notFound');
  return { user, event };
}

export interface EventMemberAccess extends OrgMember {
  event: EventRow;
  /** the organization's participation, or null when it may still register (open event) */
  participant: ParticipantRow | null;
}

/** Whether an organization that is not (yet) a participant may register for the event. */
export function mayRegister(event: EventRow, org: OrgMember['org']): boolean {
  return (
    event.open_registration === 1 &&
    event.status === 'open' &&
    org.status === 'verified' &&
    regionCovers(event.region_code, org.region_code)
  );
}

/** The organization's participant row of the event, or null. */
async function participantOf(eventId: string, orgId: string): Promise<ParticipantRow | null> {
  const db = await getDb();
  return (
    (await db
      .selectFrom('event_participants')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('organization_id', '=', orgId)
      .executeTakeFirst()) ?? null
  );
}

/**
 * A bank officer or enterprise user looking at an event: their organization is
 * a participant (invited or registered), or the event is open for registration
 * to it. Drafts are never visible to participants.
 */
export async function requireEventForMember(args: GuardArgs, eventId: string): Promise<EventMemberAccess> {
  const member = await requireOrgMember(args);
  const event = await findEvent(eventId);
  if (!event || event.status === 'draft') throw httpError(404, 'error.notFound');
  const participant = await participantOf(event.id, member.org.id);
  if (!participant && !mayRegister(event, member.org)) throw httpError(404, 'error.notFound');
  return { ...member, event, participant };
}

/** As requireEventForMember, and the organization attends (accepted or registered). */
export async function requireAttendingMember(
  args: GuardArgs,
  eventId: string,
): Promise<EventMemberAccess & { participant: ParticipantRow }> {
  const access = await requireEventForMember(args, eventId);
  if (!access.participant || !isAttending(access.participant)) throw httpError(403, 'events.notAttending');
  return access as EventMemberAccess & { participant: ParticipantRow };
}

/**
 * For the register action only: as requireEventForMember, and also lets through
 * an organization that is not verified yet when the event is open for
 * registration in its region — so that it is told why it may not register
 * (403 events.register.notVerified from the module) instead of a bare 404.
 */
export async function requireMemberForRegistration(args: GuardArgs, eventId: string): Promise<EventMemberAccess> {
  const member = await requireOrgMember(args);
  const event = await findEvent(eventId);
  if (
    event &&
    event.status !== 'draft' &&
    member.org.status !== 'verified' &&
    event.open_registration === 1 &&
    regionCovers(event.region_code, member.org.region_code)
  ) {
    return { ...member, event, participant: await participantOf(event.id, member.org.id) };
  }
  return requireEventForMember(args, eventId);
}

export function isAttending(p: Pick<ParticipantRow, 'status'>): boolean {
  return p.status === 'accepted' || p.status === 'registered';
}
