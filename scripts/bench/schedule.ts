// Benchmark of the 1:1 meeting scheduler on the instance of the "Matchmaking sessions" issue:
// 300 enterprises, 40 banks, 12 slots, 30 tables, 2,000 accepted requests; 10 % of the
// participants unavailable in some slots. Run: npm run bench:schedule
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  agendaFor,
  assignDesks,
  schedule,
  scheduleFixedDesks,
  type DeskMap,
  type MeetingRequest,
  type ScheduleInput,
  type ScheduleResult,
} from '../../app/modules/events/scheduler';

const ENTERPRISES = 300;
const BANKS = 40;
const SLOTS = 12;
const TABLES = 30;
const REQUESTS = 2000;
/** A bank receives at most this many requests (it can hold SLOTS meetings). */
const BANK_REQUEST_CAP = 6 * SLOTS;
const UNAVAILABLE_SHARE = 0.1;
const RUNS = 5;

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

function weightedPick(weights: readonly number[], random: () => number): number {
  let total = 0;
  for (const w of weights) total += w;
  let x = random() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** The issue's instance, reproducible from the seed. */
export function issueInstance(seed = 20261125, tables = TABLES): { input: ScheduleInput; unavailable: Map<string, number[]> } {
  const random = rng(seed);
  const eid = (i: number) => `E${String(i).padStart(3, '0')}`;
  const bid = (i: number) => `B${String(i).padStart(2, '0')}`;
  // Popularity: Zipf-like for banks (big state banks draw the most requests), milder for enterprises.
  const bankWeight = Array.from({ length: BANKS }, (_, i) => 1 / (i + 1) ** 0.7);
  const entWeight = Array.from({ length: ENTERPRISES }, () => 0.3 + random() * random() * 3);
  const perBank = new Array<number>(BANKS).fill(0);
  const pairs = new Set<string>();
  const requests: MeetingRequest[] = [];
  while (requests.length < REQUESTS) {
    const b = weightedPick(bankWeight, random);
    if (perBank[b] >= BANK_REQUEST_CAP) continue;
    const e = weightedPick(entWeight, random);
    const key = `${e}:${b}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    perBank[b]++;
    requests.push({ id: `R${String(requests.length).padStart(4, '0')}`, enterpriseId: eid(e), bankId: bid(b) });
  }
  // 10 % of the participants: late arrival, early leave, or a few scattered slots.
  const unavailable = new Map<string, number[]>();
  const participants = [...Array.from({ length: ENTERPRISES }, (_, i) => eid(i)), ...Array.from({ length: BANKS }, (_, i) => bid(i))];
  const count = Math.round(participants.length * UNAVAILABLE_SHARE);
  const shuffled = [...participants];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  for (const id of shuffled.slice(0, count)) {
    const kind = random();
    const k = 1 + Math.floor(random() * (SLOTS / 2));
    let slots: number[];
    if (kind < 0.35) slots = Array.from({ length: k }, (_, i) => i);
    else if (kind < 0.7) slots = Array.from({ length: k }, (_, i) => SLOTS - 1 - i);
    else {
      const set = new Set<number>();
      const m = 1 + Math.floor(random() * 4);
      while (set.size < m) set.add(Math.floor(random() * SLOTS));
      slots = [...set].sort((a, b) => a - b);
    }
    unavailable.set(id, slots);
  }
  return { input: { slots: SLOTS, tables, requests }, unavailable };
}

interface Timed {
  result: ScheduleResult;
  /** Wall-clock ms of the first (cold) run. */
  cold: number;
  median: number;
  /** CPU ms of the first run (robust when other processes share the cores). */
  coldCpu: number;
}

function timed(input: ScheduleInput, desks?: DeskMap): Timed {
  const times: number[] = [];
  let coldCpu = 0;
  let result: ScheduleResult | undefined;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = desks ? scheduleFixedDesks(input, desks) : schedule(input);
    times.push(performance.now() - t0);
    if (i === 0) {
      const c = process.cpuUsage(c0);
      coldCpu = (c.user + c.system) / 1000;
    }
    if (result && JSON.stringify(r.placements) !== JSON.stringify(result.placements)) throw new Error('non-deterministic schedule');
    result = r;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { result: result!, cold: times[0], median: sorted[Math.floor(sorted.length / 2)], coldCpu };
}

function describe(label: string, input: ScheduleInput, run: Timed): string {
  const { result } = run;
  const d = result.boundDetail;
  const enterprises = new Set(input.requests.map((r) => r.enterpriseId));
  const met = [...enterprises].filter((e) => agendaFor(e, result).length > 0).length;
  const perSlot = Array.from({ length: result.slots }, (_, s) => result.placements.filter((p) => p.slot === s).length);
  const reasons = new Map<string, number>();
  for (const u of result.unplaced) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
  console.log(`${label}: method=${result.method}`);
  console.log(
    `  bound = ${result.bound} = manual ${d.manual} + min(flow ${d.flow}, cells ${d.cells}, requests ${d.requests}, slot-matching ${d.slotMatching})`,
  );
  console.log(`  placed ${result.placed}; per slot [${perSlot.join(' ')}]; enterprises with a meeting ${met}/${enterprises.size}`);
  console.log(`  unplaced ${result.unplaced.length}: ${[...reasons].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(
    `  time: first run ${run.cold.toFixed(1)} ms wall (${run.coldCpu.toFixed(1)} ms CPU), median of ${RUNS} runs ${run.median.toFixed(1)} ms wall`,
  );
  const ratio = result.bound === 0 ? 1 : result.placed / result.bound;
  return `placed=${result.placed} bound=${result.bound} ratio=${ratio.toFixed(3)} ms=${Math.ceil(run.cold)}`;
}

function main(): void {
  const { input, unavailable } = issueInstance();
  const perBank = new Map<string, number>();
  for (const r of input.requests) perBank.set(r.bankId, (perBank.get(r.bankId) ?? 0) + 1);
  const counts = [...perBank.values()].sort((a, b) => b - a);
  console.log(
    `instance: ${ENTERPRISES} enterprises, ${BANKS} banks, ${SLOTS} slots × ${TABLES} tables = ${SLOTS * TABLES} cells, ` +
      `${input.requests.length} requests (per bank max ${counts[0]}, median ${counts[counts.length >> 1]}, min ${counts[counts.length - 1]}), ` +
      `${unavailable.size} participants with unavailable slots`,
  );

  const free = describe('without availability limits', input, timed(input));
  const withAvail = { ...input, unavailable };
  const limitedRun = timed(withAvail);
  const limited = describe('with availability limits', withAvail, limitedRun);

  // Informative: the organizer pinned every 12th meeting by hand, plus two placements that
  // clash with them; the pinned ones are kept, the clashing ones reported, the bound counts both.
  const pinned = limitedRun.result.placements.filter((_, i) => i % 12 === 0);
  const manual = [
    ...pinned.map((p) => ({ requestId: p.requestId, slot: p.slot, table: p.table })),
    { requestId: input.requests[1].id, slot: pinned[0].slot, table: pinned[0].table },
    { requestId: pinned[1].requestId, slot: pinned[2].slot, table: pinned[2].table },
  ];
  const withManual = { ...withAvail, manual };
  const manualRun = timed(withManual);
  const manualLine = describe(`with availability limits and ${manual.length} manual placements`, withManual, manualRun);
  console.log(
    `  manual kept ${manualRun.result.placements.filter((p) => p.manual).length}, conflicts reported ${manualRun.result.manualConflicts.length}: ${manualRun.result.manualConflicts.map((c) => c.conflicts.map((x) => x.kind).join('+')).join(', ')}`,
  );
  console.log(`  ${manualLine}`);

  // Informative: a tighter variant where the banks, not the tables, are the bottleneck.
  const tight = issueInstance(20261125, 40);
  const tightInput = { ...tight.input, unavailable: tight.unavailable };
  console.log(`  ${describe('variant with 40 tables, with availability limits', tightInput, timed(tightInput))}`);

  // Fixed bank desks (decision 029): one desk per bank (40 desks), enterprises walk between them.
  const fixed = issueInstance(20261125, BANKS);
  const desks = assignDesks(
    Array.from({ length: BANKS }, (_, i) => `B${String(i).padStart(2, '0')}`),
    BANKS,
  );
  const fixedFree = describe('fixed desks, without availability limits', fixed.input, timed(fixed.input, desks));
  const fixedInput = { ...fixed.input, unavailable: fixed.unavailable };
  const fixedLimited = describe('fixed desks, with availability limits', fixedInput, timed(fixedInput, desks));

  console.log(`no-availability ${free}`);
  console.log(`bench:schedule ${limited}`);
  console.log(`no-availability-fixed ${fixedFree}`);
  console.log(`bench:schedule-fixed ${fixedLimited}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
