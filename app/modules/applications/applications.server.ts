/**
 * Applications made from a match (一键申请, decision 028). An enterprise applies
 * for a bank's published product with one of its open financing needs; the
 * bank answers within the working-day deadline of the enterprise's district
 * (the same clock as interests: ~/modules/calendar); an approval becomes a
 * letter of intent proposed by the bank (the agreements flow then carries
 * 确认 → 授信 → 放款). Every query filters by the owner.
 */
import { regionCalendars } from '~/modules/calendar/settings.server';
import { addWorkingDays, chinaDate, isPastDue } from '~/modules/calendar/working-days';
import { insertAgreement } from '~/modules/agreements/agreements.server';
import { inRegion } from '~/modules/regions/regions.server';
import type { OrgMember } from '~/modules/auth/guards.server';
import { isVerifiedOrg } from '~/modules/needs/access';
import { inTransaction, type DB } from '~/utils/db.server';
import { AppError, conflict, forbidden, notFound } from '~/utils/errors';
import { newId, nowIso } from '~/utils/ids';
import type { AgreementStatus, ApplicationStatus } from '#db/schema';
import { applicationStage, bankTransition, OPEN_STATUSES, type BankStep, type Stage } from './rules';

/** Who acts on an application: a user of the applying enterprise or of the answering bank. */
export interface ApplicationActor {
  userId: string;
  orgId: string;
  verified: boolean;
}
export type EnterpriseActor = ApplicationActor;
export type BankActor = ApplicationActor;

/** The actor of a signed-in organization member. */
export function applicationActor(member: Pick<OrgMember, 'user' | 'org'>): ApplicationActor {
  return { userId: member.user.id, orgId: member.org.id, verified: isVerifiedOrg(member.org.status) };
}

