import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makeTranslator } from '~/i18n/translate';
import { countRoster, type OrganizerRoster } from './roster.server';
import { DATE_FORMAT, DATETIME_FORMAT, excelDate, excelDateTime, renderRosterXlsx, WAN_FORMAT } from './roster-xlsx';

function roster(): OrganizerRoster {
  const organizations: OrganizerRoster['organizations'] = [
    {
      id: 'b1',
      name: '中国银行平顶山分行',
      role: 'bank',
      checkinToken: 't',
      financingNeeds: [],
      hiringNeeds: [],
      representatives: [{ id: 'r1', name: '王建国', title: '行长', phone: '13900000001', checkedInAt: '2026-12-18T01:05:00.000Z' }],
    },
    {
      id: 'e1',
      name: '舞钢市龙山纺织科技有限公司',
      role: 'enterprise',
      checkinToken: 'u',
      financingNeeds: [
        { title: '设备更新融资', amount: 31_770_000, termMonths: 24, publishedOn: '2026-11-01' },
        { title: '小额周转', amount: 123_456, termMonths: 6, publishedOn: null },
      ],
      hiringNeeds: [{ title: '招聘挡车工', headcount: 12, positions: '挡车工×8、机修工×4', publishedOn: '2026-11-02' }],
      representatives: [{ id: 'r2', name: '李红梅', title: '总经理', phone: '13900000002', checkedInAt: null }],
    },
  ];
  return {
    event: {
      id: 'e',
      title: '对接会',
      theme: '主题',
      eventDate: '2026-12-18',
      startTime: '09:00',
      venue: '会场',
      status: 'scheduled',
      slotCount: 2,
      slotMinutes: 20,
      tableCount: 1,
      firstSlotTime: '10:00',
    },
    organizations,
    counts: countRoster(organizations),
    agenda: [],
    meetings: [
      {
        slot: 0,
        time: '10:00–10:20',
        tableNo: 1,
        enterprise: { id: 'e1', name: organizations[1].name },
        bank: { id: 'b1', name: organizations[0].name },
      },
    ],
    generatedAt: '2026-12-01T00:00:00.000Z',
  };
}

async function readBack(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const bytes = await renderRosterXlsx(roster(), makeTranslator(locale));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

describe('roster workbook', () => {
  it('has one sheet per section with frozen, bold headers and set widths', async () => {
    const wb = await readBack();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['参会代表', '企业需求', '洽谈排期（按桌）', '洽谈排期（按单位）', '签到表']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.getColumn(1).width).toBeGreaterThan(0);
    }
    expect((await readBack('en')).worksheets[0].name).toBe('Representatives');
  });

  it('writes amounts in 万元 as numbers, headcounts and table numbers as numbers, dates as dates', async () => {
    const wb = await readBack();
    const needs = wb.getWorksheet('企业需求')!;
    expect(needs.rowCount).toBe(4);
    const big = needs.getRow(2);
    expect(big.getCell(4).value).toBe(3177);
    expect(big.getCell(4).numFmt).toBe(WAN_FORMAT);
    expect(big.getCell(5).value).toBe(24);
    expect(big.getCell(8).value).toEqual(new Date(Date.UTC(2026, 10, 1)));
    expect(big.getCell(8).numFmt).toBe(DATE_FORMAT);
    expect(needs.getRow(3).getCell(4).value).toBe(12.3456);
    expect(needs.getRow(3).getCell(8).value).toBeNull();
    expect(needs.getRow(4).getCell(6).value).toBe(12);
    const reps = wb.getWorksheet('参会代表')!;
    // China Standard Time wall clock (09:05), as a date-time cell
    expect(reps.getRow(2).getCell(7).value).toEqual(new Date(Date.UTC(2026, 11, 18, 9, 5)));
    expect(reps.getRow(2).getCell(7).numFmt).toBe(DATETIME_FORMAT);
    expect(reps.getRow(2).getCell(6).value).toBe('13900000001');
    expect(wb.getWorksheet('洽谈排期（按桌）')!.getRow(2).getCell(1).value).toBe(1);
    expect(wb.getWorksheet('洽谈排期（按单位）')!.rowCount).toBe(3);
  });

  it('leaves the signature column of the sign-in sheet empty, with room to sign', async () => {
    const ws = (await readBack()).getWorksheet('签到表')!;
    expect(ws.getRow(1).getCell(6).value).toBe('签名');
    expect(ws.rowCount).toBe(3);
    for (const r of [2, 3]) {
      expect(ws.getRow(r).getCell(6).value).toBeNull();
      expect(ws.getRow(r).height).toBeGreaterThanOrEqual(24);
      expect(ws.getRow(r).getCell(6).border?.left?.style).toBe('thin');
    }
  });

  it('converts dates and timestamps without time-zone drift', () => {
    expect(excelDate('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(excelDate('not a date')).toBeNull();
    expect(excelDateTime('2026-12-31T17:30:00.000Z')?.toISOString()).toBe('2027-01-01T01:30:00.000Z');
    expect(excelDateTime(null)).toBeNull();
  });
});
