/**
 * 金融顾问 / 首席金融服务官 (issue 18, decision 037b). An organizer pairs a bank
 * officer — an active user of a verified bank serving the region — with enterprises
 * of its region (one officer, many firms; a firm has at most one current advisor).
 * Re-pairing ends the current row and starts a new one, so the history stays. The
 * officer sees the firms paired with them and logs contacts (走访 / 电话 / 线上);
 * the enterprise sees its advisor on its home; the organizer sees the KPIs per
 * officer and per bank.
 *
 * Scope on the server: an organizer acts within its region, an officer only on the
 * firms currently paired with them (anything else is a 404), an enterprise reads
 * only its own advisor. Refusals are thrown AppErrors.
 */
import { chinaDate } from '~/modules/calendar/working-days';
import { banksOfRegion } from '~/modules/followup/lists.server';
import { closedInTime } from '~/modules/followup/problem-rules';
import { regionCovers, regionPrefix } from '~/modules/regions/regions.server';
import { inTransaction, type DB } from '~/utils/db.server';
import { AppError, conflict, notFound } from '~/utils/errors';
import { newId } from '~/utils/ids';
import type { AdvisorChannel } from '#db/schema';
import { periodDays, periodOf, tallyAdvisors, type AdvisorKpis, type Period } from './rules';

export interface OrganizerActor {
  userId: string;
  regionCode: string;
}

export interface OfficerActor {
  userId: string;
  orgId: string;
}

const inRegion = (regionCode: string) => `${regionPrefix(regionCode)}%`;

/* ------------------------------------------------------------------ officers */

export interface Officer {
  id: string;
  name: string;
  bankId: string;
  bankName: string;
}

