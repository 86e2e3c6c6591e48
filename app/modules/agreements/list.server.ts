/**
 * The role-aware list of agreements: a bank sees its own bank's, an enterprise its
 * own, an organizer its region's (region_code prefix). Filters, paging, and the
 * totals of the whole filtered list (not only the page). Exports use the same
 * query, so a file holds exactly what the screen lists.
 *
 * Totals count confirmed agreements only (confirmed_at set); a terminated one
 * keeps its signed amount in the signed total and also shows as terminated.
 */
import { sql } from 'kysely';
import { inRegion } from '~/modules/regions/regions.server';
import { keptPerDataVersion } from '~/utils/count-cache.server';
import type { DB } from '~/utils/db.server';
import type { AgreementActor } from './agreements.server';
import type { AgreementStatus } from './lifecycle';
import type { AgreementFilters } from './schema';

export type AgreementScope =
  | { kind: 'bank'; orgId: string }
  | { kind: 'enterprise'; orgId: string }
  | { kind: 'organizer'; regionCode: string };

export function scopeOf(actor: AgreementActor): AgreementScope {
  return actor.kind === 'organizer' ? { kind: 'organizer', regionCode: actor.regionCode } : { kind: actor.kind, orgId: actor.orgId };
}

export interface ListOptions {
  /** late filter: the latest signing date that is late today (organizers only) */
  lateCutoff?: string;
}

