/**
 * Records of the sessions and agreements areas that the authorization table's
 * cases refer to, inserted directly (no app code) after the base fixtures.
 */
import type { Kysely } from 'kysely';
import type { AgreementStatus, Database, EventStatus, ParticipantRole, ParticipantStatus } from '../../db/schema';
import type { Fixtures } from './authorization-table';

type BaseFixtures = Omit<Fixtures, 'events' | 'agreements' | 'lists' | 'dispatches' | 'problems'>;

export interface EventFixture {
  id: string;
  /** participant row ids by organization id */
  participants: Record<string, string>;
  /** check-in tokens by organization id */
  tokens: Record<string, string>;
}

export interface EventFixtures {
  /** 410400, open; demo enterprise, demo bank and otherBank attend (accepted), otherEnterprise invited */
  open: EventFixture & {
    /** the demo enterprise's representative */
    ownRepresentative: string;
    /** otherBank's representative */
    otherRepresentative: string;
    /** accepted request demo enterprise ↔ demo bank */
    acceptedRequest: string;
    /** pending request from the demo enterprise to otherBank */
    pendingRequest: string;
    /** pending request from otherEnterprise to otherBank (none of the actors is a party) */
    strangersRequest: string;
  };
  /** 410400, open, open_registration = 1, nobody registered yet */
  openRegistration: EventFixture;
  /** 410400, draft */
  draft: EventFixture;
  /** 410400, open, invitation only, none of the actors' organizations invited */
  notInvited: EventFixture;
  /** 410100 (otherOrganizer's region), open, otherRegionEnterprise attends */
  otherRegion: EventFixture;
}

export interface AgreementFixtures {
  /** proposed by the demo enterprise to the demo bank at events.open (the bank may confirm) */
  proposedByEnterprise: string;
  /** proposed by the demo bank to the demo enterprise (the bank may not confirm its own) */
  proposedByBank: string;
  /** signed, demo bank ↔ demo enterprise, at events.open */
  signed: string;
  /** signed, otherBank ↔ otherEnterprise, 410400 */
  otherTenant: string;
  /** signed, otherBank ↔ otherRegionEnterprise, 410102 */
  otherRegion: string;
}

let seq = 0;
const fid = (prefix: string) => `${prefix}${String(++seq).padStart(16 - prefix.length, '0')}`;
const now = () => new Date().toISOString();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function insertEvent(
  db: Kysely<Database>,
  base: BaseFixtures,
  opts: {
    region: string;
    status: EventStatus;
    openRegistration?: boolean;
    createdBy: string;
    participants: [string, ParticipantRole, ParticipantStatus][];
  },
): Promise<EventFixture> {
  const id = fid('authzevt');
  const t = now();
  await db
    .insertInto('events')
    .values({
      id,
      region_code: opts.region,
      created_by: opts.createdBy,
      title: `权限测试对接会${id.slice(-3)}`,
      theme: '科技企业专场',
      event_date: inDays(30),
      start_time: '09:00',
      venue: '平顶山市会展中心',
      capacity: 50,
      registration_deadline: inDays(20),
      open_registration: opts.openRegistration ? 1 : 0,
      slot_count: 6,
      slot_minutes: 20,
      table_count: 5,
      first_slot_time: '10:00',
      description: null,
      status: opts.status,
      schedule_placed: null,
      schedule_bound: null,
      scheduled_at: null,
      created_at: t,
      updated_at: t,
    })
    .execute();
  const participants: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const [orgId, role, status] of opts.participants) {
    const pid = fid('authzpar');
    const token = fid('authztok') + 'x'.repeat(16);
    await db
      .insertInto('event_participants')
      .values({
        id: pid,
        event_id: id,
        organization_id: orgId,
        role,
        status,
        invited_by: opts.createdBy,
        responded_by: null,
        responded_at: null,
        checkin_token: token,
        created_at: t,
      })
      .execute();
    participants[orgId] = pid;
    tokens[orgId] = token;
  }
  return { id, participants, tokens };
}

async function insertRepresentative(db: Kysely<Database>, ev: EventFixture, orgId: string, phone: string): Promise<string> {
  const id = fid('authzrep');
  await db
    .insertInto('event_representatives')
    .values({
      id,
      event_id: ev.id,
      participant_id: ev.participants[orgId],
      organization_id: orgId,
      name: `代表${id.slice(-3)}`,
      title: '经理',
      phone,
      checked_in_at: null,
      checked_in_by: null,
      created_at: now(),
    })
    .execute();
  return id;
}

async function insertRequest(
  db: Kysely<Database>,
  eventId: string,
  enterprise: string,
  bank: string,
  by: string,
  userId: string,
  status: 'pending' | 'accepted',
): Promise<string> {
  const id = fid('authzreq');
  await db
    .insertInto('meeting_requests')
    .values({
      id,
      event_id: eventId,
      enterprise_org_id: enterprise,
      bank_org_id: bank,
      requested_by_org_id: by,
      requested_by_user_id: userId,
      message: null,
      reasons: '[]',
      status,
      responded_by: null,
      responded_at: status === 'accepted' ? now() : null,
      created_at: now(),
    })
    .execute();
  return id;
}

