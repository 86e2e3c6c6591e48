/**
 * The public results page (/results, no sign-in; decision 030e): a region's
 * headline figures by year and month — enterprises served, financing needs
 * answered, sessions held, signed and disbursed amounts, products listed — only
 * aggregates, never a name or a per-enterprise figure. Each organizer chooses
 * which figures its region publishes (setting `public_results:<region>`, a JSON
 * list; until saved, all).
 *
 * Definitions (the 口径说明 of the page):
 * - enterprises served: distinct enterprises with a confirmed agreement signed in
 *   the month (year: distinct over the year, not the sum of the months);
 * - needs answered: financing needs published in the month (China time) in the
 *   region that at least one bank answered (an interest not withdrawn);
 * - sessions held: 对接会 of the region held on a date in the month;
 * - signed / disbursed: confirmed agreements signed in the month, as on the
 *   dashboard (disbursed: what they have drawn so far);
 * - products listed: loan products published in the month and offered in the
 *   region (year: listed now, i.e. published and not retired).
 */
import { sql } from 'kysely';
import { chinaDate } from '~/modules/calendar/working-days';
import { inRegion, regionCovers, regionName } from '~/modules/regions/regions.server';
import type { DB } from '~/utils/db.server';
import { readSetting, writeSetting } from '~/utils/settings.server';
import { nextMonth } from './ranking-month';
import { PUBLIC_FIGURES, type PublicFigure } from './public-figures';
import { monthStartIso } from './ranking-month';
import { getFigures } from './totals.server';

export const publicResultsKey = (regionCode: string) => `public_results:${regionCode}`;

export async function getPublicFigures(db: DB, regionCode: string): Promise<{ figures: PublicFigure[]; saved: boolean }> {
  const raw = await readSetting(db, publicResultsKey(regionCode));
  if (raw === null) return { figures: [...PUBLIC_FIGURES], saved: false };
  try {
    const list = JSON.parse(raw);
    return { figures: PUBLIC_FIGURES.filter((f) => Array.isArray(list) && list.includes(f)), saved: true };
  } catch {
    return { figures: [], saved: true };
  }
}

export async function savePublicFigures(db: DB, regionCode: string, figures: PublicFigure[], userId: string): Promise<void> {
  await writeSetting(db, publicResultsKey(regionCode), JSON.stringify(PUBLIC_FIGURES.filter((f) => figures.includes(f))), userId);
}

/** The regions that publish results: those with an organizer. */
export async function publishingRegions(db: DB): Promise<{ code: string; name: string }[]> {
  const rows = await db
    .selectFrom('users')
    .select('region_code')
    .distinct()
    .where('role', '=', 'organizer')
    .where('region_code', 'is not', null)
    .execute();
  return rows
    .map((r) => r.region_code!)
    .sort()
    .map((code) => ({ code, name: regionName(code) }));
}

export type FigureValues = Record<PublicFigure, number>;

export interface PublicResults {
  regionCode: string;
  regionName: string;
  year: number;
  figures: PublicFigure[];
  /** the year's figures (only the published ones are non-null) */
  total: Partial<FigureValues>;
  /** one line per month of the year up to the current month */
  months: { month: string; values: Partial<FigureValues> }[];
  asOf: string;
}

async function enterprisesByMonth(db: DB, region: string, from: string, to: string) {
  const base = db
    .selectFrom('agreements')
    .where('confirmed_at', 'is not', null)
    .where('signed_month', '>=', from)
    .where('signed_month', '<=', to)
    .where(inRegion('region_code', region));
  const [byMonth, year] = await Promise.all([
    base
      .select(['signed_month as month', sql<number | string>`count(distinct enterprise_org_id)`.as('n')])
      .groupBy('signed_month')
      .execute(),
    base.select(sql<number | string>`count(distinct enterprise_org_id)`.as('n')).executeTakeFirst(),
  ]);
  return { byMonth: new Map(byMonth.map((r) => [r.month, Number(r.n)])), year: Number(year?.n ?? 0) };
}

