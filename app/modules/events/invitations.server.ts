/**
 * Who takes part in an event: the organizer's invitations (with suggestions
 * from published needs and matching products), open registration, and the
 * invitees' answers. Participants are event_participants rows:
 * invited → accepted | declined; registered (joined an open event itself).
 *
 * Government departments are added as accepted at once: their people have no
 * bank/enterprise login to answer with, the organizer speaks for them.
 */
import { sql } from 'kysely';
import type { EventStatus, OrgKind, ParticipantRole, ParticipantStatus } from '#db/schema';
import { createProductIndex, rankProductsForNeed } from '~/modules/matching';
import { coveringCodes, loadMatchContext, loadPublishedProducts, loadRecentNeedsForMatch } from '~/modules/matching/queries.server';
import { todayInChina } from '~/modules/calendar/working-days';
import { regionCovers, regionPrefix } from '~/modules/regions/regions.server';
import { uniqueViolation } from '~/utils/db-errors';
import type { DB } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import { mayRegister, type EventRow } from './access.server';
import { acceptsInvitations, answerError, answerTransition, registrationError, type Answer } from './lifecycle';
import { notifyOrganizations, notifyUsers } from './notify.server';
import { inTransaction } from '~/utils/db.server';
import { precompiled } from '~/utils/precompiled.server';
import { lockEvent } from './events.server';
import { promoteWaiting } from './waitlist.server';

const ROLE_OF: Record<OrgKind, ParticipantRole> = { bank: 'bank', enterprise: 'enterprise', government: 'government' };

/** A random token for the organization's check-in QR code (two ids: 160 random bits). */
export function newCheckinToken(): string {
  return newId() + newId();
}

/* ---------- eligibility ---------- */

/**
 * Organizations that may be invited to an event of `regionCode`: verified, and
 * located in the region, in a region above it (a city's bank for a county's
 * event), or a bank serving such a region (bank_regions).
 */
function eligibleOrgs(db: DB, regionCode: string) {
  const prefix = regionPrefix(regionCode);
  const above = coveringCodes(regionCode);
  return db
    .selectFrom('organizations as o')
    .where('o.status', '=', 'verified')
    .where((eb) =>
      eb.or([
        eb('o.region_code', 'like', `${prefix}%`),
        eb('o.region_code', 'in', above),
        eb.exists(
          eb
            .selectFrom('bank_regions as br')
            .select('br.organization_id')
            .whereRef('br.organization_id', '=', 'o.id')
            .where((b) => b.or([b('br.region_code', 'like', `${prefix}%`), b('br.region_code', 'in', above)])),
        ),
      ]),
    );
}

export interface CandidateOrg {
  id: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
}

/** Organizations the organizer may still invite (not yet participants), by kind, optionally filtered by name. */
export async function invitationCandidates(
  db: DB,
  event: Pick<EventRow, 'id' | 'region_code'>,
  opts: { kind: OrgKind; q?: string; limit?: number },
): Promise<CandidateOrg[]> {
  let q = eligibleOrgs(db, event.region_code)
    .where('o.kind', '=', opts.kind)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('event_participants as p')
            .select('p.id')
            .whereRef('p.organization_id', '=', 'o.id')
            .where('p.event_id', '=', event.id),
        ),
      ),
    );
  const term = (opts.q ?? '').trim().slice(0, 50);
  if (term) q = q.where('o.name', 'like', `%${term.replace(/[%_\\]/g, '')}%`);
  const rows = await q
    .select(['o.id', 'o.name', 'o.kind', 'o.region_code'])
    .orderBy('o.region_code')
    .orderBy('o.name')
    .limit(opts.limit ?? 100)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, regionCode: r.region_code }));
}

/* ---------- suggestions ---------- */

export interface EnterpriseSuggestion {
  id: string;
  name: string;
  regionCode: string;
  financingNeeds: number;
  /** 元, sum of the published financing needs */
  financingAmount: number;
  hiringNeeds: number;
  headcount: number;
}