/** Active users of the verified banks that serve the region (or a region covering it), by bank. */
export async function officersOfRegion(db: DB, regionCode: string): Promise<Officer[]> {
  const banks = await banksOfRegion(db, regionCode);
  if (banks.length === 0) return [];
  const names = new Map(banks.map((b) => [b.id, b.name]));
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'organization_id'])
    .where('role', '=', 'bank')
    .where('active', '=', 1)
    .where(
      'organization_id',
      'in',
      banks.map((b) => b.id),
    )
    .orderBy('name')
    .execute();
  return users
    .map((u) => ({ id: u.id, name: u.name, bankId: u.organization_id ?? '', bankName: names.get(u.organization_id ?? '') ?? '' }))
    .sort((a, b) => a.bankName.localeCompare(b.bankName, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'));
}

/* ------------------------------------------------------------------ pairing */

const isUniqueViolation = (e: unknown) => /unique|duplicate/i.test(String((e as Error)?.message ?? ''));

/**
 * Pairs the officer with the enterprise; a current pairing with another officer is
 * ended (`repaired`) in the same transaction. Returns the new pairing's id.
 * Throws AppError 400 `advisors.err.enterpriseUnknown` / `advisors.err.enterpriseOutsideRegion`
 * on `enterpriseId`; 400 `advisors.err.notOfficer` / `advisors.err.bankNotVerified` /
 * `advisors.err.bankOutsideRegion` on `officerId`; 409 `advisors.err.alreadyPaired`,
 * `advisors.err.concurrent` (someone paired the firm at the same moment).
 */
export async function pairAdvisor(
  db: DB,
  actor: OrganizerActor,
  input: { enterpriseId: string; officerId: string },
  now = new Date(),
): Promise<string> {
  const ent = await db
    .selectFrom('organizations')
    .select(['id', 'kind', 'status', 'region_code'])
    .where('id', '=', input.enterpriseId)
    .executeTakeFirst();
  if (!ent || ent.kind !== 'enterprise' || ent.status !== 'verified')
    throw new AppError(400, 'advisors.err.enterpriseUnknown', { field: 'enterpriseId' });
  if (!regionCovers(actor.regionCode, ent.region_code))
    throw new AppError(400, 'advisors.err.enterpriseOutsideRegion', { field: 'enterpriseId' });
  const officer = await db
    .selectFrom('users as u')
    .leftJoin('organizations as b', 'b.id', 'u.organization_id')
    .select(['u.id', 'u.role', 'u.active', 'b.id as bankId', 'b.kind as bankKind', 'b.status as bankStatus'])
    .where('u.id', '=', input.officerId)
    .executeTakeFirst();
  if (!officer || officer.role !== 'bank' || officer.active !== 1 || !officer.bankId || officer.bankKind !== 'bank')
    throw new AppError(400, 'advisors.err.notOfficer', { field: 'officerId' });
  if (officer.bankStatus !== 'verified') throw new AppError(400, 'advisors.err.bankNotVerified', { field: 'officerId' });
  const serving = await banksOfRegion(db, ent.region_code);
  if (!serving.some((b) => b.id === officer.bankId)) throw new AppError(400, 'advisors.err.bankOutsideRegion', { field: 'officerId' });

  const at = now.toISOString();
  const today = chinaDate(now);
  const id = newId();
  try {
    await inTransaction(db, async (trx) => {
      const current = await trx
        .selectFrom('advisor_pairings')
        .select(['id', 'officer_user_id'])
        .where('enterprise_org_id', '=', ent.id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      if (current?.officer_user_id === officer.id) throw conflict('advisors.err.alreadyPaired');
      if (current) {
        const ended = await trx
          .updateTable('advisor_pairings')
          .set({ ended_at: at, ended_on: today, ended_by: actor.userId, end_reason: 'repaired' })
          .where('id', '=', current.id)
          .where('ended_at', 'is', null)
          .executeTakeFirst();
        if (Number(ended.numUpdatedRows) !== 1) throw conflict('advisors.err.concurrent');
      }
      await trx
        .insertInto('advisor_pairings')
        .values({
          id,
          region_code: ent.region_code,
          enterprise_org_id: ent.id,
          bank_org_id: officer.bankId as string,
          officer_user_id: officer.id,
          started_on: today,
          started_at: at,
          paired_by: actor.userId,
          ended_at: null,
          ended_on: null,
          ended_by: null,
          end_reason: null,
        })
        .execute();
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('advisors.err.concurrent');
    throw e;
  }
  return id;
}

/** Ends a current pairing of the organizer's region (the firm has no advisor then). Throws 404 `advisors.err.unknown`. */
export async function endPairing(db: DB, actor: OrganizerActor, pairingId: string, now = new Date()): Promise<void> {
  const res = await db
    .updateTable('advisor_pairings')
    .set({ ended_at: now.toISOString(), ended_on: chinaDate(now), ended_by: actor.userId, end_reason: 'ended' })
    .where('id', '=', pairingId)
    .where('ended_at', 'is', null)
    .where('region_code', 'like', inRegion(actor.regionCode))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw notFound('advisors.err.unknown');
}

/* ------------------------------------------------------------------ contacts */

async function officerPairing(db: DB, actor: OfficerActor, enterpriseId: string) {
  const p = await db
    .selectFrom('advisor_pairings')
    .selectAll()
    .where('enterprise_org_id', '=', enterpriseId)
    .where('officer_user_id', '=', actor.userId)
    .where('bank_org_id', '=', actor.orgId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!p) throw notFound('advisors.err.unknown');
  return p;
}

/**
 * Logs a contact with a firm currently paired with the officer. Returns its id.
 * Throws 404 `advisors.err.unknown` (not the officer's firm), 400 on `contactOn`
 * (`advisors.v.future`, `advisors.v.beforePairing`) or `summary`.
 */
export async function logContact(
  db: DB,
  actor: OfficerActor,
  enterpriseId: string,
  input: { channel: AdvisorChannel; contactOn: string; summary: string; nextStep?: string | null },
  now = new Date(),
): Promise<string> {
  const p = await officerPairing(db, actor, enterpriseId);
  if (input.contactOn > chinaDate(now)) throw new AppError(400, 'advisors.v.future', { field: 'contactOn' });
  if (input.contactOn < p.started_on) throw new AppError(400, 'advisors.v.beforePairing', { field: 'contactOn' });
  const summary = input.summary.trim();
  if (!summary) throw new AppError(400, 'advisors.v.summary', { field: 'summary' });
  const id = newId();
  await db
    .insertInto('advisor_contacts')
    .values({
      id,
      pairing_id: p.id,
      enterprise_org_id: p.enterprise_org_id,
      bank_org_id: p.bank_org_id,
      officer_user_id: p.officer_user_id,
      channel: input.channel,
      contact_on: input.contactOn,
      summary,
      next_step: input.nextStep?.trim() || null,
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}

/* ------------------------------------------------------------------ what each side sees */

export interface OfficerFirm {
  enterpriseId: string;
  name: string;
  regionCode: string;
  startedOn: string;
  contacts: number;
  lastContactOn: string | null;
  nextStep: string | null;
}

/** 我服务的企业: the firms currently paired with the officer, the least recently contacted first. */
export async function officerFirms(db: DB, actor: OfficerActor): Promise<OfficerFirm[]> {
  const rows = await db
    .selectFrom('advisor_pairings as p')
    .innerJoin('organizations as e', 'e.id', 'p.enterprise_org_id')
    .select(['p.id', 'p.enterprise_org_id', 'e.name', 'e.region_code', 'p.started_on'])
    .where('p.officer_user_id', '=', actor.userId)
    .where('p.bank_org_id', '=', actor.orgId)
    .where('p.ended_at', 'is', null)
    .execute();
  if (rows.length === 0) return [];
  const contacts = await db
    .selectFrom('advisor_contacts')
    .select(['pairing_id', 'contact_on', 'next_step', 'created_at'])
    .where(
      'pairing_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('contact_on')
    .orderBy('created_at')
    .execute();
  const byPairing = new Map<string, { n: number; last: string | null; next: string | null }>();
  for (const c of contacts) {
    const g = byPairing.get(c.pairing_id) ?? { n: 0, last: null, next: null };
    g.n++;
    g.last = c.contact_on;
    g.next = c.next_step;
    byPairing.set(c.pairing_id, g);
  }
  return rows
    .map((r) => {
      const g = byPairing.get(r.id);
      return {
        enterpriseId: r.enterprise_org_id,
        name: r.name,
        regionCode: r.region_code,
        startedOn: r.started_on,
        contacts: g?.n ?? 0,
        lastContactOn: g?.last ?? null,
        nextStep: g?.next ?? null,
      };
    })
    .sort((a, b) => (a.lastContactOn ?? '').localeCompare(b.lastContactOn ?? '') || a.name.localeCompare(b.name, 'zh-CN'));
}

/** One firm of the officer: its profile, contact person and the contact log (newest first). Throws 404 `advisors.err.unknown`. */
export async function officerFirm(db: DB, actor: OfficerActor, enterpriseId: string) {
  const p = await officerPairing(db, actor, enterpriseId);
  const [firm, contacts, openProblems] = await Promise.all([
    db
      .selectFrom('organizations')
      .select(['id', 'name', 'region_code', 'industry', 'size', 'contact_name', 'contact_phone', 'description'])
      .where('id', '=', enterpriseId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('advisor_contacts')
      .select(['id', 'channel', 'contact_on', 'summary', 'next_step', 'created_at'])
      .where('pairing_id', '=', p.id)
      .orderBy('contact_on', 'desc')
      .orderBy('created_at', 'desc')
      .execute(),
    db
      .selectFrom('problems')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('enterprise_org_id', '=', enterpriseId)
      .where('status', '!=', 'closed')
      .executeTakeFirstOrThrow(),
  ]);
  return {
    pairing: { id: p.id, startedOn: p.started_on },
    firm,
    openProblems: Number(openProblems.n),
    contacts: contacts.map((c) => ({
      id: c.id,
      channel: c.channel,
      contactOn: c.contact_on,
      summary: c.summary,
      nextStep: c.next_step,
    })),
  };
}

export interface EnterpriseAdvisor {
  name: string;
  phone: string;
  bankName: string;
  since: string;
  lastContactOn: string | null;
}

/** The enterprise's current advisor (name, bank, phone), or null. */
export async function enterpriseAdvisor(db: DB, enterpriseId: string): Promise<EnterpriseAdvisor | null> {
  const p = await db
    .selectFrom('advisor_pairings as p')
    .innerJoin('users as u', 'u.id', 'p.officer_user_id')
    .innerJoin('organizations as b', 'b.id', 'p.bank_org_id')
    .select(['p.id', 'u.name', 'u.phone', 'b.name as bank_name', 'p.started_on'])
    .where('p.enterprise_org_id', '=', enterpriseId)
    .where('p.ended_at', 'is', null)
    .executeTakeFirst();
  if (!p) return null;
  const last = await db
    .selectFrom('advisor_contacts')
    .select('contact_on')
    .where('pairing_id', '=', p.id)
    .orderBy('contact_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { name: p.name, phone: p.phone, bankName: p.bank_name, since: p.started_on, lastContactOn: last?.contact_on ?? null };
}

/** How many firms the officer serves now (the bank home). */
export async function officerFirmCount(db: DB, actor: OfficerActor): Promise<number> {
  const r = await db
    .selectFrom('advisor_pairings')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('officer_user_id', '=', actor.userId)
    .where('bank_org_id', '=', actor.orgId)
    .where('ended_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/* ------------------------------------------------------------------ the organizer's view */

export interface RegionPairing {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  regionCode: string;
  officerName: string;
  bankName: string;
  startedOn: string;
  contacts: number;
  lastContactOn: string | null;
  /** earlier advisors of the firm, newest first: "name（bank）" */
  previous: string[];
}

const PAIRINGS_LIMIT = 500;

/** The region's current pairings (the firms by name), with their contact counts and earlier advisors. */
export async function regionPairings(db: DB, regionCode: string): Promise<RegionPairing[]> {
  const rows = await db
    .selectFrom('advisor_pairings as p')
    .innerJoin('organizations as e', 'e.id', 'p.enterprise_org_id')
    .innerJoin('organizations as b', 'b.id', 'p.bank_org_id')
    .innerJoin('users as u', 'u.id', 'p.officer_user_id')
    .select([
      'p.id',
      'p.enterprise_org_id',
      'e.name as enterprise_name',
      'p.region_code',
      'u.name as officer_name',
      'b.name as bank_name',
      'p.started_on',
      'p.ended_at',
      'p.started_at',
    ])
    .where('p.region_code', 'like', inRegion(regionCode))
    .orderBy('p.started_at', 'desc')
    .limit(PAIRINGS_LIMIT * 4)
    .execute();
  const current = rows.filter((r) => r.ended_at === null).slice(0, PAIRINGS_LIMIT);
  if (current.length === 0) return [];
  const contacts = await db
    .selectFrom('advisor_contacts')
    .select(['pairing_id', 'contact_on'])
    .where(
      'pairing_id',
      'in',
      current.map((r) => r.id),
    )
    .execute();
  const stats = new Map<string, { n: number; last: string | null }>();
  for (const c of contacts) {
    const g = stats.get(c.pairing_id) ?? { n: 0, last: null };
    g.n++;
    if (!g.last || c.contact_on > g.last) g.last = c.contact_on;
    stats.set(c.pairing_id, g);
  }
  return current
    .map((r) => ({
      id: r.id,
      enterpriseId: r.enterprise_org_id,
      enterpriseName: r.enterprise_name,
      regionCode: r.region_code,
      officerName: r.officer_name,
      bankName: r.bank_name,
      startedOn: r.started_on,
      contacts: stats.get(r.id)?.n ?? 0,
      lastContactOn: stats.get(r.id)?.last ?? null,
      previous: rows
        .filter((h) => h.enterprise_org_id === r.enterprise_org_id && h.ended_at !== null)
        .map((h) => `${h.officer_name}（${h.bank_name}）`),
    }))
    .sort((a, b) => a.enterpriseName.localeCompare(b.enterpriseName, 'zh-CN'));
}

/**
 * KPIs of the region's (or a district's) current pairings over the period, per
 * officer and per bank (`tallyAdvisors`): firms paired; firms contacted (at least
 * one contact logged by the pairing in the period); the firms' problems whose
 * close deadline falls in the period and are due (closed, or past the deadline),
 * and of those closed in time (按期办结, as the problem ledger counts it); the
 * firms' ratings of the advisor's bank given in the period, and the 满意 ones.
 */
export async function advisorKpis(db: DB, regionCode: string, period: Period, today = chinaDate(new Date())): Promise<AdvisorKpis> {
  const [first, last] = periodDays(period);
  const like = inRegion(regionCode);
  const current = (eb: DB) => eb.selectFrom('advisor_pairings as p').where('p.ended_at', 'is', null).where('p.region_code', 'like', like);
  const [pairings, contacts, problems, ratings] = await Promise.all([
    current(db)
      .innerJoin('users as u', 'u.id', 'p.officer_user_id')
      .innerJoin('organizations as b', 'b.id', 'p.bank_org_id')
      .select(['p.id', 'p.enterprise_org_id', 'p.officer_user_id', 'u.name as officer_name', 'p.bank_org_id', 'b.name as bank_name'])
      .execute(),
    current(db)
      .innerJoin('advisor_contacts as c', 'c.pairing_id', 'p.id')
      .select(['c.pairing_id'])
      .where('c.contact_on', '>=', first)
      .where('c.contact_on', '<=', last)
      .execute(),
    current(db)
      .innerJoin('problems as x', 'x.enterprise_org_id', 'p.enterprise_org_id')
      .select(['x.enterprise_org_id', 'x.status', 'x.due_on', 'x.closed_at'])
      .where('x.due_on', '>=', first)
      .where('x.due_on', '<=', last)
      .execute(),
    current(db)
      .innerJoin('ratings as r', 'r.rater_org_id', 'p.enterprise_org_id')
      .select(['r.rater_org_id', 'r.rated_org_id', 'r.score'])
      .where('r.rated_month', '>=', period.from)
      .where('r.rated_month', '<=', period.to)
      .execute(),
  ]);
  return tallyAdvisors(
    pairings.map((p) => ({
      pairingId: p.id,
      enterpriseId: p.enterprise_org_id,
      officerId: p.officer_user_id,
      officerName: p.officer_name,
      bankId: p.bank_org_id,
      bankName: p.bank_name,
    })),
    contacts.map((c) => ({ pairingId: c.pairing_id })),
    problems.map((x) => {
      const closed = x.status === 'closed';
      return {
        enterpriseId: x.enterprise_org_id,
        due: closed || (x.due_on !== null && today > x.due_on),
        inTime: closed && closedInTime(x.closed_at ? chinaDate(x.closed_at) : null, x.due_on),
      };
    }),
    ratings.map((r) => ({ enterpriseId: r.rater_org_id, ratedOrgId: r.rated_org_id, score: r.score })),
  );
}

/**
 * The dashboard's card: the KPIs of the organizer's region, or of the district it
 * filters on, over the dashboard's months (the current year up to this month
 * when none are chosen).
 */
export async function dashboardAdvisorKpis(
  db: DB,
  regionCode: string,
  filters: { from?: string | null; to?: string | null; district?: string | null },
  today = chinaDate(new Date()),
): Promise<{ kpis: AdvisorKpis; period: Period }> {
  const period = periodOf(filters.from, filters.to, today);
  const scope = filters.district && regionCovers(regionCode, filters.district) ? filters.district : regionCode;
  return { kpis: await advisorKpis(db, scope, period, today), period };
}
