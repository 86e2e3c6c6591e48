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
  let result = assignWithCap(candidates, opts);
  for (let round = 0; round < 4; round++) {
    const ratio = maxOverMean(result.load);
    if (ratio === null || ratio <= slack + 0.05) break;
    let sum = 0;
    for (const v of result.load.values()) sum += v;
    result = assignWithCap(candidates, opts, sum / result.eligibleBanks);
  }
  return result;
}

function assignWithCap(candidates: readonly DispatchCandidate[], opts: BalanceOptions, meanOverride?: number): BalanceResult {
  const perNeed = Math.max(1, Math.floor(opts.perNeed));
  const slack = opts.slack ?? 1.2;
  const load = new Map<string, number>();
  let total = 0;
  for (const c of candidates) {
    total += Math.min(perNeed, c.banks.length);
    for (const b of c.banks) if (!load.has(b.bankId)) load.set(b.bankId, opts.existingLoad?.get(b.bankId) ?? 0);
  }
  for (const v of load.values()) total += v;
  const eligibleBanks = load.size;
  const mean = meanOverride ?? (eligibleBanks ? total / eligibleBanks : 0);
  const cap = Math.max(1, Math.ceil(mean), Math.floor(slack * mean));

  const order = candidates.map((c, i) => i).sort((a, b) => candidates[a].banks.length - candidates[b].banks.length || a - b);
  const chosen: number[][] = candidates.map(() => []);
  const add = (i: number, j: number) => {
    chosen[i].push(j);
    const id = candidates[i].banks[j].bankId;
    load.set(id, (load.get(id) ?? 0) + 1);
  };
  // pass 1: every need gets one bank — its best one under the cap, else its least loaded
  for (const i of order) {
    const banks = candidates[i].banks;
    if (banks.length === 0) continue;
    let pick = banks.findIndex((b) => (load.get(b.bankId) ?? 0) < cap);
    if (pick < 0) {
      pick = 0;
      for (let j = 1; j < banks.length; j++) if ((load.get(banks[j].bankId) ?? 0) < (load.get(banks[pick].bankId) ?? 0)) pick = j;
    }
    add(i, pick);
  }
  // pass 2..perNeed: further banks only under the cap, so no bank is pushed past it for a second opinion
  for (let round = 1; round < perNeed; round++) {
    for (const i of order) {
      const banks = candidates[i].banks;
      const j = banks.findIndex((b, k) => !chosen[i].includes(k) && (load.get(b.bankId) ?? 0) < cap);
      if (j >= 0) add(i, j);
    }
  }
  const picks: DispatchPick[] = candidates.map((c, i) => {
    const list = chosen[i].map((j) => c.banks[j]).sort((a, b) => b.score - a.score || (a.bankId < b.bankId ? -1 : 1));
    return { needId: c.needId, banks: list.map((b, r) => ({ ...b, rank: r + 1 })) };
  });
  return { picks, load, cap, eligibleBanks };
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
