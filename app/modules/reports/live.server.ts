/**
 * An event's live signing figures (签约实况), for the projector screen: how many
 * banks and enterprises have signed, the signed total, the latest confirmed
 * signings and the facts of the news sentence. Read straight from the event's
 * agreements (index agreements_event_status), so a signing shows the moment it is
 * confirmed. Counting rule: confirmed agreements only (`confirmed_at` set); one
 * terminated after confirmation keeps counting — the same figure as the
 * agreements list and the dashboard.
 */
import { sql } from 'kysely';
import type { Locale } from '~/i18n/locale';
import { chinaDateTime } from '~/modules/calendar/working-days';
import { leadSignatories } from '~/modules/events/leads.server';
import type { DB } from '~/utils/db.server';
import { nowIso } from '~/utils/ids';
import { formatWan } from '~/utils/money';
import { newsAmount, newsFacts, newsSentence, type NewsFacts } from './news';

export interface LiveSigning {
  eventId: string;
  /** distinct banks / enterprises with a confirmed agreement at the event */
  bankCount: number;
  enterpriseCount: number;
  agreementCount: number;
  /** signed total, 元 */
  total: number;
  latest: { id: string; bankName: string; enterpriseName: string; amount: number; confirmedAt: string; terminated: boolean }[];
  news: NewsFacts;
  /** of the confirmed ones, terminated later: still in the total, shown apart (decision 017) */
  terminatedCount: number;
  terminatedAmount: number;
}

export const LIVE_LATEST = 8;

export async function liveSigning(db: DB, eventId: string, latestLimit = LIVE_LATEST): Promise<LiveSigning> {
  const confirmed = db.selectFrom('agreements as a').where('a.event_id', '=', eventId).where('a.confirmed_at', 'is not', null);
  const [banks, enterprises, latest, terminated, leads] = await Promise.all([
    confirmed
      .innerJoin('organizations as o', 'o.id', 'a.bank_org_id')
      .select(['o.name', sql<string>`sum(a.amount)`.as('amount'), sql<string>`count(*)`.as('n')])
      .groupBy(['a.bank_org_id', 'o.name'])
      .execute(),
    confirmed
      .innerJoin('organizations as o', 'o.id', 'a.enterprise_org_id')
      .select(['o.name', sql<string>`sum(a.amount)`.as('amount')])
      .groupBy(['a.enterprise_org_id', 'o.name'])
      .execute(),
    confirmed
      .innerJoin('organizations as b', 'b.id', 'a.bank_org_id')
      .innerJoin('organizations as e', 'e.id', 'a.enterprise_org_id')
      .select(['a.id', 'b.name as bank_name', 'e.name as enterprise_name', 'a.amount', 'a.confirmed_at', 'a.status'])
      .orderBy('a.confirmed_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(latestLimit)
      .execute(),
    confirmed
      .where('a.status', '=', 'terminated')
      .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(a.amount), 0)`.as('amount')])
      .executeTakeFirst(),
    leadSignatories(db, eventId),
  ]);
  const bankParties = banks.map((b) => ({ name: b.name, amount: Number(b.amount) }));
  // the organizer's lead signatories (主签约单位) lead the sentence (decision 036d)
  const news = newsFacts(
    bankParties,
    enterprises.map((e) => ({ name: e.name, amount: Number(e.amount) })),
    { banks: leads.bank.map((l) => l.name), enterprises: leads.enterprise.map((l) => l.name) },
  );
  return {
    eventId,
    bankCount: banks.length,
    enterpriseCount: enterprises.length,
    agreementCount: banks.reduce((s, b) => s + Number(b.n), 0),
    total: news.total,
    latest: latest.map((r) => ({
      id: r.id,
      bankName: r.bank_name,
      enterpriseName: r.enterprise_name,
      amount: Number(r.amount),
      confirmedAt: r.confirmed_at ?? '',
      terminated: r.status === 'terminated',
    })),
    news,
    terminatedCount: Number(terminated?.n ?? 0),
    terminatedAmount: Number(terminated?.amount ?? 0),
  };
}

/** What the live screen shows (page loader and the JSON it polls give the same). */
export interface LivePayload {
  eventId: string;
  bankCount: number;
  enterpriseCount: number;
  agreementCount: number;
  total: number;
  /** the total as the news sentence writes it (“3.177亿元”) */
  totalText: string;
  news: string;
  terminatedCount: number;
  /** '' when none */
  terminatedText: string;
  /** terminated: ended after it was signed — marked on the screen; it keeps counting in the signed total (decision 017) */
  latest: {
    id: string;
    bankName: string;
    enterpriseName: string;
    amount: number;
    amountText: string;
    confirmedAt: string;
    timeText: string;
    terminated: boolean;
  }[];
  updatedAt: string;
}

export function livePayload(live: LiveSigning, locale: Locale): LivePayload {
  return {
    eventId: live.eventId,
    bankCount: live.bankCount,
    enterpriseCount: live.enterpriseCount,
    agreementCount: live.agreementCount,
    total: live.total,
    totalText: newsAmount(live.total, locale),
    news: newsSentence(live.news, locale),
    terminatedCount: live.terminatedCount,
    terminatedText: live.terminatedCount ? formatWan(live.terminatedAmount) : '',
    latest: live.latest.map((l) => ({ ...l, amountText: formatWan(l.amount), timeText: chinaDateTime(l.confirmedAt).slice(11) })),
    updatedAt: nowIso(),
  };
}