/** Escapes LIKE wildcards; the pattern is used with `escape '\'`. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function base(db: DB, scope: AgreementScope, filters: AgreementFilters, opts: ListOptions) {
  let q = db
    .selectFrom('agreements as a')
    .innerJoin('organizations as b', 'b.id', 'a.bank_org_id')
    .innerJoin('organizations as e', 'e.id', 'a.enterprise_org_id');
  if (scope.kind === 'bank') q = q.where('a.bank_org_id', '=', scope.orgId);
  else if (scope.kind === 'enterprise') q = q.where('a.enterprise_org_id', '=', scope.orgId);
  else q = q.where(inRegion('a.region_code', scope.regionCode));
  if (filters.status) q = q.where('a.status', '=', filters.status);
  if (filters.eventId) q = q.where('a.event_id', '=', filters.eventId);
  if (filters.bankId) q = q.where('a.bank_org_id', '=', filters.bankId);
  if (filters.enterpriseId) q = q.where('a.enterprise_org_id', '=', filters.enterpriseId);
  if (filters.from) q = q.where('a.signed_month', '>=', filters.from);
  if (filters.to) q = q.where('a.signed_month', '<=', filters.to);
  if (filters.late && scope.kind === 'organizer' && opts.lateCutoff)
    q = q.where('a.status', '=', 'signed').where('a.signed_on', '<=', opts.lateCutoff);
  // a district of the organizer's region (outside it: nothing, as the scope filter above already says)
  if (filters.district) q = q.where(inRegion('a.region_code', filters.district));
  if (filters.q) {
    const p = likePattern(filters.q);
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`lower(b.name) like ${p} escape '\\'`,
        sql<boolean>`lower(e.name) like ${p} escape '\\'`,
        sql<boolean>`lower(coalesce(a.document_no, '')) like ${p} escape '\\'`,
      ]),
    );
  }
  return q;
}

export interface AgreementListRow {
  id: string;
  documentNo: string | null;
  status: AgreementStatus;
  bankId: string;
  bankName: string;
  enterpriseId: string;
  enterpriseName: string;
  regionCode: string;
  eventId: string | null;
  eventTitle: string | null;
  amount: number;
  termMonths: number | null;
  signedOn: string;
  confirmedAt: string | null;
  approvedAmount: number | null;
  approvedOn: string | null;
  disbursedAmount: number;
  lastDisbursedOn: string | null;
  statusReason: string | null;
  bankSignatory: string;
  enterpriseSignatory: string;
}

async function selectRows(
  db: DB,
  scope: AgreementScope,
  filters: AgreementFilters,
  opts: ListOptions,
  limit: number,
  offset: number,
): Promise<AgreementListRow[]> {
  const rows = await base(db, scope, filters, opts)
    .leftJoin('events as ev', 'ev.id', 'a.event_id')
    .select([
      'a.id',
      'a.document_no',
      'a.status',
      'a.bank_org_id',
      'b.name as bank_name',
      'a.enterprise_org_id',
      'e.name as enterprise_name',
      'a.region_code',
      'a.event_id',
      'ev.title as event_title',
      'a.amount',
      'a.term_months',
      'a.signed_on',
      'a.confirmed_at',
      'a.approved_amount',
      'a.approved_on',
      'a.disbursed_amount',
      'a.last_disbursed_on',
      'a.status_reason',
      'a.bank_signatory',
      'a.enterprise_signatory',
    ])
    .$call((q) => {
      const order = filters.order ?? 'signed-desc';
      const dir = order.endsWith('asc') ? 'asc' : 'desc';
      return order.startsWith('amount')
        ? q.orderBy('a.amount', dir).orderBy('a.signed_on', 'desc')
        : q.orderBy('a.signed_on', dir).orderBy('a.created_at', dir);
    })
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    documentNo: r.document_no,
    status: r.status,
    bankId: r.bank_org_id,
    bankName: r.bank_name,
    enterpriseId: r.enterprise_org_id,
    enterpriseName: r.enterprise_name,
    regionCode: r.region_code,
    eventId: r.event_id,
    eventTitle: r.event_title ?? null,
    amount: Number(r.amount),
    termMonths: r.term_months,
    signedOn: r.signed_on,
    confirmedAt: r.confirmed_at,
    approvedAmount: r.approved_amount === null ? null : Number(r.approved_amount),
    approvedOn: r.approved_on,
    disbursedAmount: Number(r.disbursed_amount),
    lastDisbursedOn: r.last_disbursed_on,
    statusReason: r.status_reason,
    bankSignatory: r.bank_signatory,
    enterpriseSignatory: r.enterprise_signatory,
  }));
}

export interface AgreementTotals {
  /** rows in the filtered list, whatever their status */
  count: number;
  /** confirmed agreements (signed, approved, disbursed, or terminated after signing) */
  confirmedCount: number;
  /** 元: the signed total (confirmed only; terminated ones included) */
  signedAmount: number;
  approvedAmount: number;
  disbursedAmount: number;
  /** distinct banks and enterprises among the confirmed agreements */
  bankCount: number;
  enterpriseCount: number;
  terminatedCount: number;
  terminatedAmount: number;
  /** proposals waiting for the other side */
  proposedCount: number;
  proposedAmount: number;
}

/**
 * Totals of the whole filtered list. Sums are integer 元 (PostgreSQL returns numeric text: converted here).
 * Kept per data version under the exact query (SQL and parameters), like the directories' totals
 * (`countPerDataVersion`): every view of the list aggregates all of the scope's agreements otherwise.
 */
