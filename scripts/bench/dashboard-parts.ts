/**
 * The parts of `loadDashboard`, one by one, on a database kept by bench:reports
 * (`BENCH_KEEP=<file>`): wall clock and process CPU time per part (median of 5 after
 * one warm-up). For finding which figure costs what. `tsx scripts/bench/dashboard-parts.ts <file>`
 */
import { performance } from 'node:perf_hooks';
import { createDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { bankAreas, compareMonth, loadDashboard, responseRates, type DashboardFilters } from '../../app/modules/reports/dashboard.server';
import { enterpriseCounts } from '../../app/modules/reports/headline.server';
import { policyTotals } from '../../app/modules/reports/policy-totals.server';
import { rebuildRollups } from '../../app/modules/reports/rollups.server';
import { DIMENSIONS, getFigures, type TotalsScope } from '../../app/modules/reports/totals.server';
import { targetProgress } from '../../app/modules/reports/targets.server';
import { pickupFigures } from '../../app/modules/dispatch/dispatch.server';
import { followThroughOutcomes } from '../../app/modules/followup/outcomes.server';

async function time(label: string, fn: () => Promise<unknown>) {
  await fn();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < 5; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    walls.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpus.push((d.user + d.system) / 1000);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[2].toFixed(1);
  console.log(`    ${label.padEnd(28)} wall ${med(walls).padStart(8)} ms  cpu ${med(cpus).padStart(8)} ms`);
}

async function main() {
  const { register } = await import('tsx/esm/api');
  register();
  const file = process.argv[2];
  const db = (await createDatabase(`file:${file}`)).db;
  await migrateToLatest(db);
  const sets = await db
    .selectFrom('report_enterprise_sets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  if (!Number(sets?.n)) {
    const t = performance.now();
    await rebuildRollups(db);
    console.log(`rebuildRollups ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const scenarios: [string, DashboardFilters][] = [
    ['whole area, all months', {}],
    ['whole area, 2025', { from: '2025-01', to: '2025-12' }],
    ['one city (410100), 2026', { district: '410100', from: '2026-01', to: '2026-12' }],
  ];
  for (const [label, filters] of scenarios) {
    console.log(label);
    const scope: TotalsScope = { region: filters.district ?? '410000', from: filters.from, to: filters.to };
    const period = { fromIso: filters.from ? `${filters.from}-01` : null, toIso: null };
    await time('loadDashboard', () => loadDashboard(db, { kind: 'organizer', regionCode: '410000' }, filters, 'zh-CN'));
    await time('getFigures', () => getFigures(db, scope, [...DIMENSIONS]));
    await time('responseRates', () => responseRates(db, { region: scope.region, from: filters.from, to: filters.to }));
    await time('enterpriseCounts', () => enterpriseCounts(db, scope));
    await time('compareMonth', () => compareMonth(db, scope, filters.to ?? '2026-10', { banks: bankAreas(db) }));
    await time('policyTotals', () => policyTotals(db, scope));
    await time('targetProgress', () => targetProgress(db, '410000', '2026-11-20'));
    await time('pickupFigures', () => pickupFigures(db, scope.region!, period));
    await time('followThrough', () =>
      followThroughOutcomes(db, scope.region!, {
        period: { from: filters.from, to: filters.to },
        pickup: pickupFigures(db, scope.region!, period),
        dueDays: null,
      }),
    );
  }
  await db.destroy();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
