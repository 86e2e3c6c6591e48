/**
 * Notifications about letters of intent (合作意向书). Called by the agreements
 * module inside the transaction of the change itself, so a letter and its
 * notifications are written together or not at all.
 *
 * - a bank's or an enterprise's proposal → the other party ('agreement.proposed');
 * - confirmed / declined → the proposing party; when an organizer took the step,
 *   the other party too, since neither of them acted;
 * - terminated → both parties except the actor's organization.
 *
 * Payload: `counterpart` (the other party's name as seen by the reader), `amount`
 * (万元, exact, grouped), `documentNo` ('' when none) and, for declined and
 * terminated, `reason`. The text is chosen at display time (see display.ts).
 */
import type { AgreementRow } from '~/modules/agreements/lifecycle';
import type { DB } from '~/utils/db.server';
import { toWan } from '~/utils/money';
import { notifyOrganization, type NotificationKind } from './notifications.server';

type Party = 'bank' | 'enterprise';

async function partyNames(db: DB, row: AgreementRow): Promise<Record<Party, string>> {
  const orgs = await db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', 'in', [row.bank_org_id, row.enterprise_org_id])
    .execute();
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? '—';
  return { bank: name(row.bank_org_id), enterprise: name(row.enterprise_org_id) };
}

const orgOf = (row: AgreementRow, party: Party) => (party === 'bank' ? row.bank_org_id : row.enterprise_org_id);
const other = (party: Party): Party => (party === 'bank' ? 'enterprise' : 'bank');

/** The party that proposed the letter, or null when an organizer recorded it. */
function proposingParty(row: AgreementRow): Party | null {
  if (row.proposed_by_org_id === row.bank_org_id) return 'bank';
  if (row.proposed_by_org_id === row.enterprise_org_id) return 'enterprise';
  return null;
}

async function send(
  db: DB,
  row: AgreementRow,
  kind: NotificationKind,
  recipients: Party[],
  now: string,
  extra: Record<string, string> = {},
): Promise<number> {
  if (recipients.length === 0) return 0;
  const names = await partyNames(db, row);
  let sent = 0;
  for (const party of recipients) {
    const payload = { counterpart: names[other(party)], amount: toWan(row.amount), documentNo: row.document_no ?? '', ...extra };
    sent += await notifyOrganization(db, orgOf(row, party), kind, payload, `/agreements/${row.id}`, now);
  }
  return sent;
}

/** A new letter: a party's proposal notifies the other party; an organizer's signing (confirmed at once) notifies nobody. */
export async function notifyAgreementCreated(db: DB, row: AgreementRow, now: string): Promise<number> {
  const proposer = proposingParty(row);
  if (row.status !== 'proposed' || !proposer) return 0;
  return send(db, row, 'agreement.proposed', [other(proposer)], now);
}

/**
 * A step taken on a letter (`action` as in the audit trail). Only confirmed,
 * declined and terminated notify; `actorOrgId` is the acting user's organization
 * (an organizer's department or null when an organizer acted).
 */
export async function notifyAgreementStep(
  db: DB,
  action: string,
  after: AgreementRow,
  actorOrgId: string | null,
  now: string,
): Promise<number> {
  const actorParty: Party | null = actorOrgId === after.bank_org_id ? 'bank' : actorOrgId === after.enterprise_org_id ? 'enterprise' : null;
  if (action === 'confirmed' || action === 'declined') {
    const proposer = proposingParty(after);
    if (!proposer) return 0;
    const recipients: Party[] = actorParty ? [proposer] : [proposer, other(proposer)];
    const kind = action === 'confirmed' ? 'agreement.confirmed' : 'agreement.declined';
    return send(db, after, kind, recipients, now, action === 'declined' ? { reason: after.status_reason ?? '' } : {});
  }
  if (action === 'terminated') {
    const recipients = (['bank', 'enterprise'] as const).filter((p) => p !== actorParty);
    return send(db, after, 'agreement.terminated', recipients, now, { reason: after.status_reason ?? '' });
  }
  return 0;
}
