/**
 * `npm run bench:dispatch`: one 派单 sweep (app/modules/dispatch) over the benchmark
 * catalogue of scripts/bench/generate-catalog.ts — 50,000 published financing
 * needs, 300 banks, 5,000 loan products, in a temporary SQLite database — with the
 * clock moved three weeks past publication, so every need without a response is
 * overdue. Measured: the sweep end to end (overdue query, loading needs and
 * products, matching every need, balancing, writing claims and dispatches, the
 * banks' notices), and the spread: max ÷ mean assignments per bank among the banks
 * eligible for at least one need (target ≤ 1.5). A second sweep must dispatch nothing.
 *
 * The last line is machine-readable:
 *   bench:dispatch needs=50000 dispatched=<n> s=<n> max_over_mean=<n>
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { dispatchOverdueNeeds } from '../../app/modules/dispatch/dispatch.server';
import { createCatalogDatabase, DEFAULT_SIZE } from './generate-catalog';

const SIZE = {
  ...DEFAULT_SIZE,
  needs: Number(process.env.BENCH_NEEDS || 50_000),
  banks: Number(process.env.BENCH_BANKS || 300),
  publishedShare: 1,
};
// the catalogue's needs are published on 2026-11-25; three weeks later all are overdue
const NOW = new Date('2026-12-16T02:00:00Z');

async function main() {
  console.log(
    `bench:dispatch on ${os.cpus().length} cpu(s), node ${process.version}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  let t = performance.now();
  const { db, cleanup } = await createCatalogDatabase(SIZE);
  console.log(
    `catalogue: ${SIZE.needs} needs, ${SIZE.banks} banks, ${SIZE.products} products in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  try {
    t = performance.now();
    const cpu0 = process.cpuUsage();
    const phases: string[] = [];
    const r = await dispatchOverdueNeeds(db, NOW, {
      onPhase: (p, ms, cpuMs) => phases.push(`${p}=${(ms / 1000).toFixed(2)}s(cpu ${(cpuMs / 1000).toFixed(2)})`),
    });
    const s = (performance.now() - t) / 1000;
    console.log(
      `sweep: overdue=${r.overdue} dispatched=${r.dispatched} unmatched=${r.unmatched} assignments=${r.assignments} eligible_banks=${r.eligibleBanks}`,
    );
    const cpu = process.cpuUsage(cpu0);
    console.log(`phases: ${phases.join(' ')}; process cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
    const again = await dispatchOverdueNeeds(db, NOW);
    if (again.dispatched !== 0) throw new Error(`a second sweep dispatched ${again.dispatched} needs again`);
    const load = await db
      .selectFrom('need_dispatches')
      .select(['bank_org_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('bank_org_id')
      .execute();
    const counts = load.map((l) => Number(l.n)).sort((a, b) => a - b);
    console.log(`per bank (banks with dispatches): min=${counts[0]} median=${counts[Math.floor(counts.length / 2)]} max=${counts.at(-1)}`);
    console.log(
      `load average after: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `bench:dispatch needs=${SIZE.needs} dispatched=${r.dispatched} s=${s.toFixed(2)} max_over_mean=${(r.maxOverMean ?? 0).toFixed(2)}`,
    );
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
