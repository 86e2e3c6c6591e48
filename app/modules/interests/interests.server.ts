import type { InterestStatus, NeedStatus, OrgStatus } from '#db/schema';
import { notifyOrganization } from '~/modules/notifications/notifications.server';
import { AppError } from '~/utils/errors';
import { type DB, inTransaction } from '~/utils/db.server';
import { newId, nowIso } from '~/utils/ids';
import { offsetPage } from '~/utils/offset-page.server';
import { needVisibleTo } from '~/modules/needs/access';
import { markDispatchAnswered } from '~/modules/dispatch/dispatch.server';
import { expressInterestError, interestTransition, needPath, needStatusAfterAccept, type NeedKind } from './rules';

export type { NeedKind } from './rules';
export { needPath } from './rules';

/* ---------- needs as seen by this feature ---------- */

export interface NeedHeader {
  kind: NeedKind;
  id: string;
  organizationId: string;
  title: string;
  status: NeedStatus;
  regionCode: string;
  publishedAt: string | null;
}

export async function getNeedHeader(db: DB, kind: NeedKind, needId: string): Promise<NeedHeader | undefined> {
  const row =
    kind === 'financing'
      ? await db
          .selectFrom('financing_needs')
          .select(['id', 'organization_id', 'title', 'status', 'region_code', 'published_at'])
          .where('id', '=', needId)
          .executeTakeFirst()
      : await db
          .selectFrom('hiring_needs')
          .select(['id', 'organization_id', 'title', 'status', 'region_code', 'published_at'])
          .where('id', '=', needId)
          .executeTakeFirst();
  if (!row) return undefined;
  return {
    kind,
    id: row.id,
    organizationId: row.organization_id,
    title: row.title,
    status: row.status,
    regionCode: row.region_code,
    publishedAt: row.published_at,
  };
}

export type NeedDetail =
  | {
      kind: 'financing';
      amount: number;
      termMonths: number;
      purpose: string;
      guaranteeMask: number;
      maxRateBp: number | null;
      wantedBy: string | null;
      description: string | null;
    }
  | {
      kind: 'hiring';
      description: string | null;
      trainingSupport: number;
      totalHeadcount: number;
      wantedBy: string | null;
      positions: { title: string; headcount: number; wageMin: number; wageMax: number; skills: string | null }[];
    };

export async function getNeedDetail(db: DB, kind: NeedKind, needId: string): Promise<NeedDetail | undefined> {
  if (kind === 'financing') {
    const n = await db
      .selectFrom('financing_needs')
      .select(['amount', 'term_months', 'purpose', 'guarantee_mask', 'max_rate_bp', 'wanted_by', 'description'])
      .where('id', '=', needId)
      .executeTakeFirst();
    if (!n) return undefined;
    return {
      kind,
      amount: Number(n.amount),
      termMonths: n.term_months,
      purpose: n.purpose,
      guaranteeMask: n.guarantee_mask,
      maxRateBp: n.max_rate_bp,
      wantedBy: n.wanted_by,
      description: n.description,
    };
  }
  const n = await db
    .selectFrom('hiring_needs')
    .select(['description', 'training_support', 'total_headcount', 'wanted_by'])
    .where('id', '=', needId)
    .executeTakeFirst();
  if (!n) return undefined;
  const positions = await db
    .selectFrom('hiring_positions')
    .select(['title', 'headcount', 'wage_min', 'wage_max', 'skills'])
    .where('hiring_need_id', '=', needId)
    .orderBy('sort_order')
    .execute();
  return {
    kind,
    description: n.description,
    trainingSupport: n.training_support,
    totalHeadcount: n.total_headcount,
    wantedBy: n.wanted_by,
    positions: positions.map((p) => ({
      title: p.title,
      headcount: p.headcount,
      wageMin: Number(p.wage_min),
      wageMax: Number(p.wage_max),
      skills: p.skills,
    })),
  };
}

export interface EnterpriseProfile {
  name: string;
  regionCode: string;
  industry: string | null;
  size: string | null;
  foundedYear: number | null;
  description: string | null;
  /** present only when the viewer may see finances */
  finances: { registeredCapital: number | null; annualRevenue: number | null; employees: number | null } | null;
}

