// The dashboard's exports: numeric XLSX cells and a CSV with BOM, CRLF and
// formula-safe text, carrying the figures as the page shows them.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { DashboardData, FigureRow } from './dashboard.server';
import { csvField } from '~/utils/csv';
import { wanText } from '~/utils/money';
import { comparisonOf } from './headline.server';
import { attachmentHeader, dashboardCsv, dashboardXlsx, exportTables } from './totals-export.server';

function row(key: string | null, label: string, signed: number, disbursed: number): FigureRow {
  return {
    key,
    label,
    signedCount: 2,
    signedAmount: signed,
    approvedCount: 1,
    approvedAmount: disbursed,
    disbursedCount: 1,
    disbursedAmount: disbursed,
    terminatedCount: 0,
    terminatedAmount: 0,
    fulfilmentBp: signed ? Math.floor((disbursed * 10_000 * 2 + signed) / (2 * signed)) : null,
  };
}

const months = [row('2026-01', '2026-01', 317_700_000, 100_000_000), row('2026-02', '2026-02', 12_345_678, 0)];
const total = {
  signedCount: 4,
  signedAmount: 330_045_678,
  approvedCount: 2,
  approvedAmount: 100_000_000,
  disbursedCount: 2,
  disbursedAmount: 100_000_000,
  terminatedCount: 0,
  terminatedAmount: 0,
  fulfilmentBp: 3030,
};
const data: DashboardData = {
  viewer: 'organizer',
  scopeName: '河南省 平顶山市',
  filters: { from: '2026-01', to: '2026-02' },
  filterLabels: { district: null, event: null },
  totals: total,
  response: { eligible: 3, answered: 1, rateBp: 3333 },
  breakdowns: {
    month: months,
    district: [row('410481', '舞钢市', 330_045_678, 100_000_000)],
    event: [row(null, '未关联对接会', 330_045_678, 100_000_000)],
    bank: [{ ...row('b1', '=HYPERLINK("http://x")', 330_045_678, 100_000_000), response: { eligible: 3, answered: 1, rateBp: 3333 } }],
    industry: [row('C', 'C 制造业', 330_045_678, 100_000_000)],
    category: [row(null, '未关联产品', 330_045_678, 100_000_000)],
  },
  options: { districts: [], events: [] },
  targets: { asOf: '2026-02-28', rows: [] },
  pickup: null,
  enterprises: { served: 7, signed: 3 },
  comparison: comparisonOf(
    '2026-02',
    { ...total, signedAmount: 12_345_678, served: 4, signed: 2, fulfilmentBp: 0, responseBp: 5000 },
    { ...total, signedAmount: 317_700_000, served: 2, signed: 2, fulfilmentBp: 3148, responseBp: 2500 },
    { ...total, signedAmount: 0, served: 0, signed: 0, fulfilmentBp: null, responseBp: null },
  ),
  policies: { rows: [], tagged: { count: 0, signedAmount: 0 } },
  followThrough: null,
};

