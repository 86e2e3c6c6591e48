import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeText, competitionRanks, placeUnits, rankText } from './rank';

// amounts with many ties and zeros: a few distinct values, 0 common
const amount = fc.oneof(fc.constant(0), fc.constantFrom(1, 5_000_000, 20_000_000), fc.integer({ min: 0, max: 1_000_000_000 }));
const units = fc.array(fc.record({ value: amount, prevValue: amount }), { maxLength: 40 });

describe('competitionRanks', () => {
  it('gives 1, 2, 2, 4 with 并列 on the shared rank', () => {
    const r = competitionRanks([900, 500, 500, 100]);
    expect(r.map((x) => x.rank)).toEqual([1, 2, 2, 4]);
    expect(r.map((x) => x.tied)).toEqual([false, true, true, false]);
    expect(r.map((x) => rankText(x))).toEqual(['1', '并列2', '并列2', '4']);
  });

  it('never ranks a zero, however many there are', () => {
    const r = competitionRanks([0, 300, 0, 0, 0, 0, 0, 0]);
    expect(r.map((x) => x.rank)).toEqual([null, 1, null, null, null, null, null, null]);
    expect(r.filter((x) => x.tied)).toEqual([]);
  });

  it('property: rank = 1 + the number of units with a strictly larger figure; only positive figures ranked', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 50 }), (values) => {
        const r = competitionRanks(values);
        values.forEach((v, i) => {
          if (v <= 0) {
            expect(r[i].rank).toBeNull();
            expect(r[i].tied).toBe(false);
          } else {
            expect(r[i].rank).toBe(1 + values.filter((w) => w > v).length);
            expect(r[i].tied).toBe(values.filter((w) => w === v).length > 1);
          }
        });
      }),
    );
  });

  it('property: equal figures share a rank, a larger figure never ranks lower, and rank 1 exists when anything was signed', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 50 }), (values) => {
        const r = competitionRanks(values);
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) {
            if (values[i] > 0 && values[j] > 0) {
              if (values[i] === values[j]) expect(r[i].rank).toBe(r[j].rank);
              if (values[i] > values[j]) expect(r[i].rank!).toBeLessThan(r[j].rank!);
            }
          }
        }
        if (values.some((v) => v > 0)) expect(r.some((x) => x.rank === 1)).toBe(true);
        // the largest rank never exceeds the number of ranked units
        const ranked = r.filter((x) => x.rank !== null);
        for (const x of ranked) expect(x.rank!).toBeLessThanOrEqual(ranked.length);
      }),
    );
  });
});

describe('placeUnits', () => {
  it('new entries read 新上榜, never as a drop; units with nothing in both months are not ranked and show no change', () => {
    const p = placeUnits([
      { value: 500, prevValue: 0 }, // new
      { value: 300, prevValue: 800 }, // was 1st, now 2nd
      { value: 0, prevValue: 0 }, // nothing in both
      { value: 0, prevValue: 100 }, // had a rank, nothing now
      { value: 300, prevValue: 100 }, // tied 2nd, was 2nd (tied)
    ]);
    expect(p.map((x) => changeText(x.change))).toEqual(['新上榜', '↓1', '—', '—', '持平']);
    expect(p.map((x) => rankText(x))).toEqual(['1', '并列2', '—', '—', '并列2']);
    expect(p[3].prevRank).toBe(2);
    expect(p[2].prevRank).toBeNull();
  });

  it('property: a change is shown only where the unit was ranked with a non-zero figure in both months', () => {
    fc.assert(
      fc.property(units, (us) => {
        const p = placeUnits(us);
        us.forEach((u, i) => {
          const c = p[i].change;
          if (u.value <= 0) {
            expect(c.kind).toBe('none');
            expect(p[i].rank).toBeNull();
          } else if (u.prevValue <= 0) {
            expect(c.kind).toBe('new');
          } else {
            expect(c).toEqual({ kind: 'moved', places: p[i].prevRank! - p[i].rank! });
          }
        });
      }),
    );
  });

  it('property: ties never move a unit (same figures both months → no change); idle units never affect the others', () => {
    fc.assert(
      fc.property(units, fc.integer({ min: 0, max: 10 }), (us, extraIdle) => {
        const withIdle = [...us, ...Array.from({ length: extraIdle }, () => ({ value: 0, prevValue: 0 }))];
        const a = placeUnits(us);
        const b = placeUnits(withIdle).slice(0, us.length);
        expect(b).toEqual(a);
        const same = placeUnits(us.map((u) => ({ value: u.value, prevValue: u.value })));
        for (const x of same) if (x.change.kind === 'moved') expect(x.change.places).toBe(0);
      }),
    );
  });

  it('property: the sum of upward and downward moves matches the ranks (no ↑ made up by ties of zeros)', () => {
    fc.assert(
      fc.property(units, (us) => {
        const p = placeUnits(us);
        for (const x of p) {
          if (x.change.kind === 'moved') {
            expect(x.rank).not.toBeNull();
            expect(x.prevRank).not.toBeNull();
            expect(x.prevRank! - x.rank!).toBe(x.change.places);
          }
        }
      }),
    );
  });
});
