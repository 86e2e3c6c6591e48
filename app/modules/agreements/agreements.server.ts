import { chinaDate } from '~/modules/calendar/working-days';
import { policyMask, type PolicyTool } from '~/modules/catalog/codes';
import { notifyAgreementCreated, notifyAgreementStep } from '~/modules/notifications/agreements.server';
import { applyAgreementChange } from '~/modules/reports/rollups.server';
import { regionCovers, regionPrefix } from '~/modules/regions/regions.server';
import { uniqueViolation } from '~/utils/db-errors';
import { type DB, inTransaction } from '~/utils/db.server';
import { AppError, notFound } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import { diffRows, writeAudit } from './audit';
import { checkTerms, planStep, type AgreementRow, type Refusal, type Side, type Step } from './lifecycle';

export type { AgreementRow } from './lifecycle';

/** Who is acting, as the routes know it. */
export interface PartyActor<K extends 'bank' | 'enterprise'> {
  kind: K;
  userId: string;
  orgId: string;
  verified: boolean;
}
export interface OrganizerActor {
  kind: 'organizer';
  userId: string;
  regionCode: string;
  /** the organizer's department, if any */
  orgId: string | null;
}
export type AgreementActor = PartyActor<'bank'> | PartyActor<'enterprise'> | OrganizerActor;

/** A refusal of the lifecycle rules (./lifecycle) as the one domain error: its status, message key and field. */
function refused(r: Refusal): AppError {
  return new AppError(r.status, r.error, r.field ? { field: r.field } : undefined);
}

const refuse = (status: 400 | 403 | 409, key: string, field?: string): AppError => new AppError(status, key, field ? { field } : undefined);

/** The actor's side of this agreement, or null when it may not see it. */
export function sideOf(actor: AgreementActor, row: Pick<AgreementRow, 'bank_org_id' | 'enterprise_org_id' | 'region_code'>): Side | null {
  if (actor.kind === 'organizer') return regionCovers(actor.regionCode, row.region_code) ? 'organizer' : null;
  if (actor.kind === 'bank') return row.bank_org_id === actor.orgId ? 'bank' : null;
  return row.enterprise_org_id === actor.orgId ? 'enterprise' : null;
}

