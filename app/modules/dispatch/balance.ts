/**
 * 派单 load balancing (decision 036f): each need goes to up to `perNeed` of its
 * best-matching banks, but no bank takes more than a cap while another good bank
 * of the need has room. Pure: no database, no clock.
 *
 * 1. `total` = Σ min(perNeed, candidates of the need); the eligible banks are the
 *    union of all candidates; mean = (total + open assignments they already hold)
 *    ÷ eligible banks; cap = max(⌈mean⌉, ⌊slack × mean⌋).
 * 2. Needs with the fewest candidates go first (they have the least choice), then
 *    in the given order.
 * 3. First pass: each need takes its best candidate under the cap; if all are at
 *    the cap, its least loaded one (a need is never left without a bank it has).
 *    Further passes (up to `perNeed` banks) take the next best candidate under
 *    the cap only: a second opinion never pushes a bank past the cap.
 */
export interface DispatchCandidate {
  needId: string;
  /** banks by score, best first (one entry per bank) */
  banks: readonly { bankId: string; score: number }[];
}

export interface DispatchPick {
  needId: string;
  banks: { bankId: string; score: number; rank: number }[];
}

export interface BalanceOptions {
  perNeed: number;
  /** how far above the mean a bank may go before the next-best bank is taken (default 1.2) */
  slack?: number;
  /** open assignments the banks already hold (earlier sweeps not yet answered) */
  existingLoad?: ReadonlyMap<string, number>;
}

export interface BalanceResult {
  picks: DispatchPick[];
  /** assignments per eligible bank (new ones, plus existing ones) */
  load: Map<string, number>;
  cap: number;
  eligibleBanks: number;
}

/**
 * Balanced assignment. The cap is set from the mean; when some needs get fewer
 * banks than planned (their banks were at the cap) the real mean is lower, so the
 * cap is set again from the real mean, until max ÷ mean is within the slack (a
 * few rounds; each round is linear in the candidates).
 */
export function assignBalanced(candidates: readonly DispatchCandidate[], opts: BalanceOptions): BalanceResult {
  const slack = opts.slack ?? 1.2;
  const flat = flatten(candidates, opts.existingLoad);
  let result = assignWithCap(flat, opts);
  for (let round = 0; round < 4; round++) {
    const ratio = ratioOf(result.load);
    if (ratio === null || ratio <= slack + 0.05) break;
    let sum = 0;
    for (const v of result.load) sum += v;
    result = assignWithCap(flat, opts, sum / flat.bankIds.length);
  }
  return toResult(candidates, flat, result);
}

/**
 * The candidates as integers: banks numbered in order of first appearance, each
 * need's candidates a slice [start[i], start[i + 1]) of `bank`. The rounds then work
 * on typed arrays instead of maps keyed by bank id.
 */
interface Flat {
  bankIds: string[];
  /** existing open assignments per bank number */
  existing: Float64Array;
  start: Int32Array;
  bank: Int32Array;
  /** needs in the order they choose: fewest candidates first, then as given */
  order: Int32Array;
}

function flatten(candidates: readonly DispatchCandidate[], existingLoad?: ReadonlyMap<string, number>): Flat {
  const numbers = new Map<string, number>();
  const bankIds: string[] = [];
  const start = new Int32Array(candidates.length + 1);
  let size = 0;
  for (const c of candidates) size += c.banks.length;
  const bank = new Int32Array(size);
  let k = 0;
  candidates.forEach((c, i) => {
    start[i] = k;
    for (const b of c.banks) {
      let no = numbers.get(b.bankId);
      if (no === undefined) {
        no = bankIds.length;
        numbers.set(b.bankId, no);
        bankIds.push(b.bankId);
      }
      bank[k++] = no;
    }
  });
  start[candidates.length] = k;
  const existing = new Float64Array(bankIds.length);
  bankIds.forEach((id, no) => (existing[no] = existingLoad?.get(id) ?? 0));
  const order = Int32Array.from(candidates.keys()).sort((a, b) => start[a + 1] - start[a] - (start[b + 1] - start[b]) || a - b);
  return { bankIds, existing, start, bank, order };
}

