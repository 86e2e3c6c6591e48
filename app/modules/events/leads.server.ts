/**
 * Lead signatories of a session (主签约银行 / 主签约企业, issue 16, decision 036d):
 * the organizer names, in order, the banks and the enterprises the news sentence
 * puts first. Only an organization that signed at the session (a confirmed
 * agreement of the event, on that side) may lead; at most three per side (the
 * sentence lists at most three names). Without leads the sentence names the
 * largest amounts (app/modules/reports/news.ts).
 */
import { sql } from 'kysely';
import type { DB } from '~/utils/db.server';
import { inTransaction } from '~/utils/db.server';
import { AppError } from '~/utils/errors';
import { nowIso } from '~/utils/ids';
import { NEWS_MAX_LEADS } from '~/modules/reports/news';

export type LeadSide = 'bank' | 'enterprise';

export interface Signatory {
  organizationId: string;
  name: string;
  /** signed at the session, 元 (confirmed agreements) */
  amount: number;
}

export interface Signatories {
  banks: Signatory[];
  enterprises: Signatory[];
  /** the marked leads, organization ids in order */
  leadBanks: string[];
  leadEnterprises: string[];
}

const COLUMN: Record<LeadSide, 'a.bank_org_id' | 'a.enterprise_org_id'> = { bank: 'a.bank_org_id', enterprise: 'a.enterprise_org_id' };

async function signedOn(db: DB, eventId: string, side: LeadSide): Promise<Signatory[]> {
  const rows = await db
    .selectFrom('agreements as a')
    .innerJoin('organizations as o', 'o.id', COLUMN[side])
    .select(['o.id', 'o.name', sql<string | number>`sum(a.amount)`.as('amount')])
    .where('a.event_id', '=', eventId)
    .where('a.confirmed_at', 'is not', null)
    .groupBy(['o.id', 'o.name'])
    .execute();
  return rows
    .map((r) => ({ organizationId: r.id, name: r.name, amount: Number(r.amount) }))
    .sort((a, b) => b.amount - a.amount || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The marked leads by side, in order (organization id and name). */
export async function leadSignatories(db: DB, eventId: string): Promise<Record<LeadSide, { organizationId: string; name: string }[]>> {
  const rows = await db
    .selectFrom('event_lead_signatories as l')
    .innerJoin('organizations as o', 'o.id', 'l.organization_id')
    .select(['l.side', 'l.organization_id', 'o.name'])
    .where('l.event_id', '=', eventId)
    .orderBy('l.side')
    .orderBy('l.position')
    .execute();
  const out: Record<LeadSide, { organizationId: string; name: string }[]> = { bank: [], enterprise: [] };
  for (const r of rows) out[r.side].push({ organizationId: r.organization_id, name: r.name });
  return out;
}

/** Who signed at the session on each side (largest first) and the marked leads: what the organizer's form offers. */
export async function sessionSignatories(db: DB, eventId: string): Promise<Signatories> {
  const [banks, enterprises, leads] = await Promise.all([
    signedOn(db, eventId, 'bank'),
    signedOn(db, eventId, 'enterprise'),
    leadSignatories(db, eventId),
  ]);
  return {
    banks,
    enterprises,
    leadBanks: leads.bank.map((l) => l.organizationId),
    leadEnterprises: leads.enterprise.map((l) => l.organizationId),
  };
}

/**
 * Replaces the session's leads with the given ones (organization ids in order;
 * empty: back to the default, the largest amounts). Throws AppError 400 with the
 * field (`banks` / `enterprises`) when one is named twice, more than three are
 * named, or one did not sign at the session on that side. All or nothing.
 */
export async function setLeadSignatories(
  db: DB,
  eventId: string,
  leads: { banks: readonly string[]; enterprises: readonly string[] },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const rows: { event_id: string; organization_id: string; side: LeadSide; position: number; created_at: string }[] = [];
    const now = nowIso();
    for (const [side, field, ids] of [
      ['bank', 'banks', leads.banks],
      ['enterprise', 'enterprises', leads.enterprises],
    ] as const) {
      if (new Set(ids).size !== ids.length) throw new AppError(400, 'leads.v.twice', { field });
      if (ids.length > NEWS_MAX_LEADS) throw new AppError(400, 'leads.v.tooMany', { field });
      const signed = new Set((await signedOn(trx, eventId, side)).map((s) => s.organizationId));
      if (ids.some((id) => !signed.has(id))) throw new AppError(400, 'leads.v.notSigned', { field });
      ids.forEach((id, i) => rows.push({ event_id: eventId, organization_id: id, side, position: i + 1, created_at: now }));
    }
    await trx.deleteFrom('event_lead_signatories').where('event_id', '=', eventId).execute();
    if (rows.length) await trx.insertInto('event_lead_signatories').values(rows).execute();
  });
}