/** Creates an application; refuses another open one for the same need and product. */
export async function applyForProduct(
  db: DB,
  actor: EnterpriseActor,
  input: { productId: string; needId: string; message?: string },
  now = nowIso(),
): Promise<string> {
  if (!actor.verified) throw forbidden('org.notVerified');
  return inTransaction(db, async (trx) => {
    const need = await trx
      .selectFrom('financing_needs')
      .select(['id', 'status', 'region_code'])
      .where('id', '=', input.needId)
      .where('organization_id', '=', actor.orgId)
      .executeTakeFirst();
    if (!need) throw new AppError(400, 'applications.v.needUnknown', { field: 'needId' });
    if (need.status !== 'published' && need.status !== 'matched')
      throw new AppError(400, 'applications.v.needNotOpen', { field: 'needId' });
    const product = await trx
      .selectFrom('loan_products as p')
      .innerJoin('organizations as b', 'b.id', 'p.organization_id')
      .select(['p.id', 'p.organization_id', 'p.status', 'b.status as bank_status'])
      .where('p.id', '=', input.productId)
      .executeTakeFirst();
    if (!product || product.status !== 'published' || product.bank_status !== 'verified') throw notFound();
    const open = await trx
      .selectFrom('applications')
      .select('id')
      .where('need_id', '=', need.id)
      .where('product_id', '=', product.id)
      .where('status', 'in', [...OPEN_STATUSES, 'approved'])
      .executeTakeFirst();
    if (open) throw conflict('applications.err.duplicate');
    const id = newId();
    await trx
      .insertInto('applications')
      .values({
        id,
        enterprise_org_id: actor.orgId,
        bank_org_id: product.organization_id,
        product_id: product.id,
        need_id: need.id,
        user_id: actor.userId,
        region_code: need.region_code,
        message: input.message ?? '',
        status: 'submitted',
        status_reason: null,
        agreement_id: null,
        responded_at: null,
        responded_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  });
}

/** The bank's answer. An approval records a letter of intent for `amount` (元), signed today. */
export async function answerApplication(
  db: DB,
  actor: BankActor,
  id: string,
  version: number,
  step: { kind: BankStep; reason?: string; amount?: number },
  now = nowIso(),
): Promise<{ status: ApplicationStatus; agreementId: string | null }> {
  if (!actor.verified) throw forbidden('org.notVerified');
  return inTransaction(db, async (trx) => {
    const app = await trx
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', id)
      .where('bank_org_id', '=', actor.orgId)
      .executeTakeFirst();
    if (!app) throw notFound();
    if (app.version !== version) throw conflict('applications.err.stale');
    const next = bankTransition(app.status, step.kind);
    if (!next) throw conflict('applications.err.notOpen');
    if ((step.kind === 'decline' || step.kind === 'more_info') && !step.reason) throw new AppError(400, 'v.required', { field: 'reason' });
    let agreementId: string | null = null;
    if (step.kind === 'approve') {
      if (!step.amount) throw new AppError(400, 'v.required', { field: 'amount' });
      const need = await trx.selectFrom('financing_needs').select(['term_months']).where('id', '=', app.need_id).executeTakeFirstOrThrow();
      const agreement = await insertAgreement(
        trx,
        { userId: actor.userId, side: 'bank', orgId: actor.orgId },
        {
          bankId: actor.orgId,
          enterpriseId: app.enterprise_org_id,
          needId: app.need_id,
          productId: app.product_id,
          amount: step.amount,
          termMonths: need.term_months,
          signedOn: chinaDate(now),
        },
        { at: now },
      );
      agreementId = agreement.id;
    }
    const res = await trx
      .updateTable('applications')
      .set({
        status: next,
        status_reason: step.kind === 'decline' || step.kind === 'more_info' ? (step.reason ?? null) : app.status_reason,
        agreement_id: agreementId ?? app.agreement_id,
        responded_at: app.responded_at ?? now,
        responded_by: app.responded_by ?? actor.userId,
        version: app.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('applications.err.stale');
    return { status: next, agreementId };
  });
}

/* ---------------------------------------------------------------- the clock */

export interface Clock {
  /** YYYY-MM-DD: the last working day to answer */
  dueOn: string;
  overdue: boolean;
  /** answered by the deadline (null while unanswered) */
  onTime: boolean | null;
}

/** The deadline clock of applications in `regions`: their deadlines and calendars from one read of the settings. */
async function clockFor(db: DB, regions: Iterable<string>) {
  const calendars = await regionCalendars(db, regions);
  return (createdAt: string, respondedAt: string | null, region: string, today: string): Clock => {
    const n = calendars.dueDays(region);
    const holidays = calendars.holidays(region);
    const start = chinaDate(createdAt);
    const dueOn = addWorkingDays(start, n, holidays);
    return {
      dueOn,
      overdue: respondedAt === null && isPastDue(start, n, today, holidays),
      onTime: respondedAt === null ? null : chinaDate(respondedAt) <= dueOn,
    };
  };
}

/* ---------------------------------------------------------------- lists */

export interface ApplicationRow {
  id: string;
  status: ApplicationStatus;
  stage: Stage;
  version: number;
  reason: string | null;
  message: string;
  createdOn: string;
  /** the last change of the application or of the letter of intent it became (ISO) */
  changedAt: string;
  needId: string;
  needTitle: string;
  /** 元 */
  needAmount: number;
  termMonths: number;
  productId: string;
  productName: string;
  bankName: string;
  enterpriseName: string;
  agreementId: string | null;
  agreementStatus: AgreementStatus | null;
  approvedAmount: number | null;
  disbursedAmount: number;
  clock: Clock;
}

type Scope = { enterpriseId: string } | { bankId: string } | { regionCode: string };

async function list(
  db: DB,
  scope: Scope,
  opts: { needId?: string; open?: boolean; limit?: number; today?: string } = {},
): Promise<ApplicationRow[]> {
  const today = opts.today ?? chinaDate(new Date());
  let q = db
    .selectFrom('applications as a')
    .innerJoin('financing_needs as n', 'n.id', 'a.need_id')
    .innerJoin('loan_products as p', 'p.id', 'a.product_id')
    .innerJoin('organizations as b', 'b.id', 'a.bank_org_id')
    .innerJoin('organizations as e', 'e.id', 'a.enterprise_org_id')
    .leftJoin('agreements as g', 'g.id', 'a.agreement_id')
    .select([
      'a.id',
      'a.status',
      'a.version',
      'a.status_reason',
      'a.message',
      'a.created_at',
      'a.updated_at',
      'a.responded_at',
      'a.region_code',
      'a.need_id',
      'a.product_id',
      'a.agreement_id',
      'n.title as need_title',
      'n.amount as need_amount',
      'n.term_months',
      'p.name as product_name',
      'b.name as bank_name',
      'e.name as enterprise_name',
      'g.status as agreement_status',
      'g.approved_amount',
      'g.disbursed_amount',
      'g.updated_at as agreement_updated_at',
    ]);
  if ('enterpriseId' in scope) q = q.where('a.enterprise_org_id', '=', scope.enterpriseId);
  else if ('bankId' in scope) q = q.where('a.bank_org_id', '=', scope.bankId);
  else q = q.where(inRegion('a.region_code', scope.regionCode));
  if (opts.needId) q = q.where('a.need_id', '=', opts.needId);
  if (opts.open) q = q.where('a.status', 'in', [...OPEN_STATUSES]);
  const rows = await q
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id')
    .limit(opts.limit ?? 200)
    .execute();
  const clock = await clockFor(
    db,
    rows.map((r) => r.region_code),
  );
  const out: ApplicationRow[] = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      status: r.status,
      stage: applicationStage(r.status, r.agreement_status ?? null),
      version: r.version,
      reason: r.status_reason,
      message: r.message,
      createdOn: chinaDate(r.created_at),
      changedAt: r.agreement_updated_at && r.agreement_updated_at > r.updated_at ? r.agreement_updated_at : r.updated_at,
      needId: r.need_id,
      needTitle: r.need_title,
      needAmount: r.need_amount,
      termMonths: r.term_months,
      productId: r.product_id,
      productName: r.product_name,
      bankName: r.bank_name,
      enterpriseName: r.enterprise_name,
      agreementId: r.agreement_id,
      agreementStatus: r.agreement_status ?? null,
      approvedAmount: r.approved_amount ?? null,
      disbursedAmount: Number(r.disbursed_amount ?? 0),
      clock: clock(r.created_at, r.responded_at, r.region_code, today),
    });
  }
  return out;
}

export const enterpriseApplications = (db: DB, enterpriseId: string, opts: { needId?: string; today?: string } = {}) =>
  list(db, { enterpriseId }, opts);
export const bankApplications = (db: DB, bankId: string, opts: { open?: boolean; today?: string } = {}) => list(db, { bankId }, opts);
export const regionApplications = (db: DB, regionCode: string, opts: { open?: boolean; today?: string } = {}) =>
  list(db, { regionCode }, opts);

/** The enterprise's open financing needs it can apply with. */
export async function needsToApplyWith(db: DB, enterpriseId: string): Promise<{ id: string; title: string; amount: number }[]> {
  return db
    .selectFrom('financing_needs')
    .select(['id', 'title', 'amount'])
    .where('organization_id', '=', enterpriseId)
    .where('status', 'in', ['published', 'matched'])
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .limit(50)
    .execute();
}

/** Response figures of a bank's applications (for its home and the organizer's tracking). */
export function responseSummary(rows: readonly ApplicationRow[]): { answered: number; onTime: number; overdue: number } {
  let answered = 0;
  let onTime = 0;
  let overdue = 0;
  for (const r of rows) {
    if (r.clock.onTime !== null) {
      answered++;
      if (r.clock.onTime) onTime++;
    }
    if (r.clock.overdue) overdue++;
  }
  return { answered, onTime, overdue };
}
