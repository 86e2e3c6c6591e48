/** 按期办结率 reconciles with the rows it is computed from (property test, as for the agreements' totals). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closedInTime, tallyProblems, type TalliedProblem } from './problem-rules';

const day = fc
  .integer({ min: 1, max: 28 })
  .chain((d) => fc.constantFrom('2026-10', '2026-11', '2026-12').map((m) => `${m}-${String(d).padStart(2, '0')}`));
const row: fc.Arbitrary<TalliedProblem> = fc.record({
  regionCode: fc.constantFrom('410402', '410403', '410481'),
  handlerId: fc.constantFrom('bankA', 'bankB', 'dept'),
  handlerName: fc.constant(''),
  status: fc.constantFrom('assigned', 'replied', 'closed'),
  dueOn: fc.option(day, { nil: null }),
  closedOn: fc.option(day, { nil: null }),
  rating: fc.option(fc.constantFrom('satisfied', 'basically', 'dissatisfied'), { nil: null }),
});

describe('tallyProblems', () => {
  it('each breakdown adds up to the total, and the total is the rows’ own count', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), day, (rows, today) => {
        const f = tallyProblems(rows, today);
        const closed = rows.filter((r) => r.status === 'closed');
        const inTime = closed.filter((r) => closedInTime(r.closedOn, r.dueOn)).length;
        const due = rows.filter((r) => r.status === 'closed' || (r.dueOn !== null && today > r.dueOn)).length;
        expect(f.total).toMatchObject({ assigned: rows.length, closed: closed.length, closedInTime: inTime, due });
        expect(f.total.inTimeRate).toBe(due === 0 ? null : Math.round((inTime * 1000) / due) / 10);
        for (const part of [f.byDistrict, f.byHandler, f.byMonth]) {
          for (const k of ['assigned', 'closed', 'closedInTime', 'due', 'satisfied', 'rated'] as const)
            expect(part.reduce((s, g) => s + g[k], 0)).toBe(f.total[k]);
        }
      }),
      { numRuns: 200 },
    );
  });
  it('counts an item closed on its deadline day as in time, the day after as late', () => {
    const base = { regionCode: '410481', handlerId: 'b', handlerName: '', status: 'closed', dueOn: '2026-10-15', rating: 'satisfied' };
    const f = tallyProblems(
      [
        { ...base, closedOn: '2026-10-15' },
        { ...base, closedOn: '2026-10-16' },
      ],
      '2026-12-01',
    );
    expect(f.total).toMatchObject({ due: 2, closedInTime: 1, inTimeRate: 50 });
  });
});
