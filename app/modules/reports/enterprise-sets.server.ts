/**
 * Exact distinct-enterprise counts for any period and scope (decision 038a).
 *
 * A distinct count is not a sum: the enterprises of a year are not the sum of its
 * months' enterprises. So next to the sums of the rollups (rollups.server.ts) the
 * enterprises themselves are kept, as sets, per cell (bank, district, signing month)
 * — bank '' holds the district's month over all banks — in `report_enterprise_sets`.
 * Each enterprise that ever had a confirmed agreement has a dense number
 * (`report_enterprise_numbers`); a set is stored as the sorted list of its numbers
 * (4 bytes each) or, when that is smaller, as a bitmap over the numbers.
 *
 * The 签约企业 of a scope and period is then the size of the union of the sets of
 * its cells: at most (districts × months) cells for a region (1,080 for a province
 * over three years), whatever the number of agreements.
 *
 * Counting rule: an enterprise is in a cell while it has a confirmed agreement
 * (`confirmed_at` not null) with that bank, district and signing month — the same
 * agreements the rollups count (a terminated one keeps counting).
 *
 * Upkeep: `applyEnterpriseChange(trx, before, after)` runs inside every agreement
 * write's transaction (called by `applyAgreementChange`, after the row was written):
 * an enterprise entering a cell is added; one leaving it is removed when no other
 * counted agreement of it is left in the cell. The cell's row is locked (an upsert)
 * before it is read and before that check, so two writers on PostgreSQL cannot lose
 * each other's change; cells are visited in key order. `rebuildEnterpriseSets(trx)`
 * (called by `rebuildRollups`) recomputes every set from the agreements.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AgreementsTable, Database } from '#db/schema';
import type { Selectable } from 'kysely';
import { inRegion } from '~/modules/regions/regions.server';

type Executor = Transaction<Database> | Kysely<Database>;

/** The columns of an agreement the sets read (a whole row will do). */
export type EnterpriseSetSource = Pick<
  Selectable<AgreementsTable>,
  'confirmed_at' | 'bank_org_id' | 'region_code' | 'signed_month' | 'enterprise_org_id'
>;

/* ---------- the sets: encoding ---------- */

const LIST = 0;
const BITMAP = 1;

/** The stored form of a set of enterprise numbers (sorted, distinct). */
export function encodeMembers(sorted: readonly number[]): Buffer {
  const n = sorted.length;
  const max = n ? sorted[n - 1] : 0;
  const listBytes = 4 * n;
  const bitmapBytes = (max >> 3) + 1;
  if (n && bitmapBytes < listBytes) {
    const buf = Buffer.alloc(1 + bitmapBytes);
    buf[0] = BITMAP;
    for (const no of sorted) buf[1 + (no >> 3)] |= 1 << (no & 7);
    return buf;
  }
  const buf = Buffer.alloc(1 + listBytes);
  buf[0] = LIST;
  for (let i = 0; i < n; i++) buf.writeUInt32LE(sorted[i], 1 + 4 * i);
  return buf;
}

/** The numbers of a stored set, sorted. */
export function decodeMembers(buf: Uint8Array): number[] {
  const out: number[] = [];
  if (buf.length === 0) return out;
  if (buf[0] === BITMAP) {
    for (let j = 1; j < buf.length; j++) {
      const b = buf[j];
      if (b === 0) continue;
      for (let k = 0; k < 8; k++) if (b & (1 << k)) out.push(((j - 1) << 3) | k);
    }
    return out;
  }
  for (let i = 1; i + 3 < buf.length; i += 4) out.push((buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)) >>> 0);
  return out;
}

// the bitmap of one stored set, 32-bit aligned (little-endian words: the stored bytes in order)
let scratch = new Uint32Array(0);
let scratchBytes = new Uint8Array(0);

/** A growable bitset of enterprise numbers: the union of cells. */
export class EnterpriseBitset {
  private words = new Uint32Array(0);

  private grow(words: number) {
    if (words <= this.words.length) return;
    const next = new Uint32Array(Math.max(words, this.words.length * 2));
    next.set(this.words);
    this.words = next;
  }

