/**
 * Demo targets (decisions 030d, 036h) of the city organizer (平顶山市) for this
 * year and this quarter: the city's signed and disbursed amounts and enterprises
 * served, 舞钢市's quarter, and the demo bank's year — so the dashboard, the
 * bank's home and the 通报 show 完成率 against 时序进度 from the first start.
 */
import type { Kysely } from 'kysely';
import { chinaDate } from '../../app/modules/calendar/working-days';
import { saveTarget } from '../../app/modules/reports/targets.server';
import type { Database } from '../schema';
import { DEMO_ORGANIZER_ID, demoId } from './organizations';

const WAN = 10_000;

export async function seedTargets(db: Kysely<Database>): Promise<void> {
  const today = chinaDate(new Date());
  const year = today.slice(0, 4);
  const quarter = `${year}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
  const targets: {
    unit: { kind: 'region' | 'bank'; id: string };
    period: string;
    metric: 'signed' | 'disbursed' | 'enterprises';
    value: number;
  }[] = [
    { unit: { kind: 'region', id: '410400' }, period: year, metric: 'signed', value: 50_000 * WAN },
    { unit: { kind: 'region', id: '410400' }, period: year, metric: 'disbursed', value: 10_000 * WAN },
    { unit: { kind: 'region', id: '410400' }, period: year, metric: 'enterprises', value: 24 },
    { unit: { kind: 'region', id: '410481' }, period: quarter, metric: 'signed', value: 20_000 * WAN },
    { unit: { kind: 'bank', id: demoId('demobank', 1) }, period: year, metric: 'signed', value: 12_000 * WAN },
    { unit: { kind: 'bank', id: demoId('demobank', 1) }, period: quarter, metric: 'disbursed', value: 3_000 * WAN },
  ];
  for (const t of targets) await saveTarget(db, '410400', DEMO_ORGANIZER_ID, t);
}
