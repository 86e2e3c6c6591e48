/**
 * The home page of each role is its to-do centre (decision 028): every item is
 * read from live data, counts what waits for this user, lists the first few
 * cases and links to the page where the work is done. An item with nothing to
 * do stays on the page with a hint of what to do next.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { getHolidays, getResponseDueDays } from '~/modules/calendar/settings.server';
import { addDays, chinaDate, chinaDayEndIso, latestOverdueStart } from '~/modules/calendar/working-days';
import { lateRule } from '~/modules/agreements/late.server';
import { bankApplications, enterpriseApplications, regionApplications } from '~/modules/applications/applications.server';
import { bankDispatches, regionDispatches } from '~/modules/dispatch/dispatch.server';
import { bankLists, organizerLists } from '~/modules/followup/lists.server';
import { bankProblemsItem, enterpriseProblemsItem, organizerProblemsItems } from './problems-todo.server';
import { memberEvents } from '~/modules/events/invitations.server';
import { regionNeedTracking, unanswered } from '~/modules/interests/overdue.server';
import { inRegion, regionName, regionPrefix } from '~/modules/regions/regions.server';
import { unindexed } from '~/utils/unindexed.server';
import { countPerDataVersion } from '~/utils/count-cache.server';
import { precompiled, precompiledCount } from '~/utils/precompiled.server';
import { unreadCount } from '~/modules/notifications/notifications.server';
import type { DB } from '~/utils/db.server';
import type { Database, OrgKind, OrgStatus } from '#db/schema';
import { bankServedRegions } from '~/modules/regions/bank-regions.server';

/** The signed-in member's organization (as the guards load it). */
export type HomeOrg = { id: string; kind: OrgKind; status: OrgStatus; name: string; region_code: string };

/** How many cases an item lists on the home page. */
export const ENTRIES_PER_ITEM = 5;

export interface TodoEntry {
  id: string;
  label: string;
  /** a second line: counterparty, amount, stage … (already formatted or an i18n key with params) */
  detail?: string;
  detailKey?: string;
  detailParams?: Record<string, string | number>;
  /** YYYY-MM-DD, China time */
  date?: string;
  to: string;
  urgent?: boolean;
}

export interface TodoItem {
  /** i18n: `home.todo.<key>` (title), `home.todo.<key>.empty` (what to do next) */
  key: string;
  count: number;
  /** the list where the work is done */
  to: string;
  /** where to go when there is nothing to do */
  emptyTo?: string;
  urgent?: boolean;
  entries: TodoEntry[];
}