export interface BankSuggestion {
  id: string;
  name: string;
  /** published needs of the region for which one of the bank's products ranks among the best three */
  matchedNeeds: number;
  /** product names that matched, best first (at most three) */
  products: string[];
  /** the bank offers employment-linked products (稳岗贷 …) in the region and enterprises there post hiring needs */
  employmentLinked: boolean;
}

/** How many of the newest published needs feed the bank suggestions (keeps the page fast on big regions). */
export const SUGGESTION_NEEDS_LIMIT = 300;
const SUGGESTION_PRODUCTS_LIMIT = 3000;

/**
 * Suggestions for the invitation page, leaving out organizations already taking
 * part: enterprises with published financing or hiring needs in the region;
 * banks whose published products rank among the top three for those needs
 * (the matching engine, ~/modules/matching), or that offer employment-linked
 * products where enterprises are hiring.
 */
export async function invitationSuggestions(
  db: DB,
  event: Pick<EventRow, 'id' | 'region_code'>,
  limit = 10,
): Promise<{ enterprises: EnterpriseSuggestion[]; banks: BankSuggestion[] }> {
  const prefix = regionPrefix(event.region_code);
  const participants = new Set(
    (await db.selectFrom('event_participants').select('organization_id').where('event_id', '=', event.id).execute()).map(
      (p) => p.organization_id,
    ),
  );

  const [financing, hiring] = await Promise.all([
    publishedNeedsPerEnterprise(db, 'financing', prefix),
    publishedNeedsPerEnterprise(db, 'hiring', prefix),
  ]);
  const ents = new Map<string, EnterpriseSuggestion>();
  const entry = (r: { id: string; name: string; region_code: string }) => {
    let e = ents.get(r.id);
    if (!e)
      ents.set(
        r.id,
        (e = { id: r.id, name: r.name, regionCode: r.region_code, financingNeeds: 0, financingAmount: 0, hiringNeeds: 0, headcount: 0 }),
      );
    return e;
  };
  for (const r of financing) Object.assign(entry(r), { financingNeeds: Number(r.n), financingAmount: Number(r.total ?? 0) });
  for (const r of hiring) Object.assign(entry(r), { hiringNeeds: Number(r.n), headcount: Number(r.total ?? 0) });
  const enterprises = [...ents.values()]
    .filter((e) => !participants.has(e.id))
    .sort(
      (a, b) =>
        b.financingNeeds + b.hiringNeeds - (a.financingNeeds + a.hiringNeeds) ||
        b.financingAmount - a.financingAmount ||
        a.name.localeCompare(b.name, 'zh-CN'),
    )
    .slice(0, limit);

  const banks = await bankSuggestions(db, event.region_code, participants, hiring.length > 0, limit);
  return { enterprises, banks };
}

/** Verified enterprises with published needs of one kind in the region: how many, and their amount (financing) or headcount (hiring). */
function publishedNeedsPerEnterprise(db: DB, kind: 'financing' | 'hiring', prefix: string) {
  return (kind === 'financing' ? db.selectFrom('financing_needs as n') : db.selectFrom('hiring_needs as n'))
    .innerJoin('organizations as o', 'o.id', 'n.organization_id')
    .select([
      'o.id',
      'o.name',
      'o.region_code',
      (eb) => eb.fn.countAll<string | number>().as('n'),
      (eb) => eb.fn.sum<string | number>(sql.ref(kind === 'financing' ? 'n.amount' : 'n.total_headcount')).as('total'),
    ])
    .where('n.status', '=', 'published')
    .where('n.region_code', 'like', `${prefix}%`)
    .where('o.status', '=', 'verified')
    .groupBy(['o.id', 'o.name', 'o.region_code'])
    .execute();
}

