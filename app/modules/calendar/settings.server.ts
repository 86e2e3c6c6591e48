/**
 * Platform settings used by response deadlines: `response_due_working_days`
 * (how many working days banks have to answer a published need) and
 * `holidays` (JSON date → "holiday" | "workday" overrides).
 */
import type { DB } from '~/utils/db.server';
import { nowIso } from '~/utils/ids';
import { parseHolidays, type Holidays } from './working-days';

export const RESPONSE_DUE_KEY = 'response_due_working_days';
export const HOLIDAYS_KEY = 'holidays';
export const DEFAULT_RESPONSE_DUE_DAYS = 3;
export const RESPONSE_DUE_MIN = 1;
export const RESPONSE_DUE_MAX = 30;

async function readSetting(db: DB, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

async function writeSetting(db: DB, key: string, value: string, userId: string | null): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now, updated_by: userId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: userId }))
    .execute();
}

export async function getResponseDueDays(db: DB): Promise<number> {
  const raw = await readSetting(db, RESPONSE_DUE_KEY);
  const n = raw !== null && /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return n >= RESPONSE_DUE_MIN && n <= RESPONSE_DUE_MAX ? n : DEFAULT_RESPONSE_DUE_DAYS;
}

export async function setResponseDueDays(db: DB, days: number, userId: string | null): Promise<void> {
  if (!Number.isInteger(days) || days < RESPONSE_DUE_MIN || days > RESPONSE_DUE_MAX) throw new RangeError(`response days out of range: ${days}`);
  await writeSetting(db, RESPONSE_DUE_KEY, String(days), userId);
}

export async function getHolidays(db: DB): Promise<Holidays> {
  return parseHolidays(await readSetting(db, HOLIDAYS_KEY));
}

/** Raw JSON of the holiday overrides, for the settings form. */
export async function getHolidaysJson(db: DB): Promise<string> {
  return (await readSetting(db, HOLIDAYS_KEY)) ?? '{}';
}

export async function setHolidays(db: DB, holidays: Holidays, userId: string | null): Promise<void> {
  const obj = Object.fromEntries([...holidays.entries()].sort(([a], [b]) => a.localeCompare(b)));
  await writeSetting(db, HOLIDAYS_KEY, JSON.stringify(obj), userId);
}
