/**
 * 金融顾问 KPIs as a pure tally (issue 18, decision 037b): per officer and per bank,
 * from the current pairings and what happened to their firms in the period. An
 * enterprise has one current advisor, so every firm counts for exactly one officer
 * and one bank: the officers' rows add up to their bank's, the banks' to the total.
 * No server code: pages and tests use it too.
 */
import type { AdvisorChannel } from '#db/schema';

export const ADVISOR_CHANNELS = ['visit', 'phone', 'online'] as const satisfies readonly AdvisorChannel[];
export const SUMMARY_MAX = 1000;
export const NEXT_STEP_MAX = 500;

export interface TalliedPairing {
  pairingId: string;
  enterpriseId: string;
  officerId: string;
  officerName: string;
  bankId: string;
  bankName: string;
}

export interface AdvisorKpiRow {
  key: string;
  name: string;
  /** the officer's bank (officer rows), or the bank's name again */
  bankName: string;
  /** firms currently paired */
  firms: number;
  /** of which contacted at least once in the period (by this pairing) */
  contacted: number;
  /** contact logs in the period */
  contacts: number;
  /** 走访/联系覆盖率 in % with one decimal, null without firms */
  contactRate: number | null;
  /** problems of the firms due in the period (closed, or past the close deadline), and of those closed in time */
  problemsDue: number;
  problemsInTime: number;
  inTimeRate: number | null;
  /** the firms' ratings of the bank in the period, and those of 4–5 (满意) */
  rated: number;
  satisfied: number;
  satisfactionRate: number | null;
}

export interface AdvisorKpis {
  total: AdvisorKpiRow;
  byBank: AdvisorKpiRow[];
  byOfficer: AdvisorKpiRow[];
}

/** A rate in % with one decimal, or null without a denominator. */
export function rate1(num: number, den: number): number | null {
  return den === 0 ? null : Math.round((num * 1000) / den) / 10;
}

const empty = (key: string, name: string, bankName: string): AdvisorKpiRow => ({
  key,
  name,
  bankName,
  firms: 0,
  contacted: 0,
  contacts: 0,
  contactRate: null,
  problemsDue: 0,
  problemsInTime: 0,
  inTimeRate: null,
  rated: 0,
  satisfied: 0,
  satisfactionRate: null,
});

/**
 * contacts: pairing id of each contact log in the period; problems: the firms'
 * problems whose close deadline falls in the period, with whether each is due and
 * closed in time; ratings: the firms' ratings given in the period (rater, rated
 * organization, score).
 */
export function tallyAdvisors(
  pairings: readonly TalliedPairing[],
  contacts: readonly { pairingId: string }[],
  problems: readonly { enterpriseId: string; due: boolean; inTime: boolean }[],
  ratings: readonly { enterpriseId: string; ratedOrgId: string; score: number }[],
): AdvisorKpis {
  const total = empty('total', '', '');
  const byBank = new Map<string, AdvisorKpiRow>();
  const byOfficer = new Map<string, AdvisorKpiRow>();
  const contactsOf = new Map<string, number>();
  for (const c of contacts) contactsOf.set(c.pairingId, (contactsOf.get(c.pairingId) ?? 0) + 1);
  const problemsOf = new Map<string, { due: number; inTime: number }>();
  for (const p of problems) {
    const g = problemsOf.get(p.enterpriseId) ?? { due: 0, inTime: 0 };
    if (p.due) g.due++;
    if (p.due && p.inTime) g.inTime++;
    problemsOf.set(p.enterpriseId, g);
  }
  const ratingsOf = new Map<string, { ratedOrgId: string; score: number }[]>();
  for (const r of ratings) ratingsOf.set(r.enterpriseId, [...(ratingsOf.get(r.enterpriseId) ?? []), r]);

  for (const p of pairings) {
    const n = contactsOf.get(p.pairingId) ?? 0;
    const pr = problemsOf.get(p.enterpriseId) ?? { due: 0, inTime: 0 };
    const rs = (ratingsOf.get(p.enterpriseId) ?? []).filter((r) => r.ratedOrgId === p.bankId);
    let bank = byBank.get(p.bankId);
    if (!bank) byBank.set(p.bankId, (bank = empty(p.bankId, p.bankName, p.bankName)));
    let officer = byOfficer.get(p.officerId);
    if (!officer) byOfficer.set(p.officerId, (officer = empty(p.officerId, p.officerName, p.bankName)));
    for (const g of [total, bank, officer]) {
      g.firms++;
      if (n > 0) g.contacted++;
      g.contacts += n;
      g.problemsDue += pr.due;
      g.problemsInTime += pr.inTime;
      g.rated += rs.length;
      g.satisfied += rs.filter((r) => r.score >= 4).length;
    }
  }
  const done = (g: AdvisorKpiRow): AdvisorKpiRow => ({
    ...g,
    contactRate: rate1(g.contacted, g.firms),
    inTimeRate: rate1(g.problemsInTime, g.problemsDue),
    satisfactionRate: rate1(g.satisfied, g.rated),
  });
  const order = (a: AdvisorKpiRow, b: AdvisorKpiRow) =>
    b.firms - a.firms || a.name.localeCompare(b.name, 'zh-CN') || a.key.localeCompare(b.key);
  return {
    total: done(total),
    byBank: [...byBank.values()].map(done).sort(order),
    byOfficer: [...byOfficer.values()].map(done).sort(order),
  };
}

export interface Period {
  /** YYYY-MM */
  from: string;
  to: string;
}

/** The period of the figures: the months given, else the current year up to this month. */
export function periodOf(from: string | null | undefined, to: string | null | undefined, today: string): Period {
  const month = /^\d{4}-(0[1-9]|1[0-2])$/;
  const t = to && month.test(to) ? to : today.slice(0, 7);
  const f = from && month.test(from) ? from : `${t.slice(0, 4)}-01`;
  return f <= t ? { from: f, to: t } : { from: t, to: f };
}

/** The first and last day of the period, as YYYY-MM-DD text bounds. */
export function periodDays(p: Period): [string, string] {
  return [`${p.from}-01`, `${p.to}-31`];
}