async function bankSuggestions(
  db: DB,
  regionCode: string,
  exclude: Set<string>,
  anyHiring: boolean,
  limit: number,
): Promise<BankSuggestion[]> {
  const prefix = regionPrefix(regionCode);
  const [needs, ctx, productIds] = await Promise.all([
    loadRecentNeedsForMatch(db, prefix, SUGGESTION_NEEDS_LIMIT),
    loadMatchContext(db),
    db
      .selectFrom('product_regions as r')
      .innerJoin('loan_products as p', 'p.id', 'r.product_id')
      .select('r.product_id')
      .distinct()
      .where('p.status', '=', 'published')
      .where((eb) => eb.or([eb('r.region_code', 'like', `${prefix}%`), eb('r.region_code', 'in', coveringCodes(regionCode))]))
      .limit(SUGGESTION_PRODUCTS_LIMIT)
      .execute(),
  ]);
  if (productIds.length === 0) return [];
  const products = await loadPublishedProducts(db, { ids: productIds.map((p) => p.product_id) });
  const index = createProductIndex(products, ctx);
  const tally = new Map<string, { needs: number; products: Map<string, number> }>();
  for (const need of needs) {
    const seenBanks = new Set<string>();
    for (const m of rankProductsForNeed(need, index, ctx, { limit: 3, explain: false })) {
      let t = tally.get(m.bankId);
      if (!t) tally.set(m.bankId, (t = { needs: 0, products: new Map() }));
      if (!seenBanks.has(m.bankId)) {
        t.needs++;
        seenBanks.add(m.bankId);
      }
      t.products.set(m.product.name, (t.products.get(m.product.name) ?? 0) + 1);
    }
  }
  const linkedBanks = new Set(anyHiring ? products.filter((p) => p.employmentLinked).map((p) => p.bankId) : []);
  const bankIds = [...new Set([...tally.keys(), ...linkedBanks])].filter((id) => !exclude.has(id));
  if (bankIds.length === 0) return [];
  const names = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', 'in', bankIds)
    .where('kind', '=', 'bank')
    .where('status', '=', 'verified')
    .execute();
  return names
    .map((b) => {
      const t = tally.get(b.id);
      return {
        id: b.id,
        name: b.name,
        matchedNeeds: t?.needs ?? 0,
        products: t
          ? [...t.products.entries()]
              .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0], 'zh-CN'))
              .slice(0, 3)
              .map(([n]) => n)
          : [],
        employmentLinked: linkedBanks.has(b.id),
      };
    })
    .sort(
      (a, b) =>
        b.matchedNeeds - a.matchedNeeds || Number(b.employmentLinked) - Number(a.employmentLinked) || a.name.localeCompare(b.name, 'zh-CN'),
    )
    .slice(0, limit);
}

/* ---------- the organizer's writes ---------- */

/**
 * Invites organizations (all or nothing). Each must be eligible (verified, of
 * the region); already attending or invited ones are left as they are, a
 * declined one is invited again. Banks and enterprises are notified unless the
 * event is still a draft (they are told when it opens).
 */
export async function inviteOrganizations(
  db: DB,
  organizer: { id: string },
  eventId: string,
  orgIds: readonly string[],
): Promise<{ invited: number; unchanged: number }> {
  const ids = [...new Set(orgIds)];
  return inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    if (!acceptsInvitations(event.status, event.recorded_past === 1)) throw new AppError(409, 'events.invite.closed');
    // a session recorded after it took place: the organizations attended, nobody is told
    const past = event.recorded_past === 1;
    const orgs = await eligibleOrgs(trx, event.region_code).where('o.id', 'in', ids).select(['o.id', 'o.kind', 'o.name']).execute();
    if (orgs.length !== ids.length) throw new AppError(400, 'events.v.orgNotEligible', { field: 'orgIds' });
    const existing = await trx
      .selectFrom('event_participants')
      .select(['id', 'organization_id', 'status'])
      .where('event_id', '=', eventId)
      .where('organization_id', 'in', ids)
      .execute();
    const byOrg = new Map(existing.map((p) => [p.organization_id, p]));
    const now = nowIso();
    const notify: string[] = [];
    let invited = 0;
    for (const o of orgs) {
      const role = ROLE_OF[o.kind];
      const answered = role === 'government' || past;
      const status: ParticipantStatus = answered ? 'accepted' : 'invited';
      const p = byOrg.get(o.id);
      if (p && p.status !== 'declined') continue;
      await admitParticipant(trx, eventId, o.id, p?.id ?? null, now, {
        role,
        status,
        invited_by: organizer.id,
        responded_by: answered ? organizer.id : null,
        responded_at: answered ? now : null,
      });
      invited++;
      if (!answered) notify.push(o.id);
    }
    if (event.status !== 'draft' && notify.length)
      await notifyOrganizations(trx, notify, 'event.invited', { title: event.title, date: event.event_date }, `/events/${eventId}`, now);
    return { invited, unchanged: ids.length - invited };
  });
}

