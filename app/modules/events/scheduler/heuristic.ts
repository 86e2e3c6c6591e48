// Scheduling with availability limits and manual placements: greedy construction from the
// flow's b-matching (most constrained first), ejection chains to insert the rest, then a
// seeded perturbation search while the bound is not reached. Deterministic for a given seed.
import type { Model } from './model';

export interface HeuristicOptions {
  /** Indices into model.free of the relaxation's b-matching: tried first. */
  readonly preferred: readonly number[];
  /** Stop as soon as this many free requests are placed (the bound minus manual placements). */
  readonly target: number;
  readonly seed: number;
  readonly rounds: number;
}

/** Returns the slot of each free request, or −1. */
export function scheduleHeuristic(model: Model, options: HeuristicOptions): Int32Array {
  const search = new Search(model, options.seed);
  return search.run(options);
}

const MAX_DEPTH = 4;
/** Search steps for one insertion (one slot tried in an ejection chain is one step). */
const STEP_BUDGET = 4000;
/** Search steps for one repair in the perturbation phase. */
const REPAIR_BUDGET = 500;
/** Search steps for the whole run: bounds the time on instances where the bound is out of reach. */
const TOTAL_BUDGET = 2_000_000;

/** mulberry32: small, fast, reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Search {
  private readonly S: number;
  /** Row width of `members`: a slot never holds more than min(T, requests) meetings. */
  private readonly T: number;
  private readonly n: number;
  private readonly e: Int32Array;
  private readonly pb: Int32Array;
  private readonly allowed: (readonly number[])[];
  private readonly allowedFlag: Uint8Array;
  private readonly cap: Int32Array;
  /** Requests of each participant (enterprise p = e, bank p = E + b). */
  private readonly byParticipant: number[][];
  readonly slotOf: Int32Array;
  private readonly busy: Int32Array;
  private readonly count: Int32Array;
  private readonly members: Int32Array;
  private readonly pos: Int32Array;
  private readonly wanted: Uint8Array;
  private readonly locked: Uint8Array;
  /** Undo log: pairs (request, previous slot); previous −1 means the entry was a placement. */
  private readonly trail: number[] = [];
  private readonly lockStack: number[] = [];
  private placed = 0;
  private steps = 0;
  private totalSteps = TOTAL_BUDGET;
  private readonly random: () => number;

  constructor(model: Model, seed: number) {
    const { S, free, enterprises: E, banks: B } = model;
    this.S = S;
    this.n = free.length;
    this.T = Math.max(1, Math.min(model.T, this.n));
    const n = this.n;
    this.e = Int32Array.from(free, (r) => r.e);
    this.pb = Int32Array.from(free, (r) => r.pb);
    this.allowed = free.map((r) => r.allowed);
    this.allowedFlag = new Uint8Array(n * S);
    for (let r = 0; r < n; r++) for (const s of this.allowed[r]) this.allowedFlag[r * S + s] = 1;
    this.cap = model.cap;
    this.byParticipant = Array.from({ length: E + B }, () => [] as number[]);
    for (let r = 0; r < n; r++) {
      this.byParticipant[this.e[r]].push(r);
      this.byParticipant[this.pb[r]].push(r);
    }
    this.slotOf = new Int32Array(n).fill(-1);
    this.busy = new Int32Array((E + B) * S).fill(-1);
    this.count = new Int32Array(S);
    this.members = new Int32Array(S * this.T);
    this.pos = new Int32Array(n);
    this.wanted = new Uint8Array(n);
    this.locked = new Uint8Array(n);
    this.random = rng(seed);
  }

  // ---- moves with undo ----

  private doPlace(r: number, s: number): void {
    const S = this.S;
    this.busy[this.e[r] * S + s] = r;
    this.busy[this.pb[r] * S + s] = r;
    this.slotOf[r] = s;
    const k = this.count[s]++;
    this.members[s * this.T + k] = r;
    this.pos[r] = k;
    this.placed++;
  }

  private doUnplace(r: number): number {
    const S = this.S;
    const T = this.T;
    const s = this.slotOf[r];
    this.busy[this.e[r] * S + s] = -1;
    this.busy[this.pb[r] * S + s] = -1;
    this.slotOf[r] = -1;
    const last = --this.count[s];
    const k = this.pos[r];
    const moved = this.members[s * T + last];
    this.members[s * T + k] = moved;
    this.pos[moved] = k;
    this.placed--;
    return s;
  }

  private place(r: number, s: number): void {
    this.doPlace(r, s);
    this.trail.push(r, -1);
  }

  private unplace(r: number): void {
    const s = this.doUnplace(r);
    this.trail.push(r, s);
  }

  private lock(r: number): void {
    this.locked[r] = 1;
    this.lockStack.push(r);
  }

  private rollback(mark: number, lockMark: number): void {
    const trail = this.trail;
    while (trail.length > mark) {
      const prev = trail.pop()!;
      const r = trail.pop()!;
      if (prev === -1) this.doUnplace(r);
      else this.doPlace(r, prev);
    }
    while (this.lockStack.length > lockMark) this.locked[this.lockStack.pop()!] = 0;
  }

  private unlockAll(): void {
    for (const r of this.lockStack) this.locked[r] = 0;
    this.lockStack.length = 0;
  }

  private fits(r: number, s: number): boolean {
    const S = this.S;
    return this.busy[this.e[r] * S + s] < 0 && this.busy[this.pb[r] * S + s] < 0 && this.count[s] < this.cap[s];
  }

  /** Wanted, unplaced requests of participant p that could still use slot s. */
  private pressure(p: number, s: number): number {
    let k = 0;
    for (const q of this.byParticipant[p]) {
      if (this.wanted[q] && this.slotOf[q] < 0 && this.allowedFlag[q * this.S + s]) k++;
    }
    return k;
  }

  private firstDirectSlot(r: number): number {
    for (const s of this.allowed[r]) if (this.fits(r, s)) return s;
    return -1;
  }

  /** The free slot that least reduces the options of the participants' other wanted requests. */
  private bestDirectSlot(r: number): number {
    let best = -1;
    let bestScore = Infinity;
    let bestRoom = -1;
    for (const s of this.allowed[r]) {
      if (!this.fits(r, s)) continue;
      const score = this.pressure(this.e[r], s) + this.pressure(this.pb[r], s);
      const room = this.cap[s] - this.count[s];
      if (score < bestScore || (score === bestScore && room > bestRoom)) {
        best = s;
        bestScore = score;
        bestRoom = room;
      }
    }
    return best;
  }

  /**
   * Places r, moving at most `depth` levels of other meetings out of its way (ejection
   * chain). Leaves the state unchanged on failure.
   */
  private insert(r: number, depth: number, scored = false): boolean {
    const direct = scored ? this.bestDirectSlot(r) : this.firstDirectSlot(r);
    if (direct >= 0) {
      this.place(r, direct);
      return true;
    }
    if (depth === 0) return false;
    const S = this.S;
    const T = this.T;
    const er = this.e[r] * S;
    const br = this.pb[r] * S;
    for (const s of this.allowed[r]) {
      if (--this.steps < 0) return false;
      const c1 = this.busy[er + s];
      const c2 = this.busy[br + s];
      if ((c1 >= 0 && this.locked[c1]) || (c2 >= 0 && this.locked[c2])) continue;
      const mark = this.trail.length;
      const lockMark = this.lockStack.length;
      if (c1 < 0 && c2 < 0) {
        // Both free but every table taken: move one meeting of the slot elsewhere.
        const snapshot = Array.from(this.members.subarray(s * T, s * T + this.count[s]));
        for (const q of snapshot) {
          if (this.locked[q]) continue;
          if (--this.steps < 0) return false;
          this.unplace(q);
          this.lock(q);
          this.place(r, s);
          if (this.insert(q, depth - 1)) return true;
          this.rollback(mark, lockMark);
        }
        continue;
      }
      if (c1 >= 0 && c2 >= 0 && depth < 2) continue;
      if (c1 >= 0) {
        this.unplace(c1);
        this.lock(c1);
      }
      if (c2 >= 0) {
        this.unplace(c2);
        this.lock(c2);
      }
      this.place(r, s);
      if ((c1 < 0 || this.insert(c1, depth - 1)) && (c2 < 0 || this.insert(c2, depth - 1))) return true;
      this.rollback(mark, lockMark);
    }
    return false;
  }

  /** Inserts r at the top level of a chain (best direct slot first); false leaves the state unchanged. */
  private tryInsert(r: number, depth: number, budget = STEP_BUDGET): boolean {
    if (depth > 0 && this.totalSteps <= 0) depth = 0;
    this.steps = Math.min(budget, this.totalSteps);
    const start = this.steps;
    this.lock(r);
    const ok = this.insert(r, depth, true);
    this.unlockAll();
    this.totalSteps -= start - Math.max(this.steps, 0);
    return ok;
  }

  run(options: HeuristicOptions): Int32Array {
    const { preferred, target } = options;
    const n = this.n;
    const done = () => this.placed >= target;
    const pending = (list: readonly number[]) => list.filter((r) => this.slotOf[r] < 0);

    // 1. The b-matching, most constrained first: fewest usable slots, then busiest participants.
    const degree = new Int32Array(this.byParticipant.length);
    for (const r of preferred) {
      this.wanted[r] = 1;
      degree[this.e[r]]++;
      degree[this.pb[r]]++;
    }
    const order = [...preferred].sort(
      (a, b) =>
        this.allowed[a].length - this.allowed[b].length ||
        degree[this.e[b]] + degree[this.pb[b]] - (degree[this.e[a]] + degree[this.pb[a]]) ||
        a - b,
    );
    for (const r of order) {
      if (done()) break;
      this.tryInsert(r, 0);
    }
    for (let depth = 1; depth <= MAX_DEPTH && !done(); depth++) {
      for (const r of pending(order)) {
        if (done()) break;
        this.tryInsert(r, depth);
      }
    }
    this.trail.length = 0;

    // 2. Every other request, enterprises with fewest meetings first.
    if (!done()) {
      const rest: number[] = [];
      for (let r = 0; r < n; r++) {
        if (!this.wanted[r] && this.allowed[r].length > 0) rest.push(r);
        this.wanted[r] = this.allowed[r].length > 0 ? 1 : 0;
      }
      const load = new Int32Array(this.byParticipant.length);
      for (let r = 0; r < n; r++) if (this.slotOf[r] >= 0) load[this.e[r]]++;
      rest.sort((a, b) => load[this.e[a]] - load[this.e[b]] || this.allowed[a].length - this.allowed[b].length || a - b);
      for (const r of rest) {
        if (done()) break;
        if (this.tryInsert(r, 0)) load[this.e[r]]++;
      }
      const all = [...order, ...rest];
      for (let depth = 1; depth <= MAX_DEPTH && !done(); depth++) {
        for (const r of pending(all)) {
          if (done()) break;
          this.tryInsert(r, depth);
        }
      }
      this.trail.length = 0;
    }

    // 3. Perturbation: force an unplaced request into a slot, repair, keep if not worse.
    if (!done()) this.perturb(options.rounds, target);
    return this.slotOf;
  }

  private perturb(rounds: number, target: number): void {
    const S = this.S;
    const T = this.T;
    const candidates: number[] = [];
    for (let r = 0; r < this.n; r++) if (this.allowed[r].length > 0) candidates.push(r);
    for (let round = 0; round < rounds && this.placed < target && this.totalSteps > 0; round++) {
      const unplaced = candidates.filter((r) => this.slotOf[r] < 0);
      if (unplaced.length === 0) return;
      const r = unplaced[Math.floor(this.random() * unplaced.length)];
      const s = this.allowed[r][Math.floor(this.random() * this.allowed[r].length)];
      const before = this.placed;
      this.trail.length = 0;
      const ejected: number[] = [];
      for (const c of [this.busy[this.e[r] * S + s], this.busy[this.pb[r] * S + s]]) {
        if (c >= 0) {
          this.unplace(c);
          ejected.push(c);
        }
      }
      if (this.count[s] >= this.cap[s]) {
        const q = this.members[s * T + Math.floor(this.random() * this.count[s])];
        this.unplace(q);
        ejected.push(q);
      }
      this.place(r, s);
      this.lock(r);
      for (const q of ejected) {
        if (this.totalSteps <= 0) break;
        this.steps = Math.min(REPAIR_BUDGET, this.totalSteps);
        const start = this.steps;
        this.insert(q, MAX_DEPTH);
        this.totalSteps -= start - Math.max(this.steps, 0);
      }
      this.unlockAll();
      for (const q of candidates) {
        if (this.slotOf[q] >= 0 || this.placed >= target) continue;
        for (const t of this.allowed[q]) {
          if (this.fits(q, t)) {
            this.place(q, t);
            break;
          }
        }
      }
      if (this.placed < before) this.rollback(0, 0);
      this.trail.length = 0;
    }
  }
}