  add(no: number): void {
    const w = no >>> 5;
    this.grow(w + 1);
    this.words[w] |= 1 << (no & 31);
  }

  has(no: number): boolean {
    const w = no >>> 5;
    return w < this.words.length && (this.words[w] & (1 << (no & 31))) !== 0;
  }

  /** Adds the members of a stored set without decoding it to a list. */
  addEncoded(buf: Uint8Array): void {
    if (buf.length < 2) return;
    if (buf[0] === BITMAP) {
      // copied (one memcpy) into an aligned scratch buffer, then OR'd a 32-bit word at a time
      const bytes = buf.length - 1;
      const n = (bytes + 3) >> 2;
      this.grow(n);
      if (scratch.length < n) {
        scratch = new Uint32Array(Math.max(n, scratch.length * 2));
        scratchBytes = new Uint8Array(scratch.buffer);
      }
      scratch[n - 1] = 0; // the last word's bytes past the bitmap
      scratchBytes.set(buf.subarray(1));
      const words = this.words;
      for (let w = 0; w < n; w++) {
        const v = scratch[w];
        if (v !== 0) words[w] |= v;
      }
      return;
    }
    const last = buf.length - 4;
    if (last >= 1) this.grow(((buf[last] | (buf[last + 1] << 8) | (buf[last + 2] << 16) | (buf[last + 3] << 24)) >>> 5) + 1);
    const words = this.words;
    for (let i = 1; i + 3 < buf.length; i += 4) {
      const no = (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)) >>> 0;
      words[no >>> 5] |= 1 << (no & 31);
    }
  }

  /** The number of members. */
  size(): number {
    let n = 0;
    const words = this.words;
    for (let i = 0; i < words.length; i++) {
      let v = words[i];
      if (v === 0) continue;
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }
}

/* ---------- reading ---------- */

export interface EnterpriseSetScope {
  /** 6-digit region code; covers its sub-regions */
  region?: string;
  bankId?: string;
  /** signing months, inclusive */
  from?: string;
  to?: string;
}

/** The enterprises with a confirmed agreement in the scope and period, and how many. */
export async function signedEnterprises(db: Executor, scope: EnterpriseSetScope): Promise<{ set: EnterpriseBitset; count: number }> {
  return unionOf(await enterpriseCells(db, { region: scope.region, bankIds: [scope.bankId ?? ''], from: scope.from, to: scope.to }));
}

/** A stored cell: its set of enterprises (encoded) and their number. */
export interface EnterpriseCell {
  bankId: string;
  region: string;
  month: string;
  members: Uint8Array;
  count: number;
}

/**
 * The cells within `region` and the months `from`–`to` — the all-bank cells, or those of
 * `bankIds` — in one read, for callers that count many scopes of the same area (the
 * targets of a region's units); `unionCount` counts a scope from them.
 */
export async function enterpriseCells(
  db: Executor,
  opts: { region?: string; bankIds?: readonly string[]; from?: string; to?: string },
): Promise<EnterpriseCell[]> {
  if (opts.bankIds && !opts.bankIds.length) return [];
  let q = db
    .selectFrom('report_enterprise_sets')
    .select(['bank_org_id', 'region_code', 'signed_month', 'members', 'member_count'])
    .where('bank_org_id', 'in', opts.bankIds ?? ['']);
  if (opts.region) q = q.where(inRegion('region_code', opts.region));
  if (opts.from) q = q.where('signed_month', '>=', opts.from);
  if (opts.to) q = q.where('signed_month', '<=', opts.to);
  const rows = await q.execute();
  return rows.map((r) => ({
    bankId: r.bank_org_id,
    region: r.region_code,
    month: r.signed_month,
    members: r.members,
    count: Number(r.member_count),
  }));
}

/** The enterprises in the union of these cells, and their number (one cell: its stored number). */
export function unionOf(cells: readonly EnterpriseCell[]): { set: EnterpriseBitset; count: number } {
  const set = new EnterpriseBitset();
  for (const c of cells) set.addEncoded(c.members);
  return { set, count: cells.length === 1 ? cells[0].count : set.size() };
}