export async function agreementTotals(
  db: DB,
  scope: AgreementScope,
  filters: AgreementFilters,
  opts: ListOptions = {},
): Promise<AgreementTotals> {
  const compiled = base(db, scope, filters, opts)
    .select([
      sql<string | number>`count(*)`.as('count'),
      sql<string | number>`count(a.confirmed_at)`.as('confirmed_count'),
      sql<string | number | null>`sum(case when a.confirmed_at is not null then a.amount else 0 end)`.as('signed_amount'),
      sql<string | number | null>`sum(case when a.confirmed_at is not null then coalesce(a.approved_amount, 0) else 0 end)`.as(
        'approved_amount',
      ),
      sql<string | number | null>`sum(case when a.confirmed_at is not null then a.disbursed_amount else 0 end)`.as('disbursed_amount'),
      sql<string | number>`count(distinct case when a.confirmed_at is not null then a.bank_org_id end)`.as('bank_count'),
      sql<string | number>`count(distinct case when a.confirmed_at is not null then a.enterprise_org_id end)`.as('enterprise_count'),
      sql<string | number>`sum(case when a.status = 'terminated' then 1 else 0 end)`.as('terminated_count'),
      sql<string | number | null>`sum(case when a.status = 'terminated' then a.amount else 0 end)`.as('terminated_amount'),
      sql<string | number>`sum(case when a.status = 'proposed' then 1 else 0 end)`.as('proposed_count'),
      sql<string | number | null>`sum(case when a.status = 'proposed' then a.amount else 0 end)`.as('proposed_amount'),
    ])
    .compile();
  const key = `agreements.totals:${compiled.sql}\u0000${JSON.stringify(compiled.parameters, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`;
  // an aggregate without grouping: always one row
  const r = await keptPerDataVersion(db, key, async () => (await db.executeQuery(compiled)).rows[0]);
  const n = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
  return {
    count: n(r.count),
    confirmedCount: n(r.confirmed_count),
    signedAmount: n(r.signed_amount),
    approvedAmount: n(r.approved_amount),
    disbursedAmount: n(r.disbursed_amount),
    bankCount: n(r.bank_count),
    enterpriseCount: n(r.enterprise_count),
    terminatedCount: n(r.terminated_count),
    terminatedAmount: n(r.terminated_amount),
    proposedCount: n(r.proposed_count),
    proposedAmount: n(r.proposed_amount),
  };
}

export async function listAgreements(
  db: DB,
  scope: AgreementScope,
  filters: AgreementFilters,
  opts: ListOptions & { page: number; pageSize: number },
): Promise<{ rows: AgreementListRow[]; totals: AgreementTotals }> {
  const [rows, totals] = await Promise.all([
    selectRows(db, scope, filters, opts, opts.pageSize, (opts.page - 1) * opts.pageSize),
    agreementTotals(db, scope, filters, opts),
  ]);
  return { rows, totals };
}

/** Most rows one export holds. */
export const EXPORT_LIMIT = 50_000;

/** Every row of the filtered list, in the list's order (for exports). */
export function allAgreements(
  db: DB,
  scope: AgreementScope,
  filters: AgreementFilters,
  opts: ListOptions = {},
): Promise<AgreementListRow[]> {
  return selectRows(db, scope, filters, opts, EXPORT_LIMIT, 0);
}

export interface FilterChoices {
  events: { value: string; label: string }[];
  banks: { value: string; label: string }[];
  enterprises: { value: string; label: string }[];
}

/**
 * The events and counterparties that occur in the actor's agreements (the filter form's
 * options): the same for every view of the list while the data is unchanged, so kept per
 * data version (three DISTINCT queries over all the scope's agreements otherwise).
 */
export async function filterChoices(db: DB, scope: AgreementScope): Promise<FilterChoices> {
  const key = `agreements.filterChoices:${scope.kind}:${scope.kind === 'organizer' ? scope.regionCode : scope.orgId}`;
  return keptPerDataVersion(db, key, () => readFilterChoices(db, scope));
}

async function readFilterChoices(db: DB, scope: AgreementScope): Promise<FilterChoices> {
  const all = base(db, scope, {}, {});
  const [events, banks, enterprises] = await Promise.all([
    all
      .innerJoin('events as ev', 'ev.id', 'a.event_id')
      .select(['ev.id', 'ev.title', 'ev.event_date'])
      .distinct()
      .orderBy('ev.event_date', 'desc')
      .limit(200)
      .execute(),
    scope.kind === 'bank' ? Promise.resolve([]) : all.select(['b.id', 'b.name']).distinct().orderBy('b.name').limit(500).execute(),
    scope.kind === 'enterprise' ? Promise.resolve([]) : all.select(['e.id', 'e.name']).distinct().orderBy('e.name').limit(2000).execute(),
  ]);
  return {
    events: events.map((e) => ({ value: e.id, label: `${e.event_date} ${e.title}` })),
    banks: banks.map((b) => ({ value: b.id, label: b.name })),
    enterprises: enterprises.map((e) => ({ value: e.id, label: e.name })),
  };
}
