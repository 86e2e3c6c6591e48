/**
 * The roster of a matchmaking event (参会名册): who attends, grouped as banks /
 * enterprises / government departments, with their representatives.
 *
 * Two audiences, two functions, two types:
 * - `loadOrganizerRoster` — the organizer's export: phones, check-in state and
 *   tokens, each enterprise's open needs, the agenda and the 1:1 meeting schedule;
 * - `loadPublicRoster` — what participants see: organizations and representative
 *   names and titles only. Phones are never selected from the database here.
 *
 * An organization attends when its participation is `accepted` or `registered`.
 * Everything returned is plain data (structured-clonable), so a worker thread
 * can render it (roster-worker.ts).
 */
import { outcomeSummary, type OutcomeSummary } from './outcomes.server';
import type { DB } from '~/utils/db.server';
import { liveSigning } from '~/modules/reports/live.server';
import type { NewsFacts } from '~/modules/reports/news';
import { chinaDate, chinaDateTime } from '~/modules/calendar/working-days';
import { wanText } from '~/utils/money';
import { safeFileStem } from '~/utils/download';
import type { EventsTable, ParticipantRole } from '#db/schema';

export const ROSTER_GROUPS = ['bank', 'enterprise', 'government'] as const satisfies readonly ParticipantRole[];
export type RosterGroup = (typeof ROSTER_GROUPS)[number];
export const ATTENDING_STATUSES = ['accepted', 'registered'] as const;

export interface RosterEvent {
  id: string;
  title: string;
  theme: string;
  /** YYYY-MM-DD */
  eventDate: string;
  /** HH:MM */
  startTime: string;
  venue: string;
  status: EventsTable['status'];
  slotCount: number;
  slotMinutes: number;
  tableCount: number;
  firstSlotTime: string;
}

export interface GroupCount {
  organizations: number;
  representatives: number;
  checkedIn: number;
}
export type RosterCounts = Record<RosterGroup | 'total', GroupCount>;

export interface PublicRepresentative {
  id: string;
  name: string;
  title: string;
}

export interface PublicOrganization {
  id: string;
  name: string;
  role: RosterGroup;
  representatives: PublicRepresentative[];
}

export interface PublicRoster {
  event: RosterEvent;
  /** attending organizations, banks first, then enterprises, then government; by name within a group */
  organizations: PublicOrganization[];
  counts: RosterCounts;
}

export interface OrganizerRepresentative extends PublicRepresentative {
  phone: string;
  /** ISO timestamp, or null when not (yet) arrived */
  checkedInAt: string | null;
}

export interface FinancingNeedBrief {
  title: string;
  /** 元 */
  amount: number;
  termMonths: number;
  /** YYYY-MM-DD or null */
  publishedOn: string | null;
}

export interface HiringNeedBrief {
  title: string;
  headcount: number;
  /** e.g. "挡车工×3、机修工×2" */
  positions: string;
  publishedOn: string | null;
}

export interface OrganizerOrganization extends PublicOrganization {
  representatives: OrganizerRepresentative[];
  checkinToken: string;
  financingNeeds: FinancingNeedBrief[];
  hiringNeeds: HiringNeedBrief[];
}

export interface RosterMeeting {
  /** 0-based slot */
  slot: number;
  /** HH:MM–HH:MM */
  time: string;
  /** 1-based, as printed */
  tableNo: number;
  enterprise: { id: string; name: string };
  bank: { id: string; name: string };
}

export interface RosterAgendaItem {
  startsAt: string;
  title: string;
  speaker: string | null;
}

export interface OrganizerRoster {
  event: RosterEvent;
  organizations: OrganizerOrganization[];
  counts: RosterCounts;
  agenda: RosterAgendaItem[];
  /** placed meetings by slot, then table */
  meetings: RosterMeeting[];
  /** after the meetings: held, no-shows, ratings, the three-month follow-up (decision 036c) */
  outcomes?: OutcomeSummary;
  /** ISO timestamp */
  generatedAt: string;
  /** the facts of the session's news sentence (lead signatories first), for the cover; absent in old callers */
  news?: NewsFacts;
}

/* ---------------------------------------------------------------- helpers */

const GROUP_ORDER: Record<RosterGroup, number> = { bank: 0, enterprise: 1, government: 2 };
const collator = new Intl.Collator('zh-CN');