export async function getAgreement(db: DB, id: string): Promise<AgreementRow | undefined> {
  return db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The agreement if the actor may see it (else undefined: answer 404). */
export async function getAgreementForActor(
  db: DB,
  actor: AgreementActor,
  id: string,
): Promise<{ row: AgreementRow; side: Side } | undefined> {
  const row = await getAgreement(db, id);
  if (!row) return undefined;
  const side = sideOf(actor, row);
  return side ? { row, side } : undefined;
}

/* ------------------------------------------------------------ creation */

export interface NewAgreementInput {
  bankId: string;
  enterpriseId: string;
  eventId?: string | null;
  needId?: string | null;
  productId?: string | null;
  /** policy tools used (issue 18); none given: those of the product */
  policies?: readonly PolicyTool[];
  /** 元 */
  amount: number;
  termMonths?: number | null;
  documentNo?: string | null;
  signedOn: string;
  bankSignatory?: string | null;
  enterpriseSignatory?: string | null;
}

/** Who records it: a party (a proposal) or an organizer (confirmed at once). */
export interface Recorder {
  userId: string;
  side: Side;
  /** the recording organization (bank or enterprise id); for an organizer its department or region marker */
  orgId: string;
}

export interface WriteOptions {
  /** fixed id (seed data) */
  id?: string;
  /** timestamp of the write (seed data, import of past signings); default now */
  at?: string;
  /** why, for the `created` audit entry (the import names its file) */
  reason?: string;
}

async function documentNoTaken(db: DB, documentNo: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('agreements').select('id').where('document_no', '=', documentNo);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/**
 * Creates an agreement inside the given transaction (or database handle): checks
 * the terms and references, writes the row, its `created` audit entry and calls
 * the reports hook. Organizer-recorded agreements are confirmed at once, the
 * organizer being the confirming party. No access checks beyond the references:
 * callers (the form, the import) decide who may record what. A refusal throws
 * AppError (400 on a field); nothing is written then.
 */
export async function insertAgreement(
  trx: DB,
  recorder: Recorder,
  input: NewAgreementInput,
  opts: WriteOptions = {},
): Promise<AgreementRow> {
  const now = opts.at ?? nowIso();
  const today = chinaDate(now);
  const terms = checkTerms({ amount: input.amount, signed_on: input.signedOn }, today);
  if (terms) throw refused(terms);
  const [bank, enterprise] = await Promise.all([
    trx.selectFrom('organizations').select(['id', 'kind', 'status']).where('id', '=', input.bankId).executeTakeFirst(),
    trx
      .selectFrom('organizations')
      .select(['id', 'kind', 'status', 'region_code', 'industry'])
      .where('id', '=', input.enterpriseId)
      .executeTakeFirst(),
  ]);
  if (!bank || bank.kind !== 'bank' || bank.status !== 'verified') throw refuse(400, 'agreements.v.bankUnknown', 'bankId');
  if (!enterprise || enterprise.kind !== 'enterprise' || enterprise.status !== 'verified')
    throw refuse(400, 'agreements.v.enterpriseUnknown', 'enterpriseId');
  if (input.eventId) {
    const ev = await trx.selectFrom('events').select(['id', 'status']).where('id', '=', input.eventId).executeTakeFirst();
    if (!ev || ev.status === 'draft') throw refuse(400, 'agreements.v.eventUnknown', 'eventId');
  }
  if (input.needId) {
    const need = await trx
      .selectFrom('financing_needs')
      .select(['organization_id', 'status'])
      .where('id', '=', input.needId)
      .executeTakeFirst();
    if (!need || need.organization_id !== enterprise.id || need.status === 'draft') throw refuse(400, 'agreements.v.needUnknown', 'needId');
  }
  let productCategory: string | null = null;
  let policies = input.policies?.length ? policyMask(input.policies) : 0;
  if (input.productId) {
    const product = await trx
      .selectFrom('loan_products')
      .select(['organization_id', 'status', 'category', 'policy_mask'])
      .where('id', '=', input.productId)
      .executeTakeFirst();
    if (!product || product.organization_id !== bank.id || product.status === 'draft')
      throw refuse(400, 'agreements.v.productUnknown', 'productId');
    productCategory = product.category;
    if (!input.policies?.length) policies = product.policy_mask;
  }
  const documentNo = input.documentNo?.trim() || null;
  if (documentNo && (await documentNoTaken(trx, documentNo))) throw refuse(400, 'agreements.v.documentNoTaken', 'documentNo');

  const confirmed = recorder.side === 'organizer';
  const id = opts.id ?? newId();
  await trx
    .insertInto('agreements')
    .values({
      id,
      document_no: documentNo,
      event_id: input.eventId ?? null,
      bank_org_id: bank.id,
      enterprise_org_id: enterprise.id,
      need_id: input.needId ?? null,
      product_id: input.productId ?? null,
      region_code: enterprise.region_code,
      industry: enterprise.industry,
      product_category: productCategory,
      policy_mask: policies,
      amount: input.amount,
      term_months: input.termMonths ?? null,
      signed_on: input.signedOn,
      signed_month: input.signedOn.slice(0, 7),
      bank_signatory: input.bankSignatory?.trim() ?? '',
      enterprise_signatory: input.enterpriseSignatory?.trim() ?? '',
      status: confirmed ? 'signed' : 'proposed',
      proposed_by_org_id: recorder.orgId,
      proposed_by_user_id: recorder.userId,
      confirmed_by_user_id: confirmed ? recorder.userId : null,
      confirmed_at: confirmed ? now : null,
      approved_amount: null,
      approved_on: null,
      disbursed_amount: 0,
      last_disbursed_on: null,
      status_reason: null,
      terminated_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const row = (await getAgreement(trx, id))!;
  await writeAudit(trx, {
    agreementId: id,
    userId: recorder.userId,
    action: 'created',
    changes: diffRows(null, row),
    reason: opts.reason ?? null,
    at: now,
  });
  await applyAgreementChange(trx, null, row);
  await notifyAgreementCreated(trx, row, now);
  return row;
}

/** A document number taken by a write that raced this one, as the form's field error (else null). */
function documentNoRace(error: unknown): AppError | null {
  const u = uniqueViolation(error);
  return u && (u.column === 'document_no' || u.column === null) ? refuse(400, 'agreements.v.documentNoTaken', 'documentNo') : null;
}

/** The regions a bank serves (its bank_regions, else its own region). */
async function bankServiceRegions(db: DB, bankId: string): Promise<string[]> {
  const rows = await db.selectFrom('bank_regions').select('region_code').where('organization_id', '=', bankId).execute();
  if (rows.length) return rows.map((r) => r.region_code);
  const org = await db.selectFrom('organizations').select('region_code').where('id', '=', bankId).executeTakeFirst();
  return org ? [org.region_code] : [];
}

/** Whether the actor may name this counterparty (the same rule as the form's options). */
async function assertCounterpartyAllowed(db: DB, actor: AgreementActor, input: NewAgreementInput): Promise<void> {
  const ent = await db
    .selectFrom('organizations')
    .select(['kind', 'status', 'region_code'])
    .where('id', '=', input.enterpriseId)
    .executeTakeFirst();
  const bank = await db.selectFrom('organizations').select(['kind', 'status']).where('id', '=', input.bankId).executeTakeFirst();
  if (!bank || bank.kind !== 'bank' || bank.status !== 'verified') throw refuse(400, 'agreements.v.bankUnknown', 'bankId');
  if (!ent || ent.kind !== 'enterprise' || ent.status !== 'verified') throw refuse(400, 'agreements.v.enterpriseUnknown', 'enterpriseId');
  if (actor.kind === 'organizer') {
    if (!regionCovers(actor.regionCode, ent.region_code)) throw refuse(400, 'agreements.v.enterpriseUnknown', 'enterpriseId');
    return;
  }
  const served = await bankServiceRegions(db, input.bankId);
  if (!served.some((r) => regionCovers(r, ent.region_code))) {
    throw actor.kind === 'bank'
      ? refuse(400, 'agreements.v.enterpriseUnknown', 'enterpriseId')
      : refuse(400, 'agreements.v.bankUnknown', 'bankId');
  }
}

/** Events the actor may tie an agreement to: organizers, their region's; parties, the ones they attend. Drafts never. */
async function eventAllowed(db: DB, actor: AgreementActor, eventId: string): Promise<boolean> {
  const ev = await db.selectFrom('events').select(['id', 'status', 'region_code']).where('id', '=', eventId).executeTakeFirst();
  if (!ev || ev.status === 'draft') return false;
  if (actor.kind === 'organizer') return regionCovers(actor.regionCode, ev.region_code);
  const p = await db
    .selectFrom('event_participants')
    .select('status')
    .where('event_id', '=', eventId)
    .where('organization_id', '=', actor.orgId)
    .executeTakeFirst();
  return !!p && (p.status === 'accepted' || p.status === 'registered');
}

/**
 * The form's "record / propose" action: a bank proposes to an enterprise, an
 * enterprise to a bank (both wait for the other side), an organizer records a
 * signing within its region (confirmed at once). A refusal throws AppError
 * (400 on a field, 403).
 */
export async function recordAgreement(
  db: DB,
  actor: AgreementActor,
  input: NewAgreementInput,
  opts: WriteOptions = {},
): Promise<AgreementRow> {
  if (actor.kind !== 'organizer') {
    if (!actor.verified) throw refuse(403, 'org.notVerified');
    if (actor.kind === 'bank' && input.bankId !== actor.orgId) throw refuse(403, 'error.forbidden');
    if (actor.kind === 'enterprise' && input.enterpriseId !== actor.orgId) throw refuse(403, 'error.forbidden');
  }
  await assertCounterpartyAllowed(db, actor, input);
  if (input.eventId && !(await eventAllowed(db, actor, input.eventId))) throw refuse(400, 'agreements.v.eventUnknown', 'eventId');
  const recorder: Recorder =
    actor.kind === 'organizer'
      ? { userId: actor.userId, side: 'organizer', orgId: actor.orgId ?? `region:${actor.regionCode}` }
      : { userId: actor.userId, side: actor.kind, orgId: actor.orgId };
  try {
    return await inTransaction(db, (trx) => insertAgreement(trx, recorder, input, opts));
  } catch (error) {
    throw documentNoRace(error) ?? error;
  }
}

/* ------------------------------------------------------------ steps */

async function firstDisbursedOn(db: DB, id: string): Promise<string | null> {
  const r = await db
    .selectFrom('agreement_tranches')
    .select('disbursed_on')
    .where('agreement_id', '=', id)
    .orderBy('disbursed_on')
    .limit(1)
    .executeTakeFirst();
  return r?.disbursed_on ?? null;
}

/**
 * Takes one step (confirm, decline, edit, approve, disburse, terminate) on an
 * agreement, based on the `version` the user saw, and returns the agreement
 * after it. All or nothing. A refusal throws AppError: 404 (not the actor's to
 * see), 403, 409 (someone changed it since `version`), 400 with the field.
 */
export async function stepAgreement(
  db: DB,
  actor: AgreementActor,
  id: string,
  step: Step,
  version: number,
  opts: WriteOptions = {},
): Promise<AgreementRow> {
  try {
    return await inTransaction(db, async (trx) => {
      const before = await getAgreement(trx, id);
      if (!before) throw notFound();
      const side = sideOf(actor, before);
      if (!side) throw notFound();
      if (actor.kind !== 'organizer' && !actor.verified) throw refuse(403, 'org.notVerified');
      const now = opts.at ?? nowIso();
      const first = step.kind === 'edit' || step.kind === 'approve' ? await firstDisbursedOn(trx, id) : null;
      const plan = planStep(before, side, step, version, { userId: actor.userId, now, today: chinaDate(now), firstDisbursedOn: first });
      if (!plan.ok) throw refused(plan);
      if (plan.patch.document_no && (await documentNoTaken(trx, plan.patch.document_no, id)))
        throw refuse(400, 'agreements.v.documentNoTaken', 'documentNo');
      const res = await trx
        .updateTable('agreements')
        .set({ ...plan.patch, version: before.version + 1, updated_at: now })
        .where('id', '=', id)
        .where('version', '=', before.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw refuse(409, 'agreements.err.stale');
      if (step.kind === 'disburse') {
        await trx
          .insertInto('agreement_tranches')
          .values({
            id: newId(),
            agreement_id: id,
            amount: step.amount,
            disbursed_on: step.date,
            created_by: actor.userId,
            created_at: now,
          })
          .execute();
      }
      const after = (await getAgreement(trx, id))!;
      await writeAudit(trx, {
        agreementId: id,
        userId: actor.userId,
        action: plan.action,
        changes: diffRows(before, after),
        reason: plan.reason,
        at: now,
      });
      await applyAgreementChange(trx, before, after);
      await notifyAgreementStep(trx, plan.action, after, actor.orgId, now);
      return after;
    });
  } catch (error) {
    throw documentNoRace(error) ?? error;
  }
}

export const confirmAgreement = (db: DB, actor: AgreementActor, id: string, version: number, opts?: WriteOptions) =>
  stepAgreement(db, actor, id, { kind: 'confirm' }, version, opts);
export const declineAgreement = (db: DB, actor: AgreementActor, id: string, version: number, reason: string, opts?: WriteOptions) =>
  stepAgreement(db, actor, id, { kind: 'decline', reason }, version, opts);
export const terminateAgreement = (db: DB, actor: AgreementActor, id: string, version: number, reason: string, opts?: WriteOptions) =>
  stepAgreement(db, actor, id, { kind: 'terminate', reason }, version, opts);
export const approveCredit = (
  db: DB,
  actor: AgreementActor,
  id: string,
  version: number,
  v: { amount: number; date: string; reason?: string | null },
  opts?: WriteOptions,
) => stepAgreement(db, actor, id, { kind: 'approve', ...v }, version, opts);
export const addTranche = (
  db: DB,
  actor: AgreementActor,
  id: string,
  version: number,
  v: { amount: number; date: string },
  opts?: WriteOptions,
) => stepAgreement(db, actor, id, { kind: 'disburse', ...v }, version, opts);
export const editAgreement = (
  db: DB,
  actor: AgreementActor,
  id: string,
  version: number,
  values: Extract<Step, { kind: 'edit' }>['values'],
  reason: string,
  opts?: WriteOptions,
) => stepAgreement(db, actor, id, { kind: 'edit', values, reason }, version, opts);

/* ------------------------------------------------------------ reading */

export interface TrancheView {
  id: string;
  amount: number;
  disbursedOn: string;
  createdBy: string;
  createdAt: string;
}

export async function listTranches(db: DB, agreementId: string): Promise<TrancheView[]> {
  const rows = await db
    .selectFrom('agreement_tranches as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.amount', 't.disbursed_on', 't.created_at', 'u.name as user_name'])
    .where('t.agreement_id', '=', agreementId)
    .orderBy('t.disbursed_on')
    .orderBy('t.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    amount: r.amount,
    disbursedOn: r.disbursed_on,
    createdBy: r.user_name ?? '—',
    createdAt: r.created_at,
  }));
}

export interface AgreementDetail {
  row: AgreementRow;
  bankName: string;
  enterpriseName: string;
  eventTitle: string | null;
  needTitle: string | null;
  productName: string | null;
  proposedByName: string;
  confirmedByName: string | null;
}

export async function agreementDetail(db: DB, row: AgreementRow): Promise<AgreementDetail> {
  const [orgs, ev, need, product, users] = await Promise.all([
    db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', [row.bank_org_id, row.enterprise_org_id]).execute(),
    row.event_id ? db.selectFrom('events').select('title').where('id', '=', row.event_id).executeTakeFirst() : undefined,
    row.need_id ? db.selectFrom('financing_needs').select('title').where('id', '=', row.need_id).executeTakeFirst() : undefined,
    row.product_id ? db.selectFrom('loan_products').select('name').where('id', '=', row.product_id).executeTakeFirst() : undefined,
    db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', [row.proposed_by_user_id, row.confirmed_by_user_id ?? row.proposed_by_user_id])
      .execute(),
  ]);
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? '—';
  const user = (id: string | null) => (id ? (users.find((u) => u.id === id)?.name ?? '—') : null);
  return {
    row,
    bankName: name(row.bank_org_id),
    enterpriseName: name(row.enterprise_org_id),
    eventTitle: ev?.title ?? null,
    needTitle: need?.title ?? null,
    productName: product?.name ?? null,
    proposedByName: user(row.proposed_by_user_id) ?? '—',
    confirmedByName: user(row.confirmed_by_user_id),
  };
}

/* ------------------------------------------------------------ form options */

export interface Choice {
  value: string;
  label: string;
  group?: string;
}

export interface NewAgreementOptions {
  banks: Choice[];
  enterprises: Choice[];
  events: Choice[];
  needs: Choice[];
  products: Choice[];
}

const OPTION_LIMIT = 2000;

/** What the "new agreement" form offers this actor (the server checks the same rules on submit). */
export async function newAgreementOptions(db: DB, actor: AgreementActor): Promise<NewAgreementOptions> {
  const out: NewAgreementOptions = { banks: [], enterprises: [], events: [], needs: [], products: [] };
  const banks = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'region_code'])
    .where('kind', '=', 'bank')
    .where('status', '=', 'verified')
    .orderBy('name')
    .execute();
  const regions = await db.selectFrom('bank_regions').select(['organization_id', 'region_code']).execute();
  const served = (b: { id: string; region_code: string }) => {
    const rs = regions.filter((r) => r.organization_id === b.id).map((r) => r.region_code);
    return rs.length ? rs : [b.region_code];
  };
  const enterprises = db
    .selectFrom('organizations')
    .select(['id', 'name', 'region_code'])
    .where('kind', '=', 'enterprise')
    .where('status', '=', 'verified')
    .orderBy('name')
    .limit(OPTION_LIMIT);

  if (actor.kind === 'bank') {
    const mine = await bankServiceRegions(db, actor.orgId);
    const rows = await enterprises.execute();
    out.enterprises = rows.filter((e) => mine.some((r) => regionCovers(r, e.region_code))).map((e) => ({ value: e.id, label: e.name }));
    out.products = (
      await db
        .selectFrom('loan_products')
        .select(['id', 'name'])
        .where('organization_id', '=', actor.orgId)
        .where('status', '!=', 'draft')
        .orderBy('name')
        .execute()
    ).map((p) => ({ value: p.id, label: p.name }));
    out.needs = (
      await db
        .selectFrom('need_interests as i')
        .innerJoin('financing_needs as n', 'n.id', 'i.need_id')
        .innerJoin('organizations as o', 'o.id', 'n.organization_id')
        .select(['n.id', 'n.title', 'o.name'])
        .where('i.bank_org_id', '=', actor.orgId)
        .where('i.need_kind', '=', 'financing')
        .where('i.status', '=', 'accepted')
        .orderBy('n.title')
        .execute()
    ).map((n) => ({ value: n.id, label: `${n.title}（${n.name}）` }));
  } else if (actor.kind === 'enterprise') {
    const me = await db.selectFrom('organizations').select('region_code').where('id', '=', actor.orgId).executeTakeFirst();
    const mine = banks.filter((b) => me && served(b).some((r) => regionCovers(r, me.region_code)));
    out.banks = mine.map((b) => ({ value: b.id, label: b.name }));
    out.needs = (
      await db
        .selectFrom('financing_needs')
        .select(['id', 'title'])
        .where('organization_id', '=', actor.orgId)
        .where('status', '!=', 'draft')
        .orderBy('title')
        .execute()
    ).map((n) => ({ value: n.id, label: n.title }));
    out.products = await productChoices(db, mine);
  } else {
    const region = actor.regionCode;
    const overlap = (r: string) => regionCovers(r, region) || regionCovers(region, r);
    const mine = banks.filter((b) => served(b).some(overlap));
    out.banks = mine.map((b) => ({ value: b.id, label: b.name }));
    const rows = await enterprises.where('region_code', 'like', `${regionPrefix(region)}%`).execute();
    out.enterprises = rows.map((e) => ({ value: e.id, label: e.name }));
    out.products = await productChoices(db, mine);
  }
  out.events = await eventChoices(db, actor);
  return out;
}