describe('totals export', () => {
  it('writes 万元 without grouping, exactly as the page rounds', () => {
    expect(wanText(317_700_000)).toBe('31770');
    expect(wanText(12_345_678)).toBe('1234.5678');
    expect(wanText(0)).toBe('0');
  });

  it('keeps CSV text from running as a formula and quotes what needs quoting', () => {
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('+8613800000000')).toBe("'+8613800000000");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('舞钢市')).toBe('舞钢市');
  });

  it('writes a CSV with BOM and CRLF, one section per breakdown with a total line', () => {
    const csv = dashboardCsv(data, 'zh-CN', new Date('2026-11-25T02:00:00Z'));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    const at = lines.indexOf('按月份');
    expect(lines[at + 1]).toBe('月份,签约份数,签约金额（万元）,授信金额（万元）,放款金额（万元）,履约率,已终止');
    expect(lines[at + 2]).toBe('2026-01,2,31770,10000,10000,31.5%,0');
    expect(lines[at + 3]).toBe('2026-02,2,1234.5678,0,0,0.0%,0');
    expect(lines[at + 4]).toBe('合计,4,33004.5678,10000,10000,30.3%,0');
    expect(csv).toContain(`'=HYPERLINK(""http://x"")`);
    expect(csv).toContain('期间,2026-01 至 2026-02');
  });

  it('writes an XLSX with numeric cells and percent-formatted rates', async () => {
    const buf = await dashboardXlsx(data, 'zh-CN');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(exportTables(data, 'zh-CN').map((t) => t.name));
    const ws = wb.getWorksheet('按月份')!;
    expect(ws.getRow(2).values).toEqual([undefined, '2026-01', 2, 31770, 10000, 10000, 0.315, 0]);
    expect(ws.getRow(3).getCell(3).value).toBe(1234.5678);
    expect(ws.getRow(2).getCell(6).numFmt).toBe('0.0%');
    const bank = wb.getWorksheet('按银行')!;
    expect(bank.getRow(2).getCell(1).value).toBe('=HYPERLINK("http://x")'); // a string cell, not a formula
    expect(bank.getRow(2).getCell(8).value).toBe(0.333);
  });

  it('adds a sheet of target progress with 万元 amounts as numbers, counts, and both percentages (decision 030d)', async () => {
    const withTargets: DashboardData = {
      ...data,
      targets: {
        asOf: '2026-02-28',
        rows: [
          {
            id: 't1',
            unitKind: 'region',
            unitId: '410400',
            unitName: '平顶山市',
            period: '2026',
            metric: 'signed',
            value: 2_000_000_000,
            target: 2_000_000_000,
            actual: 330_045_678,
            completionBp: 1650,
            timeShareBp: 1616,
            behind: false,
            asOf: '2026-02-28',
          },
          {
            id: 't2',
            unitKind: 'bank',
            unitId: 'b1',
            unitName: '测试银行',
            period: '2026-Q1',
            metric: 'enterprises',
            value: 40,
            target: 40,
            actual: 4,
            completionBp: 1000,
            timeShareBp: 6556,
            behind: true,
            asOf: '2026-02-28',
          },
        ],
      },
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await dashboardXlsx(withTargets, 'zh-CN')) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('目标完成')!;
    expect(ws.getRow(2).values).toEqual([undefined, '平顶山市', '2026年', '签约金额', 200000, 33004.5678, 0.165, 0.162, '不落后']);
    expect(ws.getRow(2).getCell(4).numFmt).toBe('#,##0.00');
    expect(ws.getRow(2).getCell(6).numFmt).toBe('0.0%');
    expect(ws.getRow(3).values).toEqual([undefined, '测试银行', '2026年第1季度', '服务企业数', 40, 4, 0.1, 0.656, '落后于时序进度']);
    expect(dashboardCsv(withTargets, 'zh-CN')).toContain('测试银行,2026年第1季度,服务企业数,40,4,10.0%,65.6%,落后于时序进度');
  });

  it('writes the enterprise counts and a sheet of 环比 and 同比 (decision 036h)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await dashboardXlsx(data, 'zh-CN')) as unknown as ExcelJS.Buffer);
    const summary = wb.getWorksheet('汇总')!;
    const byItem = new Map<string, unknown>();
    summary.eachRow((r) => byItem.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(byItem.get('服务企业')).toBe(7);
    expect(byItem.get('签约企业')).toBe(3);
    const ws = wb.getWorksheet('环比同比')!;
    expect(ws.getRow(1).values).toEqual([undefined, '项目', '2026-02', '2026-01', '环比', '2025-02', '同比']);
    // 1234.5678万 against 31770万: −96.1 %; nothing a year earlier: no 同比
    expect(ws.getRow(2).values).toEqual([undefined, '签约金额（万元）', 1234.5678, 31770, -0.961, 0]);
    expect(ws.getRow(2).getCell(6).value).toBeNull();
    expect(ws.getRow(2).getCell(2).numFmt).toBe('#,##0.00');
    expect(ws.getRow(2).getCell(4).numFmt).toBe('0.0%');
    // rates: values as percents, their changes in percentage points
    expect(ws.getRow(5).values).toEqual([undefined, '履约率', 0, 0.315, '-31.5 个百分点', undefined, '']);
    expect(ws.getRow(8).values).toEqual([undefined, '服务企业', 4, 2, 1, 0]);
    const csv = dashboardCsv(data, 'zh-CN');
    expect(csv).toContain('签约金额（万元）,1234.5678,31770,-96.1%,0,');
    // text beginning with + keeps its formula guard in the CSV
    expect(csv).toContain("银行需求响应率,50.0%,25.0%,'+25.0 个百分点,,");
  });

  it('names the download in UTF-8 with an ASCII fallback', () => {
    const h = attachmentHeader("数据看板-平顶山市 (测试)'", 'xlsx', new Date('2026-11-25T17:00:00Z'));
    expect(h).toBe(
      `attachment; filename="dashboard-2026-11-26.xlsx"; filename*=UTF-8''${encodeURIComponent('数据看板-平顶山市 ')}%28${encodeURIComponent('测试')}%29%27-2026-11-26.xlsx`,
    );
  });
});
