/**
 * The settings rows (key → text): region deadlines and calendars, the LPR, report
 * choices. Reads asked for in the same turn of the event loop are answered by one
 * statement (decision 041e): a home's cards each ask for the region's response
 * deadline, calendar and late rule as they start, and 18 of a bank home's 37
 * statements were those reads. A batch lives for one turn only, and is read after
 * every key in it was asked for, so a reader never gets a value older than its
 * question; reads inside a transaction go to the database at once (they may see
 * the transaction's own writes).
 */
import type { DB } from '~/utils/db.server';
import { nowIso } from '~/utils/ids';

async function fromDatabase(db: DB, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

interface Batch {
  keys: Set<string>;
  read: Promise<Map<string, string>>;
}

/** The open batch of each database handle: the keys asked for in this turn. */
const open = new WeakMap<object, Batch>();

function batchFor(db: DB): Batch {
  let batch = open.get(db);
  if (!batch) {
    const keys = new Set<string>();
    const read = new Promise<Map<string, string>>((resolve, reject) =>
      setImmediate(() => {
        open.delete(db);
        fromDatabase(db, [...keys]).then(resolve, reject);
      }),
    );
    batch = { keys, read };
    open.set(db, batch);
  }
  return batch;
}

/** The values of `keys` that are set (a key without a row is absent from the map). */
export async function readSettings(db: DB, keys: readonly string[]): Promise<Map<string, string>> {
  if (db.isTransaction) return fromDatabase(db, keys);
  const batch = batchFor(db);
  for (const key of keys) batch.keys.add(key);
  const values = await batch.read;
  const out = new Map<string, string>();
  for (const key of keys) {
    const value = values.get(key);
    if (value !== undefined) out.set(key, value);
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
}
