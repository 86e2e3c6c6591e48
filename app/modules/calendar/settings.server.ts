/**
 * Settings used by response deadlines: `response_due_working_days[:region]`
 * (how many working days banks have to answer a published need; each organizer
 * sets it for its own region) and `holidays[:region]` (JSON date → "holiday" |
 * "workday" overrides on top of the official calendar: the statutory holidays and
 * 调休 days come from the `chinese-days` package (official.server.ts); a region
 * may add local days, e.g. a city's own 调休, and a province's or city's overrides
 * cover its counties; the key without a region is a platform-wide layer).
 * Also `agreement_late_days[:region]`: a signed letter of intent with nothing
 * approved (授信) this many days after signing is late (default 30).
 */
import { regionAndAncestors } from '~/modules/regions/cover';
import type { DB } from '~/utils/db.server';
import { readSetting, readSettings, writeSetting } from '~/utils/settings.server';
import { officialCalendar } from './official.server';
import { type DayOverride, parseHolidays, type Holidays } from './working-days';

export const RESPONSE_DUE_KEY = 'response_due_working_days';
export const HOLIDAYS_KEY = 'holidays';
export const DEFAULT_RESPONSE_DUE_DAYS = 3;
export const RESPONSE_DUE_MIN = 1;
export const RESPONSE_DUE_MAX = 30;

function parseDays(raw: string | null): number | null {
  const n = raw !== null && /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return n >= RESPONSE_DUE_MIN && n <= RESPONSE_DUE_MAX ? n : null;
}

/** Region-specific key: each organizer sets the deadline for its own region. */
export function responseDueKey(regionCode: string): string {
  return `${RESPONSE_DUE_KEY}:${regionCode}`;
}

/**
 * Working days banks have to answer: the nearest setting among the region and its
 * ancestors, else the platform-wide setting, else the default (3).
 */
export async function getResponseDueDays(db: DB, regionCode?: string | null): Promise<number> {
  const code = regionCode ?? '';
  return (await regionCalendars(db, [code])).dueDays(code);
}

/** Sets the deadline for one region (or, without a region, the platform default). */
export async function setResponseDueDays(db: DB, days: number, userId: string | null, regionCode?: string | null): Promise<void> {
  if (!Number.isInteger(days) || days < RESPONSE_DUE_MIN || days > RESPONSE_DUE_MAX)
    throw new RangeError(`response days out of range: ${days}`);
  await writeSetting(db, regionCode ? responseDueKey(regionCode) : RESPONSE_DUE_KEY, String(days), userId);
}

export function holidaysKey(regionCode: string): string {
  return `${HOLIDAYS_KEY}:${regionCode}`;
}

/**
 * The working-day calendar of a region: the official calendar, then the
 * platform-wide overrides, then the province's, the city's and the region's own
 * (the nearest wins). Without a region: official + platform-wide.
 */
export async function getHolidays(db: DB, regionCode?: string | null): Promise<Holidays> {
  const code = regionCode ?? '';
  return (await regionCalendars(db, [code])).holidays(code);
}

/** A per-region calendar lookup for code that handles needs of many regions (one query per region). */
export function holidaysLookup(db: DB): (regionCode: string | null | undefined) => Promise<Holidays> {
  const cache = new Map<string, Promise<Holidays>>();
  return (regionCode) => {
    const key = regionCode ?? '';
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = getHolidays(db, regionCode)));
    return hit;
  };
}

/**
 * The response deadline (getResponseDueDays) and the calendar (getHolidays) of many
 * regions from one read of the settings: a page that checks needs of every district
 * of a city asks once instead of three times per district. The rules of both live
 * here; the two functions above ask it for one region.
 */
