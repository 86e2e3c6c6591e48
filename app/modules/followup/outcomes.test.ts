/** 跟进成效 reconciles: each breakdown adds up to its headline, and each row to the input rows counted under it (property test). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNT_KEYS, emptyCounts, outcomeRates, tallyOutcomes, type OutcomeCounts, type OutcomeInputs, type OutcomeRow } from './outcomes';

const district = fc.constantFrom('410402', '410403', '410481', '410482');
const month = fc.constantFrom('2026-09', '2026-10', '2026-11');
const bank = fc.constantFrom('bankA', 'bankB', 'bankC');
const n = fc.nat({ max: 40 });
/** a count and a part of it */
const part = n.chain((whole) => fc.nat({ max: whole }).map((p) => [whole, p] as const));
const coverage = part.chain(([firms, visited]) => fc.nat({ max: visited }).map((granted) => ({ firms, visited, granted })));

const inputs: fc.Arbitrary<OutcomeInputs> = fc.record({
  directory: fc.array(
    fc.record({ district }).chain((d) => coverage.map((c) => ({ ...d, ...c }))),
    { maxLength: 6 },
  ),
  listPairs: fc.array(
    fc.record({ listId: fc.constantFrom('l1', 'l2'), month, district }).chain((d) => coverage.map((c) => ({ ...d, ...c }))),
    { maxLength: 8 },
  ),
  tasks: fc.array(
    fc.record({ bankId: bank }).chain((d) => coverage.map((c) => ({ ...d, ...c }))),
    { maxLength: 6 },
  ),
  pickup: fc.array(
    fc.record({ district, month, p: part }).map(({ p, ...r }) => ({ ...r, needs: p[0], inTime: p[1] })),
    { maxLength: 10 },
  ),
  dispatches: fc.array(
    fc.record({ bankId: bank, p: part }).map(({ p, ...r }) => ({ ...r, needs: p[0], inTime: p[1] })),
    { maxLength: 6 },
  ),
  problems: fc.array(
    fc.record({ district, month, handler: fc.constantFrom('bankA', 'bankB', 'dept1', 'dept2'), p: part }).map(({ p, handler, ...r }) => ({
      ...r,
      handlerId: handler,
      handlerKind: handler.startsWith('bank') ? 'bank' : 'government',
      due: p[0],
      closedInTime: p[1],
    })),
    { maxLength: 10 },
  ),
  ratings: fc.array(
    fc.record({ district, month, rated: fc.constantFrom('bankA', 'bankC', 'dept1'), p: part }).map(({ p, rated, ...r }) => ({
      ...r,
      ratedId: rated,
      ratedKind: rated.startsWith('bank') ? 'bank' : 'government',
      rated: p[0],
      satisfied: p[1],
    })),
    { maxLength: 10 },
  ),
});

const sum = (rows: OutcomeCounts[], k: (typeof COUNT_KEYS)[number]) => rows.reduce((s, r) => s + r[k], 0);
const rowOf = (rows: OutcomeRow[], key: string) => rows.find((r) => r.key === key) ?? { ...emptyCounts(), key, label: key };

