import fc from 'fast-check';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { makeTranslator } from '~/i18n/translate';
import { paginateTable, renderRosterPdf, rosterSections, TextMeasure, type TableRow, type TableSection } from './roster-pdf';
import { countRoster, slotLabel, type OrganizerRoster } from './roster.server';

/** A font where every character below U+0100 is half as wide as the rest (like Latin next to Chinese). */
const fakeFont = {
  postscriptName: 'Fake',
  unitsPerEm: 1000,
  glyphForCodePoint: (cp: number) => ({ advanceWidth: cp < 0x100 ? 500 : 1000 }),
};
const m = new TextMeasure(fakeFont);

describe('line breaking', () => {
  it('measures from glyph advances', () => {
    expect(m.width('中文', 10)).toBe(20);
    expect(m.width('ab', 10)).toBe(10);
  });

  it('keeps every line within the width and loses no character unless it has to truncate', () => {
    const text = fc
      .array(fc.constantFrom('平', '顶', '山', '银', '行', 'A', 'b', '1', '2', ' ', '-', '（', '）'), { minLength: 1, maxLength: 80 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 12, max: 120 }), (s, width) => {
        const lines = m.wrap(s, width, 10, 100);
        for (const line of lines) expect(m.width(line, 10), line).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/\s+/g, '')).toBe(s.replace(/\s+/g, ''));
      }),
      { numRuns: 300 },
    );
  });

  it('breaks Chinese anywhere but keeps a Latin word or number whole when it fits a line', () => {
    expect(m.wrap('平顶山市13900001234', 60, 10)).toEqual(['平顶山市', '13900001234']);
    expect(m.wrap('中国银行平顶山分行', 40, 10)).toEqual(['中国银行', '平顶山分', '行']);
  });

  it('ends a truncated cell with an ellipsis', () => {
    const lines = m.wrap('一二三四五六七八九十', 30, 10, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
    expect(m.width(lines[1], 10)).toBeLessThanOrEqual(30);
  });
});