/** The enterprise behind a need; finances are read from the database only when `withFinances`. */
export async function getEnterpriseProfile(db: DB, orgId: string, withFinances: boolean): Promise<EnterpriseProfile | undefined> {
  const base = await db
    .selectFrom('organizations')
    .select(['name', 'region_code', 'industry', 'size', 'founded_year', 'description'])
    .where('id', '=', orgId)
    .where('kind', '=', 'enterprise')
    .executeTakeFirst();
  if (!base) return undefined;
  let finances: EnterpriseProfile['finances'] = null;
  if (withFinances) {
    const f = await db
      .selectFrom('organizations')
      .select(['registered_capital', 'annual_revenue', 'employees'])
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow();
    finances = {
      registeredCapital: f.registered_capital === null ? null : Number(f.registered_capital),
      annualRevenue: f.annual_revenue === null ? null : Number(f.annual_revenue),
      employees: f.employees,
    };
  }
  return {
    name: base.name,
    regionCode: base.region_code,
    industry: base.industry,
    size: base.size,
    foundedYear: base.founded_year,
    description: base.description,
    finances,
  };
}

export interface Contact {
  name: string;
  phone: string;
  email: string | null;
}

/**
 * The enterprise's contact for `bankOrgId`: found only through that bank's
 * accepted interest in the need, so no other bank can ever read it here.
 */
export async function revealedContact(db: DB, bankOrgId: string, kind: NeedKind, needId: string): Promise<Contact | null> {
  const row = await db
    .selectFrom('need_interests as ni')
    .innerJoin('organizations as o', 'o.id', 'ni.enterprise_org_id')
    .select(['o.contact_name', 'o.contact_phone', 'o.contact_email'])
    .where('ni.bank_org_id', '=', bankOrgId)
    .where('ni.need_kind', '=', kind)
    .where('ni.need_id', '=', needId)
    .where('ni.status', '=', 'accepted')
    .executeTakeFirst();
  return row ? { name: row.contact_name, phone: row.contact_phone, email: row.contact_email } : null;
}

/** Responses a need has had (every interest that was not withdrawn). */
export async function responseCount(db: DB, kind: NeedKind, needId: string): Promise<number> {
  const row = await db
    .selectFrom('need_interests')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('need_kind', '=', kind)
    .where('need_id', '=', needId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface BankInterest {
  id: string;
  status: InterestStatus;
  message: string;
  productId: string | null;
  productName: string | null;
  responseMessage: string | null;
  createdAt: string;
  respondedAt: string | null;
}

export async function bankInterestInNeed(db: DB, bankOrgId: string, kind: NeedKind, needId: string): Promise<BankInterest | null> {
  const r = await db
    .selectFrom('need_interests as ni')
    .leftJoin('loan_products as p', 'p.id', 'ni.product_id')
    .select([
      'ni.id',
      'ni.status',
      'ni.message',
      'ni.product_id',
      'p.name as product_name',
      'ni.response_message',
      'ni.created_at',
      'ni.responded_at',
    ])
    .where('ni.bank_org_id', '=', bankOrgId)
    .where('ni.need_kind', '=', kind)
    .where('ni.need_id', '=', needId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    message: r.message,
    productId: r.product_id,
    productName: r.product_name,
    responseMessage: r.response_message,
    createdAt: r.created_at,
    respondedAt: r.responded_at,
  };
}

export interface NeedInterestRow extends BankInterest {
  bankOrgId: string;
  bankName: string;
  bankType: string | null;
}

/** Every bank's interest in one need (for the owner enterprise and organizers). */
export async function interestsInNeed(db: DB, kind: NeedKind, needId: string): Promise<NeedInterestRow[]> {
  const rows = await db
    .selectFrom('need_interests as ni')
    .innerJoin('organizations as b', 'b.id', 'ni.bank_org_id')
    .leftJoin('loan_products as p', 'p.id', 'ni.product_id')
    .select([
      'ni.id',
      'ni.status',
      'ni.message',
      'ni.product_id',
      'p.name as product_name',
      'ni.response_message',
      'ni.created_at',
      'ni.responded_at',
      'ni.bank_org_id',
      'b.name as bank_name',
      'b.bank_type',
    ])
    .where('ni.need_kind', '=', kind)
    .where('ni.need_id', '=', needId)
    .orderBy('ni.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    message: r.message,
    productId: r.product_id,
    productName: r.product_name,
    responseMessage: r.response_message,
    createdAt: r.created_at,
    respondedAt: r.responded_at,
    bankOrgId: r.bank_org_id,
    bankName: r.bank_name,
    bankType: r.bank_type,
  }));
}