describe('tallyOutcomes', () => {
  it('adds up: districts and months to the headline, banks and departments to it for problems and ratings', () => {
    fc.assert(
      fc.property(inputs, fc.boolean(), (input, cities) => {
        // the ranking shows the level below the organizer's region: fold counties into cities sometimes
        const districtOf = cities ? (c: string) => `${c.slice(0, 4)}00` : undefined;
        const f = tallyOutcomes(input, { districtOf });
        for (const k of COUNT_KEYS) expect(sum(f.byDistrict, k), `district ${k}`).toBe(f.total[k]);
        for (const k of ['needs', 'inTime', 'due', 'closedInTime', 'rated', 'satisfied'] as const)
          expect(sum(f.byMonth, k), `month ${k}`).toBe(f.total[k]);
        for (const k of ['firms', 'visited', 'granted'] as const) expect(sum(f.byMonth, k), `month ${k}`).toBe(f.lists[k]);
        for (const k of COUNT_KEYS) expect(sum(f.byBank, k), `bank ${k}`).toBe(f.banksTotal[k]);
        for (const k of ['due', 'closedInTime', 'rated', 'satisfied'] as const)
          expect(f.banksTotal[k] + f.departments[k], `bank + departments ${k}`).toBe(f.total[k]);

        // the headline is the rows' own count
        const all = <T>(rows: T[], get: (r: T) => number) => rows.reduce((s, r) => s + get(r), 0);
        expect(f.total.firms).toBe(all(input.directory, (r) => r.firms));
        expect(f.total.granted).toBe(all(input.directory, (r) => r.granted));
        expect(f.total.needs).toBe(all(input.pickup, (r) => r.needs));
        expect(f.total.closedInTime).toBe(all(input.problems, (r) => r.closedInTime));
        expect(f.total.satisfied).toBe(all(input.ratings, (r) => r.satisfied));
        expect(f.banksTotal.needs).toBe(all(input.dispatches, (r) => r.needs));

        // each row is the count of the rows under its key
        const key = districtOf ?? ((c: string) => c);
        for (const d of new Set(input.pickup.map((r) => key(r.district)))) {
          const row = rowOf(f.byDistrict, d);
          const mine = input.pickup.filter((r) => key(r.district) === d);
          expect(row.needs).toBe(all(mine, (r) => r.needs));
          expect(row.inTime).toBe(all(mine, (r) => r.inTime));
        }
        for (const b of ['bankA', 'bankB', 'bankC']) {
          const row = rowOf(f.byBank, b);
          expect(row.firms).toBe(
            all(
              input.tasks.filter((r) => r.bankId === b),
              (r) => r.firms,
            ),
          );
          expect(row.due).toBe(
            all(
              input.problems.filter((r) => r.handlerId === b),
              (r) => r.due,
            ),
          );
          expect(row.rated).toBe(
            all(
              input.ratings.filter((r) => r.ratedId === b),
              (r) => r.rated,
            ),
          );
        }
        for (const m of ['2026-09', '2026-10', '2026-11']) {
          const row = rowOf(f.byMonth, m);
          expect(row.satisfied).toBe(
            all(
              input.ratings.filter((r) => r.month === m),
              (r) => r.satisfied,
            ),
          );
          expect(row.visited).toBe(
            all(
              input.listPairs.filter((r) => r.month === m),
              (r) => r.visited,
            ),
          );
        }

        // rates: part ÷ whole in basis points, none without a whole
        const r = outcomeRates(f.total);
        expect(r.visitBp).toBe(f.total.firms ? Math.round((f.total.visited * 10_000) / f.total.firms) : null);
        expect(r.inTimeBp).toBe(f.total.due ? Math.round((f.total.closedInTime * 10_000) / f.total.due) : null);
        for (const row of [...f.byDistrict, ...f.byBank, ...f.byMonth]) {
          const x = outcomeRates(row);
          for (const v of Object.values(x)) if (v !== null) expect(v >= 0 && v <= 10_000).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('puts a department’s problems and ratings beside the banks, not in a bank row', () => {
    const f = tallyOutcomes({
      directory: [],
      listPairs: [],
      tasks: [],
      pickup: [],
      dispatches: [],
      problems: [{ district: '410481', month: '2026-10', handlerId: 'dept', handlerKind: 'government', due: 2, closedInTime: 1 }],
      ratings: [{ district: '410481', month: '2026-10', ratedId: 'bankA', ratedKind: 'bank', rated: 4, satisfied: 3 }],
    });
    expect(f.byBank.map((b) => b.key)).toEqual(['bankA']);
    expect(f.departments).toMatchObject({ due: 2, closedInTime: 1, rated: 0 });
    expect(f.total).toMatchObject({ due: 2, closedInTime: 1, rated: 4, satisfied: 3 });
    expect(outcomeRates(f.total)).toMatchObject({ inTimeBp: 5000, satisfactionBp: 7500, visitBp: null });
  });
});