async function needsAnswered(db: DB, region: string, month: string): Promise<number> {
  const r = await db
    .selectFrom('financing_needs as fn')
    .select(sql<number | string>`count(*)`.as('n'))
    .where('fn.published_at', '>=', monthStartIso(month))
    .where('fn.published_at', '<', monthStartIso(nextMonth(month)))
    .where(inRegion('fn.region_code', region))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('need_interests as ni')
          .select('ni.id')
          .where('ni.need_kind', '=', 'financing')
          .whereRef('ni.need_id', '=', 'fn.id')
          .where('ni.status', '!=', 'withdrawn'),
      ),
    )
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

async function sessionsByMonth(db: DB, region: string, year: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('events')
    .select('event_date')
    .where('status', 'in', ['held', 'closed'])
    .where('event_date', '>=', `${year}-01-01`)
    .where('event_date', '<=', `${year}-12-31`)
    .where(inRegion('region_code', region))
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.event_date.slice(0, 7), (out.get(r.event_date.slice(0, 7)) ?? 0) + 1);
  return out;
}

/** Published products offered in the region (a product's region covers it, or lies within it). */
async function products(db: DB, region: string): Promise<{ published_at: string | null; status: string }[]> {
  const rows = await db
    .selectFrom('loan_products as p')
    .innerJoin('product_regions as pr', 'pr.product_id', 'p.id')
    .select(['p.id', 'p.published_at', 'p.status', 'pr.region_code'])
    .where('p.published_at', 'is not', null)
    .execute();
  const seen = new Map<string, { published_at: string | null; status: string }>();
  for (const r of rows) {
    if (regionCovers(r.region_code, region) || regionCovers(region, r.region_code)) seen.set(r.id, r);
  }
  return [...seen.values()];
}

export async function loadPublicResults(db: DB, regionCode: string, year: number, now = new Date()): Promise<PublicResults> {
  const { figures } = await getPublicFigures(db, regionCode);
  const today = chinaDate(now);
  const lastMonth = String(year) === today.slice(0, 4) ? today.slice(0, 7) : `${year}-12`;
  const months: string[] = [];
  for (let m = `${year}-01`; m <= lastMonth; m = nextMonth(m)) months.push(m);
  const from = `${year}-01`;
  const shown = new Set(figures);
  const empty = { byMonth: new Map<string, number>(), year: 0 };

  const [money, ents, sessions, prods, answered] = await Promise.all([
    shown.has('signed') || shown.has('disbursed') ? getFigures(db, { region: regionCode, from, to: lastMonth }, ['month']) : null,
    shown.has('enterprises') ? enterprisesByMonth(db, regionCode, from, lastMonth) : empty,
    shown.has('sessions') ? sessionsByMonth(db, regionCode, year) : new Map<string, number>(),
    shown.has('products') ? products(db, regionCode) : [],
    shown.has('needsAnswered') ? Promise.all(months.map((m) => needsAnswered(db, regionCode, m))) : months.map(() => 0),
  ]);
  const moneyByMonth = new Map((money?.breakdowns.month ?? []).map((r) => [r.key, r]));
  const productsIn = (m: string) =>
    prods.filter((p) => p.published_at && p.published_at >= monthStartIso(m) && p.published_at < monthStartIso(nextMonth(m))).length;

  const pick = (v: FigureValues): Partial<FigureValues> => Object.fromEntries(figures.map((f) => [f, v[f]]));
  const lines = months.map((m, i) => ({
    month: m,
    values: pick({
      enterprises: ents.byMonth.get(m) ?? 0,
      needsAnswered: answered[i],
      sessions: sessions.get(m) ?? 0,
      signed: moneyByMonth.get(m)?.signedAmount ?? 0,
      disbursed: moneyByMonth.get(m)?.disbursedAmount ?? 0,
      products: productsIn(m),
    }),
  }));
  const yearValues = pick({
    enterprises: ents.year,
    needsAnswered: answered.reduce((s, n) => s + n, 0),
    sessions: [...sessions.values()].reduce((s, n) => s + n, 0),
    signed: money?.totals.signedAmount ?? 0,
    disbursed: money?.totals.disbursedAmount ?? 0,
    products: prods.filter((p) => p.status === 'published').length,
  });
  return { regionCode, regionName: regionName(regionCode), year, figures, total: yearValues, months: lines, asOf: today };
}