/** The bank's own published products, for the optional product in an interest. */
export async function bankPublishedProducts(db: DB, bankOrgId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('loan_products')
    .select(['id', 'name'])
    .where('organization_id', '=', bankOrgId)
    .where('status', '=', 'published')
    .orderBy('name')
    .execute();
}

/* ---------- actions ---------- */

export interface BankActor {
  bankOrgId: string;
  bankStatus: OrgStatus;
  userId: string;
}

export interface EnterpriseActor {
  enterpriseOrgId: string;
  userId: string;
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  return !!err && (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === '23505' || /UNIQUE constraint failed/i.test(err.message ?? ''));
}

/**
 * A verified bank expresses interest in a published need. Throws AppError:
 * 404 (no such need, or one this bank may not see: needVisibleTo), 403 (bank not verified), 409 (already expressed),
 * 400 with field `productId` (not one of the bank's published products).
 */
export async function expressInterest(
  db: DB,
  actor: BankActor,
  input: { kind: NeedKind; needId: string; message: string; productId?: string | null },
): Promise<string> {
  try {
    return await inTransaction(db, async (trx) => {
      const need = await getNeedHeader(trx, input.kind, input.needId);
      if (!need) throw new AppError(404, 'error.notFound');
      const existing = await trx
        .selectFrom('need_interests')
        .select(['id', 'status'])
        .where('need_kind', '=', input.kind)
        .where('need_id', '=', input.needId)
        .where('bank_org_id', '=', actor.bankOrgId)
        .executeTakeFirst();
      if (!needVisibleTo(need, { role: 'bank', answered: !!existing })) throw new AppError(404, 'error.notFound');
      const error = expressInterestError(need.status, actor.bankStatus, existing?.status ?? null);
      if (error === 'interests.bankNotVerified') throw new AppError(403, error);
      if (error === 'interests.duplicate') throw new AppError(409, error);
      if (error) throw new AppError(409, error);
      let productId: string | null = null;
      if (input.productId) {
        const p = await trx
          .selectFrom('loan_products')
          .select('id')
          .where('id', '=', input.productId)
          .where('organization_id', '=', actor.bankOrgId)
          .where('status', '=', 'published')
          .executeTakeFirst();
        if (!p) throw new AppError(400, 'interests.productInvalid', { field: 'productId' });
        productId = p.id;
      }
      const now = nowIso();
      let id: string;
      if (existing) {
        // a withdrawn interest is expressed again: same row, back to pending
        id = existing.id;
        await trx
          .updateTable('need_interests')
          .set({
            status: 'pending',
            message: input.message,
            product_id: productId,
            user_id: actor.userId,
            response_message: null,
            responded_by: null,
            responded_at: null,
            created_at: now,
          })
          .where('id', '=', id)
          .where('status', '=', 'withdrawn')
          .execute();
      } else {
        id = newId();
        await trx
          .insertInto('need_interests')
          .values({
            id,
            need_kind: input.kind,
            need_id: input.needId,
            enterprise_org_id: need.organizationId,
            bank_org_id: actor.bankOrgId,
            product_id: productId,
            user_id: actor.userId,
            message: input.message,
            status: 'pending',
            response_message: null,
            responded_by: null,
            created_at: now,
            responded_at: null,
          })
          .execute();
      }
      // a need dispatched to this bank (派单) is answered by its interest
      await markDispatchAnswered(trx, input.kind, input.needId, actor.bankOrgId, now);
      const bank = await trx.selectFrom('organizations').select('name').where('id', '=', actor.bankOrgId).executeTakeFirstOrThrow();
      await notifyOrganization(
        trx,
        need.organizationId,
        'interest.new',
        { bank: bank.name, need: need.title },
        '/enterprise/interests',
        now,
      );
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, 'interests.duplicate');
    throw e;
  }
}

/** The enterprise accepts or declines a pending interest in one of its own needs. */
export async function respondToInterest(
  db: DB,
  actor: EnterpriseActor,
  input: { interestId: string; decision: 'accept' | 'decline'; message?: string | null },
): Promise<{ status: InterestStatus; needStatus: NeedStatus }> {
  return inTransaction(db, async (trx) => {
    const interest = await trx
      .selectFrom('need_interests')
      .select(['id', 'status', 'need_kind', 'need_id', 'bank_org_id'])
      .where('id', '=', input.interestId)
      .where('enterprise_org_id', '=', actor.enterpriseOrgId)
      .executeTakeFirst();
    if (!interest) throw new AppError(404, 'error.notFound');
    const step = interestTransition(interest.status, input.decision);
    if (!step.ok) throw new AppError(409, step.error);
    const now = nowIso();
    const res = await trx
      .updateTable('need_interests')
      .set({ status: step.next, response_message: input.message || null, responded_by: actor.userId, responded_at: now })
      .where('id', '=', interest.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'interests.notPending');
    const kind = interest.need_kind;
    const need = await getNeedHeader(trx, kind, interest.need_id);
    if (!need) throw new AppError(404, 'error.notFound');
    let needStatus = need.status;
    if (step.next === 'accepted' && needStatusAfterAccept(need.status) !== need.status) {
      const table = kind === 'financing' ? 'financing_needs' : 'hiring_needs';
      const upd = await trx
        .updateTable(table)
        .set((eb) => ({ status: 'matched', updated_at: now, version: eb('version', '+', 1) }))
        .where('id', '=', need.id)
        .where('organization_id', '=', actor.enterpriseOrgId)
        .where('status', '=', 'published')
        .executeTakeFirst();
      if (Number(upd.numUpdatedRows) === 1) needStatus = 'matched';
    }
    const enterprise = await trx
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', actor.enterpriseOrgId)
      .executeTakeFirstOrThrow();
    await notifyOrganization(
      trx,
      interest.bank_org_id,
      step.next === 'accepted' ? 'interest.accepted' : 'interest.declined',
      { enterprise: enterprise.name, need: need.title },
      step.next === 'accepted' ? needPath(kind, need.id) : '/bank/interests',
      now,
    );
    return { status: step.next, needStatus };
  });
}

/** The bank withdraws its own pending interest. */
export async function withdrawInterest(db: DB, actor: BankActor, interestId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const interest = await trx
      .selectFrom('need_interests')
      .select(['id', 'status', 'need_kind', 'need_id', 'enterprise_org_id'])
      .where('id', '=', interestId)
      .where('bank_org_id', '=', actor.bankOrgId)
      .executeTakeFirst();
    if (!interest) throw new AppError(404, 'error.notFound');
    const step = interestTransition(interest.status, 'withdraw');
    if (!step.ok) throw new AppError(409, step.error);
    const now = nowIso();
    const res = await trx
      .updateTable('need_interests')
      .set({ status: 'withdrawn', responded_at: now, responded_by: actor.userId })
      .where('id', '=', interest.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'interests.notPending');
    const need = await getNeedHeader(trx, interest.need_kind, interest.need_id);
    const bank = await trx.selectFrom('organizations').select('name').where('id', '=', actor.bankOrgId).executeTakeFirstOrThrow();
    await notifyOrganization(
      trx,
      interest.enterprise_org_id,
      'interest.withdrawn',
      { bank: bank.name, need: need?.title ?? '' },
      '/enterprise/interests',
      now,
    );
  });
}