export async function createEventFixtures(db: Kysely<Database>, base: BaseFixtures): Promise<EventFixtures> {
  const { orgs, users } = base;
  const organizer = users.organizer.id;
  const open = await insertEvent(db, base, {
    region: '410400',
    status: 'open',
    createdBy: organizer,
    participants: [
      [orgs.enterprise, 'enterprise', 'accepted'],
      [orgs.bank, 'bank', 'accepted'],
      [orgs.otherBank, 'bank', 'accepted'],
      [orgs.otherEnterprise, 'enterprise', 'invited'],
    ],
  });
  const ownRepresentative = await insertRepresentative(db, open, orgs.enterprise, '13900000101');
  const otherRepresentative = await insertRepresentative(db, open, orgs.otherBank, '13900000102');
  const acceptedRequest = await insertRequest(db, open.id, orgs.enterprise, orgs.bank, orgs.enterprise, users.enterprise.id, 'accepted');
  const pendingRequest = await insertRequest(db, open.id, orgs.enterprise, orgs.otherBank, orgs.enterprise, users.enterprise.id, 'pending');
  const strangersRequest = await insertRequest(
    db,
    open.id,
    orgs.otherEnterprise,
    orgs.otherBank,
    orgs.otherEnterprise,
    base.stranger.userId,
    'pending',
  );
  return {
    open: { ...open, ownRepresentative, otherRepresentative, acceptedRequest, pendingRequest, strangersRequest },
    openRegistration: await insertEvent(db, base, {
      region: '410400',
      status: 'open',
      openRegistration: true,
      createdBy: organizer,
      participants: [],
    }),
    draft: await insertEvent(db, base, {
      region: '410400',
      status: 'draft',
      createdBy: organizer,
      participants: [
        [orgs.enterprise, 'enterprise', 'invited'],
        [orgs.bank, 'bank', 'invited'],
      ],
    }),
    notInvited: await insertEvent(db, base, {
      region: '410400',
      status: 'open',
      createdBy: organizer,
      participants: [[orgs.otherEnterprise, 'enterprise', 'accepted']],
    }),
    otherRegion: await insertEvent(db, base, {
      region: '410100',
      status: 'open',
      createdBy: users.otherOrganizer.id,
      participants: [[orgs.otherRegionEnterprise, 'enterprise', 'accepted']],
    }),
  };
}

async function insertAgreement(
  db: Kysely<Database>,
  a: { bank: string; enterprise: string; region: string; status: AgreementStatus; proposedBy: string; userId: string; eventId?: string },
): Promise<string> {
  const id = fid('authzagr');
  const t = now();
  const signedOn = t.slice(0, 10);
  const confirmed = a.status !== 'proposed' && a.status !== 'declined';
  await db
    .insertInto('agreements')
    .values({
      id,
      document_no: `AUTHZ-${id}`,
      event_id: a.eventId ?? null,
      bank_org_id: a.bank,
      enterprise_org_id: a.enterprise,
      need_id: null,
      product_id: null,
      region_code: a.region,
      industry: 'C',
      product_category: null,
      amount: 3_000_000,
      term_months: 12,
      signed_on: signedOn,
      signed_month: signedOn.slice(0, 7),
      bank_signatory: '王建国',
      enterprise_signatory: '李红梅',
      status: a.status,
      proposed_by_org_id: a.proposedBy,
      proposed_by_user_id: a.userId,
      confirmed_by_user_id: confirmed ? a.userId : null,
      confirmed_at: confirmed ? t : null,
      approved_amount: null,
      approved_on: null,
      last_disbursed_on: null,
      status_reason: null,
      terminated_at: null,
      created_at: t,
      updated_at: t,
    })
    .execute();
  await db
    .insertInto('agreement_audit')
    .values({
      id: fid('authzaud'),
      agreement_id: id,
      user_id: a.userId,
      action: 'created',
      changes: JSON.stringify({ status: [null, a.status], amount: [null, 3_000_000] }),
      reason: null,
      created_at: t,
    })
    .execute();
  return id;
}

export async function createAgreementFixtures(db: Kysely<Database>, base: BaseFixtures, events: EventFixtures): Promise<AgreementFixtures> {
  const { orgs, users } = base;
  const entRegion = (await db.selectFrom('organizations').select('region_code').where('id', '=', orgs.enterprise).executeTakeFirstOrThrow())
    .region_code;
  const own = { bank: orgs.bank, enterprise: orgs.enterprise, region: entRegion, eventId: events.open.id };
  return {
    proposedByEnterprise: await insertAgreement(db, {
      ...own,
      status: 'proposed',
      proposedBy: orgs.enterprise,
      userId: users.enterprise.id,
    }),
    proposedByBank: await insertAgreement(db, { ...own, status: 'proposed', proposedBy: orgs.bank, userId: users.bank.id }),
    signed: await insertAgreement(db, { ...own, status: 'signed', proposedBy: orgs.bank, userId: users.bank.id }),
    otherTenant: await insertAgreement(db, {
      bank: orgs.otherBank,
      enterprise: orgs.otherEnterprise,
      region: '410400',
      status: 'signed',
      proposedBy: orgs.otherBank,
      userId: base.stranger.userId,
    }),
    otherRegion: await insertAgreement(db, {
      bank: orgs.otherBank,
      enterprise: orgs.otherRegionEnterprise,
      region: '410102',
      status: 'signed',
      proposedBy: orgs.otherBank,
      userId: base.stranger.userId,
    }),
  };
}