describe('table pagination', () => {
  const section = (rows: TableRow[]): TableSection => ({
    id: 's',
    title: '测试',
    empty: '无',
    rows,
    columns: [
      { header: '序号', width: 10 },
      { header: '姓名', width: 30 },
      { header: '职务', width: 60 },
    ],
  });
  const rowsArb = fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('data' as const),
        cells: fc.tuple(fc.string({ maxLength: 3 }), fc.string({ maxLength: 12 }), fc.string({ maxLength: 200 })),
      }),
      fc.record({
        kind: fc.constant('band' as const),
        level: fc.constantFrom(1 as const, 2 as const),
        text: fc.string({ minLength: 1, maxLength: 30 }),
      }),
    ),
    { maxLength: 300 },
  );

  it('puts every row on exactly one page, in order, with the header on top of every page and no band left at a page bottom', () => {
    fc.assert(
      fc.property(rowsArb, (raw) => {
        const rows = raw.map((r) => (r.kind === 'data' ? { kind: 'data' as const, cells: [...r.cells] } : r));
        const pages = paginateTable(m, section(rows), '（续）');
        if (rows.length === 0) {
          // an empty section: its title and a line saying so
          expect(pages).toHaveLength(1);
          expect(pages[0].empty).toBe('无');
          expect(pages[0].rows).toEqual([]);
          return;
        }
        const seen: string[] = [];
        pages.forEach((p, i) => {
          expect(p.continued).toBe(i > 0);
          expect(p.rows[0].kind).toBe('header');
          const body = p.rows.slice(1);
          // repeated bands of a continued page are marked; the rest are the rows in order
          for (const r of body) {
            const text = r.lines.map((l) => l.join('')).join('|');
            if (r.kind === 'band' && text.endsWith('（续）')) continue;
            seen.push(`${r.kind}:${text}`);
          }
          if (i < pages.length - 1 && body.length > 1) expect(body[body.length - 1].kind).not.toBe('band');
          const height = p.rows.reduce((h, r) => h + r.height, 0);
          const capacity = 841.89 - 36 - 44 - 18 - (i === 0 ? 30 : 0);
          // a page overflows only when a single row is taller than a page
          if (body.length > 1) expect(height).toBeLessThanOrEqual(capacity + 0.001);
        });
        const expected = rows.map((r) => {
          const laid =
            r.kind === 'band'
              ? m.wrap(r.text, 515.28 - 6, 8.5, 2).join('')
              : r.cells.map((c, ci) => m.wrap(c, [51.528, 154.584, 309.168][ci] - 6, 8.5).join('')).join('|');
          return `${r.kind}:${laid}`;
        });
        expect(seen).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

function sampleRoster(): OrganizerRoster {
  const organizations: OrganizerRoster['organizations'] = [
    {
      id: 'b1',
      name: '中国银行平顶山分行',
      role: 'bank',
      checkinToken: 'tokb1',
      financingNeeds: [],
      hiringNeeds: [],
      representatives: [{ id: 'r1', name: '王建国', title: '行长', phone: '13900000001', checkedInAt: null }],
    },
    {
      id: 'e1',
      name: '舞钢市龙山纺织科技有限公司',
      role: 'enterprise',
      checkinToken: 'toke1',
      financingNeeds: [{ title: '设备更新融资', amount: 31_770_000, termMonths: 24, publishedOn: '2026-11-01' }],
      hiringNeeds: [{ title: '招聘挡车工', headcount: 12, positions: '挡车工×8、机修工×4', publishedOn: '2026-11-02' }],
      representatives: [
        { id: 'r2', name: '李红梅', title: '总经理', phone: '13900000002', checkedInAt: null },
        { id: 'r3', name: '欧阳明', title: '财务总监', phone: '13900000003', checkedInAt: '2026-12-18T01:00:00.000Z' },
      ],
    },
    {
      id: 'g1',
      name: '平顶山市金融工作局',
      role: 'government',
      checkinToken: 'tokg1',
      financingNeeds: [],
      hiringNeeds: [],
      representatives: [],
    },
  ];
  return {
    event: {
      id: 'evt1',
      title: '平顶山市政银企对接会',
      theme: '金融助企',
      eventDate: '2026-12-18',
      startTime: '09:00',
      venue: '会展中心',
      status: 'scheduled',
      slotCount: 4,
      slotMinutes: 20,
      tableCount: 2,
      firstSlotTime: '10:00',
    },
    organizations,
    counts: countRoster(organizations),
    agenda: [{ startsAt: '09:30', title: '领导致辞', speaker: null }],
    meetings: [
      {
        slot: 1,
        time: slotLabel('10:00', 20, 1),
        tableNo: 2,
        enterprise: { id: 'e1', name: organizations[1].name },
        bank: { id: 'b1', name: organizations[0].name },
      },
    ],
    generatedAt: '2026-12-01T00:00:00.000Z',
  };
}

describe('roster sections', () => {
  it('group participants, brief the needs in 万元 and list the meetings per table and per participant', () => {
    const sections = rosterSections(sampleRoster(), makeTranslator('zh-CN'));
    expect(sections.map((s) => s.id)).toEqual(['agenda', 'participants', 'needs', 'byTable', 'byParticipant', 'signIn']);
    const text = (id: string) => JSON.stringify(sections.find((s) => s.id === id)!.rows);
    expect(text('participants')).toContain('金融机构（1 家，1 人）');
    expect(text('participants')).toContain('尚未报名参会代表');
    expect(text('needs')).toContain('3,177万元');
    expect(text('needs')).toContain('12 人');
    expect(text('byTable')).toContain('第 2 桌（1 场）');
    expect(text('byTable')).toContain('10:20–10:40');
    expect(text('byParticipant')).toContain('第 2 桌');
    const signIn = sections.find((s) => s.id === 'signIn')!;
    expect(signIn.columns.at(-1)!.header).toBe('签名');
    expect(signIn.rows.filter((r) => r.kind === 'data')).toHaveLength(3);
    for (const r of signIn.rows) if (r.kind === 'data') expect(r.cells.at(-1)).toBe('');
  });
});

describe('renderRosterPdf', () => {
  it('renders a PDF whose text has the names, phones, amounts and page numbers', async () => {
    const { bytes, pages } = await renderRosterPdf(sampleRoster(), { t: makeTranslator('zh-CN'), origin: 'https://finmatch.example.cn' });
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    expect(pdf.numPages).toBe(pages);
    const { text } = await extractText(pdf, { mergePages: true });
    const flat = text.replace(/\s+/g, '');
    for (const s of [
      '平顶山市政银企对接会',
      '中国银行平顶山分行',
      '舞钢市龙山纺织科技有限公司',
      '王建国',
      '李红梅',
      '欧阳明',
      '13900000003',
      '3,177万元',
      '签到表',
      '签到二维码',
      `第${pages}页/共${pages}页`,
    ]) {
      expect(flat, s).toContain(s);
    }
  }, 60_000);
});