async function productChoices(db: DB, banks: { id: string; name: string }[]): Promise<Choice[]> {
  if (!banks.length) return [];
  const rows = await db
    .selectFrom('loan_products')
    .select(['id', 'name', 'organization_id'])
    .where('status', '=', 'published')
    .where(
      'organization_id',
      'in',
      banks.map((b) => b.id),
    )
    .orderBy('name')
    .execute();
  const name = new Map(banks.map((b) => [b.id, b.name]));
  return rows
    .map((p) => ({ value: p.id, label: p.name, group: name.get(p.organization_id) ?? '' }))
    .sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '', 'zh-CN'));
}

/** Events the actor may choose (newest first). */
export async function eventChoices(db: DB, actor: AgreementActor): Promise<Choice[]> {
  if (actor.kind === 'organizer') {
    const rows = await db
      .selectFrom('events')
      .select(['id', 'title', 'event_date'])
      .where('status', '!=', 'draft')
      .where('region_code', 'like', `${regionPrefix(actor.regionCode)}%`)
      .orderBy('event_date', 'desc')
      .limit(200)
      .execute();
    return rows.map((e) => ({ value: e.id, label: `${e.event_date} ${e.title}` }));
  }
  const rows = await db
    .selectFrom('events as e')
    .innerJoin('event_participants as p', 'p.event_id', 'e.id')
    .select(['e.id', 'e.title', 'e.event_date'])
    .where('p.organization_id', '=', actor.orgId)
    .where('p.status', 'in', ['accepted', 'registered'])
    .where('e.status', '!=', 'draft')
    .orderBy('e.event_date', 'desc')
    .limit(200)
    .execute();
  return rows.map((e) => ({ value: e.id, label: `${e.event_date} ${e.title}` }));
}