/**
 * Lets an organization in: its declined row takes the new answer (the row is
 * only touched while still declined), or it gets a new participant row with
 * its check-in code. `invited_by` is kept on a declined row unless given.
 */
async function admitParticipant(
  trx: DB,
  eventId: string,
  orgId: string,
  declinedId: string | null,
  now: string,
  row: { role: ParticipantRole; status: ParticipantStatus; invited_by?: string; responded_by: string | null; responded_at: string | null },
): Promise<void> {
  const { role, ...answer } = row;
  if (declinedId) {
    await trx.updateTable('event_participants').set(answer).where('id', '=', declinedId).where('status', '=', 'declined').execute();
  } else {
    await trx
      .insertInto('event_participants')
      .values({
        id: newId(),
        event_id: eventId,
        organization_id: orgId,
        role,
        invited_by: null,
        ...answer,
        checkin_token: newCheckinToken(),
        created_at: now,
      })
      .execute();
  }
}

/** The organization's participant row of the event (id and status), if any. */
function participantOf(trx: DB, eventId: string, orgId: string) {
  return trx
    .selectFrom('event_participants')
    .select(['id', 'status'])
    .where('event_id', '=', eventId)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
}

/** Withdraws an invitation nobody answered yet (the row goes away). */
export async function withdrawInvitation(db: DB, eventId: string, participantId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw new AppError(404, 'error.notFound');
    const p = await trx
      .selectFrom('event_participants')
      .select(['id', 'status'])
      .where('id', '=', participantId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!p) throw new AppError(404, 'error.notFound');
    if (p.status !== 'invited') throw new AppError(409, 'events.invite.answered');
    await trx.deleteFrom('event_participants').where('id', '=', p.id).where('status', '=', 'invited').execute();
  });
}

/** Turns open registration on or off (draft, open or scheduled events), based on `version`. */
export async function setOpenRegistration(db: DB, eventId: string, open: boolean, version: number): Promise<{ version: number }> {
  return inTransaction(db, async (trx) => {
    const event = await trx.selectFrom('events').select(['status', 'version']).where('id', '=', eventId).executeTakeFirst();
    if (!event) throw new AppError(404, 'error.notFound');
    if (!acceptsInvitations(event.status)) throw new AppError(409, 'events.invite.closed');
    const res = await trx
      .updateTable('events')
      .set({ open_registration: open ? 1 : 0, version: sql`version + 1`, updated_at: nowIso() })
      .where('id', '=', eventId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'events.stale');
    return { version: version + 1 };
  });
}

/* ---------- the participants' writes ---------- */

export interface ActingMember {
  userId: string;
  org: { id: string; kind: OrgKind; status: 'pending' | 'verified' | 'rejected'; name: string; region_code: string };
}

/**
 * An invitee accepts or declines (or changes its answer) up to the deadline.
 * Declining drops the organization's representatives and waiting entries (their
 * places go to the first waiting ones). The event's organizer is notified.
 */