interface Round {
  load: Float64Array;
  cap: number;
  perNeed: number;
  /** per need, the chosen candidate positions (offsets into its slice), in the order chosen; -1 = none */
  chosen: Int32Array;
}

function assignWithCap(flat: Flat, opts: BalanceOptions, meanOverride?: number): Round {
  const perNeed = Math.max(1, Math.floor(opts.perNeed));
  const slack = opts.slack ?? 1.2;
  const { start, bank, order, existing } = flat;
  const needs = start.length - 1;
  const load = Float64Array.from(existing);
  let total = 0;
  for (let i = 0; i < needs; i++) total += Math.min(perNeed, start[i + 1] - start[i]);
  for (const v of load) total += v;
  const eligibleBanks = load.length;
  const mean = meanOverride ?? (eligibleBanks ? total / eligibleBanks : 0);
  const cap = Math.max(1, Math.ceil(mean), Math.floor(slack * mean));

  const chosen = new Int32Array(needs * perNeed).fill(-1);
  // pass 1: every need gets one bank — its best one under the cap, else its least loaded
  for (const i of order) {
    const s = start[i];
    const e = start[i + 1];
    if (e === s) continue;
    let pick = -1;
    for (let k = s; k < e; k++)
      if (load[bank[k]] < cap) {
        pick = k;
        break;
      }
    if (pick < 0) {
      pick = s;
      for (let k = s + 1; k < e; k++) if (load[bank[k]] < load[bank[pick]]) pick = k;
    }
    chosen[i * perNeed] = pick - s;
    load[bank[pick]]++;
  }
  // pass 2..perNeed: further banks only under the cap, so no bank is pushed past it for a second opinion
  for (let round = 1; round < perNeed; round++) {
    for (const i of order) {
      const s = start[i];
      const e = start[i + 1];
      for (let k = s; k < e; k++) {
        if (load[bank[k]] >= cap) continue;
        let taken = false;
        for (let r = 0; r < round; r++) if (chosen[i * perNeed + r] === k - s) taken = true;
        if (taken) continue;
        chosen[i * perNeed + round] = k - s;
        load[bank[k]]++;
        break;
      }
    }
  }
  return { load, cap, perNeed, chosen };
}

function ratioOf(load: Float64Array): number | null {
  if (load.length === 0) return null;
  let sum = 0;
  let max = 0;
  for (const v of load) {
    sum += v;
    if (v > max) max = v;
  }
  return sum === 0 ? null : max / (sum / load.length);
}

function toResult(candidates: readonly DispatchCandidate[], flat: Flat, round: Round): BalanceResult {
  const { perNeed } = round;
  const picks: DispatchPick[] = candidates.map((c, i) => {
    const list: { bankId: string; score: number }[] = [];
    for (let r = 0; r < perNeed; r++) {
      const j = round.chosen[i * perNeed + r];
      if (j >= 0) list.push(c.banks[j]);
    }
    list.sort((a, b) => b.score - a.score || (a.bankId < b.bankId ? -1 : 1));
    return { needId: c.needId, banks: list.map((b, r) => ({ ...b, rank: r + 1 })) };
  });
  const load = new Map<string, number>();
  flat.bankIds.forEach((id, no) => load.set(id, round.load[no]));
  return { picks, load, cap: round.cap, eligibleBanks: flat.bankIds.length };
}

/** max ÷ mean of the load over the eligible banks (1 = perfectly even); null without banks. */
export function maxOverMean(load: ReadonlyMap<string, number>): number | null {
  if (load.size === 0) return null;
  let sum = 0;
  let max = 0;
  for (const v of load.values()) {
    sum += v;
    if (v > max) max = v;
  }
  return sum === 0 ? null : max / (sum / load.size);
}