/** The number of enterprises in the union of these cells (as `unionOf` counts; one cell without decoding it). */
export function unionCount(cells: readonly EnterpriseCell[]): number {
  return cells.length === 1 ? cells[0].count : unionOf(cells).count;
}

/** The enterprise numbers of these enterprises (those that never had a confirmed agreement have none). */
export async function enterpriseNumbers(db: Executor, ids: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('report_enterprise_numbers')
      .select(['no', 'enterprise_org_id'])
      .where('enterprise_org_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.enterprise_org_id, Number(r.no));
  }
  return out;
}

/* ---------- upkeep with the agreement writes ---------- */

interface Cell {
  bank: string;
  region: string;
  month: string;
}

const cellId = (c: Cell) => `${c.bank}\u0001${c.region}\u0001${c.month}`;

function cellsOf(row: EnterpriseSetSource): Cell[] {
  return [
    { bank: '', region: row.region_code, month: row.signed_month },
    { bank: row.bank_org_id, region: row.region_code, month: row.signed_month },
  ];
}

const counted = (row: EnterpriseSetSource | null) => (row && row.confirmed_at != null ? row : null);

/** The cells a change touches: enterprises that may leave (`check`) and that enter (`add`), in key order. */
export function enterpriseSetChanges(
  before: EnterpriseSetSource | null,
  after: EnterpriseSetSource | null,
): { cell: Cell; add: string | null; check: string | null }[] {
  const b = counted(before);
  const a = counted(after);
  const changes = new Map<string, { cell: Cell; add: string | null; check: string | null }>();
  if (b) for (const cell of cellsOf(b)) changes.set(cellId(cell), { cell, add: null, check: b.enterprise_org_id });
  if (a)
    for (const cell of cellsOf(a)) {
      const id = cellId(cell);
      const c = changes.get(id);
      if (c && c.check === a.enterprise_org_id)
        changes.delete(id); // stays in the cell
      else if (c) c.add = a.enterprise_org_id;
      else changes.set(id, { cell, add: a.enterprise_org_id, check: null });
    }
  return [...changes.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, c]) => c);
}

async function numberOf(trx: Executor, enterpriseId: string, assign: boolean): Promise<number | null> {
  const find = () =>
    trx.selectFrom('report_enterprise_numbers').select('no').where('enterprise_org_id', '=', enterpriseId).executeTakeFirst();
  let r = await find();
  if (!r && assign) {
    await trx
      .insertInto('report_enterprise_numbers')
      .values({ enterprise_org_id: enterpriseId })
      .onConflict((oc) => oc.column('enterprise_org_id').doNothing())
      .execute();
    r = await find();
  }
  return r ? Number(r.no) : null;
}

/** Inserts `no` into a sorted list (no-op when present). */
function insertSorted(list: number[], no: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < no) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== no) list.splice(lo, 0, no);
}

function removeSorted(list: number[], no: number): void {
  const i = list.indexOf(no);
  if (i >= 0) list.splice(i, 1);
}

/**
 * The hook of every agreement write (through `applyAgreementChange`), inside its
 * transaction and after the row was written, with the row before and after the change.
 */
export async function applyEnterpriseChange(
  trx: Executor,
  before: EnterpriseSetSource | null,
  after: EnterpriseSetSource | null,
): Promise<void> {
  for (const { cell, add, check } of enterpriseSetChanges(before, after)) {
    // lock the cell's row (created empty if missing), then read it
    const locked = await trx
      .insertInto('report_enterprise_sets')
      .values({ bank_org_id: cell.bank, region_code: cell.region, signed_month: cell.month, members: encodeMembers([]), member_count: 0 })
      .onConflict((oc) =>
        oc.columns(['bank_org_id', 'region_code', 'signed_month']).doUpdateSet({ member_count: sql`report_enterprise_sets.member_count` }),
      )
      .returning('members')
      .executeTakeFirstOrThrow();
    const members = decodeMembers(locked.members);
    if (check) {
      // does the enterprise keep another counted agreement in the cell? (read after the lock)
      let q = trx
        .selectFrom('agreements')
        .select('id')
        .where('region_code', '=', cell.region)
        .where('signed_month', '=', cell.month)
        .where('enterprise_org_id', '=', check)
        .where('confirmed_at', 'is not', null);
      if (cell.bank) q = q.where('bank_org_id', '=', cell.bank);
      if (!(await q.limit(1).executeTakeFirst())) {
        const no = await numberOf(trx, check, false);
        if (no != null) removeSorted(members, no);
      }
    }
    if (add) insertSorted(members, (await numberOf(trx, add, true))!);
    if (members.length === 0)
      await trx
        .deleteFrom('report_enterprise_sets')
        .where('bank_org_id', '=', cell.bank)
        .where('region_code', '=', cell.region)
        .where('signed_month', '=', cell.month)
        .execute();
    else
      await trx
        .updateTable('report_enterprise_sets')
        .set({ members: encodeMembers(members), member_count: members.length })
        .where('bank_org_id', '=', cell.bank)
        .where('region_code', '=', cell.region)
        .where('signed_month', '=', cell.month)
        .execute();
  }
}