export async function answerInvitation(db: DB, member: ActingMember, eventId: string, answer: Answer): Promise<ParticipantStatus> {
  return inTransaction(db, async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event || event.status === 'draft') throw new AppError(404, 'error.notFound');
    const p = await participantOf(trx, eventId, member.org.id);
    if (!p) throw new AppError(404, 'error.notFound');
    const closed = answerError(event.status, event.registration_deadline, todayInChina());
    if (closed) throw new AppError(400, closed);
    const step = answerTransition(p.status, answer);
    if (!step.ok) throw new AppError(409, step.error);
    const now = nowIso();
    const res = await trx
      .updateTable('event_participants')
      .set({ status: step.next, responded_by: member.userId, responded_at: now })
      .where('id', '=', p.id)
      .where('status', '=', p.status)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'events.stale');
    if (step.next === 'declined') {
      const checkedIn = await trx
        .selectFrom('event_representatives')
        .select('id')
        .where('participant_id', '=', p.id)
        .where('checked_in_at', 'is not', null)
        .executeTakeFirst();
      if (checkedIn) throw new AppError(409, 'events.reps.checkedIn');
      await trx.deleteFrom('event_representatives').where('participant_id', '=', p.id).execute();
      await trx.deleteFrom('event_waitlist').where('participant_id', '=', p.id).execute();
      // the places it held go to the waiting list, in order (decision 036d)
      await promoteWaiting(trx, event);
    }
    await notifyUsers(
      trx,
      [event.created_by],
      step.next === 'accepted' ? 'event.accepted' : 'event.declined',
      { org: member.org.name, title: event.title },
      `/organizer/events/${eventId}/invitations`,
      now,
    );
    return step.next;
  });
}

/**
 * A verified organization of the region registers itself for an event with
 * open registration, up to the deadline. An organization that declined an
 * earlier invitation may register again; an invited one answers the invitation instead.
 */
export async function registerForEvent(db: DB, member: ActingMember, eventId: string): Promise<void> {
  try {
    await inTransaction(db, async (trx) => {
      const event = await lockEvent(trx, eventId);
      if (!event || event.status === 'draft') throw new AppError(404, 'error.notFound');
      if (member.org.status !== 'verified') throw new AppError(403, 'events.register.notVerified');
      const p = await participantOf(trx, eventId, member.org.id);
      if (p && p.status !== 'declined')
        throw new AppError(409, p.status === 'invited' ? 'events.register.invited' : 'events.register.already');
      if (!p && !regionCovers(event.region_code, member.org.region_code)) throw new AppError(404, 'error.notFound');
      const closed = registrationError(event.status, event.open_registration === 1, event.registration_deadline, todayInChina());
      if (closed) throw new AppError(400, closed);
      const now = nowIso();
      await admitParticipant(trx, eventId, member.org.id, p?.id ?? null, now, {
        role: ROLE_OF[member.org.kind],
        status: 'registered',
        responded_by: member.userId,
        responded_at: now,
      });
      await notifyUsers(
        trx,
        [event.created_by],
        'event.registered',
        { org: member.org.name, title: event.title },
        `/organizer/events/${eventId}/invitations`,
        now,
      );
    });
  } catch (e) {
    if (uniqueViolation(e)) throw new AppError(409, 'events.register.already');
    throw e;
  }
}

/** Whether the member may register now (for showing the button; the write checks again). */
export function canRegister(event: EventRow, member: ActingMember): boolean {
  return (
    mayRegister(event, member.org) &&
    registrationError(event.status, event.open_registration === 1, event.registration_deadline, todayInChina()) === null
  );
}

/* ---------- lists ---------- */

export interface ParticipantWithReps {
  id: string;
  organizationId: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  role: ParticipantRole;
  status: ParticipantStatus;
  respondedAt: string | null;
  representatives: { id: string; name: string; title: string; phone: string; checkedIn: boolean }[];
}