export function minutesOfDay(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

export function formatHhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "10:00–10:20" for 0-based `slot` of a grid starting at `firstSlotTime`. */
export function slotLabel(firstSlotTime: string, slotMinutes: number, slot: number): string {
  const start = minutesOfDay(firstSlotTime) + slot * slotMinutes;
  return `${formatHhmm(start)}–${formatHhmm(start + slotMinutes)}`;
}

/** "HH:MM" in China Standard Time. */
export function beijingTime(iso: string): string {
  return chinaDateTime(iso).slice(11);
}

/** 元 → 万元 as an exact decimal number (no float arithmetic on the amount: the decimal string is parsed). */
export function yuanToWanNumber(yuan: number): number {
  return Number(wanText(yuan));
}

export function isRosterGroup(v: unknown): v is RosterGroup {
  return typeof v === 'string' && (ROSTER_GROUPS as readonly string[]).includes(v);
}

function emptyCounts(): RosterCounts {
  const c = () => ({ organizations: 0, representatives: 0, checkedIn: 0 });
  return { bank: c(), enterprise: c(), government: c(), total: c() };
}

/** Counts by group and in total; an organization counts once. */
export function countRoster(
  orgs: readonly { role: RosterGroup; representatives: readonly { id: string; checkedInAt?: string | null }[] }[],
): RosterCounts {
  const counts = emptyCounts();
  for (const o of orgs) {
    for (const key of [o.role, 'total'] as const) {
      counts[key].organizations += 1;
      counts[key].representatives += o.representatives.length;
      counts[key].checkedIn += o.representatives.filter((r) => r.checkedInAt).length;
    }
  }
  return counts;
}

function sortOrganizations<T extends { role: RosterGroup; name: string; id: string }>(orgs: T[]): T[] {
  return orgs.sort((a, b) => GROUP_ORDER[a.role] - GROUP_ORDER[b.role] || collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
}

async function loadEvent(db: DB, eventId: string): Promise<RosterEvent | undefined> {
  const e = await db
    .selectFrom('events')
    .select([
      'id',
      'title',
      'theme',
      'event_date',
      'start_time',
      'venue',
      'status',
      'slot_count',
      'slot_minutes',
      'table_count',
      'first_slot_time',
    ])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!e) return undefined;
  return {
    id: e.id,
    title: e.title,
    theme: e.theme,
    eventDate: e.event_date,
    startTime: e.start_time,
    venue: e.venue,
    status: e.status,
    slotCount: e.slot_count,
    slotMinutes: e.slot_minutes,
    tableCount: e.table_count,
    firstSlotTime: e.first_slot_time,
  };
}

/* ----------------------------------------------------------- public view */

/** The participants' roster: organizations and representative names and titles; no phones, no check-in state. */
export async function loadPublicRoster(db: DB, eventId: string): Promise<PublicRoster | undefined> {
  const event = await loadEvent(db, eventId);
  if (!event) return undefined;
  const participants = await db
    .selectFrom('event_participants as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select(['p.id as participantId', 'o.id as orgId', 'o.name as orgName', 'p.role'])
    .where('p.event_id', '=', eventId)
    .where('p.status', 'in', ATTENDING_STATUSES)
    .execute();
  // name and title only: the phone column is never read for this audience
  const reps = await db
    .selectFrom('event_representatives as r')
    .select(['r.id', 'r.participant_id', 'r.name', 'r.title'])
    .where('r.event_id', '=', eventId)
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
  const byParticipant = new Map<string, PublicRepresentative[]>();
  for (const r of reps) {
    const list = byParticipant.get(r.participant_id) ?? [];
    list.push({ id: r.id, name: r.name, title: r.title });
    byParticipant.set(r.participant_id, list);
  }
  const organizations = sortOrganizations(
    participants.map((p) => ({ id: p.orgId, name: p.orgName, role: p.role, representatives: byParticipant.get(p.participantId) ?? [] })),
  );
  return { event, organizations, counts: countRoster(organizations) };
}

/* -------------------------------------------------------- organizer view */

/**
 * The attending organizations as the organizer sees them, in roster order: check-in
 * tokens and the representatives with phones and arrival times.
 */
async function attendingForOrganizer(db: DB, eventId: string): Promise<Omit<OrganizerOrganization, 'financingNeeds' | 'hiringNeeds'>[]> {
  const [participants, reps] = await Promise.all([
    db
      .selectFrom('event_participants as p')
      .innerJoin('organizations as o', 'o.id', 'p.organization_id')
      .select(['p.id as participantId', 'p.checkin_token', 'o.id as orgId', 'o.name as orgName', 'p.role'])
      .where('p.event_id', '=', eventId)
      .where('p.status', 'in', ATTENDING_STATUSES)
      .execute(),
    db
      .selectFrom('event_representatives as r')
      .select(['r.id', 'r.participant_id', 'r.name', 'r.title', 'r.phone', 'r.checked_in_at'])
      .where('r.event_id', '=', eventId)
      .orderBy('r.created_at')
      .orderBy('r.id')
      .execute(),
  ]);
  const byParticipant = new Map<string, OrganizerRepresentative[]>();
  for (const r of reps) {
    const list = byParticipant.get(r.participant_id) ?? [];
    list.push({ id: r.id, name: r.name, title: r.title, phone: r.phone, checkedInAt: r.checked_in_at });
    byParticipant.set(r.participant_id, list);
  }
  return sortOrganizations(
    participants.map((p) => ({
      id: p.orgId,
      name: p.orgName,
      role: p.role,
      checkinToken: p.checkin_token,
      representatives: byParticipant.get(p.participantId) ?? [],
    })),
  );
}

/** Everything the organizer's roster page and exports show. */
export async function loadOrganizerRoster(db: DB, eventId: string): Promise<OrganizerRoster | undefined> {
  const event = await loadEvent(db, eventId);
  if (!event) return undefined;
  const { news } = await liveSigning(db, eventId, 0);
  const attending = await attendingForOrganizer(db, eventId);

  // open needs (published, or matched and still running) of the attending enterprises
  const attendingEnterprises = db
    .selectFrom('event_participants as p')
    .select('p.organization_id')
    .where('p.event_id', '=', eventId)
    .where('p.role', '=', 'enterprise')
    .where('p.status', 'in', ATTENDING_STATUSES);
  const financing = await db
    .selectFrom('financing_needs as n')
    .select(['n.organization_id', 'n.title', 'n.amount', 'n.term_months', 'n.published_at'])
    .where('n.organization_id', 'in', attendingEnterprises)
    .where('n.status', 'in', ['published', 'matched'])
    .orderBy('n.published_at')
    .orderBy('n.id')
    .execute();
  const hiring = await db
    .selectFrom('hiring_needs as n')
    .select(['n.id', 'n.organization_id', 'n.title', 'n.total_headcount', 'n.published_at'])
    .where('n.organization_id', 'in', attendingEnterprises)
    .where('n.status', 'in', ['published', 'matched'])
    .orderBy('n.published_at')
    .orderBy('n.id')
    .execute();
  const positions = await db
    .selectFrom('hiring_positions as hp')
    .innerJoin('hiring_needs as n', 'n.id', 'hp.hiring_need_id')
    .select(['hp.hiring_need_id', 'hp.title', 'hp.headcount'])
    .where('n.organization_id', 'in', attendingEnterprises)
    .where('n.status', 'in', ['published', 'matched'])
    .orderBy('hp.hiring_need_id')
    .orderBy('hp.sort_order')
    .execute();
  const positionsByNeed = new Map<string, string[]>();
  for (const p of positions) {
    const list = positionsByNeed.get(p.hiring_need_id) ?? [];
    list.push(`${p.title}×${p.headcount}`);
    positionsByNeed.set(p.hiring_need_id, list);
  }
  const financingByOrg = new Map<string, FinancingNeedBrief[]>();
  for (const n of financing) {
    const list = financingByOrg.get(n.organization_id) ?? [];
    list.push({
      title: n.title,
      amount: Number(n.amount),
      termMonths: n.term_months,
      publishedOn: n.published_at ? chinaDate(n.published_at) : null,
    });
    financingByOrg.set(n.organization_id, list);
  }
  const hiringByOrg = new Map<string, HiringNeedBrief[]>();
  for (const n of hiring) {
    const list = hiringByOrg.get(n.organization_id) ?? [];
    list.push({
      title: n.title,
      headcount: n.total_headcount,
      positions: (positionsByNeed.get(n.id) ?? []).join('、'),
      publishedOn: n.published_at ? chinaDate(n.published_at) : null,
    });
    hiringByOrg.set(n.organization_id, list);
  }

  const organizations: OrganizerOrganization[] = attending.map((o) => ({
    ...o,
    financingNeeds: financingByOrg.get(o.id) ?? [],
    hiringNeeds: hiringByOrg.get(o.id) ?? [],
  }));

  const agenda = await db
    .selectFrom('event_agenda_items')
    .select(['starts_at', 'title', 'speaker'])
    .where('event_id', '=', eventId)
    .orderBy('sort_order')
    .orderBy('starts_at')
    .execute();

  const placed = await db
    .selectFrom('meeting_placements as mp')
    .innerJoin('meeting_requests as mr', 'mr.id', 'mp.request_id')
    .innerJoin('organizations as e', 'e.id', 'mr.enterprise_org_id')
    .innerJoin('organizations as b', 'b.id', 'mr.bank_org_id')
    .select(['mp.slot', 'mp.table_no', 'e.id as enterpriseId', 'e.name as enterpriseName', 'b.id as bankId', 'b.name as bankName'])
    .where('mp.event_id', '=', eventId)
    .where('mr.status', '=', 'accepted')
    .execute();
  const meetings: RosterMeeting[] = placed
    .map((m) => ({
      slot: m.slot,
      time: slotLabel(event.firstSlotTime, event.slotMinutes, m.slot),
      tableNo: m.table_no + 1,
      enterprise: { id: m.enterpriseId, name: m.enterpriseName },
      bank: { id: m.bankId, name: m.bankName },
    }))
    .sort((a, b) => a.slot - b.slot || a.tableNo - b.tableNo);

  return {
    event,
    organizations,
    counts: countRoster(organizations),
    agenda: agenda.map((a) => ({ startsAt: a.starts_at, title: a.title, speaker: a.speaker })),
    meetings,
    outcomes: await outcomeSummary(db, eventId),
    generatedAt: new Date().toISOString(),
    news,
  };
}

/**
 * What the organizer's roster page shows (a lean `loadOrganizerRoster`): the
 * attending organizations with their representatives and check-in tokens, the counts
 * and the number of placed meetings — not the needs, agenda, schedule and outcomes
 * that only the downloads print.
 */
export async function loadOrganizerRosterPage(
  db: DB,
  eventId: string,
): Promise<{ organizations: Omit<OrganizerOrganization, 'financingNeeds' | 'hiringNeeds'>[]; counts: RosterCounts; meetings: number }> {
  const [organizations, placed] = await Promise.all([
    attendingForOrganizer(db, eventId),
    db
      .selectFrom('meeting_placements as mp')
      .innerJoin('meeting_requests as mr', 'mr.id', 'mp.request_id')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('mp.event_id', '=', eventId)
      .where('mr.status', '=', 'accepted')
      .executeTakeFirst(),
  ]);
  return { organizations, counts: countRoster(organizations), meetings: Number(placed?.n ?? 0) };
}

/* ------------------------------------------------- derived views (pure) */

export interface ParticipantMeeting {
  time: string;
  slot: number;
  tableNo: number;
  counterpart: string;
}

/** Each organization's meetings in time order (the schedule "per participant"). */
export function meetingsByOrganization(meetings: readonly RosterMeeting[]): Map<string, ParticipantMeeting[]> {
  const out = new Map<string, ParticipantMeeting[]>();
  const add = (orgId: string, m: RosterMeeting, counterpart: string) => {
    const list = out.get(orgId) ?? [];
    list.push({ time: m.time, slot: m.slot, tableNo: m.tableNo, counterpart });
    out.set(orgId, list);
  };
  for (const m of meetings) {
    add(m.enterprise.id, m, m.bank.name);
    add(m.bank.id, m, m.enterprise.name);
  }
  for (const list of out.values()) list.sort((a, b) => a.slot - b.slot || a.tableNo - b.tableNo);
  return out;
}

/** The meetings of each table in time order (the schedule "per table"), tables ascending. */
export function meetingsByTable(meetings: readonly RosterMeeting[]): [number, RosterMeeting[]][] {
  const out = new Map<number, RosterMeeting[]>();
  for (const m of meetings) {
    const list = out.get(m.tableNo) ?? [];
    list.push(m);
    out.set(m.tableNo, list);
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([t, list]) => [t, list.sort((a, b) => a.slot - b.slot)]);
}

/** The name of an export without extension: the event title, made safe for every file system, and what the file holds. */
export function exportFileStem(title: string, suffix: string): string {
  return `${safeFileStem(title, 'roster')}-${suffix}`;
}

/** A file name for the exports: `exportFileStem` with the extension. */
export function exportFileName(title: string, suffix: string, ext: string): string {
  return `${exportFileStem(title, suffix)}.${ext}`;
}