export async function regionCalendars(
  db: DB,
  regionCodes: Iterable<string>,
): Promise<{ dueDays: (regionCode: string) => number; holidays: (regionCode: string) => Holidays }> {
  const regions = [...new Set(regionCodes)].filter((c) => /^\d{6}$/.test(c));
  const keys = new Set([RESPONSE_DUE_KEY, HOLIDAYS_KEY]);
  for (const code of regions)
    for (const r of regionAndAncestors(code)) {
      keys.add(responseDueKey(r));
      keys.add(holidaysKey(r));
    }
  const values = await readSettings(db, [...keys]);
  const platformDays = parseDays(values.get(RESPONSE_DUE_KEY) ?? null) ?? DEFAULT_RESPONSE_DUE_DAYS;
  const calendars = new Map<string, Holidays>();
  return {
    dueDays: (regionCode) => {
      if (/^\d{6}$/.test(regionCode)) {
        for (const key of regionAndAncestors(regionCode).map(responseDueKey)) {
          const n = parseDays(values.get(key) ?? null);
          if (n !== null) return n;
        }
      }
      return platformDays;
    },
    holidays: (regionCode) => {
      let merged = calendars.get(regionCode);
      if (merged) return merged;
      const layers = [HOLIDAYS_KEY];
      if (/^\d{6}$/.test(regionCode)) layers.push(...regionAndAncestors(regionCode).reverse().map(holidaysKey));
      const found = layers.filter((k) => values.has(k));
      if (found.length === 0) merged = officialCalendar();
      else {
        const layered = new Map<string, DayOverride>(officialCalendar());
        for (const key of found) for (const [date, kind] of parseHolidays(values.get(key)!)) layered.set(date, kind);
        merged = layered;
      }
      calendars.set(regionCode, merged);
      return merged;
    },
  };
}

/** The overrides kept for one region (or, without a region, the platform-wide layer), for the settings form. */
export async function getHolidayOverrides(db: DB, regionCode?: string | null): Promise<Holidays> {
  return parseHolidays(await readSetting(db, regionCode ? holidaysKey(regionCode) : HOLIDAYS_KEY));
}

/** Raw JSON of the overrides, for the settings form. */
export async function getHolidaysJson(db: DB, regionCode?: string | null): Promise<string> {
  return (await readSetting(db, regionCode ? holidaysKey(regionCode) : HOLIDAYS_KEY)) ?? '{}';
}

export async function setHolidays(db: DB, holidays: Holidays, userId: string | null, regionCode?: string | null): Promise<void> {
  const obj = Object.fromEntries([...holidays.entries()].sort(([a], [b]) => a.localeCompare(b)));
  await writeSetting(db, regionCode ? holidaysKey(regionCode) : HOLIDAYS_KEY, JSON.stringify(obj), userId);
}

/* ---------- letters of intent: late after N days without 授信 ---------- */

export const AGREEMENT_LATE_KEY = 'agreement_late_days';
export const DEFAULT_AGREEMENT_LATE_DAYS = 30;
export const AGREEMENT_LATE_MIN = 1;
export const AGREEMENT_LATE_MAX = 365;

function parseLateDays(raw: string | null): number | null {
  const n = raw !== null && /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return n >= AGREEMENT_LATE_MIN && n <= AGREEMENT_LATE_MAX ? n : null;
}

export function agreementLateKey(regionCode: string): string {
  return `${AGREEMENT_LATE_KEY}:${regionCode}`;
}

/** Days after signing without 授信 before an agreement counts as late: the nearest regional setting, else the platform one, else 30. */
export async function getAgreementLateDays(db: DB, regionCode?: string | null): Promise<number> {
  if (regionCode && /^\d{6}$/.test(regionCode)) {
    const keys = regionAndAncestors(regionCode).map(agreementLateKey);
    const values = await readSettings(db, keys);
    for (const key of keys) {
      const n = parseLateDays(values.get(key) ?? null);
      if (n !== null) return n;
    }
  }
  return parseLateDays(await readSetting(db, AGREEMENT_LATE_KEY)) ?? DEFAULT_AGREEMENT_LATE_DAYS;
}

export async function setAgreementLateDays(db: DB, days: number, userId: string | null, regionCode?: string | null): Promise<void> {
  if (!Number.isInteger(days) || days < AGREEMENT_LATE_MIN || days > AGREEMENT_LATE_MAX)
    throw new RangeError(`late days out of range: ${days}`);
  await writeSetting(db, regionCode ? agreementLateKey(regionCode) : AGREEMENT_LATE_KEY, String(days), userId);
}