/** Every participant of an event with its representatives and their phones: for the organizer only. */
export async function listParticipantsWithPhones(db: DB, eventId: string): Promise<ParticipantWithReps[]> {
  const [parts, reps] = await Promise.all([
    db
      .selectFrom('event_participants as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(['p.id', 'p.organization_id', 'o.name', 'o.kind', 'o.region_code', 'p.role', 'p.status', 'p.responded_at'])
      .where('p.event_id', '=', eventId)
      .execute(),
    db
      .selectFrom('event_representatives')
      .select(['id', 'participant_id', 'name', 'title', 'phone', 'checked_in_at', 'created_at'])
      .where('event_id', '=', eventId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  const byParticipant = new Map<string, ParticipantWithReps['representatives']>();
  for (const r of reps) {
    const l = byParticipant.get(r.participant_id) ?? [];
    l.push({ id: r.id, name: r.name, title: r.title, phone: r.phone, checkedIn: r.checked_in_at !== null });
    byParticipant.set(r.participant_id, l);
  }
  const roleOrder: Record<ParticipantRole, number> = { government: 0, bank: 1, enterprise: 2 };
  const statusOrder: Record<ParticipantStatus, number> = { accepted: 0, registered: 1, invited: 2, declined: 3 };
  return parts
    .map((p) => ({
      id: p.id,
      organizationId: p.organization_id,
      name: p.name,
      kind: p.kind,
      regionCode: p.region_code,
      role: p.role,
      status: p.status,
      respondedAt: p.responded_at,
      representatives: byParticipant.get(p.id) ?? [],
    }))
    .sort(
      (a, b) =>
        roleOrder[a.role] - roleOrder[b.role] || statusOrder[a.status] - statusOrder[b.status] || a.name.localeCompare(b.name, 'zh-CN'),
    );
}

export interface MemberEventRow {
  id: string;
  title: string;
  theme: string;
  eventDate: string;
  startTime: string;
  venue: string;
  status: EventStatus;
  registrationDeadline: string;
  participation: ParticipantStatus | null;
}

const MEMBER_EVENT_COLUMNS = [
  'e.id',
  'e.title',
  'e.theme',
  'e.event_date',
  'e.start_time',
  'e.venue',
  'e.status',
  'e.registration_deadline',
] as const;
// a member's home and events page ask for it on every visit: compiled once (decision 047b)
const participationsOf = precompiled('events.participationsOf', (db, a: { orgId: string }) =>
  db
    .selectFrom('event_participants as p')
    .innerJoin('events as e', 'e.id', 'p.event_id')
    .select([...MEMBER_EVENT_COLUMNS, 'p.status as participation'])
    .where('p.organization_id', '=', a.orgId)
    .where('e.status', '!=', 'draft')
    .orderBy('e.event_date', 'desc')
    .orderBy('e.id')
    .limit(200),
);

/**
 * The events page of a bank or enterprise: invitations waiting for an answer
 * (deadline not passed), its other participations (never drafts), and open
 * events of its region it may register for (verified organizations only).
 */
export async function memberEvents(
  db: DB,
  org: ActingMember['org'],
  today = todayInChina(),
): Promise<{ toAnswer: MemberEventRow[]; mine: MemberEventRow[]; open: MemberEventRow[] }> {
  const cols = MEMBER_EVENT_COLUMNS;
  const [participations, open] = await Promise.all([
    participationsOf(db, { orgId: org.id }),
    org.status === 'verified'
      ? db
          .selectFrom('events as e')
          .select(cols)
          .where('e.status', '=', 'open')
          .where('e.open_registration', '=', 1)
          .where('e.registration_deadline', '>=', today)
          .where('e.region_code', 'in', coveringCodes(org.region_code))
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('event_participants as p')
                  .select('p.id')
                  .whereRef('p.event_id', '=', 'e.id')
                  .where('p.organization_id', '=', org.id),
              ),
            ),
          )
          .orderBy('e.event_date')
          .orderBy('e.id')
          .limit(50)
          .execute()
      : Promise.resolve([]),
  ]);
  const shape = (r: (typeof open)[number] & { participation?: ParticipantStatus }): MemberEventRow => ({
    id: r.id,
    title: r.title,
    theme: r.theme,
    eventDate: r.event_date,
    startTime: r.start_time,
    venue: r.venue,
    status: r.status,
    registrationDeadline: r.registration_deadline,
    participation: r.participation ?? null,
  });
  const rows = participations.map(shape);
  const answerable = (r: MemberEventRow) => r.participation === 'invited' && answerError(r.status, r.registrationDeadline, today) === null;
  return { toAnswer: rows.filter(answerable), mine: rows.filter((r) => !answerable(r)), open: open.map(shape) };
}