/* ---------- lists ---------- */

export interface EnterpriseInterestGroup {
  kind: NeedKind;
  needId: string;
  title: string;
  needStatus: NeedStatus;
  interests: NeedInterestRow[];
}

function needTitleJoins(db: DB) {
  return db
    .selectFrom('need_interests as ni')
    .leftJoin('financing_needs as fn', (j) => j.onRef('fn.id', '=', 'ni.need_id').on('ni.need_kind', '=', 'financing'))
    .leftJoin('hiring_needs as hn', (j) => j.onRef('hn.id', '=', 'ni.need_id').on('ni.need_kind', '=', 'hiring'));
}

/** The enterprise's incoming interests grouped per need, needs with the newest interest first; paginated by need. */
export async function listEnterpriseInterests(
  db: DB,
  enterpriseOrgId: string,
  opts: { page: number; pageSize?: number; status?: InterestStatus },
): Promise<{ groups: EnterpriseInterestGroup[]; total: number; pending: number }> {
  const pageSize = opts.pageSize ?? 10;
  let needsQ = needTitleJoins(db)
    .select((eb) => [
      'ni.need_kind',
      'ni.need_id',
      eb.fn.coalesce('fn.title', 'hn.title').as('title'),
      eb.fn.coalesce('fn.status', 'hn.status').as('need_status'),
      eb.fn.max('ni.created_at').as('latest'),
    ])
    .where('ni.enterprise_org_id', '=', enterpriseOrgId)
    .groupBy(['ni.need_kind', 'ni.need_id', 'fn.title', 'hn.title', 'fn.status', 'hn.status']);
  if (opts.status) needsQ = needsQ.where('ni.status', '=', opts.status);
  const [needs, count, pendingRow] = await Promise.all([
    needsQ
      .orderBy('latest', 'desc')
      .orderBy('ni.need_id')
      .limit(pageSize)
      .offset((opts.page - 1) * pageSize)
      .execute(),
    db
      .selectFrom(needsQ.as('g'))
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('need_interests')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('enterprise_org_id', '=', enterpriseOrgId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow(),
  ]);
  const groups: EnterpriseInterestGroup[] = [];
  for (const n of needs) {
    let rows = await interestsInNeed(db, n.need_kind, n.need_id);
    if (opts.status) rows = rows.filter((r) => r.status === opts.status);
    groups.push({
      kind: n.need_kind,
      needId: n.need_id,
      title: n.title ?? '',
      needStatus: (n.need_status ?? 'closed') as NeedStatus,
      interests: rows,
    });
  }
  return { groups, total: Number(count.n), pending: Number(pendingRow.n) };
}

export interface BankInterestRow {
  id: string;
  kind: NeedKind;
  needId: string;
  needTitle: string;
  needStatus: NeedStatus;
  enterpriseName: string;
  status: InterestStatus;
  message: string;
  productName: string | null;
  responseMessage: string | null;
  createdAt: string;
  respondedAt: string | null;
  /** only for accepted interests: joined through the acceptance itself */
  contact: Contact | null;
}

/** The bank's outgoing interests, newest first; the contact only where the enterprise accepted. */
export async function listBankInterests(
  db: DB,
  bankOrgId: string,
  opts: { page: number; pageSize?: number; status?: InterestStatus },
): Promise<{ rows: BankInterestRow[]; total: number }> {
  const pageSize = opts.pageSize ?? 20;
  let q = needTitleJoins(db)
    .innerJoin('organizations as e', 'e.id', 'ni.enterprise_org_id')
    .leftJoin('organizations as c', (j) => j.onRef('c.id', '=', 'ni.enterprise_org_id').on('ni.status', '=', 'accepted'))
    .leftJoin('loan_products as p', 'p.id', 'ni.product_id')
    .where('ni.bank_org_id', '=', bankOrgId);
  if (opts.status) q = q.where('ni.status', '=', opts.status);
  const { rows, total } = await offsetPage(
    q,
    (q) =>
      q
        .select((eb) => [
          'ni.id',
          'ni.need_kind',
          'ni.need_id',
          'ni.status',
          'ni.message',
          'ni.response_message',
          'ni.created_at',
          'ni.responded_at',
          eb.fn.coalesce('fn.title', 'hn.title').as('title'),
          eb.fn.coalesce('fn.status', 'hn.status').as('need_status'),
          'e.name as enterprise_name',
          'p.name as product_name',
          'c.contact_name',
          'c.contact_phone',
          'c.contact_email',
        ])
        .orderBy('ni.created_at', 'desc')
        .orderBy('ni.id'),
    { page: opts.page, pageSize },
  );
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.need_kind,
      needId: r.need_id,
      needTitle: r.title ?? '',
      needStatus: (r.need_status ?? 'closed') as NeedStatus,
      enterpriseName: r.enterprise_name,
      status: r.status,
      message: r.message,
      productName: r.product_name,
      responseMessage: r.response_message,
      createdAt: r.created_at,
      respondedAt: r.responded_at,
      contact:
        r.status === 'accepted' && r.contact_name !== null
          ? { name: r.contact_name, phone: r.contact_phone ?? '', email: r.contact_email }
          : null,
    })),
  };
}
