/**
 * `npm run bench:import`: bulk import of a generated enterprise sheet.
 *
 * Builds an XLSX of `rows` enterprises (default 100,000; shared strings, as
 * Excel writes them), creates a fresh temporary SQLite database (migrated, one
 * organizer of 平顶山市), and imports the file through the public import
 * function (`runImport`: read → check every row → plan → write in one
 * transaction). The time covers the whole import, not the generation of the
 * file or the database. Fails when not every row was created.
 *
 * `measureEnterpriseImport()` is also called by the reports benchmark.
 * Standalone, the last line is machine-readable:
 *   bench:import rows=<n> s=<seconds> rows_per_s=<n>
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { createDatabase } from '../../db/connection';
import { migrateToLatest } from '../../db/migrate';
import { CREDIT_CODE_ALPHABET, withCheckChar } from '../../app/modules/organizations/credit-code';
import { runImport } from '../../app/modules/imports/import.server';

export interface ImportBenchResult {
  rows: number;
  /** wall-clock seconds of the import */
  seconds: number;
  rowsPerSecond: number;
  /** CPU seconds this process spent on it (wall time on a shared machine includes waiting for a core) */
  cpuSeconds: number;
}

const REGIONS = ['410402', '410403', '410404', '410411', '410421', '410422', '410423', '410425', '410481', '410482'];
const INDUSTRIES = ['制造业', '批发和零售业', 'C', '建筑业', '信息传输、软件和信息技术服务业', 'F', '农、林、牧、渔业'];
const SIZES = ['小型', '微型', '中型', '大型'];

/** A valid, distinct credit code for every i < 31^7. */
export function benchCreditCode(i: number): string {
  let body = '';
  let n = i;
  for (let k = 0; k < 7; k++) {
    body += CREDIT_CODE_ALPHABET[n % 31];
    n = Math.floor(n / 31);
  }
  return withCheckChar(`91410400MA${body}`);
}

/** The enterprise sheet as XLSX bytes. */
export async function enterpriseSheet(rows: number): Promise<Uint8Array> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('企业');
  ws.addRow([
    '*企业名称',
    '*统一社会信用代码',
    '*所在地区代码',
    '*行业门类',
    '*企业规模',
    '成立年份',
    '注册资本（万元）',
    '年营业收入（万元）',
    '从业人数',
    '*联系人',
    '*联系电话',
    '联系邮箱',
    '企业简介',
  ]).commit();
  for (let i = 0; i < rows; i++) {
    ws.addRow([
      `基准测试企业${i}有限公司`,
      benchCreditCode(i),
      REGIONS[i % REGIONS.length],
      INDUSTRIES[i % INDUSTRIES.length],
      SIZES[i % SIZES.length],
      2000 + (i % 25),
      100 + (i % 900) + 0.5,
      1000 + (i % 5000),
      10 + (i % 500),
      `联系人${i % 1000}`,
      `139${String(10_000_000 + (i % 89_999_999)).padStart(8, '0')}`,
      i % 3 === 0 ? `ent${i}@example.com` : '',
      i % 2 === 0 ? '基准测试数据' : '',
    ]).commit();
  }
  await ws.commit();
  await wb.commit();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * Kysely's FileMigrationProvider imports db/migrations/*.ts with Node's import():
 * fine under tsx (npm run bench:*), else tsx's loader is registered once, here.
 */
async function migrate(db: Parameters<typeof migrateToLatest>[0]): Promise<void> {
  try {
    await migrateToLatest(db);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { register } = await import('tsx/esm/api');
    register();
    await migrateToLatest(db);
  }
}

export async function measureEnterpriseImport(opts: { rows?: number } = {}): Promise<ImportBenchResult> {
  const rows = opts.rows ?? 100_000;
  const bytes = await enterpriseSheet(rows);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finmatch-bench-import-'));
  const handle = await createDatabase(`file:${path.join(dir, 'finmatch.db')}`);
  try {
    await migrate(handle.db);
    const now = new Date().toISOString();
    await handle.db
      .insertInto('users')
      .values({
        id: 'benchorganizer01',
        email: 'bench-organizer@test.finmatch.cn',
        name: '基准测试',
        phone: '13800000000',
        password_hash: 'x',
        role: 'organizer',
        organization_id: null,
        region_code: '410400',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const actor = { id: 'benchorganizer01', regionCode: '410400', organizationId: null };
    const started = performance.now();
    const cpu = process.cpuUsage();
    const report = await runImport(handle.db, actor, { kind: 'enterprises', fileName: 'bench.xlsx', bytes }, { dryRun: false });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const [{ n }] = await handle.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'enterprise')
      .execute();
    if (!report.committed || report.totals.create !== rows || Number(n) !== rows) {
      throw new Error(
        `import incomplete: committed=${report.committed} created=${report.totals.create} stored=${n} errors=${JSON.stringify(report.fileErrors.concat(report.errors.slice(0, 3) as never[]))}`,
      );
    }
    return {
      rows,
      seconds: Math.round(seconds * 100) / 100,
      rowsPerSecond: Math.round(rows / seconds),
      cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    };
  } finally {
    await handle.db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  const rows = Number(process.env.BENCH_ROWS || 100_000);
  measureEnterpriseImport({ rows })
    .then((r) => {
      console.log(
        `import: ${r.cpuSeconds} CPU-seconds (${Math.round(r.rows / r.cpuSeconds)} rows per CPU-second); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
      );
      console.log(`bench:import rows=${r.rows} s=${r.seconds} rows_per_s=${r.rowsPerSecond}`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