const n = (v: unknown) => Number(v ?? 0);
/** count(*) of a query. */
function countOf(q: SelectQueryBuilder<Database, any, any>): Promise<number> {
  return q
    .select(sql<string | number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow()
    .then((r: { n?: unknown }) => n(r.n));
}

/** The names of a few organizations by id (those of a home's listed needs). */
async function organizationNames(db: DB, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

function needLink(prefix: string, kind: 'financing' | 'hiring', id: string) {
  return `${prefix}/${kind}/${id}`;
}

/* ------------------------------------------------------------ shared pieces */

/** An agreement in a to-do list: its amount, signing date and page. */
function agreementEntry(r: { id: string; amount: number; signed_on: string }, label: string): TodoEntry {
  return {
    id: r.id,
    label,
    detailKey: 'home.entry.amount',
    detailParams: { amount: r.amount },
    date: r.signed_on,
    to: `/agreements/${r.id}`,
  };
}

/** The agreements proposed to a region's organizer, or to one side by the other. */
function proposedAgreements(db: DB) {
  return db
    .selectFrom('agreements as a')
    .innerJoin('organizations as b', 'b.id', 'a.bank_org_id')
    .innerJoin('organizations as e', 'e.id', 'a.enterprise_org_id')
    .where('a.status', '=', 'proposed');
}
const proposedList = <Q extends ReturnType<typeof proposedAgreements>>(q: Q) =>
  q
    .select(['a.id', 'a.amount', 'a.signed_on', 'b.name as bank', 'e.name as enterprise'])
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(ENTRIES_PER_ITEM);
/** Proposed to one side by the other: the same two statements for every bank (or enterprise), compiled once. */
const proposedTo = (side: 'bank' | 'enterprise') => {
  const mine = (db: DB, a: { orgId: string }) =>
    proposedAgreements(db)
      .where(side === 'bank' ? 'a.bank_org_id' : 'a.enterprise_org_id', '=', a.orgId)
      .where('a.proposed_by_org_id', '!=', a.orgId);
  return {
    rows: precompiled(`home.proposedTo.${side}`, (db, a: { orgId: string }) => proposedList(mine(db, a))),
    count: precompiledCount(`home.proposedToCount.${side}`, mine),
  };
};
const PROPOSED_TO = { bank: proposedTo('bank'), enterprise: proposedTo('enterprise') };

async function agreementsToConfirm(
  db: DB,
  scope: { orgId: string; side: 'bank' | 'enterprise' } | { regionCode: string },
): Promise<TodoItem> {
  let rows: { id: string; amount: number; signed_on: string; bank: string; enterprise: string }[];
  let count: number;
  if ('orgId' in scope) {
    const q = PROPOSED_TO[scope.side];
    [rows, count] = await Promise.all([q.rows(db, { orgId: scope.orgId }), q.count(db, { orgId: scope.orgId })]);
  } else {
    const q = proposedAgreements(db).where(inRegion('a.region_code', scope.regionCode));
    [rows, count] = await Promise.all([proposedList(q).execute(), countOf(q)]);
  }
  return {
    key: 'agreementsToConfirm',
    count,
    to: '/agreements?status=proposed',
    emptyTo: '/agreements',
    entries: rows.map((r) =>
      agreementEntry(r, 'orgId' in scope ? (scope.side === 'bank' ? r.enterprise : r.bank) : `${r.bank} · ${r.enterprise}`),
    ),
  };
}

async function sessionsOfMember(db: DB, org: HomeOrg, today: string): Promise<TodoItem[]> {
  const { toAnswer, mine } = await memberEvents(db, org, today);
  const next = mine
    .filter((e) => (e.participation === 'accepted' || e.participation === 'registered') && e.eventDate >= today && e.status !== 'closed')
    .sort((a, b) => (a.eventDate + a.startTime).localeCompare(b.eventDate + b.startTime));
  return [
    {
      key: 'invitations',
      count: toAnswer.length,
      to: '/events',
      urgent: toAnswer.length > 0,
      entries: toAnswer
        .slice(0, ENTRIES_PER_ITEM)
        .map((e) => ({ id: e.id, label: e.title, detail: `${e.venue}`, date: e.eventDate, to: `/events/${e.id}` })),
    },
    {
      key: 'nextSession',
      count: next.length,
      to: next[0] ? `/events/${next[0].id}` : '/events',
      emptyTo: '/events',
      entries: next
        .slice(0, 2)
        .map((e) => ({ id: e.id, label: e.title, detail: `${e.startTime} · ${e.venue}`, date: e.eventDate, to: `/events/${e.id}` })),
    },
  ];
}

/* ------------------------------------------------------------ applications (一键申请) */

async function enterpriseApplicationsItem(db: DB, orgId: string, today: string): Promise<TodoItem> {
  const all = await enterpriseApplications(db, orgId, { today });
  // counted: what is still on its way (up to 放款); listed: the latest changes first, the
  // ended ones (放款, declined) for a month so the enterprise sees how they ended
  const since = chinaDayEndIso(addDays(today, -31));
  const open = all.filter((r) => r.stage === 'submitted' || r.stage === 'accepted' || r.stage === 'review' || r.stage === 'credit');
  const rows = all
    .filter((r) => r.stage !== 'withdrawn' && (open.includes(r) || r.changedAt > since))
    .sort((a, b) => b.changedAt.localeCompare(a.changedAt) || a.id.localeCompare(b.id));
  return {
    key: 'applications',
    count: open.length,
    to: '/enterprise/applications',
    emptyTo: '/enterprise/needs',
    urgent: open.some((r) => r.status === 'more_info' || (r.stage === 'review' && r.agreementStatus === 'proposed')),
    entries: rows.slice(0, ENTRIES_PER_ITEM).map((r) => ({
      id: r.id,
      label: r.bankName,
      detailKey: 'home.entry.stage',
      detailParams: { product: r.productName, stage: `applications.stage.${r.stage}` },
      date: chinaDate(r.changedAt),
      to: r.stage === 'review' && r.agreementId ? `/agreements/${r.agreementId}` : `/enterprise/needs/financing/${r.needId}`,
      urgent: r.status === 'more_info' || (r.stage === 'review' && r.agreementStatus === 'proposed'),
    })),
  };
}

/** 推荐清单 pushed to the bank with enterprises it has not answered for yet (issue 18). */
async function bankListsItem(db: DB, bankId: string, today: string): Promise<TodoItem> {
  const open = (await bankLists(db, { userId: '', orgId: bankId })).filter((l) => l.coverage.visited < l.coverage.firms);
  const overdue = open.filter((l) => l.dueOn !== null && today > l.dueOn);
  return {
    key: 'listsToAnswer',
    count: open.length,
    to: '/bank/lists',
    urgent: overdue.length > 0,
    entries: open.slice(0, ENTRIES_PER_ITEM).map((l) => ({
      id: l.id,
      label: l.title,
      detailKey: 'home.entry.listAnswered',
      detailParams: { answered: l.coverage.visited, firms: l.coverage.firms, date: l.dueOn ?? '' },
      date: l.dueOn ?? undefined,
      to: `/bank/lists/${l.id}`,
      urgent: l.dueOn !== null && today > l.dueOn,
    })),
  };
}

/** The region's pushed lists whose banks have not answered for every firm (issue 18). */
async function organizerListsItem(db: DB, regionCode: string, today: string): Promise<TodoItem> {
  const open = (await organizerLists(db, { userId: '', regionCode })).filter(
    (l) => l.pushedAt !== null && l.coverage.visited < l.coverage.firms,
  );
  return {
    key: 'listCoverage',
    count: open.length,
    to: '/organizer/lists',
    emptyTo: '/organizer/lists',
    urgent: open.some((l) => l.dueOn !== null && today > l.dueOn),
    entries: open.slice(0, ENTRIES_PER_ITEM).map((l) => ({
      id: l.id,
      label: l.title,
      detailKey: 'home.entry.listCoverage',
      detailParams: { visited: l.coverage.visited, granted: l.coverage.granted, firms: l.coverage.firms },
      date: l.dueOn ?? undefined,
      to: `/organizer/lists/${l.id}`,
      urgent: l.dueOn !== null && today > l.dueOn,
    })),
  };
}

/** Needs dispatched to the bank (派单, issue 18) it has not answered yet. */
async function bankDispatchItem(db: DB, bankId: string): Promise<TodoItem> {
  const d = await bankDispatches(db, bankId, { filter: 'open', page: 1, pageSize: ENTRIES_PER_ITEM });
  return {
    key: 'dispatchesToAnswer',
    count: d.counts.open,
    to: '/bank/dispatches',
    urgent: d.rows.some((r) => r.state === 'overdue'),
    entries: d.rows.map((r) => ({
      id: r.id,
      label: r.enterpriseName,
      detail: r.needTitle,
      date: r.dueOn,
      to: '/bank/dispatches',
      urgent: r.state === 'overdue',
    })),
  };
}

/** Dispatches a bank left unanswered past the deadline, escalated to the organizer (督办). */
async function organizerDispatchItem(db: DB, regionCode: string): Promise<TodoItem> {
  const d = await regionDispatches(db, regionCode, { filter: 'escalated', page: 1, pageSize: ENTRIES_PER_ITEM });
  return {
    key: 'dispatchesEscalated',
    count: d.counts.escalated,
    to: '/organizer/dispatches',
    urgent: d.counts.escalated > 0,
    entries: d.rows.map((r) => ({
      id: r.id,
      label: r.bankName,
      detail: `${r.enterpriseName} · ${r.needTitle}`,
      date: r.dueOn,
      to: '/organizer/dispatches',
      urgent: true,
    })),
  };
}

async function bankApplicationItems(db: DB, bankId: string, today: string): Promise<TodoItem[]> {
  const open = await bankApplications(db, bankId, { open: true, today });
  const overdue = open.filter((r) => r.clock.overdue);
  const entry = (r: (typeof open)[number]): TodoEntry => ({
    id: r.id,
    label: r.enterpriseName,
    detailKey: 'home.entry.applicationDue',
    detailParams: { product: r.productName, date: r.clock.dueOn },
    date: r.createdOn,
    to: '/bank/applications',
    urgent: r.clock.overdue,
  });
  return [
    {
      key: 'applicationsToHandle',
      count: open.length,
      to: '/bank/applications',
      urgent: open.length > 0,
      entries: open.slice(0, ENTRIES_PER_ITEM).map(entry),
    },
    {
      key: 'overdueApplications',
      count: overdue.length,
      to: '/bank/applications',
      urgent: overdue.length > 0,
      entries: overdue.slice(0, ENTRIES_PER_ITEM).map(entry),
    },
  ];
}

async function organizerApplicationsItem(db: DB, regionCode: string, today: string): Promise<TodoItem> {
  const overdue = (await regionApplications(db, regionCode, { open: true, today })).filter((r) => r.clock.overdue);
  return {
    key: 'overdueApplications',
    count: overdue.length,
    to: '/organizer/needs?filter=overdue#overdue-applications',
    urgent: overdue.length > 0,
    entries: overdue.slice(0, ENTRIES_PER_ITEM).map((r) => ({
      id: r.id,
      label: `${r.bankName} · ${r.enterpriseName}`,
      detailKey: 'home.entry.applicationDue',
      detailParams: { product: r.productName, date: r.clock.dueOn },
      date: r.createdOn,
      to: `/needs/financing/${r.needId}`,
      urgent: true,
    })),
  };
}

/* ------------------------------------------------------------ enterprise */

export interface EnterpriseHome {
  items: TodoItem[];
  /** open financing needs: how much the enterprise is looking for (not loans it has) */
  soughtAmount: number;
  unread: number;
}

/* The enterprise home's own statements, compiled once (decision 047b): the most frequent page. */
type NeedTable = 'financing_needs' | 'hiring_needs';
const openNeedsQuery = (table: NeedTable, kind: 'financing' | 'hiring') =>
  precompiled(`home.openNeeds.${kind}`, (db, a: { orgId: string }) =>
    db
      .selectFrom(`${table} as n` as 'financing_needs as n')
      .select([
        'n.id',
        'n.title',
        'n.status',
        'n.published_at',
        sql<number>`(select count(*) from need_interests ni where ni.need_kind = ${kind} and ni.need_id = n.id and ni.status <> 'withdrawn')`.as(
          'responses',
        ),
      ])
      .select(sql<string>`${kind}`.as('kind'))
      .where('n.organization_id', '=', a.orgId)
      .where('n.status', 'in', ['published', 'matched'])
      .orderBy('n.published_at', 'desc')
      .limit(50),
  );
const draftsQuery = (table: NeedTable, kind: 'financing' | 'hiring') =>
  precompiled(`home.drafts.${kind}`, (db, a: { orgId: string }) =>
    db
      .selectFrom(`${table} as n` as 'financing_needs as n')
      .select(['n.id', 'n.title', 'n.updated_at'])
      .select(sql<string>`${kind}`.as('kind'))
      .where('n.organization_id', '=', a.orgId)
      .where('n.status', '=', 'draft')
      .orderBy('n.updated_at', 'desc')
      .limit(ENTRIES_PER_ITEM),
  );
const draftCountQuery = (table: NeedTable) =>
  precompiledCount(`home.draftCount.${table}`, (db, a: { orgId: string }) =>
    db
      .selectFrom(table as 'financing_needs')
      .where('organization_id', '=', a.orgId)
      .where('status', '=', 'draft'),
  );
const pendingInterests = (db: DB, orgId: string) =>
  db
    .selectFrom('need_interests as ni')
    .innerJoin('organizations as b', 'b.id', 'ni.bank_org_id')
    .leftJoin('financing_needs as fn', (j) => j.onRef('fn.id', '=', 'ni.need_id').on('ni.need_kind', '=', 'financing'))
    .leftJoin('hiring_needs as hn', (j) => j.onRef('hn.id', '=', 'ni.need_id').on('ni.need_kind', '=', 'hiring'))
    .where('ni.enterprise_org_id', '=', orgId)
    .where('ni.status', '=', 'pending');
const ENTERPRISE_HOME = {
  openFinancing: openNeedsQuery('financing_needs', 'financing'),
  openHiring: openNeedsQuery('hiring_needs', 'hiring'),
  draftsFinancing: draftsQuery('financing_needs', 'financing'),
  draftsHiring: draftsQuery('hiring_needs', 'hiring'),
  draftCountFinancing: draftCountQuery('financing_needs'),
  draftCountHiring: draftCountQuery('hiring_needs'),
  pendingRows: precompiled('home.pendingInterests', (db, a: { orgId: string }) =>
    pendingInterests(db, a.orgId)
      .select((eb) => [
        'ni.id',
        'ni.need_kind',
        'ni.need_id',
        'ni.created_at',
        'b.name as bank',
        eb.fn.coalesce('fn.title', 'hn.title').as('title'),
      ])
      .orderBy('ni.created_at')
      .orderBy('ni.id')
      .limit(ENTRIES_PER_ITEM),
  ),
  pendingCount: precompiledCount('home.pendingInterestCount', (db, a: { orgId: string }) => pendingInterests(db, a.orgId)),
  sought: precompiled('home.soughtAmount', (db, a: { orgId: string }) =>
    db
      .selectFrom('financing_needs')
      .select((eb) => eb.fn.sum<string | number>('amount').as('total'))
      .where('organization_id', '=', a.orgId)
      .where('status', 'in', ['published', 'matched']),
  ),
};

export async function enterpriseHome(
  db: DB,
  member: { userId: string; org: HomeOrg },
  now: Date = new Date(),
  extra: TodoItem[] = [],
): Promise<EnterpriseHome> {
  const orgId = member.org.id;
  const today = chinaDate(now);
  const q = ENTERPRISE_HOME;
  const args = { orgId };
  const [finOpen, hirOpen, finDraft, hirDraft, pendingRows, pendingCount, [sought], sessions, unread, toConfirm, finDrafts, hirDrafts] =
    await Promise.all([
      q.openFinancing(db, args),
      q.openHiring(db, args),
      q.draftsFinancing(db, args),
      q.draftsHiring(db, args),
      q.pendingRows(db, args),
      q.pendingCount(db, args),
      q.sought(db, args),
      sessionsOfMember(db, member.org, today),
      unreadCount(db, member.userId),
      agreementsToConfirm(db, { orgId, side: 'enterprise' }),
      q.draftCountFinancing(db, args),
      q.draftCountHiring(db, args),
    ]);
  const open = [...finOpen, ...hirOpen].sort((a, b) => (b.published_at ?? '').localeCompare(a.published_at ?? ''));
  const draftRows = [...finDraft, ...hirDraft].sort((a, b) => b.updated_at.localeCompare(a.updated_at)).slice(0, ENTRIES_PER_ITEM);
  const items: TodoItem[] = [
    {
      key: 'interestsToAnswer',
      count: pendingCount,
      to: '/enterprise/interests?status=pending',
      urgent: pendingCount > 0,
      entries: pendingRows.map((r) => ({
        id: r.id,
        label: r.bank,
        detail: r.title ?? '',
        date: chinaDate(r.created_at),
        to: '/enterprise/interests?status=pending',
      })),
    },
    await enterpriseApplicationsItem(db, orgId, today),
    await enterpriseProblemsItem(db, orgId, today),
    ...extra,
    {
      key: 'openNeeds',
      count: open.length,
      to: '/enterprise/needs',
      emptyTo: '/enterprise/needs/financing/new',
      entries: open.slice(0, ENTRIES_PER_ITEM).map((r) => ({
        id: r.id,
        label: r.title,
        detailKey: 'home.entry.responses',
        detailParams: { count: n(r.responses) },
        date: r.published_at ? chinaDate(r.published_at) : undefined,
        to: needLink('/enterprise/needs', r.kind as 'financing' | 'hiring', r.id),
      })),
    },
    {
      key: 'drafts',
      count: finDrafts + hirDrafts,
      to: '/enterprise/needs?status=draft',
      entries: draftRows.map((r) => ({
        id: r.id,
        label: r.title,
        date: chinaDate(r.updated_at),
        to: needLink('/enterprise/needs', r.kind as 'financing' | 'hiring', r.id),
      })),
    },
    toConfirm,
    ...sessions,
  ];
  return { items, soughtAmount: n(sought?.total), unread };
}

/* ------------------------------------------------------------ bank */

/**
 * The user's previous visit: the last activity of their other sign-ins (the
 * current one is now). Without any, a week ago.
 */
const lastOtherVisit = precompiled('home.previousVisit', (db, a: { userId: string; sessionId: string }) =>
  db
    .selectFrom('auth_sessions')
    .select((eb) => eb.fn.max('last_seen_at').as('last'))
    .where('user_id', '=', a.userId)
    .where('id', '!=', a.sessionId),
);

export async function previousVisit(db: DB, userId: string, currentSessionId: string, now: Date = new Date()): Promise<string> {
  const [r] = await lastOtherVisit(db, { userId, sessionId: currentSessionId });
  return (r?.last as string | null | undefined) ?? new Date(now.getTime() - 7 * 86_400_000).toISOString();
}

/**
 * The bank home's statements that are the same for every bank but for its id (decision 047b):
 * the interests awaiting the enterprise or accepted by it, the agreements to approve and to
 * disburse (a list and a count each), and the bank's published products.
 */
const bankInterests = (db: DB, orgId: string, status: 'pending' | 'accepted') =>
  db
    .selectFrom('need_interests as ni')
    .innerJoin('organizations as e', 'e.id', 'ni.enterprise_org_id')
    .where('ni.bank_org_id', '=', orgId)
    .where('ni.status', '=', status);
const bankAgreements = (db: DB, orgId: string, status: 'signed' | 'approved') =>
  db
    .selectFrom('agreements as a')
    .innerJoin('organizations as e', 'e.id', 'a.enterprise_org_id')
    .where('a.bank_org_id', '=', orgId)
    .where('a.status', '=', status);
type OrgArgs = { orgId: string };
const BANK_HOME = {
  pendingRows: precompiled('home.bank.pendingInterests', (db, a: OrgArgs) =>
    bankInterests(db, a.orgId, 'pending')
      .select(['ni.id', 'ni.need_kind', 'ni.need_id', 'ni.created_at', 'e.name as enterprise'])
      .orderBy('ni.created_at')
      .orderBy('ni.id')
      .limit(ENTRIES_PER_ITEM),
  ),
  pendingCount: precompiledCount('home.bank.pendingInterestCount', (db, a: OrgArgs) => bankInterests(db, a.orgId, 'pending')),
  acceptedRows: precompiled('home.bank.acceptedInterests', (db, a: OrgArgs) =>
    bankInterests(db, a.orgId, 'accepted')
      .select(['ni.id', 'ni.need_kind', 'ni.need_id', 'ni.responded_at', 'e.name as enterprise'])
      .orderBy('ni.responded_at', 'desc')
      .orderBy('ni.id')
      .limit(ENTRIES_PER_ITEM),
  ),
  acceptedCount: precompiledCount('home.bank.acceptedInterestCount', (db, a: OrgArgs) => bankInterests(db, a.orgId, 'accepted')),
  signedRows: precompiled('home.bank.signedAgreements', (db, a: OrgArgs) =>
    bankAgreements(db, a.orgId, 'signed')
      .select(['a.id', 'a.amount', 'a.signed_on', 'e.name as enterprise'])
      .orderBy('a.signed_on')
      .orderBy('a.id')
      .limit(ENTRIES_PER_ITEM),
  ),
  signedCount: precompiledCount('home.bank.signedAgreementCount', (db, a: OrgArgs) => bankAgreements(db, a.orgId, 'signed')),
  approvedRows: precompiled('home.bank.approvedAgreements', (db, a: OrgArgs) =>
    bankAgreements(db, a.orgId, 'approved')
      .select(['a.id', 'a.approved_amount', 'a.approved_on', 'e.name as enterprise'])
      .orderBy('a.approved_on')
      .orderBy('a.id')
      .limit(ENTRIES_PER_ITEM),
  ),
  approvedCount: precompiledCount('home.bank.approvedAgreementCount', (db, a: OrgArgs) => bankAgreements(db, a.orgId, 'approved')),
  publishedProducts: precompiledCount('home.bank.publishedProducts', (db, a: OrgArgs) =>
    db.selectFrom('loan_products').where('organization_id', '=', a.orgId).where('status', '=', 'published'),
  ),
};

export interface BankHome {
  items: TodoItem[];
  publishedProducts: number;
  unread: number;
  since: string;
}

export async function bankHome(
  db: DB,
  member: { userId: string; sessionId: string; org: HomeOrg },
  now: Date = new Date(),
  extra: TodoItem[] = [],
): Promise<BankHome> {
  const orgId = member.org.id;
  const today = chinaDate(now);
  const [regions, since, holidays] = await Promise.all([
    bankServedRegions(db, orgId, member.org.region_code),
    previousVisit(db, member.userId, member.sessionId, now),
    getHolidays(db, member.org.region_code),
  ]);
  // the strictest deadline of the regions served decides "overdue" on the home page
  const dueDays = Math.min(...(await Promise.all(regions.map((r) => getResponseDueDays(db, r)))));
  const overdueCutoff = chinaDayEndIso(latestOverdueStart(today, dueDays, holidays));

  // the regions as code ranges: a LIKE per region made PostgreSQL read every published need.
  // `walk`: the regions compared `unindexed`, so that the needs are read in publication order
  // (the status and publication index) and each checked for its region, up to the page's few:
  // for a bank serving the province, reading the region's range instead meant every published
  // need and a sort (7–80 ms on the benchmark data; 0.1 ms walking). A city's or a county's
  // needs are few enough to read by range, and a walk for them could pass every need of the
  // province when theirs are few.
  const provinceWide = regions.some((r) => regionPrefix(r).length <= 2);
  // The needs alone: the enterprises' names are read for the listed few afterwards. Joined in the
  // list, SQLite looked up the enterprise of every candidate need of the regions before sorting
  // (a city's 2,000–8,000 on the benchmark data: 9.5 ms, 1.8 alone). The counts too: with the join
  // and a LIKE per region SQLite scanned every organization and looked up its needs — 55–70 ms for
  // a bank of a city or the province — 2.7–12 ms this way (decision 040e). Every need has its
  // organization (foreign key), so nothing is lost.
  const needsIn = (walk: boolean) =>
    db
      .selectFrom('financing_needs as n')
      .where('n.status', '=', 'published')
      .where((eb) => eb.or(regions.map((r) => inRegion('n.region_code', r, { unindexed: walk }))));
  const notAnsweredByUs = sql<boolean>`not exists (select 1 from need_interests ni where ni.need_kind = 'financing' and ni.need_id = n.id and ni.bank_org_id = ${orgId} and ni.status <> 'withdrawn')`;
  const noResponse = unanswered('financing');
  const newQ = (walk: boolean) => needsIn(walk).where('n.published_at', '>', since).where(notAnsweredByUs);
  const overdueQ = (walk: boolean) => needsIn(walk).where('n.published_at', '<', overdueCutoff).where(noResponse);
  const pick = ['n.id', 'n.title', 'n.amount', 'n.published_at', 'n.organization_id'] as const;
  // A city's or county's lists sort their regions' needs: ordered by the bare column, SQLite
  // chose to read the publication index in order instead (every need of the province, each
  // looked up for its region: 20 ms for 郑州's banks on the benchmark data, 1.9 through the
  // region's range and a sort). The unindexed column gives the same order, not an index's.
  const publication = provinceWide ? sql.ref<string>('n.published_at') : unindexed('n.published_at');

  const count = countOf;
  const q = BANK_HOME;
  const args = { orgId };

  const [
    newRows,
    newCount,
    overdueRows,
    overdueCount,
    pendRows,
    pendCount,
    accRows,
    accCount,
    signRows,
    signCount,
    apprRows,
    apprCount,
    toConfirm,
    sessions,
    products,
    unread,
  ] = await Promise.all([
    newQ(provinceWide)
      .select([...pick])
      .orderBy(publication, 'desc')
      .orderBy('n.id')
      .limit(ENTRIES_PER_ITEM)
      .execute(),
    count(newQ(false)),
    overdueQ(provinceWide)
      .select([...pick])
      .orderBy(publication)
      .orderBy('n.id')
      .limit(ENTRIES_PER_ITEM)
      .execute(),
    // the same for every bank serving these regions: kept while the data is unchanged
    countPerDataVersion(
      db,
      overdueQ(false).select((eb) => eb.fn.countAll<number>().as('n')),
    ),
    q.pendingRows(db, args),
    q.pendingCount(db, args),
    q.acceptedRows(db, args),
    q.acceptedCount(db, args),
    q.signedRows(db, args),
    q.signedCount(db, args),
    q.approvedRows(db, args),
    q.approvedCount(db, args),
    agreementsToConfirm(db, { orgId, side: 'bank' }),
    sessionsOfMember(db, member.org, today),
    q.publishedProducts(db, args),
    unreadCount(db, member.userId),
  ]);
  const names = await organizationNames(
    db,
    [...newRows, ...overdueRows].map((r) => r.organization_id),
  );
  const needEntry = (r: (typeof newRows)[number], urgent = false): TodoEntry => ({
    id: r.id,
    label: r.title,
    detailKey: 'home.entry.needOf',
    detailParams: { enterprise: names.get(r.organization_id) ?? '', amount: r.amount },
    date: r.published_at ? chinaDate(r.published_at) : undefined,
    to: `/needs/financing/${r.id}`,
    urgent,
  });
  const items: TodoItem[] = [
    { key: 'newNeeds', count: newCount, to: '/needs', entries: newRows.map((r) => needEntry(r)) },
    {
      key: 'overdueNeeds',
      count: overdueCount,
      to: '/needs',
      urgent: overdueCount > 0,
      entries: overdueRows.map((r) => needEntry(r, true)),
    },
    ...(await bankApplicationItems(db, orgId, today)),
    await bankListsItem(db, orgId, today),
    await bankDispatchItem(db, orgId),
    await bankProblemsItem(db, orgId, today),
    ...extra,
    {
      key: 'interestsAwaiting',
      count: pendCount,
      to: '/bank/interests?status=pending',
      emptyTo: '/needs',
      entries: pendRows.map((r) => ({
        id: r.id,
        label: r.enterprise,
        date: chinaDate(r.created_at),
        to: `/needs/${r.need_kind}/${r.need_id}`,
      })),
    },
    {
      key: 'interestsAccepted',
      count: accCount,
      to: '/bank/interests?status=accepted',
      entries: accRows.map((r) => ({
        id: r.id,
        label: r.enterprise,
        date: r.responded_at ? chinaDate(r.responded_at) : undefined,
        to: `/needs/${r.need_kind}/${r.need_id}`,
      })),
    },
    toConfirm,
    {
      key: 'toApprove',
      count: signCount,
      to: '/agreements?status=signed',
      entries: signRows.map((r) => ({
        id: r.id,
        label: r.enterprise,
        detailKey: 'home.entry.amount',
        detailParams: { amount: r.amount },
        date: r.signed_on,
        to: `/agreements/${r.id}`,
      })),
    },
    {
      key: 'toDisburse',
      count: apprCount,
      to: '/agreements?status=approved',
      entries: apprRows.map((r) => ({
        id: r.id,
        label: r.enterprise,
        detailKey: 'home.entry.approved',
        detailParams: { amount: r.approved_amount ?? 0 },
        date: r.approved_on ?? undefined,
        to: `/agreements/${r.id}`,
      })),
    },
    ...sessions,
  ];
  return { items, publishedProducts: products, unread, since: chinaDate(since) };
}

/* ------------------------------------------------------------ organizer */

export interface OrganizerHome {
  items: TodoItem[];
  counts: { verifiedEnterprises: number; verifiedBanks: number };
}

export async function organizerHome(db: DB, regionCode: string, now: Date = new Date(), extra: TodoItem[] = []): Promise<OrganizerHome> {
  const today = chinaDate(now);
  const weekEnd = addDays(today, 6);
  // organizations waiting for verification, and verified ones whose change of identity waits (issue 13, decision 031c)
  const pendingQ = db
    .selectFrom('organizations as o')
    .leftJoin('org_change_requests as r', (j) => j.onRef('r.organization_id', '=', 'o.id').on('r.status', '=', 'pending'))
    .where(inRegion('o.region_code', regionCode))
    .where('o.kind', 'in', ['enterprise', 'bank'])
    .where((eb) => eb.or([eb('o.status', '=', 'pending'), eb('r.id', 'is not', null)]));
  const rule = await lateRule(db, regionCode, now);
  const lateQ = db
    .selectFrom('agreements as a')
    .innerJoin('organizations as b', 'b.id', 'a.bank_org_id')
    .innerJoin('organizations as e', 'e.id', 'a.enterprise_org_id')
    .where(inRegion('a.region_code', regionCode))
    .where('a.status', '=', 'signed')
    .where('a.signed_on', '<=', rule.cutoff);
  const [pendRows, pendCount, overdue, waiting, toConfirm, lateRows, lateCount, week, orgCounts] = await Promise.all([
    pendingQ
      .select(['o.id', 'o.name', 'o.kind', sql<string>`coalesce(r.requested_at, o.created_at)`.as('created_at'), 'r.id as change_id'])
      .orderBy(sql`coalesce(r.requested_at, o.created_at)`)
      .orderBy('o.id')
      .limit(ENTRIES_PER_ITEM)
      .execute(),
    pendingQ.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    regionNeedTracking(db, regionCode, { filter: 'overdue', page: 1, pageSize: ENTRIES_PER_ITEM, today }),
    // the tabs' counts come with the first call
    regionNeedTracking(db, regionCode, { filter: 'waiting', page: 1, pageSize: ENTRIES_PER_ITEM, today, counts: false }),
    agreementsToConfirm(db, { regionCode }),
    lateQ
      .select(['a.id', 'a.amount', 'a.signed_on', 'b.name as bank', 'e.name as enterprise'])
      .orderBy('a.signed_on')
      .orderBy('a.id')
      .limit(ENTRIES_PER_ITEM)
      .execute(),
    lateQ.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('events as ev')
      .select((eb) => [
        'ev.id',
        'ev.title',
        'ev.event_date',
        'ev.start_time',
        'ev.capacity',
        eb
          .selectFrom('event_participants as p')
          .select((e2) => e2.fn.countAll<string | number>().as('c'))
          .whereRef('p.event_id', '=', 'ev.id')
          .where('p.status', 'in', ['accepted', 'registered'])
          .as('attending'),
      ])
      .where(inRegion('ev.region_code', regionCode))
      .where('ev.status', '!=', 'draft')
      .where('ev.event_date', '>=', today)
      .where('ev.event_date', '<=', weekEnd)
      .orderBy('ev.event_date')
      .orderBy('ev.start_time')
      .orderBy('ev.id')
      .limit(20)
      .execute(),
    db
      .selectFrom('organizations')
      .select(['kind', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where(inRegion('region_code', regionCode))
      .where('status', '=', 'verified')
      .groupBy('kind')
      .execute(),
  ]);
  const tracked = (rows: typeof overdue.rows, urgent: boolean): TodoEntry[] =>
    rows.map((r) => ({
      id: r.id,
      label: r.title,
      detailKey: 'home.entry.waiting',
      detailParams: { enterprise: r.enterpriseName, days: r.workingDaysWaiting },
      date: r.publishedAt ? chinaDate(r.publishedAt) : undefined,
      to: `/needs/${r.kind}/${r.id}`,
      urgent,
    }));
  const items: TodoItem[] = [
    {
      key: 'verifications',
      count: n(pendCount.n),
      to: '/organizer/verifications',
      urgent: n(pendCount.n) > 0,
      entries: pendRows.map((r) => ({
        id: r.id,
        label: r.name,
        detailKey: r.change_id ? 'home.entry.identityChange' : `home.entry.kind.${r.kind}`,
        date: chinaDate(r.created_at),
        to: `/organizer/verifications/${r.id}`,
      })),
    },
    {
      key: 'overdueNeeds',
      count: overdue.counts.overdue,
      to: '/organizer/needs?filter=overdue',
      urgent: overdue.counts.overdue > 0,
      entries: tracked(overdue.rows, true),
    },
    // within the deadline only: the overdue ones have their own card above
    { key: 'unansweredNeeds', count: overdue.counts.waiting, to: '/organizer/needs?filter=waiting', entries: tracked(waiting.rows, false) },
    await organizerApplicationsItem(db, regionCode, today),
    await organizerListsItem(db, regionCode, today),
    await organizerDispatchItem(db, regionCode),
    ...(await organizerProblemsItems(db, regionCode, today)),
    ...extra,
    toConfirm,
    {
      key: 'lateAgreements',
      count: n(lateCount.n),
      to: '/agreements?late=1',
      urgent: n(lateCount.n) > 0,
      entries: lateRows.map((r) => agreementEntry(r, `${r.bank} · ${r.enterprise}`)),
    },
    {
      key: 'weekSessions',
      count: week.length,
      to: '/organizer/events',
      emptyTo: '/organizer/events/new',
      entries: week.map((e) => ({
        id: e.id,
        label: e.title,
        detailKey: 'home.entry.attending',
        detailParams: { attending: n(e.attending), capacity: e.capacity, time: e.start_time },
        date: e.event_date,
        to: `/organizer/events/${e.id}`,
      })),
    },
  ];
  const get = (k: string) => n(orgCounts.find((r) => r.kind === k)?.n);
  return { items, counts: { verifiedEnterprises: get('enterprise'), verifiedBanks: get('bank') } };
}

/* ------------------------------------------------------------ administrator */

export interface AdminHome {
  items: TodoItem[];
}

export async function adminHome(db: DB): Promise<AdminHome> {
  const orgQ = db.selectFrom('users').where('role', '=', 'organizer');
  const [organizers, orgCount, regions, signIns, changes] = await Promise.all([
    orgQ
      .select(['id', 'name', 'region_code', 'active', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(ENTRIES_PER_ITEM)
      .execute(),
    orgQ.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow(),
    orgQ
      .select(['region_code', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('active', '=', 1)
      .groupBy('region_code')
      .orderBy('region_code')
      .execute(),
    db
      .selectFrom('auth_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.id', 's.created_at', 's.ip', 'u.id as user_id', 'u.name', 'u.role'])
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id')
      .limit(8)
      .execute(),
    orgQ
      .select(['id', 'name', 'region_code', 'active', 'updated_at', 'created_at'])
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(ENTRIES_PER_ITEM)
      .execute(),
  ]);
  const userLink = (id: string, role: string) => (role === 'organizer' ? `/admin/organizers/${id}` : '/admin/organizers');
  return {
    items: [
      {
        key: 'organizers',
        count: n(orgCount.n),
        to: '/admin/organizers',
        emptyTo: '/admin/organizers',
        entries: organizers.map((o) => ({
          id: o.id,
          label: o.name,
          detail: regionName(o.region_code),
          detailKey: o.active ? undefined : 'home.entry.inactive',
          date: chinaDate(o.created_at),
          to: `/admin/organizers/${o.id}`,
        })),
      },
      {
        key: 'regions',
        count: regions.filter((r) => r.region_code).length,
        to: '/admin/organizers',
        entries: regions
          .filter((r) => r.region_code)
          .slice(0, 10)
          .map((r) => ({
            id: r.region_code as string,
            label: regionName(r.region_code),
            detailKey: 'home.entry.organizerCount',
            detailParams: { count: n(r.n) },
            to: '/admin/organizers',
          })),
      },
      {
        key: 'signIns',
        count: signIns.length,
        to: '/admin/organizers',
        entries: signIns.map((s) => ({
          id: s.id,
          label: s.name,
          detailKey: `home.entry.role.${s.role}`,
          date: chinaDate(s.created_at),
          to: userLink(s.user_id, s.role),
        })),
      },
      {
        key: 'accountChanges',
        count: changes.length,
        to: '/admin/organizers',
        entries: changes.map((c) => ({
          id: c.id,
          label: c.name,
          detailKey: c.updated_at === c.created_at ? 'home.entry.created' : c.active ? 'home.entry.changed' : 'home.entry.deactivated',
          date: chinaDate(c.updated_at),
          to: `/admin/organizers/${c.id}`,
        })),
      },
    ],
  };
}
