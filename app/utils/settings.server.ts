/**
 * The settings rows (key → text): region deadlines and calendars, the LPR, report
 * choices. Within one request each key is read from the database once (decision
 * 041e): a home asks for its region's response deadline, calendar and late rule from
 * several cards, and 18 of the bank home's 37 statements were the same three reads; the
 * keys asked for in one turn of the event loop are read together.
 * A write forgets the keys it wrote, so a loader after an action in the same request
 * reads the new value; reads inside a transaction always ask the database (they may
 * see the transaction's own writes).
 */
import type { DB } from '~/utils/db.server';
import { nowIso } from '~/utils/ids';
import { currentRequestScope, type RequestScope } from '~/utils/request-scope.server';

async function fromDatabase(db: DB, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

/**
 * Asks for `keys` in the request's current batch: the keys asked for by every caller in
 * the same turn of the event loop (the cards of a home, the districts of a bank's area,
 * each asking for its own) are read in one statement at the end of the turn.
 */
function batched(db: DB, scope: RequestScope, keys: string[]): void {
  if (!scope.settingsBatch) {
    const batch: string[] = [];
    const read = new Promise<Map<string, string>>((resolve, reject) =>
      setImmediate(() => {
        scope.settingsBatch = null;
        fromDatabase(db, batch).then(resolve, reject);
      }),
    );
    // a failed read is not kept: the next asker tries again
    read.catch(() => {
      for (const key of batch) scope.settings.delete(key);
    });
    scope.settingsBatch = { keys: batch, read };
  }
  const { keys: batch, read } = scope.settingsBatch;
  for (const key of keys) {
    batch.push(key);
    const value = read.then((m) => m.get(key) ?? null);
    // a caller may stop at another key's failure and never await this one: not an unhandled rejection
    value.catch(() => {});
    scope.settings.set(key, value);
  }
}

/** The values of `keys` that are set (a key without a row is absent from the map). */
export async function readSettings(db: DB, keys: readonly string[]): Promise<Map<string, string>> {
  const scope = currentRequestScope();
  if (!scope || db.isTransaction) return fromDatabase(db, keys);
  const missing = [...new Set(keys)].filter((k) => !scope.settings.has(k));
  if (missing.length > 0) batched(db, scope, missing);
  const out = new Map<string, string>();
  for (const key of keys) {
    const value = await scope.settings.get(key)!;
    if (value !== null) out.set(key, value);
  }
  return out;
}

export async function readSetting(db: DB, key: string): Promise<string | null> {
  return (await readSettings(db, [key])).get(key) ?? null;
}

export async function writeSetting(db: DB, key: string, value: string, userId: string | null): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now, updated_by: userId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: userId }))
    .execute();
  currentRequestScope()?.settings.delete(key);
}