/* ---------- rebuild ---------- */

/**
 * Recomputes every set from the agreements (inside `rebuildRollups`' transaction):
 * numbers are given to enterprises that have none (existing numbers are kept), then
 * the sets are built bank by bank from the (bank, month, district, enterprise)
 * covering index, the all-bank cells as the union of the bank cells.
 */
export async function rebuildEnterpriseSets(trx: Executor): Promise<void> {
  await trx
    .insertInto('report_enterprise_numbers')
    .columns(['enterprise_org_id'])
    .expression(
      trx
        .selectFrom('agreements as a')
        .select('a.enterprise_org_id')
        .distinct()
        .where('a.confirmed_at', 'is not', null)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom('report_enterprise_numbers as n').select('n.no').whereRef('n.enterprise_org_id', '=', 'a.enterprise_org_id'),
            ),
          ),
        )
        .orderBy('a.enterprise_org_id'),
    )
    .execute();
  const numbers = new Map<string, number>();
  for (const r of await trx.selectFrom('report_enterprise_numbers').select(['no', 'enterprise_org_id']).execute())
    numbers.set(r.enterprise_org_id, Number(r.no));

  await trx.deleteFrom('report_enterprise_sets').execute();
  const banks = await trx
    .selectFrom('agreements')
    .select('bank_org_id')
    .distinct()
    .where('confirmed_at', 'is not', null)
    .orderBy('bank_org_id')
    .execute();
  const all = new Map<string, { cell: Cell; nos: number[] }>();
  let pending: { bank_org_id: string; region_code: string; signed_month: string; members: Buffer; member_count: number }[] = [];
  const flush = async () => {
    if (pending.length) await trx.insertInto('report_enterprise_sets').values(pending).execute();
    pending = [];
  };
  const put = async (cell: Cell, nos: number[]) => {
    const sorted = [...new Set(nos)].sort((x, y) => x - y);
    pending.push({
      bank_org_id: cell.bank,
      region_code: cell.region,
      signed_month: cell.month,
      members: encodeMembers(sorted),
      member_count: sorted.length,
    });
    if (pending.length >= 500) await flush();
    return sorted;
  };
  for (const { bank_org_id: bank } of banks) {
    const rows = await trx
      .selectFrom('agreements')
      .select(['signed_month', 'region_code', 'enterprise_org_id'])
      .where('bank_org_id', '=', bank)
      .where('confirmed_at', 'is not', null)
      .execute();
    const cells = new Map<string, { cell: Cell; nos: number[] }>();
    for (const r of rows) {
      const cell = { bank, region: r.region_code, month: r.signed_month };
      const id = cellId(cell);
      let c = cells.get(id);
      if (!c) cells.set(id, (c = { cell, nos: [] }));
      c.nos.push(numbers.get(r.enterprise_org_id)!);
    }
    for (const c of cells.values()) {
      const sorted = await put(c.cell, c.nos);
      const whole = { bank: '', region: c.cell.region, month: c.cell.month };
      const id = cellId(whole);
      let w = all.get(id);
      if (!w) all.set(id, (w = { cell: whole, nos: [] }));
      for (const no of sorted) w.nos.push(no);
    }
  }
  for (const w of all.values()) await put(w.cell, w.nos);
  await flush();
}
